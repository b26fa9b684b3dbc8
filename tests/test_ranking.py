"""Fast tests of the pure ranking math (hand-made vectors, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.glove import StaticVectors, quantize
from game.engine.methods import (
    DEFAULT_METHOD,
    GLOVE,
    METHODS,
    TRANSFORMER,
    Component,
    RankingMethod,
    apply_map,
    blend,
    get_method,
)
from game.errors import UnknownMethodError, WordstackError


def _unit(*rows: list[float]) -> np.ndarray:
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_blend_dot_product_is_the_weighted_mean_of_cosines() -> None:
    a = _unit([1, 0], [0.6, 0.8])
    b = _unit([0, 1, 0], [1, 0, 0])
    joined = blend([(1.0, a), (0.5, b)])
    # row 0 vs row 1: cos_a = 0.6, cos_b = 0 -> (1 * 0.6 + 0.5 * 0) / 1.5 = 0.4
    assert float(joined[0] @ joined[1]) == pytest.approx(0.4, abs=1e-6)
    assert np.linalg.norm(joined, axis=1) == pytest.approx([1.0, 1.0], abs=1e-6)


def test_blend_changes_the_ranking_when_the_second_part_disagrees() -> None:
    model = _unit([1, 0], [0.9, 0.436], [0.8, 0.6])  # clue, word A, word B: model prefers A
    static = _unit([1, 0], [0, 1], [1, 0])  # static vectors say B is the clue's word
    only_model = model[1:] @ model[0]
    both = blend([(1.0, model), (1.0, static)])
    assert np.argmax(only_model) == 0
    assert np.argmax(both[1:] @ both[0]) == 1


def test_blend_zero_part_adds_nothing() -> None:
    model = _unit([1, 0], [1, 0])
    static = np.array([[0, 0, 0], [1, 0, 0]], dtype=np.float32)  # the first text is unknown
    joined = blend([(1.0, model), (1.0, static)])
    assert float(joined[0] @ joined[1]) == pytest.approx(0.5, abs=1e-6)


@pytest.mark.parametrize(
    "parts",
    [
        [],
        [(0.0, np.eye(2))],
        [(-1.0, np.eye(2)), (2.0, np.eye(2))],
        [(1, np.eye(2)), (1, np.eye(3))],
    ],
)
def test_blend_rejects_bad_input(parts) -> None:
    with pytest.raises(ValueError):
        blend(parts)


def test_apply_map_is_residual_and_unit() -> None:
    x = _unit([1, 0], [0, 1])
    assert np.allclose(apply_map(x, np.zeros((2, 2))), x)
    swap = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.float32)  # x + x @ D moves e1 toward e2
    mapped = apply_map(x, swap)
    assert mapped[0] == pytest.approx([2**-0.5, 2**-0.5], abs=1e-6)
    assert mapped[1] == pytest.approx([0.0, 1.0])


def test_method_vectors_follow_the_recipe() -> None:
    method = RankingMethod(
        "t", "test", "w {}", (Component(TRANSFORMER, mapped=True), Component(GLOVE, 1.0))
    )
    model = _unit([1, 0], [0, 1])
    static = _unit([1, 0], [1, 0])
    out = method.vectors(model, static_vectors=static, linear_map=np.zeros((2, 2)))
    assert out.shape == (2, 4)
    assert float(out[0] @ out[1]) == pytest.approx(0.5, abs=1e-6)  # (0 + 1) / 2
    with pytest.raises(ValueError):
        method.vectors(model, static_vectors=static)  # the map is missing
    with pytest.raises(ValueError):
        method.vectors(model, linear_map=np.zeros((2, 2)))  # the static vectors are missing


def test_model_texts_template_and_case() -> None:
    assert METHODS["template"].model_texts(["  Ice  Cream "]) == ['The word "ice cream"']
    assert METHODS["cosine"].model_texts(["Ice Cream"]) == ["Ice Cream"]
    assert METHODS["cosine"].raw and not METHODS["template"].raw
    assert METHODS[DEFAULT_METHOD].blended and METHODS[DEFAULT_METHOD].mapped


def test_get_method() -> None:
    assert get_method(None).name == DEFAULT_METHOD
    assert get_method("cosine") is METHODS["cosine"]
    assert get_method(METHODS["large"]) is METHODS["large"]
    with pytest.raises(UnknownMethodError, match="choose one of") as info:
        get_method("telepathy")
    assert isinstance(info.value, WordstackError) and isinstance(info.value, ValueError)


def test_static_vectors_lookup_rules() -> None:
    table = StaticVectors(["cat", "ice", "cream"], _unit([1, 0, 0], [0, 1, 0], [0, 0, 1]))
    out = table.vectors(["Cat", "cats", "ice cream", "zebra", ""])
    assert out[0] == pytest.approx([1, 0, 0])  # lower-cased
    assert out[1] == pytest.approx([1, 0, 0])  # a plural finds its stem
    assert out[2] == pytest.approx([0, 2**-0.5, 2**-0.5], abs=1e-6)  # mean of the words
    assert not out[3].any() and not out[4].any()  # unknown: zeros, so it adds nothing
    assert "cat" in table and "cats" not in table and len(table) == 3


def test_quantize_keeps_cosines() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(50, 50)).astype(np.float32)
    q = quantize(vectors).astype(np.float32)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    restored = q / np.linalg.norm(q, axis=1, keepdims=True)
    assert np.abs(unit @ unit.T - restored @ restored.T).max() < 0.02
    assert quantize(vectors).dtype == np.int8


def test_shipped_table_and_map_load() -> None:
    from game.engine.components import MethodParts

    parts = MethodParts()
    table = parts.static()
    assert len(table) > 50_000 and table.dimension == 50
    assert {"doctor", "neck", "pearl", "clam"} <= set(table.words)
    linear_map = parts.linear_map()
    assert linear_map.shape == (384, 384) and np.isfinite(linear_map).all()
    assert parts.key(METHODS["blend"]) != parts.key(METHODS["template+map+glove"])


def test_the_shipped_table_stays_int8_and_gives_unit_means() -> None:
    from game.engine.glove import INT8_SCALE, StaticVectors, normalize_rows

    table = StaticVectors.load()
    assert table._table.dtype == np.int8  # a quarter of float32's memory
    rows = [table.row("ocean"), table.row("wave")]
    as_float = normalize_rows(table._table[rows].astype(np.float32) / INT8_SCALE)
    expected = normalize_rows(as_float.mean(axis=0))
    assert np.allclose(table.vectors(["ocean wave"]), expected, atol=1e-6)
    assert np.linalg.norm(table.vectors(["ocean"])) == pytest.approx(1.0, abs=1e-6)
