"""The host's HTTP + WebSocket server (aiohttp): the web client, students' games, teacher API.

All room state is changed on the server's event loop only. The engine ranks clues on
one worker thread, so the loop stays free; result files are written on another.
Teacher controls need the teacher token, which only the host process knows: the
projector calls them in-process (``call``), scripts send it as ``X-Teacher-Token``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from game.classroom import (
    ModelInfo,
    Standing,
    TargetStats,
    leaderboard_csv,
    lesson_view,
    make_result,
    rank_results,
    read_result,
    replay_round,
    write_result,
)
from game.classroom.verify import VerifiedResult
from game.errors import HostError, ResultError, WordstackError
from game.host import protocol
from game.host.journal import Journal
from game.host.room import COUNTDOWN, FINISHED, LOBBY, PLAYING, Room, Student, TopLine
from game.storage import atomic_write_bytes

# The web client is package data, found like the other assets (a wheel works too).
STATIC_DIR = Path(str(files("game.host") / "static"))
STATIC_FILES = {"/": "index.html", "/client.js": "client.js", "/style.css": "style.css"}
CONTENT_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; connect-src 'self' ws: wss:; "
    "img-src 'self' data:",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
    "Referrer-Policy": "no-referrer",
}
TICK_SECONDS = 0.25  # how often games advance and changed stacks are pushed
TOP_SECONDS = 1.0  # how often the live top 10 goes out
MAX_FRAME_BYTES = 16 * 1024  # larger WebSocket frames close the connection
MAX_MESSAGES_PER_SECOND = 20  # a client over this is disconnected
TEACHER_HEADER = "X-Teacher-Token"

Ranker = Callable[[str, Sequence[str]], Sequence[float]]


@dataclass
class Snapshot:
    """What the projector draws, copied on the server loop (read from the UI thread)."""

    phase: str = LOBBY
    countdown: int = 0
    seconds_left: float = 0.0
    locked: bool = False
    students: tuple[tuple[int, str, bool], ...] = ()  # id, name, connected
    top: tuple[TopLine, ...] = ()
    finished_games: int = 0
    connections: int = 0
    standings: tuple[Standing, ...] = ()
    lesson: tuple[TargetStats, ...] = ()
    csv_path: Path | None = None
    errors: tuple[str, ...] = field(default_factory=tuple)


class HostServer:
    """One hosted room on the network."""

    def __init__(
        self,
        room: Room,
        journal: Journal,
        ranker: Ranker,
        model: ModelInfo,
        results_folder: Path,
    ) -> None:
        self.room = room
        self.journal = journal
        self.ranker = ranker
        self.model = model
        self.results_folder = results_folder
        self.teacher_token = secrets.token_urlsafe(24)
        self.snapshot = Snapshot()
        self.port: int | None = None
        self.messages = 0  # messages received, for the benchmark
        self._sockets: dict[int, set[web.WebSocketResponse]] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._work = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wordstack-host")
        # Result files on their own thread: writing one never delays the ranking of a clue.
        self._files = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wordstack-results")
        self._results: dict[int, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._errors: list[str] = []
        self._failed: set[int] = set()  # students whose result file could not be written
        self._concluded = False

    # -- running --------------------------------------------------------------------------

    def app(self) -> web.Application:
        """The aiohttp application: static client, WebSocket, teacher API."""
        app = web.Application(client_max_size=4096)
        for route in STATIC_FILES:
            app.router.add_get(route, self._static)
        app.router.add_get("/ws", self._websocket)
        app.router.add_get("/teacher/status", self._teacher_status)
        app.router.add_post("/teacher/{action}", self._teacher_action)
        return app

    async def serve(self, host: str, port: int) -> None:
        """Listen until ``stop`` is called; restores results of games that had ended."""
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        runner = web.AppRunner(self.app(), access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
            sockets = site._server.sockets if site._server else []
            self.port = sockets[0].getsockname()[1] if sockets else port
            self._ready.set()
            ticker = asyncio.create_task(self._ticker())
            await self._stop.wait()
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            for sockets_of in list(self._sockets.values()):
                for ws in list(sockets_of):
                    await ws.close()
        finally:
            await runner.cleanup()
            self._work.shutdown(wait=True)
            self._files.shutdown(wait=True)

    def start_in_thread(self, host: str, port: int, timeout: float = 10.0) -> None:
        """Run ``serve`` on a background thread with its own event loop; wait until listening."""

        def run() -> None:
            try:
                asyncio.run(self.serve(host, port))
            except BaseException as exc:  # reported to the starting thread
                self._failure = exc
                self._ready.set()

        self._thread = threading.Thread(target=run, name="wordstack-host-server", daemon=True)
        self._thread.start()
        self._ready.wait(timeout)
        if self._failure is not None:
            raise HostError(f"cannot listen on {host}:{port} ({self._failure})")
        if self.port is None:
            raise HostError(f"the server did not start on {host}:{port} in {timeout:g} s")

    def stop(self) -> None:
        """Stop the server (from any thread) and wait for its thread."""
        if self._loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.journal.close()

    def call(self, action: str, student: int | None = None, timeout: float = 5.0) -> str:
        """Run a teacher action from another thread (the projector); returns its message."""
        if self._loop is None:
            raise HostError("the server is not running")
        future = asyncio.run_coroutine_threadsafe(self.teacher(action, student), self._loop)
        return future.result(timeout)

    # -- teacher controls -----------------------------------------------------------------

    async def teacher(self, action: str, student: int | None = None) -> str:
        """Start, lock, unlock or kick; raises HostError when it cannot be done."""
        room = self.room
        if action == "start":
            room.start()
            self.journal.set("phase", room.phase)
            await self._broadcast_lobby()
            return "countdown started"
        if action in ("lock", "unlock"):
            room.locked = action == "lock"
            self.journal.set("locked", "1" if room.locked else "0")
            await self._broadcast_lobby()
            return f"room {action}ed"
        if action == "kick":
            if student is None:
                raise HostError("say which student to remove")
            removed = room.kick(student)
            self.journal.kick(removed)
            for ws in list(self._sockets.pop(removed.id, ())):
                await self._send(ws, {"type": "kicked", "reason": "removed by the teacher"})
                await ws.close()
            await self._broadcast_lobby()
            return f"{removed.name} removed"
        raise HostError(f"unknown teacher action {action!r}")

    def _is_teacher(self, request: web.Request) -> bool:
        given = request.headers.get(TEACHER_HEADER, "")
        return hmac.compare_digest(given.encode(), self.teacher_token.encode())

    async def _teacher_status(self, request: web.Request) -> web.Response:
        if not self._is_teacher(request):
            return web.json_response({"error": "teacher token needed"}, status=403)
        snap = self.snapshot
        return web.json_response({
            "phase": snap.phase,
            "room": self.room.code,
            "challenge": self.room.challenge.code,
            "locked": snap.locked,
            "students": [{"id": i, "name": n, "connected": c} for i, n, c in snap.students],
            "finished_games": snap.finished_games,
            "results": [str(p) for p in self.result_paths()],
            "csv": str(snap.csv_path) if snap.csv_path else None,
        })  # fmt: skip

    async def _teacher_action(self, request: web.Request) -> web.Response:
        if not self._is_teacher(request):
            return web.json_response({"error": "teacher token needed"}, status=403)
        student = None
        if request.can_read_body:
            try:
                body = await request.json()
                student = body.get("student") if isinstance(body, dict) else None
            except ValueError:
                return web.json_response({"error": "malformed JSON"}, status=400)
        if student is not None and not isinstance(student, int):
            return web.json_response({"error": "student must be a number"}, status=400)
        try:
            message = await self.teacher(request.match_info["action"], student)
        except HostError as exc:
            return web.json_response({"error": exc.reason}, status=409)
        self._refresh_snapshot()
        return web.json_response({"ok": message})

    # -- students -------------------------------------------------------------------------

    async def _static(self, request: web.Request) -> web.StreamResponse:
        path = STATIC_DIR / STATIC_FILES[request.path]
        return web.Response(
            body=path.read_bytes(),
            content_type=CONTENT_TYPES[path.suffix],
            charset="utf-8",
            headers=SECURITY_HEADERS,
        )

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=MAX_FRAME_BYTES, heartbeat=20)
        await ws.prepare(request)
        student: Student | None = None
        window_start, in_window = time.monotonic(), 0
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    if msg.type == WSMsgType.BINARY:
                        await self._send(ws, protocol.error("only text messages are accepted"))
                        continue
                    break
                self.messages += 1
                now = time.monotonic()
                if now - window_start >= 1.0:
                    window_start, in_window = now, 0
                in_window += 1
                if in_window > MAX_MESSAGES_PER_SECOND:
                    await self._send(ws, protocol.error("too many messages: disconnected"))
                    break
                try:
                    data = protocol.parse_message(msg.data)
                    student = await self._dispatch(ws, student, data)
                except protocol.BadMessage as exc:
                    await self._send(ws, protocol.error(str(exc)))
                except HostError as exc:
                    await self._send(ws, protocol.error(exc.reason))
        finally:
            if student is not None:
                self._sockets.get(student.id, set()).discard(ws)
        return ws

    async def _dispatch(
        self, ws: web.WebSocketResponse, student: Student | None, data: dict[str, Any]
    ) -> Student | None:
        kind = data["type"]
        if kind == "ping":
            await self._send(ws, {"type": "pong"})
            return student
        if kind == "join":
            if student is not None:
                raise HostError("already joined")
            joined = self.room.join(
                protocol.text_field(data, "room"), protocol.text_field(data, "name")
            )
            self.journal.add_student(joined)
            return await self._welcome(ws, joined, broadcast=True)
        if kind == "rejoin":
            if student is not None:
                raise HostError("already joined")
            return await self._welcome(ws, self.room.rejoin(protocol.text_field(data, "token")))
        if student is None:
            raise HostError("join the room first")
        if student.kicked:
            raise HostError("you were removed from this room")
        await self._clue(ws, student, protocol.text_field(data, "clue"))
        return student

    async def _welcome(
        self, ws: web.WebSocketResponse, student: Student, broadcast: bool = False
    ) -> Student:
        self._sockets.setdefault(student.id, set()).add(ws)
        joined = {"type": "joined", "token": student.token, "name": student.name}
        await self._send(ws, {**joined, "room": self.room.code})
        await self._send(ws, protocol.state_message(self.room, student))
        if self.room.phase in (PLAYING, FINISHED):  # a rejoining page shows the top 10 at once
            await self._send(ws, protocol.top_message(self.room, self.room.top()))
        if broadcast:
            await self._broadcast_lobby()
        return student

    async def _clue(self, ws: web.WebSocketResponse, student: Student, text: str) -> None:
        room = self.room
        if not room.playing() or student.state.game_over:
            await self._send(ws, {"type": "refused", "reason": "not_playing",
                                  "message": "The round is not running."})  # fmt: skip
            return
        if not student.limit.allow(time.monotonic()):
            await self._send(ws, {"type": "refused", "reason": "too_fast",
                                  "message": "Too fast: wait a moment between clues."})  # fmt: skip
            return
        lock = self._locks.setdefault(student.id, asyncio.Lock())
        async with lock:
            check = room.check_clue(student, text)
            if student.state.game_over:  # the stack filled or the time ran out just now
                await self._send_state(student)
                await self._send(ws, {"type": "refused", "reason": "game_over",
                                      "message": "Your game is over."})  # fmt: skip
                await self._finish(student)
                return
            if not check.ok:
                room.refuse(student, check)
                self.journal.action(student, student.recorder.actions[-1])
                await self._send(
                    ws, {"type": "refused", "reason": check.reason, "message": check.message}
                )
                return
            words = student.state.words
            loop = asyncio.get_running_loop()
            scores = await loop.run_in_executor(self._work, self.ranker, check.clue, words)
            clues_before = len(student.recorder.actions)
            room.apply_clue(student, check, [float(s) for s in scores])
            if len(student.recorder.actions) > clues_before:
                self.journal.action(student, student.recorder.actions[-1])
            await self._send_state(student)
            if student.state.game_over:
                await self._finish(student)

    # -- the clock ------------------------------------------------------------------------

    async def _ticker(self) -> None:
        last_top = 0.0
        last_phase = self.room.phase
        while True:
            try:
                last_top, last_phase = await self._tick(last_top, last_phase)
            except Exception as exc:  # one bad tick must not stop the round for everyone
                self._errors.append(f"host error: {type(exc).__name__}: {exc}")
            await asyncio.sleep(TICK_SECONDS)

    async def _tick(self, last_top: float, last_phase: str) -> tuple[float, str]:
        room = self.room
        room.update_phase()
        if room.phase != last_phase:
            self.journal.set("phase", room.phase)
            last_phase = room.phase
            await self._broadcast_states()
        if room.phase in (PLAYING, FINISHED):
            await self._advance_all()
        now = time.monotonic()
        if now - last_top >= TOP_SECONDS:
            last_top = now
            if room.phase == PLAYING:
                self.journal.set("elapsed", str(room.round_tick()))
                await self._broadcast(protocol.top_message(room, room.top()))
            elif room.phase in (LOBBY, COUNTDOWN):
                await self._broadcast_lobby()
        if room.phase == FINISHED and not self._concluded and self._all_saved():
            self._concluded = True
            self.journal.set("elapsed", str(room.round_tick()))
            await self._conclude()
        self._refresh_snapshot()
        return last_top, last_phase

    async def _advance_all(self) -> None:
        tick = self.room.round_tick()
        for student in self.room.active():
            lock = self._locks.setdefault(student.id, asyncio.Lock())
            if lock.locked():
                continue  # a clue is being ranked: it advances the game itself
            if student.advance_to(tick):
                await self._send_state(student)
            if student.state.game_over and student.result_path is None:
                await self._finish(student)

    async def _finish(self, student: Student) -> None:
        """Write the result file of a finished game (once) and journal where it went."""
        if student.result_path is not None or student.id in self._results:
            return
        self._results[student.id] = None  # being written
        loop = asyncio.get_running_loop()
        try:
            path = await loop.run_in_executor(self._files, self._write_result, student)
        except (WordstackError, OSError) as exc:
            self._errors.append(f"result of {student.name} not written: {exc}")
            self._failed.add(student.id)
            return
        student.result_path = path
        self.journal.result_written(student, path)

    def _write_result(self, student: Student) -> Path:
        result = make_result(
            self.room.challenge, student.name, self.model, student.recorder.replay(student.state)
        )
        self._results[student.id] = result
        return write_result(result, self.results_folder)

    def _all_saved(self) -> bool:
        return all(s.result_path is not None or s.id in self._failed for s in self.room.active())

    @property
    def concluded(self) -> bool:
        """True once the round ended and its ranking and CSV are ready."""
        return self._concluded and self.snapshot.csv_path is not None

    def result_paths(self) -> list[Path]:
        """Result files written for this room's students (kicked ones excluded)."""
        return [s.result_path for s in self.room.active() if s.result_path is not None]

    async def _conclude(self) -> None:
        """The end: the class ranking and lesson view from the results, and their CSV."""
        loop = asyncio.get_running_loop()
        standings, lesson, csv_path = await loop.run_in_executor(self._files, self._standings)
        self.snapshot.standings, self.snapshot.lesson = tuple(standings), tuple(lesson)
        self.snapshot.csv_path = csv_path
        await self._broadcast_states()

    def _standings(self) -> tuple[list[Standing], list[TargetStats], Path | None]:
        challenge = self.room.challenge
        entries = []
        for path in self.result_paths():
            try:
                result = read_result(path)
                entries.append(VerifiedResult(result, replay_round(challenge, result.replay), path))
            except ResultError as exc:  # a file damaged since it was written: left out, said
                self._errors.append(f"left out of the ranking: {exc}")
        standings = rank_results(entries)
        lesson = lesson_view([(s.name, s.entry.outcome) for s in standings])
        csv_path = self.results_folder / f"{challenge.code}_class.csv"
        text = leaderboard_csv(challenge.code, standings, lesson)
        atomic_write_bytes(csv_path, text.encode("utf-8"))
        return standings, lesson, csv_path

    def _refresh_snapshot(self) -> None:
        room = self.room
        old = self.snapshot
        self.snapshot = Snapshot(
            phase=room.phase,
            countdown=room.countdown(),
            seconds_left=room.seconds_left(),
            locked=room.locked,
            students=tuple((s.id, s.name, bool(self._sockets.get(s.id))) for s in room.active()),
            top=tuple(room.top()),
            finished_games=sum(1 for s in room.active() if s.result_path is not None),
            connections=sum(len(v) for v in self._sockets.values()),
            standings=old.standings,
            lesson=old.lesson,
            csv_path=old.csv_path,
            errors=tuple(self._errors[-3:]),
        )

    # -- sending --------------------------------------------------------------------------

    async def _send(self, ws: web.WebSocketResponse, message: dict[str, Any]) -> None:
        if ws.closed:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_str(json.dumps(message, ensure_ascii=False))

    async def _send_state(self, student: Student) -> None:
        message = protocol.state_message(self.room, student)
        for ws in list(self._sockets.get(student.id, ())):
            await self._send(ws, message)

    async def _broadcast(self, message: dict[str, Any]) -> None:
        text = json.dumps(message, ensure_ascii=False)
        for sockets in list(self._sockets.values()):
            for ws in list(sockets):
                if not ws.closed:
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        await ws.send_str(text)

    async def _broadcast_lobby(self) -> None:
        if self.room.phase in (LOBBY, COUNTDOWN):
            await self._broadcast(protocol.lobby_message(self.room))

    async def _broadcast_states(self) -> None:
        for student in self.room.active():
            await self._send_state(student)
