"""Frame pacing with the real app: still screens draw almost never, moving ones every frame."""

from __future__ import annotations

import time

import pygame
import pytest
from test_ui import post_key, post_text, run_until, winning_clue

from game.classroom import create_challenge
from game.rules import TICKS_PER_SECOND
from game.ui import navigation
from game.ui.app import App, PlayOptions
from game.ui.pacing import seconds_until_multiple, soonest
from game.ui.session import ChallengeSession
from game.ui.widgets import CURSOR_BLINK_TIMEOUT, TextInput


@pytest.fixture
def app(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    pygame.init()
    game = App(PlayOptions(seed=11))
    run_until(game, lambda: game.worker.ready, seconds=120)
    yield game
    if game.scene is not None:
        game.close()


def steps_for(app: App, seconds: float) -> int:
    """Run the paced loop for `seconds`; the frames it drew."""
    drawn = len(app.frame_seconds)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.step()
    return len(app.frame_seconds) - drawn


def test_helpers():
    assert soonest(None, None) is None
    assert soonest(None, 2.0, 0.5) == 0.5 and soonest(-1.0) == 0.0
    assert seconds_until_multiple(130, 60) == 50 and seconds_until_multiple(120, 60) == 60
    entry = TextInput()
    assert entry.next_change() == pytest.approx(0.5)
    entry.update(0.2)
    assert entry.next_change() == pytest.approx(0.3)
    entry.update(CURSOR_BLINK_TIMEOUT)
    assert entry.next_change() is None  # the cursor stays lit: nothing left to redraw


def test_a_still_title_screen_is_drawn_once_and_wakes_for_a_key(app):
    assert app.scene.name == "title"
    assert steps_for(app, 1.5) <= 1  # the first draw, then nothing
    post_key(pygame.K_DOWN)
    assert steps_for(app, 0.1) == 1  # the key is answered by one draw at once
    assert app.scene.menu.selected == 1


def test_a_waiting_board_draws_for_its_clock_and_its_animations_only(app):
    app.open(navigation.Play(5, "arcade"))
    play = app.scene
    play.entry.update(CURSOR_BLINK_TIMEOUT)  # the cursor has stopped blinking
    steps_for(app, 0.8)  # the opening slide settles
    state = play.state
    arrival = (state.next_arrival_tick - state.tick - play.tick_debt) / TICKS_PER_SECOND
    assert play.next_change() == pytest.approx(arrival, abs=0.02)
    quiet = min(1.0, arrival - 0.1)
    if quiet > 0.3:
        assert steps_for(app, quiet) <= 1

    # A clue: the stack slides and the score bars show, drawn at the frame rate.
    target = play.state.targets[0].text
    post_text(winning_clue(app.worker.engine, target, list(play.state.words)))
    post_key(pygame.K_RETURN)
    assert steps_for(app, 1.0) >= 20
    assert play.state.stats.clues_used == 1


def test_a_paused_game_stands_still_and_a_countdown_ticks_each_second(app):
    app.open(navigation.Play(5, "blocks"))
    blocks = app.scene
    steps_for(app, 0.6)
    blocks.pause()
    assert steps_for(app, 1.2) <= 1

    app.open(app.services.start_challenge(ChallengeSession(create_challenge(seed=3, minutes=1))))
    run_until(app, lambda: app.scene.name == "play", seconds=60)  # the pack is prepared
    turn = app.scene
    turn.entry.update(CURSOR_BLINK_TIMEOUT)
    steps_for(app, 0.8)
    drawn = steps_for(app, 2.05)
    assert 2 <= drawn <= 4  # one draw a second for the countdown (no word arrives yet)
