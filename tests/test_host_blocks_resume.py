"""`wordstack host --mode blocks` killed with SIGKILL mid-round and started again with
--resume: every Blocks game comes back from the journal (grid, score, turn, last clue),
students rejoin with their token and play to the turn limit, and the results verify."""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import aiohttp
from test_host_blocks import play
from test_host_server import receive

from game.classroom import Verifier, find_result_files
from game.host.server import TEACHER_HEADER

TURNS = 5
START_SECONDS = 120.0  # loading the model in a fresh process on a busy machine


class BlocksHost:
    """A `wordstack host --no-window` subprocess of a Blocks round on 127.0.0.1."""

    def __init__(self, data_dir: Path, port: int, resume: bool = False) -> None:
        env = {**os.environ, "WORDSTACK_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "game", "host", "--no-window", "--bind", "127.0.0.1"]
        command += ["--port", str(port)]
        command += ["--resume"] if resume else ["--mode", "blocks", "--turns", str(TURNS)]
        self.port = port
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url, self.room = self.wait_for("Students open: ").split("  room code: ")
        self.round = self.wait_for("Round: ")
        self.token = self.wait_for("Teacher token: ")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float = START_SECONDS) -> str:
        """The rest of the next output line starting with ``prefix``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            if line.startswith(prefix):
                return line[len(prefix) :]
        raise AssertionError(f"the host printed no {prefix!r}: {''.join(self.output)[-2000:]}")

    def kill(self) -> None:
        """SIGKILL, as a crash or a power cut would stop it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_blocks_round_resumes_after_sigkill_and_its_results_verify(engine, tmp_path):
    first = BlocksHost(tmp_path, free_port())
    try:
        assert first.round == "Blocks, 5 turns (at most 3 minutes)"
        tokens, before = asyncio.run(play_first_part(first))
    finally:
        first.kill()
    second = BlocksHost(tmp_path, first.port, resume=True)
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


async def play_first_part(host: BlocksHost) -> tuple[dict, dict]:
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


async def rejoin_and_play_on(host: BlocksHost, tokens: dict, before: dict) -> None:
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
