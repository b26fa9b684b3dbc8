"""The memory-floor benchmark counts the bytes a clue reads from the real exported model."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent.parent / "bench" / "latency_floor.py"


def _load_bench():
    sys.path.insert(0, str(BENCH.parent))  # for its `_common`
    spec = importlib.util.spec_from_file_location("bench_latency_floor", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def test_the_token_table_is_set_apart_from_the_dense_weights(cosine_engine):
    encoder = cosine_engine._transformer.onnx
    dense, table = bench.dense_weight_bytes(encoder.folder / "model.onnx")
    vocabulary = encoder._tokenizer.get_vocab_size()
    assert table == vocabulary * encoder.dimension * 4  # float32 rows, one per token
    # All of the model's float32 weights, the table included, are in these two figures.
    weights_file = (encoder.folder / "weights.bin").stat().st_size
    assert 0.9 * weights_file < dense + table <= weights_file + 2**20


def test_reading_gives_a_positive_time_on_one_thread_and_several():
    buffer = np.ones(2**20, dtype=np.float32)
    evict = np.ones(2**22, dtype=np.float32)
    assert bench.read_seconds(buffer, evict, 1, 3) > 0
    assert bench.read_seconds(buffer, evict, 2, 3) > 0
