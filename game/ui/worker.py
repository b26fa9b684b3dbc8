"""Model work off the drawing thread: loading, pack embeddings, clue scores and clue generation."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from game.engine import SimilarityEngine, tuning
from game.errors import MethodUnavailableError, WordstackError

if TYPE_CHECKING:
    from game.cluegen import CandidateScores, GeneratedClue
    from game.engine.explain import Explanation


class EngineWorker:
    """One background thread that owns every slow call to the engine, in order."""

    def __init__(self, engine: SimilarityEngine) -> None:
        self.engine = engine
        self.progress = 0.0
        self.message = "Waiting to load the model"
        self.error: str | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wordstack-model")
        # Clue generation (hints, the AI, the Lab) and its vocabulary live on a second
        # thread, so preparing 14k candidate clues never delays the ranking of a clue.
        self._clues = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wordstack-clues")
        self._vocabulary: Future[None] | None = None
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
            self.error = " ".join(str(exc).split())  # shown on one line
            raise
        tuning.after_model_load()

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

    def score_clue(
        self, clue: str, words: Sequence[str], method: str | None = None
    ) -> Future[np.ndarray]:
        """The engine's score of `clue` for each of `words` (in their order), on this thread.

        The words' vectors are cached once the pack is prepared: scoring a clue again for
        a stack that changed meanwhile costs no model call. `method`: another ranking
        method than the engine's own (the Lab compares them).
        """
        self.start_loading()
        # Another method's engine shares the loaded model; one it cannot serve raises
        # MethodUnavailableError in the future's result.
        try:
            engine = self.engine if method is None else self.engine.for_method(method)
        except MethodUnavailableError as exc:
            failed: Future[np.ndarray] = Future()
            failed.set_exception(exc)
            return failed
        return self._pool.submit(engine.scores, clue, list(words))

    def explain(
        self, clue: str, words: Sequence[str], target: str | None = None
    ) -> Future[Explanation]:
        """Why `clue` ranks `words` as it does (the Why? screen), on the model thread.

        The nearest vocabulary words are listed once the vocabulary is ready."""
        self.start_loading()

        def explain() -> Explanation:
            vocabulary: Sequence[str] = ()
            vectors = None
            if self.vocabulary_ready:
                from game.cluegen import default_vocabulary

                table = default_vocabulary()
                vocabulary, vectors = table.words, table.embeddings(self.engine)
            return self.engine.explain(
                clue, list(words), target=target, vocabulary=vocabulary, vocabulary_vectors=vectors
            )

        return self._pool.submit(explain)

    def prepare_vocabulary(self, pack_words: Sequence[str] = ()) -> Future[None]:
        """Embed the candidate clue vocabulary in the background (once; cached on disk)."""
        if self._vocabulary is None:
            loading = self.start_loading()

            def prepare() -> None:
                from game.cluegen import default_vocabulary

                loading.result()
                # The pack comes first: it is what makes the game playable. (Not
                # futures.wait: it never returns for a job cancelled by shutdown.)
                for job in list(self._packs.values()):
                    with contextlib.suppress(Exception):  # its own caller reports it
                        job.result()
                default_vocabulary().prepare(self.engine, pack_words)
                tuning.after_background_work()

            self._vocabulary = self._clues.submit(prepare)
        return self._vocabulary

    @property
    def vocabulary_ready(self) -> bool:
        """True once clues can be generated without waiting for the vocabulary."""
        return self._vocabulary is not None and self._vocabulary.done()

    def generate_clue(
        self, target: str, stack: Sequence[str], temperature: float, rng: np.random.Generator
    ) -> Future[GeneratedClue]:
        """A sampled clue for `target`, computed on the clue thread."""
        from game.cluegen import generate_clue

        self.prepare_vocabulary()
        return self._clues.submit(
            generate_clue, self.engine, target, list(stack), temperature, None, None, rng
        )

    def score_candidates(self, target: str, stack: Sequence[str]) -> Future[CandidateScores]:
        """Every legal clue for `target` with its score, for the Lab's live distribution."""
        from game.cluegen import score_candidates

        self.prepare_vocabulary()
        return self._clues.submit(score_candidates, self.engine, target, list(stack))

    def target_ranks(
        self, scored: CandidateScores, stack: Sequence[str], target_index: int
    ) -> Future[np.ndarray]:
        """Where each candidate of `scored` ranks the target on `stack` (the Lab's clear rate)."""
        from game.cluegen import target_ranks

        return self._clues.submit(target_ranks, self.engine, scored, list(stack), target_index)

    def shutdown(self) -> None:
        """Stop accepting work; queued jobs are dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._clues.shutdown(wait=False, cancel_futures=True)
