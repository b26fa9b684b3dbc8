"""The engine's transformer on one backend, chosen once by `open_transformer`.

ONNX Runtime when it gives the library's own vectors (`game.engine.transformer_onnx`;
exported at the first run by a child process, `game.engine.export`, so torch never loads
in the engine's process); otherwise, and on a GPU, sentence-transformers on torch
(`game.engine.transformer_torch`), with its faster path for mean-pooling models when that
gives the library's vectors too.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from game.engine import transformer_onnx, transformer_torch
from game.similarity import normalize_rows

ProgressCallback = Callable[[float, str], None]  # fraction done (0..1), what is happening

# "auto": ONNX Runtime when it agrees with the library, else torch; "torch": torch only.
BACKENDS = ("auto", "torch")
WARM_UP_TOKENS = 12
_DISAGREEMENT = "ONNX Runtime vectors of {} disagree with the library's; using torch."


class Transformer:
    """The transformer's unit vectors of texts, on ONNX Runtime (`onnx`) or torch (`model`).

    `location` gives the model's folder or name (called only when the weights are read:
    the large model unpacks on first use); `model_id` names it in warnings.
    """

    def __init__(self, location: Callable[[], str], device: str, model_id: str) -> None:
        self.location = location
        self.device = device
        self.model_id = model_id
        self.model: Any = None  # the SentenceTransformer, when torch serves (or was asked)
        self.torch: Any = None
        self.onnx: transformer_onnx.OnnxEncoder | None = None
        self.fast = False  # torch: the shortcut of `transformer_torch.fast_encode` serves
        self._encode_lock = threading.Lock()  # one torch encode at a time
        self._model_lock = threading.Lock()

    @property
    def backend(self) -> str:
        """What encodes: "onnxruntime" or "torch"."""
        return "onnxruntime" if self.onnx is not None else "torch"

    @property
    def dimension(self) -> int:
        """Length of the transformer's vectors."""
        if self.onnx is not None:
            return self.onnx.dimension
        model = self.model
        size = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        return int(size())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text."""
        if self.onnx is not None:
            return self.onnx.encode(texts)
        with self._encode_lock:
            if self.fast and len(texts) < transformer_onnx.BULK_BATCH:
                return normalize_rows(transformer_torch.fast_encode(self.model, self.torch, texts))
            vectors = self.model.encode(
                texts,
                batch_size=64,
                convert_to_numpy=True,
                show_progress_bar=False,
                normalize_embeddings=True,
            )
        return normalize_rows(vectors)

    def tokens(self, text: str) -> list[tuple[str, int]]:
        """The pieces and their ids the transformer reads for `text`, special ones included."""
        if self.onnx is not None:
            return self.onnx.tokens(text)
        tokenizer = self.library_model().tokenizer
        ids = [int(i) for i in tokenizer(text, truncation=True)["input_ids"]]
        return list(zip(tokenizer.convert_ids_to_tokens(ids), ids, strict=True))

    def load_library_model(self, report: ProgressCallback) -> None:
        """Load the sentence-transformers model (imports torch)."""
        self.model = transformer_torch.load_library_model(self.location(), self.device, report)
        import torch  # already imported by the line above

        self.torch = torch

    def library_model(self) -> Any:
        """The sentence-transformers model itself (loaded now if ONNX Runtime serves)."""
        if self.model is None:
            with self._model_lock:
                if self.model is None:
                    self.load_library_model(lambda fraction, message: None)
        return self.model

    def fast_path_agrees(self) -> bool:
        """Keep the torch shortcut only if it gives the library's own vectors."""
        texts = list(transformer_onnx.PROBE_TEXTS[:4])
        return transformer_torch.fast_path_agrees(self.model, self.torch, texts)


def open_transformer(
    transformer: Transformer,
    choice: str,
    cache_root: Path,
    report: ProgressCallback,
    while_exporting: Callable[[], None] = lambda: None,
) -> Transformer:
    """Choose the backend of `transformer` once (see the module), then warm it up.

    `choice` is one of BACKENDS. `while_exporting` is called when a first-run export
    starts, which leaves this process idle (the caller loads something meanwhile).
    """
    use_onnx = choice == "auto" and transformer.device == "cpu"
    folder = transformer_onnx.cache_folder(cache_root, transformer.model_id)
    if use_onnx:
        report(0.02, "Opening the fast encoder")
        transformer.onnx = transformer_onnx.open_cached(folder)
    exported: bool | None = None  # None: no export tried yet
    if use_onnx and transformer.onnx is None:
        while_exporting()
        exported = _export_in_child(transformer, folder, report)
        if exported:
            transformer.onnx = transformer_onnx.open_cached(folder)
    if transformer.onnx is None:
        transformer.load_library_model(report)
        fast_kind = transformer_torch.supports_fast_path(transformer.model)
        if use_onnx and exported is None and fast_kind:
            report(0.75, "Preparing the fast encoder (first run only)")
            transformer.onnx = _export(transformer, folder)
            if transformer.onnx is not None:
                transformer.model = None  # its weights are not needed any more (~100 MB)
        if transformer.onnx is None:
            transformer.fast = fast_kind and transformer.fast_path_agrees()
    report(0.9, "Warming up")
    # The first text of each token length is slow on torch (~200 ms, kernels are built
    # for the new shape): meet the lengths of clues now, not during a game.
    for length in range(1, WARM_UP_TOKENS + 1):
        transformer.encode([" ".join(["a"] * length)])
    return transformer


def _export_in_child(
    transformer: Transformer, folder: Path, report: ProgressCallback
) -> bool | None:
    """Export the fast encoder in a child process, so torch stays out of this one.

    True when it is in `folder`; False when it cannot be made (a warning says why, and
    torch serves); None when the child could not run or load the model (this process then
    loads it, and exports or says why it cannot).
    """
    if not transformer_onnx.available():
        return False
    # Imported here: `python -m game.engine.export` runs that module as __main__, and must
    # not find it imported already by the package.
    from game.engine import export

    outcome = export.export_in_child(transformer.location(), folder, report)
    if outcome.status in ("not-started", "unavailable"):
        return None
    if outcome.status == "failed":
        warnings.warn(
            f"ONNX export of {transformer.model_id} failed ({outcome.message}); using torch.",
            stacklevel=5,
        )
    elif outcome.status == "disagrees":
        warnings.warn(_DISAGREEMENT.format(transformer.model_id), stacklevel=5)
    return outcome.status == "exported"


def _export(transformer: Transformer, folder: Path) -> transformer_onnx.OnnxEncoder | None:
    try:
        encoder = transformer_onnx.export(transformer.model, folder)
    except Exception as exc:  # any exporter or runtime failure leaves the torch path
        warnings.warn(
            f"ONNX export of {transformer.model_id} failed ({exc}); using torch.", stacklevel=4
        )
        return None
    if encoder is None and transformer_onnx.available():
        warnings.warn(_DISAGREEMENT.format(transformer.model_id), stacklevel=4)
    return encoder
