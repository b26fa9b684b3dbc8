"""Decks of words dealt from a seed: the k-th card depends on (seed, deck, k) only.

The seed splits the pack in two halves, one per deck (arrivals and targets), so a
target word never shows up again as a plain word. Each deck goes through its half
in cycles; each cycle is a fresh shuffle in which easy words tend to come first.
The shuffle uses BLAKE2b and integer arithmetic only (no ``random``, no floats),
so the sequence is the same on every Python version and platform: a challenge
code names the same words everywhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from game.rules.arcade_settings import MAX_LEVEL

ARRIVALS = "arrivals"
"""The deck of plain words arriving on the stack."""
TARGETS = "targets"
"""The deck of target words."""

_HASH_BITS = 64
_CACHE_SIZE = 256

Pool = tuple[tuple[str, int], ...]
T = TypeVar("T")
# Results per pool object: hashing a pool of a thousand words for every draw would cost
# more than the draw, so entries are keyed by the pool's id and hold the pool itself
# (which keeps the id from being reused while the entry lives).
_cache: dict[tuple[object, ...], tuple[Pool, object]] = {}


def _cached(pool: Pool, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    entry = _cache.get((id(pool), *key))
    if entry is not None and entry[0] is pool:
        return entry[1]  # type: ignore[return-value]
    value = compute()
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[(id(pool), *key)] = (pool, value)
    return value


def deal(pool: Pool, seed: int, deck: str, k: int) -> int:
    """Index in ``pool`` of the k-th word (0-based) of ``deck`` for ``seed``."""
    if k < 0:
        raise ValueError("k must not be negative")
    members = deck_members(pool, seed, deck)
    cycle, position = divmod(k, len(members))
    order = _cached(pool, ("shuffle", seed, deck, cycle), lambda: _shuffle(pool, seed, deck, cycle))
    return order[position]


def deck_members(pool: Pool, seed: int, deck: str) -> tuple[int, ...]:
    """Pool indices of the words in ``deck``: the targets deck gets the smaller half."""
    return _cached(pool, ("members", seed, deck), lambda: _members(pool, seed, deck))


def deck_words(pool: Pool, seed: int, deck: str) -> frozenset[str]:
    """The casefolded words of ``deck``."""
    return _cached(
        pool,
        ("words", seed, deck),
        lambda: frozenset(pool[i][0].casefold() for i in deck_members(pool, seed, deck)),
    )


def _members(pool: Pool, seed: int, deck: str) -> tuple[int, ...]:
    if deck not in (ARRIVALS, TARGETS):
        raise ValueError(f"unknown deck {deck!r}")
    if len(pool) < 2:
        return tuple(range(len(pool)))
    order = sorted(range(len(pool)), key=lambda i: (_unit_hash(seed, "split", 0, pool[i][0]), i))
    half = len(pool) // 2
    return tuple(sorted(order[:half] if deck == TARGETS else order[half:]))


def _unit_hash(seed: int, deck: str, cycle: int, word: str) -> int:
    """A 64-bit number, uniform and fixed for these inputs; never 0."""
    digest = hashlib.blake2b(f"{seed}:{deck}:{cycle}:{word}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") | 1


def _shuffle(pool: Pool, seed: int, deck: str, cycle: int) -> tuple[int, ...]:
    """The deck's pool indices in dealing order for one cycle.

    A weighted shuffle (Efraimidis-Spirakis): with u uniform in (0, 1), a word of
    level L gets the key u ** L and keys are dealt largest first, so level-1 words
    tend to come early and level-5 words late. Keys are compared exactly as integers
    (u ** L scaled by 2 ** (64 * MAX_LEVEL)); equal keys keep pack order.
    """

    def key(index: int) -> tuple[int, int]:
        text, level = pool[index]
        h = _unit_hash(seed, deck, cycle, text)
        return (-(h**level << (_HASH_BITS * (MAX_LEVEL - level))), index)

    return tuple(sorted(deck_members(pool, seed, deck), key=key))
