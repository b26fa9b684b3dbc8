"""One path for a clue's scores: every caller gets the engine's `scores`, bit for bit.

On the real model. The memory cache is emptied before each caller, so each one encodes
the clue and the stack again: the same bits come from the encoders and the one product
(`game.engine.scoring.score_rows`), not from a shared cache entry.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import METHODS, score_rows

CLUE = "beach"
STACK = ["ocean", "desk", "violin", "sea shell", "Zürich", "a big red fire truck", "sand"]


def fresh(engine):
    engine.clear_memory_cache()
    return engine


def test_every_caller_gets_bit_identical_scores(engine, tmp_path):
    from game import cluegen
    from game.host.setup import new_host
    from game.ui.worker import EngineWorker

    reference = fresh(engine).scores(CLUE, STACK)
    assert reference.dtype == np.float32 and reference.shape == (len(STACK),)
    got: dict[str, np.ndarray] = {}

    # The game (Arcade and Blocks) and the Lab's samples: the worker thread's score_clue.
    worker = EngineWorker(fresh(engine))
    try:
        got["game worker"] = worker.score_clue(CLUE, STACK).result(timeout=120)
    finally:
        worker.shutdown()
    # The Lab's side-by-side ranking.
    ranked = sorted(fresh(engine).rank(CLUE, STACK), key=lambda r: r.index)
    got["lab ranking"] = np.array([r.score for r in ranked], dtype=np.float32)
    # The classroom host: the ranker its round service calls for a student's clue.
    server = new_host(
        fresh(engine), journal_file=tmp_path / "journal.sqlite3", results_folder=tmp_path
    )
    try:
        got["host service"] = np.asarray(list(server.service.ranker(CLUE, STACK)), np.float32)
    finally:
        server.journal.close()
    # Verification and replay: every clue of a result file at once.
    other_stack = ["tiger", "banana"]
    verified = fresh(engine).scores_many(["jungle", CLUE], [other_stack, STACK])
    got["verify"] = verified[1]
    # The clue generator: with no penalty and no prior, a candidate's score is its score
    # for the first stack word, taken from one product over the whole vocabulary.
    path = tmp_path / "vocab.txt"
    path.write_text("\n".join(["beach", "music", "fruit", "winter"]) + "\n", encoding="utf-8")
    vocabulary = cluegen.ClueVocabulary(path)
    scored = cluegen.score_candidates(
        fresh(engine), "ocean", STACK, weight=0.0, prior_weight=0.0, vocabulary=vocabulary
    )
    words = scored.words
    _, stack = cluegen._prepare("ocean", STACK)
    for position, word in enumerate(words):
        expected = fresh(engine).scores(word, stack)[0]
        assert np.float64(expected) == scored.scores[position], word
    got["clue generator (first word)"] = np.array(
        [scored.scores[words.index(CLUE)]], dtype=np.float32
    )

    for caller, scores in got.items():
        if caller.startswith("clue generator"):
            assert scores[0] == reference[STACK.index("ocean")], caller
        else:
            assert np.array_equal(scores, reference), caller


def test_scores_many_equals_scoring_each_alone(engine):
    # Mixed token lengths: one token up to a long phrase, clue and words.
    clues = ["sea", "a very long clue about the seaside in summer", "Zürich", "fire"]
    lists = [STACK, ["ice", "a big red fire truck"], STACK[:3], []]
    together = fresh(engine).scores_many(clues, lists)
    for clue, words, scores in zip(clues, lists, together, strict=True):
        alone = fresh(engine).scores(clue, words)
        assert scores.shape == alone.shape
        assert np.allclose(scores, alone, rtol=0, atol=1e-6)
    with pytest.raises(ValueError, match="word lists"):
        engine.scores_many(["sea"], [])


def test_score_matrix_rows_are_each_clues_scores(engine):
    clues = ["beach", "music"]
    matrix = fresh(engine).score_matrix(clues, STACK)
    for row, clue in zip(matrix, clues, strict=True):
        assert np.array_equal(row, fresh(engine).scores(clue, STACK))


@pytest.mark.parametrize("method", [m for m in METHODS if not METHODS[m].large])
def test_score_parts_sum_to_the_scores(engine, method):
    ranking = engine.for_method(method)
    parts = ranking.score_parts(CLUE, STACK)
    assert list(parts) == [part.encoder for part in ranking.method.components]
    total = np.sum(list(parts.values()), axis=0)
    assert np.allclose(total, ranking.scores(CLUE, STACK), rtol=0, atol=1e-6)
    shares = ranking.method.shares()
    for share, contribution in zip(shares, parts.values(), strict=True):
        # Each part is its share of the weight times a cosine: never beyond the share.
        assert np.all(np.abs(contribution) <= share + 1e-6)


def test_score_rows_gives_one_row_the_bits_it_gets_among_many():
    rng = np.random.default_rng(7)
    many = rng.standard_normal((3000, 946)).astype(np.float32)
    words = rng.standard_normal((12, 946)).astype(np.float32)
    matrix = score_rows(many, words)
    for row in range(0, 3000, 97):
        assert np.array_equal(score_rows(many[row], words)[0], matrix[row])
    assert score_rows(many[:2], words[:0]).shape == (2, 0)
