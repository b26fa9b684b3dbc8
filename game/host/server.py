"""The host's network side (aiohttp): the web client, WebSocket sessions, the teacher API.

A thin transport over ``RoundService``: it serves the static page, turns each WebSocket
message into a service call and sends the service's messages to the right pages.
Teacher controls need the teacher token, which only the host process knows: the
projector calls them in-process (``call``), scripts send it as ``X-Teacher-Token``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import secrets
import socket
import threading
import time
from importlib.resources import files
from pathlib import Path

from aiohttp import WSMsgType, web

from game.classroom import ModelInfo
from game.errors import HostError
from game.host import codes, protocol
from game.host.codes import Refusal
from game.host.journal import Journal
from game.host.protocol import Message
from game.host.room import Room, Student
from game.host.service import Ranker, RoundService, Snapshot

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
MAX_FRAME_BYTES = 16 * 1024  # larger WebSocket frames close the connection
MAX_MESSAGES_PER_SECOND = 20  # a client over this is disconnected
TEACHER_HEADER = "X-Teacher-Token"
LISTEN_BACKLOG = 128


class HostServer:
    """One hosted room on the network: the transport of a ``RoundService``."""

    def __init__(
        self,
        room: Room,
        journal: Journal,
        ranker: Ranker,
        model: ModelInfo,
        results_folder: Path,
    ) -> None:
        self.service = RoundService(room, journal, ranker, model, results_folder)
        self.service.outbox = self
        self.teacher_token = secrets.token_urlsafe(24)
        self.port: int | None = None
        self.messages = 0  # messages received, for the benchmark
        self._sockets: dict[int, set[web.WebSocketResponse]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    # -- what the projector and the command read ------------------------------------------

    @property
    def room(self) -> Room:
        """The hosted room."""
        return self.service.room

    @property
    def journal(self) -> Journal:
        """The round's journal."""
        return self.service.journal

    @property
    def results_folder(self) -> Path:
        """Where result files and the class CSV go."""
        return self.service.results_folder

    @property
    def snapshot(self) -> Snapshot:
        """What the projector draws."""
        return self.service.snapshot

    @property
    def concluded(self) -> bool:
        """True once the round ended and its ranking is ready."""
        return self.service.concluded

    def result_paths(self) -> list[Path]:
        """Result files written for this room's students."""
        return self.service.result_paths()

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
        """Listen until ``stop`` is called."""
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        runner = web.AppRunner(self.app(), access_log=None)
        await runner.setup()
        try:
            listening = listen(host, port)
            self.port = listening.getsockname()[1]
            await web.SockSite(runner, listening).start()
            self._ready.set()
            clock = asyncio.create_task(self.service.run_clock())
            await self._stop.wait()
            clock.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await clock
            await self._say_goodbye()
        finally:
            await runner.cleanup()
            self.service.shutdown()

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
        future = asyncio.run_coroutine_threadsafe(self._teacher(action, student), self._loop)
        return future.result(timeout)

    async def _teacher(self, action: str, student: int | None) -> str:
        message = await self.service.teacher(action, student)
        self.service.refresh_snapshot()
        return message

    async def _say_goodbye(self) -> None:
        """Tell every page why the host stops, then close them."""
        over = self.room.phase == "finished"
        goodbye = {
            "type": "closing",
            "code": codes.ROUND_OVER if over else "host_stopped",
            "message": "Round over." if over else "The host stopped: wait for your teacher.",
        }
        await self.broadcast(goodbye)
        for sockets_of in list(self._sockets.values()):
            for ws in list(sockets_of):
                await ws.close()

    # -- the outbox the service sends through ---------------------------------------------

    async def send(self, student_id: int, message: Message) -> None:
        """Send to every open page of one student."""
        text = json.dumps(message, ensure_ascii=False)
        for ws in list(self._sockets.get(student_id, ())):
            await _send_text(ws, text)

    async def broadcast(self, message: Message) -> None:
        """Send to every page that joined."""
        text = json.dumps(message, ensure_ascii=False)
        for sockets_of in list(self._sockets.values()):
            for ws in list(sockets_of):
                await _send_text(ws, text)

    async def remove(self, student_id: int, message: Message) -> None:
        """Send a last message to a student's pages and close them."""
        for ws in list(self._sockets.pop(student_id, ())):
            await _send_text(ws, json.dumps(message, ensure_ascii=False))
            await ws.close()

    def connected(self, student_id: int) -> bool:
        """True while the student has an open page."""
        return bool(self._sockets.get(student_id))

    def connections(self) -> int:
        """Open pages of joined students."""
        return sum(len(v) for v in self._sockets.values())

    # -- teacher requests -----------------------------------------------------------------

    def _is_teacher(self, request: web.Request) -> bool:
        given = request.headers.get(TEACHER_HEADER, "")
        return hmac.compare_digest(given.encode(), self.teacher_token.encode())

    async def _teacher_status(self, request: web.Request) -> web.Response:
        if not self._is_teacher(request):
            return _refusal_response(Refusal(codes.TEACHER_ONLY, "teacher token needed"), 403)
        return web.json_response(self.service.status())

    async def _teacher_action(self, request: web.Request) -> web.Response:
        if not self._is_teacher(request):
            return _refusal_response(Refusal(codes.TEACHER_ONLY, "teacher token needed"), 403)
        student = None
        if request.can_read_body:
            try:
                body = await request.json()
                student = body.get("student") if isinstance(body, dict) else None
            except ValueError:
                return _refusal_response(Refusal(codes.MALFORMED, "malformed JSON"), 400)
        if student is not None and not isinstance(student, int):
            return _refusal_response(Refusal(codes.MALFORMED, "student must be a number"), 400)
        try:
            message = await self._teacher(request.match_info["action"], student)
        except Refusal as exc:
            return _refusal_response(exc, 409)
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
                        refusal = Refusal(codes.BINARY, "only text messages are accepted")
                        await _send(ws, protocol.error(refusal))
                        continue
                    break
                self.messages += 1
                now = time.monotonic()
                if now - window_start >= 1.0:
                    window_start, in_window = now, 0
                in_window += 1
                if in_window > MAX_MESSAGES_PER_SECOND:
                    refusal = Refusal(codes.TOO_MANY_MESSAGES, "too many messages: disconnected")
                    await _send(ws, protocol.error(refusal))
                    break
                try:
                    data = protocol.parse_message(msg.data)
                    student = await self._dispatch(ws, student, data)
                except Refusal as exc:
                    await _send(ws, protocol.error(exc))
        finally:
            if student is not None:
                self._sockets.get(student.id, set()).discard(ws)
        return ws

    async def _dispatch(
        self, ws: web.WebSocketResponse, student: Student | None, data: Message
    ) -> Student | None:
        kind = data["type"]
        if kind == "ping":
            await _send(ws, {"type": "pong"})
            return student
        if kind in ("join", "rejoin"):
            if student is not None:
                raise Refusal(codes.ALREADY_JOINED, "already joined")
            if kind == "join":
                room_code = protocol.text_field(data, "room")
                joined = await self.service.join(room_code, protocol.text_field(data, "name"))
            else:
                joined = self.service.rejoin(protocol.text_field(data, "token"))
            self._sockets.setdefault(joined.id, set()).add(ws)
            for message in self.service.welcome(joined):
                await _send(ws, message)
            return joined
        if student is None:
            raise Refusal(codes.NOT_JOINED, "join the room first")
        clue = protocol.text_field(data, "clue")
        reply = await self.service.clue(student, clue, time.monotonic())
        if reply is not None:
            await _send(ws, reply)
        return student


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket of our own (its port is known before serving)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=LISTEN_BACKLOG)
    sock.setblocking(False)
    return sock


def _refusal_response(refusal: Refusal, status: int) -> web.Response:
    return web.json_response(
        {"error": refusal.reason, "code": refusal.code, "message": refusal.reason}, status=status
    )


async def _send(ws: web.WebSocketResponse, message: Message) -> None:
    await _send_text(ws, json.dumps(message, ensure_ascii=False))


async def _send_text(ws: web.WebSocketResponse, text: str) -> None:
    if ws.closed:
        return
    with contextlib.suppress(ConnectionError, RuntimeError):
        await ws.send_str(text)


__all__ = ["TEACHER_HEADER", "HostServer", "Snapshot", "listen"]
