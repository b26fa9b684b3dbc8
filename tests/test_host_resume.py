"""`wordstack host --resume` after the host process was killed with SIGKILL mid-round:
every student's game is back, students rejoin with their token and play on, and the
results of the round are written and verified."""

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
from test_host_server import good_clue, receive

from game.classroom import Verifier, find_result_files
from game.host.server import TEACHER_HEADER

START_TIMEOUT = 180  # model load on a loaded 2-core machine
ROUND_SECONDS = 60


class HostProcess:
    """`wordstack host --no-window` in a subprocess, its output read on a thread."""

    def __init__(self, data_dir: Path, port: int, resume: bool) -> None:
        env = {**os.environ, "WORDSTACK_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "game", "host", "--no-window", "--bind", "127.0.0.1"]
        command += ["--port", str(port), "--minutes", "1"] + (["--resume"] if resume else [])
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._line_after("Students open: ").split()[0]
        self.room = self._line_after("Students open: ").split()[-1]
        self.token = self._line_after("Teacher token: ")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line.rstrip("\n"))

    def _line_after(self, prefix: str) -> str:
        for line in self.output:
            if line.startswith(prefix):
                return line.rstrip("\n")[len(prefix) :]
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if line.startswith(prefix):
                return line[len(prefix) :]
        raise AssertionError(f"host printed no {prefix!r}: {''.join(self.output)}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_resume_after_sigkill_restores_every_game_and_saves_results(engine, tmp_path):
    port = free_port()
    first = HostProcess(tmp_path, port, resume=False)
    try:
        tokens, before = asyncio.run(play_first_part(first, engine))
    finally:
        first.kill()
    second = HostProcess(tmp_path, port, resume=True)
    try:
        assert second.room == first.room
        asyncio.run(rejoin_and_play_on(second, engine, tokens, before))
        second.process.wait(timeout=ROUND_SECONDS + 60)  # exits by itself after the round
    finally:
        if second.process.poll() is None:
            second.kill()
    out = "".join(second.output)
    assert "Round over: 2 results saved" in out, out
    files = find_result_files([tmp_path / "results"])
    verified = [Verifier(engine).verify_file(path) for path in files]
    assert sorted(v.result.name for v in verified) == ["Ana", "Ben"]
    assert all(v.result.clues >= 3 for v in verified)
    assert list((tmp_path / "results").glob("*_class.csv"))


async def play_first_part(host: HostProcess, engine) -> tuple[dict, dict]:
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
            for number in (1, 2):
                await ws.send_json({"type": "clue", "clue": good_clue(engine, state)})
                state = await receive(ws, "state", clues=number)
            states[name] = state
    return tokens, states


async def rejoin_and_play_on(host: HostProcess, engine, tokens: dict, before: dict) -> None:
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
            await ws.send_json({"type": "clue", "clue": good_clue(engine, state)})
            after = await receive(ws, "state", clues=3)
            assert after["score"] >= old["score"]
            await ws.close()
