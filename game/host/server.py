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
import logging
import secrets
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path

from aiohttp import WSMsgType, web
from yarl import URL

from game.classroom import ModelInfo
from game.errors import HostError
from game.host import codes, protocol
from game.host.addresses import ANY_ADDRESS, lan_address
from game.host.batching import ManyScores
from game.host.codes import Refusal
from game.host.connections import LISTEN_BACKLOG, ConnectionGate, OneLineFilter, Throttle
from game.host.guard import Client
from game.host.journal import Journal
from game.host.protocol import Message
from game.host.room import Room, Student
from game.host.service import Explainer, Ranker, RoundService, Snapshot

# The web client is package data, found like the other assets (a wheel works too).
STATIC_DIR = Path(str(files("game.host") / "static"))
STATIC_FILES = {
    "/": "index.html",
    "/client.js": "client.js",
    "/blocks.js": "blocks.js",
    "/style.css": "style.css",
}
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
KEEPALIVE_SECONDS = 15.0
# WebSockets that have not joined yet: per client address, and in all beyond the cap.
PENDING_PER_ADDRESS = 8
PENDING_BEYOND_CAP = 64
PAGES_PER_STUDENT = 3  # open pages of one student; a fourth closes another one
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
http_log = logging.getLogger("wordstack.host.http")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class HostServer:
    """One hosted room on the network: the transport of a ``RoundService``."""

    def __init__(
        self,
        room: Room,
        journal: Journal,
        ranker: Ranker,
        model: ModelInfo,
        results_folder: Path,
        max_connections: int | None = None,
        header_seconds: float | None = None,
        many: ManyScores | None = None,
        explainer: Explainer | None = None,
    ) -> None:
        self.service = RoundService(
            room, journal, ranker, model, results_folder, many=many, explainer=explainer
        )
        self.service.outbox = self
        self.max_connections = max_connections
        self.header_seconds = header_seconds
        self.gate: ConnectionGate | None = None
        self.own_names: set[str] = set(LOOPBACK_NAMES)  # host names the pages may use
        self._pending: dict[str, int] = {}  # WebSockets not joined yet, per address
        self._waiting: set[web.WebSocketResponse] = set()  # those pages (shown the teams)
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
        app = web.Application(client_max_size=4096, middlewares=[self._gatekeeper])
        for route in STATIC_FILES:
            app.router.add_get(route, self._static)
        app.router.add_get("/ws", self._websocket)
        app.router.add_get("/teacher/status", self._teacher_status)
        app.router.add_post("/teacher/{action}", self._teacher_action)
        return app

    async def serve(self, host: str, port: int) -> None:
        """Listen until ``stop`` is called."""
        loop = self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        throttle = Throttle()
        one_line = OneLineFilter(throttle)
        http_log.addFilter(one_line)
        runner = web.AppRunner(
            self.app(), access_log=None, logger=http_log, keepalive_timeout=KEEPALIVE_SECONDS
        )
        await runner.setup()
        listener: asyncio.Server | None = None
        try:
            listening = listen(host, port)
            self.port = listening.getsockname()[1]
            self.own_names |= own_names(host)
            cap = self.max_connections or 2 * self.room.max_players + PENDING_BEYOND_CAP
            if runner.server is None:
                raise HostError("the web server did not set up")
            gate = ConnectionGate(runner.server, cap, throttle=throttle)
            if self.header_seconds is not None:
                gate.header_seconds = self.header_seconds
            self.gate = gate
            loop.set_exception_handler(gate.loop_exception)
            listener = await loop.create_server(gate, sock=listening, backlog=LISTEN_BACKLOG)
            self._ready.set()
            clock = asyncio.create_task(self.service.run_clock())
            await self._stop.wait()
            clock.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await clock
            await self._say_goodbye()
        finally:
            if listener is not None:
                listener.close()
            await runner.cleanup()
            http_log.removeFilter(one_line)
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

    def call(
        self,
        action: str,
        student: int | None = None,
        timeout: float = 5.0,
        *,
        players: int | None = None,
        bar_address: bool = False,
        teams: int | None = None,
    ) -> str:
        """Run a teacher action from another thread (the projector); returns its message."""
        if self._loop is None:
            raise HostError("the server is not running")
        teacher = self._teacher(action, student, players, bar_address, teams)
        return asyncio.run_coroutine_threadsafe(teacher, self._loop).result(timeout)

    async def _teacher(
        self,
        action: str,
        student: int | None = None,
        players: int | None = None,
        bar_address: bool = False,
        teams: int | None = None,
    ) -> str:
        message = await self.service.teacher(action, student, players, bar_address, teams)
        self.service.refresh_snapshot()
        if action == "teams":  # join forms still open offer the new teams
            offer = protocol.teams_message(self.room)
            for ws in list(self._waiting):
                await _send(ws, offer)
        return message

    async def _say_goodbye(self) -> None:
        """Tell every page why the host stops, then close them."""
        over = self.room.phase == "finished"
        goodbye = {
            "type": "closing",
            "code": codes.ROUND_OVER if over else codes.HOST_STOPPED,
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
        # Header bytes that are not UTF-8 arrive as surrogate escapes: compare them as sent.
        given = request.headers.get(TEACHER_HEADER, "").encode("utf-8", "surrogateescape")
        return hmac.compare_digest(given, self.teacher_token.encode())

    async def _teacher_status(self, request: web.Request) -> web.Response:
        if not self._is_teacher(request):
            return _refusal_response(Refusal(codes.TEACHER_ONLY, "teacher token needed"), 403)
        return web.json_response(self.service.status())

    async def _teacher_action(self, request: web.Request) -> web.Response:
        if not self._is_teacher(request):
            return _refusal_response(Refusal(codes.TEACHER_ONLY, "teacher token needed"), 403)
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _refusal_response(Refusal(codes.TOO_LARGE, "request body too large"), 413)
        try:
            body = protocol.parse_teacher_body(raw)
            message = await self._teacher(
                request.match_info["action"],
                body.get("student"),
                body.get("players"),
                body.get("bar_address", False),
                body.get("teams"),
            )
        except protocol.BadMessage as exc:
            return _refusal_response(exc, 400)
        except Refusal as exc:
            return _refusal_response(exc, 409)
        return web.json_response({"ok": message})

    # -- every request --------------------------------------------------------------------

    @web.middleware
    async def _gatekeeper(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Only pages of this host: ``Host`` must name it (no DNS rebinding) and a browser's
        ``Origin`` must be its own page (no other web site may join or act)."""
        gate = self.gate
        if gate is not None:
            gate.request_started(request.protocol)
        try:
            if not self._own_host(request.headers.get("Host", ""), request):
                refusal = Refusal(codes.FORBIDDEN, "this host serves its own address only")
                return _refusal_response(refusal, 403)
            origin = request.headers.get("Origin")
            if origin is not None and not self._own_origin(origin, request):
                refusal = Refusal(codes.FORBIDDEN, "requests from other pages are refused")
                return _refusal_response(refusal, 403)
            return await handler(request)
        finally:
            if gate is not None:
                gate.request_finished(request.protocol)

    def _own_host(self, value: str, request: web.Request) -> bool:
        try:
            url = URL(f"http://{value}")
            name, port = url.host, url.port
        except ValueError:
            return False
        return self._own_name(name, request) and port == self.port

    def _own_origin(self, origin: str, request: web.Request) -> bool:
        try:
            url = URL(origin)
            name, port, scheme = url.host, url.port, url.scheme
        except ValueError:
            return False
        return scheme == "http" and self._own_name(name, request) and port == self.port

    def _own_name(self, name: str | None, request: web.Request) -> bool:
        if not name:
            return False
        local = request.transport.get_extra_info("sockname") if request.transport else None
        here = {str(local[0])} if local else set()  # the address this connection came to
        return name.lower().strip("[]") in self.own_names | here

    # -- students -------------------------------------------------------------------------

    async def _static(self, request: web.Request) -> web.StreamResponse:
        path = STATIC_DIR / STATIC_FILES[request.path]
        return web.Response(
            body=path.read_bytes(),
            content_type=CONTENT_TYPES[path.suffix],
            charset="utf-8",
            headers=SECURITY_HEADERS,
        )

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        address = request.remote or ""
        pending_total = sum(self._pending.values())
        if (
            self._pending.get(address, 0) >= PENDING_PER_ADDRESS
            or pending_total >= self.room.max_players + PENDING_BEYOND_CAP
        ):
            refusal = Refusal(codes.RATE_LIMITED, "too many pages waiting to join: try again")
            return _refusal_response(refusal, 503)
        ws = web.WebSocketResponse(max_msg_size=MAX_FRAME_BYTES, heartbeat=20)
        await ws.prepare(request)
        if self.gate is not None:
            self.gate.upgraded(request.protocol)
        self._pending[address] = self._pending.get(address, 0) + 1
        session = _Session(ws, address)
        self._waiting.add(ws)
        if self.room.teams:  # the join form offers the teams
            await _send(ws, protocol.teams_message(self.room))
        try:
            await self._session(session)
        finally:
            self._waiting.discard(ws)
            if session.student is None:
                self._release_pending(address)
            else:
                self._sockets.get(session.student.id, set()).discard(ws)
        return ws

    async def _session(self, session: _Session) -> None:
        ws = session.ws
        window_start, in_window = time.monotonic(), 0
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
                await self._dispatch(session, protocol.parse_message(msg.data))
            except Refusal as exc:
                await _send(ws, protocol.error(exc))

    async def _dispatch(self, session: _Session, data: Message) -> None:
        ws, kind = session.ws, data["type"]
        if kind == "ping":
            await _send(ws, {"type": "pong"})
            return
        if kind in ("join", "rejoin"):
            if session.student is not None:
                raise Refusal(codes.ALREADY_JOINED, "already joined")
            client = Client(session.address, protocol.text_field(data, "device"))
            if kind == "join":
                room_code, name = protocol.text_field(data, "room"), data["name"]
                team = protocol.team_field(data, self.room.teams)
                joined = await self.service.join(room_code, name, client, team)
            else:
                joined = self.service.rejoin(protocol.text_field(data, "token"), client)
            session.student = joined
            self._waiting.discard(ws)
            self._release_pending(session.address)
            await self._add_page(joined.id, ws)
            for message in self.service.welcome(joined):
                await _send(ws, message)
            return
        if session.student is None:
            raise Refusal(codes.NOT_JOINED, "join the room first")
        if kind == "why":
            await _send(ws, await self.service.why(session.student))
            return
        clue = protocol.text_field(data, "clue")
        if kind == "flag":
            reply = await self.service.flag(session.student, clue)
        else:
            reply = await self.service.clue(session.student, clue, time.monotonic())
        if reply is not None:
            await _send(ws, reply)

    async def _add_page(self, student_id: int, ws: web.WebSocketResponse) -> None:
        pages = self._sockets.setdefault(student_id, set())
        pages.add(ws)
        while len(pages) > PAGES_PER_STUDENT:
            other = next(page for page in pages if page is not ws)  # any page but the new one
            pages.discard(other)
            await _send(other, {"type": "closing", "code": codes.OPENED_ELSEWHERE,
                                "message": "This game is open on another page."})  # fmt: skip
            await other.close()

    def _release_pending(self, address: str) -> None:
        left = self._pending.get(address, 0) - 1
        if left > 0:
            self._pending[address] = left
        else:
            self._pending.pop(address, None)


class _Session:
    """One WebSocket connection and the student it joined as."""

    def __init__(self, ws: web.WebSocketResponse, address: str) -> None:
        self.ws = ws
        self.address = address
        self.student: Student | None = None


def own_names(bind: str) -> set[str]:
    """Names and addresses of this machine that a page may be opened with."""
    names = set(LOOPBACK_NAMES)
    if bind not in (ANY_ADDRESS, "::", ""):
        names.add(bind.lower())
    hostname = socket.gethostname().lower()
    names |= {hostname, f"{hostname}.local"}
    lan = lan_address()
    if lan:
        names.add(lan)
    return names


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
