"""The classroom host with real clients over loopback: aiohttp's HTTP and WebSocket client
against the real server and the real engine; the round clock is injected so a
one-minute round can be run to its end in a second."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import aiohttp
import pytest

from game.classroom import Verifier, create_challenge, model_info, read_result
from game.clues import validate_clue
from game.host.journal import Journal
from game.host.room import Room
from game.host.server import TEACHER_HEADER, HostServer
from game.host.setup import explainer

SEED = 777
WAIT = 5.0  # seconds any single expected message may take on a loaded machine


class ManualClock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture()
def host(engine, tmp_path):
    """A running host on 127.0.0.1 with a manual clock; stopped after the test."""
    clock = ManualClock()
    challenge = create_challenge("default", minutes=1, zone=4, seed=SEED)
    room = Room(challenge, code="ABCD", clock=clock)
    journal = Journal.create(tmp_path / "journal.sqlite", room, "default")
    server = HostServer(
        room, journal, engine.scores, model_info(engine), tmp_path / "results",
        explainer=explainer(engine),
    )  # fmt: skip
    server.start_in_thread("127.0.0.1", 0)
    server.clock = clock  # type: ignore[attr-defined]
    yield server
    server.stop()


def url(server: HostServer, path: str = "/") -> str:
    return f"http://127.0.0.1:{server.port}{path}"


async def receive(ws: aiohttp.ClientWebSocketResponse, kind: str, **match: object) -> dict:
    """The next message of a kind (others are skipped), optionally with given fields."""
    deadline = time.monotonic() + WAIT
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {kind!r} message {match} in {WAIT} s")
        msg = await ws.receive(timeout=left)
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"connection closed while waiting for {kind!r}: {msg}")
        data = json.loads(msg.data)
        if data["type"] == kind and all(data.get(k) == v for k, v in match.items()):
            return data


async def teacher(session: aiohttp.ClientSession, server: HostServer, action: str, **body):
    headers = {TEACHER_HEADER: server.teacher_token}
    async with session.post(url(server, f"/teacher/{action}"), json=body, headers=headers) as r:
        return r.status, await r.json()


async def join(session, server, name):
    ws = await session.ws_connect(url(server, "/ws"))
    await ws.send_json({"type": "join", "room": "abcd", "name": name})
    joined = await receive(ws, "joined")
    state = await receive(ws, "state")
    return ws, joined, state


CANDIDATES = (
    "ocean", "music", "winter", "animal", "kitchen", "travel", "money", "sport", "garden",
    "school", "doctor", "weather", "food", "house", "city", "family", "science", "game",
    "tree", "fire", "water", "light", "road", "bird", "metal", "clothes", "body", "time",
)  # fmt: skip


def good_clue(engine, state: dict) -> str:
    """The legal candidate closest to the top target, as a student would pick."""
    words = [w["word"] for w in state["stack"]]
    targets = [w["word"] for w in state["stack"] if w["target"]]
    legal = [c for c in CANDIDATES if validate_clue(c, words).ok]
    if not targets:
        return legal[0]
    return max(legal, key=lambda c: engine.similarity(c, targets[-1]))


async def play_clue(ws, engine, state: dict, clock=None) -> dict:
    """Send the good clue and return the state that counts it. A clue refused during a
    miss's cooldown is sent again once the cooldown is over (on ``clock`` if given, a
    fake clock, else by waiting)."""
    want = state["clues"] + 1
    while True:
        await ws.send_json({"type": "clue", "clue": good_clue(engine, state)})
        while True:
            msg = await receive_any(ws, ("state", "refused"))
            if msg["type"] == "state":
                state = msg
                if msg["clues"] == want:
                    return msg
            elif msg["code"] == "cooldown":
                break
            else:
                raise AssertionError(f"clue refused: {msg}")
        if clock is not None:
            clock.advance(state["cooldown"] + 0.1)
        else:
            await asyncio.sleep(state["cooldown"] + 0.1)


async def receive_any(ws: aiohttp.ClientWebSocketResponse, kinds: tuple[str, ...]) -> dict:
    """The next message of one of the given kinds (others are skipped)."""
    deadline = time.monotonic() + WAIT
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {kinds} message in {WAIT} s")
        msg = await ws.receive(timeout=left)
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"connection closed while waiting for {kinds}: {msg}")
        data = json.loads(msg.data)
        if data["type"] in kinds:
            return data


def legal_clue(stack_words: list[str]) -> str:
    """A clue the rules accept on this stack."""
    for clue in ("ocean", "music", "winter", "animal", "kitchen", "travel"):
        if validate_clue(clue, stack_words).ok:
            return clue
    raise AssertionError("no legal clue")


async def start_round(session, server):
    status, body = await teacher(session, server, "start")
    assert status == 200, body
    server.clock.advance(3.1)


def test_static_client_is_served_with_a_strict_policy(host):
    async def run():
        async with aiohttp.ClientSession() as session:
            async with session.get(url(host)) as page:
                text = await page.text()
                assert page.status == 200
                assert "script-src" not in text and "<script" in text and "http" not in text
                assert "default-src 'self'" in page.headers["Content-Security-Policy"]
            for path in ("/client.js", "/blocks.js", "/style.css"):
                async with session.get(url(host, path)) as asset:
                    assert asset.status == 200
                    assert "https://" not in await asset.text()  # nothing from a CDN

    asyncio.run(run())


def test_join_lobby_start_clue_ranking_score(host, engine):
    async def run():
        async with aiohttp.ClientSession() as session:
            ws, joined, state = await join(session, host, "Ana")
            assert joined["name"] == "Ana" and state["phase"] == "lobby"
            lobby = await receive(ws, "lobby")
            assert lobby["players"] == 1 and "Ana" in lobby["names"]
            await start_round(session, host)
            playing = await receive(ws, "state", phase="playing")
            words = [w["word"] for w in playing["stack"]]
            # The page draws the zone the rules use: a row per 6 words, at most --zone 4.
            assert playing["zone"] == min(4, len(words) // 6) < 4
            clue = legal_clue(words)
            await ws.send_json({"type": "clue", "clue": clue})
            ranked = await receive(ws, "state", clues=1)
            ranking = ranked["last"]["ranking"]
            assert ranked["last"]["clue"] == clue
            assert sorted(r["word"] for r in ranking) == sorted(words)
            # The ranking is the engine's, best first, and the score the rules gave it.
            expected = engine.rank(clue, words)
            assert [r["word"] for r in ranking] == [r.word for r in expected]
            assert ranked["score"] == ranked["last"]["points"]
            student = host.room.students[1]
            assert student.state.score == ranked["score"]
            top = await receive(ws, "top")
            assert top["lines"][0]["name"] == "Ana"
            await ws.close()

    asyncio.run(run())


def test_a_miss_cools_clues_down_and_the_page_is_told_how_long(host, engine):
    async def run():
        async with aiohttp.ClientSession() as session:
            ws, _, _ = await join(session, host, "Ana")
            await start_round(session, host)
            state = await receive(ws, "state", phase="playing")
            for _ in range(6):  # the clue least like the target misses within a few tries
                words = [w["word"] for w in state["stack"]]
                target = [w["word"] for w in state["stack"] if w["target"]][-1]
                legal = [c for c in CANDIDATES if validate_clue(c, words).ok]
                worst = min(legal, key=lambda c: engine.similarity(c, target))
                await ws.send_json({"type": "clue", "clue": worst})
                state = await receive(ws, "state", clues=state["clues"] + 1)
                if not state["last"]["success"]:
                    break
                host.clock.advance(2)
            assert not state["last"]["success"] and state["cooldown"] > 0
            clues = state["clues"]
            await ws.send_json({"type": "clue", "clue": good_clue(engine, state)})
            refused = await receive(ws, "refused")
            assert refused["code"] == "cooldown" and refused["message"].startswith("Wait ")
            host.clock.advance(state["cooldown"] + 0.1)
            await ws.send_json({"type": "clue", "clue": good_clue(engine, state)})
            assert (await receive(ws, "state", clues=clues + 1))["cooldown"] >= 0
            await ws.close()

    asyncio.run(run())


def test_why_explains_the_last_clue_once_and_not_before_one(host, engine):
    async def run():
        async with aiohttp.ClientSession() as session:
            ws, _, _ = await join(session, host, "Ana")
            await start_round(session, host)
            state = await receive(ws, "state", phase="playing")
            await ws.send_json({"type": "why"})
            assert (await receive(ws, "refused"))["code"] == "no_clue"
            await ws.send_json({"type": "clue", "clue": good_clue(engine, state)})
            state = await receive(ws, "state", clues=1)
            await ws.send_json({"type": "why"})
            why = await receive(ws, "why")
            last = state["last"]
            assert why["clue"] == last["clue"] and "vector" not in why
            assert [w["word"] for w in why["words"]] == [r["word"] for r in last["ranking"]]
            for word, line in zip(why["words"], last["ranking"], strict=True):
                assert abs(sum(word["parts"].values()) - word["score"]) <= 1e-6
                assert abs(word["score"] - line["score"]) <= 5e-4  # the page shows 3 decimals
            assert why["sentence"] and why["tokens"][0]["piece"] == "[CLS]"
            await ws.send_json({"type": "why", "extra": 1})
            assert (await receive(ws, "error"))["code"] == "malformed"
            await ws.close()

    asyncio.run(run())


def test_refusals_and_bad_messages_never_take_the_host_down(host):
    async def run():
        async with aiohttp.ClientSession() as session:
            ws, _, _ = await join(session, host, "Ben")
            await ws.send_json({"type": "clue", "clue": "ocean"})
            refused = await receive(ws, "refused")
            assert refused["code"] == "not_playing"
            await start_round(session, host)
            state = await receive(ws, "state", phase="playing")
            stack_word = state["stack"][0]["word"]
            await ws.send_json({"type": "clue", "clue": stack_word})
            refused = await receive(ws, "refused")
            assert refused["code"] == "stack_word" and stack_word in refused["message"]
            for bad, reason in (
                ("not json", "malformed"),
                ('["a list"]', "malformed"),
                ('{"type": "score", "score": 99999}', "unknown message type"),
                ("x" * 5000, "too large"),
                ('{"type": "clue", "clue": 42}', "must be text"),
                ('{"type": "join", "room": "ABCD", "name": "Again"}', "already joined"),
            ):
                await ws.send_str(bad)
                error = await receive(ws, "error")
                assert reason in error["message"]
            await ws.send_bytes(b"\x00\x01")
            assert "text" in (await receive(ws, "error"))["message"]
            # A flood of clues: the first few are taken, the rest refused as too fast.
            words = [w["word"] for w in state["stack"]]
            for _ in range(8):
                await ws.send_json({"type": "clue", "clue": legal_clue(words)})
            await receive(ws, "refused", code="too_fast")
            await ws.send_json({"type": "ping"})
            await receive(ws, "pong")
            assert host.room.students[1].state.score >= 0
            assert host.room.students[1].state.stats.clues_used <= 4
            await ws.close()

    asyncio.run(run())


def test_names_rooms_and_teacher_controls(host):
    async def run():
        async with aiohttp.ClientSession() as session:
            ws_a, _, _ = await join(session, host, "<b>Cleo</b>")
            ws = await session.ws_connect(url(host, "/ws"))
            for room, name, reason in (
                ("ZZZZ", "Dan", "no room"),
                ("ABCD", "<B>CLEO</B>", "taken"),
                ("ABCD", "   ", "name"),
            ):
                await ws.send_json({"type": "join", "room": room, "name": name})
                assert reason in (await receive(ws, "error"))["message"]
            # Students cannot reach teacher controls.
            for headers in ({}, {TEACHER_HEADER: "guess"}):
                async with session.post(url(host, "/teacher/start"), headers=headers) as r:
                    assert r.status == 403
                async with session.get(url(host, "/teacher/status"), headers=headers) as r:
                    assert r.status == 403
            assert host.room.phase == "lobby"
            ws_b, joined_b, _ = await join(session, host, "Dan")
            status, _ = await teacher(session, host, "kick", student=2)
            assert status == 200
            assert (await receive(ws_b, "kicked"))["message"]
            again = await session.ws_connect(url(host, "/ws"))
            await again.send_json({"type": "rejoin", "token": joined_b["token"]})
            assert "removed" in (await receive(again, "error"))["message"]
            status, _ = await teacher(session, host, "lock")
            assert status == 200
            await ws.send_json({"type": "join", "room": "ABCD", "name": "Eve"})
            assert "locked" in (await receive(ws, "error"))["message"]
            # The name is kept as typed (the page shows it as text, never as HTML).
            lobby = await receive(ws_a, "lobby", locked=True)
            assert lobby["names"] == ["<b>Cleo</b>"]
            for socket in (ws_a, ws, again):
                await socket.close()

    asyncio.run(run())


def test_rejoin_keeps_the_game_and_results_are_written_and_verified(host, engine):
    async def run():
        async with aiohttp.ClientSession() as session:
            ws, joined, _ = await join(session, host, "Fay")
            await start_round(session, host)
            state = await receive(ws, "state", phase="playing")
            for number in (1, 2):
                clue = legal_clue([w["word"] for w in state["stack"]])
                await ws.send_json({"type": "clue", "clue": clue})
                state = await receive(ws, "state", clues=number)
                host.clock.advance(2)
            await ws.close()
            ws = await session.ws_connect(url(host, "/ws"))
            await ws.send_json({"type": "rejoin", "token": joined["token"]})
            assert (await receive(ws, "joined"))["name"] == "Fay"
            back = await receive(ws, "state")
            assert (back["score"], back["clues"]) == (state["score"], 2)
            host.clock.advance(60)
            over = await receive(ws, "state", game_over=True)
            deadline = time.monotonic() + 30
            while not host.snapshot.standings and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            headers = {TEACHER_HEADER: host.teacher_token}
            async with session.get(url(host, "/teacher/status"), headers=headers) as r:
                status = await r.json()
            await ws.close()
            return over, status

    over, status = asyncio.run(run())
    assert status["phase"] == "finished" and len(status["results"]) == 1
    path = Path(status["results"][0])
    verified = Verifier(engine).verify_file(path)
    assert verified.result.name == "Fay" and verified.result.score == over["score"]
    assert read_result(path).clues == 2
    csv_text = Path(status["csv"]).read_text()
    assert "Fay" in csv_text and "target" in csv_text
    assert host.snapshot.standings[0].name == "Fay"


def draw_projector(server: HostServer, path: Path, size: tuple[int, int]) -> None:
    """Draw the projector of ``server`` on a surface of ``size`` and save it as a PNG."""
    import pygame

    from game.host import HostInfo
    from game.ui.scenes.host_projector import HostProjector

    pygame.display.init()
    pygame.font.init()
    info = HostInfo("http://192.0.2.10:8765/", server.room.code, server.room.challenge.code, 8765)
    projector = HostProjector(server, info)
    surface = pygame.Surface(size)
    projector.draw(surface)
    pygame.image.save(surface, path)


def test_projector_pages_of_a_whole_round(host, engine, screenshot_dir):
    """Lobby with names, countdown, round with the top 10, the end: each drawn at two sizes."""
    sizes = ((800, 500), (1920, 1080))

    def shoot(page: str) -> None:
        host.service.refresh_snapshot()
        for width, height in sizes:
            draw_projector(
                host, screenshot_dir / f"host_{page}_{width}x{height}.png", (width, height)
            )

    async def run():
        async with aiohttp.ClientSession() as session:
            sockets = []
            for name in ("Ana", "Ben", "Chen", "Dara", "Eli", "Fern", "Gus", "Hana", "Ivo",
                         "Jo", "Kai", "Lena"):  # fmt: skip
                ws, _, state = await join(session, host, name)
                sockets.append((ws, state))
            shoot("lobby")
            await teacher(session, host, "start")
            shoot("countdown")
            host.clock.advance(3.1)
            for number, (ws, _) in enumerate(sockets):
                state = await receive(ws, "state", phase="playing")
                for _ in range(number % 4):
                    state = await play_clue(ws, engine, state, host.clock)
            shoot("round")
            host.clock.advance(60)
            deadline = time.monotonic() + 60
            while not host.snapshot.standings and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            shoot("end")
            for ws, _ in sockets:
                await ws.close()

    asyncio.run(run())
    assert len(host.snapshot.standings) == 12
    for page in ("lobby", "countdown", "round", "end"):
        assert (screenshot_dir / f"host_{page}_1920x1080.png").stat().st_size > 1000
