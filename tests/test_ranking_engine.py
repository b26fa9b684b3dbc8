"""The ranking methods inside the engine, on the real packaged model."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import SimilarityEngine
from game.engine.methods import DEFAULT_METHOD, METHODS
from game.errors import UnknownMethodError


def test_default_method_is_the_blend(engine):
    assert engine.method.name == DEFAULT_METHOD == "blend"
    assert SimilarityEngine("some/other-model").method.name == "cosine"  # no map for it
    with pytest.raises(UnknownMethodError):
        SimilarityEngine(method="nonsense")


@pytest.mark.parametrize("method", [m for m in METHODS if not METHODS[m].large])
def test_every_method_gives_unit_rows_and_a_consistent_ranking(engine, method):
    words = ["doctor", "shoulder", "banana", "ice cream", "Zürich"]
    engine = engine.for_method(method)
    vectors = engine.embed(words)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    ranking = engine.rank("stethoscope", words)
    scores = engine.scores("stethoscope", words)
    assert [r.score for r in ranking] == sorted(scores.tolist(), reverse=True)
    assert engine.embed([]).shape == (0, vectors.shape[1])


def test_cosine_method_is_the_plain_model_cosine(engine):
    words = ["Doctor", "shoulder"]
    model = engine._embed_model(["stethoscope", *words])
    expected = model[1:] @ model[0]
    cosine = engine.for_method("cosine")
    assert np.allclose(cosine.scores("stethoscope", words), expected, atol=1e-6)


def test_default_method_fixes_the_reported_stethoscope(engine):
    stack = ["shoulder", "doctor", "lion", "ranch", "pearl"]
    cosine = engine.for_method("cosine")
    assert cosine.rank("stethoscope", stack)[0].word == "shoulder"  # as reported
    assert engine.rank("stethoscope", stack)[0].word == "doctor"


def test_default_method_lifts_neck_for_giraffe(engine):
    stack = ["lion", "ranch", "neck", "shoulder", "pearl"]
    before = [r.word for r in engine.for_method("cosine").rank("giraffe", stack)]
    after = [r.word for r in engine.rank("giraffe", stack)]
    assert before.index("neck") == 3  # as reported: below lion, ranch and shoulder
    assert after.index("neck") < before.index("neck") and after.index("neck") < after.index(
        "shoulder"
    )


def test_clam_is_near_oyster_pearl_and_shell(engine):
    stack = ["clam", "cling", "mountain", "violin", "carpet", "tiger", "rocket", "bread"]
    for clue in ("oyster", "pearl", "shell"):
        top = [r.word for r in engine.rank(clue, stack)[:4]]
        assert "clam" in top, (clue, top)


def test_case_does_not_change_the_default_ranking(engine):
    words = ["ocean", "desk", "Wave"]
    # Equal up to batch padding in the encoders.
    assert np.allclose(engine.scores("SEA", words), engine.scores("sea", words), atol=5e-3)
    assert [r.word for r in engine.rank("SEA", words)] == [
        r.word for r in engine.rank("sea", words)
    ]


def test_pack_cache_key_includes_the_method(engine, tmp_path):
    other = SimilarityEngine(cache_dir=tmp_path)
    other._transformer = engine._transformer
    other._ready = True
    words = ["anchor", "meadow"]
    blended = other.embed_pack(words)
    plain = other.for_method("cosine").embed_pack(words)
    assert len(list((tmp_path / "embeddings").glob("*.npz"))) == 2
    assert blended.shape[1] != plain.shape[1]
    assert np.array_equal(other.for_method("cosine").embed(words), plain)


def test_a_blend_pack_with_words_the_static_table_lacks_is_kept(engine, tmp_path):
    import warnings

    other = SimilarityEngine(cache_dir=tmp_path)
    other._transformer = engine._transformer
    other._ready = True
    words = ["covid", "selfie", "anchor", "meadow"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # read back as written: not "damaged"
        first = other.embed_pack(words)
        (path,) = (tmp_path / "embeddings").glob("*.npz")
        written = path.stat().st_mtime_ns
        second = other.embed_pack(words)
    assert path.stat().st_mtime_ns == written
    assert np.array_equal(first, second)
    assert np.linalg.norm(first, axis=1).min() < 0.99  # a word GloVe lacks: a shorter row


def test_the_method_is_fixed_and_another_is_asked_for_explicitly(engine):
    from game.engine import MethodUnavailableError

    assert engine.for_method(engine.method.name) is engine
    cosine = engine.for_method("cosine")
    assert cosine.method.name == "cosine" and engine.for_method("cosine") is cosine
    assert cosine._parts is engine._parts  # the map, GloVe and USE load once
    assert cosine.dimension == 384 and engine.dimension > 384
    with pytest.raises(TypeError):
        engine.embed(["sea"], "cosine")  # no per-call method: it would be silent
    # `large` runs another transformer: asking it of this engine is an error, never the
    # packaged model's vectors under the name "large".
    with pytest.raises(MethodUnavailableError, match="all-mpnet-base-v2"):
        engine.for_method("large")
    with pytest.raises(MethodUnavailableError):
        SimilarityEngine("some/other-model", method="large")
