"""The Lab's numbers (no model): log bars, cut lines, clear rate against T, predict first."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game import cluegen
from game.ui.lab.numbers import (
    LOG_FLOOR,
    bar_fractions,
    clear_curve,
    clear_rate,
    cut_lines,
    max_entropy,
)
from game.ui.lab.steps import Batch
from game.ui.lab.walk import draw_many, tally, walk


def sorted_distribution(seed: int, size: int = 300) -> np.ndarray:
    """A model-like distribution, best first: softmax of sorted random scores."""
    scores = np.sort(np.random.default_rng(seed).normal(0.3, 0.08, size))[::-1]
    return cluegen.softmax(scores / cluegen.SCORE_SCALE)


def test_log_bars_place_each_probability_on_the_log10_axis():
    p = np.array([1.0, 0.2, 1e-3, 3e-5, 1e-6, 1e-9, 0.0])
    fractions = bar_fractions(p, log=True)
    # Inside the axis, the bar's end is log10 p on a line from LOG_FLOOR (empty) to 0 (full).
    inside = (p >= 10.0**LOG_FLOOR) & (p > 0)
    assert fractions[inside] * -LOG_FLOOR + LOG_FLOOR == pytest.approx(np.log10(p[inside]))
    assert fractions[~inside].tolist() == [0.0, 0.0]  # below the axis and zero: empty
    # A tiny probability invisible on the linear axis is a visible bar on the log one.
    linear = bar_fractions(p, log=False)
    assert linear.tolist() == p.tolist()
    assert linear[3] * 400 < 1 <= fractions[3] * 400  # less than a pixel of a 400 px track
    assert np.all(np.diff(fractions) <= 0)  # the order of the bars is kept


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "top_k, top_p, min_p",
    [(5, None, None), (None, 0.9, None), (None, None, 0.05), (20, 0.5, None), (20, 0.9, 0.2)],
)
def test_cut_lines_keep_a_prefix_and_the_survivors_are_the_generators_distribution(
    seed, top_k, top_p, min_p
):
    model = sorted_distribution(seed)
    temperature = [0.3, 0.7, 1.0, 1.5, 2.5, 4.0][seed]
    at_t = cluegen.apply_temperature(model, temperature)
    cuts, survivors = cut_lines(at_t, top_k, top_p, min_p)
    assert [c.name for c in cuts] == [
        n for n, v in (("top-k", top_k), ("top-p", top_p), ("min-p", min_p)) if v is not None
    ]
    assert math.isclose(survivors.sum(), 1.0, rel_tol=1e-12)
    expected = cluegen.adjust(model, temperature, top_k, top_p, min_p)
    assert survivors == pytest.approx(expected, abs=1e-12)
    kept = [c.kept for c in cuts]
    assert kept == sorted(kept, reverse=True)  # each cut keeps at most what the last one did
    # The survivors are the first `kept` entries, in the proportions they had before.
    last = kept[-1]
    assert np.count_nonzero(survivors) == last and np.all(survivors[:last] > 0)
    assert survivors[:last] == pytest.approx(at_t[:last] / at_t[:last].sum(), rel=1e-9)
    if top_k is not None:
        assert cuts[0].kept == top_k


def test_max_entropy_is_the_uniform_distributions():
    for n in (1, 2, 10, 13_800):
        assert max_entropy(n) == pytest.approx(cluegen.entropy(np.ones(n)))
    assert 13.7 < max_entropy(13_800) < 13.8


def test_clear_curve_is_the_probability_of_the_clearing_clues_at_each_t():
    model = sorted_distribution(7)
    ranks = np.random.default_rng(7).integers(1, 11, model.size)
    temperatures = np.linspace(0.0, 3.0, 31)
    curve = clear_curve(model, ranks, 3, temperatures)
    scores = np.log(model)  # the logits, up to a constant
    for t, rate in zip(temperatures, curve, strict=True):
        if t == 0:
            direct = float(ranks[0] <= 3)  # greedy: the best clue alone
        else:
            weights = np.exp((scores - scores.max()) / t)
            direct = weights[ranks <= 3].sum() / weights.sum()
        assert rate == pytest.approx(direct, abs=1e-9)
        assert rate == pytest.approx(clear_rate(cluegen.adjust(model, t), ranks, 3))
    # As T grows the draw tends to uniform: the share of candidates that clear.
    far = clear_curve(model, ranks, 3, [1e6])[0]
    assert far == pytest.approx(np.mean(ranks <= 3), abs=1e-4)


@pytest.mark.parametrize("seed", range(5))
def test_clear_curve_falls_with_t_when_the_best_clues_are_the_clearing_ones(seed):
    # If exactly the m best-scored clues clear, heating only moves mass to the tail.
    model = sorted_distribution(seed)
    ranks = np.where(np.arange(model.size) < 3 + seed * 7, 1, 5)
    curve = clear_curve(model, ranks, 1, np.linspace(0.0, 5.0, 101))
    assert curve[0] == 1.0
    assert np.all(np.diff(curve) <= 1e-12)
    with_cuts = clear_curve(model, ranks, 1, np.linspace(0.0, 5.0, 101), top_k=20)
    assert np.all(np.diff(with_cuts) <= 1e-12) and np.all(with_cuts >= curve - 1e-12)


def test_predict_first_draws_are_the_walks_picks_and_repeat_with_the_seed():
    steps = walk(["a", "b", "c", "d"], [0.61, 0.42, 0.55, 0.1], 1.2)
    r, rows = draw_many(steps, np.random.default_rng(3), 50)
    again_r, again_rows = draw_many(steps, np.random.default_rng(3), 50)
    assert r.tolist() == again_r.tolist() and rows.tolist() == again_rows.tolist()
    assert rows.tolist() == [steps.pick(float(x)) for x in r]
    counts = tally(rows, len(steps.words))
    assert counts.sum() == 50 and counts.tolist() == [rows.tolist().count(i) for i in range(4)]
    mode = int(counts.argmax())
    assert Batch(r, rows, counts, mode).right
    assert not Batch(r, rows, counts, int(counts.argmin())).right or counts.min() == counts.max()
    greedy = walk(["a", "b"], [0.2, 0.3], 0.0)
    _, rows = draw_many(greedy, np.random.default_rng(5), 50)
    assert tally(rows, 2).tolist() == [50, 0]
