"""How fast a novel clue could ever be ranked here with exact vectors: the memory floor.

A new clue needs one forward pass of the transformer. For a clue of a few tokens that is
matrix-vector work: every dense weight (float32, so the vectors stay the library's) is
read once, and the token table only at the clue's rows. With the caches cold (as after
typing, or after the naive call of `bench/latency.py`, which fills them with torch's own
copy) those bytes come from main memory. This script prints:

- the bytes one clue reads, from the exported model in the cache;
- how long this machine takes to read that many bytes from main memory, on one core and
  on all cores at once (numpy sums over buffers evicted from the caches first);
- the ONNX Runtime forward pass for one clue, cold and warm, and the naive approach;
- the best speed-up over naive that such a forward pass leaves, before the second encoder
  and the rest of `rank` are counted.

Usage: python bench/latency_floor.py [--clues 200]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import format_header, format_table, machine_info, percentiles

# Larger than any CPU cache: sweeping it evicts whatever was cached before.
EVICTION_BYTES = 512 * 2**20


def dense_weight_bytes(model_file: Path) -> tuple[int, int]:
    """(bytes of the weights one clue reads, bytes of the token table it reads rows of)."""
    import onnx

    model = onnx.load(str(model_file), load_external_data=False)
    sizes = []
    for tensor in model.graph.initializer:
        count = int(np.prod(tensor.dims)) if tensor.dims else 1
        itemsize = np.dtype(onnx.helper.tensor_dtype_to_np_dtype(tensor.data_type)).itemsize
        sizes.append((count * itemsize, tensor.name))
    # The token table is the largest tensor; a clue reads a few of its rows.
    table = max(sizes)
    return sum(size for size, _ in sizes) - table[0], table[0]


def read_seconds(buffer: np.ndarray, evict: np.ndarray, threads: int, rounds: int) -> float:
    """Median seconds to sum `buffer` from main memory, split over `threads` threads."""
    parts = np.array_split(buffer, threads)
    samples = []
    for _ in range(rounds):
        evict.sum()  # the buffer is now out of every cache
        started = time.perf_counter()
        if threads == 1:
            parts[0].sum()
        else:
            workers = [threading.Thread(target=part.sum) for part in parts]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        samples.append(time.perf_counter() - started)
    return float(np.median(samples))


def main(argv: list[str] | None = None) -> int:
    """Measure the memory floor of one clue and print it beside the real timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=200, help="clues to time (200)")
    args = parser.parse_args(argv)

    from game.engine import SimilarityEngine
    from game.paths import ASSETS_DIR

    engine = SimilarityEngine(method="cosine")
    engine.load()
    encoder = engine._transformer.onnx
    if encoder is None:
        print("ONNX Runtime does not serve this model here: nothing to measure.")
        return 1
    dense, table = dense_weight_bytes(encoder.folder / "model.onnx")

    evict = np.ones(EVICTION_BYTES // 4, dtype=np.float32)
    weights_like = np.ones(dense // 4, dtype=np.float32)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    one_core = read_seconds(weights_like, evict, 1, 30)
    all_cores = read_seconds(weights_like, evict, cores, 30) if cores > 1 else one_core

    vocabulary = (ASSETS_DIR / "clue_vocab.txt").read_text(encoding="utf-8").split()[:5000]
    rng = random.Random(5)
    stack = rng.sample(vocabulary, 30)
    words = rng.sample(vocabulary, 2 * args.clues)
    model = engine._loaded_model()  # the naive approach: torch, as in bench/latency.py

    cold, warm, naive = [], [], []
    for word in words[: args.clues]:
        started = time.perf_counter()
        model.encode([word, *stack], convert_to_tensor=True)
        naive.append(time.perf_counter() - started)
        started = time.perf_counter()
        encoder.encode([word])
        cold.append(time.perf_counter() - started)
    for word in words[args.clues :]:
        started = time.perf_counter()
        encoder.encode([word])
        warm.append(time.perf_counter() - started)

    def ms(samples: list[float]) -> dict[str, float]:
        return percentiles([s * 1000 for s in samples], (50, 95))

    floor_ms = min(one_core, all_cores) * 1000
    naive_ms = ms(naive)["p50"]
    print(
        format_header(
            "Wordstack: the memory floor of a novel clue",
            {
                **machine_info(),
                "model": engine.model_id,
                "dense weights read per clue": f"{dense / 2**20:.1f} MB (float32)",
                "token table (rows only)": f"{table / 2**20:.1f} MB",
                "clues timed": args.clues,
            },
        )
    )
    print()
    rows = [
        ["read the dense weights' bytes from memory, 1 core", one_core * 1000, ""],
        [f"the same on {cores} cores at once", all_cores * 1000, ""],
        ["ONNX Runtime forward, one clue, after the naive call", ms(cold)["p50"], ms(cold)["p95"]],
        ["ONNX Runtime forward, one clue, back to back", ms(warm)["p50"], ms(warm)["p95"]],
        ["naive encode(clue + 30-word stack), torch", naive_ms, ms(naive)["p95"]],
    ]
    print(format_table(["what (ms)", "median", "p95"], rows))
    print(
        f"\nbest speed-up a float32 forward pass allows: {naive_ms / floor_ms:.1f}x at the floor"
        f" ({naive_ms:.1f} / {floor_ms:.2f} ms); {naive_ms / ms(cold)['p50']:.1f}x with the"
        " forward pass as measured, before the second encoder and the ranking itself"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
