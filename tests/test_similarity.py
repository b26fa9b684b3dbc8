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


@given(st.lists(st.sampled_from([0.1, 0.3, 0.3000004, 0.2999996, 0.5, 0.5000001]), max_size=12))
def test_rules_and_rank_order_use_the_same_rounding_and_tie_rule(scores):
    from dataclasses import replace

    from game.rules import ArcadeSettings, StackWord, new_game, submit_clue

    words = [(f"w{i}", 1) for i in range(20)]
    state = new_game(ArcadeSettings(), words, seed=1)
    stack = tuple(StackWord(uid=i, text=f"s{i}", level=1) for i in range(len(scores)))
    stack += (StackWord(uid=99, text="target", level=1, is_target=True),)
    state = replace(state, stack=stack)
    new, _ = submit_clue(state, "clue", [*scores, -1.0])
    rules_order = [r.uid for r in new.last_clue.ranking]
    expected = [stack[i].uid for i in rank_order(np.array([*scores, -1.0]))]
    assert rules_order == expected


def test_scores_equal_after_rounding_tie_and_keep_input_order():
    # 0.3000004 and 0.2999996 both round to 0.3: a tie, decided by position.
    assert list(rank_order(np.array([0.2999996, 0.3000004]))) == [0, 1]
    assert list(rank_order(np.array([0.3000004, 0.2999996]))) == [0, 1]
