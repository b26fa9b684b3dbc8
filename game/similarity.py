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


# Scores closer than this count as equal: the same vector can score a few ulps apart
# depending on where it sits in the matrix, and a ranking must not depend on that.
TIE_DECIMALS = 6


def rank_order(scores: np.ndarray) -> np.ndarray:
    """Indices of `scores` best first; equal scores keep their input order."""
    # A stable sort on the negated scores breaks ties by position, so rankings replay exactly.
    rounded = np.round(np.asarray(scores, dtype=np.float64), TIE_DECIMALS)
    return np.argsort(-rounded, kind="stable")
