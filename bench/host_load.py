"""Load on the classroom host: simulated students over loopback against one real host.

Starts `wordstack host --no-window --bind 127.0.0.1` in a subprocess (the real server
and engine), joins N students over WebSocket, starts the round with the teacher token,
and has every student send a legal clue every --every seconds until the round ends.
Reports the clue -> ranking round trip (p50/p95/max), messages per second, errors and
result files saved. --sweep runs shorter 1-minute rounds at several class sizes to find
where p95 passes the target.

Usage: python bench/host_load.py [--students 60] [--minutes 3] [--every 2]
                                 [--sweep 60,90,120,150] [--target-ms 150]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from _common import format_header, format_table, machine_info, percentiles

from game.clues import REASONS, validate_clue

START_TIMEOUT = 300.0
REPLY_TIMEOUT = 10.0
CLUES = (
    "ocean", "music", "winter", "animal", "kitchen", "travel", "money", "sport", "garden",
    "school", "doctor", "weather", "food", "house", "city", "family", "science", "game",
    "tree", "fire", "water", "light", "road", "bird", "metal", "clothes", "body", "time",
    "story", "machine", "color", "party", "health", "war", "art", "farm", "space", "ship",
)  # fmt: skip


@dataclass
class LoadStats:
    """What the simulated class measured."""

    round_trips: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Clues refused because a word arrived on the stack just before them (not errors).
    refused: int = 0
    sent: int = 0
    received: int = 0


class Host:
    """A `wordstack host --no-window` subprocess on 127.0.0.1 (also used by the tests)."""

    def __init__(
        self, minutes: int, data_dir: Path, port: int | None = None, resume: bool = False
    ) -> None:
        self.port = port or free_port()
        env = {**os.environ, "WORDSTACK_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "game", "host", "--no-window", "--bind", "127.0.0.1"]
        command += ["--port", str(self.port), "--minutes", str(minutes)]
        command += ["--resume"] if resume else []
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        self.output: list[str] = []
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url, self.room = self.wait_for("Students open: ").split("  room code: ")
        self.token = self.wait_for("Teacher token: ")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float = START_TIMEOUT) -> str:
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
        raise RuntimeError(f"the host printed no {prefix!r}: {''.join(self.output)[-2000:]}")

    def stop(self) -> None:
        """End the host process if it still runs."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def kill(self) -> None:
        """SIGKILL, as a crash or a power cut would stop it."""
        self.process.kill()
        self.process.wait(timeout=30)


def student_address(number: int) -> str:
    """A loopback address of its own for simulated student ``number`` (1-based)."""
    return f"127.0.{number // 250}.{number % 250 + 2}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Student:
    """One simulated student: joins, then sends a clue every few seconds."""

    def __init__(self, number: int, stats: LoadStats, rng: random.Random) -> None:
        self.number = number
        self.name = f"Student {number}"
        self.stats = stats
        self.rng = rng
        self.state: dict = {}
        self.reply: asyncio.Future | None = None
        self.over = False

    async def run(self, host: Host, started: asyncio.Event, every: float, offset: float):
        """Join, wait for the start, play until the round or the game ends."""
        import aiohttp

        # Each simulated device has an address of its own (any 127.x.y.z reaches this
        # machine), as in a classroom: the host limits joins per address.
        connector = aiohttp.TCPConnector(local_addr=(student_address(self.number), 0))
        try:
            async with (
                aiohttp.ClientSession(connector=connector) as session,
                session.ws_connect(host.url + "ws") as ws,
            ):
                await self._send(ws, {"type": "join", "room": host.room, "name": self.name})
                reader = asyncio.create_task(self._read(ws))
                await started.wait()
                await asyncio.sleep(offset)
                while not self.over:
                    await self._clue(ws)
                    await asyncio.sleep(every)
                reader.cancel()
        except Exception as exc:  # a benchmark reports every failure, of any kind
            self.stats.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")

    async def _send(self, ws, message: dict) -> None:
        self.stats.sent += 1
        await ws.send_str(json.dumps(message))

    async def _clue(self, ws) -> None:
        while self.state.get("phase") != "playing" and not self.over:
            await asyncio.sleep(0.05)
        words = [w["word"] for w in self.state.get("stack", ())]
        clue = self.rng.choice([c for c in CLUES if validate_clue(c, words).ok])
        self.reply = asyncio.get_running_loop().create_future()
        sent = time.perf_counter()
        await self._send(ws, {"type": "clue", "clue": clue})
        try:
            answer = await asyncio.wait_for(self.reply, REPLY_TIMEOUT)
        except asyncio.TimeoutError:
            self.stats.errors.append(f"{self.name}: no answer in {REPLY_TIMEOUT:g} s")
            return
        if answer["type"] == "state":
            self.stats.round_trips.append(time.perf_counter() - sent)
        elif answer["type"] == "refused" and answer.get("code") in REASONS:
            self.stats.round_trips.append(time.perf_counter() - sent)
            self.stats.refused += 1
        elif answer.get("code") not in ("not_playing", "game_over"):
            self.stats.errors.append(f"{self.name}: {answer}")

    async def _read(self, ws) -> None:
        async for msg in ws:
            self.stats.received += 1
            data = json.loads(msg.data)
            if data["type"] == "state":
                clues_before = self.state.get("clues", 0)
                self.state = data
                self.over = data["game_over"] or data["phase"] == "finished"
                if data["clues"] > clues_before and self._waiting():
                    self.reply.set_result(data)  # type: ignore[union-attr]
            elif data["type"] in ("refused", "error"):
                if data["type"] == "refused" and data.get("code") == "not_playing":
                    self.over = True
                if self._waiting():
                    self.reply.set_result(data)  # type: ignore[union-attr]
                else:
                    self.stats.errors.append(f"{self.name}: {data}")
        self.over = True

    def _waiting(self) -> bool:
        return self.reply is not None and not self.reply.done()


async def load_round(host: Host, students: int, every: float, seed: int) -> tuple[LoadStats, float]:
    """Play one round with ``students`` simulated students; returns stats and seconds played."""
    import aiohttp

    stats = LoadStats()
    rng = random.Random(seed)
    started = asyncio.Event()
    class_ = [Student(i + 1, stats, random.Random(rng.random())) for i in range(students)]
    async with aiohttp.ClientSession() as session:
        tasks = [
            asyncio.create_task(s.run(host, started, every, every * i / students))
            for i, s in enumerate(class_)
        ]
        while sum(1 for s in class_ if s.state) < students:
            await asyncio.sleep(0.1)
        headers = {"X-Teacher-Token": host.token}
        async with session.post(host.url + "teacher/start", headers=headers) as response:
            response.raise_for_status()
        begin = time.perf_counter()
        started.set()
        await asyncio.gather(*tasks)
        return stats, time.perf_counter() - begin


def run_round(students: int, minutes: int, every: float, seed: int) -> dict[str, object]:
    """One host, one round: the figures of a row of the report."""
    with tempfile.TemporaryDirectory(prefix="wordstack-load-") as folder:
        host = Host(minutes, Path(folder))
        try:
            stats, seconds = asyncio.run(load_round(host, students, every, seed))
            saved_line = host.wait_for("Round over: ", timeout=120)
        finally:
            host.stop()
        saved = len(list((Path(folder) / "results").glob("*.json")))
    trips = [t * 1000 for t in stats.round_trips]
    p = percentiles(trips, (50, 95))
    return {
        "students": students,
        "clues": len(trips),
        "p50_ms": p["p50"],
        "p95_ms": p["p95"],
        "max_ms": max(trips, default=float("nan")),
        "msgs_per_s": (stats.sent + stats.received) / seconds,
        "errors": len(stats.errors),
        "refused": stats.refused,
        "saved": f"{saved}/{students}",
        "host_said": saved_line,
        "first_errors": stats.errors[:3],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--minutes", type=int, default=3, help="round length (1-16)")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between clues")
    parser.add_argument("--sweep", default="", help="class sizes for 1-minute rounds, e.g. 90,120")
    parser.add_argument("--target-ms", type=float, default=150.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    info = machine_info()
    info.update(students=args.students, minutes=args.minutes, every_s=args.every)
    print(format_header("Classroom host load (loopback; shared, loaded machine)", info))
    headers = ["students", "clues", "refused", "p50_ms", "p95_ms", "max_ms", "msgs_per_s"]
    headers += ["errors", "saved"]
    rows = []
    sizes = [(args.students, args.minutes)]
    sizes += [(int(n), 1) for n in args.sweep.split(",") if n.strip()]
    for students, minutes in sizes:
        print(f"... {students} students, {minutes}-minute round", file=sys.stderr, flush=True)
        row = run_round(students, minutes, args.every, args.seed)
        for error in row["first_errors"]:  # type: ignore[union-attr]
            print(f"    error: {error}", file=sys.stderr)
        rows.append([row[h] for h in headers])
        print(format_table(headers, rows[-1:]), flush=True)
    print()
    print(format_table(headers, rows))
    over = [row[0] for row in rows if row[4] > args.target_ms]
    print(
        f"p95 target {args.target_ms:g} ms: "
        + (f"passed first at {min(over)} students" if over else "not passed at any size run")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
