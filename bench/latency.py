"""Clue -> ranking latency of the engine, against the naive sentence-transformers approach.

Usage: python bench/latency.py [--clues 300] [--stack 30] [--seed 7] [--model NAME]
                              [--method NAME]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from _common import format_header, format_table, machine_info, percentiles


def _ms(samples: list[float]) -> list[float]:
    return [s * 1000 for s in samples]


def _row(name: str, samples_ms: list[float]) -> list[object]:
    p = percentiles(samples_ms, (50, 95, 99))
    return [name, p["p50"], p["p95"], p["p99"], max(samples_ms)]


def main(argv: list[str] | None = None) -> int:
    """Measure model load time and warm clue latency, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=300, help="different clues to time (300)")
    parser.add_argument("--stack", type=int, default=30, help="words on the stack (30)")
    parser.add_argument("--seed", type=int, default=7, help="seed for picking words (7)")
    parser.add_argument("--model", help="sentence-transformers model name or folder")
    parser.add_argument("--method", help="ranking method (default: the engine's default)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from game.engine import SimilarityEngine
    from game.paths import ASSETS_DIR as ASSETS
    from game.words import load_pack

    engine = SimilarityEngine(args.model, method=args.method)
    engine.load()
    load_seconds = time.perf_counter() - started

    rng = random.Random(args.seed)
    pack = load_pack("default").words
    stack = rng.sample(pack, args.stack)
    engine.embed_pack(pack)  # what the game does once at start
    # Clues never seen before, so every timing includes encoding the clue.
    vocabulary = (ASSETS / "clue_vocab.txt").read_text(encoding="utf-8").split()
    unseen = sorted(set(vocabulary[:5000]) - set(pack))
    clues = rng.sample(unseen, args.clues)

    for clue in ("warm", "up", "the", "engine"):
        engine.rank(clue, stack)
    engine_times = []
    for clue in clues:
        t0 = time.perf_counter()
        engine.rank(clue, stack)
        engine_times.append(time.perf_counter() - t0)

    # The naive way: encode the clue and the whole stack on every clue, default threads.
    import torch
    from sentence_transformers import util

    model = engine._loaded_model()
    torch.set_num_threads(os.cpu_count() or 1)
    naive_times = []
    for clue in clues:
        t0 = time.perf_counter()
        vectors = model.encode([clue, *stack], convert_to_tensor=True)
        scores = util.cos_sim(vectors[0], vectors[1:])[0]
        sorted(zip(stack, scores.tolist(), strict=True), key=lambda pair: -pair[1])
        naive_times.append(time.perf_counter() - t0)

    engine_ms, naive_ms = _ms(engine_times), _ms(naive_times)
    print(
        format_header(
            "Wordstack clue latency",
            {
                **machine_info(),
                "model": engine.model_id,
                "ranking method": engine.method.name,
                "stack words": args.stack,
                "clues timed": len(clues),
                "seed": args.seed,
                "model load (s)": f"{load_seconds:.2f} (imports + weights + warm-up)",
            },
        )
    )
    print()
    print(
        format_table(
            ["approach (ms)", "median", "p95", "p99", "max"],
            [
                _row("engine.rank (cached stack, 1 thread)", engine_ms),
                _row("naive encode(clue + stack), default threads", naive_ms),
            ],
        )
    )
    ratio = percentiles(naive_ms, (50,))["p50"] / percentiles(engine_ms, (50,))["p50"]
    print(f"\nspeed-up at the median: {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
