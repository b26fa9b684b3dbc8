"""A student with developer tools against a real host on 127.0.0.1: every attack of
the classroom host's threat list, each by a scripted WebSocket or raw HTTP client, each
loop bounded in count and time. The host must refuse each with one line (a code and a
message), keep the round going to its ranking, and log no traceback at all."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import aiohttp
import pytest
from test_host_server import ManualClock, legal_clue, receive

from game.classroom import Verifier, create_challenge, model_info
from game.host import codes
from game.host.journal import Journal
from game.host.room import ROOM_CODE_LETTERS, Room, new_room_code
from game.host.server import TEACHER_HEADER, HostServer

SEED = 4242
CODE = "QWERTZ"
HEADER_SECONDS = 1.0  # the header timeout of the test host (10 s by default)
WAIT = 5.0


class LogRecords(logging.Handler):
    """Every log record of the process while a host runs, formatted as it would print."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture()
def logs() -> Iterator[LogRecords]:
    handler = LogRecords()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture()
def host(engine, tmp_path, logs, capfd) -> Iterator[HostServer]:
    """A real host on 127.0.0.1 with a manual clock and a short header timeout. After
    the test: nothing it logged or printed holds a traceback."""
    clock = ManualClock()
    challenge = create_challenge("default", minutes=1, zone=4, seed=SEED)
    room = Room(challenge, code=CODE, clock=clock)
    journal = Journal.create(tmp_path / "journal.sqlite", room, "default")
    server = HostServer(
        room,
        journal,
        engine.scores,
        model_info(engine),
        tmp_path / "results",
        max_connections=60,
        header_seconds=HEADER_SECONDS,
    )
    server.start_in_thread("127.0.0.1", 0)
    server.clock = clock  # type: ignore[attr-defined]  (the tests move it)
    yield server
    server.stop()
    printed = capfd.readouterr()
    for text in (*logs.lines, printed.out, printed.err):
        assert "Traceback" not in text, text
        assert "Error handling request" not in text or "\n" not in text.strip(), text


def url(server: HostServer, path: str = "/") -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def session_from(address: str = "127.0.0.1") -> aiohttp.ClientSession:
    """A client whose connections come from ``address`` (any 127.x.y.z is this machine)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0)))


async def open_page(session, server, **headers) -> aiohttp.ClientWebSocketResponse:
    return await session.ws_connect(url(server, "/ws"), headers=headers or None)


async def join(session, server, name, device="", room=CODE):
    ws = await open_page(session, server)
    await ws.send_json({"type": "join", "room": room, "name": name, "device": device})
    return ws


async def next_reply(ws) -> dict:
    """The next joined/error/refused message."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        msg = await ws.receive(timeout=deadline - time.monotonic())
        assert msg.type == aiohttp.WSMsgType.TEXT, msg
        data = json.loads(msg.data)
        if data["type"] in ("joined", "error", "refused"):
            return data
    raise AssertionError("no reply")


async def teacher(session, server, action, body: bytes | None = None, **headers):
    sent = {TEACHER_HEADER: server.teacher_token, **headers}
    async with session.post(url(server, f"/teacher/{action}"), data=body, headers=sent) as r:
        return r.status, await r.json()


async def raw_request(server: HostServer, data: bytes, timeout: float = WAIT) -> bytes:
    """Send raw bytes on a fresh connection; everything the host answers until it closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(data)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0


# -- one message must not end the round --------------------------------------------------


def test_bad_messages_get_one_line_and_the_round_still_reaches_its_ranking(host, engine):
    async def run():
        async with session_from() as session:
            ws = await join(session, host, "Ana")
            assert (await next_reply(ws))["type"] == "joined"
            status, _ = await teacher(session, host, "start", b"")
            assert status == 200
            host.clock.advance(3.1)
            state = await receive(ws, "state", phase="playing")
            # A lone surrogate (valid JSON), deep nesting and other malformed messages:
            # each one error with a code, the connection stays open.
            for text, code in (
                ('{"type": "clue", "clue": "\\ud800abc"}', codes.BAD_TEXT),
                ('{"type": "join", "room": "\\udfff", "name": "x"}', codes.BAD_TEXT),
                ("[" * 1000, codes.TOO_DEEP),
                ('{"type": "clue", "clue": ' + "[" * 100 + "]" * 100 + "}", codes.TOO_DEEP),
                ('{"type": "clue", "clue": true}', codes.MALFORMED),
                ('{"type": "clue", "clue": "ocean", "score": 9999}', codes.MALFORMED),
                ('{"type": "clue", "clue": "' + "a" * 2000 + '"}', codes.TOO_LARGE),
            ):
                await ws.send_str(text)
                error = await receive(ws, "error")
                assert error["code"] == code and "\n" not in error["message"], text
            await ws.send_json({"type": "ping"})
            await receive(ws, "pong")
            # Nothing of it reached the rules or the journal; a real clue still plays.
            student = host.room.students[1]
            assert student.recorder.actions == []
            await ws.send_json({"type": "clue", "clue": legal_clue(
                [w["word"] for w in state["stack"]])})  # fmt: skip
            await receive(ws, "state", clues=1)
            status, body = await teacher(session, host, "end", b"")
            assert status == 200, body
            deadline = time.monotonic() + 60
            while not host.concluded and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            await ws.close()

    started = time.monotonic()
    asyncio.run(run())
    assert host.concluded, host.snapshot
    assert time.monotonic() - started < 60
    assert [s.name for s in host.snapshot.standings] == ["Ana"]
    assert Verifier(engine).verify_file(host.result_paths()[0]).result.clues == 1


def test_teacher_bodies_are_checked_at_the_edge(host):
    async def run():
        async with session_from() as session:
            ws = await join(session, host, "Ben")
            assert (await next_reply(ws))["type"] == "joined"
            for body, code in (
                (b'{"student": true}', codes.MALFORMED),  # True == 1 must not kick student 1
                (b'{"student": 1.0}', codes.MALFORMED),
                (b'{"student": "1"}', codes.MALFORMED),
                (b'{"student": ' + b"[" * 5000 + b"]" * 5000 + b"}", codes.TOO_LARGE),
                (b'{"a": ' + b"[" * 200 + b"]" * 200 + b"}", codes.TOO_DEEP),
                (b'{"student": "\\ud800"}', codes.BAD_TEXT),
                (b"\xff\xfe{}", codes.BAD_TEXT),
                (b"[1, 2]", codes.MALFORMED),
            ):
                status, answer = await teacher(session, host, "kick", body)
                assert status in (400, 413) and answer.get("code", code) == code, body
            assert not host.room.students[1].kicked
            # A token header of bytes that are not UTF-8: refused, not a server error.
            answer = await raw_request(host, (
                f"POST /teacher/start HTTP/1.1\r\nHost: 127.0.0.1:{host.port}\r\n"
                "Content-Length: 0\r\nX-Teacher-Token: "
            ).encode() + b"\xff\xfe\xc3\x28\r\nConnection: close\r\n\r\n")  # fmt: skip
            assert status_of(answer) in (400, 403), answer[:80]
            assert host.room.phase == "lobby"
            await ws.close()

    asyncio.run(run())


# -- one script must not take over the room ----------------------------------------------


def test_room_code_guessing_is_rate_limited_per_address(host):
    async def run():
        async with session_from("127.0.0.3") as guesser, session_from() as student:
            ws = await open_page(guesser, host)
            answers = []
            for guess in range(12):  # bounded: the limit bites after 5 wrong codes a minute
                await ws.send_json({"type": "join", "room": f"AAAA{guess:02d}", "name": "G"})
                answers.append((await next_reply(ws))["code"])
            assert answers[:5] == [codes.BAD_CODE] * 5
            assert set(answers[5:]) == {codes.RATE_LIMITED}
            # While limited, even the right code is refused: guessing learns nothing.
            await ws.send_json({"type": "join", "room": CODE, "name": "G"})
            assert (await next_reply(ws))["code"] == codes.RATE_LIMITED
            # Another address is not held up, and after a minute the guesser may try again.
            real = await join(student, host, "Real")
            assert (await next_reply(real))["type"] == "joined"
            host.clock.advance(61)
            await ws.send_json({"type": "join", "room": CODE, "name": "Gus"})
            assert (await next_reply(ws))["type"] == "joined"
            for socket_ in (ws, real):
                await socket_.close()

    asyncio.run(run())
    # A new room's code: 6 letters of 23, 148 million codes against 5 guesses a minute.
    assert len(new_room_code()) == 6 and set(new_room_code()) <= set(ROOM_CODE_LETTERS)


def test_join_flood_is_capped_and_the_teacher_can_raise_the_room_cap(host):
    async def run():
        async with session_from("127.0.0.4") as script, session_from() as teacher_session:
            sockets, replies = [], []
            for number in range(24):  # bounded: 20 joins per address per minute
                ws = await join(script, host, f"Fake {number}")
                sockets.append(ws)
                replies.append(await next_reply(ws))
            joined = [r for r in replies if r["type"] == "joined"]
            assert len(joined) == 20
            assert {r["code"] for r in replies[20:]} == {codes.RATE_LIMITED}
            # The room's cap: lowered to the class, then a newcomer finds it full.
            status, body = await teacher(teacher_session, host, "cap", b'{"players": 20}')
            assert status == 200, body
            late = await join(teacher_session, host, "Late")
            assert (await next_reply(late))["code"] == codes.ROOM_FULL
            status, body = await teacher(teacher_session, host, "cap", b'{"players": 5}')
            assert status == 409 and "cap" in body["message"]
            status, _ = await teacher(teacher_session, host, "cap", b'{"players": 21}')
            await late.send_json({"type": "join", "room": CODE, "name": "Late"})
            assert (await next_reply(late))["type"] == "joined"
            for ws in (*sockets, late):
                await ws.close()

    asyncio.run(run())
    assert len(host.room.active()) == 21
    # The projector raises the cap in-process, as the teacher's script does over HTTP.
    assert host.call("cap", players=40) == "the room takes up to 40 players"
    assert host.snapshot.max_players == 40


def test_a_kick_frees_the_place_and_bars_the_device_under_any_name(host):
    async def run():
        async with session_from() as session, session_from("127.0.0.5") as other:
            await teacher(session, host, "cap", b'{"players": 1}')
            ws = await join(session, host, "Dan", device="dan-phone")
            joined = await next_reply(ws)
            waiting = await join(other, host, "Eve", device="eve-phone")
            assert (await next_reply(waiting))["code"] == codes.ROOM_FULL
            status, _ = await teacher(session, host, "kick", b'{"student": 1}')
            assert status == 200
            kicked = await receive(ws, "kicked")
            assert kicked["code"] == codes.KICKED
            # The place is free again.
            await waiting.send_json({"type": "join", "room": CODE, "name": "Eve",
                                     "device": "eve-phone"})  # fmt: skip
            assert (await next_reply(waiting))["type"] == "joined"
            await teacher(session, host, "cap", b'{"players": 5}')
            # The removed device cannot come back: not with its token, not under a new name.
            again = await open_page(session, host)
            await again.send_json({"type": "rejoin", "token": joined["token"],
                                   "device": "dan-phone"})  # fmt: skip
            assert (await next_reply(again))["code"] == codes.KICKED
            await again.send_json({"type": "join", "room": CODE, "name": "D4n",
                                   "device": "dan-phone"})  # fmt: skip
            assert (await next_reply(again))["code"] == codes.BARRED
            # Optionally the teacher bars the address as well (a cleared browser).
            status, _ = await teacher(session, host, "kick", b'{"student": 2, "bar_address": true}')
            assert status == 200
            fresh = await join(other, host, "Newname", device="wiped-browser")
            assert (await next_reply(fresh))["code"] == codes.BARRED
            for socket_ in (ws, waiting, again, fresh):
                await socket_.close()

    asyncio.run(run())


def test_one_student_token_on_many_pages_keeps_three_open(host):
    async def run():
        async with session_from() as session:
            first = await join(session, host, "Fay")
            token = (await next_reply(first))["token"]
            pages = [first]
            for _ in range(4):  # bounded: 5 pages of one student in all
                page = await open_page(session, host)
                await page.send_json({"type": "rejoin", "token": token})
                assert (await next_reply(page))["type"] == "joined"
                pages.append(page)
            told = 0
            for page in pages:
                with contextlib.suppress(AssertionError, TimeoutError):
                    closing = await asyncio.wait_for(receive(page, "closing"), 1.0)
                    told += closing["code"] == codes.OPENED_ELSEWHERE
            return told, host.connections()

    told, open_pages = asyncio.run(run())
    assert told == 2 and open_pages == 3


def test_only_pages_of_this_host_may_connect(host):
    own = f"http://127.0.0.1:{host.port}"

    async def run():
        async with session_from() as session:
            for origin in ("http://evil.example", f"http://127.0.0.1:{host.port + 1}", "null"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await open_page(session, host, Origin=origin)
                assert refused.value.status == 403
            ws = await open_page(session, host, Origin=own)
            await ws.send_json({"type": "ping"})
            await receive(ws, "pong")
            await ws.close()
            status, answer = await teacher(session, host, "start", b"", Origin="http://evil.example")
            assert status == 403 and answer["code"] == codes.FORBIDDEN
        # DNS rebinding: a page served under another name is refused.
        for host_header in ("evil.example", f"evil.example:{host.port}", "127.0.0.1:1"):
            answer = await raw_request(host, (
                f"GET / HTTP/1.1\r\nHost: {host_header}\r\nConnection: close\r\n\r\n"
            ).encode())  # fmt: skip
            assert status_of(answer) == 403, (host_header, answer[:60])
        answer = await raw_request(host, (
            f"GET / HTTP/1.1\r\nHost: localhost:{host.port}\r\nConnection: close\r\n\r\n"
        ).encode())  # fmt: skip
        assert status_of(answer) == 200

    asyncio.run(run())
    assert host.room.phase == "lobby"


def test_names_are_compared_by_what_a_reader_sees(host):
    async def run():
        async with session_from() as session:
            results = {}
            for name in ("Alice", "Bob", "Zo\u00e9", "Xxxxxxxxxxxxxxxxx"):
                ws = await join(session, host, name)
                results[name] = (await next_reply(ws))["type"]
                await ws.close()
            for name, code in (
                ("\u0410lice", codes.NAME_TAKEN),  # Cyrillic A
                ("\uff22ob", codes.NAME_TAKEN),  # full-width B
                ("Zoe\u0301", codes.NAME_TAKEN),  # e + combining acute
                ("AL\u200bICE", codes.NAME_TAKEN),  # a zero-width space inside
                ("\u200b\u200b", codes.NAME_BLANK),
                ("\u3164", codes.NAME_BLANK),  # Hangul filler
                ("\u0301\u0301\u0301", codes.NAME_BLANK),  # combining marks only
                ("\u2800\u2800", codes.NAME_BLANK),  # Braille blank
                ("shit", codes.NAME_OFFENSIVE),
            ):
                ws = await join(session, host, name)
                reply = await next_reply(ws)
                results[name] = reply.get("code", reply["type"])
                assert results[name] == code, (name, reply)
                await ws.close()
            return results

    results = asyncio.run(run())
    assert all(results[n] == "joined" for n in ("Alice", "Bob", "Zo\u00e9", "Xxxxxxxxxxxxxxxxx"))
    assert [s.name for s in host.room.active()] == ["Alice", "Bob", "Zo\u00e9", "Xxxxxxxxxxxxxxxx"]


# -- connections are bounded ---------------------------------------------------------------


def test_half_open_connections_time_out_and_the_cap_refuses_with_503(host):
    async def run():
        idle = []
        for _ in range(host.gate.max_connections):  # bounded: the test host's cap, 60
            reader, writer = await asyncio.open_connection("127.0.0.1", host.port)
            writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
            idle.append((reader, writer))
        await asyncio.sleep(0.2)
        # One more is refused at once (nothing sent: a request still unread when the host
        # closes would turn its 503 into a reset).
        over = await raw_request(host, b"")
        assert status_of(over) == 503
        # The header timeout closes every half-open connection...
        closed = await asyncio.wait_for(
            asyncio.gather(*(reader.read() for reader, _ in idle)), 4 * HEADER_SECONDS + 5
        )
        assert all(data == b"" for data in closed)
        for _, writer in idle:
            writer.close()
        # ...and a real page loads again.
        answer = await raw_request(host, (
            f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{host.port}\r\nConnection: close\r\n\r\n"
        ).encode())  # fmt: skip
        assert status_of(answer) == 200

    asyncio.run(run())
    assert host.gate.refused >= 1 and host.gate.timed_out >= host.gate.max_connections


def test_oversized_requests_are_400s_logged_as_one_line(host, logs):
    async def run():
        port_line = f"Host: 127.0.0.1:{host.port}\r\n"
        cases = {
            "9 KB header": f"GET / HTTP/1.1\r\n{port_line}X-Big: {'a' * 9000}\r\n\r\n",
            "2,000 headers": "GET / HTTP/1.1\r\n" + port_line
            + "".join(f"X-H{i}: v\r\n" for i in range(2000)) + "\r\n",
            "20 KB URL": f"GET /{'a' * 20000} HTTP/1.1\r\n{port_line}\r\n",
            "not HTTP": "\x16\x03\x01 hello\r\n\r\n",
        }  # fmt: skip
        return {name: status_of(await raw_request(host, text.encode())) for name, text in
                cases.items()}  # fmt: skip

    statuses = asyncio.run(run())
    assert all(400 <= status < 500 for status in statuses.values()), statuses
    lines = [line for line in logs.lines if "Error handling request" in line]
    assert 1 <= len(lines) <= len(statuses) and all("\n" not in line for line in lines)


def test_descriptor_limit_means_one_warning_not_a_traceback_storm(engine, tmp_path):
    """`wordstack host` with 256 descriptors (a macOS terminal's default) against 300
    half-open connections: it refuses what it cannot hold, with a line or two, and a page
    loads again once they are gone."""
    port = _free_port()
    env = {**os.environ, "WORDSTACK_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "game", "host", "--no-window", "--bind", "127.0.0.1",
               "--port", str(port), "--minutes", "1"]  # fmt: skip

    def limit_descriptors() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        preexec_fn=limit_descriptors,
    )
    try:
        _wait_for_line(process, "Teacher token: ", 300)
        sockets = []
        for _ in range(300):  # bounded
            try:
                sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            except OSError:
                break
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.sendall(b"GET / HTTP/1.1\r\n")
        time.sleep(1)
        for sock in sockets:
            sock.close()
        time.sleep(1)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as page:
            page.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                         "Connection: close\r\n\r\n".encode())  # fmt: skip
            answer = page.recv(64)
        assert answer.startswith(b"HTTP/1.1 200"), answer
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=60)
    assert "Traceback" not in output, output[-3000:]
    # The host's own cap refuses before the process runs out of descriptors.
    warnings = [line for line in output.splitlines() if "refusing new connections" in line]
    assert 1 <= len(warnings) <= 11, output[-3000:]
    assert "out of descriptors" not in output, output[-3000:]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_line(process: subprocess.Popen, prefix: str, timeout: float) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    raise AssertionError(f"the host printed no {prefix!r}")

