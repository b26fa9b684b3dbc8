"""bench/balance.py on the real model: its players are the game's, and blind play loses."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import balance
from _simulate import CosineTable

from game.cluegen import default_vocabulary, generate_clue
from game.rules import ArcadeSettings, new_game, tick
from game.words import load_pack


@pytest.fixture(scope="module")
def setup(engine):
    pack = load_pack("default")
    table = CosineTable(engine, default_vocabulary(), [w for w, _ in pack.entries()])
    return engine, table, pack.entries()


def play(player, table, words, settings=None, seeds=range(1, 4), pace=5.0, seconds=90.0):
    settings = settings or ArcadeSettings()
    return [
        balance.play_game(player, table, settings, words, seed, seconds, pace) for seed in seeds
    ]


def test_the_simulated_ai_picks_the_clue_the_generator_picks(setup):
    engine, table, words = setup
    vocabulary = default_vocabulary()
    for seed in range(6):
        # Stacks of different heights: more arrivals for later seeds.
        state, _ = tick(new_game(ArcadeSettings(), words, seed), 480 * seed)
        target = state.targets[-1].text
        for temperature in (3.0, 1.5, 0.7, 0.0):
            fast = table.spymaster_clue(
                target, state.words, temperature, np.random.default_rng(seed)
            )
            real = generate_clue(
                engine,
                target,
                state.words,
                temperature,
                rng=np.random.default_rng(seed),
                vocabulary=vocabulary,
            )
            assert fast == real.clue, (seed, temperature)


def test_variants_are_merged_as_the_vocabulary_merges_them(setup):
    _, table, _ = setup
    vocabulary = default_vocabulary()
    rng = np.random.default_rng(3)
    for window in (5, 1500):
        order = rng.permutation(len(vocabulary))
        expected = vocabulary.without_variants(order, window)
        assert np.array_equal(table.without_variants(order, window), expected)


def test_table_scores_are_the_engines_cosines(setup):
    engine, table, words = setup
    stack = [w for w, _ in words[:10]]
    vectors = engine.embed(["ocean", *stack])
    expected = vectors[1:] @ vectors[0]
    assert table.scores("ocean", stack) == pytest.approx(expected.tolist(), abs=1e-4)


def test_blind_clues_lose_to_the_best_clues(setup):
    _, table, words = setup
    blind = balance.summarize("random", play(balance.random_player(table), table, words))
    best = balance.summarize("AI T=0", play(balance.ai_player(table, 0.0), table, words))
    assert best.clear_rate >= 0.9 and best.mean_rank < 1.5
    assert blind.clear_rate < 0.4 and blind.mean_rank > 3
    assert blind.mean_score * 5 < best.mean_score


def test_typing_blind_fast_does_not_pay(setup):
    # Issue 18: a blind clue a second must not come near a careful clue every 5 s.
    _, table, words = setup
    careful = balance.summarize("AI T=0.7", play(balance.ai_player(table, 0.7), table, words))
    fast = balance.summarize("random", play(balance.random_player(table), table, words, pace=1.0))
    assert fast.mean_score <= 0.1 * careful.mean_score


def test_games_replay_identically(setup):
    _, table, words = setup
    first = play(balance.random_player(table), table, words, seeds=[7], pace=1.0)
    again = play(balance.random_player(table), table, words, seeds=[7], pace=1.0)
    assert first == again


def summary(name: str, score: float) -> balance.PlayerSummary:
    return balance.PlayerSummary(name, score, score, 0.5, 2.0, 180.0, 30.0, 0.0)


def test_checks_compare_the_blind_player_with_the_reference_and_order_the_ai():
    reference = summary("AI T=0.7", 1000)
    rising = [summary("random", 100), summary("AI T=3", 200), summary("AI T=0", 900)]
    assert [ok for _, ok in balance.skill_checks(rising, reference)] == [True, True]
    falling = [summary("random", 101), summary("AI T=3", 200), summary("AI T=0", 150)]
    assert [ok for _, ok in balance.skill_checks(falling, reference)] == [False, False]
    assert len(balance.skill_checks(rising, None)) == 1  # no reference: no blind check


def test_paces_and_zones_are_parsed_and_checked():
    args = balance.parse_args(["--paces", "0.5,5", "--zone", "1,2"])
    assert args.paces == [0.5, 5.0] and args.zones == [1, 2]
    assert balance.parse_args([]).paces == list(balance.PACES)
    for bad in (["--paces", "0"], ["--zone", "7"], ["--paces", "x"]):
        with pytest.raises(SystemExit):
            balance.parse_args(bad)


def test_blind_blocks_clues_score_far_less_than_the_aimed_ai(setup):
    import balance_blocks

    from game.rules.blocks_settings import BlocksSettings

    _, table, words = setup
    simulation = balance_blocks.Simulation(table)
    means = []
    for player in (simulation.random_player, simulation.ai_player(0.7)):
        records = [
            balance_blocks.play_game(
                BlocksSettings(),
                words,
                seed,
                player,
                simulation.scores,
                60,
                np.random.default_rng(seed),
            )
            for seed in range(8)
        ]
        means.append(sum(r.score for r in records) / len(records))
    blind, aimed = means
    assert blind < 0.5 * aimed  # the full bench: about 27% (before the lone-block rule: 61%)
