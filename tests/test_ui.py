"""The real app, headless: title -> play -> clue -> clear -> pause -> game over -> high score."""

from __future__ import annotations

import errno
import os
import threading
import time
from dataclasses import replace

import numpy as np
import pygame
import pytest

from game.clues import validate_clue
from game.engine.disk_cache import EmbeddingCacheWarning
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

    # A refused clue costs nothing; the box empties so the next word starts afresh, and
    # the message names the refused clue.
    post_text(target.text.upper())
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert play.entry.text == ""
    assert play.feedback.colour == theme.REFUSED and play.state.score == 0
    assert target.text in play.feedback.text
    save(app, screenshot_dir, "03-refused")

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
    app.services.set_prefs(replace(app.services.prefs, player_name="Newcomer"))
    run_until(app, lambda: app.scene.name == "gameover", dt=1.0)
    over = app.scene
    app.frame(1 / 60)
    save(app, screenshot_dir, "06-gameover")
    assert over.state.stats.clues_used == 1 and over.state.stats.best_clue == clue

    # The score is saved the moment the game ends; the name comes after.
    assert over.place == 1 and app.services.scores.top()[0].score == over.state.score
    # The last name is prefilled and selected: typing replaces it.
    assert over.name_entry.selected and over.name_entry.text == app.services.prefs.player_name
    post_text("Ada")
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert over.named
    save(app, screenshot_dir, "07-saved")
    (entry,) = app.services.scores.top()
    assert (entry.name, entry.score, entry.best_clue) == ("Ada", over.state.score, clue)

    post_key(pygame.K_DOWN)  # "Play again" is first, "High scores" second
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
    assert app.services.prefs.pack != "default"
    post_key(pygame.K_LEFT)  # zone 4 -> 3
    app.frame(1 / 60)
    assert app.services.prefs.zone_size == 3
    save(app, screenshot_dir, "09-settings")
    post_key(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert app.scene.name == "title"
    assert app.scene.menu.selected == 3  # back on "Settings", where the player left


def test_window_resize_scales_text(app):
    small = app.services.fonts.size(20)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1920, h=1080, size=(1920, 1080)))
    app.frame(1 / 60)
    assert app.screen.get_size() == (1920, 1080)
    assert app.services.fonts.size(20) > small


def test_loading_screen_shows_progress(app, screenshot_dir):
    from game.ui.scenes.loading import LoadingScene

    loading = LoadingScene(app.services, seed=1)
    loading.draw(app.screen)
    save(app, screenshot_dir, "10-loading")


def test_a_model_that_cannot_load_shows_a_clear_error(tmp_path, monkeypatch, screenshot_dir):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    missing = tmp_path / "no-such-model"
    game = App(PlayOptions(model=str(missing), skip_title=True))
    try:
        assert game.scene.name == "loading"
        run_until(game, lambda: game.worker.error is not None, seconds=120)
        game.frame(1 / 60)
        save(game, screenshot_dir, "11-loading-error")
        assert game.scene.name == "loading"  # the player stays on the screen that explains
        assert "Cannot load the model" in game.worker.error
        assert str(missing) in game.worker.error
        post_key(pygame.K_ESCAPE)
        game.frame(1 / 60)
        assert game.scene.name == "title"
    finally:
        game.close()


def test_a_cache_folder_that_cannot_be_written_does_not_stop_the_game(
    engine, tmp_path, monkeypatch
):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WORDSTACK_CACHE_DIR", str(blocker / "cache"))
    with pytest.warns(EmbeddingCacheWarning, match="Cannot write"):
        game = App(PlayOptions(seed=4, skip_title=True, pack="animals"))  # the pack job starts
        try:
            run_until(game, lambda: game.scene.name == "play", seconds=120)
            assert game.worker.error is None
        finally:
            game.close()


def test_a_full_disk_makes_ctrl_m_a_warning_and_play_goes_on(app, monkeypatch):
    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    play = start_game(app)
    monkeypatch.setattr("game.storage.os.fsync", full_disk)
    post_key(pygame.K_m, pygame.KMOD_CTRL)
    app.frame(1 / 60)
    services = app.services
    assert not services.prefs.sound and not services.sound.enabled  # it applies for this session
    assert any("Settings not saved" in notice for notice in app.services.notices)
    assert app.scene is play and app.running
    tick = play.state.tick
    app.frame(1.0)
    assert play.state.tick > tick


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
    # No word arrives during the test: the hint must not race the game's end on a busy CPU.
    play.state = replace(play.state, score=200, next_arrival_tick=10**9)
    post_key(pygame.K_TAB)
    app.frame(1 / 60)
    assert play.state.score == 200 - play.settings.hint_cost
    assert "cost 50 points" in play.feedback.text
    run_until(app, lambda: "try" in play.feedback.text, seconds=300)
    suggested = play.feedback.text.split("try \u201c")[1].split("\u201d")[0]
    assert "cost 50 points" in play.feedback.text
    assert validate_clue(suggested, play.state.words).ok
    assert play.state.stats.hints_used == 1
    save(app, screenshot_dir, "12-hint")
    # Tab again for the same target: the same hint, not charged twice.
    post_key(pygame.K_TAB)
    app.frame(1 / 60)
    run_until(app, lambda: "try" in play.feedback.text, seconds=300)
    assert "already paid" in play.feedback.text
    assert play.state.score == 200 - play.settings.hint_cost


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
    assert app.scene.name == "lab"
    lab = app.scene.pages["sample"]
    run_until(app, lambda: lab.scored is not None, seconds=120)

    post_key(pygame.K_0)
    post_key(pygame.K_RETURN)  # 20 samples at T = 0
    app.frame(1 / 60)
    run_until(app, lambda: not lab.sampling)  # each sample is ranked on the model thread
    assert sum(lab.tally.values()) == 20 and len(lab.tally) == 1
    save(app, screenshot_dir, "14-lab-greedy")

    for _ in range(6):
        post_key(pygame.K_RIGHT, pygame.KMOD_SHIFT)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    run_until(app, lambda: not lab.sampling)
    assert lab.temperature == 3.0
    assert len(lab.tally) > 10  # the long tail: nearly every draw is different
    save(app, screenshot_dir, "15-lab-hot")

    # C: the stack ranked for the last clue by the game's method and by plain cosine.
    post_key(pygame.K_c)
    app.frame(1 / 60)
    assert lab.comparing
    run_until(app, lambda: lab.comparison is not None)  # ranked on the model thread
    clue, rankings = lab.comparison
    assert clue == lab.last[0]
    assert [name for name, _ in rankings] == [app.worker.engine.method.name, "cosine"]
    for _, ranking in rankings:
        assert sorted(r.word for r in ranking) == sorted(app.scene.stack)
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
    assert app.services.prefs.sound
    post_key(pygame.K_m, pygame.KMOD_CTRL)
    app.frame(1 / 60)
    assert not app.services.prefs.sound and not app.services.sound.enabled
    from game.prefs import load_preferences

    assert load_preferences()[0].sound is False  # saved for the next start


def test_a_saved_pack_that_disappeared_falls_back_to_the_default(engine, tmp_path, monkeypatch):
    from game.prefs import Preferences, save_preferences

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    save_preferences(Preferences(pack=str(tmp_path / "gone.txt")))
    game = App(PlayOptions())
    try:
        assert game.services.pack.name == "default"
        assert any("using the default pack" in notice for notice in game.services.notices)
    finally:
        game.close()


def with_clues(play, score: int, clues: int) -> None:
    """Pretend the game in `play` has been played: `clues` clues for `score` points."""
    from dataclasses import replace

    stats = replace(play.state.stats, clues_used=clues, best_clue="saddle")
    play.state = replace(play.state, score=score, stats=stats)


def test_pause_restart_asks_first_and_keeps_the_score(app, screenshot_dir):
    play = start_game(app)
    with_clues(play, 4830, clues=12)
    post_key(pygame.K_ESCAPE)
    post_key(pygame.K_DOWN)
    post_key(pygame.K_RETURN)  # Restart
    app.frame(1 / 60)
    assert app.scene is play and play.confirming == "restart"
    save(app, screenshot_dir, "16-confirm-restart")
    post_key(pygame.K_RETURN)  # "No, keep playing" is selected first
    app.frame(1 / 60)
    assert app.scene is play and play.paused and play.confirming is None
    assert app.services.scores.top() == []
    post_key(pygame.K_RETURN)  # Restart again, then Yes
    post_key(pygame.K_DOWN)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert app.scene.name == "play" and app.scene is not play
    (entry,) = app.services.scores.top()
    assert entry.score == 4830 and entry.clues == 12


def test_quitting_a_game_without_clues_saves_nothing(app):
    play = start_game(app)
    post_key(pygame.K_ESCAPE)
    post_key(pygame.K_UP)  # Quit to title
    post_key(pygame.K_RETURN)
    post_key(pygame.K_DOWN)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert app.scene.name == "title" and play.state.stats.clues_used == 0
    assert app.services.scores.top() == []


def test_enter_on_an_empty_box_clears_a_stale_message(app):
    play = start_game(app)
    post_text(play.state.words[0])
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert play.feedback.colour == theme.REFUSED and play.entry.text == ""
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert play.feedback.colour == theme.MUTED


def test_game_over_offers_play_again_and_no_clue_is_no_high_score(app, screenshot_dir):
    from game.ui.scenes.gameover import GameOverScene

    play = start_game(app)
    app.switch(GameOverScene(app.services, play.state, play.seed))
    app.frame(1 / 60)
    over = app.scene
    assert over.saved is None and over.named and app.services.scores.top() == []
    save(app, screenshot_dir, "17-gameover-no-clue")
    post_key(pygame.K_RETURN)  # "Play again"
    app.frame(1 / 60)
    assert app.scene.name == "play"


def test_danger_rows_glow_before_the_line(app, screenshot_dir):
    from dataclasses import replace

    from game.rules import StackWord

    play = start_game(app)
    height = play.settings.max_stack_height
    stack = tuple(
        StackWord(uid=500 + i, text=f"word{i}", level=1, is_target=i == 0)
        for i in range(height - 2)
    )
    play.state = replace(play.state, stack=stack, next_arrival_tick=10**9)
    play.slots = {w.uid: float(i) for i, w in enumerate(stack)}
    assert play.danger_rows == 2
    app.frame(1 / 60)
    screen = save(app, screenshot_dir, "18-danger")
    layout = play.layout()
    line = round(layout.stack.bottom - height * layout.row_height)
    r, g, b = screen.get_at((layout.stack.right - 4, line + 6))[:3]
    assert r > g and r > b  # the free rows under the line are tinted red


def test_an_arriving_word_is_never_drawn_over_the_header(app, screenshot_dir):
    from game.rules import StackWord

    play = start_game(app)
    play.paused = False
    layout = play.layout()
    arriving = StackWord(uid=900, text="WWWWWWWW", level=1, is_target=True)
    play.state = replace(play.state, stack=(*play.state.stack, arriving), next_arrival_tick=10**9)
    play.slots[arriving.uid] = float(play.settings.max_stack_height) + 0.5  # where arrivals start
    play.draw(app.screen)
    save(app, screenshot_dir, "18b-arriving")
    tile = play.row_rect(play.slots[arriving.uid], layout)
    assert tile.top < layout.stack.top  # the tile itself reaches above the stack area
    top = max(0, tile.top)
    pixels = {
        app.screen.get_at((x, y))[:3]
        for x in range(tile.left, tile.right, 3)
        for y in range(top, layout.stack.top)
    }
    assert theme.TARGET not in pixels  # the target's orange is clipped at the stack's top


def test_final_score_is_the_players_last_game(app):
    play = start_game(app)
    with_clues(play, 700, clues=5)
    play.leave()
    assert app.final_score == 700
    from game.ui.scenes.play import PlayScene

    PlayScene(app.services, 3).leave()  # a game left before its first clue changes nothing
    assert app.final_score == 700
    app.services.ai_playing = True  # an AI game started from the title screen is not the player's
    ai_game = PlayScene(app.services, 4)
    with_clues(ai_game, 9000, clues=20)
    ai_game.leave()
    assert app.final_score == 700


def test_a_one_off_pack_is_not_saved_as_the_default(engine, tmp_path, monkeypatch):
    from dataclasses import replace

    from game.prefs import load_preferences

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    game = App(PlayOptions(pack="animals"))
    try:
        services = game.services
        assert services.pack.name == "animals"
        services.set_prefs(replace(services.prefs, sound=False))  # any saved change of preferences
        saved = load_preferences()[0]
        assert saved.pack == "default" and saved.sound is False
        # A pack chosen in Settings is saved.
        services.set_prefs(replace(services.prefs, pack="food"))
        assert load_preferences()[0].pack == "food"
    finally:
        game.close()


def test_ranking_text_helpers():
    from game.ui.scenes.highscores import pack_label
    from game.ui.scenes.play_view import score_text
    from game.ui.text import ordinals, refusal

    assert score_text(-0.001) == "0.00" and score_text(-0.5) == "-0.50"
    assert ordinals((1,)) == "1st" and ordinals((1, 2, 4)) == "1st, 2nd and 4th"
    assert pack_label("/home/ada/packs/my-words.txt") == "my-words"
    assert pack_label("C:\\packs\\birds.txt") == "birds"
    assert pack_label("animals") == "animals"
    assert refusal("chef", 'The clue contains "chef".') == 'The clue contains "chef".'
    assert refusal("chefs", 'The clue contains "chef".').startswith("\u201cchefs\u201d refused")


@pytest.mark.parametrize("size", [(800, 500), (1920, 1080)])
def test_a_busy_score_file_is_said_on_the_high_score_screen(app, screenshot_dir, size):
    import sqlite3

    from game.scores import ScoreEntry, ScoreTable
    from game.ui.scenes.highscores import HighScoresScene

    app.services.scores.add(ScoreEntry("ana", 100))
    app.services.scores = ScoreTable(app.services.scores.path, timeout=0.1)
    holder = sqlite3.connect(app.services.scores.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size))
        app.frame(1 / 60)
        app.switch(HighScoresScene(app.services))
        app.frame(1 / 60)
        save(app, screenshot_dir, f"19-highscores-busy-{size[0]}x{size[1]}")
        assert app.scene.problem and "busy" in app.scene.problem
    finally:
        holder.close()
    app.switch(HighScoresScene(app.services))
    assert [e.name for e in app.scene.entries] == ["ana"]


class HeldScoring:
    """Stands in for the engine's `scores`: records who scored what, and holds the first
    call until `release()`, so a test can change the stack while the clue is being scored."""

    def __init__(self, engine, monkeypatch) -> None:
        self.real = engine.scores
        self.gate = threading.Event()
        self.calls: list[tuple[str, str, tuple[str, ...]]] = []  # thread, clue, words
        self.embedded_on: set[str] = set()
        real_embed = engine.embed

        def scores(clue, words):
            self.calls.append((threading.current_thread().name, clue, tuple(words)))
            assert self.gate.wait(60), "the test never released the scoring"
            return self.real(clue, words)

        def embed(texts):
            self.embedded_on.add(threading.current_thread().name)
            return real_embed(texts)

        monkeypatch.setattr(engine, "scores", scores)
        monkeypatch.setattr(engine, "embed", embed)

    def release(self) -> None:
        self.gate.set()

    def on_model_thread_only(self) -> bool:
        threads = {thread for thread, _, _ in self.calls} | self.embedded_on
        return bool(self.calls) and all(t.startswith("wordstack-model") for t in threads)


def test_a_clue_is_scored_off_the_frame_thread_and_again_for_the_stack_it_meets(
    app, engine, monkeypatch
):
    from dataclasses import replace

    from game.rules import Clue

    play = start_game(app)
    play.state = replace(play.state, next_arrival_tick=10**9)  # words arrive when told to
    (target,) = play.state.targets
    clue = winning_clue(engine, target.text, list(play.state.words))
    held = HeldScoring(app.worker.engine, monkeypatch)
    typed_on = play.state.words
    post_text(clue)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert [sent.clue for sent in play.pending] == [clue]

    # A word arrives while the model thread scores the clue for the stack it was typed on.
    play.state = replace(play.state, next_arrival_tick=play.state.tick + 1)
    run_until(app, lambda: play.state.words != typed_on)
    play.state = replace(play.state, next_arrival_tick=10**9)
    met = play.state.words
    assert play.state.last_clue is None  # nothing is applied before the scores arrive
    held.release()
    run_until(app, lambda: play.state.last_clue is not None)

    assert play.state.last_clue.clue == clue
    assert [(c, words) for _, c, words in held.calls] == [(clue, typed_on), (clue, met)]
    assert held.on_model_thread_only()
    clues = [action for action in play.actions if isinstance(action, Clue)]
    assert clues == [Clue(clue, tuple(float(s) for s in held.real(clue, met)))]


def test_a_clue_made_illegal_while_it_was_scored_is_refused_and_not_applied(
    app, engine, monkeypatch
):
    from dataclasses import replace

    from game.rules import Clue, Refuse, StackWord

    play = start_game(app)
    play.state = replace(play.state, next_arrival_tick=10**9)
    (target,) = play.state.targets
    clue = winning_clue(engine, target.text, list(play.state.words))
    held = HeldScoring(app.worker.engine, monkeypatch)
    post_text(clue)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    arrived = StackWord(uid=900, text=clue, level=1)  # the clue itself lands on the stack
    play.state = replace(play.state, stack=(*play.state.stack, arrived))
    held.release()
    run_until(app, lambda: not play.pending)

    assert play.state.last_clue is None and play.state.stats.clues_used == 0
    assert not any(isinstance(action, Clue) for action in play.actions)
    (refused,) = [action for action in play.actions if isinstance(action, Refuse)]
    assert refused.clue == clue and refused.reason == validate_clue(clue, [clue]).reason
    assert play.feedback.colour == theme.REFUSED and clue in play.feedback.text
    assert len(held.calls) == 1 and held.on_model_thread_only()


def test_the_lab_ranks_its_samples_on_the_model_thread(app, monkeypatch):
    from game.ui.lab import LabScene

    scene = LabScene(app.services, seed=3)
    app.switch(scene)
    lab = scene.pages["sample"]
    # The candidates' scores and their target ranks come from the clue thread first.
    run_until(app, lambda: lab.scored is not None and lab.ranks is not None, seconds=600)
    engine = app.worker.engine
    held = HeldScoring(engine, monkeypatch)
    held.release()
    post_key(pygame.K_s)
    app.frame(1 / 60)
    run_until(app, lambda: not lab.sampling)

    clue, rank = lab.last
    assert sum(lab.tally.values()) == 1 and held.on_model_thread_only()
    assert [(c, words) for _, c, words in held.calls] == [(clue, tuple(scene.stack))]
    ranking = engine.rank(clue, scene.stack)
    assert [r.index for r in ranking].index(scene.target_index) + 1 == rank
