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


@pytest.fixture(params=[(800, 500), (1920, 1080)], ids=lambda size: f"{size[0]}x{size[1]}")
def lab_sizes(request, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    pygame.init()
    game = App(PlayOptions(seed=11, size=request.param))
    scene = LabScene(game.services, seed=4)
    game.switch(scene)
    yield game, scene
    if game.scene is not None:
        game.close()


def test_sample_views_log_cuts_two_temperatures_and_the_clear_rate_curve(
    lab_sizes, screenshot_dir
):
    from game.similarity import rank_order
    from game.ui.lab.numbers import bar_fractions, clear_rate, cut_lines

    app, scene = lab_sizes
    sample = scene.pages["sample"]
    size = "x".join(map(str, app.screen.get_size()))
    run_until(app, lambda: sample.scored is not None and sample.ranks is not None, seconds=300)
    engine, stack = app.worker.engine, scene.stack
    # The target's rank for a candidate is the game's own ranking of the stack for it.
    for i in (0, 1, 7, len(sample.scored) // 2, len(sample.scored) - 1):
        order = rank_order(engine.scores(sample.scored.word(i), stack))
        assert sample.ranks[i] == int(np.flatnonzero(order == scene.target_index)[0]) + 1

    post_key(pygame.K_l)  # the log scale: tiny probabilities become bars
    post_key(pygame.K_RIGHT, pygame.KMOD_SHIFT)  # T = 1.2
    app.frame(1 / 60)
    assert sample.log and sample.temperature == 1.2
    p = sample.unclipped(1.2)
    assert bar_fractions(p[:15], True).min() > 0.0 and p[14] < 0.01
    save(app, screenshot_dir, f"lab-sample-log-{size}")

    # K cycles top-k off -> 5 -> 20 -> off; the cuts keep what the generator keeps.
    seen = []
    for _ in range(3):
        post_key(pygame.K_k)
        app.frame(1 / 60)
        seen.append(sample.top_k)
    assert seen == [5, 20, None]
    post_key(pygame.K_k)
    post_key(pygame.K_p)
    app.frame(1 / 60)
    cuts, survivors = cut_lines(p, sample.top_k, sample.top_p, sample.min_p)
    assert [c.label for c in cuts] == ["top-k 5", "top-p 0.9"]
    assert survivors == pytest.approx(sample.distribution(), abs=1e-12)
    assert survivors.sum() == pytest.approx(1.0) and np.count_nonzero(survivors) <= 5
    save(app, screenshot_dir, f"lab-sample-cuts-{size}")
    post_key(pygame.K_l)
    app.frame(1 / 60)
    save(app, screenshot_dir, f"lab-sample-cuts-linear-{size}")
    post_key(pygame.K_k)
    post_key(pygame.K_k)
    post_key(pygame.K_p)
    post_key(pygame.K_p)

    # V: two temperatures side by side; [ and ] move the second one.
    post_key(pygame.K_v)
    post_key(pygame.K_LEFTBRACKET)
    post_key(pygame.K_RIGHTBRACKET, pygame.KMOD_SHIFT)
    app.frame(1 / 60)
    assert sample.view == "temperatures" and sample.second_temperature == 2.4
    assert sample.temperature == 1.2  # the first T stays on the arrows
    save(app, screenshot_dir, f"lab-sample-two-temperatures-{size}")

    # G: the exact clear rate against T, the current T on it, the draws beside it.
    post_key(pygame.K_g)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    run_until(app, lambda: not sample.sampling)
    app.frame(1 / 60)
    assert sample.view == "curve"
    curve = sample.curve()
    for t, rate in zip(curve.temperatures[::10], curve.rates[::10], strict=True):
        direct = clear_rate(sample.scored.distribution(t), sample.ranks, sample.zone)
        assert rate == pytest.approx(direct, abs=1e-12)
    assert curve.current == (1.2, pytest.approx(sample.clear_rate()))
    assert curve.observed[1] == 20
    save(app, screenshot_dir, f"lab-sample-curve-{size}")
    post_key(pygame.K_g)
    app.frame(1 / 60)
    assert sample.view == "bars"

    # Up moves the target up the list as drawn, Down down.
    post_key(pygame.K_UP)
    app.frame(1 / 60)
    assert scene.target_index == len(stack) - 1
    post_key(pygame.K_DOWN)
    post_key(pygame.K_DOWN)
    app.frame(1 / 60)
    assert scene.target_index == 1
    # The ranks follow the target: now the second stack word's place for every clue.
    run_until(app, lambda: sample.ranks is not None, seconds=120)
    picks = np.random.default_rng(0).choice(len(sample.scored), 30, replace=False)
    for i in picks.tolist():
        order = rank_order(engine.scores(sample.scored.word(i), stack))
        assert sample.ranks[i] == int(np.flatnonzero(order == 1)[0]) + 1


def test_step_by_step_predict_first_draws_fifty_with_the_labs_seed(lab_sizes, screenshot_dir):
    from game.ui.lab.walk import draw_many

    app, scene = lab_sizes
    steps = scene.pages["steps"]
    post_key(pygame.K_F2)
    post_text("ocean")
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    run_until(app, lambda: steps.walk is not None, seconds=300)
    post_key(pygame.K_DOWN)
    post_key(pygame.K_RETURN)  # the box is empty: Enter draws 50
    app.frame(1 / 60)
    batch = steps.batch
    assert batch is not None and batch.prediction == 1 and batch.counts.sum() == 50
    # The draws are the Lab's seeded generator's, each where r falls on the bar.
    r, rows = draw_many(steps.walk, np.random.default_rng(scene.seed), 50)
    assert batch.r.tolist() == r.tolist() and batch.rows.tolist() == rows.tolist()
    assert batch.right == (batch.counts[1] == batch.counts.max())
    post_key(pygame.K_l, pygame.KMOD_CTRL)
    app.frame(1 / 60)
    assert steps.log and steps.entry.text == ""
    size = "x".join(map(str, app.screen.get_size()))
    save(app, screenshot_dir, f"lab-steps-predict-{size}")
    # At T = 0 the best word comes out 50 times out of 50.
    post_key(pygame.K_0, pygame.KMOD_CTRL)
    post_key(pygame.K_UP)
    post_key(pygame.K_RETURN)
    app.frame(1 / 60)
    assert steps.batch.counts[0] == 50 and steps.batch.right
