"""The pure similarity math, on hand-made vectors."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game.similarity import cosine_scores, normalize_rows, rank_order


def test_normalize_rows_gives_unit_rows_and_keeps_zero_rows():
    matrix = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert matrix.dtype == np.float32
    assert np.allclose(matrix, [[0.6, 0.8], [0.0, 0.0]])


def test_cosine_scores_of_hand_made_vectors():
    corpus = normalize_rows(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0]]))
    scores = cosine_scores(np.array([1.0, 0.0], dtype=np.float32), corpus)
    assert np.allclose(scores, [1.0, 0.0, np.sqrt(0.5), -1.0], atol=1e-6)
    assert list(rank_order(scores)) == [0, 2, 1, 3]


def test_ties_keep_input_order():
    assert list(rank_order(np.array([0.5, 0.9, 0.5, 0.9, 0.1]))) == [1, 3, 0, 2, 4]


@given(arrays(np.float32, st.integers(1, 40), elements=st.floats(-1, 1, width=32)))
def test_rank_order_is_a_sorted_permutation(scores):
    order = rank_order(scores)
    assert sorted(order.tolist()) == list(range(len(scores)))
    ranked = np.round(scores[order].astype(np.float64), 6)
    assert all(ranked[i] >= ranked[i + 1] for i in range(len(ranked) - 1))
