"""Hot-seat turns: players take the same challenge in turn on one machine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Turn:
    """One finished turn: who played, the score, and where its result file went."""

    player: str
    score: int
    clues: int
    finish_tick: int
    path: Path | None


@dataclass
class HotSeat:
    """The turn order of a hot-seat round, in the order the players were given."""

    players: list[str]
    turns: list[Turn] = field(default_factory=list)

    def __post_init__(self) -> None:
        """At least one player is needed."""
        if not self.players:
            raise ValueError("a hot-seat round needs at least one player")

    @property
    def current(self) -> str | None:
        """The player whose turn it is, or None when everyone has played."""
        return self.players[len(self.turns)] if len(self.turns) < len(self.players) else None

    @property
    def upcoming(self) -> str | None:
        """The player after the current one, if any."""
        index = len(self.turns) + 1
        return self.players[index] if index < len(self.players) else None

    @property
    def finished(self) -> bool:
        """True once every player has had a turn."""
        return self.current is None

    def finish_turn(self, turn: Turn) -> None:
        """Record the current player's turn."""
        if self.current is None:
            raise ValueError("every player has already played")
        if turn.player != self.current:
            raise ValueError(f"it is {self.current}'s turn, not {turn.player}'s")
        self.turns.append(turn)

    def scoreboard(self) -> list[tuple[int, Turn]]:
        """(place, turn) best first: higher score, then fewer clues, then earlier finish."""
        ordered = sorted(
            self.turns,
            key=lambda t: (-t.score, t.clues, t.finish_tick, self.players.index(t.player)),
        )
        board: list[tuple[int, Turn]] = []
        for index, turn in enumerate(ordered):
            previous = board[-1] if board else None
            same = previous and (previous[1].score, previous[1].clues, previous[1].finish_tick) == (
                turn.score,
                turn.clues,
                turn.finish_tick,
            )
            board.append((previous[0] if same and previous else index + 1, turn))
        return board
