"""Load on the classroom host: simulated students over loopback against one real host.

Starts `wordstack host --no-window --bind 127.0.0.1` in a subprocess (the real server
and engine), joins N students over WebSocket, starts the round with the teacher token,
and has every student send a legal clue every --every seconds on average (each pause
drawn from 0.5-1.5 times it, the first spread over one interval) until the round ends (or
the teacher ends it after --minutes, which may be a fraction). A --novel share of each
student's clues is text the host has never embedded (misspellings, two-word phrases,
invented words: a full transformer pass each); an --aim share of the others is the
clue-vocabulary word closest to the student's target (so games last and clear words, as
real players' do), the rest are 38 common words (each embedded at its first use, then
cached).
Reports the clue -> ranking round trip (p50/p95/p99/max) for novel clues, cached ones and
all, the host process's CPU time and peak RSS, messages per second, errors and result
files saved, with the core count and load average. --sweep runs several class sizes and
names the largest whose p95 held the target; --no-batch ranks every clue alone, --both
runs each size both ways. Everything runs on 127.0.0.1, every loop is bounded.

The class plays from several processes (one per 50 students, --processes to choose): one
Python event loop serving 300 students' sockets delays the replies it times by far more
than the host takes, so a single-process class measured its own loop, not the host. The
busiest class process's CPU share is printed (class_cpu) to show it kept up.

Usage: python bench/host_load.py [--students 60] [--minutes 3] [--every 2] [--novel 0.3]
                                 [--sweep 60,120,200,300,400] [--target-ms 100]
                                 [--no-batch | --both] [--processes N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import queue
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from _common import format_header, format_table, machine_info, percentiles
from _novel import known_texts, novel_clue
from _process import cpu_seconds, load_average, peak_rss_mb, rss_mb
from _simulate import aimed_clues

from game.clues import REASONS, validate_clue

START_TIMEOUT = 300.0
REPLY_TIMEOUT = 10.0
CLUES = (
    "ocean", "music", "winter", "animal", "kitchen", "travel", "money", "sport", "garden",
    "school", "doctor", "weather", "food", "house", "city", "family", "science", "game",
    "tree", "fire", "water", "light", "road", "bird", "metal", "clothes", "body", "time",
    "story", "machine", "color", "party", "health", "war", "art", "farm", "space", "ship",
)  # fmt: skip


NOVEL, CACHED = "novel", "cached"
WATCH_SECONDS = 0.2
JOIN_TIMEOUT = 300.0  # seconds for the whole class to join
END_GRACE = 120.0  # seconds past the round's end for the students to finish
STUDENTS_PER_PROCESS = 50


@dataclass
class LoadStats:
    """What the simulated class measured."""

    # Round trips in seconds, by kind of clue (NOVEL or CACHED).
    round_trips: dict[str, list[float]] = field(default_factory=lambda: {NOVEL: [], CACHED: []})
    errors: list[str] = field(default_factory=list)
    # Clues refused because a word arrived on the stack just before them (not errors).
    refused: int = 0
    sent: int = 0
    received: int = 0


class Host:
    """A `wordstack host --no-window` subprocess on 127.0.0.1 (also used by the tests)."""

    def __init__(
        self,
        minutes: int,
        data_dir: Path,
        port: int | None = None,
        resume: bool = False,
        batch: bool = True,
        max_players: int | None = None,
        extra: Sequence[str] = (),
    ) -> None:
        self.port = port or free_port()
        env = {**os.environ, "WORDSTACK_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "game", "host", "--no-window", "--bind", "127.0.0.1"]
        command += ["--port", str(self.port), "--minutes", str(minutes)]
        command += ["--resume"] if resume else []
        command += [] if batch else ["--no-batch"]
        command += ["--max-players", str(max_players)] if max_players else []
        command += list(extra)  # e.g. --mode blocks --turns 5
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        self.cpu = math.nan  # CPU seconds and peak RSS, kept while the process lives
        self.peak_mb = math.nan
        self.rss: list[tuple[float, float]] = []  # (monotonic time, RSS in MB), every 0.2 s
        self.began = math.nan  # monotonic time the round started
        threading.Thread(target=self._watch, daemon=True).start()
        self.output: list[str] = []
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url, self.room = self.wait_for("Students open: ").split("  room code: ")
        self.round = self.wait_for("Round: ")  # e.g. "Arcade, 1 minute, clear zone 4"
        self.token = self.wait_for("Teacher token: ")

    def _watch(self) -> None:
        """Read the process's CPU time and peak RSS until it ends (its /proc goes then)."""
        while self.process.poll() is None:
            cpu, peak = cpu_seconds(self.process.pid), peak_rss_mb(self.process.pid)
            if not math.isnan(peak):
                self.cpu, self.peak_mb = cpu, peak
                self.rss.append((time.monotonic(), rss_mb(self.process.pid)))
            time.sleep(WATCH_SECONDS)

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

    def __init__(
        self,
        number: int,
        stats: LoadStats,
        rng: random.Random,
        novel: float = 0.0,
        aimed: dict[str, str] | None = None,
        aim: float = 0.0,
    ) -> None:
        self.number = number
        self.aimed = aimed or {}  # pack word -> a clue close to it
        self.aim = aim  # share of the other clues aimed at the target
        self.name = f"Student {number}"
        self.stats = stats
        self.rng = rng
        self.novel = novel  # share of clues the host has never embedded
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
                # The offset counts from the first playing state (after the countdown):
                # a class that all sent at once at the start would stay in step for good.
                while self.state.get("phase") != "playing" and not self.over:
                    await asyncio.sleep(0.05)
                await asyncio.sleep(offset)
                while not self.over:
                    await self._clue(ws)
                    # People do not type in step: each pause is every x 0.5-1.5 (mean every).
                    await asyncio.sleep(every * (0.5 + self.rng.random()))
                reader.cancel()
        except Exception as exc:  # a benchmark reports every failure, of any kind
            self.stats.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")

    async def _send(self, ws, message: dict) -> None:
        self.stats.sent += 1
        await ws.send_str(json.dumps(message))

    async def _clue(self, ws) -> None:
        while self.state.get("phase") != "playing" and not self.over:
            await asyncio.sleep(0.05)
        words, target = self._words_and_target()
        kind = NOVEL if self.rng.random() < self.novel else CACHED
        aimed = self.aimed.get(target) if target else None
        if kind == NOVEL:
            clue = novel_clue(self.rng, words, known_texts(CLUES))
        elif aimed and self.rng.random() < self.aim and validate_clue(aimed, words).ok:
            clue = aimed
        else:
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
            self.stats.round_trips[kind].append(time.perf_counter() - sent)
        elif answer["type"] == "refused" and answer.get("code") in (*REASONS, "cooldown"):
            self.stats.round_trips[kind].append(time.perf_counter() - sent)
            self.stats.refused += 1
        elif answer.get("code") not in ("not_playing", "game_over"):
            self.stats.errors.append(f"{self.name}: {answer}")

    def _words_and_target(self) -> tuple[list[str], str | None]:
        """The words in play and the one to aim at: an Arcade stack's target, or (Blocks) a
        word block drawn at random."""
        if "grid" in self.state:
            words = [b["word"] for column in self.state["grid"] for b in column if b["word"]]
            return words, self.rng.choice(words) if words else None
        stack = self.state.get("stack", ())
        targets = [w["word"] for w in stack if w["target"]]
        return [w["word"] for w in stack], targets[0] if targets else None

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


@dataclass(frozen=True)
class ClassPart:
    """What one class process plays: its students (numbers and seeds) and how they play."""

    url: str
    room: str
    numbers: list[int]
    seeds: list[float]
    students: int  # in the whole class: the first clues spread over one interval of it
    every: float
    novel: float
    aim: float
    aimed: dict[str, str]


def _class_worker(conn: Connection, part: ClassPart) -> None:
    """A process of its own playing some of the class's students (see `load_round`)."""
    try:
        stats, cpu_share = asyncio.run(_play_part(conn, part))
        conn.send(("done", asdict(stats), cpu_share))  # plain data: no class to unpickle
    except Exception as exc:  # reported by the parent, never lost
        conn.send(("failed", f"{type(exc).__name__}: {exc}", math.nan))


async def _play_part(conn: Connection, part: ClassPart) -> tuple[LoadStats, float]:
    """Join these students, say so, wait for the go, play; the stats and this process's
    CPU share of one core while playing."""
    stats = LoadStats()
    started = asyncio.Event()
    host = SimpleNamespace(url=part.url, room=part.room)
    every = part.every
    class_ = [
        Student(n, stats, random.Random(s), part.novel, part.aimed, part.aim)
        for n, s in zip(part.numbers, part.seeds, strict=True)
    ]
    tasks = [
        asyncio.create_task(s.run(host, started, every, every * (s.number - 1) / part.students))
        for s in class_
    ]
    deadline = time.monotonic() + JOIN_TIMEOUT
    while sum(1 for s in class_ if s.state) < len(class_):
        if time.monotonic() > deadline or all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.1)
    loop = asyncio.get_running_loop()
    conn.send(("joined", sum(1 for s in class_ if s.state), stats.errors[:3]))
    await loop.run_in_executor(None, conn.recv)  # the round has started
    cpu, wall = time.process_time(), time.perf_counter()
    started.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 16 * 60 + END_GRACE)
    return stats, (time.process_time() - cpu) / max(time.perf_counter() - wall, 1e-9)


def class_processes(students: int) -> int:
    """How many processes play a class: one per 50 students, so that no process's own
    event loop delays the replies it times (one loop for 300 students added ~10x)."""
    return max(1, math.ceil(students / STUDENTS_PER_PROCESS))


async def load_round(
    host: Host,
    students: int,
    every: float,
    seed: int,
    novel: float,
    seconds: float | None,
    processes: int | None = None,
    aim: float = 0.0,
) -> tuple[LoadStats, float, float, float]:
    """Play one round with ``students`` simulated students spread over ``processes``
    processes (the teacher ends it after ``seconds`` when given); returns the merged
    stats, seconds played, the host's CPU seconds at the start and the busiest class
    process's CPU share."""
    import aiohttp

    rng = random.Random(seed)
    seeds = [rng.random() for _ in range(students)]  # the same students however split
    count = min(students, processes or class_processes(students))
    aimed = aimed_clues() if aim > 0 else {}
    context = multiprocessing.get_context("spawn")
    workers = []
    for k in range(count):
        numbers = list(range(k + 1, students + 1, count))
        parent, child = context.Pipe()
        part = ClassPart(
            host.url, host.room, numbers, [seeds[n - 1] for n in numbers], students, every,
            novel, aim, aimed,
        )  # fmt: skip
        process = context.Process(target=_class_worker, args=(child, part), daemon=True)
        process.start()
        workers.append((process, parent))
    loop = asyncio.get_running_loop()

    async def receive(conn: Connection, timeout: float) -> tuple:
        if not await loop.run_in_executor(None, conn.poll, timeout):
            raise RuntimeError(f"a class process said nothing in {timeout:g} s")
        return await loop.run_in_executor(None, conn.recv)

    stats = LoadStats()
    try:
        joined = [await receive(conn, JOIN_TIMEOUT + 60) for _, conn in workers]
        if sum(j[1] for j in joined) < students:
            said = [e for j in joined for e in j[2]]
            raise RuntimeError(f"only {sum(j[1] for j in joined)} students joined: {said}")
        async with aiohttp.ClientSession() as session:
            headers = {"X-Teacher-Token": host.token}
            cpu_before = cpu_seconds(host.process.pid)
            async with session.post(host.url + "teacher/start", headers=headers) as response:
                response.raise_for_status()
            begin = time.perf_counter()
            host.began = time.monotonic()
            for _, conn in workers:
                conn.send("go")
            if seconds is not None:
                await asyncio.sleep(seconds)
                # Refused only if the round ended by itself just now: nothing to do then.
                async with session.post(host.url + "teacher/end", headers=headers):
                    pass
            limit = (0 if seconds else 16 * 60) + END_GRACE
            results = [await receive(conn, limit) for _, conn in workers]
            played = time.perf_counter() - begin
    finally:
        for process, _ in workers:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    shares = []
    for kind, part, share in results:
        if kind == "failed":
            stats.errors.append(f"class process: {part}")
            continue
        for clue_kind, trips in part["round_trips"].items():
            stats.round_trips[clue_kind].extend(trips)
        stats.errors.extend(part["errors"])
        stats.refused += part["refused"]
        stats.sent += part["sent"]
        stats.received += part["received"]
        shares.append(share)
    return stats, played, cpu_before, max(shares, default=math.nan)


def run_round(
    students: int,
    minutes: float,
    every: float,
    seed: int,
    novel: float,
    batch: bool,
    processes: int | None = None,
    aim: float = 0.0,
    blocks_turns: int = 0,
) -> dict[str, object]:
    """One host, one round (Blocks when ``blocks_turns``): the figures of a row of the
    report."""
    whole = max(1, math.ceil(minutes))
    seconds = None if whole == minutes else minutes * 60
    with tempfile.TemporaryDirectory(prefix="wordstack-load-") as folder:
        # The room takes 300 by default: a bigger class raises the cap, as a teacher would.
        extra = ["--mode", "blocks", "--turns", str(blocks_turns)] if blocks_turns else []
        host = Host(whole, Path(folder), batch=batch, max_players=max(students, 300), extra=extra)
        try:
            stats, played, cpu_before, class_share = asyncio.run(
                load_round(host, students, every, seed, novel, seconds, processes, aim)
            )
            saved_line = host.wait_for("Round over: ", timeout=END_GRACE)
            host.process.wait(timeout=END_GRACE)  # it exits once the round is saved
        finally:
            host.stop()
        # Round and results, from the start to the last reading before the host exited.
        cpu, peak = host.cpu - cpu_before, host.peak_mb
        saved = len(list((Path(folder) / "results").glob("*.json")))
    row: dict[str, object] = {
        "students": students,
        "batch": "on" if batch else "off",
        "seconds": played,
        "host_cpu_s": cpu,
        "cpu_share": cpu / played,  # of one core
        "peak_rss_mb": peak,
        "msgs_per_s": (stats.sent + stats.received) / played,
        "errors": len(stats.errors),
        "refused": stats.refused,
        "saved": f"{saved}/{students}",
        "class_procs": min(students, processes or class_processes(students)),
        "class_cpu": class_share,  # the busiest class process, of one core
        "load": load_average(),
        "host_said": saved_line,
        "rss_by_minute": rss_by_minute(host),
        "first_errors": stats.errors[:3],
    }
    kinds = {**stats.round_trips, "all": stats.round_trips[NOVEL] + stats.round_trips[CACHED]}
    for kind, trips in kinds.items():
        ms = [t * 1000 for t in trips]
        p = percentiles(ms, (50, 95, 99))
        row[kind] = [len(ms), p["p50"], p["p95"], p["p99"], max(ms, default=math.nan)]
    return row


def rss_by_minute(host: Host) -> list[tuple[int, float]]:
    """The host's RSS (MB) at the round's start and at the end of each minute of play."""
    marks: list[tuple[int, float]] = []
    for at, mb in host.rss:
        minute = math.floor((at - host.began) / 60)
        if minute >= 0 and (not marks or marks[-1][0] < minute):
            marks.append((minute, mb))
    return marks


LATENCY = ["students", "batch", "clues", "n", "p50_ms", "p95_ms", "p99_ms", "max_ms"]
HOST = ["students", "batch", "seconds", "host_cpu_s", "cpu_share", "peak_rss_mb"]
HOST += ["msgs_per_s", "errors", "refused", "saved", "class_procs", "class_cpu", "load"]


def latency_rows(row: dict[str, object]) -> list[list[object]]:
    """Lines of the round-trip table for one round: novel, cached, all."""
    return [
        [row["students"], row["batch"], kind, *row[kind]]  # type: ignore[list-item]
        for kind in (NOVEL, CACHED, "all")
    ]


def largest_held(rows: list[dict[str, object]], target_ms: float, batch: str) -> int | None:
    """The largest class whose p95 (all clues) held the target, with no error."""
    held = [
        int(row["students"])  # type: ignore[call-overload]
        for row in rows
        if row["batch"] == batch
        and row["all"][2] <= target_ms  # type: ignore[index]
        and row["errors"] == 0
    ]
    return max(held, default=None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument(
        "--minutes", type=float, default=3.0, help="round length, 0.1-16 (may be a fraction)"
    )
    parser.add_argument("--every", type=float, default=2.0, help="seconds between clues")
    parser.add_argument(
        "--novel", type=float, default=0.3, help="share of clues the host never saw (0.3)"
    )
    parser.add_argument(
        "--aim",
        type=float,
        default=0.5,
        help="share of the other clues aimed at the target (0.5): games last, as real ones do",
    )
    parser.add_argument(
        "--blocks",
        type=int,
        default=0,
        metavar="TURNS",
        help="a Blocks round of this many turns (5-80) instead of Arcade",
    )
    parser.add_argument("--sweep", default="", help="class sizes, e.g. 60,120,200,300,400")
    parser.add_argument("--target-ms", type=float, default=100.0, help="p95 target (100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help=f"processes the class runs in (one per {STUDENTS_PER_PROCESS} students)",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--no-batch", action="store_true", help="the host ranks clues alone")
    group.add_argument("--both", action="store_true", help="each size with and without batching")
    args = parser.parse_args(argv)
    if not 0.1 <= args.minutes <= 16:
        parser.error("--minutes must be 0.1-16")
    if not 0 <= args.novel <= 1:
        parser.error("--novel must be 0-1")
    sizes = [int(n) for n in args.sweep.split(",") if n.strip()] or [args.students]
    if any(n < 1 for n in sizes):
        parser.error("class sizes must be at least 1")
    modes = [True, False] if args.both else [not args.no_batch]
    info = machine_info()
    info.update(
        mode=f"Blocks, {args.blocks} turns" if args.blocks else "Arcade",
        minutes=args.minutes, every_s=args.every, novel=args.novel, aim=args.aim,
        seed=args.seed,
        load_before=load_average(),
    )  # fmt: skip
    print(format_header("Classroom host load (loopback)", info))
    rows: list[dict[str, object]] = []
    for students in sizes:
        for batch in modes:
            print(
                f"... {students} students, {args.minutes:g}-minute round, batching "
                f"{'on' if batch else 'off'}",
                file=sys.stderr,
                flush=True,
            )
            row = run_round(
                students,
                args.minutes,
                args.every,
                args.seed,
                args.novel,
                batch,
                args.processes,
                args.aim,
                args.blocks,
            )
            for error in row["first_errors"]:  # type: ignore[attr-defined]
                print(f"    error: {error}", file=sys.stderr)
            rows.append(row)
            print(format_table(LATENCY, latency_rows(row)), flush=True)
            print(format_table(HOST, [[row[h] for h in HOST]]), flush=True)
            marks = row["rss_by_minute"]
            said = ", ".join(f"{minute} min {mb:.0f}" for minute, mb in marks)  # type: ignore[attr-defined]
            print(f"host RSS (MB) by minute of the round: {said}", flush=True)
    print()
    print("Clue round trips (novel: never embedded before; cached: common words)")
    print(format_table(LATENCY, [line for row in rows for line in latency_rows(row)]))
    print()
    print("The host process")
    print(format_table(HOST, [[row[h] for h in HOST] for row in rows]))
    for batch in dict.fromkeys("on" if m else "off" for m in modes):
        best = largest_held(rows, args.target_ms, batch)
        said = f"{best} students" if best else "no size run"
        print(f"p95 <= {args.target_ms:g} ms with 0 errors (batching {batch}): held up to {said}")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
