"""`wordstack host --mode blocks` killed with SIGKILL mid-round and started again with
--resume: every Blocks game comes back from the journal (grid, score, turn, last clue),
students rejoin with their token and play to the turn limit, and the results verify."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from test_host_blocks import play
from test_host_resume import bench_module
from test_host_server import receive

from game.classroom import Verifier, find_result_files
from game.host.server import TEACHER_HEADER

TURNS = 5
START_SECONDS = 120.0  # loading the model in a fresh process on a busy machine


def blocks_host(data_dir: Path, port: int | None = None, resume: bool = False):
    """A `wordstack host --no-window` subprocess of a Blocks round on 127.0.0.1 (the
    benchmark's `Host`)."""
    extra = [] if resume else ["--mode", "blocks", "--turns", str(TURNS)]
    return bench_module().Host(3, data_dir, port=port, resume=resume, extra=extra)


def test_a_blocks_round_resumes_after_sigkill_and_its_results_verify(engine, tmp_path):
    first = blocks_host(tmp_path)
    try:
        assert first.round == "Blocks, 5 turns (at most 3 minutes)"
        tokens, before = asyncio.run(play_first_part(first))
    finally:
        first.kill()
    second = blocks_host(tmp_path, first.port, resume=True)
    try:
        assert (second.room, second.round) == (first.room, first.round)
        asyncio.run(rejoin_and_play_on(second, tokens, before))
        assert second.wait_for("Round over: ", 60) == "2 results saved"
        second.process.wait(timeout=30)
    finally:
        second.kill()
    verifier = Verifier(engine)
    verified = [verifier.verify_file(p) for p in find_result_files([tmp_path / "results"])]
    assert sorted(v.result.name for v in verified) == ["Ana", "Ben"]
    for entry in verified:
        assert entry.result.mode == "blocks" and not entry.result.ended_early
        assert entry.result.clues == TURNS and entry.outcome.final.game_over


async def play_first_part(host) -> tuple[dict, dict]:
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
            for turn in range(2):
                state = await play(ws, state, turn)
            states[name] = state
    return tokens, states


async def rejoin_and_play_on(host, tokens: dict, before: dict) -> None:
    async with aiohttp.ClientSession() as session:
        for name, token in tokens.items():
            ws = await session.ws_connect(host.url + "ws")
            await ws.send_json({"type": "rejoin", "token": token})
            assert (await receive(ws, "joined"))["name"] == name
            state = await receive(ws, "state", phase="playing")
            old = before[name]
            for key in ("score", "clues", "turn", "grid", "last"):
                assert state[key] == old[key], key
            for turn in range(2, TURNS):
                state = await play(ws, state, turn)
            assert state["game_over"] and state["end"] == "turns"
            await ws.close()
