"""Clue generation: the sampling math on hand-made numbers, then the real model and the CLI."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from game import cluegen
from game.clues import same_word_up_to_inflection, validate_clue

TEMPERATURES = (0, 1e-9, 0.3, 1, 3, 1e6)
P = np.array([0.5, 0.3, 0.15, 0.05, 0.0])
STACK = ["cat", "ocean", "piano", "tomato"]
# The real-model tests use the 3,000 most frequent clue words: encoding the full 13,800
# would take minutes in the test session's private cache (bench/cluegen.py uses them all).
SMALL_VOCAB_WORDS = 3000


# -- pure math ------------------------------------------------------------------------------


@pytest.mark.parametrize("temperature", TEMPERATURES)
def test_adjusted_distribution_sums_to_one(temperature):
    adjusted = cluegen.apply_temperature(P, temperature)
    assert np.isfinite(adjusted).all()
    assert adjusted.sum() == pytest.approx(1.0)
    assert adjusted[-1] == 0.0  # an impossible entry stays impossible at every T


@pytest.mark.parametrize("temperature", [0, 0.0, 1e-9, 1e-6])
def test_zero_temperature_is_argmax_one_hot(temperature):
    adjusted = cluegen.apply_temperature([0.1, 0.6, 0.3], temperature)
    assert adjusted.tolist() == [0.0, 1.0, 0.0]


def test_temperature_follows_the_lecture_formula():
    for temperature in (0.3, 0.7, 1.0, 2.5):
        expected = P ** (1 / temperature)
        expected /= expected.sum()
        assert cluegen.apply_temperature(P, temperature) == pytest.approx(expected)
    assert cluegen.apply_temperature(P, 1.0) == pytest.approx(P)


def test_very_high_temperature_is_uniform_over_possible_entries():
    adjusted = cluegen.apply_temperature(P, 1e6)
    assert adjusted[:4] == pytest.approx([0.25] * 4, abs=1e-5)
    assert adjusted[4] == 0.0


def test_tiny_temperatures_and_probabilities_give_no_nan():
    p = np.array([1e-300, 1 - 1e-300, 1e-200])
    for temperature in (1e-5, 1e-3, 0.01):
        adjusted = cluegen.apply_temperature(p, temperature)
        assert np.isfinite(adjusted).all()
        assert adjusted.sum() == pytest.approx(1.0)


def test_softmax_does_not_overflow():
    assert cluegen.softmax([1000.0, 1000.0, -np.inf]) == pytest.approx([0.5, 0.5, 0.0])


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_top_k_keeps_exactly_k(k):
    kept = cluegen.apply_top_k([0.1, 0.4, 0.2, 0.25, 0.05], k)
    assert np.count_nonzero(kept) == k
    assert kept.sum() == pytest.approx(1.0)
    assert kept[1] > 0  # the most likely one always stays


def test_top_k_larger_than_the_distribution_keeps_everything():
    assert cluegen.apply_top_k(P, 100) == pytest.approx(P)


@pytest.mark.parametrize(
    ("top_p", "kept"), [(0.5, 1), (0.51, 2), (0.8, 2), (0.81, 3), (0.95, 3), (1.0, 4)]
)
def test_top_p_keeps_the_smallest_set(top_p, kept):
    adjusted = cluegen.apply_top_p(P, top_p)
    assert np.count_nonzero(adjusted) == kept
    assert adjusted.sum() == pytest.approx(1.0)
    assert adjusted[:kept] == pytest.approx(P[:kept] / P[:kept].sum())


@pytest.mark.parametrize(("min_p", "kept"), [(1.0, 1), (0.5, 2), (0.25, 3), (0.05, 4)])
def test_min_p_keeps_what_is_close_enough_to_the_best(min_p, kept):
    # P is best first: the best entry always stays, the cut is a share of its probability.
    adjusted = cluegen.apply_min_p(P, min_p)
    assert np.count_nonzero(adjusted) == kept
    assert adjusted[:kept] == pytest.approx(P[:kept] / P[:kept].sum())
    assert (adjusted[kept:] == 0).all()


def test_min_p_cuts_more_of_a_sure_distribution_than_of_an_unsure_one():
    sure, unsure = cluegen.adjust(P, 0.3), cluegen.adjust(P, 3.0)
    assert np.count_nonzero(cluegen.apply_min_p(sure, 0.1)) < np.count_nonzero(
        cluegen.apply_min_p(unsure, 0.1)
    )
    assert cluegen.adjust(P, 1.0, min_p=0.1) == pytest.approx(cluegen.apply_min_p(P, 0.1))


@pytest.mark.parametrize(
    "call",
    [
        lambda: cluegen.apply_min_p(P, 0.0),
        lambda: cluegen.apply_min_p(P, 1.5),
        lambda: cluegen.apply_temperature(P, -0.1),
        lambda: cluegen.apply_temperature(P, float("nan")),
        lambda: cluegen.apply_temperature([], 1.0),
        lambda: cluegen.apply_temperature([0.0, 0.0], 1.0),
        lambda: cluegen.apply_temperature([0.5, -0.5, 1.0], 1.0),
        lambda: cluegen.apply_temperature([0.5, float("inf")], 1.0),
        lambda: cluegen.apply_top_k(P, 0),
        lambda: cluegen.apply_top_k(P, 1.5),
        lambda: cluegen.apply_top_p(P, 0.0),
        lambda: cluegen.apply_top_p(P, 1.01),
        lambda: cluegen.apply_top_p(P, float("nan")),
        lambda: cluegen.sample_index(P, -1.0, 0),
    ],
)
def test_invalid_arguments_raise_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_entropy_in_bits():
    assert cluegen.entropy([1.0, 0.0, 0.0]) == 0.0
    assert cluegen.entropy([0.25] * 4) == pytest.approx(2.0)
    assert cluegen.entropy(cluegen.apply_temperature(P, 1e6)) == pytest.approx(2.0, abs=1e-4)
    assert cluegen.entropy(cluegen.apply_temperature(P, 0.3)) < cluegen.entropy(P)


def test_sample_index_is_seeded_and_never_draws_impossible_entries():
    draws = [cluegen.sample_index(P, 3.0, np.random.default_rng(7)) for _ in range(3)]
    assert len(set(draws)) == 1
    rng = np.random.default_rng(1)
    many = [cluegen.sample_index(P, 3.0, rng) for _ in range(2000)]
    assert 4 not in many
    assert set(many) == {0, 1, 2, 3}
    assert {cluegen.sample_index(P, 0, seed) for seed in range(20)} == {0}


def test_make_rng_accepts_seed_generator_and_none():
    generator = np.random.default_rng(3)
    assert cluegen.make_rng(generator) is generator
    assert cluegen.make_rng(5).random() == np.random.default_rng(5).random()
    assert isinstance(cluegen.make_rng(None), np.random.Generator)
    with pytest.raises(TypeError):
        cluegen.make_rng("seed")  # type: ignore[arg-type]


def test_bundled_vocabulary_and_prior():
    vocab = cluegen.ClueVocabulary()  # the bundled file (tests below swap the default)
    assert len(vocab) >= 10_000
    prior = vocab.prior
    assert prior[0] == 1.0
    assert np.all(np.diff(prior) < 0)
    assert 0 < prior[-1] < 0.1
    assert all(validate_clue(word).ok for word in vocab.words[:500])


# -- the real model -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vocab(tmp_path_factory):
    """The most frequent clue words, with their embeddings, as the default vocabulary."""
    lines = cluegen.VOCAB_FILE.read_text(encoding="utf-8").splitlines()
    words = [line for line in lines if line.strip() and not line.startswith("#")]
    path = tmp_path_factory.mktemp("vocab") / "clue_vocab.txt"
    path.write_text("\n".join(words[:SMALL_VOCAB_WORDS]) + "\n", encoding="utf-8")
    small = cluegen.ClueVocabulary(path)
    saved = cluegen._default_vocabulary
    cluegen._default_vocabulary = small
    yield small
    cluegen._default_vocabulary = saved


@pytest.fixture(scope="module")
def scored(engine, vocab):
    return cluegen.score_candidates(engine, "ocean", STACK)


@pytest.mark.parametrize("temperature", TEMPERATURES)
def test_real_distribution_sums_to_one_and_is_sorted(engine, vocab, temperature):
    distribution = cluegen.clue_distribution(engine, "ocean", STACK, temperature=temperature)
    probabilities = np.array([p for _, p in distribution])
    assert np.isfinite(probabilities).all()
    assert probabilities.sum() == pytest.approx(1.0)
    assert np.all(np.diff(probabilities) <= 1e-12)


def test_candidates_are_the_legal_words_less_weaker_variants(scored, vocab):
    legal = {w for w in vocab.words if validate_clue(w, STACK).ok}
    candidates = scored.words
    assert set(candidates) <= legal and len(set(candidates)) == len(candidates)
    assert np.all(np.diff(scored.scores) <= 0)
    # A legal word is left out only as the weaker variant of a kept one ("seas" / "sea").
    position = {word: i for i, word in enumerate(candidates)}
    for word in legal - set(candidates):
        kept = [w for w in candidates if same_word_up_to_inflection(w, word)]
        assert kept, word
    # Among the best candidates, no two are the same word up to inflection.
    best = candidates[: cluegen.VARIANT_WINDOW]
    for i, word in enumerate(best[:300]):
        assert not any(same_word_up_to_inflection(word, other) for other in best[i + 1 :]), word
    assert position["sea"] < 3 and "seas" not in position


def test_real_zero_temperature_is_argmax(engine, vocab, scored):
    distribution = cluegen.clue_distribution(engine, "ocean", STACK, temperature=0)
    assert distribution[0] == (scored.word(0), 1.0)
    assert all(p == 0.0 for _, p in distribution[1:])
    clue = cluegen.generate_clue(engine, "ocean", STACK, temperature=0, rng=1)
    assert clue.clue == scored.word(0)
    assert clue.probability == 1.0


def test_real_high_temperature_is_uniform_over_legal_candidates(engine, vocab, scored):
    distribution = cluegen.clue_distribution(engine, "ocean", STACK, temperature=1e6)
    probabilities = np.array([p for _, p in distribution])
    assert len(distribution) == len(scored.words)
    assert probabilities == pytest.approx(1 / len(distribution), rel=1e-3)
    assert {w for w, _ in distribution} == set(scored.words)


def test_ocean_clue_is_sea_related(engine, vocab):
    result = cluegen.generate_clue(engine, "ocean", STACK, temperature=0)
    print("T=0 clue for ocean:", result.clue, result.alternatives[:5])
    assert engine.rank(result.clue, STACK)[0].word == "ocean"
    assert result.clue in {"sea", "seas", "beach", "water", "waters", "coast", "marine", "ship"}


def test_generated_clues_are_always_legal(engine, vocab):
    rng = np.random.default_rng(0)
    stack = ["cat", "ocean", "piano", "tomato"]
    clues = {
        cluegen.generate_clue(engine, target, stack, temperature=3.0, rng=rng).clue
        for target in stack
        for _ in range(25)
    }
    for clue in clues:
        assert validate_clue(clue, stack).ok, clue
        for word in stack:
            assert clue != word
            assert not same_word_up_to_inflection(clue, word), (clue, word)
            assert word not in clue and clue not in word, (clue, word)


def test_illegal_neighbours_get_no_probability(engine, vocab):
    stack = ["cat", "ocean", "piano", "tomato", "sea", "water"]
    words = {w for w, _ in cluegen.clue_distribution(engine, "ocean", stack, temperature=1e6)}
    for word in ("cats", "cat", "oceans", "seas", "waters", "watering", "sea", "tomatoes"):
        assert word not in words
    present = set(vocab.words)
    assert "cats" in present or "seas" in present  # the check above is not vacuous


def test_target_is_added_to_the_stack(engine, vocab):
    scored = cluegen.score_candidates(engine, "Ocean", ["cat", "piano"])
    assert scored.target == "ocean"
    assert scored.stack == ("ocean", "cat", "piano")
    assert "oceans" not in scored.words


def test_same_seed_same_clues_and_seeds_differ_at_high_temperature(engine, vocab):
    def clues(seed):
        rng = np.random.default_rng(seed)
        return [
            cluegen.generate_clue(engine, "ocean", STACK, temperature=1.5, rng=rng).clue
            for _ in range(10)
        ]

    assert clues(42) == clues(42)
    assert clues(42) != clues(43)
    one = cluegen.generate_clue(engine, "ocean", STACK, temperature=1.5, rng=5)
    assert one == cluegen.generate_clue(engine, "ocean", STACK, temperature=1.5, rng=5)


def test_generated_clue_alternatives(engine, vocab):
    result = cluegen.generate_clue(engine, "piano", STACK, temperature=0.7, rng=3)
    assert len(result.alternatives) == cluegen.ALTERNATIVES
    assert result.clue not in [w for w, _ in result.alternatives]
    probabilities = [p for _, p in result.alternatives]
    assert probabilities == sorted(probabilities, reverse=True)
    assert 0 < result.probability <= 1


def test_real_top_k_and_top_p(engine, vocab):
    for k in (1, 5, 15):
        distribution = cluegen.clue_distribution(engine, "ocean", STACK, temperature=1, top_k=k)
        assert sum(p > 0 for _, p in distribution) == k
    distribution = cluegen.clue_distribution(engine, "ocean", STACK, temperature=1, top_p=0.9)
    kept = [p for _, p in distribution if p > 0]
    full = [p for _, p in cluegen.clue_distribution(engine, "ocean", STACK, temperature=1)]
    assert sum(full[: len(kept)]) >= 0.9 > sum(full[: len(kept) - 1])
    for _ in range(20):
        clue = cluegen.generate_clue(engine, "ocean", STACK, temperature=3, top_k=3)
        assert clue.clue in [w for w, _ in distribution[:3]]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"temperature": -1},
        {"temperature": float("nan")},
        {"top_k": 0},
        {"top_p": 0},
        {"top_p": 2},
    ],
)
def test_generate_clue_refuses_bad_arguments(engine, vocab, kwargs):
    with pytest.raises(ValueError):
        cluegen.generate_clue(engine, "ocean", STACK, **kwargs)


def test_empty_target_is_refused(engine, vocab):
    with pytest.raises(ValueError):
        cluegen.generate_clue(engine, "  ", STACK)


# -- command line and chart -----------------------------------------------------------------


def run_cli(capsys, *argv):
    from game.cli import main

    try:
        status = main(["clue", *argv])
    except SystemExit as exit_info:  # an argument refused while parsing
        status = exit_info.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_prints_reproducible_clues(engine, vocab, capsys):
    argv = ["ocean", "--stack", "cat", "piano", "-n", "3", "--seed", "1"]
    status, out, _ = run_cli(capsys, *argv)
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 3
    distribution = dict(cluegen.clue_distribution(engine, "ocean", ["cat", "piano"], 0.7))
    for line in lines:
        clue, probability = line.split("\t")
        assert validate_clue(clue, ["ocean", "cat", "piano"]).ok
        assert probability == f"{distribution[clue]:.3f}"
    assert run_cli(capsys, *argv)[1] == out


def test_cli_temperature_zero_repeats_the_best_clue(engine, vocab, capsys):
    status, out, _ = run_cli(capsys, "ocean", "--stack", "cat", "-t", "0", "-n", "4")
    assert status == 0
    assert len(set(out.splitlines())) == 1
    assert out.splitlines()[0].endswith("\t1.000")


@pytest.mark.parametrize(
    "argv",
    [
        ["", "--stack", "cat"],
        ["ocean", "--stack", "cat", "--temperature", "-0.5"],
        ["ocean", "--stack", "cat", "-n", "0"],
        ["ocean", "--stack", "cat", "--top-p", "0"],
        ["ocean", "--stack", "cat", "--top-p", "1.5"],
        ["ocean", "--stack", "cat", "--top-k", "0"],
        ["ocean", "--stack", "cat", "--plot", "chart.jpg"],
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(capsys, argv):
    status, out, err = run_cli(capsys, *argv)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1


def test_cli_plot_writes_a_png(engine, vocab, capsys, tmp_path: Path, screenshot_dir: Path):
    target = tmp_path / "ocean.png"
    argv = ["ocean", "--stack", "cat", "piano", "tomato", "-n", "1", "--seed", "2"]
    status, out, _ = run_cli(capsys, *argv, "--plot", str(target))
    assert status == 0
    assert len(out.splitlines()) == 1  # pygame's banner must not reach stdout
    import pygame

    image = pygame.image.load(str(target))
    assert image.get_size() == (1400, 1000)
    assert target.stat().st_size > 20_000
    (screenshot_dir / "clue_plot.png").write_bytes(target.read_bytes())


def test_draw_distribution_stays_inside_its_rect():
    import pygame

    from game.ui.chart import draw_distribution

    pygame.font.init()
    surface = pygame.Surface((500, 400))
    surface.fill((0, 0, 0))
    rect = pygame.Rect(50, 40, 400, 320)
    labels = [f"word{i}" for i in range(30)] + ["an extraordinarily long clue label indeed"]
    probabilities = list(np.full(31, 1 / 31))
    draw_distribution(surface, rect, "T = 1", labels, probabilities, highlight="word0")
    draw_distribution(surface, rect, "empty", [], [])
    for x, y in ((10, 10), (499, 399), (49, 200), (450, 200), (200, 39), (200, 360)):
        assert surface.get_at((x, y))[:3] == (0, 0, 0)
    assert surface.get_at((rect.centerx, rect.centery))[:3] != (0, 0, 0)
    assert math.isfinite(cluegen.entropy(probabilities))
