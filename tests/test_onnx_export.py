"""The first run exports the fast encoder in a child process: torch stays out of the game."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from game.engine import SimilarityEngine
from game.engine import export as onnx_export
from game.engine.models import packaged_model_path

WORDS = ["ocean", "volcano", "a big red fire truck", "Zürich"]

FIRST_RUN = """
import json, os, sys
from pathlib import Path
before = dict(os.environ)
from game.engine import SimilarityEngine
engine = SimilarityEngine(cache_dir=Path(sys.argv[1]), method="cosine")
messages = []
engine.load(lambda fraction, message: messages.append([fraction, message]))
vectors = engine.embed(json.loads(sys.argv[2]))
print(json.dumps({
    "torch": "torch" in sys.modules or "sentence_transformers" in sys.modules,
    "backend": engine.backend,
    "env_changed": dict(os.environ) != before,
    "messages": messages,
    "vectors": vectors.tolist(),
}))
"""


def test_a_first_run_exports_in_a_child_and_never_imports_torch(cosine_engine, tmp_path):
    cache = tmp_path / "cache"
    result = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, str(cache), json.dumps(WORDS)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["backend"] == "onnxruntime"
    assert report["torch"] is False
    assert report["env_changed"] is False
    said = [message for _, message in report["messages"]]
    # The child's progress reaches the caller, in order, before the engine's own.
    preparing = said.index("Preparing the fast encoder (first run only)")
    assert said.index("Starting PyTorch") < preparing
    assert said[-1] == "Model ready"
    fractions = [fraction for fraction, _ in report["messages"]]
    assert fractions == sorted(fractions)
    assert np.allclose(report["vectors"], cosine_engine.embed(WORDS), atol=1e-5)
    exported = [p for p in (cache / "onnx").iterdir()]
    assert len(exported) == 1 and (exported[0] / "meta.json").is_file()  # nothing left over


def test_the_child_says_when_the_model_cannot_be_loaded(tmp_path):
    not_a_model = tmp_path / "empty-folder"
    not_a_model.mkdir()
    folder = tmp_path / "cache" / "onnx" / "x"
    outcome = onnx_export.export_in_child(str(not_a_model), folder, lambda f, m: None)
    assert outcome.status == "unavailable"
    assert "Cannot load the model" in outcome.message
    assert not folder.exists()


@pytest.fixture
def cls_pooling_model(tmp_path) -> Path:
    """The packaged model with CLS pooling: a layout the fast encoder does not run."""
    source = packaged_model_path()
    folder = tmp_path / "cls-model"
    (folder / "1_Pooling").mkdir(parents=True)
    for path in source.iterdir():
        if path.is_file():
            os.symlink(path, folder / path.name)
    config = json.loads((source / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    config.update(pooling_mode_cls_token=True, pooling_mode_mean_tokens=False)
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def test_a_model_the_fast_encoder_cannot_run_is_served_by_torch(cls_pooling_model, tmp_path):
    folder = tmp_path / "cache" / "onnx" / "x"
    outcome = onnx_export.export_in_child(str(cls_pooling_model), folder, lambda f, m: None)
    assert outcome.status == "unsuited"
    assert not folder.exists()

    import warnings

    engine = SimilarityEngine(cls_pooling_model, cache_dir=tmp_path / "cache")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not a failure: nothing to warn about
        engine.load()
    assert engine.backend == "torch"
    library = engine._loaded_model().encode(WORDS, normalize_embeddings=True)
    assert np.allclose(engine.embed(WORDS), library, atol=1e-5)


def test_the_child_ends_when_its_parent_does(tmp_path):
    """The child's side alone: its standard input closing makes it exit at once."""
    model, folder = str(packaged_model_path()), str(tmp_path / "onnx" / "x")
    child = subprocess.Popen(
        [sys.executable, "-m", "game.engine.export", "--end-with-parent", model, folder],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert child.stdout is not None
        first = child.stdout.readline()  # it has started, and is importing torch
        assert first.startswith(onnx_export.PROGRESS_PREFIX)
        assert child.stdin is not None
        child.stdin.close()
        assert child.wait(timeout=5) == onnx_export.FAILED
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    assert not (tmp_path / "onnx" / "x").exists()


def test_garbled_progress_lines_are_skipped():
    said = []
    onnx_export._relay("0.35 Loading sentence-transformers\n", lambda f, m: said.append((f, m)))
    onnx_export._relay("not-a-number something", lambda f, m: said.append((f, m)))
    assert said == [(0.35, "Loading sentence-transformers")]


def test_the_ranking_method_loads_while_the_encoder_is_exported(engine, tmp_path, monkeypatch):
    fresh = SimilarityEngine(cache_dir=tmp_path / "cache")
    assert fresh.method.second_weight  # the default method needs the second encoder
    seen = {}

    def export_when_the_second_encoder_is_open(location, folder, report):
        deadline = time.monotonic() + 60
        while fresh._parts._second is None and time.monotonic() < deadline:
            time.sleep(0.01)
        seen["second encoder open during the export"] = fresh._parts._second is not None
        # What the child would have written:
        shutil.copytree(engine._transformer.onnx.folder, folder)
        return onnx_export.ExportOutcome("exported")

    monkeypatch.setattr(onnx_export, "export_in_child", export_when_the_second_encoder_is_open)
    fresh.load()
    assert seen == {"second encoder open during the export": True}
    assert fresh.backend == "onnxruntime"
    assert np.allclose(fresh.embed(WORDS), engine.embed(WORDS), atol=1e-6)
