"""The lesson view: for every target word of a round, how the class did on it; and the
clues whose ranking players flagged, where people and the model disagree.

A Blocks round has no targets: each clue's "target" is the word block it chose, and its
best clues are those that cleared the largest groups (``ClueScore.group``).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from game.classroom.outcome import BlocksOutcome, Outcome

BEST_CLUES = 3


@dataclass(frozen=True)
class ClueScore:
    """A clue given for a target: the target's score and rank, who gave it, if it cleared it."""

    clue: str
    score: float
    rank: int
    player: str
    cleared: bool = True
    group: int = 0  # Blocks: blocks the clue cleared with its word (0 in Arcade)


def clue_note(clue: ClueScore) -> str:
    """How a best clue did, briefly: "group of 5, 0.62" (Blocks) or "rank 1, 0.62"."""
    how = f"group of {clue.group}" if clue.group else f"rank {clue.rank}"
    return f"{how}, {clue.score:.2f}"


@dataclass(frozen=True)
class TargetStats:
    """How the class did on one target word."""

    word: str
    met_by: int
    cleared_by: int
    median_clues: float | None
    best: tuple[ClueScore, ...]


def lesson_view(rounds: Sequence[tuple[str, Outcome]]) -> list[TargetStats]:
    """Per target word (in the order the class first met them): players who cleared it,
    the median number of clues they needed, and the best clues: clues that cleared it,
    the target ranked highest first, then (Blocks) the largest group, then scored highest;
    one line per distinct clue, at
    most `BEST_CLUES` (a clue that missed is never shown as a good example). A Blocks
    clue chooses its word itself, so Blocks rounds leave the median out (None).
    """
    counted = not any(isinstance(outcome, BlocksOutcome) for _, outcome in rounds)
    first_met: dict[str, int] = {}
    met: dict[str, set[str]] = {}
    clues_needed: dict[str, list[int]] = {}
    given: dict[str, list[ClueScore]] = {}
    for player, outcome in rounds:
        spent: dict[str, int] = {}
        for played in outcome.clues:
            for target in played.targets:
                first_met[target] = min(first_met.get(target, played.tick), played.tick)
                met.setdefault(target, set()).add(player)
                spent[target] = spent.get(target, 0) + 1
                given.setdefault(target, []).append(
                    ClueScore(
                        played.clue,
                        played.score_of(target),
                        played.rank_of(target),
                        player,
                        target in played.cleared_targets,
                        played.group,
                    )
                )
            for target in played.cleared_targets:
                clues_needed.setdefault(target, []).append(spent.pop(target, 1))
    stats = []
    for word in sorted(first_met, key=lambda w: (first_met[w], w)):
        needed = clues_needed.get(word, [])
        stats.append(
            TargetStats(
                word=word,
                met_by=len(met[word]),
                cleared_by=len(needed),
                median_clues=statistics.median(needed) if needed and counted else None,
                best=_best(given[word]),
            )
        )
    return stats


@dataclass(frozen=True)
class FlaggedClue:
    """A clue whose ranking players flagged ("that's not what I meant"), for one target."""

    clue: str
    target: str
    ranks: tuple[int, ...]  # where the model ranked the target, once per flag, best first
    players: int  # how many players flagged it

    @property
    def rank_text(self) -> str:
        """The target's rank, or the range of its ranks when the stacks differed ("4\u20137")."""
        best, worst = self.ranks[0], self.ranks[-1]
        return str(best) if best == worst else f"{best}\u2013{worst}"


def flagged_clues(rounds: Sequence[tuple[str, Outcome]]) -> list[FlaggedClue]:
    """Every flagged clue, one line per clue (compared without case) and target on the
    stack when it was given: the most players first, then the target ranked lowest."""
    spelled: dict[tuple[str, str], str] = {}
    ranks: dict[tuple[str, str], list[int]] = {}
    players: dict[tuple[str, str], set[str]] = {}
    for player, outcome in rounds:
        for played in outcome.clues:
            if not played.flagged:
                continue
            for target in played.targets:
                key = (played.clue.casefold(), target)
                spelled.setdefault(key, played.clue)
                ranks.setdefault(key, []).append(played.rank_of(target))
                players.setdefault(key, set()).add(player)
    lines = [
        FlaggedClue(spelled[key], key[1], tuple(sorted(ranks[key])), len(players[key]))
        for key in spelled
    ]
    return sorted(
        lines,
        key=lambda f: (-f.players, -f.ranks[-1], f.clue.casefold(), f.target.casefold()),
    )


def _best(clues: list[ClueScore]) -> tuple[ClueScore, ...]:
    chosen: list[ClueScore] = []
    seen: set[str] = set()
    hits = (c for c in clues if c.cleared)
    for clue in sorted(hits, key=lambda c: (c.rank, -c.group, -c.score, c.clue.casefold())):
        if clue.clue.casefold() not in seen:
            seen.add(clue.clue.casefold())
            chosen.append(clue)
    return tuple(chosen[:BEST_CLUES])
