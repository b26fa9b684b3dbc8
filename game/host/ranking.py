"""The live leaderboard of a hosted round, by the classroom leaderboard's tie rule.

Higher score first; on equal scores fewer clues, then the earlier finish (the tick at
which the score was first reached); a full tie shares the place, listed by name. The
top 10 sent to every page, each student's own place and the projector all read it.
``LiveBoard`` keeps that order as scores change, so a tick sorts nobody: a changed
student moves to their new place in the ordered list, a place is a binary search.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from game.classroom.leaderboard import places


class LiveStats(Protocol):
    """The figure of a game's stats the ranking reads."""

    @property
    def clues_used(self) -> int:
        """Clues ranked so far."""


class LiveState(Protocol):
    """What the live ranking reads of a game of either mode (Arcade and Blocks alike)."""

    @property
    def score(self) -> int:
        """The score so far."""

    @property
    def game_over(self) -> bool:
        """True once the game is over."""

    @property
    def stats(self) -> LiveStats:
        """The game's figures."""


class LivePlayer(Protocol):
    """What the live ranking reads of a student."""

    @property
    def id(self) -> int:
        """The student's number."""

    @property
    def name(self) -> str:
        """The student's name."""

    @property
    def state(self) -> LiveState:
        """The student's game."""

    @property
    def score_tick(self) -> int:
        """The tick the current score was first reached at."""


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


def top_line(player: LivePlayer, place: int) -> TopLine:
    """A player's line of the leaderboard at `place`."""
    state = player.state
    return TopLine(
        player.name, state.score, state.stats.clues_used, state.game_over, place, player.id
    )


def rank_live(players: Sequence[LivePlayer]) -> list[TopLine]:
    """Every player, best first, each with their (possibly shared) place."""
    ordered = sorted(players, key=lambda p: (live_key(p), p.name.casefold()))
    ranked = places([live_key(p) for p in ordered])
    return [
        top_line(p, place)
        for place, p in zip(ranked, ordered, strict=True)
    ]


Entry = tuple[tuple[int, int, int], str, int]  # live key, name as sorted, id


def _entry(player: LivePlayer) -> Entry:
    return (live_key(player), player.name.casefold(), player.id)


class LiveBoard:
    """The live leaderboard kept in order: each change moves one player, nothing is sorted."""

    def __init__(self) -> None:
        self._order: list[Entry] = []
        self._entries: dict[int, Entry] = {}
        self._players: dict[int, LivePlayer] = {}

    def __len__(self) -> int:
        return len(self._order)

    def update(self, player: LivePlayer) -> None:
        """Put a player (new or changed) at their place."""
        entry = _entry(player)
        old = self._entries.get(player.id)
        self._players[player.id] = player
        if old == entry:
            return
        if old is not None:
            del self._order[bisect_left(self._order, old)]
        insort(self._order, entry)
        self._entries[player.id] = entry

    def remove(self, player_id: int) -> None:
        """Take a player off the board (removed by the teacher)."""
        old = self._entries.pop(player_id, None)
        self._players.pop(player_id, None)
        if old is not None:
            del self._order[bisect_left(self._order, old)]

    def sync(self, players: Iterable[LivePlayer]) -> None:
        """Catch up with players changed behind the board's back (one look at each)."""
        for player in players:
            self.update(player)

    def place(self, player: LivePlayer) -> int:
        """1-based place of a player; equal keys share it."""
        self.update(player)
        return bisect_left(self._order, (live_key(player),)) + 1

    def lines(self, limit: int | None = None) -> list[TopLine]:
        """The best ``limit`` players (all when None), as ``rank_live`` gives them."""
        shown = self._order if limit is None else self._order[:limit]
        result: list[TopLine] = []
        for index, (key, _, player_id) in enumerate(shown):
            tied = index and shown[index - 1][0] == key
            place = result[-1].place if tied else index + 1
            result.append(top_line(self._players[player_id], place))
        return result
