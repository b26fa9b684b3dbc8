"""The "Why?" screen in play: ? after a clue explains its ranking; the game waits meanwhile."""

from __future__ import annotations

from dataclasses import replace

import pygame
from test_ui import app, post_key, post_text, run_until, start_game  # noqa: F401 (fixture)

from game.ui.why_view import WhyView


def test_question_mark_explains_the_last_clue_and_the_game_waits(app, engine, screenshot_dir):  # noqa: F811
    play = start_game(app)
    play.state = replace(play.state, next_arrival_tick=10**9)  # no word arrives meanwhile
    post_text("?")
    app.frame(1 / 60)
    assert play.why_request is None and "play one first" in play.feedback.text
    words = list(play.state.words)
    target = play.state.targets[-1].text
    post_text("music")
    post_key(pygame.K_RETURN)
    run_until(app, lambda: play.state.stats.clues_used == 1 and not play.pending, seconds=120)
    tick = play.state.tick
    post_text("?")
    app.frame(1 / 60)
    assert play.why_request is not None or play.why is not None
    run_until(app, lambda: play.why is not None, seconds=60)
    why = play.why.why
    assert why.clue == "music" and sorted(w.word for w in why.words) == sorted(words)
    assert next(w for w in why.words if w.target).word == target
    # The parts shown add up to the scores the rules were given.
    for word in why.words:
        assert abs(sum(word.parts.values()) - word.score) <= 1e-6
    app.frame(1 / 60)
    pygame.image.save(app.screen, screenshot_dir / "why-1280.png")
    for size in ((800, 500), (1920, 1080)):
        surface = pygame.Surface(size)
        WhyView(why, play.why.zone).draw(surface, type(app.services.fonts)(size[1]))
        pygame.image.save(surface, screenshot_dir / f"why-{size[0]}x{size[1]}.png")
    for _ in range(30):
        app.frame(0.5)  # 15 s pass on screen: none in the game
    assert play.state.tick == tick
    post_text("?")
    app.frame(1 / 60)
    assert play.why is None and play.why_request is None
    app.frame(0.5)
    assert play.state.tick > tick  # the game goes on
