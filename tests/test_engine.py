"""The similarity engine on the real packaged model."""

import threading
import warnings

import numpy as np
import pytest

from game.clues import validate_clue
from game.engine import SimilarityEngine
from game.engine.disk_cache import SAMPLE_ROWS
from game.errors import ModelUnavailableError


def test_fruit_ranks_fruits_above_other_things(engine):
    ranking = engine.rank("fruit", ["car", "banana", "piano", "apple", "king", "lemon"])
    top3 = {result.word for result in ranking[:3]}
    assert top3 == {"banana", "apple", "lemon"}
    assert [r.score for r in ranking] == sorted((r.score for r in ranking), reverse=True)


@pytest.mark.parametrize(
    ("clue", "words", "best"),
    [
        ("ocean", ["desk", "wave", "pencil", "ladder"], "wave"),
        ("bark", ["dog", "spoon", "cloud", "violin"], "dog"),
        ("royal", ["crown", "carrot", "bucket", "sock"], "crown"),
        ("cold", ["ice", "sand", "lamp", "bread"], "ice"),
    ],
)
def test_clear_associations_rank_first(engine, clue, words, best):
    assert engine.rank(clue, words)[0].word == best


def test_ranked_results_carry_word_score_and_input_index(engine):
    words = ["car", "banana", "piano"]
    for result in engine.rank("fruit", words):
        assert words[result.index] == result.word
        assert -1.0 <= result.score <= 1.0
        assert isinstance(result.score, float)


def test_ties_are_broken_by_input_order(engine):
    ranking = engine.rank("fruit", ["pear", "pear", "pear"])
    assert [r.index for r in ranking] == [0, 1, 2]


def test_embeddings_are_normalized_float32_and_cached(engine):
    first = engine.embed(["harbor", "lantern"])
    second = engine.embed(["lantern", "harbor"])
    assert first.dtype == np.float32 and first.shape == (2, engine.dimension)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first[0], second[1]) and np.array_equal(first[1], second[0])


def test_similarity_is_symmetric_and_self_similarity_is_one(engine):
    assert engine.similarity("cat", "dog") == pytest.approx(engine.similarity("dog", "cat"))
    assert engine.similarity("cat", "cat") == pytest.approx(1.0, abs=1e-5)
    assert engine.similarity("cat", "kitten") > engine.similarity("cat", "tractor")


def test_empty_inputs(engine):
    assert engine.rank("fruit", []) == []
    assert engine.embed([]).shape == (0, engine.dimension)


def sharing_weights(engine: SimilarityEngine, cache_dir) -> SimilarityEngine:
    """A second engine with its own caches but the session's loaded weights (no reload)."""
    other = SimilarityEngine(cache_dir=cache_dir)
    other._transformer = engine._transformer
    other._ready = True
    return other


def test_pack_embeddings_are_read_back_from_disk_without_encoding(engine, tmp_path):
    words = ["anchor", "meadow", "kettle", "glacier", "violin", "harbor", "pepper", "saddle"]
    words += ["candle", "falcon", "marble", "tunnel", "walnut", "jacket", "copper", "island"]
    first = sharing_weights(engine, tmp_path)
    written = first.embed_pack(words)
    assert len(list((tmp_path / "embeddings").glob("*.npz"))) == 1

    second = sharing_weights(engine, tmp_path)
    encoded: list[str] = []
    encode = second._encode

    def count(texts):
        encoded.extend(texts)
        return encode(texts)

    second._encode = count
    assert np.array_equal(second.embed_pack(words), written)
    # Only a sample of rows is encoded again, to check the file against the model.
    assert 0 < len(encoded) <= SAMPLE_ROWS < len(words)
    unchecked = next(i for i, word in enumerate(words) if word not in encoded)
    assert np.array_equal(second.embed([words[unchecked]])[0], written[unchecked])


def test_corrupt_pack_cache_is_set_aside_and_rebuilt(engine, tmp_path):
    words = ["anchor", "meadow"]
    cached = sharing_weights(engine, tmp_path)
    good = cached.embed_pack(words)
    (path,) = (tmp_path / "embeddings").glob("*.npz")
    path.write_bytes(b"not a cache file")

    fresh = sharing_weights(engine, tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rebuilt = fresh.embed_pack(words)
    assert np.allclose(rebuilt, good, atol=1e-6)
    assert any("was damaged" in str(w.message) for w in caught)
    (aside,) = path.parent.glob(f"{path.name}.corrupt-*")
    assert aside.read_bytes() == b"not a cache file"
    assert np.load(path)["vectors"].shape == good.shape


def test_missing_model_raises_one_clear_error(tmp_path):
    broken = SimilarityEngine(tmp_path / "no-such-model")
    with pytest.raises(ModelUnavailableError, match="Cannot load the model"):
        broken.load()


def test_lazy_load_is_thread_safe_and_reports_progress():
    engine = SimilarityEngine()
    steps: list[float] = []
    errors: list[BaseException] = []

    def load() -> None:
        try:
            engine.load(progress=lambda fraction, message: steps.append(fraction))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and engine.loaded
    assert (steps[-1] == 1.0 and steps == sorted(steps)) or steps.count(1.0) == 3
    assert engine.rank("fruit", ["car", "apple"])[0].word == "apple"


def test_clues_are_validated_like_the_game():
    assert not validate_clue("cats", ["cat", "dog"]).ok
    assert validate_clue("  Pet ", ["cat", "dog"]).clue == "pet"


def test_torch_fast_path_gives_the_library_vectors(engine):
    from game.engine.backend import Transformer

    library_model = engine._loaded_model()
    torch_only = Transformer(lambda: "unused", "cpu", engine.model_id)
    torch_only.model, torch_only.torch = library_model, engine._transformer.torch
    assert torch_only.fast_path_agrees()  # all-MiniLM-L6-v2 is a plain mean-pooling model
    torch_only.fast = True
    texts = ["ocean", "a big red fire truck", "Zürich"]
    library = library_model.encode(texts, normalize_embeddings=True)
    assert np.allclose(torch_only.encode(texts), library, atol=1e-5)
