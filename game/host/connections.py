"""Bounds on the host's connections: how many, how long a request may take to arrive,
and log lines that stay one line each however hard a client pushes.

``ConnectionGate`` wraps aiohttp's protocol factory (``AppRunner.server``): over the
cap a new connection gets a 503 and is closed at once; a connection that sends no
complete request for ``header_seconds`` (a half-open or slow-header client) is closed;
WebSocket connections are left alone once upgraded. The cap stays under the process's
descriptor limit, so the host never runs out of descriptors itself.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from typing import Any

REFUSAL = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
HEADER_SECONDS = 10.0  # a request must arrive complete within this (then again when idle)
# The listening socket's backlog: asyncio accepts up to this many connections at once,
# before any of them can be refused, so the descriptor budget keeps that many spare.
LISTEN_BACKLOG = 64
RESERVED_DESCRIPTORS = 32 + LISTEN_BACKLOG  # and result files, the CSV, pipes
WANTED_DESCRIPTORS = 4096  # the soft limit is raised towards this when the hard one allows
LOG_BURST = 10  # one-line log lines of one kind per LOG_SECONDS; more are counted
LOG_SECONDS = 10.0

log = logging.getLogger("wordstack.host")


def descriptor_budget() -> int | None:
    """Connections this process can hold: its descriptor limit (raised towards
    WANTED_DESCRIPTORS where the hard limit allows) less those open now and a reserve;
    None if there is no limit."""
    try:
        import resource
    except ImportError:  # not on this platform
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = WANTED_DESCRIPTORS if hard == resource.RLIM_INFINITY else min(hard, WANTED_DESCRIPTORS)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return None
    return max(8, soft - open_descriptors() - RESERVED_DESCRIPTORS)


def open_descriptors() -> int:
    """Descriptors this process has open now (model files, journal, threads' pipes)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return len(os.listdir(folder))
        except OSError:
            continue
    return 0


class Throttle:
    """At most LOG_BURST lines of one kind per LOG_SECONDS; the rest counted and said."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._windows: dict[str, tuple[float, int, int]] = {}  # start, said, held back

    def line(self, kind: str, text: str) -> str | None:
        """The line to log now (with a count of held-back ones), or None to hold it back."""
        now = self.clock()
        start, said, held = self._windows.get(kind, (now, 0, 0))
        if now - start >= LOG_SECONDS:
            start, said = now, 0
        if said >= LOG_BURST:
            self._windows[kind] = (start, said, held + 1)
            return None
        self._windows[kind] = (start, said + 1, 0)
        return f"{text} ({held} similar lines held back)" if held else text


class OneLineFilter(logging.Filter):
    """Turns a record with a traceback into one line naming the error, throttled."""

    def __init__(self, throttle: Throttle) -> None:
        super().__init__()
        self.throttle = throttle

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; False holds it back."""
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text = f"{text}: {type(error).__name__}: {one_line(str(error))}"
        line = self.throttle.line(record.getMessage()[:40], text)
        if line is None:
            return False
        record.msg, record.args = line, ()
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def one_line(text: str, limit: int = 160) -> str:
    """``text`` on one line, cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


class _Connection(asyncio.Protocol):
    """One accepted connection: aiohttp's handler inside, watched by the gate."""

    def __init__(self, gate: ConnectionGate, inner: asyncio.Protocol) -> None:
        self.gate = gate
        self.inner = inner
        self.transport: asyncio.BaseTransport | None = None
        self.requests = 0
        self.in_request = 0
        self.websocket = False
        self._seen = 0
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.gate.opened(self)
        self.inner.connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.gate.closed(self)
        self.inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def _arm(self) -> None:
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.gate.header_seconds, self._check)

    def _check(self) -> None:
        """Close a connection that sent no complete request since the last check."""
        if self.websocket or self.transport is None or self.transport.is_closing():
            return
        if self.in_request == 0 and self.requests == self._seen:
            self.gate.timed_out += 1
            self.transport.close()
            return
        self._seen = self.requests
        self._arm()


class _Refused(asyncio.Protocol):
    """A connection over the cap: a 503, then closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if isinstance(transport, asyncio.WriteTransport):
            transport.write(REFUSAL)
        transport.close()


class ConnectionGate:
    """The protocol factory the listening socket serves with."""

    def __init__(
        self,
        factory: Callable[[], asyncio.Protocol],
        max_connections: int,
        header_seconds: float = HEADER_SECONDS,
        throttle: Throttle | None = None,
    ) -> None:
        self.factory = factory
        budget = descriptor_budget()
        self.max_connections = max_connections if budget is None else min(max_connections, budget)
        self.header_seconds = header_seconds
        self.throttle = throttle or Throttle()
        self.open: dict[Any, _Connection] = {}  # aiohttp's handler -> its connection
        self.count = 0  # connections made and not yet lost (counted when accepted)
        self.refused = 0
        self.timed_out = 0

    def __call__(self) -> asyncio.Protocol:
        if self.count >= self.max_connections:
            self.refused += 1
            self.warn(
                "connections",
                f"refusing new connections: {self.count} open, the limit is "
                f"{self.max_connections}",
            )
            return _Refused()
        self.count += 1
        return _Connection(self, self.factory())

    def opened(self, connection: _Connection) -> None:
        """Count a connection in."""
        self.open[connection.inner] = connection

    def closed(self, connection: _Connection) -> None:
        """Count a connection out."""
        self.open.pop(connection.inner, None)
        self.count -= 1

    def request_started(self, handler: object) -> None:
        """A complete request arrived on the connection of aiohttp's ``handler``."""
        connection = self.open.get(handler)
        if connection is not None:
            connection.requests += 1
            connection.in_request += 1

    def request_finished(self, handler: object) -> None:
        """The request on that connection was answered."""
        connection = self.open.get(handler)
        if connection is not None:
            connection.in_request -= 1

    def upgraded(self, handler: object) -> None:
        """The connection became a WebSocket: no header timeout from now on."""
        connection = self.open.get(handler)
        if connection is not None:
            connection.websocket = True

    def warn(self, kind: str, text: str) -> None:
        """Log one warning line (throttled)."""
        line = self.throttle.line(kind, text)
        if line is not None:
            log.warning("%s", line)

    def loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """The event loop's error handler: the descriptor limit is one warning line, not a
        traceback per refused accept; anything else goes to the default handler."""
        if context.get("message") == "socket.accept() out of system resource":
            self.warn("descriptors", f"out of descriptors: {context.get('exception')}")
            return
        loop.default_exception_handler(context)
