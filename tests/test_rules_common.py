"""Tests of what the game modes share: the tie-rule ordering, the BLAKE2b draws, the layout."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import game.rules
from game.rules.common import ranked_order
from game.rules.deck import Draws, _below
from game.similarity import rank_order

RULES_DIR = Path(game.rules.__file__).parent

# ------------------------------------------------------------------- the tie rule


@given(st.lists(st.sampled_from([0.1, 0.3, 0.3000004, 0.2999996, 0.5, 0.5000001]), max_size=12))
def test_ranked_order_is_the_engine_rank_order(scores: list[float]) -> None:
    assert ranked_order(scores) == rank_order(np.array(scores)).tolist()


def test_ranked_order_ties_equal_rounded_scores_in_input_order() -> None:
    assert ranked_order([0.2999996, 0.3000004, 0.4]) == [2, 0, 1]
    assert ranked_order([0.3000004, 0.2999996, 0.4]) == [2, 0, 1]
    assert ranked_order([0.299999, 0.300001]) == [1, 0]  # different after rounding


def test_ranked_order_rejects_nan() -> None:
    with pytest.raises(ValueError, match="NaN"):
        ranked_order([0.1, float("nan")])


# -------------------------------------------------------------------------- draws


def test_draws_give_the_pinned_values() -> None:
    # Pinned values, not a second run: the draws must be the same on every Python version
    # and platform, so a change of the generator shows up here.
    draws = Draws(2024, "blocks")
    assert [draws.below(4, k) for k in range(8)] == [1, 0, 1, 1, 0, 2, 3, 0]
    assert [draws.below(1000, k) for k in range(5)] == [113, 684, 597, 257, 892]
    assert draws.sample(range(8), 3, 0) == [1, 3, 4]
    assert draws.shuffle("abcdef", 1) == ["c", "e", "b", "a", "f", "d"]
    assert draws.choice(["x", "y", "z"], 2) == "x"


def test_a_draw_depends_on_seed_stream_and_counter_only() -> None:
    draws = Draws(5, "blocks")
    forward = [draws.below(1000, k) for k in range(20)]
    backward = [Draws(5, "blocks").below(1000, k) for k in reversed(range(20))]
    assert forward == backward[::-1]
    assert forward != [Draws(6, "blocks").below(1000, k) for k in range(20)]
    assert forward != [Draws(5, "other").below(1000, k) for k in range(20)]


def test_below_covers_its_range_evenly() -> None:
    draws = Draws(1, "even")
    counts = Counter(draws.below(3, k) for k in range(3000))
    assert set(counts) == {0, 1, 2}
    assert all(900 <= n <= 1100 for n in counts.values())
    assert draws.below(1, 0) == 0 and 0 <= draws.below(2**64, 0) < 2**64


def test_numbers_past_the_last_whole_multiple_are_rejected() -> None:
    # 2 ** 64 - 1 is past the largest multiple of 3 below 2 ** 64: taking it modulo 3 would
    # favour 0, so it is skipped and the next number decides.
    assert _below(3, iter([2**64 - 1, 7])) == 1
    assert _below(3, iter([2**64 - 2, 7])) == (2**64 - 2) % 3


def test_sample_and_shuffle_rearrange_without_repeats() -> None:
    draws = Draws(9, "mix")
    items = list(range(10))
    shuffled = draws.shuffle(items, 4)
    assert sorted(shuffled) == items and shuffled != items
    assert draws.sample(items, 4, 4) == shuffled[:4]
    assert draws.sample(items, 0, 4) == []
    assert len({tuple(draws.shuffle(items, k)) for k in range(20)}) == 20


def test_draws_reject_impossible_requests() -> None:
    draws = Draws(1, "bad")
    with pytest.raises(ValueError):
        draws.below(0, 0)
    with pytest.raises(ValueError):
        draws.below(2**64 + 1, 0)
    with pytest.raises(ValueError):
        draws.below(3, -1)
    with pytest.raises(ValueError):
        draws.sample([1, 2], 3, 0)
    with pytest.raises(IndexError):
        draws.choice([], 0)


# ------------------------------------------------------------------------- layout


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, function-local imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize(("mode", "other"), [("arcade", "blocks"), ("blocks", "arcade")])
def test_neither_mode_imports_the_other(mode: str, other: str) -> None:
    imports = imported_modules(RULES_DIR / f"{mode}.py")
    imports |= imported_modules(RULES_DIR / f"{mode}_settings.py")
    assert not {m for m in imports if m.startswith(f"game.rules.{other}")}


def test_the_rules_never_use_the_random_module() -> None:
    # random's sequences are only promised within one Python version; replays are not.
    for path in RULES_DIR.glob("*.py"):
        assert "random" not in imported_modules(path), path.name
