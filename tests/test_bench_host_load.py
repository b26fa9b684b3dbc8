"""The host bench's novel clues: legal, never in the clue vocabulary, drawn from the seed;
its process figures read /proc."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from _novel import known_texts, misspelled, novel_clue, vocabulary
from _process import cpu_seconds, peak_rss_mb

from game.clues import validate_clue

STACK = ["ocean", "music", "house", "winter", "garden", "doctor", "tree", "fire"]


def draw(seed: int, count: int = 300) -> list[str]:
    rng = random.Random(seed)
    return [novel_clue(rng, STACK, known_texts(("ocean", "music"))) for _ in range(count)]


def test_novel_clues_are_legal_unknown_and_reproducible():
    clues = draw(4)
    known = known_texts(("ocean", "music"))
    assert all(validate_clue(c, STACK).ok for c in clues)
    assert not any(c in known for c in clues)
    assert clues == draw(4) and clues != draw(5)
    phrases = sum(" " in c for c in clues)
    assert 0.2 * len(clues) < phrases < 0.5 * len(clues)  # phrases and single words both
    assert len(set(clues)) > 0.95 * len(clues)  # nearly all new to the host


def test_a_misspelling_is_one_slip_away():
    rng = random.Random(1)
    for word in vocabulary()[100:400]:
        if len(word) < 4:
            continue
        typo = misspelled(word, rng)
        if len(typo) == len(word):  # swapped or replaced: two letters differ at most
            assert sum(a != b for a, b in zip(typo, word, strict=True)) <= 2
        else:  # dropped or doubled: one letter out of the longer gives the shorter
            longer, shorter = max(typo, word, key=len), min(typo, word, key=len)
            assert len(longer) == len(shorter) + 1
            assert any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def test_process_figures_of_this_process():
    if not Path("/proc/self/stat").exists():
        return
    before = cpu_seconds(os.getpid())
    sum(i * i for i in range(300_000))
    assert cpu_seconds(os.getpid()) >= before > 0
    assert 10 < peak_rss_mb(os.getpid()) < 10_000
