"""The Lab's pages with the real model: step by step, challenges, screenshots at two sizes."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from test_ui import post_key, post_text, run_until, save

from game import cluegen
from game.ui.app import App, PlayOptions
from game.ui.lab import LabScene
from game.ui.lab.challenges import PRESETS
from game.ui.lab.walk import walk

SIZES = [(800, 500), (1600, 1000)]


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def lab_app(request, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    pygame.init()
    game = App(PlayOptions(seed=11, size=request.param))
    scene = LabScene(game.services, seed=4)
    game.switch(scene)
    yield game, scene
    if game.scene is not None:
        game.close()


def test_the_walk_is_the_generators_sampling_step_by_step():
    scores = [0.61, 0.42, 0.55, 0.1]
    steps = walk(["a", "b", "c", "d"], scores, 0.7)
    assert steps.words == ("a", "c", "b", "d")  # best score first
    assert steps.logits == pytest.approx(np.array([0.61, 0.55, 0.42, 0.1]) / 0.05)
    expected = cluegen.apply_temperature(cluegen.softmax(steps.logits), 0.7)
    assert steps.probabilities == pytest.approx(expected, abs=1e-12)
    assert steps.cumulative[-1] == 1.0
    # r falls in the stretch of the bar of the word it picks.
    for r in (0.0, steps.cumulative[0] - 1e-9, steps.cumulative[0], 0.999999):
        row = steps.pick(r)
        low = steps.cumulative[row - 1] if row else 0.0
        assert low <= r < steps.cumulative[row]
    greedy = walk(["a", "b"], [0.2, 0.3], 0.0)
    assert greedy.probabilities.tolist() == [1.0, 0.0] and greedy.pick(0.99) == 0


def test_step_by_step_scores_the_players_clue_on_the_model_thread_and_draws(
    lab_app, screenshot_dir
):
    app, scene = lab_app
    post_key(pygame.K_F2)
    app.frame(1 / 60)
    steps = scene.pages["steps"]
    assert scene.page is steps
    post_text("water")
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert steps.request is not None  # sent to the worker, not scored on this thread
    run_until(app, lambda: steps.walk is not None, seconds=120)
    expected = app.worker.engine.scores("water", scene.stack)
    assert sorted(steps.walk.scores.tolist()) == pytest.approx(sorted(expected.tolist()))
    assert steps.walk.words[0] == scene.stack[int(np.argmax(expected))]

    # Predict the second row, then draw: the draw is where r falls on the bar.
    post_key(pygame.K_DOWN)
    post_key(pygame.K_SPACE)
    app.frame(1 / 60)
    r, picked, predicted = steps.last_draw
    assert predicted == 1 and picked == steps.walk.pick(r)
    assert steps.draws == 1 and steps.right == (picked == 1)
    size = "x".join(map(str, app.screen.get_size()))
    save(app, screenshot_dir, f"lab-steps-{size}")

    # T = 0 always draws the best word; the steps follow the temperature.
    post_key(pygame.K_0, pygame.KMOD_CTRL)
    app.frame(1 / 60)
    assert steps.walk.greedy and steps.walk.probabilities[0] == 1.0
    for _ in range(5):
        post_key(pygame.K_SPACE)
        app.frame(1 / 60)
        assert steps.last_draw[1] == 0
    post_key(pygame.K_RIGHT, pygame.KMOD_SHIFT)
    app.frame(1 / 60)
    assert steps.temperature == 0.5 and not steps.walk.greedy


def test_challenges_run_each_preset_through_the_engine(lab_app, screenshot_dir):
    app, scene = lab_app
    post_key(pygame.K_F3)
    app.frame(1 / 60)
    page = scene.pages["challenges"]
    size = "x".join(map(str, app.screen.get_size()))
    for number, preset in enumerate(PRESETS):
        assert page.preset is preset
        run_until(app, lambda: page.next_change() is None, seconds=120)
        if preset.target is not None:
            assert sum(page.drawn.values()) == 20
            if preset.temperature == 0:
                assert len(page.drawn) == 1  # T = 0: twenty times the same clue
            else:
                assert len(page.drawn) > 5
        else:
            for clue, job in page.rankings:
                assert job.result() == pytest.approx(app.worker.engine.scores(clue, preset.stack))
        app.frame(1 / 60)
        save(app, screenshot_dir, f"lab-challenge-{number}-{size}")
        post_key(pygame.K_DOWN)
        app.frame(1 / 60)


def test_sample_page_min_p_and_target_keys(lab_app, screenshot_dir):
    app, scene = lab_app
    sample = scene.pages["sample"]
    run_until(app, lambda: sample.scored is not None, seconds=120)
    post_key(pygame.K_DOWN)  # down the list, as drawn
    app.frame(1 / 60)
    assert scene.target_index == 1
    run_until(app, lambda: sample.scored is not None, seconds=60)
    post_key(pygame.K_m)
    app.frame(1 / 60)
    assert sample.min_p == 0.05
    p = sample.distribution()
    assert p[p > 0].min() >= 0.05 * p.max() and np.count_nonzero(p) < len(sample.scored)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    run_until(app, lambda: not sample.sampling)
    app.frame(1 / 60)
    size = "x".join(map(str, app.screen.get_size()))
    save(app, screenshot_dir, f"lab-sample-{size}")
