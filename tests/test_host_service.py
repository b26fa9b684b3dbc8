"""The round service without any network: a recording outbox stands in for the sockets,
the clock is the test's, the engine is the real one."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from game.classroom import Verifier, create_challenge, model_info
from game.clues import validate_clue
from game.host import codes
from game.host.codes import Refusal
from game.host.journal import Journal
from game.host.room import Room
from game.host.service import RoundService


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class RecordingOutbox:
    """Keeps every message the service sends, per student and to all."""

    def __init__(self) -> None:
        self.sent: dict[int, list[dict]] = {}
        self.broadcasts: list[dict] = []
        self.removed: list[int] = []

    async def send(self, student_id, message):
        self.sent.setdefault(student_id, []).append(message)

    async def broadcast(self, message):
        self.broadcasts.append(message)

    async def remove(self, student_id, message):
        self.removed.append(student_id)
        self.sent.setdefault(student_id, []).append(message)

    def connected(self, student_id):
        return student_id not in self.removed

    def connections(self):
        return len(self.sent)


@pytest.fixture()
def service(engine, tmp_path):
    clock = Clock()
    room = Room(create_challenge("default", minutes=1, seed=5), code="QWERTY", clock=clock)
    journal = Journal.create(tmp_path / "journal.sqlite", room, "default")
    made = RoundService(room, journal, engine.scores, model_info(engine), tmp_path / "results")
    made.outbox = RecordingOutbox()
    made.test_clock = clock  # type: ignore[attr-defined]  (the test moves it)
    yield made
    made.shutdown()
    journal.close()


def legal(words) -> str:
    return next(c for c in ("ocean", "music", "winter", "animal") if validate_clue(c, words).ok)


def test_a_round_from_join_to_ranking_without_a_socket(service, engine):
    async def run():
        outbox = service.outbox
        ana = await service.join("qwerty", "Ana")
        ben = await service.join("QWERTY", "Ben")
        assert [m["type"] for m in service.welcome(ana)] == ["joined", "state"]
        assert outbox.broadcasts[-1]["players"] == 2
        with pytest.raises(Refusal) as refused:
            await service.join("QWERTY", "ANA")
        assert refused.value.code == codes.NAME_TAKEN
        reply = await service.clue(ana, "ocean", now=0.0)
        assert reply is not None and reply["code"] == codes.NOT_PLAYING
        await service.teacher("start")
        service.test_clock.now += 3.1
        await service.tick()
        assert service.room.phase == "playing"
        assert await service.clue(ana, legal(ana.state.words), now=1.0) is None
        assert outbox.sent[ana.id][-1]["clues"] == 1
        refusal = await service.clue(ben, ben.state.words[0], now=1.0)
        assert refusal is not None and refusal["code"] == "stack_word"
        await service.teacher("kick", ben.id)
        assert outbox.removed == [ben.id] and outbox.sent[ben.id][-1]["code"] == codes.KICKED
        # The teacher ends the round early: every game runs out its clock, results are
        # written and the ranking is made.
        await service.teacher("end")
        for _ in range(200):
            await service.tick()
            if service.concluded:
                break
            await asyncio.sleep(0.05)

    asyncio.run(run())
    snap = service.snapshot
    assert snap.phase == "finished" and snap.concluded and snap.csv_path is not None
    assert [s.name for s in snap.standings] == ["Ana"]
    verified = Verifier(engine).verify_file(service.result_paths()[0])
    assert verified.result.clues == 1


def test_live_ranking_is_the_leaderboard_tie_rule(service):
    async def run():
        return [await service.join("QWERTY", name) for name in ("Cy", "Bo", "Al")]

    cy, bo, _ = asyncio.run(run())
    room = service.room
    # All at 0 points and 0 clues: one shared first place, listed by name.
    assert [(line.place, line.name) for line in room.standings()] == [
        (1, "Al"), (1, "Bo"), (1, "Cy")
    ]  # fmt: skip
    cy.state = replace(cy.state, score=50)
    bo.state = replace(bo.state, score=50)
    cy.score_tick, bo.score_tick = 300, 120  # Bo reached 50 first
    assert [(line.place, line.name) for line in room.standings()] == [
        (1, "Bo"), (2, "Cy"), (3, "Al")
    ]  # fmt: skip
    assert room.place_of(cy) == 2 and room.top(1)[0].name == "Bo"


def test_a_result_that_cannot_be_written_is_reported_and_the_round_still_ends(
    engine, tmp_path, caplog
):
    blocked = tmp_path / "results"
    blocked.write_text("a file where the results folder should be")
    room = Room(create_challenge("default", minutes=1, seed=6), code="ZXCVBN", clock=Clock())
    journal = Journal.create(tmp_path / "journal.sqlite", room, "default")
    service = RoundService(room, journal, engine.scores, model_info(engine), blocked)
    service.outbox = RecordingOutbox()

    async def run():
        await service.join("ZXCVBN", "Ana")
        await service.teacher("start")
        await service.teacher("end")
        for _ in range(100):
            await service.tick()
            if service.concluded:
                return
            await asyncio.sleep(0.05)

    try:
        asyncio.run(run())
    finally:
        service.shutdown()
        journal.close()
    snap = service.snapshot
    assert snap.concluded and snap.phase == "finished" and snap.csv_path is None
    assert any("result of Ana not written" in e for e in snap.errors), snap.errors
    assert any("class CSV not written" in e for e in snap.errors), snap.errors
    logged = [r.getMessage() for r in caplog.records if r.name == "wordstack.host"]
    assert any("result of Ana" in line for line in logged)


def test_a_clue_during_a_miss_cooldown_is_refused_with_the_seconds_to_wait(service):
    from game.rules import Clue

    async def run():
        ana = await service.join("QWERTY", "Ana")
        await service.teacher("start")
        service.test_clock.now += 3.1
        await service.tick()
        service.room.check_clue(ana, "ocean")  # brings the game to now
        stack = ana.state.stack
        ana.apply(Clue("zzz", tuple(0.0 if w.is_target else 0.5 for w in stack)))  # a miss
        actions = len(ana.recorder.actions)
        reply = await service.clue(ana, legal(ana.state.words), now=5.0)
        assert reply is not None and reply["code"] == codes.COOLDOWN
        assert reply["seconds"] == 1 and reply["message"].startswith("Wait 1 s")
        assert len(ana.recorder.actions) == actions  # nothing scored, nothing recorded
        service.test_clock.now += 1.1
        assert await service.clue(ana, legal(ana.state.words), now=7.0) is None

    asyncio.run(run())
