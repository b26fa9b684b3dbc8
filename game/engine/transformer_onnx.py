"""The fast encoder: the model's transformer run by ONNX Runtime, tokenized by `tokenizers`.

It is exported once from the loaded sentence-transformers model into the user cache, and
kept only when its vectors agree with the library's. Later starts open it from the cache
without importing torch or sentence-transformers (about 5 s saved), and check it again
against the library vectors saved at export time. The weights are memory-mapped (see
`game.engine.onnx_files`), and one single-threaded session serves both a clue and a whole
vocabulary (spread over `game.engine.parallel`'s threads). numpy, onnxruntime and tokenizers only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.engine.onnx_files import open_or_set_aside, write_mapped_model
from game.engine.parallel import map_in_parallel
from game.similarity import normalize_rows
from game.storage import build_folder

# Bump when the files of a cache folder change meaning: older folders are then removed.
# 2: weights in a memory-mapped side file.
FORMAT = 2
# Lowest cosine to the library's own vector that a probe text may have.
AGREEMENT = 0.9999
# Words, a phrase, a template of ~10 tokens, accents and (last) a text longer than the
# model's window; encoded alone and together (padding must not change a vector).
PROBE_TEXTS = (
    "ocean",
    "ice",
    "a big red fire truck",
    "Zürich",
    'The word "lantern"',
    "New York City at night",
    " ".join(["long"] * 400),
)
# Texts per ONNX Runtime call when many are encoded at once (sorted by length first).
BULK_BATCH = 64
MODEL_FILE = "model.onnx"
EXPORTED_FILE = "exported.onnx"  # the exporter's single file, before its weights are mapped
TOKENIZER_FILE = "tokenizer.json"
REFERENCE_FILE = "reference.npy"
META_FILE = "meta.json"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


_FOLDER_NAME = re.compile(r"^[0-9a-f]{32}$")


def cache_folder(root: Path, model_id: str) -> Path:
    """The folder that holds the exported encoder of `model_id` under the cache `root`."""
    digest = hashlib.sha256(f"{FORMAT}\0{model_id}".encode()).hexdigest()[:32]
    return root / "onnx" / digest


def remove_older_formats(folder: Path) -> list[Path]:
    """Delete the encoders of older cache formats next to `folder` (each ~90 MB); never raises.

    They are never opened again: a new format gets a new folder name.
    """
    removed = []
    with contextlib.suppress(OSError):
        for other in folder.parent.iterdir():
            if other == folder or not _FOLDER_NAME.match(other.name):
                continue
            try:
                meta = json.loads((other / META_FILE).read_text(encoding="utf-8"))
                older = int(meta.get("format", 0)) < FORMAT
            except (OSError, ValueError, TypeError, AttributeError):
                continue  # not ours to judge: left alone
            if older:
                shutil.rmtree(other, ignore_errors=True)
                removed.append(other)
    return removed


def available() -> bool:
    """True when onnxruntime and tokenizers can be imported."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return True


class OnnxEncoder:
    """Mean-pooled token vectors from an exported transformer (the model before Normalize)."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT}")
        self.folder = folder
        self.dimension = int(meta["dimension"])
        self.lower_case = bool(meta.get("lower_case", False))
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(int(meta["max_length"]))
        self._pad_id = int(meta.get("pad_id", 0))
        options = onnxruntime.SessionOptions()
        # One thread per run: a clue is too small to split (a second thread only adds
        # waiting, or spinning that steals the game's core), and many texts run as batches
        # on several threads at once instead. Set per session, not for the process.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # Without the memory arena, what a long text or a big batch needed goes back when
        # it is done, instead of staying reserved (a clue is no slower without it).
        options.enable_cpu_mem_arena = False
        self._session = onnxruntime.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        prepared = [text.strip() for text in texts]
        if self.lower_case:
            prepared = [text.lower() for text in prepared]
        encodings = self._tokenizer.encode_batch(prepared)
        if len(encodings) < BULK_BATCH:
            return normalize_rows(self._run(encodings))
        # Similar lengths share a batch (less padding); batches run on several threads.
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        batches = [order[start : start + BULK_BATCH] for start in range(0, len(order), BULK_BATCH)]
        result = np.empty((len(encodings), self.dimension), dtype=np.float32)

        def run_batch(rows: list[int]) -> None:
            result[rows] = self._run([encodings[i] for i in rows])

        map_in_parallel(run_batch, batches)
        return normalize_rows(result)

    def tokens(self, text: str) -> list[tuple[str, int]]:
        """The pieces and ids this encoder reads for `text` (special tokens included)."""
        prepared = text.strip().lower() if self.lower_case else text.strip()
        encoding = self._tokenizer.encode(prepared)
        return list(zip(encoding.tokens, encoding.ids, strict=True))

    def _run(self, encodings: list[Any]) -> np.ndarray:
        width = max(len(encoding.ids) for encoding in encodings)
        ids = np.full((len(encodings), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feed)[0]
        # Mean pooling over the real tokens, as the model's Pooling module does.
        weights = mask[..., None].astype(np.float32)
        pooled: np.ndarray = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled

    def agrees_with(self, reference: np.ndarray) -> bool:
        """True when the probe texts, alone and together, give the reference vectors."""
        # The long text (the last) goes alone only: padding six short ones to its length
        # would cost half a second at every start.
        short = len(PROBE_TEXTS) - 1
        together = self.encode(list(PROBE_TEXTS[:short]))
        alone = np.concatenate([self.encode([text]) for text in PROBE_TEXTS])
        return all(
            bool(np.min(np.sum(vectors * expected, axis=1)) >= AGREEMENT)
            for vectors, expected in ((together, reference[:short]), (alone, reference))
        )


def open_cached(folder: Path) -> OnnxEncoder | None:
    """The cached encoder when it exists and still agrees with the library, else None.

    A folder that cannot be opened, or whose vectors disagree, is set aside with a warning
    (the caller exports a new one).
    """
    if not (folder / META_FILE).exists() or not available():
        return None
    return open_or_set_aside(folder, _open_if_agrees, "Fast encoder", "it is exported again")


def _open_if_agrees(folder: Path) -> OnnxEncoder | None:
    encoder = OnnxEncoder(folder)
    reference = np.load(folder / REFERENCE_FILE, allow_pickle=False)
    return encoder if encoder.agrees_with(reference) else None


def export(model: Any, folder: Path) -> OnnxEncoder | None:
    """Export `model`'s transformer to `folder` and open it; None if its vectors disagree.

    Built in a temporary folder renamed into place at the end (`storage.build_folder`), so
    an export cut off half-way leaves nothing that a later start would open.
    """
    if not available():
        return None

    def build(temporary: Path) -> bool:
        _write_export(model, temporary)
        # The trial session ends with this function, before its folder is renamed
        # (Windows cannot rename a folder with a file open in it).
        return OnnxEncoder(temporary).agrees_with(np.load(temporary / REFERENCE_FILE))

    if not build_folder(folder, build):
        return None
    remove_older_formats(folder)
    return OnnxEncoder(folder)


def _write_export(model: Any, folder: Path) -> None:
    import torch

    transformer = model[0]
    reference = model.encode(list(PROBE_TEXTS), normalize_embeddings=True, convert_to_numpy=True)
    np.save(folder / REFERENCE_FILE, np.asarray(reference, dtype=np.float32))
    backend = model.tokenizer.backend_tokenizer
    (folder / TOKENIZER_FILE).write_text(backend.to_str(), encoding="utf-8")
    example = model.tokenizer(["warm up"], return_tensors="pt")
    wrapped = _last_hidden_state(transformer.auto_model)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # the exporter's tracer notes, harmless here
        torch.onnx.export(
            wrapped,
            tuple(example[name] for name in INPUTS),
            str(folder / EXPORTED_FILE),
            input_names=list(INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    write_mapped_model(folder / EXPORTED_FILE, folder / MODEL_FILE)
    (folder / EXPORTED_FILE).unlink()
    meta = {
        "format": FORMAT,
        "dimension": int(reference.shape[1]),
        "max_length": int(transformer.max_seq_length),
        "lower_case": bool(getattr(transformer, "do_lower_case", False)),
        "pad_id": int(model.tokenizer.pad_token_id or 0),
    }
    (folder / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def _last_hidden_state(transformer: Any) -> Any:
    """The transformer as a module called with keyword inputs, returning its token vectors."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    return LastHiddenState().eval()
