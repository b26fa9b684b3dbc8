"""What the play screens read of a game's state, whatever the mode (typing only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Target(Protocol):
    """A word the player should clear: an Arcade stack word or a Blocks word block."""

    @property
    def uid(self) -> int:
        """The word's id, unique in its game."""
        ...

    @property
    def text(self) -> str | None:
        """The word."""
        ...


class Stats(Protocol):
    """The game's figures that every mode keeps."""

    @property
    def clues_used(self) -> int:
        """Clues played (refused ones not counted)."""
        ...

    @property
    def best_clue(self) -> str | None:
        """The game's best clue, by the mode's measure."""
        ...


class PlayState(Protocol):
    """A game's state as both play screens and the AI player read it."""

    @property
    def words(self) -> tuple[str, ...]:
        """The words on screen, in the order their scores must follow."""
        ...

    @property
    def targets(self) -> Sequence[Target]:
        """The words to aim at; the last one is the most urgent."""
        ...

    @property
    def game_over(self) -> bool:
        """True once the game has ended."""
        ...

    @property
    def score(self) -> int:
        """Points so far."""
        ...

    @property
    def stats(self) -> Stats:
        """The game's figures."""
        ...
