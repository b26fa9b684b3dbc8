"""A hosted Blocks round with real clients over loopback and the real engine: students
join, every clue is ranked by the engine on the word blocks (through the ClueBatcher),
the Blocks rules play each game to its turn limit, or the host's clock ends it early;
every result file verifies; a bad message changes nothing."""

from __future__ import annotations

import asyncio
from functools import partial

import aiohttp
import pytest
from test_host_server import ManualClock, join, receive, receive_any, teacher

from game.classroom import Verifier, create_challenge, model_info, read_result
from game.classroom.results import ClueAction, RefusedAction
from game.clues import validate_clue
from game.host.batching import score_many
from game.host.journal import Journal
from game.host.room import CLUE_SECONDS, Room
from game.host.server import HostServer
from game.host.setup import explainer
from game.rules import BlocksState

SEED = 4242
TURNS = 5
MINUTES = 2
CLUES = (
    "ocean", "music", "winter", "animal", "kitchen", "travel", "money", "sport", "garden",
    "school", "doctor", "weather", "food", "house", "city", "family", "science", "game",
)  # fmt: skip


@pytest.fixture()
def blocks_host(engine, tmp_path):
    """A Blocks round of TURNS turns (at most MINUTES minutes) on 127.0.0.1, a manual
    clock, clues scored in batched passes as `wordstack host` does."""
    clock = ManualClock()
    challenge = create_challenge("default", mode="blocks", turns=TURNS, seed=SEED)
    room = Room(challenge, code="ABCD", clock=clock, minutes=MINUTES)
    journal = Journal.create(tmp_path / "journal.sqlite", room, "default")
    server = HostServer(
        room, journal, engine.scores, model_info(engine), tmp_path / "results",
        many=partial(score_many, engine), explainer=explainer(engine),
    )  # fmt: skip
    server.start_in_thread("127.0.0.1", 0)
    server.clock = clock  # type: ignore[attr-defined]
    yield server
    server.stop()


def grid_words(state: dict) -> list[str]:
    """The word blocks of a state message in the rules' order: column by column, bottom first."""
    return [b["word"] for column in state["grid"] for b in column if b["word"]]


def clue_for(state: dict, turn: int) -> str:
    """A legal clue for the grid (a different one each turn)."""
    words = grid_words(state)
    legal = [c for c in CLUES if validate_clue(c, words).ok]
    return legal[turn % len(legal)]


async def start(session, server) -> None:
    status, body = await teacher(session, server, "start")
    assert status == 200, body
    server.clock.advance(3.1)


async def play(ws, state: dict, turn: int) -> dict:
    """Send a clue and return the state that counts it."""
    clue = clue_for(state, turn)
    while True:
        await ws.send_json({"type": "clue", "clue": clue})
        while True:
            msg = await receive_any(ws, ("state", "refused"))
            if msg["type"] == "refused":
                assert msg["code"] == "too_fast", msg  # the rate limit: wait, send again
                await asyncio.sleep(CLUE_SECONDS)
                break
            if msg["clues"] == state["clues"] + 1:
                assert msg["last"]["clue"] == clue
                return msg


def test_a_blocks_round_joined_by_three_is_ranked_played_out_and_verified(
    blocks_host, engine, screenshot_dir
):
    host = blocks_host

    async def run():
        async with aiohttp.ClientSession() as session:
            sockets = {}
            for name in ("Ana", "Ben", "Cy"):
                ws, _, state = await join(session, host, name)
                assert state["mode"] == "blocks" and state["round"].startswith("Blocks, 5 turns")
                sockets[name] = ws
            await start(session, host)
            states = {}
            for name, ws in sockets.items():
                states[name] = await receive(ws, "state", phase="playing")
                first = states[name]
                assert (first["columns"], first["rows"], first["turn_limit"]) == (8, 12, TURNS)
                assert first["turn"] == 0 and first["last"] is None
            for turn in range(TURNS):
                for number, (name, ws) in enumerate(sockets.items(), start=1):
                    before = states[name]
                    words = grid_words(before)
                    student = host.room.students[number]
                    assert list(student.state.words) == words  # the page draws the host's grid
                    after = await play(ws, before, turn * 3 + number)  # their own clues
                    # The ranking is the engine's of every word block, best first; the
                    # Blocks rules chose the first and scored its group.
                    clue = after["last"]["clue"]
                    expected = [r.word for r in engine.rank(clue, words)]
                    assert [r["word"] for r in after["last"]["ranking"]] == expected
                    assert after["last"]["chosen"] == expected[0]
                    assert after["score"] == before["score"] + after["last"]["points"]
                    assert after["turn"] == turn + 1 and after["clues"] == turn + 1
                    assert after["score"] == student.state.score
                    states[name] = after
            for state in states.values():
                assert state["game_over"] and state["end"] == "turns"
            top = host.room.top()  # the live top 10: each score and clue count as played
            assert {(line.name, line.score, line.clues) for line in top} == {
                (name, state["score"], TURNS) for name, state in states.items()
            }
            for ws in sockets.values():
                await ws.close()

    asyncio.run(run())
    assert host.service.batcher is not None and host.service.batcher.passes >= TURNS
    wait_concluded(host)
    paths = host.result_paths()
    assert len(paths) == 3
    verifier = Verifier(engine)
    for path in paths:
        verified = verifier.verify_file(path)
        result = verified.result
        student = next(s for s in host.room.active() if s.name == result.name)
        assert result.mode == "blocks" and not result.ended_early
        assert result.score == student.state.score and result.clues == TURNS
        assert isinstance(verified.outcome.final, BlocksState)
        assert verified.outcome.final.turn == TURNS
    folder = paths[0].parent
    assert list(folder.glob("*_class.csv")) and list(folder.glob("*_report.html"))
    assert host.snapshot.errors == ()
    # The podium and the lesson (per chosen word) of the verified Blocks results.
    standings = host.snapshot.standings
    assert sorted(s.name for s in standings) == ["Ana", "Ben", "Cy"]
    assert [s.score for s in standings] == sorted((s.score for s in standings), reverse=True)
    assert host.snapshot.lesson
    from test_host_browser_blocks import draw_projector

    for size in ((800, 500), (1280, 720)):
        draw_projector(host, screenshot_dir / f"host_blocks_end_{size[0]}x{size[1]}.png", size)


def test_the_hosts_clock_ends_a_blocks_round_early_and_the_results_still_verify(
    blocks_host, engine
):
    host = blocks_host

    async def run():
        async with aiohttp.ClientSession() as session:
            ana, _, _ = await join(session, host, "Ana")
            ben, _, _ = await join(session, host, "Ben")
            await start(session, host)
            state = await receive(ana, "state", phase="playing")
            await receive(ben, "state", phase="playing")
            for turn in range(2):
                host.clock.advance(5)
                state = await play(ana, state, turn)
            # Time does not move a Blocks grid: only clues do.
            host.clock.advance(30)
            await asyncio.sleep(0.6)
            assert host.room.students[1].state.turn == 2
            host.clock.advance(MINUTES * 60)  # the bell: every game still running ends now
            over = await receive(ana, "state", phase="finished")
            assert over["end"] == "time" and over["time_up"] and not over["game_over"]
            await ana.send_json({"type": "clue", "clue": "ocean"})
            assert (await receive(ana, "refused"))["code"] == "not_playing"
            await ana.close()
            await ben.close()

    asyncio.run(run())
    wait_concluded(host)
    verifier = Verifier(engine)
    results = {read_result(p).name: verifier.verify_file(p) for p in host.result_paths()}
    assert set(results) == {"Ana", "Ben"}
    for name, clues in (("Ana", 2), ("Ben", 0)):
        result = results[name].result
        assert result.ended_early and result.clues == clues
        # The replay keeps the round's ticks: the clues 5 and 10 s in, the end at the bell.
        ticks = [a.tick for a in result.replay.actions]
        assert ticks == sorted(ticks) and result.replay.end_tick == host.room.time_limit
    assert results["Ana"].result.score == host.room.students[1].state.score


def test_bad_messages_in_a_blocks_round_are_refused_and_change_nothing(blocks_host):
    host = blocks_host

    async def run():
        async with aiohttp.ClientSession() as session:
            ws, _, _ = await join(session, host, "Ana")
            await start(session, host)
            state = await receive(ws, "state", phase="playing")
            student = host.room.students[1]
            before = (student.state, list(student.recorder.actions))
            for text in (
                '{"type": "clue", "clue": "ocean", "scores": [1, 1, 1]}',  # no scores from a page
                '{"type": "clue", "clue": 7}',
                '{"type": "clue"}',
                '{"type": "hint"}',
                "[" * 5000,
                "not json",
                '{"type": "clue", "clue": "' + "x" * 2000 + '"}',
            ):
                await ws.send_str(text)
                error = await receive(ws, "error")
                assert error["code"] in ("malformed", "unknown_type", "too_large", "too_deep")
            assert (student.state, list(student.recorder.actions)) == before
            # A word of the grid is no clue: refused by the same check, recorded, free.
            word = grid_words(state)[0]
            await ws.send_json({"type": "clue", "clue": word})
            refused = await receive_any(ws, ("refused",))
            assert refused["code"] != "malformed" and student.state == before[0]
            assert isinstance(student.recorder.actions[-1], RefusedAction)
            # Flagging a clue never played is refused; then a legal clue plays as ever.
            await ws.send_json({"type": "flag", "clue": "ocean"})
            assert (await receive(ws, "refused"))["code"] == "no_clue"
            after = await play(ws, state, 0)
            assert after["turn"] == 1
            # "Why?" explains the last clue's ranking of the word blocks.
            await ws.send_json({"type": "why"})
            why = await receive(ws, "why")
            ranked = [r["word"] for r in after["last"]["ranking"]]
            assert why["clue"] == after["last"]["clue"]
            assert [w["word"] for w in why["words"]] == ranked
            assert isinstance(student.recorder.actions[-1], ClueAction)
            await ws.send_json({"type": "flag", "clue": after["last"]["clue"]})
            flagged = await receive(ws, "state", clues=1)
            assert flagged["last"]["flagged"]
            await ws.close()

    asyncio.run(run())


def test_the_host_set_up_and_cli_refuse_a_bad_blocks_round(tmp_path, monkeypatch, capsys):
    from game.cli import main

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    for argv, message in (
        (["host", "--mode", "blocks", "--turns", "7"], "--turns must be 5-80 in steps of 5"),
        (["host", "--turns", "10"], "--turns is for a Blocks round"),
        (["host", "--mode", "blocks", "--zone", "3"], "--zone is for an Arcade round"),
        (["host", "--resume", "--mode", "blocks"], "--resume continues the journaled round"),
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert message in err and len(err.splitlines()) == 1
    blocks = create_challenge("default", mode="blocks", turns=10, seed=1).code
    assert main(["host", "--challenge", blocks, "--mode", "arcade"]) == 2
    assert "a Blocks code" in capsys.readouterr().err


def wait_concluded(host, seconds: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not host.concluded and time.monotonic() < deadline:
        time.sleep(0.05)
    assert host.concluded, host.snapshot.errors


def test_the_projector_says_it_is_a_blocks_round(blocks_host, screenshot_dir):
    """The lobby and the live page name the round; drawn at three sizes to be looked at."""
    from test_host_browser_blocks import draw_projector

    host = blocks_host
    assert host.room.description == "Blocks, 5 turns (at most 2 minutes)"

    async def run():
        async with aiohttp.ClientSession() as session:
            sockets = [(await join(session, host, name))[0] for name in ("Ana", "Ben")]
            host.service.refresh_snapshot()
            for size in ((800, 500), (1600, 1000)):
                name = f"host_blocks_lobby_{size[0]}x{size[1]}.png"
                draw_projector(host, screenshot_dir / name, size)
            await start(session, host)
            state = await receive(sockets[0], "state", phase="playing")
            await play(sockets[0], state, 0)
            await asyncio.sleep(1.1)  # the next top 10
            host.service.refresh_snapshot()
            lines = {line.name: line for line in host.snapshot.top}
            assert (lines["Ana"].clues, lines["Ben"].clues) == (1, 0)
            for size in ((800, 500), (1600, 1000), (1280, 720)):
                name = f"host_blocks_round_{size[0]}x{size[1]}.png"
                draw_projector(host, screenshot_dir / name, size)
            for ws in sockets:
                await ws.close()

    asyncio.run(run())
