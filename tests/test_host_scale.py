"""A room of a school year: a clue during a miss's cooldown is refused at once (the engine
is spared), and 300 students' results and the class CSV are written off the event loop."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace

from game.classroom import create_challenge, model_info
from game.clues import validate_clue
from game.host import codes
from game.host.guard import Client
from game.host.journal import Journal
from game.host.room import Room
from game.host.service import RoundService
from game.rules import TICKS_PER_SECOND


class Outbox:
    def __init__(self) -> None:
        self.sent: dict[int, list[dict]] = {}

    async def send(self, student_id, message):
        self.sent.setdefault(student_id, []).append(message)

    async def broadcast(self, message):
        pass

    async def remove(self, student_id, message):
        pass

    def connected(self, student_id):
        return True

    def connections(self):
        return len(self.sent)


def make_service(ranker, tmp_path, now, max_players=300):
    room = Room(
        create_challenge("default", minutes=1, seed=3),
        code="SCHOOL",
        clock=lambda: now[0],
        max_players=max_players,
    )
    journal = Journal.create(tmp_path / "journal.sqlite", room, "default")
    service = RoundService(room, journal, ranker, model_info_stub(), tmp_path / "results")
    service.outbox = Outbox()
    return service, journal


_MODEL = []


def model_info_stub():
    return _MODEL[0]


def legal(words) -> str:
    return next(c for c in ("ocean", "music", "winter", "animal") if validate_clue(c, words).ok)


def test_a_clue_during_a_cooldown_is_refused_without_ranking(engine, tmp_path):
    _MODEL[:] = [model_info(engine)]
    ranked: list[str] = []

    def ranker(clue, words):
        ranked.append(clue)
        return engine.scores(clue, words)

    now = [100.0]
    service, journal = make_service(ranker, tmp_path, now)

    async def run():
        ana = await service.join("SCHOOL", "Ana")
        await service.teacher("start")
        now[0] += 3.1
        await service.tick()
        ana.state = replace(ana.state, cooldown_until=ana.state.tick + 2 * TICKS_PER_SECOND)
        actions = len(ana.recorder.actions)
        reply = await service.clue(ana, legal(ana.state.words), now=1.0)
        assert reply is not None and reply["code"] == codes.COOLDOWN
        assert "2 s" in reply["message"] and ranked == []
        assert len(ana.recorder.actions) == actions  # nothing played, nothing to replay
        now[0] += 2.1
        assert await service.clue(ana, legal(ana.state.words), now=5.0) is None
        assert len(ranked) == 1 and ana.state.stats.clues_used == 1

    try:
        asyncio.run(run())
    finally:
        service.shutdown()
        journal.close()


def test_three_hundred_results_and_the_csv_are_written_off_the_loop(engine, tmp_path):
    _MODEL[:] = [model_info(engine)]
    now = [100.0]
    service, journal = make_service(engine.scores, tmp_path, now)
    loop_thread: list[int] = []
    writers: set[int] = set()
    write_result, write_csv = service._write_result, service._write_csv

    def spy_result(student):
        writers.add(threading.get_ident())
        return write_result(student)

    def spy_csv(standings, lesson):
        writers.add(threading.get_ident())
        return write_csv(standings, lesson)

    service._write_result, service._write_csv = spy_result, spy_csv

    async def run():
        loop_thread.append(threading.get_ident())
        for number in range(300):
            # One device each, as in a classroom (joins are limited per device).
            await service.join("SCHOOL", f"Student {number}", Client(f"device-{number}"))
        await service.teacher("start")
        now[0] += 3.1
        await service.tick()
        await service.teacher("end")
        for _ in range(600):
            await service.tick()
            if service.concluded:
                break
            await asyncio.sleep(0.05)

    try:
        asyncio.run(run())
    finally:
        service.shutdown()
        journal.close()
    snap = service.snapshot
    assert snap.concluded and snap.csv_path is not None and snap.errors == ()
    assert len(service.result_paths()) == 300 == len(snap.standings)
    assert len(list((tmp_path / "results").glob("*.json"))) == 300
    assert snap.csv_path.read_text(encoding="utf-8").count("Student ") >= 300
    assert writers and loop_thread[0] not in writers


class ShownServer:
    """What the projector reads of a server: its snapshot (and the teacher's calls)."""

    def __init__(self, snapshot) -> None:
        self.snapshot = snapshot
        self.calls: list[tuple[str, int | None]] = []

    def call(self, action, student=None, **options):
        self.calls.append((action, student))
        return f"{action} done"


def school_year(count: int = 300):
    from game.host import Snapshot

    names = ("Ana", "Benedikt", "Chen", "Dara", "Eli", "Maximiliana", "Gus", "Hana", "Ivo")
    students = tuple(
        (i, f"{names[i % len(names)]} {chr(65 + i % 26)}.", i % 7 != 0)
        for i in range(1, count + 1)
    )
    return Snapshot(students=students, max_players=300)


def test_the_lobby_of_a_school_year_shows_a_page_of_names_newest_first(screenshot_dir):
    import pygame

    from game.host import HostInfo
    from game.ui.scenes.host_projector import HostProjector

    pygame.display.init()
    pygame.font.init()
    info = HostInfo("http://192.0.2.10:8765/", "QWERTY", "WS-4101-14ME-326G", 8765)
    server = ShownServer(school_year())
    projector = HostProjector(server, info)  # type: ignore[arg-type]

    def key(code):
        projector.handle(pygame.event.Event(pygame.KEYDOWN, key=code))

    for width, height in ((800, 500), (1600, 1000)):
        surface = pygame.Surface((width, height))
        projector.selected = 0
        projector.draw(surface)
        pygame.image.save(surface, screenshot_dir / f"host_lobby_300_{width}x{height}.png")
        assert 8 <= projector.per_page < 300
        key(pygame.K_DELETE)  # nobody chosen yet: nobody removed
        assert server.calls == [] and "choose" in projector.notice
        key(pygame.K_DOWN)
        assert projector.selected == 300  # the newest joiner first
        key(pygame.K_PAGEDOWN)
        key(pygame.K_DOWN)
        assert projector.selected == 300 - projector.per_page - 1
        projector.draw(surface)  # the second page, with the chosen student
        pygame.image.save(surface, screenshot_dir / f"host_lobby_300_p2_{width}x{height}.png")
        key(pygame.K_DELETE)
        assert server.calls[-1] == ("kick", 300 - projector.per_page - 1)
        assert projector.selected == 300 - projector.per_page - 2
        server.calls.clear()


def test_the_round_and_saving_pages_of_a_school_year(screenshot_dir):
    from dataclasses import replace as change

    import pygame

    from game.host import HostInfo
    from game.host.ranking import TopLine
    from game.ui.scenes.host_projector import HostProjector

    pygame.display.init()
    pygame.font.init()
    info = HostInfo("http://192.0.2.10:8765/", "QWERTY", "WS-4101-14ME-326G", 8765)
    year = school_year()
    top = tuple(
        TopLine(name, 900 - 37 * place, 20 + place, place == 3, place, number)
        for place, (number, name, _) in enumerate(year.students[:10], start=1)
    )
    pages = {
        "round": change(year, phase="playing", seconds_left=95, top=top, finished_games=41),
        "saving": change(year, phase="finished", finished_games=187),
    }
    for page, snap in pages.items():
        projector = HostProjector(ShownServer(snap), info)  # type: ignore[arg-type]
        for width, height in ((800, 500), (1600, 1000)):
            surface = pygame.Surface((width, height))
            projector.draw(surface)
            path = screenshot_dir / f"host_{page}_300_{width}x{height}.png"
            pygame.image.save(surface, path)
            assert path.stat().st_size > 1000


def test_rooms_on_several_hosts_can_play_one_challenge(engine, tmp_path, monkeypatch, capsys):
    from game.cli import main
    from game.host.setup import new_host

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    code = create_challenge("default", minutes=2, seed=77).code
    rooms = [
        new_host(
            engine,
            challenge_code=code,
            journal_file=tmp_path / f"journal{i}.sqlite",
            results_folder=tmp_path / f"results{i}",
        )
        for i in (1, 2)
    ]
    try:
        assert [r.room.challenge.code for r in rooms] == [code, code]
        assert rooms[0].room.code != rooms[1].room.code  # each room its own join code
        assert rooms[0].room.first_state() == rooms[1].room.first_state()
    finally:
        for room in rooms:
            room.journal.close()
    assert main(["host", "--challenge", "WS-NOPE"]) == 2
    assert "--challenge" in capsys.readouterr().err
    assert main(["host", "--challenge", code, "--resume"]) == 2
    assert "--resume" in capsys.readouterr().err


def test_a_clock_that_skips_games_with_nothing_due_shows_the_same_stacks():
    from game.host.room import Student

    room = Room(create_challenge("default", minutes=1, seed=8), code="SKIPPY")
    every, lazy = (Student(i, f"S{i}", f"t{i}", room.first_state()) for i in (1, 2))
    skipped = 0
    for tick in range(1, room.challenge.time_limit + 20):
        every.advance_to(tick)
        if lazy.due(tick):
            lazy.advance_to(tick)
        else:
            skipped += 1
        assert lazy.state.stack == every.state.stack, tick
        assert lazy.state.game_over == every.state.game_over
    lazy.advance_to(room.challenge.time_limit)
    assert lazy.state == every.state and every.state.game_over
    assert skipped > room.challenge.time_limit // 2  # most ticks change nothing
