"""The engine's vectors in memory: least recently used first out, bounded in bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Sequence

import numpy as np

# 16 MiB: about 4,400 vectors of the default method (3.8 KB each), 11,000 of the model's
# own; more than a game's pack, stacks and clues. A bound in entries instead (200,000)
# could reach ~750 MB with the default method's vectors.
DEFAULT_LIMIT_BYTES = 16 * 1024 * 1024


class VectorCache:
    """Vectors by key; adding past `limit_bytes` drops the least recently used (thread-safe)."""

    def __init__(self, limit_bytes: int = DEFAULT_LIMIT_BYTES) -> None:
        if isinstance(limit_bytes, bool) or not isinstance(limit_bytes, int) or limit_bytes < 1:
            raise ValueError(f"cache_limit must be a number of bytes >= 1, not {limit_bytes!r}")
        self.limit_bytes = limit_bytes
        self._vectors: OrderedDict[Hashable, np.ndarray] = OrderedDict()
        self._bytes = 0
        # The word pack being played: never dropped for new clues (`pin` replaces it).
        self._pinned: dict[Hashable, np.ndarray] = {}
        self._lock = threading.Lock()

    @property
    def size_bytes(self) -> int:
        """Bytes of the vectors held now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._vectors)

    def keys_by_use(self) -> list[Hashable]:
        """The keys held, least recently used first."""
        with self._lock:
            return list(self._vectors)

    def get(self, key: Hashable) -> np.ndarray | None:
        """The vector of `key` (marked as recently used), or None."""
        return self.found([key]).get(key)

    def found(self, keys: Sequence[Hashable]) -> dict[Hashable, np.ndarray]:
        """The vectors of those keys that are held, marked as recently used."""
        found: dict[Hashable, np.ndarray] = {}
        with self._lock:
            for key in keys:
                pinned = self._pinned.get(key)
                if pinned is not None:
                    found[key] = pinned
                    continue
                vector = self._vectors.get(key)
                if vector is not None:
                    self._vectors.move_to_end(key)
                    found[key] = vector
        return found

    def add(self, keys: Iterable[Hashable], vectors: np.ndarray) -> None:
        """Keep a vector per key, then drop the least recently used past the limit.

        The rows are kept as views of `vectors` (no copy). Runs between calls only: the
        vectors a call returns are gathered before anything is dropped.
        """
        with self._lock:
            for key, vector in zip(keys, vectors, strict=True):
                old = self._vectors.pop(key, None)
                if old is not None:
                    self._bytes -= old.nbytes
                self._vectors[key] = vector
                self._bytes += vector.nbytes
            while self._bytes > self.limit_bytes and self._vectors:
                _, dropped = self._vectors.popitem(last=False)
                self._bytes -= dropped.nbytes

    def pin(self, keys: Iterable[Hashable], vectors: np.ndarray) -> None:
        """Keep these vectors (a pack's) whatever else is added; they replace those pinned
        before, so only one pack is held this way. Views of `vectors`, not copies."""
        with self._lock:
            self._pinned = dict(zip(keys, vectors, strict=True))

    @property
    def pinned_bytes(self) -> int:
        """Bytes of the pinned vectors."""
        return sum(vector.nbytes for vector in self._pinned.values())

    def clear(self) -> None:
        """Forget every vector, pinned ones included."""
        with self._lock:
            self._vectors.clear()
            self._pinned = {}
            self._bytes = 0
