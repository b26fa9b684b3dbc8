"""Pure similarity math on embedding vectors: no model, numpy only."""

from __future__ import annotations

import numpy as np

from game.tie_rule import TIE_DECIMALS, rank_key, round_score

__all__ = [
    "TIE_DECIMALS",
    "cosine_scores",
    "normalize_rows",
    "rank_key",
    "rank_order",
    "round_score",
]


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length (zero rows stay zero), as float32."""
    matrix = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def cosine_scores(query: np.ndarray, corpus: np.ndarray) -> np.ndarray:
    """Cosine similarity of one unit-length query vector to each unit-length corpus row."""
    return np.asarray(corpus @ np.asarray(query).reshape(-1), dtype=np.float32)


# The one rounding and tie rule (game.tie_rule) decides rankings here and in the rules.


def rank_order(scores: np.ndarray) -> np.ndarray:
    """Indices of `scores` best first; equal rounded scores keep their input order."""
    keys = [rank_key(s) for s in np.asarray(scores, dtype=np.float64).reshape(-1)]
    return np.asarray(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.intp)
