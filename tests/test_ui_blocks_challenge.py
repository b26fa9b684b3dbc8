"""A Blocks challenge on the desktop, headless with the real engine: the turn counter,
the result file saved at the last turn (and verified), Esc ending an attempt, the next
attempt as practice, and hot-seat players each with their own game (screenshots)."""

from __future__ import annotations

import time
from pathlib import Path

import pygame
import pytest

from game.classroom import create_challenge, read_result, verify_files
from game.rules import BlocksState
from game.ui import theme
from game.ui.app import App, PlayOptions
from game.ui.scenes.blocks_challenge import BlocksChallengeScene, turn_text
from game.ui.scenes.blocks_view import BLOCK_STYLES

TURNS = 5
CLUES = ("animal", "water", "music", "food", "sport", "colour", "metal", "weather", "travel")


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
    pygame.image.save(app.screen, folder / f"blocks-challenge-{name}.png")


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def five_turns():
    return create_challenge("default", mode="blocks", turns=TURNS, seed=4141)


def play_clue(app: App, play: BlocksChallengeScene, clue: str) -> None:
    """Type one clue and wait until it is ranked (or refused) and its clear has played."""
    before = len(play.actions)
    post_text(clue)
    post_key(pygame.K_RETURN)
    run_until(app, lambda: len(play.actions) > before and not play.pending)
    run_until(app, lambda: not play.animating or app.scene is not play, dt=0.1)


def play_turns(app: App, turns: int | None = None, folder: Path | None = None, size=None):
    """Play clues until the game is over (or `turns` turns); the play scene is returned."""
    run_until(app, lambda: app.scene.name == "play", seconds=120)
    play = app.scene
    assert isinstance(play, BlocksChallengeScene)
    for clue in CLUES:
        if play.state.game_over or (turns is not None and play.state.turn >= turns):
            break
        play_clue(app, play, clue)
        if folder is not None and play.state.turn == 2:
            app.frame(1 / 60)
            shot(app, folder, f"play-{size[0]}")
    return play


@pytest.mark.parametrize("size", [(800, 500), (1600, 1000)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_blocks_challenge_counts_turns_and_saves_a_verified_result(
    engine, data_dir, five_turns, screenshot_dir, size
):
    pygame.init()
    app = App(PlayOptions(challenge=five_turns, size=size))
    try:
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        play = app.scene
        assert isinstance(play, BlocksChallengeScene) and isinstance(play.state, BlocksState)
        assert play.state.columns == five_turns.new_game().columns  # the code's first grid
        assert turn_text(play.state) == f"Turn 1/{TURNS}"
        play_turns(app, folder=screenshot_dir, size=size)
        assert play.state.game_over
        assert play.state.turn == TURNS or any(len(c) > 12 for c in play.state.columns)
        run_until(app, lambda: app.scene.name != "play", dt=0.5, seconds=30)
        over = app.scene
        assert over.name == "gameover" and over.needs_name
        app.frame(1 / 60)
        shot(app, screenshot_dir, f"name-{size[0]}")
        over.name_entry.clear()
        post_text("Ana")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        shot(app, screenshot_dir, f"saved-{size[0]}")
        path = over.path
    finally:
        app.close()
    result = read_result(path)
    assert result.mode == "blocks" and result.name == "Ana" and not result.ended_early
    assert result.score == play.state.score and result.clues == play.state.stats.clues_used
    ticks = [a.tick for a in result.replay.actions]
    assert ticks == sorted(ticks) and ticks[-1] > ticks[0]  # the play clock's ticks
    accepted, rejected = verify_files(engine, [path])
    assert rejected == [] and accepted[0].result.score == play.state.score


def test_esc_ends_a_blocks_attempt_and_the_next_one_is_practice(
    engine, data_dir, five_turns, screenshot_dir
):
    pygame.init()
    app = App(PlayOptions(challenge=five_turns, size=(800, 500)))
    try:
        first = play_turns(app, turns=2)
        assert first.state.turn == 2 and not first.state.game_over
        assert first.why_request is None
        post_text("?")  # no Why? during a challenge, as in Arcade challenges
        app.frame(1 / 60)
        assert first.why_request is None and "after the round" in first.feedback.text
        post_key(pygame.K_ESCAPE)
        app.frame(1 / 60)
        shot(app, screenshot_dir, "paused-800")
        pixels = {app.screen.get_at((x, y))[:3] for x in range(0, 800, 4) for y in range(0, 500, 4)}
        block_colours = {colour for colour, _ in BLOCK_STYLES} - {theme.ACCENT}  # menu edge
        assert not block_colours & pixels  # the grid is hidden: nothing to study
        post_key(pygame.K_DOWN)  # Resume, Restart
        post_key(pygame.K_RETURN)
        post_key(pygame.K_DOWN)  # No, Yes
        app.frame(1 / 60)
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        over = app.scene
        assert over.name == "gameover" and over.ended_early and over.restart
        post_text("Ben")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        shot(app, screenshot_dir, "ended-early-800")
        assert over.result.ended_early and not over.result.practice
        assert over.result.score == first.state.score
        post_key(pygame.K_RETURN)  # a new attempt
        run_until(app, lambda: app.scene.name == "play" and app.scene is not first, seconds=60)
        second = play_turns(app)
        run_until(app, lambda: app.scene.name != "play", dt=0.5, seconds=30)
        post_text("Ben")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert app.scene.result.practice and not app.scene.result.ended_early
        assert second.state.game_over
        paths = list(app.services.session.saved)
    finally:
        app.close()
    accepted, rejected = verify_files(engine, paths)
    assert rejected == [] and [a.result.practice for a in accepted] == [False, True]


def test_hot_seat_players_each_play_their_own_blocks_game(
    engine, data_dir, five_turns, screenshot_dir
):
    pygame.init()
    app = App(PlayOptions(challenge=five_turns, players=("Ana", "Ben"), size=(800, 500)))
    try:
        app.frame(1 / 60)
        assert app.scene.name == "handover"
        shot(app, screenshot_dir, "handover-800")
        post_key(pygame.K_RETURN)
        ana = play_turns(app)
        run_until(app, lambda: app.scene.name != "play", dt=0.5, seconds=30)
        assert app.scene.name == "gameover" and not app.scene.needs_name
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert app.scene.name == "handover" and app.scene.hotseat.current == "Ben"
        post_key(pygame.K_RETURN)
        run_until(app, lambda: app.scene.name == "play" and app.scene is not ana, seconds=60)
        ben = app.scene
        assert ben.state.columns == five_turns.new_game().columns and ben.state.score == 0
        play_turns(app)
        run_until(app, lambda: app.scene.name != "play", dt=0.5, seconds=30)
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert app.scene.name == "scoreboard"
        shot(app, screenshot_dir, "scoreboard-800")
        session = app.services.session
    finally:
        app.close()
    assert [read_result(f).name for f in session.saved] == ["Ana", "Ben"]
    accepted, rejected = verify_files(engine, session.saved)
    assert rejected == [] and [a.result.mode for a in accepted] == ["blocks", "blocks"]


@pytest.mark.parametrize("size", [(800, 500), (1600, 1000)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_projector_lesson_page_of_a_blocks_round(
    engine, five_turns, tmp_path, screenshot_dir, size
):
    from game.classroom import lesson_view, make_result, model_info, rank_results, write_result
    from game.classroom.autoplay import play_blocks_round
    from game.ui.scenes.projector import ProjectorView

    files = []
    for i, name in enumerate(["Ana", "Ben", "Chen"]):
        played = play_blocks_round(five_turns, engine, temperature=0.5 * i, seed=i)
        result = make_result(five_turns, name, model_info(engine), played.replay)
        files.append(write_result(result, tmp_path))
    accepted, rejected = verify_files(engine, files)
    assert rejected == []
    standings = rank_results(accepted)
    lesson = lesson_view([(s.name, s.entry.outcome) for s in standings])
    pygame.init()
    surface = pygame.Surface(size)
    view = ProjectorView(five_turns.code, standings, lesson, page=1)
    view.draw(surface)
    pygame.image.save(surface, screenshot_dir / f"blocks-challenge-lesson-{size[0]}.png")
    assert all(c.group >= 2 for stats in lesson for c in stats.best)
