"""The disk cache of pack embeddings: checked on read, a warning (never an error) on faults."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest

from game.engine.disk_cache import EmbeddingCacheWarning, PackEmbeddingCache, cache_key
from game.storage import remove_stale_temporaries

WORDS = ["apple", "banana", "car", "piano", "ocean", "tiger", "violin", "bread", "river", "lamp"]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WORDSTACK_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def engine(cosine_engine):
    """These tests are about the cache: the model's own vectors keep them simple."""
    return cosine_engine


def cache_for(engine, cache_dir) -> PackEmbeddingCache:
    assert engine.pack_cache().folder.parent == cache_dir
    return engine.pack_cache()


def write_bundle(path, meta: dict, vectors: np.ndarray) -> None:
    """A cache file with any header and any array, as a damaged or foreign file might be."""
    buffer = io.BytesIO()
    np.save(buffer, vectors, allow_pickle=False)
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("meta.json", json.dumps(meta))
        bundle.writestr("vectors.npy", buffer.getvalue())


def assert_true_vectors(engine, words, vectors) -> None:
    fresh = np.stack([engine.embed([w])[0] for w in words])
    assert vectors.shape == fresh.shape
    assert np.einsum("ij,ij->i", vectors, fresh).min() > 0.99


def test_a_pack_is_written_once_then_read_back(engine, cache_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        first = engine.embed_pack(WORDS)
        (path,) = (cache_dir / "embeddings").glob("*.npz")
        assert path == cache_for(engine, cache_dir).path(WORDS)
        written = path.stat().st_mtime_ns
        second = engine.embed_pack(WORDS)
    assert path.stat().st_mtime_ns == written  # read, not rewritten
    assert np.array_equal(first, second)
    with zipfile.ZipFile(path) as bundle:
        meta = json.loads(bundle.read("meta.json"))
    assert meta["model"] == engine.model_id and meta["dimension"] == engine.dimension
    assert meta["method"].startswith("cosine@") and meta["rows"] == len(WORDS)


def damaged_files(engine):
    """Name -> (header changes, vectors) of files that must not be used."""
    good = engine.embed(WORDS)
    rng = np.random.default_rng(0)
    return {
        "seven columns": ({}, rng.standard_normal((len(WORDS), 7)).astype(np.float32)),
        "identical vectors": ({}, np.repeat(good[:1], len(WORDS), axis=0)),
        "rows of other words": ({}, good[::-1].copy()),
        "random unit rows": (
            {},
            (lambda v: v / np.linalg.norm(v, axis=1, keepdims=True))(
                rng.standard_normal(good.shape)
            ).astype(np.float32),
        ),
        "not unit length": ({}, good * 2),
        "too short": ({}, good * 0.3),
        "a nan": ({}, np.where(np.arange(good.size).reshape(good.shape) == 5, np.nan, good)),
        "float64": ({}, good.astype(np.float64)),
        "another model": ({"model": "some-other-model"}, good),
        "another dimension": ({"dimension": 7}, good),
        "too few rows": ({}, good[:-1]),
    }


@pytest.mark.parametrize(
    "damage",
    [
        "seven columns",
        "identical vectors",
        "rows of other words",
        "random unit rows",
        "not unit length",
        "too short",
        "a nan",
        "float64",
        "another model",
        "another dimension",
        "too few rows",
    ],
)
def test_a_damaged_file_is_set_aside_with_a_warning_and_rebuilt(engine, cache_dir, damage):
    cache = cache_for(engine, cache_dir)
    path = cache.path(WORDS)
    path.parent.mkdir(parents=True, exist_ok=True)
    changes, vectors = damaged_files(engine)[damage]
    meta = {**cache.header(WORDS, engine.dimension), **changes}
    write_bundle(path, meta, vectors)
    with pytest.warns(EmbeddingCacheWarning, match="damaged"):
        result = engine.embed_pack(WORDS)
    assert_true_vectors(engine, WORDS, result)
    assert len(list(path.parent.glob("*.corrupt-*"))) == 1
    assert path.is_file()  # rebuilt
    ranking = [r.word for r in engine.rank("fruit", WORDS)]
    assert set(ranking[:2]) == {"apple", "banana"}


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 garbage", b"\x93NUMPY" + b"\0" * 50])
def test_a_file_that_is_no_cache_file_is_set_aside(engine, cache_dir, content):
    path = cache_for(engine, cache_dir).path(WORDS)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with pytest.warns(EmbeddingCacheWarning, match="damaged"):
        result = engine.embed_pack(WORDS)
    assert_true_vectors(engine, WORDS, result)


def test_lists_with_nul_in_words_never_share_a_key(engine, cache_dir):
    assert cache_key("m", "cosine", ["a\0b"]) != cache_key("m", "cosine", ["a", "b"])
    assert cache_key("m", "cosine", ["a\0b", "c"]) != cache_key("m", "cosine", ["a", "b\0c"])
    first, second = ["sea\0cat", "dog"], ["sea", "cat\0dog"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        engine.embed_pack(first)
        vectors = engine.embed_pack(second)
    assert len(list((cache_dir / "embeddings").glob("*.npz"))) == 2
    assert_true_vectors(engine, second, vectors)


def test_the_method_and_the_model_are_part_of_the_key():
    words = ["cat", "dog"]
    keys = {
        cache_key("model-a", "cosine", words),
        cache_key("model-a", "dot", words),
        cache_key("model-b", "cosine", words),
    }
    assert len(keys) == 3


def test_a_full_disk_is_a_warning_and_the_vectors_still_come(engine, cache_dir, monkeypatch):
    @contextlib.contextmanager
    def full_disk(path):
        yield io.BytesIO()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # when the data is flushed

    monkeypatch.setattr("game.engine.disk_cache.atomic_writer", full_disk)
    with pytest.warns(EmbeddingCacheWarning, match="No space left on device"):
        vectors = engine.embed_pack(WORDS)
    assert_true_vectors(engine, WORDS, vectors)


def test_rank_a_pack_with_a_cache_folder_that_cannot_be_written(engine, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("WORDSTACK_CACHE_DIR", str(blocker / "cache"))
    result = subprocess.run(
        [sys.executable, "-m", "game", "rank", "fruit", "--pack", "animals", "--top", "5"],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 5
    warnings = result.stderr.splitlines()  # the ONNX export cannot be cached there either
    assert all(line.startswith("wordstack: warning: ") for line in warnings)
    assert any("Cannot write the embedding cache" in line for line in warnings)


def test_an_unreadable_file_is_a_warning_and_is_not_moved(engine, cache_dir, monkeypatch):
    engine.embed_pack(WORDS)
    path = cache_for(engine, cache_dir).path(WORDS)

    def unreadable(self, path, words, dimension):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(PackEmbeddingCache, "_read", unreadable)
    monkeypatch.setattr(PackEmbeddingCache, "save", lambda self, words, vectors: False)
    with pytest.warns(EmbeddingCacheWarning, match="Cannot read"):
        vectors = engine.embed_pack(WORDS)
    assert_true_vectors(engine, WORDS, vectors)
    assert path.is_file() and not list(path.parent.glob("*.corrupt-*"))


def test_temporary_files_of_a_killed_write_are_removed_on_the_next_start(tmp_path):
    target = tmp_path / "embeddings" / "big.npz"
    child = (
        "import os, sys, time\n"
        "import game.storage as storage\n"
        "storage.os.fsync = lambda fd: time.sleep(60)  # stop inside the write\n"
        "storage.atomic_write_bytes(__import__('pathlib').Path(sys.argv[1]), b'x' * 1_000_000)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", child, str(target)])
    temporary = target.with_name(f".big.npz.{process.pid}.tmp")
    deadline = time.monotonic() + 60
    while not (temporary.exists() and temporary.stat().st_size == 1_000_000):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    mine = target.with_name(f".other.npz.{os.getpid()}.tmp")  # a write still running
    mine.write_bytes(b"")
    assert temporary.exists()
    PackEmbeddingCache(tmp_path, "some-model")  # the next start's first use of the cache
    assert not temporary.exists() and mine.exists()
    assert remove_stale_temporaries(target.parent) == 0


def test_cache_files_of_the_first_format_are_removed_and_others_kept(tmp_path):
    folder = tmp_path / "embeddings"
    folder.mkdir()
    legacy = folder / ("0123456789abcdef" * 2 + ".npy")
    legacy.write_bytes(b"old")
    kept = [
        folder / ("0123456789abcdef" * 2 + "ab.npz"),  # the current format
        folder / "notes.npy",  # not a name we ever wrote
        folder / ("0123456789abcdef" * 2 + ".npy.corrupt-20260101-000000"),
    ]
    for path in kept:
        path.write_bytes(b"x")
    PackEmbeddingCache(tmp_path, "some-model")
    assert not legacy.exists() and all(path.exists() for path in kept)


def test_saving_streams_the_vectors_without_copying_them(tmp_path):
    words = [f"word{i}" for i in range(12000)]
    vectors = np.random.default_rng(1).random((12000, 1024), dtype=np.float32)  # 49 MB
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)  # what the cache holds
    cache = PackEmbeddingCache(tmp_path, "model", "method")
    tracemalloc.start()
    try:
        assert cache.save(words, vectors)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # numpy writes in 16 MB pieces; the old way held four whole copies at once.
    assert peak < vectors.nbytes / 2
    index = {word: row for row, word in enumerate(words)}
    loaded = cache.load(words, 1024, lambda texts: vectors[[index[t] for t in texts]])
    assert np.array_equal(loaded, vectors)
