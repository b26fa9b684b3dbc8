"""The disk cache of word-list embeddings: one checked file per model, method and word list.

A cache file is a zip of `meta.json` (format, model, method, dimension, rows, key) and
`vectors.npy`. A file is used only when its header matches what is asked for, its values
are finite vectors of length at most 1 that are not all alike, and a sample of rows matches
a fresh encode; anything else is set aside with a warning and rebuilt. A cache that cannot
be read or written is a warning, never an error: the words are encoded again instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import threading
import warnings
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from game.quoting import printable
from game.storage import atomic_writer, remove_stale_temporaries, set_aside

CACHE_FORMAT = 2
# The method part of the key when none is given: the model's own vectors, as the "cosine"
# method ranks by them (an engine always names its method: `SimilarityEngine.pack_cache`).
MODEL_VECTORS = "cosine"
SUBFOLDER = "embeddings"
_LEGACY_NAME = re.compile(r"^[0-9a-f]{32}\.npy$")  # the first format: bare .npy files
CHECK_BLOCK = 1024  # rows checked at a time
SAMPLE_ROWS = 8  # rows re-encoded to check a file (~10 ms)
SAMPLE_MIN_COSINE = 0.99  # a stored row and a fresh encode of its word agree this well
UNIT_TOLERANCE = 1e-3
# A blended method's row is shorter than 1 where one encoder does not know the word (its
# part is zero); no row of any method is shorter than this or longer than 1.
MIN_ROW_LENGTH = 0.5
MAX_META_BYTES = 64 * 1024
_META = "meta.json"
_VECTORS = "vectors.npy"

Encoder = Callable[[list[str]], np.ndarray]


class EmbeddingCacheWarning(UserWarning):
    """The embedding cache could not be used (unreadable, damaged or not writable)."""


class _DamagedCache(Exception):
    """A cache file that must be set aside; the message says why."""


_swept: set[Path] = set()
_swept_lock = threading.Lock()


def cache_key(model_id: str, method: str, words: Sequence[str]) -> str:
    """A hex digest naming exactly this model, method and word list.

    Every field is length-prefixed, so no two different lists share a key (words may hold
    any character, NUL included).
    """
    digest = hashlib.sha256(b"wordstack-embeddings")
    fields = [str(CACHE_FORMAT), model_id, method, str(len(words)), *words]
    for field in fields:
        data = field.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class PackEmbeddingCache:
    """Embeddings of word lists for one model, kept in `<cache folder>/embeddings/`."""

    def __init__(self, cache_folder: Path, model_id: str, method: str = MODEL_VECTORS) -> None:
        self.folder = cache_folder / SUBFOLDER
        self.model_id = model_id
        self.method = method
        self._sweep_once()

    def _sweep_once(self) -> None:
        """Remove `.tmp` files of writes killed half-way (kill -9), once per process."""
        with _swept_lock:
            if self.folder in _swept:
                return
            _swept.add(self.folder)
        remove_stale_temporaries(self.folder)
        _remove_legacy_files(self.folder)

    def path(self, words: Sequence[str]) -> Path:
        """The cache file of a word list."""
        return self.folder / f"{cache_key(self.model_id, self.method, words)[:40]}.npz"

    def load(self, words: Sequence[str], dimension: int, encode: Encoder) -> np.ndarray | None:
        """The cached (len(words), dimension) vectors, or None when there is no usable file.

        `encode` re-encodes a few sampled words to check the file against the model.
        """
        path = self.path(words)
        try:
            if not path.is_file():
                return None
            vectors = self._read(path, words, dimension)
            _check_sample(vectors, words, encode)
            return vectors
        except _DamagedCache as exc:
            self._set_aside(path, str(exc))
        except OSError as exc:
            _warn(f"Cannot read the embedding cache {_shown(path)} ({_reason(exc)}).")
        return None

    def save(self, words: Sequence[str], vectors: np.ndarray) -> bool:
        """Write the vectors of a word list; a failure is a warning. True when written."""
        path = self.path(words)
        meta = self.header(words, vectors.shape[1] if vectors.ndim == 2 else 0)
        rows = np.ascontiguousarray(vectors, dtype="<f4")
        try:
            # Streamed into the file: a vocabulary's vectors (~70 MB) are never copied.
            with (
                atomic_writer(path) as handle,
                zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as bundle,
            ):
                bundle.writestr(_META, json.dumps(meta, sort_keys=True))
                with bundle.open(_VECTORS, "w") as member:
                    np.save(member, rows, allow_pickle=False)
        except OSError as exc:
            _warn(
                f"Cannot write the embedding cache {_shown(path)} ({_reason(exc)}); the words "
                "will be encoded again next time."
            )
            return False
        return True

    def header(self, words: Sequence[str], dimension: int) -> dict[str, object]:
        """What a cache file of these words must say about itself to be used."""
        return {
            "format": CACHE_FORMAT,
            "model": self.model_id,
            "method": self.method,
            "dimension": dimension,
            "rows": len(words),
            "key": cache_key(self.model_id, self.method, words),
        }

    def _read(self, path: Path, words: Sequence[str], dimension: int) -> np.ndarray:
        try:
            with zipfile.ZipFile(path) as bundle:
                if bundle.getinfo(_META).file_size > MAX_META_BYTES:
                    raise _DamagedCache("its header is too large")
                meta = json.loads(bundle.read(_META).decode("utf-8"))
                if meta != self.header(words, dimension):
                    raise _DamagedCache("its header does not match the model or the words")
                with bundle.open(_VECTORS) as member:
                    shape, dtype = _npy_header(member)
                    if shape != (len(words), dimension) or dtype != np.dtype("<f4"):
                        raise _DamagedCache(f"unexpected shape {shape} or type {dtype}")
                with bundle.open(_VECTORS) as member:
                    vectors = np.lib.format.read_array(member, allow_pickle=False)
        except _DamagedCache:
            raise
        except OSError:
            raise  # cannot read: not a reason to call the file damaged
        except Exception as exc:  # zipfile, json and numpy raise many kinds on garbage
            raise _DamagedCache(f"not a cache file: {_reason(exc)}") from exc
        _check_values(vectors)
        return vectors

    def _set_aside(self, path: Path, reason: str) -> None:
        try:
            aside = set_aside(path)
        except OSError as exc:
            _warn(
                f"The embedding cache {_shown(path)} is damaged ({reason}) and cannot be moved "
                f"aside ({_reason(exc)}); the words are encoded again."
            )
            return
        _warn(
            f"The embedding cache {_shown(path)} was damaged ({reason}); kept as "
            f"{_shown(aside.name)} and rebuilt."
        )


def _remove_legacy_files(folder: Path) -> None:
    """Delete cache files of the first format (`<32 hex>.npy`), never read again; never raises."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if _LEGACY_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _npy_header(member: IO[bytes]) -> tuple[tuple[int, ...], np.dtype[Any]]:
    """Shape and type of a .npy stream, read from its header without loading the data."""
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
    else:
        raise _DamagedCache(f"unknown .npy version {version}")
    if fortran:
        raise _DamagedCache("column-major data")
    return tuple(shape), dtype


def _check_values(vectors: np.ndarray) -> None:
    """Finite rows of length at most 1 (1 for most words) that are not all the same."""
    rows = vectors.shape[0]
    # In blocks, and rows compared by digest: whole-array temporaries (a copy of every row
    # as bytes) would leave tens of MB in the allocator after a vocabulary loads.
    digests: set[bytes] = set()
    for start in range(0, rows, CHECK_BLOCK):
        block = vectors[start : start + CHECK_BLOCK]
        if not np.isfinite(block).all():
            raise _DamagedCache("non-finite values")
        norms = np.linalg.norm(block, axis=1)
        if norms.max() > 1 + UNIT_TOLERANCE or norms.min() < MIN_ROW_LENGTH - UNIT_TOLERANCE:
            raise _DamagedCache("rows are not unit vectors")
        digests.update(_digest(row) for row in block)
    if rows >= 2 and len(digests) * 2 <= rows:
        # A few words may share a vector ("café", "cafe"); not most of them.
        raise _DamagedCache(f"only {len(digests)} distinct vectors for {rows} words")


def _digest(row: np.ndarray) -> bytes:
    return hashlib.blake2b(np.ascontiguousarray(row).data, digest_size=16).digest()


def _check_sample(vectors: np.ndarray, words: Sequence[str], encode: Encoder) -> None:
    """Re-encode a few rows (evenly spread, and some at random; all of a short list)."""
    rows = len(words)
    if rows == 0:
        return
    if rows <= SAMPLE_ROWS:
        indices = list(range(rows))
    else:
        spread = SAMPLE_ROWS // 2
        picks = {round(i * (rows - 1) / (spread - 1)) for i in range(spread)}
        picks |= set(random.sample(range(rows), SAMPLE_ROWS - spread))
        indices = sorted(picks)
    fresh = np.asarray(encode([words[i] for i in indices]), dtype=np.float32)
    stored = vectors[indices]
    # A cosine, since a blended row may be shorter than 1 (see MIN_ROW_LENGTH).
    lengths = np.linalg.norm(fresh, axis=1) * np.linalg.norm(stored, axis=1)
    agreement = np.einsum("ij,ij->i", fresh, stored) / np.maximum(lengths, 1e-12)
    if agreement.min() < SAMPLE_MIN_COSINE:
        worst = indices[int(agreement.argmin())]
        raise _DamagedCache(
            f"row {worst} ({printable(words[worst])!s}) does not match the model "
            f"(cosine {agreement.min():.3f})"
        )


def _warn(message: str) -> None:
    warnings.warn(message, EmbeddingCacheWarning, stacklevel=4)


def _shown(path: Path | str) -> str:
    return printable(str(path))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return printable(exc.strerror)
    return printable(str(exc) or type(exc).__name__)[:200]
