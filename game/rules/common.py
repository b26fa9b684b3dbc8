"""What every game mode shares: action records, common events, replay, pack checks, the tie rule.

Both `game.rules.arcade` and `game.rules.blocks` build on this module and neither imports
the other. Rankings follow the one tie rule (`game.tie_rule`): scores are compared after
rounding and equal rounded scores keep their input order. Deterministic randomness (the
BLAKE2b decks and draws, the same on every Python version) lives in `game.rules.deck`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from game.tie_rule import rank_key

S = TypeVar("S")  # a mode's game state
A = TypeVar("A")  # a mode's action records
T = TypeVar("T")

MIN_LEVEL = 1
"""The easiest word level of a pack."""
MAX_LEVEL = 5
"""The hardest word level of a pack."""

# ------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class Tick:
    """Action: advance time by ``ticks`` (timed modes only)."""

    ticks: int = 1


@dataclass(frozen=True)
class Clue:
    """Action: a ranked clue (``scores`` in the order of the state's ``words``)."""

    clue: str
    scores: tuple[float, ...]


@dataclass(frozen=True)
class Refuse:
    """Action: a refused clue."""

    clue: str
    reason: str


@dataclass(frozen=True)
class Pause:
    """Action: pause (True) or resume (False) (timed modes only)."""

    paused: bool


@dataclass(frozen=True)
class Hint:
    """Action: the player took a hint."""


Action = Tick | Clue | Refuse | Pause | Hint

# -------------------------------------------------------------------------- events


@dataclass(frozen=True)
class GameEvent:
    """Base class of everything the rules of any mode report."""


@dataclass(frozen=True)
class StageUp(GameEvent):
    """The game reached a new stage."""

    stage: int


@dataclass(frozen=True)
class GameOver(GameEvent):
    """The game is over (the grid or stack overflowed, or the time or turn limit passed).

    ``time_up``: an Arcade round's time limit passed. ``reason``: "turns" when a Blocks
    challenge's last turn was played, else "".
    """

    score: int
    time_up: bool = False
    reason: str = ""


@dataclass(frozen=True)
class HintTaken(GameEvent):
    """The player asked for a hint; ``cost`` points were taken off the score.

    ``already_paid``: a hint for this target was bought before, so this one is free.
    """

    cost: int
    already_paid: bool = False


@dataclass(frozen=True)
class HintDenied(GameEvent):
    """The player asked for a hint that costs more than their score: no hint, no charge."""

    cost: int


@dataclass(frozen=True)
class ClueRefused(GameEvent):
    """The caller refused a clue (invalid text); it cost nothing."""

    clue: str
    reason: str


Events = tuple[GameEvent, ...]

# ------------------------------------------------------------------------- helpers


def ranked_order(scores: Sequence[float]) -> list[int]:
    """Indices of ``scores`` best first under the tie rule (equal rounded scores keep order).

    Raises ValueError if a score is NaN.
    """
    if any(math.isnan(s) for s in scores):
        raise ValueError("scores must not be NaN")
    # sorted() is stable: ties under rank_key keep their input order.
    return sorted(range(len(scores)), key=lambda i: rank_key(scores[i]))


def run_actions(
    state: S, actions: Iterable[A], apply: Callable[[S, A], tuple[S, Events]]
) -> tuple[S, Events]:
    """Apply `actions` in order with a mode's `apply`; the last state and all events."""
    events: list[GameEvent] = []
    for action in actions:
        state, new = apply(state, action)
        events.extend(new)
    return state, tuple(events)


def clean_pool(words: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """A word pack's (word, level) pairs checked and without case-insensitive repeats."""
    seen: set[str] = set()
    pool: list[tuple[str, int]] = []
    for text, level in words:
        text = text.strip()
        if not text:
            raise ValueError("empty word in word pack")
        if not MIN_LEVEL <= level <= MAX_LEVEL:
            raise ValueError(f"level of {text!r} must be {MIN_LEVEL}-{MAX_LEVEL}, got {level}")
        if text.casefold() not in seen:
            seen.add(text.casefold())
            pool.append((text, int(level)))
    return tuple(pool)


def value_at_stage(values: tuple[T, ...], stage: int) -> T:
    """The entry of a per-stage tuple for `stage` (1-based; past the end, the last one)."""
    return values[min(max(stage, 1), len(values)) - 1]
