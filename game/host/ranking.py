"""The live leaderboard of a hosted round, by the classroom leaderboard's tie rule.

Higher score first; on equal scores fewer clues, then the earlier finish (the tick at
which the score was first reached); a full tie shares the place, listed by name. The
top 10 sent to every page, each student's own place and the projector all read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from game.classroom.leaderboard import places
from game.rules import ArcadeState


class LivePlayer(Protocol):
    """What the live ranking reads of a student."""

    id: int
    name: str
    state: ArcadeState
    score_tick: int


@dataclass(frozen=True)
class TopLine:
    """One line of the live leaderboard."""

    name: str
    score: int
    clues: int
    done: bool
    place: int = 0
    student_id: int = 0


def live_key(player: LivePlayer) -> tuple[int, int, int]:
    """The order of the classroom leaderboard: score, then clues, then finish tick."""
    return (-player.state.score, player.state.stats.clues_used, player.score_tick)


def rank_live(players: Sequence[LivePlayer]) -> list[TopLine]:
    """Every player, best first, each with their (possibly shared) place."""
    ordered = sorted(players, key=lambda p: (live_key(p), p.name.casefold()))
    ranked = places([live_key(p) for p in ordered])
    return [
        TopLine(
            p.name,
            p.state.score,
            p.state.stats.clues_used,
            p.state.game_over,
            place,
            p.id,
        )
        for place, p in zip(ranked, ordered, strict=True)
    ]
