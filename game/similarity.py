"""Pure similarity math on embedding vectors: no model, numpy only."""

from __future__ import annotations

import numpy as np


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length (zero rows stay zero), as float32."""
    matrix = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def cosine_scores(query: np.ndarray, corpus: np.ndarray) -> np.ndarray:
    """Cosine similarity of one unit-length query vector to each unit-length corpus row."""
    return np.asarray(corpus @ np.asarray(query).reshape(-1), dtype=np.float32)


# The one rounding and tie rule of Wordstack, used by `rank_order`, the game rules and
# result verification: scores are rounded to TIE_DECIMALS places (Python's round(), half
# to even, on the float64 value); equal rounded scores keep their input order, so the
# word nearer the bottom of the stack wins. Float32 scores of one clue differ by a few
# ulps between machines and BLAS builds (about 1e-7): far below this rounding step.
TIE_DECIMALS = 6


def round_score(score: float) -> float:
    """A score rounded as rankings compare it (TIE_DECIMALS places)."""
    return round(float(score), TIE_DECIMALS)


def rank_key(score: float) -> float:
    """Sort key putting better scores first under the tie rule; use a stable sort."""
    return -round_score(score)


def rank_order(scores: np.ndarray) -> np.ndarray:
    """Indices of `scores` best first; equal rounded scores keep their input order."""
    keys = [rank_key(s) for s in np.asarray(scores, dtype=np.float64).reshape(-1)]
    return np.asarray(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.intp)
