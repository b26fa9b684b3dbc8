"""A clue's scores: the one product every caller's scores come from, and what callers need.

`score_rows` is the only place where vectors become scores. Its dot products are summed in
float64 and rounded to float32: BLAS orders float32 sums differently for one row and for
many (gemv and gemm differ in the last bits), so a float32 product would give a clue other
bits when scored alone (the game) than among 14,000 candidates (the clue generator) or
with other clues (verification). numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

__all__ = ["ROWS_PER_STEP", "RankedWord", "RankingEngine", "score_rows"]

# Rows converted to float64 at a time: ~8 MB of a 14,000-word vocabulary's vectors.
ROWS_PER_STEP = 1024


@dataclass(frozen=True)
class RankedWord:
    """One word of a ranking: the word, its score, and its position in the input."""

    word: str
    score: float
    index: int


class RankingEngine(Protocol):
    """What a caller that scores clues needs: the engine's one scoring path."""

    def scores(self, clue: str, words: Sequence[str]) -> np.ndarray:
        """The score of `clue` for each of `words`, in their order (float32)."""
        ...

    def scores_many(
        self, clues: Sequence[str], words_lists: Sequence[Sequence[str]]
    ) -> list[np.ndarray]:
        """`[scores(clue, words) for clue, words in zip(clues, words_lists)]`, batched."""
        ...


def score_rows(clue_vectors: np.ndarray, word_vectors: np.ndarray) -> np.ndarray:
    """(clues, words) float32 scores: each clue row's dot product with each word row.

    Each score has the same bits however many rows are scored at once (see the module).
    """
    clues = np.atleast_2d(np.asarray(clue_vectors, dtype=np.float32))
    words = np.atleast_2d(np.asarray(word_vectors, dtype=np.float32))
    if words.shape[0] == 0 or clues.shape[0] == 0:
        return np.zeros((clues.shape[0], words.shape[0]), dtype=np.float32)
    if clues.shape[1] != words.shape[1]:
        raise ValueError(f"vectors of {clues.shape[1]} and {words.shape[1]} values")
    columns = words.astype(np.float64).T
    out = np.empty((clues.shape[0], words.shape[0]), dtype=np.float32)
    for start in range(0, clues.shape[0], ROWS_PER_STEP):
        step = clues[start : start + ROWS_PER_STEP].astype(np.float64)
        out[start : start + ROWS_PER_STEP] = step @ columns
    return out
