"""`wordstack host --resume` after the host process was killed with SIGKILL mid-round:
every student's game is back, students rejoin with their token and play on, and the
results of the round are written and verified."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import aiohttp
from test_host_server import play_clue, receive

from game.classroom import Verifier, find_result_files
from game.host.server import TEACHER_HEADER

BENCH = Path(__file__).resolve().parent.parent / "bench" / "host_load.py"
ROUND_SECONDS = 60


def bench_module():
    """bench/host_load.py, whose Host runs `wordstack host --no-window` in a subprocess."""
    sys.path.insert(0, str(BENCH.parent))
    spec = importlib.util.spec_from_file_location("host_load", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["host_load"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_resume_after_sigkill_restores_every_game_and_saves_results(engine, tmp_path):
    Host = bench_module().Host
    first = Host(1, tmp_path)
    try:
        tokens, before = asyncio.run(play_first_part(first, engine))
    finally:
        first.kill()
    second = Host(1, tmp_path, port=first.port, resume=True)
    try:
        assert second.room == first.room
        asyncio.run(rejoin_and_play_on(second, engine, tokens, before))
        # The resumed host ends the round by itself, saves the results and exits.
        assert second.wait_for("Round over: ", ROUND_SECONDS + 60) == "2 results saved"
        second.process.wait(timeout=30)
    finally:
        second.kill()
    files = find_result_files([tmp_path / "results"])
    verified = [Verifier(engine).verify_file(path) for path in files]
    assert sorted(v.result.name for v in verified) == ["Ana", "Ben"]
    assert all(v.result.clues >= 3 for v in verified)
    assert list((tmp_path / "results").glob("*_class.csv"))
    assert list((tmp_path / "results").glob("*_report.html"))


async def play_first_part(host, engine) -> tuple[dict, dict]:
    tokens, states = {}, {}
    async with aiohttp.ClientSession() as session:
        sockets = {}
        for name in ("Ana", "Ben"):
            ws = await session.ws_connect(host.url + "ws")
            await ws.send_json({"type": "join", "room": host.room, "name": name})
            tokens[name] = (await receive(ws, "joined"))["token"]
            sockets[name] = ws
        headers = {TEACHER_HEADER: host.token}
        async with session.post(host.url + "teacher/start", headers=headers) as response:
            assert response.status == 200
        for name, ws in sockets.items():
            state = await receive(ws, "state", phase="playing")
            for _ in (1, 2):  # a miss's cooldown is waited out
                state = await play_clue(ws, engine, state)
            states[name] = state
    return tokens, states


async def rejoin_and_play_on(host, engine, tokens: dict, before: dict) -> None:
    async with aiohttp.ClientSession() as session:
        for name, token in tokens.items():
            ws = await session.ws_connect(host.url + "ws")
            await ws.send_json({"type": "rejoin", "token": token})
            assert (await receive(ws, "joined"))["name"] == name
            state = await receive(ws, "state")
            old = before[name]
            assert (state["score"], state["clues"]) == (old["score"], old["clues"])
            assert state["last"] == old["last"]
            # Words that arrived since are on top; the words that were there are still there.
            words = [w["word"] for w in state["stack"]]
            assert words[: len(old["stack"])] == [w["word"] for w in old["stack"]]
            after = await play_clue(ws, engine, state)
            assert after["clues"] == 3
            assert after["score"] >= old["score"]
            await ws.close()
