"""Model work off the drawing thread: loading, pack embeddings and clue embeddings."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from game.engine import SimilarityEngine
from game.errors import WordstackError


class EngineWorker:
    """One background thread that owns every slow call to the engine, in order."""

    def __init__(self, engine: SimilarityEngine) -> None:
        self.engine = engine
        self.progress = 0.0
        self.message = "Waiting to load the model"
        self.error: str | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wordstack-model")
        self._loading: Future[None] | None = None
        self._packs: dict[tuple[str, ...], Future[None]] = {}

    def start_loading(self) -> Future[None]:
        """Begin loading the model (once); progress and errors show in the attributes."""
        if self._loading is None:
            self._loading = self._pool.submit(self._load)
        return self._loading

    def _load(self) -> None:
        try:
            self.engine.load(progress=self._report)
        except WordstackError as exc:
            self.error = str(exc)
            raise

    def _report(self, fraction: float, message: str) -> None:
        self.progress, self.message = fraction, message

    @property
    def ready(self) -> bool:
        """True once the model is loaded."""
        return self.engine.loaded

    def prepare_pack(self, words: Sequence[str]) -> Future[None]:
        """Embed a whole pack in the background (read from the disk cache when possible)."""
        key = tuple(words)
        if key not in self._packs:
            self.start_loading()
            self._packs[key] = self._pool.submit(self._embed_pack, key)
        return self._packs[key]

    def _embed_pack(self, words: tuple[str, ...]) -> None:
        self._report(max(self.progress, 0.95), "Preparing the word pack")
        self.engine.embed_pack(words)
        self._report(1.0, "Ready")

    def embed_clue(self, clue: str) -> Future[np.ndarray]:
        """The clue's unit vector, computed in the background."""
        self.start_loading()
        return self._pool.submit(lambda: self.engine.embed([clue])[0])

    def submit(self, job, *args):  # type: ignore[no-untyped-def]
        """Run any other slow job on the model thread, after what is queued."""
        self.start_loading()
        return self._pool.submit(job, *args)

    def shutdown(self) -> None:
        """Stop accepting work; queued jobs are dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)
