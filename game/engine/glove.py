"""The static word-vector table (a slice of GloVe 6B 50d) shipped for the ranking blend.

`scripts/fit_ranking.py` writes it to `game/assets/ranking/`: a word list and a matrix of
unit vectors stored as int8 (x 127), one row per word. numpy only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from game import paths
from game.clues import base_forms
from game.errors import ModelUnavailableError
from game.similarity import normalize_rows

TABLE_DIR = paths.ASSETS_DIR / "ranking"
WORDS_FILE = "glove50_words.txt"
VECTORS_FILE = "glove50_int8.npy"
INT8_SCALE = 127.0
TOKEN = re.compile(r"[a-z]+")


class StaticVectors:
    """Word -> unit vector lookups; a text of several words gets the mean of its words.

    `vectors` stay as given (the shipped int8 table: a quarter of float32's memory) and are
    made unit length row by row as texts use them (so their scale does not matter).
    """

    def __init__(self, words: Sequence[str], vectors: np.ndarray) -> None:
        if len(words) != len(vectors):
            raise ValueError(f"{len(words)} words but {len(vectors)} vectors")
        self._table = np.asarray(vectors)
        # Lookups by binary search in the sorted UTF-8 words (~2 MB for 100k words, where a
        # dict of str would hold ~12 MB for the whole game).
        encoded = [word.encode("utf-8") for word in words]
        order = sorted(range(len(encoded)), key=encoded.__getitem__)
        self._sorted = np.array([encoded[i] for i in order], dtype=bytes)
        self._sorted_rows = np.array(order, dtype=np.int32)

    @property
    def words(self) -> list[str]:
        """The table's words, in row order."""
        words = [""] * len(self._sorted)
        for word, row in zip(self._sorted.tolist(), self._sorted_rows.tolist(), strict=True):
            words[row] = word.decode("utf-8")
        return words

    @property
    def dimension(self) -> int:
        """Length of the vectors."""
        return int(self._table.shape[1])

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) is not None

    def __len__(self) -> int:
        return len(self._sorted)

    def _find(self, word: str) -> int | None:
        """Row of exactly `word`, or None."""
        if not word or "\0" in word:  # NUL would end a fixed-width bytes entry
            return None
        key = word.encode("utf-8", "replace")
        position = int(np.searchsorted(self._sorted, key))
        if position < len(self._sorted) and self._sorted[position] == key:
            return int(self._sorted_rows[position])
        return None

    @classmethod
    def load(cls, folder: Path = TABLE_DIR) -> StaticVectors:
        """Read the shipped table (raises ModelUnavailableError when it is missing)."""
        try:
            words = (folder / WORDS_FILE).read_text(encoding="utf-8").split("\n")
            vectors = np.load(folder / VECTORS_FILE, allow_pickle=False)
        except OSError as exc:
            raise ModelUnavailableError(
                f"The static word-vector table is missing in {folder} ({exc}); rebuild it with "
                "`python scripts/fit_ranking.py`."
            ) from exc
        return cls([w for w in words if w], vectors)

    def row(self, token: str) -> int | None:
        """Row of a lower-case token, trying its base forms ("cats" -> "cat") if needed."""
        found = self._find(token)
        if found is None:
            for form in sorted(base_forms(token)):
                found = self._find(form)
                if found is not None:
                    break
        return found

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text: the unit mean of its known words, or zeros if none is known."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            rows = [r for r in map(self.row, TOKEN.findall(text.lower())) if r is not None]
            if rows:
                out[i] = normalize_rows(self._table[rows]).mean(axis=0)
        return normalize_rows(out)


def quantize(vectors: np.ndarray) -> np.ndarray:
    """Unit rows as int8 (x 127): a quarter of float32's size, cosines within ~0.01."""
    return np.round(normalize_rows(vectors) * INT8_SCALE).astype(np.int8)
