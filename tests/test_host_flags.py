"""A student flags the ranking of their last clue on a hosted round ("that's not what I
meant"): through the one message gate, once per clue, never before a clue, kept in the
journal and the result file, and counted in the class's table of flagged clues."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from test_host_server import host, join, legal_clue, receive, start_round  # noqa: F401
from test_host_service import RecordingOutbox, legal, service  # noqa: F401

from game.classroom import Verifier
from game.classroom.results import FlagAction
from game.host import codes
from game.host.codes import Refusal
from game.host.journal import Journal
from game.host.protocol import BadMessage, parse_message
from game.host.room import Room


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"type": "flag"}', codes.MALFORMED),  # which clue?
        ('{"type": "flag", "clue": 7}', codes.MALFORMED),
        ('{"type": "flag", "clue": ["ocean"]}', codes.MALFORMED),
        ('{"type": "flag", "clue": "ocean", "points": 5}', codes.MALFORMED),
        ('{"type": "flag", "clue": "' + "x" * 101 + '"}', codes.TOO_LARGE),
        ('{"type": "flag", "clue": "\\ud800"}', codes.BAD_TEXT),
    ],
)
def test_bad_flag_messages_are_refused_at_the_gate_with_a_code(text, code):
    with pytest.raises(BadMessage) as refused:
        parse_message(text)
    assert refused.value.code == code


def test_a_good_flag_message_passes_the_gate():
    assert parse_message('{"type": "flag", "clue": "ocean"}') == {"type": "flag", "clue": "ocean"}


def test_a_flag_is_taken_once_per_clue_and_refused_before_any_clue(service, engine, tmp_path):  # noqa: F811
    async def run():
        outbox = service.outbox
        ana = await service.join("QWERTY", "Ana")
        reply = await service.flag(ana, "ocean")
        assert reply is not None and reply["code"] == codes.NOT_PLAYING
        await service.teacher("start")
        service.test_clock.now += 3.1
        await service.tick()
        reply = await service.flag(ana, "ocean")
        assert reply is not None and reply["code"] == codes.NO_CLUE
        assert ana.recorder.actions == []
        first = legal(ana.state.words)
        assert await service.clue(ana, first, now=1.0) is None
        assert outbox.sent[ana.id][-1]["last"]["flagged"] is False
        reply = await service.flag(ana, first + "x")  # not the clue the page shows
        assert reply is not None and reply["code"] == codes.NOT_LAST_CLUE
        score = ana.state.score
        assert await service.flag(ana, first) is None
        state = outbox.sent[ana.id][-1]
        assert state["type"] == "state" and state["last"]["flagged"] is True
        assert state["score"] == score == ana.state.score  # no penalty
        reply = await service.flag(ana, first)
        assert reply is not None and reply["code"] == codes.ALREADY_FLAGGED
        assert sum(isinstance(a, FlagAction) for a in ana.recorder.actions) == 1
        # A new clue can be flagged again.
        service.test_clock.now += 4.0
        service.room.check_clue(ana, first)  # brings the game to now
        second, now = legal(ana.state.words), 9.0
        while (reply := await service.clue(ana, second, now=now)) is not None:
            assert reply["code"] == codes.COOLDOWN  # after a miss: wait, then again
            service.test_clock.now += 1.0
            now += 1.0
        assert outbox.sent[ana.id][-1]["last"]["flagged"] is False
        assert await service.flag(ana, second) is None
        # A removed student cannot flag.
        await service.teacher("kick", ana.id)
        with pytest.raises(Refusal) as refused:
            await service.flag(ana, second)
        assert refused.value.code == codes.KICKED

    asyncio.run(run())
    # The journal keeps the flags: a resumed host has them, in order, and no more.
    flags = [a for a in service.room.students[1].recorder.actions if isinstance(a, FlagAction)]
    restored = Room(service.room.challenge, code="QWERTY")
    journal = Journal(tmp_path / "journal.sqlite")
    journal.restore_students(restored)
    journal.close()
    again = restored.students[1]
    assert again.recorder.actions == service.room.students[1].recorder.actions
    assert [a for a in again.recorder.actions if isinstance(a, FlagAction)] == flags
    assert not again.recorder.can_flag()


def test_flags_reach_the_result_files_and_the_class_table(service, engine):  # noqa: F811
    async def run():
        ana = await service.join("QWERTY", "Ana")
        ben = await service.join("QWERTY", "Ben")
        cy = await service.join("QWERTY", "Cy")
        await service.teacher("start")
        service.test_clock.now += 3.1
        await service.tick()
        clue = legal(ana.state.words)  # the same stack for everyone at the same time
        for student in (ana, ben, cy):
            assert await service.clue(student, clue, now=1.0) is None
        assert await service.flag(ana, clue) is None
        assert await service.flag(ben, clue) is None
        await service.teacher("end")
        for _ in range(200):
            await service.tick()
            if service.concluded:
                break
            await asyncio.sleep(0.05)

    asyncio.run(run())
    snap = service.snapshot
    assert snap.concluded
    targets = service.room.students[1].state.last_clue
    assert targets is not None
    flagged = snap.flagged
    assert flagged and all(f.players == 2 for f in flagged)
    ranked = {r.text: r.rank for r in targets.ranking if r.is_target}
    assert {f.target: f.ranks for f in flagged} == {t: (rank, rank) for t, rank in ranked.items()}
    verifier = Verifier(engine)
    for path in service.result_paths():
        verified = verifier.verify_file(path)
        expected = verified.result.name in ("Ana", "Ben")
        assert [p.flagged for p in verified.outcome.clues] == [expected]
    csv_text = snap.csv_path.read_text(encoding="utf-8")
    assert "flagged_clue,target,best_rank,worst_rank,players_flagged" in csv_text
    report = (snap.csv_path.parent / snap.csv_path.name.replace("_class.csv", "_report.html"))
    assert "Flagged clues" in report.read_text(encoding="utf-8")


def test_a_page_flags_over_the_websocket(host, engine):  # noqa: F811
    async def run():
        async with aiohttp.ClientSession() as session:
            ws, _, _ = await join(session, host, "Ana")
            await ws.send_json({"type": "flag", "clue": "ocean"})
            assert (await receive(ws, "refused"))["code"] == codes.NOT_PLAYING
            await start_round(session, host)
            state = await receive(ws, "state", phase="playing")
            assert state["last"] is None
            await ws.send_json({"type": "flag", "clue": "ocean"})
            assert (await receive(ws, "refused"))["code"] == codes.NO_CLUE
            clue = legal_clue([w["word"] for w in state["stack"]])
            await ws.send_json({"type": "clue", "clue": clue})
            ranked = await receive(ws, "state", clues=1)
            assert ranked["last"]["flagged"] is False
            await ws.send_json({"type": "flag", "clue": clue})
            flagged = await receive(ws, "state", clues=1)
            assert flagged["last"]["flagged"] is True
            await ws.send_json({"type": "flag", "clue": clue})
            assert (await receive(ws, "refused"))["code"] == codes.ALREADY_FLAGGED
            await ws.send_str('{"type": "flag", "clue": 1}')
            assert (await receive(ws, "error"))["code"] == codes.MALFORMED
            await ws.close()

    asyncio.run(run())
    actions = host.room.students[1].recorder.actions
    assert sum(isinstance(a, FlagAction) for a in actions) == 1
    assert isinstance(actions[-1], FlagAction)
