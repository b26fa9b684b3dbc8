"""The Lab's numbers behind its pictures: log-scale bars, cut lines, clear rate against T.

numpy only (no pygame): the pages draw what these functions compute, and tests check them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.cluegen import adjust, apply_min_p, apply_top_k, apply_top_p

LOG_FLOOR = -6  # log10 p drawn from 10^-6 (an empty bar) to 10^0 = 1 (a full one)


def bar_fractions(probabilities: Sequence[float] | np.ndarray, log: bool) -> np.ndarray:
    """Each bar's length as a share of the track: p itself, or its place on the log10 axis."""
    p = np.asarray(probabilities, dtype=np.float64)
    if not log:
        return np.clip(p, 0.0, 1.0)
    with np.errstate(divide="ignore"):
        exponent = np.log10(p)  # log10(0) = -inf: an empty bar
    return np.clip((exponent - LOG_FLOOR) / -LOG_FLOOR, 0.0, 1.0)


def axis_ticks(log: bool) -> list[tuple[float, str]]:
    """(share of the track, label) for the bars' axis."""
    if log:
        return [((e - LOG_FLOOR) / -LOG_FLOOR, _power(e)) for e in range(LOG_FLOOR, 1, 2)]
    return [(share, f"{share:.0%}") for share in (0.0, 0.25, 0.5, 0.75, 1.0)]


def _power(exponent: int) -> str:
    """10 to a whole exponent, as printed: "10⁻⁴", "1"."""
    if exponent == 0:
        return "1"
    digits = str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return "10" + digits


@dataclass(frozen=True)
class Cut:
    """One sampling cut: its name and setting, and how many of the best entries it keeps."""

    name: str  # "top-k", "top-p" or "min-p"
    setting: float
    kept: int

    @property
    def label(self) -> str:
        """E.g. "top-p 0.9"."""
        return f"{self.name} {self.setting:g}"


def cut_lines(
    probabilities: np.ndarray,
    top_k: int | None,
    top_p: float | None,
    min_p: float | None,
) -> tuple[list[Cut], np.ndarray]:
    """The cuts applied in turn as the generator applies them, and the renormalised survivors.

    `probabilities` are best first (after the temperature), so each cut keeps a prefix;
    the survivors are exactly `cluegen.adjust`'s distribution.
    """
    stage = np.asarray(probabilities, dtype=np.float64)
    cuts: list[Cut] = []
    steps = (("top-k", top_k, apply_top_k), ("top-p", top_p, apply_top_p))
    for name, setting, apply in (*steps, ("min-p", min_p, apply_min_p)):
        if setting is None:
            continue
        stage = apply(stage, setting)  # type: ignore[operator]
        cuts.append(Cut(name, float(setting), int(np.count_nonzero(stage))))
    return cuts, stage / stage.sum()


def max_entropy(count: int) -> float:
    """The most bits a distribution over `count` entries can have: log2(count), uniform."""
    return math.log2(count) if count > 0 else 0.0


def clear_rate(probabilities: np.ndarray, ranks: np.ndarray, zone: int) -> float:
    """The chance that a clue drawn from `probabilities` puts the target in the clear zone."""
    return float(np.asarray(probabilities)[np.asarray(ranks) <= zone].sum())


def clear_curve(
    model: np.ndarray,
    ranks: np.ndarray,
    zone: int,
    temperatures: Sequence[float],
    top_k: int | None = None,
    top_p: float | None = None,
    min_p: float | None = None,
) -> np.ndarray:
    """The exact clear rate at each temperature: no sampling, the probabilities summed.

    `model` is the model's own distribution (T = 1) and `ranks` the target's place for
    each candidate clue.
    """
    clears = np.asarray(ranks) <= zone
    return np.array(
        [float(adjust(model, t, top_k, top_p, min_p)[clears].sum()) for t in temperatures]
    )
