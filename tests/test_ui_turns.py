"""The play screens apply the rules' costs: a miss's cooldown, the Blocks hint price and
its denial, and the clear zone the Settings describe (the real app and model, headless)."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest
from test_ui import post_key, post_text, run_until

from game.rules import ArcadeSettings, Hint
from game.rules.blocks import hint_price
from game.ui import theme
from game.ui.app import App, PlayOptions
from game.ui.text import wait_text, zone_rule

SIZES = ((800, 500), (1600, 1000))


def make_app(tmp_path, monkeypatch, mode: str = "arcade", size=(800, 500)) -> App:
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    pygame.init()
    return App(PlayOptions(seed=11, mode=mode, size=size))


def start(app: App):
    post_key(pygame.K_RETURN)  # "Play" is selected first
    run_until(app, lambda: app.scene.name == "play")
    return app.scene


def miss(play) -> None:
    """Apply a clue the rules score as a miss: every target ranks last."""
    scores = tuple(0.0 if w.is_target else 0.5 + 0.01 * i for i, w in enumerate(play.state.stack))
    play._apply("zzz", scores)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_clue_during_a_miss_cooldown_is_refused_before_it_is_sent(
    engine, tmp_path, monkeypatch, screenshot_dir, size
):
    app = make_app(tmp_path, monkeypatch, size=size)
    try:
        play = start(app)
        miss(play)
        assert play.feedback.text.endswith("Streak lost. Next clue in 1 s.")
        left, total = play.cooldown()
        assert 0 < left <= total == play.settings.miss_cooldown_ticks[0] / 60
        actions = len(play.actions)
        post_text("animal")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert play.feedback.text == wait_text(play.cooldown()[0])
        assert play.feedback.text.startswith("Wait 1 s")
        assert play.entry.text == "animal" and not play.pending  # kept, never sent
        assert len(play.actions) == actions + 1  # only the frame's Tick
        pygame.image.save(app.screen, screenshot_dir / f"cooldown-{size[0]}x{size[1]}.png")
        entry = play.layout().entry
        foot = {
            app.screen.get_at((x, entry.bottom - 7))[:3]
            for x in range(entry.left + 10, entry.left + 40)
        }
        assert theme.REFUSED in foot  # the cooldown bar along the clue box
        app.frame(1.0)  # the cooldown runs out with the clock
        assert play.cooldown()[0] == 0
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        assert play.pending  # sent to the model this time
        run_until(app, lambda: not play.pending)
        assert play.state.last_clue.clue == "animal"
    finally:
        app.close()


def test_misses_in_a_row_wait_longer(engine, tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    try:
        play = start(app)
        waits = []
        for _ in range(3):
            miss(play)
            waits.append(play.cooldown()[1])
            app.frame(play.cooldown()[0] + 0.05)
        assert waits == [t / 60 for t in play.settings.miss_cooldown_ticks[:3]]
        assert waits == sorted(waits) and waits[0] < waits[-1]
    finally:
        app.close()


def test_the_rules_refusal_of_a_clue_sent_before_the_miss_says_wait(engine, tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    try:
        play = start(app)
        miss(play)
        play.feedback.text = ""
        play._apply("queued", tuple(0.5 for _ in play.state.stack))  # scored before the miss
        assert play.feedback.text.startswith("Wait 1 s") and play.state.last_clue.clue == "zzz"
    finally:
        app.close()


def test_a_blocks_hint_the_score_cannot_pay_is_denied_and_says_its_price(
    engine, tmp_path, monkeypatch, screenshot_dir
):
    app = make_app(tmp_path, monkeypatch, mode="blocks")
    try:
        play = start(app)
        price = hint_price(play.state)
        assert price > 0 and play.state.score < price
        assert play.hint_price() == price  # the key line and the panel show this price
        post_key(pygame.K_TAB)
        app.frame(1 / 60)
        assert play.feedback.text == f"A hint costs {price} points: score some first."
        assert play.hint_request is None and not any(isinstance(a, Hint) for a in play.actions)
        pygame.image.save(app.screen, screenshot_dir / "blocks-hint-denied-800x500.png")
        play.state = replace(play.state, score=price)
        post_key(pygame.K_TAB)
        app.frame(1 / 60)
        assert play.state.score == 0 and play.hint_request is not None
    finally:
        app.close()


def test_settings_say_what_the_zone_does_and_it_changes_play():
    texts = {zone: zone_rule(ArcadeSettings(zone_size=zone)) for zone in range(1, 7)}
    assert len(set(texts.values())) == 6
    assert (
        texts[4] == "1st place only, up to 11 words; then the best 2 at 12, 3 at 13, 4 at 14 words"
    )
    for zone in range(2, 7):
        assert ArcadeSettings(zone_size=zone).zone_for(14) == zone  # reached below the line
