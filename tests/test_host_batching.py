"""Batched ranking in the host: clues that arrive together share one pass of the engine,
and each clue's scores are those of ranking it alone."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np
import pytest

from game.classroom import Verifier, create_challenge, model_info
from game.clues import validate_clue
from game.engine import SimilarityEngine
from game.host.batching import ClueBatcher, score_many
from game.host.journal import Journal
from game.host.room import Room
from game.host.service import RoundService

# One to twenty-odd tokens: a batch pads the short ones to the longest.
MIXED_CLUES = (
    "zq",
    "ocaen",
    "fire truck",
    "blorptastic wibbleness",
    "kichen sink",
    "a long sentence about the deep blue sea at night with fish and boats and storms",
    "Music",
)
STACKS = (
    ("ocean", "truck", "apple", "river", "piano"),
    ("storm", "lamp", "cloud"),
    ("horse", "kitchen", "violin", "winter", "garden", "pencil"),
)


def counting(engine: SimilarityEngine) -> list[int]:
    """Count the engine's embed calls (the texts in each) from now on."""
    calls: list[int] = []
    embed = engine.embed

    def counted(texts):
        calls.append(len(texts))
        return embed(texts)

    engine.embed = counted  # type: ignore[method-assign]  # a test's spy on one instance
    return calls


def test_a_batch_scores_each_clue_as_ranking_it_alone(engine):
    fresh = SimilarityEngine()  # nothing cached: the batch really encodes every clue
    fresh.load()
    calls = counting(fresh)
    word_lists = [STACKS[i % len(STACKS)] for i in range(len(MIXED_CLUES))]
    batched = score_many(fresh, MIXED_CLUES, word_lists)
    texts = dict.fromkeys([*MIXED_CLUES, *(w for words in word_lists for w in words)])
    assert calls == [len(texts)]  # one pass for every clue and word
    for clue, words, scores in zip(MIXED_CLUES, word_lists, batched, strict=True):
        alone = engine.scores(clue, words)
        assert scores.shape == (len(words),)
        assert np.max(np.abs(scores - alone)) <= 1e-6, clue


class Recorder:
    """A fake batched scorer for the timing rules: a clue scores len(clue) on every word."""

    def __init__(self, hold: threading.Event | None = None) -> None:
        self.batches: list[list[str]] = []
        self.hold = hold
        self.started = threading.Event()

    def __call__(self, clues, word_lists):
        self.batches.append(list(clues))
        self.started.set()
        if self.hold is not None:
            self.hold.wait(5)
        if any(clue == "bad" for clue in clues):
            raise ValueError("cannot score 'bad'")
        return [
            np.full(len(words), float(len(clue)))
            for clue, words in zip(clues, word_lists, strict=True)
        ]


def _run_batches(recorder: Recorder, clues: list[str], max_batch: int, hold: threading.Event):
    """The first clue starts a pass at once; the others arrive while it runs."""

    async def run():
        with ThreadPoolExecutor(1) as pool:
            batcher = ClueBatcher(recorder, pool, max_batch=max_batch)
            first = asyncio.create_task(batcher.scores(clues[0], ["a", "b"]))
            while not recorder.started.is_set():
                await asyncio.sleep(0.001)
            rest = [asyncio.create_task(batcher.scores(c, ["a"])) for c in clues[1:]]
            await asyncio.sleep(0.01)
            hold.set()
            return await asyncio.gather(first, *rest, return_exceptions=True), batcher

    return asyncio.run(run())


def test_clues_that_arrive_during_a_pass_share_the_next_one_up_to_the_cap():
    hold = threading.Event()
    recorder = Recorder(hold)
    results, batcher = _run_batches(recorder, ["one", "three", "seven", "eleven", "x"], 3, hold)
    assert recorder.batches == [["one"], ["three", "seven", "eleven"], ["x"]]
    assert [list(r) for r in results] == [[3.0, 3.0], [5.0], [5.0], [6.0], [1.0]]
    assert batcher.passes == 3 and batcher.largest == 3


def test_a_clue_that_breaks_its_batch_costs_the_others_nothing():
    hold = threading.Event()
    recorder = Recorder(hold)
    results, _ = _run_batches(recorder, ["go", "bad", "fine"], 8, hold)
    assert [list(results[0]), list(results[2])] == [[2.0, 2.0], [4.0]]
    assert isinstance(results[1], ValueError)
    # The failed pass of two, then each of its clues alone.
    assert recorder.batches == [["go"], ["bad", "fine"], ["bad"], ["fine"]]


def test_a_batcher_needs_room_for_one_clue():
    with pytest.raises(ValueError):
        ClueBatcher(Recorder(), ThreadPoolExecutor(1), max_batch=0)


class Outbox:
    def __init__(self) -> None:
        self.sent: dict[int, list[dict]] = {}

    async def send(self, student_id, message):
        self.sent.setdefault(student_id, []).append(message)

    async def broadcast(self, message):
        pass

    async def remove(self, student_id, message):
        pass

    def connected(self, student_id):
        return True

    def connections(self):
        return len(self.sent)


def test_a_batched_round_gives_every_clue_its_own_scores_and_results_verify(engine, tmp_path):
    now = [100.0]
    room = Room(
        create_challenge("default", minutes=1, seed=11), code="BATCHY", clock=lambda: now[0]
    )
    journal = Journal.create(tmp_path / "journal.sqlite", room, "default")
    service = RoundService(
        room, journal, engine.scores, model_info(engine), tmp_path / "results",
        many=partial(score_many, engine),
    )  # fmt: skip
    service.outbox = Outbox()
    texts = ("qwopper", "sea breeze", "kitchen", "blue whale song", "mountain")

    async def run():
        students = [await service.join("BATCHY", f"S{i}") for i in range(len(texts))]
        await service.teacher("start")
        now[0] += 3.1
        await service.tick()

        def clue_for(student, text):
            return text if validate_clue(text, student.state.words).ok else "music"

        clues = [clue_for(s, t) for s, t in zip(students, texts, strict=True)]
        stacks = [list(s.state.words) for s in students]
        replies = await asyncio.gather(
            *(service.clue(s, c, now=1.0) for s, c in zip(students, clues, strict=True))
        )
        assert replies == [None] * len(students)
        for student, clue, words in zip(students, clues, stacks, strict=True):
            played = student.recorder.actions[-1]
            expected = engine.scores(clue, words)
            assert played.clue == clue
            # Journaled scores are rounded to 6 places: one rounding step apart at most.
            assert np.max(np.abs(np.asarray(played.scores) - expected)) <= 1.01e-6
        await service.teacher("end")
        for _ in range(200):
            await service.tick()
            if service.concluded:
                break
            await asyncio.sleep(0.05)

    try:
        asyncio.run(run())
        assert service.batcher is not None and service.batcher.largest > 1
        assert service.snapshot.concluded and len(service.snapshot.standings) == len(texts)
        verifier = Verifier(engine)
        for path in service.result_paths():
            assert verifier.verify_file(path).result.clues == 1
    finally:
        service.shutdown()
        journal.close()
