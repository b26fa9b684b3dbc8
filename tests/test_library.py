"""The engine as a library: no side effects, the ONNX Runtime encoder, the memory cache,
and the conventions a sentence-transformers user expects."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import numpy as np
import pytest

from game.engine import SimilarityEngine
from game.engine import transformer_onnx as onnx_encoder
from game.engine.onnx_files import ALIGNMENT, WEIGHTS_FILE
from game.errors import ModelUnavailableError
from game.paths import ASSETS_DIR


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


def sharing_backend(engine: SimilarityEngine, **options) -> SimilarityEngine:
    """A second engine with its own memory cache but the session's loaded encoders."""
    other = SimilarityEngine(**options)
    engine.load()
    other._transformer = engine._transformer
    other._ready = True
    return other


# -- imports and side effects ----------------------------------------------------------------


@pytest.mark.parametrize("module", ["game", "game.rules", "game.clues"])
def test_light_modules_do_not_import_the_engine_numpy_or_platformdirs(module):
    code = (
        f"import sys, {module}\n"
        "heavy = [m for m in ('game.engine', 'numpy', 'platformdirs') if m in sys.modules]\n"
        "sys.exit(str(heavy) if heavy else 0)\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr


def test_the_public_names_still_come_from_game():
    result = run_python(
        "import game\n"
        "from game import SimilarityEngine, RankedWord, load_pack, WordstackError\n"
        "assert SimilarityEngine.__module__ == 'game.engine'\n"
        "assert set(game.__all__) <= set(dir(game))\n"
    )
    assert result.returncode == 0, result.stderr


SIDE_EFFECTS_PROBE = """
import gc, json, logging, os, sys
# What the libraries do when imported is theirs (sentence-transformers sets KMP_* and
# TORCHINDUCTOR_CACHE_DIR): a caller of the torch path imports them anyway.
import transformers, torch, sentence_transformers
before = {
    "env": dict(os.environ),
    "switch": sys.getswitchinterval(),
    "gc": [gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()],
    "root_logging": logging.getLogger().level,
}
torch.set_num_threads(2)
before["threads"] = torch.get_num_threads()
before["transformers_logging"] = transformers.logging.get_verbosity()
from game.engine import SimilarityEngine
for backend in ("auto", "torch"):
    engine = SimilarityEngine(backend=backend)
    engine.load()
    engine.rank("fruit", ["apple", "car"] * 40)  # a short and a long batch
    engine.rank("fruit", ["pear", "bus"])
after = {
    "env": dict(os.environ),
    "switch": sys.getswitchinterval(),
    "gc": [gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()],
    "root_logging": logging.getLogger().level,
    "threads": torch.get_num_threads(),
    "transformers_logging": transformers.logging.get_verbosity(),
}
print(json.dumps([before, after]))
"""


def test_loading_and_using_the_engine_changes_nothing_the_caller_owns(engine):
    result = run_python(SIDE_EFFECTS_PROBE)
    assert result.returncode == 0, result.stderr
    before, after = json.loads(result.stdout.splitlines()[-1])
    assert after == before


def test_a_cached_encoder_serves_clues_without_importing_torch(engine):
    code = (
        "import sys\n"
        "from game.engine import SimilarityEngine\n"
        "engine = SimilarityEngine()\n"
        "engine.load()\n"
        "best = engine.rank('fruit', ['car', 'banana', 'piano'])[0].word\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') "
        "if m in sys.modules]\n"
        "print(engine.backend, best, heavy)\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["onnxruntime", "banana", "[]"]


# -- the ONNX Runtime encoder ----------------------------------------------------------------


def test_the_fast_encoder_gives_the_library_vectors(engine):
    assert engine.backend == "onnxruntime"
    library = engine._loaded_model()
    texts = ["ocean", "a big red fire truck", "Zürich", 'The word "harbour"', "  Ice  "]
    expected = library.encode(texts, normalize_embeddings=True)
    together = engine._encode(texts)
    alone = np.concatenate([engine._encode([text]) for text in texts])
    for vectors in (together, alone):
        assert np.min(np.sum(vectors * expected, axis=1)) > 0.9999
    many = [f"word{i}" for i in range(onnx_encoder.BULK_BATCH + 5)]  # batches on threads
    assert (
        np.min(
            np.sum(engine._encode(many) * library.encode(many, normalize_embeddings=True), axis=1)
        )
        > 0.9999
    )


def copy_of_cached_encoder(engine: SimilarityEngine, root: Path) -> Path:
    assert engine._transformer.onnx is not None
    copy = root / "onnx" / "copy"
    shutil.copytree(engine._transformer.onnx.folder, copy)
    return copy


def test_an_encoder_that_disagrees_is_set_aside(engine, tmp_path):
    folder = copy_of_cached_encoder(engine, tmp_path)
    reference = np.load(folder / onnx_encoder.REFERENCE_FILE)
    np.save(folder / onnx_encoder.REFERENCE_FILE, np.roll(reference, 1, axis=0))
    with pytest.warns(UserWarning, match="no longer agree"):
        assert onnx_encoder.open_cached(folder) is None
    assert not folder.exists()
    assert len(list(folder.parent.glob("copy.corrupt-*"))) == 1


def test_a_damaged_model_file_is_set_aside(engine, tmp_path):
    folder = copy_of_cached_encoder(engine, tmp_path)
    (folder / onnx_encoder.MODEL_FILE).write_bytes(b"half a model")
    with pytest.warns(UserWarning, match="could not be opened"):
        assert onnx_encoder.open_cached(folder) is None
    assert not folder.exists()


def test_an_export_cut_off_is_never_opened_and_is_redone(engine, tmp_path):
    folder = onnx_encoder.cache_folder(tmp_path, engine.model_id)
    folder.parent.mkdir(parents=True)
    dead = folder.parent / f".{folder.name}.999999999.tmp"  # no such process
    dead.mkdir()
    (dead / onnx_encoder.MODEL_FILE).write_bytes(b"half")
    assert onnx_encoder.open_cached(folder) is None  # nothing final yet: export needed
    exported = onnx_encoder.export(engine._loaded_model(), folder)
    assert exported is not None and exported.folder == folder
    assert not dead.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            onnx_encoder.META_FILE,
            onnx_encoder.MODEL_FILE,
            onnx_encoder.REFERENCE_FILE,
            onnx_encoder.TOKENIZER_FILE,
            WEIGHTS_FILE,
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reopened = onnx_encoder.open_cached(folder)
    assert reopened is not None
    cosine = engine.for_method("cosine")
    assert np.allclose(reopened.encode(["kettle"]), cosine.embed(["kettle"]), atol=1e-5)


def test_the_exported_weights_sit_aligned_in_a_side_file(engine):
    import onnx

    folder = engine._transformer.onnx.folder
    graph = onnx.load(str(folder / onnx_encoder.MODEL_FILE), load_external_data=False).graph
    mapped = [t for t in graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    offsets = [int(dict((e.key, e.value) for e in t.external_data)["offset"]) for t in mapped]
    assert len(mapped) >= 30  # the token table and every layer's weight matrices
    assert all(offset % ALIGNMENT == 0 for offset in offsets)
    assert (folder / onnx_encoder.MODEL_FILE).stat().st_size < 2_000_000
    assert (folder / WEIGHTS_FILE).stat().st_size > 80_000_000


def test_a_big_batch_on_several_threads_gives_each_text_its_own_vector(engine):
    texts = [f'The word "{w}"' for w in ("ocean", "kettle", "Zürich", "fire truck") * 50]
    texts += [f"a longer text number {i} about {w}" for i, w in enumerate(["sea", "ice"] * 40)]
    together = engine._transformer.onnx.encode(texts)
    alone = np.concatenate([engine._transformer.onnx.encode([text]) for text in texts])
    assert together.shape == (len(texts), engine._transformer.onnx.dimension)
    assert np.min(np.sum(together * alone, axis=1)) > 0.99999


def test_encoders_of_an_older_format_are_removed(engine, tmp_path):
    folder = copy_of_cached_encoder(engine, tmp_path)  # any name: never judged
    root = folder.parent
    older = root / ("a" * 32)
    older.mkdir()
    (older / onnx_encoder.META_FILE).write_text('{"format": 1}', encoding="utf-8")
    unreadable = root / ("b" * 32)
    unreadable.mkdir()
    (unreadable / onnx_encoder.META_FILE).write_text("not json", encoding="utf-8")
    current = root / ("c" * 32)
    current.mkdir()
    (current / onnx_encoder.META_FILE).write_text(
        json.dumps({"format": onnx_encoder.FORMAT}), encoding="utf-8"
    )
    assert onnx_encoder.remove_older_formats(current) == [older]
    assert sorted(p.name for p in root.iterdir()) == sorted(["copy", unreadable.name, current.name])


# -- memory cache, types, devices ------------------------------------------------------------


# Three of the model's own vectors (384 float32 values each).
THREE_VECTORS = 3 * 384 * 4


def test_more_new_texts_than_the_cache_holds_in_one_call(engine):
    small = sharing_backend(engine, method="cosine", cache_limit=THREE_VECTORS)
    texts = ["alpha", "bravo", "charlie", "delta", "echo"]
    vectors = small.embed(texts)  # the model's own vectors, cached under the text
    assert vectors.shape == (5, small._model_dimension())
    assert np.allclose(vectors, engine.for_method("cosine").embed(texts), atol=1e-6)
    assert small._cache.keys_by_use() == ["charlie", "delta", "echo"]
    assert small._cache.size_bytes == THREE_VECTORS


def test_the_cache_drops_the_least_recently_used_text(engine):
    small = sharing_backend(engine, method="cosine", cache_limit=THREE_VECTORS)
    small.embed(["alpha", "bravo", "charlie"])
    small.embed(["alpha"])  # used again: now the most recent
    small.embed(["delta"])
    assert small._cache.keys_by_use() == ["charlie", "alpha", "delta"]


def test_the_memory_cache_is_bounded_in_bytes_by_default():
    from game.engine.memory_cache import DEFAULT_LIMIT_BYTES, VectorCache

    cache = VectorCache()
    assert cache.limit_bytes == DEFAULT_LIMIT_BYTES == 16 * 1024 * 1024
    rows = np.ones((5000, 946), dtype=np.float32)  # 5000 default-method vectors: 18.9 MB
    cache.add(range(5000), rows)
    assert 0 < cache.size_bytes <= DEFAULT_LIMIT_BYTES
    assert len(cache) == DEFAULT_LIMIT_BYTES // rows[0].nbytes
    assert cache.get(4999) is not None and cache.get(0) is None  # the oldest went first
    cache.add([4999], rows[:1])  # the same key again replaces, never counts twice
    assert len(cache) == DEFAULT_LIMIT_BYTES // rows[0].nbytes
    cache.clear()
    assert cache.size_bytes == 0 and len(cache) == 0
    with pytest.raises(ValueError, match="cache_limit"):
        VectorCache(0)


def test_a_list_larger_than_half_the_cache_is_not_kept_in_memory(engine, tmp_path):
    other = sharing_backend(engine, cache_dir=tmp_path, method="cosine", cache_limit=THREE_VECTORS)
    other.embed(["kept"])
    vectors = other.embed_pack(["alpha", "bravo"])  # two vectors: more than half of three
    assert vectors.shape == (2, 384)
    assert other._cache.keys_by_use() == ["kept"]


def test_a_new_pack_is_held_once_in_memory(engine, tmp_path):
    """The memory cache keeps rows of the array `embed_pack` returns, not of each chunk's,
    and a blended method keeps its own vectors only (a vocabulary is not held twice)."""
    other = sharing_backend(engine, cache_dir=tmp_path)  # an empty disk cache: encoded now
    other._parts = engine._parts
    words = (ASSETS_DIR / "clue_vocab.txt").read_text(encoding="utf-8").split()[:1500]
    vectors = other.embed_pack(words)
    assert other.method.blended
    cached = other._cache.found([(other.method.name, w) for w in words])
    assert all(np.shares_memory(cached[(other.method.name, w)], vectors) for w in words)
    kept = other._cache.keys_by_use()
    assert not any(isinstance(key, str) for key in kept)  # no model vectors kept
    assert np.allclose(vectors, engine.embed(words), atol=1e-6)


@pytest.mark.parametrize("bad", [None, 3, 2.5, b"bytes"])
def test_non_text_items_raise_a_type_error_naming_them(engine, bad):
    with pytest.raises(TypeError, match=rf"item 1 is {bad!r}"):
        engine.embed(["fine", bad])
    with pytest.raises(TypeError, match=rf"{bad!r}"):
        engine.rank("fruit", ["apple", bad])
    with pytest.raises(TypeError, match="clue"):
        engine.rank(bad, ["apple"])


def test_one_string_instead_of_a_list_is_refused(engine):
    with pytest.raises(TypeError, match="list of strings"):
        engine.embed("ocean")


def test_cuda_works_or_is_refused_clearly(engine, tmp_path):
    import torch

    gpu = SimilarityEngine(device="cuda", cache_dir=tmp_path)
    if torch.cuda.is_available():
        gpu.load()
        assert gpu.backend == "torch"
        assert gpu.rank("fruit", ["car", "banana"])[0].word == "banana"
    else:
        with pytest.raises(ModelUnavailableError, match=r"no CUDA GPU.*device='cpu'"):
            gpu.load()


def test_bad_arguments_are_refused_at_once():
    with pytest.raises(ValueError, match="backend"):
        SimilarityEngine(backend="tensorflow")
    with pytest.raises(ValueError, match="cache_limit"):
        SimilarityEngine(cache_limit=0)


# -- ranking conventions ---------------------------------------------------------------------


def test_top_k_keeps_the_best_k(engine):
    words = ["car", "banana", "piano", "apple", "lemon"]
    full = engine.rank("fruit", words)
    assert engine.rank("fruit", words, top_k=2) == full[:2]
    assert engine.rank("fruit", words, top_k=50) == full
    with pytest.raises(ValueError, match="top_k"):
        engine.rank("fruit", words, top_k=0)


def test_rank_many_gives_one_ranking_per_clue(engine):
    words = ["desk", "banana", "violin", "ocean"]
    clues = ["fruit", "music", "sea"]
    rankings = engine.rank_many(clues, words, top_k=2)
    assert rankings == [engine.rank(clue, words, top_k=2) for clue in clues]
    assert [ranking[0].word for ranking in rankings] == ["banana", "violin", "ocean"]
    assert engine.rank_many([], words) == []


def test_a_clue_does_not_queue_behind_a_long_list(engine, monkeypatch):
    other = sharing_backend(engine)  # its own memory cache and second-encoder threads
    second = other._parts.second()
    real_encode = second.encode
    long_started, release = threading.Event(), threading.Event()

    def stalled_for_long_lists(texts):
        if len(texts) > 100:  # the list's second-encoder work waits until released
            long_started.set()
            assert release.wait(120)
        return real_encode(texts)

    monkeypatch.setattr(second, "encode", stalled_for_long_lists)
    listing = threading.Thread(target=other.embed, args=([f"word {i}" for i in range(500)],))
    clue: list[np.ndarray] = []
    typing = threading.Thread(target=lambda: clue.append(other.embed(["a clue meanwhile"])))
    listing.start()
    try:
        assert long_started.wait(60)
        typing.start()
        typing.join(timeout=60)
        assert clue and listing.is_alive()  # the clue was done while the list was stalled
    finally:
        release.set()
        listing.join(timeout=120)
        typing.join(timeout=60)
    assert np.allclose(clue[0], engine.embed(["a clue meanwhile"]), atol=1e-5)


def test_a_pinned_pack_stays_while_new_clues_fill_the_cache():
    from game.engine.memory_cache import VectorCache

    cache = VectorCache(limit_bytes=10 * 16)  # room for ten 4-float vectors
    pack = np.arange(12, dtype=np.float32).reshape(3, 4)
    cache.pin(["a", "b", "c"], pack)
    cache.add([f"clue{i}" for i in range(30)], np.ones((30, 4), dtype=np.float32))
    assert set(cache.found(["a", "b", "c"])) == {"a", "b", "c"}  # never dropped
    assert len(cache) == 10 and cache.size_bytes <= 10 * 16  # the bound holds for the rest
    cache.pin(["d"], pack[:1])  # another pack replaces the pinned one
    assert list(cache.found(["a", "d"])) == ["d"]
    assert cache.pinned_bytes == 16
