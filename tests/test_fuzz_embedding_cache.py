"""Fuzzing the embedding cache file: whatever it holds, the vectors used are the model's."""

from __future__ import annotations

import io
import json
import tempfile
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game.engine.disk_cache import PackEmbeddingCache

WORDS = ["cat", "piano", "ocean", "bread", "tiger", "violin"]
FUZZ_SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def engine(cosine_engine):
    """These tests are about the cache file: the model's own vectors keep them simple."""
    return cosine_engine


def load_with(engine, content: bytes | None, build=None):
    """Write `content` (or a bundle from `build(path, meta)`) and load it through the cache."""
    with tempfile.TemporaryDirectory() as folder:
        cache = PackEmbeddingCache(Path(folder), engine.model_id)
        path = cache.path(WORDS)
        path.parent.mkdir(parents=True)
        if build is None:
            path.write_bytes(content)
        else:
            build(path, cache.header(WORDS, engine.dimension))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            vectors = cache.load(WORDS, engine.dimension, engine.embed)
        kept = sorted(p.name for p in path.parent.iterdir())
    return vectors, kept, path.name


def assert_model_vectors_or_none(engine, vectors, kept, name) -> None:
    if vectors is None:
        assert name not in kept  # a refused file is set aside, not left to fail again
        return
    assert vectors.dtype == np.float32 and vectors.shape == (len(WORDS), engine.dimension)
    agreement = np.einsum("ij,ij->i", vectors, engine.embed(WORDS))
    assert agreement.min() > 0.99


@FUZZ_SETTINGS
@given(data=st.binary(max_size=2000))
def test_any_bytes_are_refused_without_error(engine, data):
    vectors, kept, name = load_with(engine, data)
    assert vectors is None and name not in kept


def bundle_builder(meta_changes, vectors, drop):
    def build(path: Path, meta: dict) -> None:
        buffer = io.BytesIO()
        np.save(buffer, vectors, allow_pickle=False)
        members = {
            "meta.json": json.dumps({**meta, **meta_changes}),
            "vectors.npy": buffer.getvalue(),
        }
        with zipfile.ZipFile(path, "w") as bundle:
            for member, content in members.items():
                if member != drop:
                    bundle.writestr(member, content)

    return build


json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
meta_changes = st.dictionaries(
    st.sampled_from(["format", "model", "method", "dimension", "rows", "key", "extra"]),
    json_scalars,
    max_size=2,
)
dtypes = st.sampled_from(["<f4", ">f4", "<f8", "<f2", "<i4", "|b1", "<U3", "<c8"])


@FUZZ_SETTINGS
@given(
    changes=meta_changes,
    dtype=dtypes,
    rows=st.integers(0, len(WORDS) + 1),
    columns=st.sampled_from([0, 1, 7, 384, 385]),
    drop=st.sampled_from([None, None, "meta.json", "vectors.npy"]),
    fill=st.floats(width=32) | st.just(0.0),
)
def test_any_array_and_header_are_used_only_when_right(
    engine, changes, dtype, rows, columns, drop, fill
):
    if dtype == "<U3":
        array = np.full((rows, columns), "ab")
    else:
        with np.errstate(all="ignore"):  # casting a float to int or f2 may overflow: fine
            array = np.full((rows, columns), fill).astype(dtype)
    vectors, kept, name = load_with(engine, None, bundle_builder(changes, array, drop))
    assert vectors is None and name not in kept


@FUZZ_SETTINGS
@given(
    changes=meta_changes,
    noise=arrays(np.float32, (len(WORDS), 384), elements=st.floats(-1, 1, width=32)),
    scale=st.sampled_from([0.0, 1e-4, 0.05, 1.0]),
    row_order=st.permutations(range(len(WORDS))),
)
def test_nearly_right_vectors_are_used_only_when_they_match_the_model(
    engine, changes, noise, scale, row_order
):
    true = engine.embed(WORDS)
    vectors = true[list(row_order)] + scale * noise
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)
    loaded, kept, name = load_with(engine, None, bundle_builder(changes, vectors, None))
    assert_model_vectors_or_none(engine, loaded, kept, name)
