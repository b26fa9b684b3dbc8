"""The classroom screens, headless with the real engine: join, countdown, result saving,
hot-seat hand-over and scoreboard, and the projector view (screenshots of each)."""

from __future__ import annotations

import time
from pathlib import Path

import pygame
import pytest

from game.classroom import (
    create_challenge,
    lesson_view,
    make_result,
    model_info,
    rank_results,
    read_result,
    verify_files,
    write_result,
)
from game.classroom.autoplay import play_round
from game.ui.app import App, PlayOptions
from game.ui.scenes.projector import ProjectorView, run_projector

SIZES = [(800, 500), (1920, 1080)]


def post_key(key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))


def post_text(text: str) -> None:
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))


def run_until(app: App, condition, dt: float = 1 / 60, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out in scene {app.scene.name}"
        app.frame(dt)
        time.sleep(0.002)


def shot(app: App, folder: Path, name: str) -> None:
    pygame.image.save(app.screen, folder / f"classroom-{name}.png")


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def one_minute():
    return create_challenge("default", minutes=1, seed=2718)


def play_turn(app: App) -> None:
    """Play the current turn: one real clue, then let the clock run out (1 s frames)."""
    run_until(app, lambda: app.scene.name == "play", seconds=120)
    play = app.scene
    post_text("animal")
    post_key(pygame.K_RETURN)
    run_until(app, lambda: play.state.stats.clues_used + len(play.actions) > 0 and not play.pending)
    run_until(app, lambda: app.scene.name != "play", dt=1.0, seconds=120)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_hot_seat_from_the_title_screen(engine, data_dir, one_minute, screenshot_dir, size):
    pygame.init()
    app = App(PlayOptions(size=size))
    try:
        app.frame(1 / 60)
        for _ in range(7):  # "Join challenge" is the line before "Host" and "Quit"
            post_key(pygame.K_DOWN)
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert app.scene.name == "join"
        post_text("WS-0000-0000-0001")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert "typo" in app.scene.error
        shot(app, screenshot_dir, f"join-error-{size[0]}")
        app.scene.code.clear()
        post_text(one_minute.code.lower())
        post_key(pygame.K_TAB)
        post_text("Ana, Ben")
        app.frame(1 / 60)
        shot(app, screenshot_dir, f"join-{size[0]}")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert app.scene.name == "handover" and app.scene.hotseat.current == "Ana"
        shot(app, screenshot_dir, f"handover-{size[0]}")
        post_key(pygame.K_RETURN)
        play_turn(app)
        assert app.scene.name == "gameover"
        app.frame(1 / 60)
        shot(app, screenshot_dir, f"turn-saved-{size[0]}")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert app.scene.name == "handover" and app.scene.hotseat.current == "Ben"
        post_key(pygame.K_RETURN)
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        app.frame(20.0 / 60)
        app.frame(1.0)
        shot(app, screenshot_dir, f"countdown-{size[0]}")
        play_turn(app)
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert app.scene.name == "scoreboard"
        shot(app, screenshot_dir, f"scoreboard-{size[0]}")
        session = app.services.session
    finally:
        app.close()
    files = session.saved
    assert [read_result(f).name for f in files] == ["Ana", "Ben"]
    accepted, rejected = verify_files(engine, files)
    assert rejected == [] and len(accepted) == 2
    assert all(a.result.code == one_minute.code for a in accepted)
    assert [t.player for t in session.hotseat.turns] == ["Ana", "Ben"]


def test_single_player_challenge_saves_a_named_result(engine, data_dir, one_minute, screenshot_dir):
    pygame.init()
    app = App(PlayOptions(challenge=one_minute, size=(1280, 720)))
    try:
        play_turn(app)
        assert app.scene.name == "gameover" and app.scene.needs_name
        app.scene.name_entry.clear()
        post_text("Zoë\x07")
        app.frame(1 / 60)
        shot(app, screenshot_dir, "name-entry-1280")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        shot(app, screenshot_dir, "result-saved-1280")
        path = app.scene.path
    finally:
        app.close()
    assert path is not None and path.parent == data_dir / "results"
    result = read_result(path)
    assert result.name == "Zoë" and not result.ai
    assert verify_files(engine, [path])[1] == []


def test_the_ai_plays_a_challenge_and_its_result_is_marked(engine, data_dir, one_minute):
    from game.cluegen import default_vocabulary

    default_vocabulary().prepare(engine)  # as after the Lab or an earlier AI game
    pygame.init()
    app = App(PlayOptions(challenge=one_minute, ai=True, temperature=0.4, size=(800, 500)))
    try:
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        play = app.scene
        # Real time until the AI's first clue is ranked, then quicker frames to the end.
        run_until(app, lambda: play.state.stats.clues_used > 0 or play.state.game_over)
        run_until(app, lambda: app.scene.name != "play", dt=0.1, seconds=300)
        assert app.scene.name == "gameover" and not app.scene.needs_name
        path = app.scene.path
    finally:
        app.close()
    result = read_result(path)
    assert result.ai and result.ai_temperature == 0.4 and result.name == "AI (T = 0.4)"
    assert result.clues > 0
    accepted, rejected = verify_files(engine, [path])
    assert rejected == [] and accepted[0].result.score == result.score


@pytest.fixture(scope="module")
def class_results(engine, one_minute, tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    model = model_info(engine)
    names = ["Ana", "Benedikt", "Chen", "Dia"]
    files = []
    for i, name in enumerate(names):
        played = play_round(one_minute, engine, temperature=0.3 * i, seed=i, clue_seconds=3 + i)
        files.append(write_result(make_result(one_minute, name, model, played.replay), folder))
    return files


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_projector_view_shows_podium_code_and_lesson(engine, class_results, screenshot_dir, size):
    accepted, _ = verify_files(engine, class_results)
    standings = rank_results(accepted)
    lesson = lesson_view([(s.name, s.entry.outcome) for s in standings])
    code = standings[0].entry.result.code
    path = screenshot_dir / f"classroom-projector-{size[0]}.png"
    run_projector(code, standings, lesson, size, screenshot=path, max_frames=2)
    image = pygame.image.load(path)
    assert image.get_size() == size
    # The QR code sits top right on a white quiet zone.
    margin = max(12, size[1] // 40)
    assert image.get_at((size[0] - margin - 3, margin + 3))[:3] == (255, 255, 255)
    pygame.display.init()
    surface = pygame.Surface(size)
    view = ProjectorView(code, standings, lesson)
    post_key(pygame.K_TAB)
    for event in pygame.event.get():
        assert view.handle(event)
    assert view.page == 1
    view.draw(surface)
    pygame.image.save(surface, screenshot_dir / f"classroom-lesson-{size[0]}.png")
    assert not view.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))


def test_restarting_a_challenge_turn_restarts_the_same_challenge(engine, data_dir, one_minute):
    from game.ui.scenes.challenge_play import ChallengePlayScene

    pygame.init()
    app = App(PlayOptions(challenge=one_minute, size=(800, 500)))
    try:
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        first = app.scene
        app.frame(1.0)
        first.ask("restart")
        first.end_on_purpose()
        app.frame(0.0)  # the app opens the scene's destination; no time passes
        again = app.scene
        assert isinstance(again, ChallengePlayScene) and again is not first
        assert again.state.words == one_minute.new_game().words and again.state.tick == 0
        again.ask("quit")
        again.end_on_purpose()
        app.frame(0.0)
        assert app.scene.name == "title"
    finally:
        app.close()
    assert not (data_dir / "results").exists()  # an abandoned turn leaves no result file


def test_lesson_rows_share_one_font_size_that_fits_the_longest() -> None:
    from game.ui import theme
    from game.ui.scenes.projector import fitting_font

    pygame.font.init()
    texts = ["burn (0.71)", "fire (0.64),  heat (0.60),  campfire (0.58)", "\u2013"]
    font = fitting_font(texts, 300, 40)
    assert all(font.size(t)[0] <= 300 for t in texts)
    bigger = pygame.font.Font(theme.FONT_REGULAR, font.get_height() + 4)
    assert font.get_height() < 40 and bigger.size(texts[1])[0] > 300


@pytest.mark.parametrize("size", [(800, 500), (1600, 1000)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_challenge_pause_hides_the_stack_and_the_clock_runs_on(
    engine, data_dir, one_minute, screenshot_dir, size
):
    from game.ui import theme

    pygame.init()
    app = App(PlayOptions(challenge=one_minute, size=size))
    try:
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        play = app.scene
        app.frame(1 / 60)
        assert theme.TARGET in {
            app.screen.get_at((x, y))[:3]
            for x in range(0, size[0], 4)
            for y in range(0, size[1], 4)
        }
        post_key(pygame.K_ESCAPE)
        app.frame(1 / 60)
        before = play.state.tick
        app.frame(2.0)
        assert play.paused and play.state.tick == before + 120  # the clock ran on
        shot(app, screenshot_dir, f"challenge-paused-{size[0]}")
        pixels = {
            app.screen.get_at((x, y))[:3]
            for x in range(0, size[0], 4)
            for y in range(0, size[1], 4)
        }
        assert theme.TARGET not in pixels and theme.WORD_EDGE not in pixels  # no tile shows
        post_key(pygame.K_ESCAPE)
        app.frame(1 / 60)
        assert not play.paused
    finally:
        app.close()


def test_restart_after_a_clue_saves_the_attempt_and_the_next_is_practice(
    engine, data_dir, one_minute, screenshot_dir
):
    pygame.init()
    app = App(PlayOptions(challenge=one_minute, size=(800, 500)))
    try:
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        first = app.scene
        post_text("animal")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        run_until(app, lambda: not first.pending)
        score = first.state.score
        post_key(pygame.K_ESCAPE)
        post_key(pygame.K_DOWN)  # Resume, Restart
        post_key(pygame.K_RETURN)
        post_key(pygame.K_DOWN)  # No, Yes
        app.frame(1 / 60)
        shot(app, screenshot_dir, "challenge-restart-confirm-800")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        over = app.scene
        assert over.name == "gameover" and over.ended_early and over.restart
        assert over.state.game_over and over.state.score == score  # no more clues, no points
        post_text("Ana")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        shot(app, screenshot_dir, "challenge-ended-early-800")
        assert over.result.ended_early and not over.result.practice
        post_key(pygame.K_RETURN)  # a new attempt
        run_until(app, lambda: app.scene.name == "play", seconds=60)
        second = app.scene
        assert second is not first and second.state.tick <= 1  # one frame in
        run_until(app, lambda: app.scene.name != "play", dt=1.0, seconds=120)
        post_text("Ana")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert app.scene.result.practice and not app.scene.result.ended_early
        shot(app, screenshot_dir, "challenge-practice-800")
        paths = list(app.services.session.saved)
    finally:
        app.close()
    accepted, rejected = verify_files(engine, paths)
    assert rejected == [] and [a.result.practice for a in accepted] == [False, True]


@pytest.mark.parametrize("size", [(800, 500), (1600, 1000)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_hot_seat_turn_shows_no_word_before_its_player_starts(
    engine, data_dir, one_minute, screenshot_dir, size
):
    from game.ui import theme

    pygame.init()
    app = App(PlayOptions(challenge=one_minute, players=("Ana", "Ben"), size=size))
    try:
        run_until(app, lambda: app.scene.name == "handover", seconds=120)
        for _ in range(3):
            app.frame(1.0)  # waiting costs the player nothing: no game runs yet
        assert app.scene.name == "handover"
        shot(app, screenshot_dir, f"hotseat-waiting-{size[0]}")
        pixels = {
            app.screen.get_at((x, y))[:3]
            for x in range(0, size[0], 3)
            for y in range(0, size[1], 3)
        }
        assert theme.WORD not in pixels and theme.WORD_EDGE not in pixels  # no word tile
        post_key(pygame.K_RETURN)
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        assert app.scene.state.tick == 0 and app.scene.session.hotseat.current == "Ana"
    finally:
        app.close()


def test_a_lesson_row_too_long_keeps_whole_clues() -> None:
    from game.ui import theme
    from game.ui.scenes.projector import whole_clues

    pygame.font.init()
    font = pygame.font.Font(theme.FONT_REGULAR, 16)
    parts = ["burn (0.71)", "fire (0.64)", "campfire (0.58)"]
    width = font.size("burn (0.71),  fire (0.64)")[0] + 5
    assert whole_clues(font, parts, width) == "burn (0.71),  fire (0.64)"
    assert whole_clues(font, parts, 10_000) == ",  ".join(parts)
    assert whole_clues(font, [], 100) == "\u2013"
