"""The second encoder: its memory-mapped copy gives the original's vectors, is checked at
every start, is remade when damaged, and is skipped (with a warning) when it cannot be made."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from game.engine import use as second_encoder
from game.engine.onnx_files import WEIGHTS_FILE
from game.engine.use import SecondEncoder, mapped_folder, model_file

TEXTS = ["ocean", "fire truck", "Zürich", "a kettle on the stove", "ice", ""]


@pytest.fixture(scope="module")
def original_vectors() -> np.ndarray:
    """The vectors of TEXTS from the shipped file itself, each text run alone."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.register_custom_ops_library(second_encoder.custom_ops_library())
    session = onnxruntime.InferenceSession(
        str(model_file()), options, providers=["CPUExecutionProvider"]
    )
    rows = [second_encoder._run(session, text) for text in TEXTS]
    rows = np.concatenate(rows)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def mapped_cache(tmp_path_factory: pytest.TempPathFactory):
    """A cache folder holding a freshly made mapped copy."""
    cache = tmp_path_factory.mktemp("second-cache")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        encoder = SecondEncoder(cache)
        encoder.load()
    assert encoder.mapped
    return cache


def test_the_mapped_copy_gives_the_originals_vectors(mapped_cache, original_vectors):
    folder = mapped_folder(mapped_cache, model_file())
    assert (folder / second_encoder.MODEL_FILE).stat().st_size < 10_000_000
    assert (folder / WEIGHTS_FILE).stat().st_size > 60_000_000
    encoder = SecondEncoder(mapped_cache)
    vectors = encoder.encode(TEXTS)
    assert encoder.mapped
    assert np.allclose(vectors, original_vectors, rtol=0, atol=1e-6)


def test_many_texts_on_several_threads_match_one_at_a_time(mapped_cache):
    encoder = SecondEncoder(mapped_cache)
    many = [f"{word} {i}" for i, word in enumerate(["sea", "harbour", "kettle"] * 60)]
    together = encoder.encode(many)
    alone = np.concatenate([encoder.encode([text]) for text in many])
    assert np.array_equal(together, alone)
    assert encoder.encode([]).shape == (0, second_encoder.DIMENSION)


def copy_of(mapped_cache, tmp_path):
    import shutil

    source = mapped_folder(mapped_cache, model_file())
    target = mapped_folder(tmp_path, model_file())
    target.parent.mkdir(parents=True)
    shutil.copytree(source, target)
    return target


def test_a_damaged_copy_is_set_aside_and_made_again(mapped_cache, tmp_path, original_vectors):
    folder = copy_of(mapped_cache, tmp_path)
    with open(folder / WEIGHTS_FILE, "r+b") as weights:
        weights.truncate(1000)
    encoder = SecondEncoder(tmp_path)
    with pytest.warns(UserWarning, match="set aside"):
        encoder.load()
    assert encoder.mapped
    assert len(list(folder.parent.glob(f"{folder.name}.corrupt-*"))) == 1
    assert np.allclose(encoder.encode(TEXTS), original_vectors, rtol=0, atol=1e-6)


def test_a_copy_that_disagrees_is_set_aside(mapped_cache, tmp_path):
    folder = copy_of(mapped_cache, tmp_path)
    reference = np.load(folder / second_encoder.REFERENCE_FILE)
    np.save(folder / second_encoder.REFERENCE_FILE, np.roll(reference, 1, axis=0))
    with pytest.warns(UserWarning, match="no longer agree"):
        SecondEncoder(tmp_path).load()


def test_without_a_writable_cache_the_original_file_serves(tmp_path, original_vectors):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    encoder = SecondEncoder(blocked)
    with pytest.warns(UserWarning, match="memory-mapped copy"):
        encoder.load()
    assert not encoder.mapped
    assert np.allclose(encoder.encode(TEXTS), original_vectors, rtol=0, atol=1e-6)


def test_a_copy_cut_off_by_a_dead_process_is_swept(tmp_path):
    folder = mapped_folder(tmp_path, model_file())
    dead = folder.parent / f".{folder.name}.999999999.tmp"
    dead.mkdir(parents=True)
    (dead / WEIGHTS_FILE).write_bytes(b"half")
    encoder = SecondEncoder(tmp_path)
    encoder.load()
    assert encoder.mapped and not dead.exists()


def test_the_custom_ops_library_is_the_one_its_api_names():
    """The path found without importing onnxruntime-extensions is its get_library_path()."""
    import subprocess
    import sys

    code = "from onnxruntime_extensions import get_library_path; print(get_library_path())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == second_encoder.custom_ops_library()


def test_the_model_file_is_the_checked_one():
    """The second encoder's file is the one setup.py checks (the cache keys rely on it)."""
    import hashlib

    digest = hashlib.sha256(model_file().read_bytes()).hexdigest()
    assert digest == "b8b05b01f0861094f0475cb288ad1b303ae8aee2ebe96e650d210805d5ca70f7"
