"""What a ranking method needs besides the transformer: the static table, the second
encoder and the learned map, each loaded once, on first use."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from game.errors import ModelUnavailableError
from game.ranking import RankingMethod
from game.second_encoder import DIMENSION as SECOND_DIMENSION
from game.second_encoder import MODEL_NAME as SECOND_MODEL_NAME
from game.second_encoder import SecondEncoder
from game.static_vectors import TABLE_DIR, VECTORS_FILE, StaticVectors

MAP_FILE = "map_minilm.npy"


def map_path(folder: Path = TABLE_DIR) -> Path:
    """Where the learned map of the packaged model is shipped."""
    return folder / MAP_FILE


class MethodParts:
    """Loads and applies the pieces of the ranking methods for one engine (thread-safe)."""

    def __init__(self, folder: Path = TABLE_DIR) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._static: StaticVectors | None = None
        self._second: SecondEncoder | None = None
        self._map: np.ndarray | None = None
        self._keys: dict[RankingMethod, str] = {}

    def static(self) -> StaticVectors:
        """The static word-vector table."""
        with self._lock:
            if self._static is None:
                self._static = StaticVectors.load(self.folder)
            return self._static

    def second(self) -> SecondEncoder:
        """The second encoder, its session open."""
        with self._lock:
            if self._second is None:
                encoder = SecondEncoder()
                encoder.load()
                self._second = encoder
            return self._second

    def linear_map(self) -> np.ndarray:
        """The learned map (d x d)."""
        with self._lock:
            if self._map is None:
                try:
                    self._map = np.load(map_path(self.folder), allow_pickle=False)
                except OSError as exc:
                    raise ModelUnavailableError(
                        f"The learned map is missing ({exc}); rebuild it with "
                        "`python scripts/fit_ranking.py`."
                    ) from exc
            return self._map

    def prepare(self, method: RankingMethod) -> None:
        """Load what `method` needs now, so the first clue does not wait for it."""
        if method.mapped:
            self.linear_map()
        if method.static_weight:
            self.static()
        if method.second_weight:
            self.second().encode(["warm up"])

    def vectors(
        self, method: RankingMethod, texts: Sequence[str], model_vectors: np.ndarray
    ) -> np.ndarray:
        """The method's vectors of `texts`, given the transformer's vectors of its texts."""
        texts = method.clean_texts(texts)
        return method.vectors(
            model_vectors,
            static_vectors=self.static().vectors(texts) if method.static_weight else None,
            second_vectors=self.second().encode(texts) if method.second_weight else None,
            linear_map=self.linear_map() if method.mapped else None,
        )

    def dimension(self, method: RankingMethod, model_dimension: int) -> int:
        """Length of the method's vectors, without encoding anything."""
        if not method.blended:
            return model_dimension
        size = model_dimension
        if method.static_weight:
            size += self.static().dimension
        if method.second_weight:
            size += SECOND_DIMENSION
        return size

    def key(self, method: RankingMethod) -> str:
        """A cache key that changes when the method or any file it uses changes."""
        with self._lock:
            if method not in self._keys:
                self._keys[method] = self._key(method)
            return self._keys[method]

    def _key(self, method: RankingMethod) -> str:
        digest = hashlib.sha256(repr(method).encode())
        if method.mapped:
            digest.update(_file_digest(map_path(self.folder)))
        if method.static_weight:
            digest.update(_file_digest(self.folder / VECTORS_FILE))
        if method.second_weight:
            digest.update(SECOND_MODEL_NAME.encode())
        return f"{method.name}:{digest.hexdigest()[:16]}"


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"missing"
