"""What replaying a round gives, per mode: the final state and every ranked clue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.clues import validate_clue
from game.errors import ResultError
from game.rules import ArcadeState, BlocksState, ranked_order


@dataclass(frozen=True)
class PlayedClue:
    """One ranked clue of an Arcade round, as the lesson view needs it."""

    tick: int
    clue: str
    words: tuple[str, ...]
    scores: tuple[float, ...]
    targets: tuple[str, ...]
    cleared_targets: tuple[str, ...]
    points: int
    flagged: bool = False  # the player flagged this ranking: "that's not what I meant"

    @property
    def group(self) -> int:
        """0: an Arcade clue clears no group (a Blocks clue's is its size)."""
        return 0

    def score_of(self, word: str) -> float:
        """The clue's score for one stack word."""
        return self.scores[self.words.index(word)]

    def rank_of(self, word: str) -> int:
        """1-based rank of a stack word under the tie rule (equal scores: lower index first)."""
        return 1 + ranked_order(self.scores).index(self.words.index(word))


@dataclass(frozen=True)
class RoundOutcome:
    """What an Arcade replay gives: the final state and the figures a result file claims."""

    final: ArcadeState
    clues: tuple[PlayedClue, ...]
    finish_tick: int

    @property
    def score(self) -> int:
        """The final score."""
        return self.final.score


@dataclass(frozen=True)
class PlayedBlocksClue:
    """One ranked clue of a Blocks round: the word block it chose and the group it cleared.

    ``words`` and ``scores`` follow the grid's word blocks (`BlocksState.words` order).
    Its "target" is the word it chose; the word counts as cleared when its group scored
    (a lone block is a miss).
    """

    tick: int
    clue: str
    words: tuple[str, ...]
    scores: tuple[float, ...]
    chosen: str
    group: int  # blocks cleared with the chosen one (itself included)
    points: int
    flagged: bool = False

    @property
    def targets(self) -> tuple[str, ...]:
        """The chosen word, alone (what the clue aimed at, as far as the rules know)."""
        return (self.chosen,)

    @property
    def cleared_targets(self) -> tuple[str, ...]:
        """The chosen word if its group scored, else nothing."""
        return (self.chosen,) if self.points > 0 else ()

    def score_of(self, word: str) -> float:
        """The clue's score for one word block."""
        return self.scores[self.words.index(word)]

    def rank_of(self, word: str) -> int:
        """1-based rank of a word block under the tie rule."""
        return 1 + ranked_order(self.scores).index(self.words.index(word))


@dataclass(frozen=True)
class BlocksOutcome:
    """What a Blocks replay gives: the final state and the figures a result file claims."""

    final: BlocksState
    clues: tuple[PlayedBlocksClue, ...]
    finish_tick: int

    @property
    def score(self) -> int:
        """The final score."""
        return self.final.score


Outcome = RoundOutcome | BlocksOutcome
"""The outcome of a replayed round of either mode."""


def first_reached(scores_at: list[tuple[int, int]], final: int) -> int:
    """The tick of the action that first reached the final score (0: it never changed)."""
    when = 0
    previous = 0
    for at, score in scores_at:
        if score != previous:
            previous, when = score, at
    return when if previous == final else 0


def check_recorded_clue(
    clue: str, scores: Sequence[float], words: Sequence[str], number: int, board: str
) -> None:
    """Raise ResultError unless a recorded clue is legal on `words` (as the game cleans it)
    and has one score per word; `board` names the words for the message ("a stack of 12
    words")."""
    check = validate_clue(clue, words)
    if not check.ok or check.clue != clue:
        raise ResultError(f"clue {clue!r} (action {number}) is not a legal clue there")
    if len(scores) != len(words):
        raise ResultError(
            f"clue {clue!r} (action {number}) has {len(scores)} scores "
            f"for {board} (changed or reordered clues?)"
        )
