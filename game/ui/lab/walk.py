"""The lecture's `sample_token`, one step at a time, on the scores of the stack for a clue.

Pure numbers for the Lab's "Step by step" page: scores -> logits (score / 0.05) -> logits / T
-> softmax -> the cumulative bar -> the index a random number falls on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.cluegen import GREEDY_TEMPERATURE, SCORE_SCALE, softmax

# The snippet shown beside the chart; each line's {slot} is filled with the current numbers.
CODE = (
    ("def sample_token(scores, T):", ""),
    ("    logits = scores / 0.05", "logit"),
    ("    logits = logits / T", "scaled"),
    ("    p = np.exp(logits - logits.max())", ""),
    ("    p = p / p.sum()", "p"),
    ("    cumulative = np.cumsum(p)", "cumulative"),
    ("    r = rng.random()", "r"),
    ("    return np.searchsorted(cumulative, r)", "picked"),
)


@dataclass(frozen=True)
class Walk:
    """Every step's numbers for one clue on one stack at one temperature, best score first."""

    words: tuple[str, ...]
    scores: np.ndarray
    logits: np.ndarray  # scores / SCORE_SCALE
    scaled: np.ndarray  # logits / T (for T = 0: the logits, the draw is the argmax)
    probabilities: np.ndarray
    cumulative: np.ndarray
    temperature: float

    @property
    def greedy(self) -> bool:
        """True at T = 0: all the probability on the best word."""
        return self.temperature <= GREEDY_TEMPERATURE

    def pick(self, r: float) -> int:
        """The row whose stretch of the cumulative bar holds `r` (0 <= r < 1)."""
        index = int(np.searchsorted(self.cumulative, r, side="right"))
        return min(index, len(self.words) - 1)


def walk(words: Sequence[str], scores: Sequence[float], temperature: float) -> Walk:
    """The steps of sampling one of `words` by their `scores` at `temperature`."""
    if temperature < 0 or len(words) != len(scores) or not len(words):
        raise ValueError("one score per word, and a temperature >= 0")
    values = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-values, kind="stable")
    values = values[order]
    logits = values / SCORE_SCALE
    if temperature <= GREEDY_TEMPERATURE:
        scaled = logits
        probabilities = np.zeros_like(logits)
        probabilities[0] = 1.0  # the division by T -> 0 would overflow: the limit is argmax
    else:
        scaled = logits / temperature
        probabilities = softmax(scaled)
    cumulative = np.cumsum(probabilities)
    cumulative[-1] = 1.0  # no gap at the end from rounding
    return Walk(
        tuple(words[i] for i in order),
        values,
        logits,
        scaled,
        probabilities,
        cumulative,
        float(temperature),
    )


def code_notes(walk: Walk, row: int, r: float | None, picked: int | None) -> dict[str, str]:
    """The numbers filled in beside the code, for the word on `row` and the last draw."""
    word = walk.words[row]
    notes = {
        "logit": f"{word}: {walk.scores[row]:.3f} \u2192 {walk.logits[row]:.2f}",
        "scaled": (
            "T = 0: take the largest"
            if walk.greedy
            else f"T = {walk.temperature:g}: {walk.scaled[row]:.2f}"
        ),
        "p": f"softmax: {word} {walk.probabilities[row]:.1%}",
        "cumulative": f"up to {word}: {walk.cumulative[row]:.3f}",
    }
    if r is not None and picked is not None:
        notes["r"] = f"r = {r:.3f}"
        notes["picked"] = f"\u2192 {walk.words[picked]}"
    return notes


def draw_many(walk: Walk, rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` draws as `Walk.pick` makes them: the random numbers r and the rows they pick."""
    r = rng.random(count)
    rows = np.minimum(np.searchsorted(walk.cumulative, r, side="right"), len(walk.words) - 1)
    return r, rows


def tally(rows: np.ndarray, size: int) -> np.ndarray:
    """How many times each of `size` rows was drawn."""
    return np.bincount(rows, minlength=size)
