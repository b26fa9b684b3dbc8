"""The one rounding and tie rule of Wordstack, pure Python (the rules import it, no numpy).

Scores are rounded to TIE_DECIMALS places (Python's round(), half to even, on the
float64 value); equal rounded scores keep their input order, so the word nearer the
bottom of the stack wins. Used by `game.similarity.rank_order`, the game rules and
result verification. Float32 scores of one clue differ by a few ulps between machines
and BLAS builds (about 1e-7): far below this rounding step.
"""

from __future__ import annotations

TIE_DECIMALS = 6


def round_score(score: float) -> float:
    """A score rounded as rankings compare it (TIE_DECIMALS places)."""
    return round(float(score), TIE_DECIMALS)


def rank_key(score: float) -> float:
    """Sort key putting better scores first under the tie rule; use a stable sort."""
    return -round_score(score)
