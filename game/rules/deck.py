"""Deterministic randomness from a seed: BLAKE2b and integer arithmetic only.

Nothing here uses ``random`` or floats, so every sequence is the same on every Python
version and platform: a challenge code names the same words everywhere, and a game
replays identically wherever it is verified.

Decks (Arcade): the k-th card depends on (seed, deck, k) only. The seed splits the pack
in two halves, one per deck (arrivals and targets), so a target word never shows up again
as a plain word. Each deck goes through its half in cycles; each cycle is a fresh shuffle
in which easy words tend to come first.

Draws (Blocks, and any mode that needs plain random integers): `Draws` gives integers,
choices and samples that depend on (seed, stream, counter) only; the game state keeps
the counter, so a replay makes the same draws.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from game.rules.common import MAX_LEVEL

ARRIVALS = "arrivals"
"""The deck of plain words arriving on the stack."""
TARGETS = "targets"
"""The deck of target words."""

_HASH_BITS = 64
_HASH_SPAN = 1 << _HASH_BITS
_CACHE_SIZE = 256

Pool = tuple[tuple[str, int], ...]
T = TypeVar("T")


class _PoolCache(Generic[T]):
    """Values computed from one pool object, keyed by the pool's id.

    Hashing a pool of a thousand words for every draw would cost more than the draw, so
    entries are keyed by id and hold the pool itself (which keeps the id from being reused
    while the entry lives).
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[object, ...], tuple[Pool, T]] = {}

    def get(self, pool: Pool, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """The cached value for (pool, key), computed on a miss."""
        entry = self._entries.get((id(pool), *key))
        if entry is not None and entry[0] is pool:
            return entry[1]
        value = compute()
        if len(self._entries) >= _CACHE_SIZE:
            self._entries.pop(next(iter(self._entries)))
        self._entries[(id(pool), *key)] = (pool, value)
        return value


_orders: _PoolCache[tuple[int, ...]] = _PoolCache()
_word_sets: _PoolCache[frozenset[str]] = _PoolCache()
_folded: _PoolCache[tuple[str, ...]] = _PoolCache()


_levels: _PoolCache[tuple[int, ...]] = _PoolCache()


def at_levels(pool: Pool, lo: int, hi: int) -> tuple[int, ...]:
    """Indices, in pool order, of the words whose level is lo..hi (computed once per range)."""
    return _levels.get(
        pool,
        ("levels", lo, hi),
        lambda: tuple(i for i, (_, lv) in enumerate(pool) if lo <= lv <= hi),
    )


def folded_words(pool: Pool) -> tuple[str, ...]:
    """Every pool word case-folded, in pool order (computed once per pool)."""
    return _folded.get(pool, ("folded",), lambda: tuple(word.casefold() for word, _ in pool))


def deal(pool: Pool, seed: int, deck: str, k: int) -> int:
    """Index in ``pool`` of the k-th word (0-based) of ``deck`` for ``seed``."""
    if k < 0:
        raise ValueError("k must not be negative")
    members = deck_members(pool, seed, deck)
    cycle, position = divmod(k, len(members))
    order = _orders.get(
        pool, ("shuffle", seed, deck, cycle), lambda: _shuffle(pool, seed, deck, cycle)
    )
    return order[position]


def deck_members(pool: Pool, seed: int, deck: str) -> tuple[int, ...]:
    """Pool indices of the words in ``deck``: the targets deck gets the smaller half."""
    return _orders.get(pool, ("members", seed, deck), lambda: _members(pool, seed, deck))


def deck_words(pool: Pool, seed: int, deck: str) -> frozenset[str]:
    """The casefolded words of ``deck``."""
    return _word_sets.get(
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
    return _hash64(f"{seed}:{deck}:{cycle}:{word}") | 1


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


# -------------------------------------------------------------------------- draws


@dataclass(frozen=True)
class Draws:
    """Random integers that depend on (seed, stream, counter) only.

    Each call takes a counter; the caller keeps it in its game state and uses each value
    for one draw, so a state rebuilt from the same seed and actions draws the same. One
    draw reads 64-bit BLAKE2b numbers of (seed, stream, counter, index) for index 0, 1, ...
    and rejects those above the largest multiple of n, so no value is favoured.
    """

    seed: int
    stream: str

    def below(self, n: int, counter: int) -> int:
        """A uniform integer in ``range(n)``, for 1 <= n <= 2 ** 64."""
        return _below(n, self._numbers(counter))

    def choice(self, items: Sequence[T], counter: int) -> T:
        """One item of a non-empty sequence, each equally likely."""
        if not items:
            raise IndexError("cannot choose from an empty sequence")
        return items[self.below(len(items), counter)]

    def sample(self, items: Sequence[T], k: int, counter: int) -> list[T]:
        """``k`` items taken from distinct places of ``items``, in random order.

        A partial Fisher-Yates shuffle: the result is a prefix of `shuffle`'s.
        """
        if not 0 <= k <= len(items):
            raise ValueError(f"cannot sample {k} of {len(items)} items")
        numbers = self._numbers(counter)
        out = list(items)
        for i in range(k):
            j = i + _below(len(out) - i, numbers)
            out[i], out[j] = out[j], out[i]
        return out[:k]

    def shuffle(self, items: Sequence[T], counter: int) -> list[T]:
        """All of ``items`` in random order, each order equally likely."""
        return self.sample(items, len(items), counter)

    def _numbers(self, counter: int) -> Iterator[int]:
        """The endless 64-bit numbers of one counter."""
        if counter < 0:
            raise ValueError("counter must not be negative")
        index = 0
        while True:
            yield _hash64(f"draw:{self.seed}:{self.stream}:{counter}:{index}")
            index += 1


def _below(n: int, numbers: Iterator[int]) -> int:
    """A uniform integer in ``range(n)`` by rejection sampling of 64-bit numbers."""
    if not 1 <= n <= _HASH_SPAN:
        raise ValueError(f"n must be between 1 and 2 ** {_HASH_BITS}, got {n}")
    limit = _HASH_SPAN - _HASH_SPAN % n  # the largest multiple of n that 64 bits reach
    while True:
        number = next(numbers)
        if number < limit:
            return number % n


def _hash64(text: str) -> int:
    """A 64-bit number, uniform and fixed for this text (BLAKE2b)."""
    digest = hashlib.blake2b(text.encode(), digest_size=_HASH_BITS // 8).digest()
    return int.from_bytes(digest, "big")
