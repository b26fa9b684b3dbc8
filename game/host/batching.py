"""Clues of different students scored together: one batched pass of the engine for many.

A pass reads the transformer's weights once however many clues it embeds, so clues that
arrive while the engine is busy are gathered and scored in the next pass. A clue that
arrives while the engine is idle starts a pass at once (no added wait); a pass takes at
most ``MAX_BATCH`` clues, so nobody waits behind a long one. Passes run one at a time on
the executor given (the host's ranking thread). ``score_many`` is the one place that calls
the engine.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any, Protocol

import numpy as np

# Clues per pass: 8 novel clues take about 30 ms on a 2-core laptop; a clue that arrives
# meanwhile waits for that pass at most, then goes in the next one.
MAX_BATCH = 8

ManyScores = Callable[[Sequence[str], Sequence[Sequence[str]]], list[np.ndarray]]
log = logging.getLogger("wordstack.host")


class ScoresMany(Protocol):
    """What ``score_many`` needs of the engine (``SimilarityEngine`` has it)."""

    def scores_many(
        self, clues: Sequence[str], words_lists: Sequence[Sequence[str]]
    ) -> list[np.ndarray]:
        """Each clue's scores for its own words, in one encode pass."""


def score_many(
    engine: ScoresMany, clues: Sequence[str], word_lists: Sequence[Sequence[str]]
) -> list[np.ndarray]:
    """Each clue's scores for its own words: the engine's one scoring path, batched
    (the same bits as ``SimilarityEngine.scores`` of each clue alone)."""
    return engine.scores_many(list(clues), [list(words) for words in word_lists])


class ClueBatcher:
    """Gathers clues and scores them in batched passes on one executor thread."""

    def __init__(self, many: ManyScores, executor: Executor, max_batch: int = MAX_BATCH) -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, not {max_batch}")
        self.many = many
        self.executor = executor
        self.max_batch = max_batch
        self._pending: list[tuple[str, list[str], asyncio.Future[Any]]] = []
        self._running = False
        self._task: asyncio.Task[None] | None = None  # kept: a task nobody holds may vanish
        self.passes = 0  # passes run so far (for tests and benchmarks)
        self.largest = 0  # the most clues one pass took

    async def scores(self, clue: str, words: Sequence[str]) -> np.ndarray:
        """The clue's scores for ``words``, from the next pass that has room for it."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._pending.append((clue, list(words), future))
        if not self._running:
            self._running = True
            self._task = loop.create_task(self._drain())
        scores: np.ndarray = await future
        return scores

    async def _drain(self) -> None:
        """Run passes until no clue waits."""
        try:
            while self._pending:
                batch = self._pending[: self.max_batch]
                del self._pending[: self.max_batch]
                await self._run(batch)
        finally:
            self._running = False

    async def _run(self, batch: list[tuple[str, list[str], asyncio.Future[Any]]]) -> None:
        loop = asyncio.get_running_loop()
        clues = [clue for clue, _, _ in batch]
        word_lists = [words for _, words, _ in batch]
        self.passes += 1
        self.largest = max(self.largest, len(batch))
        try:
            results = await loop.run_in_executor(self.executor, self.many, clues, word_lists)
        except Exception as exc:
            if len(batch) == 1:
                _settle(batch[0][2], error=exc)
                return
            # One clue that breaks the pass must not cost the others theirs: each alone.
            log.warning("a batch of %d clues failed (%s); scoring each alone", len(batch), exc)
            for item in batch:
                await self._run([item])
            return
        for (_, _, future), scores in zip(batch, results, strict=True):
            _settle(future, result=scores)


def _settle(
    future: asyncio.Future[Any], result: Any = None, error: BaseException | None = None
) -> None:
    """Give a waiting clue its scores or error (unless it stopped waiting)."""
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
