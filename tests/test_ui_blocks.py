"""The real app in Blocks mode, headless: title -> grid -> clue -> clear -> fall -> game over.

Every screen is saved at 800x500 and 1920x1080 in test-output/ (blocks-*.png).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pygame
import pytest
from test_ui import post_key, post_text, run_until, winning_clue

from game.rules.blocks import Block, hint_price, replay
from game.ui import theme
from game.ui.app import App, PlayOptions
from game.ui.scenes.blocks_view import BLOCK_STYLES, CLEAR_SECONDS, HIGHLIGHT_SECONDS

SIZES = ((800, 500), (1920, 1080))


def shoot(app: App, folder, name: str) -> None:
    """Save the current screen at both sizes (the scene redrawn, time standing still)."""
    for width, height in SIZES:
        resize(app, (width, height))
        app.scene.draw(app.screen)
        pygame.image.save(app.screen, folder / f"blocks-{name}-{width}x{height}.png")
    resize(app, SIZES[0])
    app.scene.draw(app.screen)


def resize(app: App, size: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size))
    for event in pygame.event.get(pygame.VIDEORESIZE):
        app._handle_global(event)


def block_rect(play, uid: int) -> pygame.Rect:
    """Where a block is drawn now."""
    layout = play.layout()
    grid = play.grid_rect(layout)
    column = next(c for (c, _), b in play.shown_state.blocks if b.uid == uid)
    return play.cell_rect(grid, column, play.rows_shown[uid])


@pytest.fixture
def app(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    pygame.init()
    game = App(PlayOptions(seed=11, mode="blocks", size=SIZES[0]))
    yield game
    if game.scene is not None:
        game.close()


def start(app: App):
    post_key(pygame.K_RETURN)  # "Play" is selected first
    run_until(app, lambda: app.scene.name == "play")
    return app.scene


def test_a_blocks_game_through_every_screen(app, engine, screenshot_dir):
    assert app.scene.name == "title" and app.scene._mode_label() == "Mode: Blocks"
    app.frame(1 / 60)
    shoot(app, screenshot_dir, "01-title")

    play = start(app)
    assert type(play).__name__ == "BlocksPlayScene"
    app.frame(1 / 60)
    shoot(app, screenshot_dir, "02-grid")
    # Each block shows its colour, with its shape drawn in the dark ink on top.
    (_, first), *_ = play.state.blocks
    rect = block_rect(play, first.uid)
    assert app.screen.get_at((rect.left + 3, rect.bottom - 3))[:3] == BLOCK_STYLES[first.colour][0]

    # A refused clue costs nothing and takes no turn.
    word = play.state.words[0]
    post_text(word.upper())
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert play.feedback.colour == theme.REFUSED
    assert (play.state.turn, play.state.score, play.entry.text) == (0, 0, "")

    # Aim at the word block with the largest group, with a clue the real model ranks first.
    (target,) = play.state.targets
    group = play.state.group_at(next(p for p, b in play.state.blocks if b.uid == target.uid))
    clue = winning_clue(engine, target.text, list(play.state.words))
    post_text(clue)
    post_key(pygame.K_RETURN)
    run_until(app, lambda: play.state.last_clue is not None)
    result = play.state.last_clue
    assert result.chosen.uid == target.uid and len(result.group) == len(group)
    assert play.state.score == play.settings.group_points(len(group)) and play.state.turn == 1

    # The choice on show: the chosen block outlined, the runners-up numbered.
    app.frame(HIGHLIGHT_SECONDS / 2)
    rect = block_rect(play, target.uid)
    assert app.screen.get_at((rect.left - 1, rect.centery))[:3] == theme.TEXT
    assert all(uid in play.rows_shown for uid in result.group)  # still on the grid
    shoot(app, screenshot_dir, "03-chosen")
    app.frame(HIGHLIGHT_SECONDS / 2 + CLEAR_SECONDS / 2)
    shoot(app, screenshot_dir, "04-clearing")
    assert play.clearing is not None and 0 < play._clear_progress() < 1

    # Then the group is gone, blocks fall into the gap and new ones rise from below.
    app.frame(CLEAR_SECONDS)
    for _ in range(60):
        app.frame(1 / 30)
    assert play.clearing is None
    on_grid = {b.uid for _, b in play.state.blocks}
    assert not on_grid & set(result.group)
    for (_, r), block in play.state.blocks:
        assert play.rows_shown[block.uid] == pytest.approx(r, abs=0.01)
    shoot(app, screenshot_dir, "05-after-clear")
    # The screen only sent actions: the rules replay them to the very same game.
    pack = app.services.pack
    assert replay(play.settings, pack.entries(), play.seed, play.actions)[0] == play.state

    post_key(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert play.paused
    shoot(app, screenshot_dir, "06-paused")
    post_key(pygame.K_DOWN)
    post_key(pygame.K_RETURN)  # Restart asks first, as in Arcade
    app.frame(1 / 60)
    assert play.confirming == "restart" and app.scene is play
    shoot(app, screenshot_dir, "06-paused-restart")
    post_key(pygame.K_ESCAPE)  # no: back to the pause menu
    app.frame(1 / 60)
    assert play.confirming is None and play.paused
    clock = play.clock
    app.frame(1.0)
    assert play.clock == clock  # no play time passes while paused
    post_key(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert not play.paused

    # Fill every column to the red line: the next turn's arrivals overflow one.
    rows = play.settings.rows
    full = tuple(
        tuple(
            Block(10_000 + c * 100 + r, (c + r) % 2, f"fill{c}x{r}" if r == 0 else None)
            for r in range(rows)
        )
        for c in range(play.settings.columns)
    )
    play.state = replace(play.state, columns=full)
    post_text("sky")
    post_key(pygame.K_RETURN)
    run_until(app, lambda: app.scene.name == "gameover", dt=0.25)
    over = app.scene
    assert over.state.game_over and over.place == 1
    app.frame(1 / 60)
    shoot(app, screenshot_dir, "07-gameover")
    post_key(pygame.K_u, pygame.KMOD_CTRL)
    post_text("Ada")
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    (entry,) = app.services.scores.top(10, "blocks")
    assert (entry.name, entry.score, entry.best_clue) == ("Ada", over.state.score, clue)
    assert app.services.scores.top(10, "arcade") == []

    assert over.menu.items[0].label() == "Play again"
    post_key(pygame.K_DOWN)
    post_key(pygame.K_RETURN)  # "High scores"
    app.frame(1 / 60)
    assert app.scene.name == "highscores" and app.scene.table == "blocks"
    shoot(app, screenshot_dir, "08-highscores")
    post_key(pygame.K_LEFT)
    app.frame(1 / 60)
    assert app.scene.table == "arcade-ai" and app.scene.entries == []


def test_hint_outlines_the_largest_group_and_costs_points(app, screenshot_dir):
    play = start(app)
    play.state = replace(play.state, score=200)
    (target,) = play.state.targets
    price = hint_price(play.state)  # a share of what the hinted group earns (issue 18)
    post_key(pygame.K_TAB)
    app.frame(1 / 60)
    assert play.state.score == 200 - price
    run_until(app, lambda: "try" in play.feedback.text, seconds=120)
    assert play.hint_uid == target.uid and target.text in play.feedback.text
    suggested = play.feedback.text.split("try \u201c")[1].split("\u201d")[0]
    from game.clues import validate_clue

    assert validate_clue(suggested, play.state.words).ok
    app.frame(1 / 60)
    rect = block_rect(play, target.uid)
    assert app.screen.get_at((rect.left - 1, rect.centery))[:3] == theme.ACCENT
    shoot(app, screenshot_dir, "09-hint")
    post_key(pygame.K_TAB)  # the same hint again is free
    app.frame(1 / 60)
    assert play.state.score == 200 - price and play.hint_request is None
    replayed, _ = replay(play.settings, app.services.pack.entries(), play.seed, play.actions)
    # The replay starts at score 0 (200 was set by hand above), which cannot pay a hint.
    assert replayed.stats.hints_used == 0 and replayed.columns == play.state.columns


def test_title_cycles_arcade_blocks_and_the_ai_playing_either(app, screenshot_dir):
    title = app.scene
    labels = []
    for _ in range(4):
        labels.append(title._mode_label())
        if labels[-1].startswith("Mode: AI plays Blocks"):
            shoot(app, screenshot_dir, "00-title-ai")
        title._mode(+1)
    assert labels[0] == "Mode: Blocks"
    assert labels[1] == "Mode: AI plays Arcade (T = 0.7)"
    assert labels[2] == "Mode: AI plays Blocks (T = 0.7)"
    assert labels[3] == "Mode: Arcade"
    mode, ai = app.services.mode, app.services.ai_playing
    assert title._mode_label() == labels[0] and mode.id == "blocks" and not ai


def test_the_ai_plays_blocks_at_temperature_zero(engine, tmp_path, monkeypatch, screenshot_dir):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    game = App(PlayOptions(seed=5, ai=True, mode="blocks", temperature=0.0, size=SIZES[0]))
    try:
        run_until(game, lambda: game.scene.name == "play")
        play = game.scene
        aims = []

        def two_turns() -> bool:
            if play.ai.request is not None and play.state.targets:
                aims.append(play.state.targets[0].uid)
            return play.state.turn >= 2

        run_until(game, two_turns, seconds=180)
        # At T = 0 the AI aims at the largest group and its clue picks that block.
        chosen = play.state.last_clue.chosen.uid
        assert chosen in aims
        assert play.state.stats.largest_group >= 2
        game.frame(1 / 60)
        shoot(game, screenshot_dir, "10-ai")
    finally:
        game.close()


def test_play_mode_blocks_runs_headless_and_saves_the_last_frame(engine, tmp_path):
    from game.cluegen import default_vocabulary
    from game.words import load_pack

    # The game exits only once its clue vocabulary is ready: have it on disk already.
    engine.embed_pack(default_vocabulary().words)
    engine.embed_pack(load_pack("default").words)
    shot = tmp_path / "blocks.png"
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "WORDSTACK_DATA_DIR": str(tmp_path),
        "HF_HUB_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "game", "play", "--mode", "blocks", "--ai", "--seed", "3"]
    command += ["--max-seconds", "3", "--screenshot", str(shot), "--size", "800x500"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("Final score: ")
    assert pygame.image.load(shot).get_size() == (800, 500)


def test_an_unknown_mode_is_one_line_and_status_2(capsys):
    from game.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["play", "--mode", "tetris"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'tetris'" in err and len(err.strip().splitlines()) == 1


def test_scores_command_prints_each_mode_s_own_table(tmp_path, monkeypatch, capsys):
    from game.cli import main
    from game.scores import ScoreEntry, ScoreTable

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    table = ScoreTable()
    table.add(ScoreEntry("ana", 300, mode="blocks"))
    table.add(ScoreEntry("bo", 500, mode="arcade"))
    assert main(["scores", "--mode", "blocks"]) == 0
    assert [line.split("\t")[1] for line in capsys.readouterr().out.splitlines()] == ["ana"]
    assert main(["scores", "--mode", "blocks-ai"]) == 0
    assert "No blocks-ai games" in capsys.readouterr().err


def test_a_queued_clue_is_checked_and_scored_again_for_the_grid_it_meets(app, engine, monkeypatch):
    from test_ui import HeldScoring

    from game.clues import validate_clue
    from game.rules import Clue

    play = start(app)
    (target,) = play.state.targets
    first = winning_clue(engine, target.text, list(play.state.words))
    second = "weather"
    typed_on = play.state.words
    assert validate_clue(second, typed_on).ok
    held = HeldScoring(app.worker.engine, monkeypatch)
    for clue in (first, second):
        post_text(clue)
        post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert [sent.clue for sent in play.pending] == [first, second]
    held.release()
    run_until(app, lambda: play.state.turn == 1)
    after_first = play.state.words
    run_until(app, lambda: play.state.turn == 2, dt=0.1)

    assert [(c, words) for _, c, words in held.calls] == [
        (first, typed_on),
        (second, typed_on),
        (second, after_first),  # the grid changed under the queued clue: scored again
    ]
    assert held.on_model_thread_only()
    applied = [(first, typed_on), (second, after_first)]
    expected = [Clue(c, tuple(float(s) for s in held.real(c, words))) for c, words in applied]
    assert [a for a in play.actions if isinstance(a, Clue)] == expected
