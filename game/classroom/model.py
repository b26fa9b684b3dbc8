"""Which model ranked a round: the engine's model id and a SHA-256 of its weight files."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Protocol

from game import paths
from game.classroom.results import ModelInfo
from game.storage import atomic_write_bytes

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".onnx", ".pt")
DIGEST_CACHE_FILE = "weights-sha256.json"
UNKNOWN_WEIGHTS = "unknown"


class ModelEngine(Protocol):
    """What the classroom needs from a similarity engine."""

    model_spec: str | None

    @property
    def model_id(self) -> str:
        """A name of the model."""
        ...


def model_info(engine: ModelEngine) -> ModelInfo:
    """The model id of ``engine`` with its ranking method, and the SHA-256 of its weights.

    The method is part of the id: the same model ranks differently by another method, so
    a round ranked by one is not verified by the other.
    """
    method = getattr(getattr(engine, "method", None), "name", None)
    model_id = engine.model_id if method is None else f"{engine.model_id} ranked by {method}"
    return ModelInfo(model_id, weights_digest(model_folder(engine)))


def model_folder(engine: ModelEngine) -> Path | None:
    """The folder of the engine's weights: the packaged model, a given folder, else None."""
    if engine.model_spec is None:
        from game.engine import packaged_model_path

        return packaged_model_path()
    folder = Path(engine.model_spec)
    return folder if folder.is_dir() else None


def weights_digest(folder: Path | None) -> str:
    """SHA-256 over the weight files of a model folder, in name order ("unknown" if none).

    Hashing 90 MB takes about a second, so the digest is cached in the cache folder,
    keyed by each file's path, size and modification time.
    """
    if folder is None:
        return UNKNOWN_WEIGHTS
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in WEIGHT_SUFFIXES)
    if not files:
        return UNKNOWN_WEIGHTS
    stats = [(str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    key = hashlib.sha256(json.dumps(stats).encode()).hexdigest()
    cache_path = paths.cache_dir() / DIGEST_CACHE_FILE
    cache = _read_cache(cache_path)
    if key in cache:
        return cache[key]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    cache[key] = digest.hexdigest()
    # A read-only cache folder only costs a second next time.
    with contextlib.suppress(OSError):
        atomic_write_bytes(cache_path, json.dumps(cache).encode())
    return cache[key]


def _read_cache(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
