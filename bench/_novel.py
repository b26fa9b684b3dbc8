"""Clues as real students type them: text the host has never embedded (no cache hit).

Misspellings of common words, two-word phrases and invented words, drawn from a seeded
``random.Random`` and kept only when the clue check accepts them for the stack.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from game.clues import validate_clue

LETTERS = "abcdefghijklmnopqrstuvwxyz"
VOWELS = "aeiou"
SYLLABLES = (
    "bla", "cro", "dun", "fen", "gri", "hap", "jol", "kin", "lum", "mor", "nix", "pel",
    "quo", "rab", "sil", "tor", "ung", "vex", "wib", "yar", "zel", "tic", "ous", "ent",
)  # fmt: skip
TRIES = 50


@cache
def vocabulary() -> tuple[str, ...]:
    """The clue generator's vocabulary (common words, most frequent first)."""
    text = files("game").joinpath("assets/clue_vocab.txt").read_text(encoding="utf-8")
    words = (line.strip() for line in text.splitlines())
    return tuple(w for w in words if w and not w.startswith("#") and w.isalpha())


def misspelled(word: str, rng: random.Random) -> str:
    """One typing slip: two letters swapped, one dropped, doubled or replaced."""
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    if kind == 0 and len(word) > 2:
        i = min(i, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1 and len(word) > 3:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    pool = VOWELS if word[i] in VOWELS else LETTERS
    return word[:i] + rng.choice(pool) + word[i + 1 :]


def invented(rng: random.Random) -> str:
    """A word nobody uses: three or four syllables."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4)))


def novel_clue(rng: random.Random, stack: Sequence[str], known: frozenset[str]) -> str:
    """A legal clue for ``stack`` that is not one of the ``known`` texts."""
    words = vocabulary()
    for _ in range(TRIES):
        kind = rng.random()
        if kind < 0.45:
            text = misspelled(rng.choice(words[:5000]), rng)
        elif kind < 0.8:
            text = f"{rng.choice(words[:3000])} {rng.choice(words[:3000])}"
        else:
            text = invented(rng)
        if text not in known and validate_clue(text, stack).ok:
            return text
    return invented(rng) + "x"  # an invented word is legal on any stack of real words


@cache
def known_texts(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Texts a host may have embedded already: the vocabulary and the bench's own clues."""
    return frozenset(vocabulary()) | frozenset(extra)
