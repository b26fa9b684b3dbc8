"""The real app, headless: title -> play -> clue -> clear -> pause -> game over -> high score."""

from __future__ import annotations

import time

import numpy as np
import pygame
import pytest

from game.clues import validate_clue
from game.paths import ASSETS_DIR
from game.ui import theme
from game.ui.app import App, PlayOptions


def post_key(key: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))


def post_text(text: str) -> None:
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))


def run_until(app: App, condition, seconds: float = 30.0, dt: float = 1 / 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out in scene {app.scene.name}"
        app.frame(dt)
        time.sleep(0.005)


def save(app: App, folder, name: str) -> pygame.Surface:
    pygame.image.save(app.screen, folder / f"{name}.png")
    return app.screen


def winning_clue(engine, target: str, stack: list[str]) -> str:
    """A legal clue that the real model ranks `target` first for (searched, not hard-coded)."""
    vocabulary = [
        w for w in (ASSETS_DIR / "clue_vocab.txt").read_text().split() if not w.startswith("#")
    ][:4000]
    vectors = engine.embed_pack(vocabulary)
    stack_vectors = engine.embed(stack)
    scores = vectors @ stack_vectors.T
    target_index = stack.index(target)
    others = np.delete(scores, target_index, axis=1).max(axis=1)
    margin = scores[:, target_index] - others
    for index in np.argsort(-margin):
        if validate_clue(vocabulary[index], stack).ok:
            return vocabulary[index]
    raise AssertionError("no legal clue found")


@pytest.fixture
def app(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    pygame.init()
    game = App(PlayOptions(seed=11))
    yield game
    if game.scene is not None:
        game.close()


def test_full_game_through_every_screen(app, engine, screenshot_dir):
    assert app.scene.name == "title"
    app.frame(1 / 60)
    save(app, screenshot_dir, "01-title")

    post_key(pygame.K_RETURN)  # "Play" is selected first
    run_until(app, lambda: app.scene.name == "play")
    play = app.scene
    app.frame(1 / 60)
    screen = save(app, screenshot_dir, "02-play")
    (target,) = play.state.targets
    rect = play.row_rect(play.slots[target.uid])
    assert screen.get_at((rect.left + 4, rect.centery))[:3] == theme.TARGET
    assert screen.get_at((round(rect.left + rect.height * 0.45), rect.centery))[:3] == (
        theme.TARGET_TEXT
    )

    # A refused clue costs nothing and keeps the text for editing.
    post_text(target.text.upper())
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert play.entry.text == target.text.upper()
    assert play.feedback.colour == theme.REFUSED and play.state.score == 0
    save(app, screenshot_dir, "03-refused")
    post_key(pygame.K_u, pygame.KMOD_CTRL)

    clue = winning_clue(engine, target.text, list(play.state.words))
    post_text(clue)
    post_key(pygame.K_RETURN)
    run_until(app, lambda: play.state.last_clue is not None)
    result = play.state.last_clue
    assert result.clue == clue and result.best_target_rank == 1
    assert target.text in result.cleared and play.state.score > 0
    for _ in range(12):  # mid-slide: the ranking with its score bars
        app.frame(1 / 60)
    save(app, screenshot_dir, "04-ranked")
    assert all(w.uid != target.uid for w in play.state.stack)

    post_key(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert play.paused and play.state.paused
    save(app, screenshot_dir, "05-paused")
    tick_before = play.state.tick
    app.frame(2.0)
    assert play.state.tick == tick_before  # time stands still while paused
    post_key(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert not play.paused

    # Let the stack grow to the top: big time steps, the rules count ticks.
    run_until(app, lambda: app.scene.name == "gameover", dt=1.0)
    over = app.scene
    app.frame(1 / 60)
    save(app, screenshot_dir, "06-gameover")
    assert over.state.stats.clues_used == 1 and over.state.stats.best_clue == clue

    # The score is saved the moment the game ends; the name comes after.
    assert over.place == 1 and app.scores.top()[0].score == over.state.score
    post_key(pygame.K_u, pygame.KMOD_CTRL)
    post_text("Ada")
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert over.named
    save(app, screenshot_dir, "07-saved")
    (entry,) = app.scores.top()
    assert (entry.name, entry.score, entry.best_clue) == ("Ada", over.state.score, clue)

    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert app.scene.name == "highscores"
    save(app, screenshot_dir, "08-highscores")


def test_title_menu_reaches_settings_and_changes_them(app, screenshot_dir):
    post_key(pygame.K_DOWN)
    post_key(pygame.K_DOWN)
    post_key(pygame.K_RIGHT)  # next word pack
    post_key(pygame.K_DOWN)
    post_key(pygame.K_RETURN)  # Settings
    app.frame(1 / 60)
    assert app.scene.name == "settings"
    assert app.prefs.pack != "default"
    post_key(pygame.K_LEFT)  # zone 4 -> 3
    app.frame(1 / 60)
    assert app.prefs.zone_size == 3
    save(app, screenshot_dir, "09-settings")
    post_key(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert app.scene.name == "title"
    assert app.scene.menu.selected == 3  # back on "Settings", where the player left


def test_window_resize_scales_text(app):
    small = app.fonts.size(20)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1920, h=1080, size=(1920, 1080)))
    app.frame(1 / 60)
    assert app.screen.get_size() == (1920, 1080)
    assert app.fonts.size(20) > small


def test_loading_screen_shows_progress_then_a_clear_error(app, screenshot_dir):
    from game.ui.scenes.loading import LoadingScene

    loading = LoadingScene(app, seed=1)
    loading.draw(app.screen)
    save(app, screenshot_dir, "10-loading")
    app.worker.error = (
        "Cannot load the model '/nowhere/model': Path /nowhere/model not found. Pass a folder "
        "with a sentence-transformers model, or a model already in the local Hugging Face "
        "cache (nothing is downloaded: HF_HUB_OFFLINE=1)."
    )
    loading.draw(app.screen)
    save(app, screenshot_dir, "11-loading-error")
    app.switch(loading)
    app.frame(1 / 60)
    assert app.scene is loading  # an error keeps the player on the screen that explains it
    post_key(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert app.scene.name == "title"


def start_game(app) -> object:
    post_key(pygame.K_RETURN)
    run_until(app, lambda: app.scene.name == "play")
    return app.scene


def test_hint_costs_points_and_suggests_a_legal_clue(app, screenshot_dir):
    from dataclasses import replace

    # The hint needs the clue vocabulary; wait for it on the title screen, where no
    # stack grows, so the game cannot end while it is prepared.
    deadline = time.monotonic() + 600
    while not app.worker.vocabulary_ready:
        assert time.monotonic() < deadline, "the clue vocabulary was never ready"
        app.frame(1 / 60)
        time.sleep(0.05)
    play = start_game(app)
    play.state = replace(play.state, score=200)
    post_key(pygame.K_TAB)
    app.frame(1 / 60)
    assert play.state.score == 200 - play.settings.hint_cost
    assert "cost 50 points" in play.feedback.text
    run_until(app, lambda: "try" in play.feedback.text, seconds=120)
    suggested = play.feedback.text.split("try \u201c")[1].split("\u201d")[0]
    assert "cost 50 points" in play.feedback.text
    assert validate_clue(suggested, play.state.words).ok
    assert play.state.stats.hints_used == 1
    save(app, screenshot_dir, "12-hint")


def test_ai_player_types_its_clues_and_plays(engine, tmp_path, monkeypatch, screenshot_dir):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    game = App(PlayOptions(seed=5, ai=True, temperature=0.0))
    try:
        run_until(game, lambda: game.scene.name == "play")
        play = game.scene
        seen_partial = []

        def typed_two_clues() -> bool:
            if play.ai.clue and 0 < len(play.entry.text) < len(play.ai.clue):
                seen_partial.append(play.entry.text)
            return play.state.stats.clues_used >= 2

        run_until(game, typed_two_clues, seconds=120)
        assert seen_partial, "the AI should type letter by letter"
        # At T = 0 the AI always sends its best clue, which clears on these stacks.
        assert play.state.stats.targets_cleared >= 1
        run_until(game, lambda: bool(play.ai.clue))
        game.frame(1 / 60)
        save(game, screenshot_dir, "13-ai-playing")
    finally:
        game.close()


def test_lab_shows_that_temperature_trades_repetition_for_variety(app, screenshot_dir):
    for _ in range(5):
        post_key(pygame.K_DOWN)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    lab = app.scene
    assert lab.name == "lab"
    run_until(app, lambda: lab.scored is not None, seconds=120)

    post_key(pygame.K_0)
    post_key(pygame.K_RETURN)  # 20 samples at T = 0
    app.frame(1 / 60)
    assert sum(lab.tally.values()) == 20 and len(lab.tally) == 1
    save(app, screenshot_dir, "14-lab-greedy")

    for _ in range(6):
        post_key(pygame.K_RIGHT, pygame.KMOD_SHIFT)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert lab.temperature == 3.0
    assert len(lab.tally) > 10  # the long tail: nearly every draw is different
    save(app, screenshot_dir, "15-lab-hot")

    # C: the stack ranked for the last clue by the game's method and by plain cosine.
    post_key(pygame.K_c)
    app.frame(1 / 60)
    assert lab.comparing and lab.comparison is not None
    clue, rankings = lab.comparison
    assert clue == lab.last[0]
    assert [name for name, _ in rankings] == [app.worker.engine.method.name, "cosine"]
    for _, ranking in rankings:
        assert sorted(r.word for r in ranking) == sorted(lab.stack)
        assert [r.score for r in ranking] == sorted((r.score for r in ranking), reverse=True)
    assert rankings[0][1] != rankings[1][1]  # the two methods score differently
    save(app, screenshot_dir, "16-lab-compare")
    post_key(pygame.K_c)
    app.frame(1 / 60)
    assert not lab.comparing

    # The mouse drags the slider.
    middle = lab.slider.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=middle))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=middle))
    app.frame(1 / 60)
    assert lab.temperature == pytest.approx(1.5)
    post_key(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert app.scene.name == "title"


def test_f11_full_screen_and_ctrl_m_mute_are_remembered(app):
    post_key(pygame.K_F11)
    app.frame(1 / 60)
    assert app.screen.get_flags() & pygame.FULLSCREEN
    post_key(pygame.K_F11)
    app.frame(1 / 60)
    assert not app.screen.get_flags() & pygame.FULLSCREEN
    assert app.prefs.sound
    post_key(pygame.K_m, pygame.KMOD_CTRL)
    app.frame(1 / 60)
    assert not app.prefs.sound and not app.sound.enabled
    from game.prefs import load_preferences

    assert load_preferences()[0].sound is False  # saved for the next start


def test_a_saved_pack_that_disappeared_falls_back_to_the_default(engine, tmp_path, monkeypatch):
    from game.prefs import Preferences, save_preferences

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    save_preferences(Preferences(pack=str(tmp_path / "gone.txt")))
    game = App(PlayOptions())
    try:
        assert game.pack.name == "default"
        assert any("using the default pack" in notice for notice in game.notices)
    finally:
        game.close()
