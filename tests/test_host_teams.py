"""Teams on the host, with the real engine: choosing or being dealt a team, the mean team
score, rejoining and --resume keeping teams, the gate refusing bad team numbers, the team
table in result files, the CSV and the lesson report, and the team projector's pages."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from dataclasses import replace

import aiohttp
import pytest
from test_host_browser import browser, phone, teacher_start  # noqa: F401  (a fixture)
from test_host_server import (  # noqa: F401  (host is a fixture)
    CANDIDATES,
    draw_projector,
    host,
    play_clue,
    receive,
    teacher,
    url,
)
from test_host_service import Clock, RecordingOutbox, legal

from game.classroom import (
    ModelInfo,
    Replay,
    RoundResult,
    Verifier,
    create_challenge,
    model_info,
    parse_result,
    read_result,
)
from game.classroom.teams import (
    TEAM_NAMES,
    deal_teams,
    next_team_count,
    smallest_team,
    team_standings,
)
from game.cli import main
from game.clues import validate_clue
from game.errors import ResultError
from game.host import codes
from game.host.codes import Refusal
from game.host.journal import Journal
from game.host.protocol import BadMessage, parse_message, team_field
from game.host.room import Room
from game.host.service import RoundService
from game.host.setup import new_host, resume_host


def best_clue(engine, student) -> str:
    """The legal candidate closest to the top target, as a student would pick."""
    words = student.state.words
    targets = [w.text for w in student.state.stack if w.is_target]
    legal = [c for c in CANDIDATES if validate_clue(c, words).ok]
    return max(legal, key=lambda c: engine.similarity(c, targets[-1]))


def make_service(engine, tmp_path, teams: int) -> RoundService:
    clock = Clock()
    room = Room(create_challenge("default", minutes=1, seed=5), code="QWERTY", clock=clock)
    room.set_teams(teams)
    journal = Journal.create(tmp_path / "journal.sqlite", room, "default")
    journal.set("teams", str(teams))
    made = RoundService(room, journal, engine.scores, model_info(engine), tmp_path / "results")
    made.outbox = RecordingOutbox()
    made.test_clock = clock  # type: ignore[attr-defined]
    return made


@pytest.fixture()
def teams3(engine, tmp_path):
    made = make_service(engine, tmp_path, 3)
    yield made
    made.shutdown()
    made.journal.close()


# -- the pure part ------------------------------------------------------------------------


def test_team_maths_mean_balance_and_cycle():
    table = team_standings([("Red", 300), ("Blue", 100), ("Red", 100), ("Blue", 300),
                            ("Blue", 200), ("Green", 50)], TEAM_NAMES[:4])  # fmt: skip
    # Red (2 members, mean 200) and Blue (3 members, mean 200) share first place: size
    # does not decide; Yellow has nobody yet and shows 0.
    assert [(t.place, t.name, t.members, t.mean) for t in table] == [
        (1, "Red", 2, 200.0), (1, "Blue", 3, 200.0), (3, "Green", 1, 50.0), (4, "Yellow", 0, 0.0)
    ]  # fmt: skip
    assert smallest_team([1, 1, 2, 3], 3) == 2
    assert smallest_team([], 4) == 1
    assert deal_teams(5, 2) == [1, 2, 1, 2, 1] and deal_teams(2, 0) == [0, 0]
    assert [next_team_count(n) for n in (0, 2, 3, 4)] == [2, 3, 4, 0]


# -- joining ------------------------------------------------------------------------------


def test_join_with_and_without_a_choice_balances_the_teams(teams3):
    async def run():
        chosen = await teams3.join("QWERTY", "Ana", team=2)
        dealt = [await teams3.join("QWERTY", name) for name in ("Ben", "Cy", "Dee", "Eve")]
        return chosen, dealt

    chosen, dealt = asyncio.run(run())
    assert chosen.team == 2
    # Without a choice each goes to the smallest team, the lowest number on a tie.
    assert [s.team for s in dealt] == [1, 3, 1, 2]
    lobby = teams3.outbox.broadcasts[-1]
    assert [(t["name"], t["players"]) for t in lobby["teams"]] == [
        ("Red", 2), ("Blue", 2), ("Green", 1)
    ]  # fmt: skip
    welcome = teams3.welcome(chosen)
    assert welcome[0]["team"] == "Blue" and welcome[1]["team"] == "Blue"


def test_bad_team_numbers_are_refused_at_the_gate():
    def join(team) -> str:
        return json.dumps({"type": "join", "room": "QWERTY", "name": "Ana", "team": team})

    assert team_field(parse_message(join(3)), 3) == 3
    assert team_field(parse_message('{"type": "join", "room": "Q", "name": "A"}'), 3) is None
    for bad, teams in ((0, 3), (4, 3), (-1, 3), (10**30, 3), (1, 0)):
        with pytest.raises(BadMessage) as refused:
            team_field(parse_message(join(bad)), teams)
        assert refused.value.code == codes.BAD_TEAM
    for wrong_type in (True, "2", 2.0, None, [2]):  # not an exact int: malformed
        with pytest.raises(BadMessage) as refused:
            team_field(parse_message(join(wrong_type)), 3)
        assert refused.value.code in (codes.MALFORMED, codes.TOO_DEEP)


def test_the_service_refuses_a_team_the_room_does_not_have(teams3, engine, tmp_path):
    async def run():
        with pytest.raises(Refusal) as refused:
            await teams3.join("QWERTY", "Ana", team=4)
        assert refused.value.code == codes.BAD_TEAM
        solo = make_service(engine, tmp_path / "solo", 0)
        try:
            with pytest.raises(Refusal) as refused:
                await solo.join("QWERTY", "Ana", team=1)
            assert refused.value.code == codes.BAD_TEAM
            assert (await solo.join("QWERTY", "Ana")).team == 0
        finally:
            solo.shutdown()
            solo.journal.close()

    asyncio.run(run())
    assert not teams3.room.active()


def test_an_open_join_page_is_offered_the_teams_and_a_bad_one_is_refused(host):  # noqa: F811
    async def run():
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(url(host, "/ws"))  # opened before teams were chosen
            await teacher_teams(host, 2)
            offered = await receive(ws, "teams")
            assert [t["name"] for t in offered["teams"]] == ["Red", "Blue"]
            await ws.send_json({"type": "join", "room": "abcd", "name": "Ana", "team": 3})
            error = await receive(ws, "error")
            await ws.send_json({"type": "join", "room": "abcd", "name": "Ana", "team": 2})
            joined = await receive(ws, "joined")
            await ws.close()
            return error, joined

    error, joined = asyncio.run(run())
    assert error["code"] == codes.BAD_TEAM and "\n" not in error["message"]
    assert joined["team"] == "Blue"


async def teacher_teams(server, teams: int) -> None:
    async with aiohttp.ClientSession() as session:
        status, body = await teacher(session, server, "teams", teams=teams)
        assert status == 200, body


# -- the teacher's choice -----------------------------------------------------------------


def test_the_teacher_sets_teams_in_the_lobby_only(teams3):
    async def run():
        for name in ("Ana", "Ben", "Cy", "Dee"):
            await teams3.join("QWERTY", name)
        assert await teams3.teacher("teams", teams=2) == "2 teams"
        dealt = [s.team for s in teams3.room.active()]
        # Every page is told its new team.
        told = [teams3.outbox.sent[s.id][-1]["team"] for s in teams3.room.active()]
        with pytest.raises(Refusal) as refused:
            await teams3.teacher("teams", teams=5)
        assert refused.value.code == codes.BAD_TEAM
        await teams3.teacher("start")
        with pytest.raises(Refusal) as late:
            await teams3.teacher("teams", teams=0)
        return dealt, told, late.value.code

    dealt, told, late = asyncio.run(run())
    assert dealt == [1, 2, 1, 2] and told == ["Red", "Blue", "Red", "Blue"]
    assert late == codes.ALREADY_STARTED
    assert teams3.journal.saved_round().teams == 2


# -- a whole team round -------------------------------------------------------------------


def test_team_round_mean_scores_result_files_csv_and_report(
    teams3, engine, tmp_path, capsys, screenshot_dir
):
    async def run():
        room = teams3.room
        players = [await teams3.join("QWERTY", n, team=t)
                   for n, t in (("Ana", 1), ("Ben", 1), ("Cy", 2), ("Dee", 3))]  # fmt: skip
        await teams3.teacher("start")
        teams3.test_clock.now += 3.1
        await teams3.tick()
        now = 1.0
        for student, clues in zip(players, (3, 1, 2, 0), strict=True):
            while student.state.stats.clues_used < clues:
                teams3.test_clock.now += 1.0  # on past a miss's cooldown
                now += 1.0
                await teams3.clue(student, best_clue(engine, student), now=now)
        teams3.refresh_snapshot()
        live = {t.name: t.mean for t in teams3.snapshot.team_table}
        scores = {s.name: s.state.score for s in players}
        await teams3.teacher("end")
        for _ in range(200):
            await teams3.tick()
            if teams3.concluded:
                break
            await asyncio.sleep(0.05)
        return room, live, scores

    room, live, scores = asyncio.run(run())
    assert scores["Ana"] != scores["Ben"] and max(scores.values()) > 0  # a mean that tells
    assert live == {
        "Red": (scores["Ana"] + scores["Ben"]) / 2, "Blue": scores["Cy"], "Green": scores["Dee"]
    }  # fmt: skip
    assert teams3.snapshot.concluded
    # The result files name the team and still verify.
    verifier = Verifier(engine)
    teams_in_files = {}
    for path in teams3.result_paths():
        entry = verifier.verify_file(path)
        teams_in_files[entry.result.name] = entry.result.team
        assert json.loads(path.read_text())["team"] == entry.result.team
    assert teams_in_files == {"Ana": "Red", "Ben": "Red", "Cy": "Blue", "Dee": "Green"}
    final = teams3.snapshot.team_table
    expected = sorted(live.items(), key=lambda item: -item[1])
    assert [t.mean for t in final] == [mean for _, mean in expected]
    rows = list(csv.reader(io.StringIO(teams3.snapshot.csv_path.read_text())))
    header = rows.index(["team_place", "team", "members", "mean_score", "best_score"])
    table = {row[1]: (int(row[2]), float(row[3])) for row in rows[header + 1 : header + 4]}
    assert table == {name: (2 if name == "Red" else 1, mean) for name, mean in live.items()}
    report = (teams3.results_folder / f"{room.challenge.code}_report.html").read_text()
    assert "<h2>Teams</h2>" in report
    for name, mean in live.items():
        assert f"{name}</td>" in report and f"{mean:.1f}" in report

    # `wordstack leaderboard` on the same files prints and writes the same team table.
    out_csv, out_html = tmp_path / "class.csv", tmp_path / "report.html"
    capsys.readouterr()
    args = ["leaderboard", str(teams3.results_folder), "--csv", str(out_csv)]
    assert main([*args, "--report", str(out_html)]) == 0
    printed = capsys.readouterr().out
    team_lines = printed.split("\nTeam\tplayers")[1].strip().splitlines()[1:4]
    assert {line.split("\t")[1]: float(line.split("\t")[3]) for line in team_lines} == live
    assert out_csv.read_text().count("team_place") == 1
    assert "<h2>Teams</h2>" in out_html.read_text()
    (screenshot_dir / "report_teams.html").write_bytes(out_html.read_bytes())  # to look at


def test_results_without_teams_read_and_write_as_before(teams3, engine, tmp_path):
    solo = make_service(engine, tmp_path / "solo", 0)

    async def run():
        student = await solo.join("QWERTY", "Ana")
        await solo.teacher("start")
        solo.test_clock.now += 3.1
        await solo.tick()
        await solo.clue(student, legal(student.state.words), now=1.0)
        await solo.teacher("end")
        for _ in range(200):
            await solo.tick()
            if solo.concluded:
                break
            await asyncio.sleep(0.05)

    try:
        asyncio.run(run())
        path = solo.result_paths()[0]
        assert "team" not in json.loads(path.read_text())
        assert read_result(path).team is None
        assert Verifier(engine).verify_file(path).result.team is None
        assert "team_place" not in solo.snapshot.csv_path.read_text()
        assert solo.snapshot.team_table == ()
    finally:
        solo.shutdown()
        solo.journal.close()


def test_a_result_file_team_must_be_text():
    result = RoundResult("WS-X", "Ana", ModelInfo("m", "0" * 64), "default", "1" * 64, "r",
                         0, 0, 0, Replay((), 0), team="Red")  # fmt: skip
    good = result.to_json()
    assert parse_result(good).team == "Red"
    assert "team" not in replace(result, team=None).to_json()
    for bad in (3, True, "", "x" * 33, ["Red"]):
        with pytest.raises(ResultError) as refused:
            parse_result({**good, "team": bad})
        assert "team" in refused.value.reason


# -- rejoin and resume --------------------------------------------------------------------


def test_rejoin_and_resume_keep_every_team(engine, tmp_path):
    journal_file = tmp_path / "journal.sqlite"
    server = new_host(engine, minutes=1, journal_file=journal_file,
                      results_folder=tmp_path / "results", teams=3)  # fmt: skip
    service = server.service
    service.outbox = RecordingOutbox()

    async def run():
        chosen = await service.join(server.room.code, "Ana", team=3)
        dealt = await service.join(server.room.code, "Ben")
        await service.teacher("start")
        return chosen, dealt

    chosen, dealt = asyncio.run(run())
    assert service.rejoin(chosen.token) is chosen
    assert service.welcome(chosen)[0]["team"] == "Green"
    service.shutdown()
    server.journal.close()

    resumed = resume_host(engine, journal_file, tmp_path / "results")
    try:
        assert resumed.room.teams == 3
        back = {s.name: s.team for s in resumed.room.active()}
        assert back == {"Ana": chosen.team, "Ben": dealt.team} == {"Ana": 3, "Ben": 1}
        again = resumed.service.rejoin(chosen.token)
        assert resumed.service.welcome(again)[1]["team"] == "Green"
    finally:
        resumed.service.shutdown()
        resumed.journal.close()


def test_a_journal_from_before_teams_still_resumes(engine, tmp_path):
    journal_file = tmp_path / "journal.sqlite"
    server = new_host(engine, minutes=1, journal_file=journal_file,
                      results_folder=tmp_path / "results")  # fmt: skip
    asyncio.run(server.service.join(server.room.code, "Ana"))
    server.service.shutdown()
    server.journal.close()
    with sqlite3.connect(journal_file) as db:  # as an older Wordstack wrote it
        db.execute("DROP TABLE teams")
        db.execute("DELETE FROM meta WHERE key = 'teams'")
    resumed = resume_host(engine, journal_file, tmp_path / "results")
    try:
        assert resumed.room.teams == 0
        assert [(s.name, s.team) for s in resumed.room.active()] == [("Ana", 0)]
    finally:
        resumed.service.shutdown()
        resumed.journal.close()


# -- the projector --------------------------------------------------------------------------


def test_team_projector_pages(host, engine, screenshot_dir):  # noqa: F811
    """Lobby with teams, the round with team bars and the top 10, the end with the team
    table: each drawn at 800x500 and 1920x1080."""
    sizes = ((800, 500), (1920, 1080))

    def shoot(page: str) -> None:
        host.service.refresh_snapshot()
        for width, height in sizes:
            draw_projector(
                host, screenshot_dir / f"host_teams_{page}_{width}x{height}.png", (width, height)
            )

    async def run():
        await teacher_teams(host, 3)
        async with aiohttp.ClientSession() as session:
            sockets = []
            for number, name in enumerate(("Ana", "Ben", "Chen", "Dara", "Eli", "Fern",
                                           "Gus", "Hana", "Ivo", "Jo", "Kai")):  # fmt: skip
                ws = await session.ws_connect(url(host, "/ws"))
                join = {"type": "join", "room": "abcd", "name": name}
                if number % 2:
                    join["team"] = 1 + number % 3
                await ws.send_json(join)
                await receive(ws, "joined")
                sockets.append(ws)
            shoot("lobby")
            await teacher(session, host, "start")
            host.clock.advance(3.1)
            for number, ws in enumerate(sockets):
                state = await receive(ws, "state", phase="playing")
                for _ in range(number % 3):
                    state = await play_clue(ws, engine, state, host.clock)
            await asyncio.sleep(0.3)
            shoot("round")
            host.clock.advance(60)
            for _ in range(300):
                if host.snapshot.csv_path is not None:
                    break
                await asyncio.sleep(0.2)
            shoot("end")
            for ws in sockets:
                await ws.close()

    asyncio.run(run())
    snap = host.snapshot
    assert snap.teams == 3 and len(snap.team_table) == 3
    assert sum(t.members for t in snap.team_table) == 11
    for page in ("lobby", "round", "end"):
        assert (screenshot_dir / f"host_teams_{page}_1920x1080.png").stat().st_size > 1000


# -- the browser ------------------------------------------------------------------------------


def test_browser_picks_a_team_on_the_join_page(host, browser, screenshot_dir):  # noqa: F811
    """A phone-sized Chromium sees the team buttons, picks Green, joins and is in Green in
    the lobby and in the game, where the teams' bars are shown."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def wait_for(condition, what: str):
        return WebDriverWait(browser, 20).until(lambda d: condition(d), message=what)

    def visible(element_id: str) -> bool:
        return browser.find_element(By.ID, element_id).is_displayed()

    asyncio.run(teacher_teams(host, 3))
    phone(browser, 390, 844)
    browser.get(url(host, "/?room=abcd"))
    wait_for(lambda d: visible("team-choice"), "team buttons")
    buttons = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#team-buttons button")]
    assert buttons == ["Any team", "Red", "Blue", "Green"]
    browser.find_element(By.ID, "name").send_keys("Zoe")
    browser.find_element(By.ID, "team-3").click()
    assert browser.find_element(By.ID, "team-3").get_attribute("aria-checked") == "true"
    assert browser.find_element(By.ID, "team-any").get_attribute("aria-checked") == "false"
    browser.save_screenshot(str(screenshot_dir / "host_browser_join_teams_390x844.png"))
    browser.find_element(By.ID, "join").click()
    wait_for(lambda d: visible("lobby-view"), "lobby")
    wait_for(lambda d: visible("lobby-team"), "team in the lobby")
    assert browser.find_element(By.ID, "lobby-team").text == "Team Green"
    assert [s.team for s in host.room.active()] == [3]
    browser.save_screenshot(str(screenshot_dir / "host_browser_lobby_team_390x844.png"))

    teacher_start(host)
    host.clock.advance(3.1)
    wait_for(lambda d: visible("game-view"), "game page")
    wait_for(lambda d: visible("teams"), "team bars")
    assert browser.find_element(By.ID, "my-team").text == "you: Green"
    from selenium.common.exceptions import StaleElementReferenceException

    def team_rows(d):
        """The team bars' rows and this student's, read afresh (redrawn every second)."""
        try:
            rows = [li.text for li in d.find_elements(By.CSS_SELECTOR, "#teams li")]
            return rows, d.find_element(By.CSS_SELECTOR, "#teams li.me").text
        except StaleElementReferenceException:
            return [], ""

    def shown(d):
        rows, mine = team_rows(d)
        # All scores 0: teams by number; this student's bar is Green's.
        by_number = [row.split(" (")[0] for row in rows] == ["Red", "Blue", "Green"]
        return by_number and mine.startswith("Green (1)")

    wait_for(shown, "the team bars")
    browser.save_screenshot(str(screenshot_dir / "host_browser_game_team_390x844.png"))


def test_the_team_end_view_tabs_through_teams_ranking_lesson_and_flagged():
    import pygame

    from game.ui.scenes.host_podium import TeamEndView
    from game.ui.scenes.projector import PAGES, ProjectorView

    view = TeamEndView(ProjectorView("WS-X", (), ()), team_standings([("Red", 5)], ("Red",)))
    pages = []
    keys = (pygame.K_TAB,) * 4 + (pygame.K_LEFT,) * 3
    for key in keys:
        assert view.handle(pygame.event.Event(pygame.KEYDOWN, key=key))
        pages.append("teams" if view.on_teams else PAGES[view.view.page])
    assert pages == ["ranking", "lesson", "flagged", "teams", "flagged", "lesson", "ranking"]
    assert not view.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE))
