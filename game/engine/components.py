"""What a ranking method needs besides the transformer: the static table, the second
encoder and the learned map, each loaded once, on first use; and where each component's
columns sit in a method's vectors."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from game.engine.glove import TABLE_DIR, VECTORS_FILE, StaticVectors
from game.engine.methods import GLOVE, TRANSFORMER, USE, RankingMethod
from game.engine.use import CHUNK as SECOND_CHUNK
from game.engine.use import DIMENSION as SECOND_DIMENSION
from game.engine.use import MODEL_NAME as SECOND_MODEL_NAME
from game.engine.use import SecondEncoder
from game.errors import ModelUnavailableError

MAP_FILE = "map_minilm.npy"


def map_path(folder: Path = TABLE_DIR) -> Path:
    """Where the learned map of the packaged model is shipped."""
    return folder / MAP_FILE


class MethodParts:
    """Loads and applies the pieces of the ranking methods for one engine (thread-safe)."""

    def __init__(self, folder: Path = TABLE_DIR, cache_dir: Path | None = None) -> None:
        self.folder = folder
        self.cache_dir = cache_dir  # for the second encoder's mapped copy (None: the default)
        self._lock = threading.Lock()
        self._static: StaticVectors | None = None
        self._second: SecondEncoder | None = None
        self._map: np.ndarray | None = None
        self._keys: dict[RankingMethod, str] = {}
        # The second encoder's own threads: it runs while the transformer encodes the same
        # texts (two cores, so a clue costs the slower of the two, not their sum).
        self._second_threads: dict[str, ThreadPoolExecutor] = {}

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
                encoder = SecondEncoder(self.cache_dir)
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

    def start_second(
        self, method: RankingMethod, cleaned: Sequence[str]
    ) -> Future[np.ndarray] | None:
        """Start the second encoder on `cleaned` texts in the background, if `method` uses it.

        Pass the result to `vectors`; None when the method needs no second encoder.
        """
        if not method.second_weight:
            return None
        encoder = self.second()
        # Short and long lists have a thread each, so a clue never queues behind a vocabulary.
        lane = "short" if len(cleaned) <= SECOND_CHUNK else "long"
        with self._lock:
            if lane not in self._second_threads:
                self._second_threads[lane] = ThreadPoolExecutor(
                    1, thread_name_prefix=f"wordstack-use-{lane}"
                )
            return self._second_threads[lane].submit(encoder.encode, list(cleaned))

    def vectors(
        self,
        method: RankingMethod,
        texts: Sequence[str],
        model_vectors: np.ndarray,
        second: Future[np.ndarray] | None = None,
    ) -> np.ndarray:
        """The method's vectors of `texts` (already cleaned by `method.clean_texts`), given
        the transformer's vectors of their templates.

        `second`: the second encoder's vectors started with `start_second` (else they are
        computed here).
        """
        second_vectors = None
        if method.second_weight:
            second_vectors = second.result() if second else self.second().encode(texts)
        return method.vectors(
            model_vectors,
            static_vectors=self.static().vectors(texts) if method.static_weight else None,
            second_vectors=second_vectors,
            linear_map=self.linear_map() if method.mapped else None,
        )

    def dimension(self, method: RankingMethod, model_dimension: int) -> int:
        """Length of the method's vectors, without encoding anything."""
        return sum(self.widths(method, model_dimension))

    def widths(self, method: RankingMethod, model_dimension: int) -> list[int]:
        """How many columns of the method's vectors each component fills, in order."""
        sizes = {TRANSFORMER: model_dimension, USE: SECOND_DIMENSION}
        return [
            self.static().dimension if part.encoder == GLOVE else sizes[part.encoder]
            for part in method.components
        ]

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
