"""bench/balance.py on the real model: the blind player loses to the skilled one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import balance

from game.cluegen import default_vocabulary
from game.rules import ArcadeSettings
from game.words import load_pack


@pytest.fixture(scope="module")
def setup(engine):
    pack = load_pack("default")
    vectors = balance.Vectors(engine, default_vocabulary(), [w for w, _ in pack.entries()])
    return engine, vectors, pack.entries()


def play(player, vectors, words, seeds=range(1, 4)):
    return [
        balance.play_game(player, vectors, ArcadeSettings(), words, seed, 90.0, 5.0)
        for seed in seeds
    ]


def test_blind_clues_lose_to_the_best_clues(setup):
    engine, vectors, words = setup
    blind = balance.summarize("random", play(balance.random_player(vectors), vectors, words))
    best = balance.summarize("T=0", play(balance.ai_player(engine, vectors, 0.0), vectors, words))
    assert best.clear_rate >= 0.9 and best.mean_rank < 1.5
    assert blind.clear_rate < 0.4 and blind.mean_rank > 3
    assert blind.mean_score * 5 < best.mean_score
    checks = dict(balance.skill_checks([blind, best]))
    assert list(checks.values())[2]  # the score rises with skill


def test_games_replay_identically(setup):
    _, vectors, words = setup
    first = play(balance.random_player(vectors), vectors, words, seeds=[7])
    again = play(balance.random_player(vectors), vectors, words, seeds=[7])
    assert first == again
