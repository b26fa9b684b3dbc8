"""Clue -> ranking latency of the engine, against the naive sentence-transformers approach.

For each of N clues never seen before, the engine's `rank(clue, stack)` (stack embeddings
cached, as in the game) and the naive `encode([clue, *stack])` + `cos_sim` are timed one
after the other, in alternating order, so both meet the same machine load; the speed-up
is taken from these. Then N other novel clues by the engine alone, one after another (no
torch call between to fill the caches with its weights), 60 novel clues each after half a
second idle (as a player meets them: the weights read by the last pass have left the
CPU's caches by then), and clues already in the memory cache (the clue vocabulary, as the
AI and hints use it).

Usage: python bench/latency.py [--clues 300] [--stack 30] [--seed 7] [--model NAME]
                               [--template 'The word "{}"'] [--method NAME]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import format_header, format_table, machine_info, percentiles

# The targets (ms) for a 30-word stack.
TARGET_NOVEL_P95 = 8.0
TARGET_SPEED_UP_P50 = 10.0
TARGET_CACHED_P95 = 1.0
IDLE_CLUES = 60  # clues timed after a pause, as a player types them
IDLE_SECONDS = 0.5


def _ms(samples: list[float]) -> list[float]:
    return [s * 1000 for s in samples]


def _row(name: str, samples_ms: list[float]) -> list[object]:
    p = percentiles(samples_ms, (50, 95, 99))
    return [name, p["p50"], p["p95"], p["p99"], max(samples_ms)]


def main(argv: list[str] | None = None) -> int:
    """Measure load time and warm clue latency of both approaches, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=300, help="different clues to time (300)")
    parser.add_argument("--stack", type=int, default=30, help="words on the stack (30)")
    parser.add_argument("--seed", type=int, default=7, help="seed for picking words (7)")
    parser.add_argument("--model", help="sentence-transformers model name or folder")
    parser.add_argument(
        "--template",
        default="{}",
        help="wrap every text, e.g. 'The word \"{}\"' for ~10-token texts ({})",
    )
    parser.add_argument("--method", help="ranking method (default: the engine's default)")
    args = parser.parse_args(argv)
    if "{}" not in args.template:
        parser.error("--template must contain {}")

    started = time.perf_counter()
    from game.engine import SimilarityEngine
    from game.paths import ASSETS_DIR
    from game.words import load_pack

    engine = SimilarityEngine(args.model, method=args.method)
    engine.load()
    load_seconds = time.perf_counter() - started
    torch_at_load = "torch" in sys.modules

    def wrap(words: list[str]) -> list[str]:
        return [args.template.format(word) for word in words]

    rng = random.Random(args.seed)
    pack = load_pack("default").words
    stack = wrap(rng.sample(pack, args.stack))
    engine.embed_pack(stack)  # the game embeds its pack once at start
    # Clues never seen before, so every timing includes encoding the clue.
    vocabulary = (ASSETS_DIR / "clue_vocab.txt").read_text(encoding="utf-8").split()
    unseen = sorted(set(vocabulary[:5000]) - set(pack))
    picked = rng.sample(unseen, args.clues * 3 + IDLE_CLUES)
    clues, cached_clues = wrap(picked[: args.clues]), wrap(picked[args.clues : 2 * args.clues])
    alone_clues = wrap(picked[2 * args.clues : 3 * args.clues])
    idle_clues = wrap(picked[3 * args.clues :])
    engine.embed(cached_clues)  # as the clue vocabulary is, once prepared

    # The naive way: the library's encode of the clue and the whole stack on every clue,
    # with torch's default threads.
    from sentence_transformers import util

    model = engine._loaded_model()

    def naive(clue: str) -> None:
        vectors = model.encode([clue, *stack], convert_to_tensor=True)
        scores = util.cos_sim(vectors[0], vectors[1:])[0]
        sorted(zip(stack, scores.tolist(), strict=True), key=lambda pair: -pair[1])

    for clue in wrap(["warm", "up", "the", "engine"]):
        engine.rank(clue, stack)
        naive(clue)

    engine_times: list[float] = []
    naive_times: list[float] = []
    for number, clue in enumerate(clues):
        runs = [(engine_times, engine.rank), (naive_times, naive)]
        for samples, run in runs if number % 2 == 0 else reversed(runs):
            t0 = time.perf_counter()
            run(clue) if run is naive else run(clue, stack)
            samples.append(time.perf_counter() - t0)

    cached_times = []
    # The engine alone, one novel clue after another. Interleaved, each call follows the
    # naive call's torch work, which leaves the CPU caches full of its own weights.
    alone_times = []
    for clue in alone_clues:
        t0 = time.perf_counter()
        engine.rank(clue, stack)
        alone_times.append(time.perf_counter() - t0)

    # As a player meets it: each clue after a pause (typing), when the weights the last
    # pass read have left the CPU's caches.
    idle_times = []
    for clue in idle_clues:
        time.sleep(IDLE_SECONDS)
        t0 = time.perf_counter()
        engine.rank(clue, stack)
        idle_times.append(time.perf_counter() - t0)

    for clue in cached_clues:
        t0 = time.perf_counter()
        engine.rank(clue, stack)
        cached_times.append(time.perf_counter() - t0)

    engine_ms, naive_ms, cached_ms = _ms(engine_times), _ms(naive_times), _ms(cached_times)
    load = getattr(os, "getloadavg", lambda: (float("nan"),) * 3)()
    print(
        format_header(
            "Wordstack clue latency",
            {
                **machine_info(),
                "load average (1 min)": f"{load[0]:.2f} (the machine may be shared)",
                "model": engine.model_id,
                "engine backend": engine.backend,
                "template": repr(args.template),
                "ranking method": engine.method.name,
                "stack words": args.stack,
                "clues timed": len(clues),
                "seed": args.seed,
                "engine load (s)": f"{load_seconds:.2f} (imports + weights + checks + warm-up"
                f"{'; torch imported' if torch_at_load else '; no torch'})",
            },
        )
    )
    print()
    print(
        format_table(
            ["approach (ms)", "median", "p95", "p99", "max"],
            [
                _row("engine.rank, novel clue (stack cached)", engine_ms),
                _row("naive encode(clue + stack) + cos_sim", naive_ms),
                _row("engine.rank, novel clue, engine alone", _ms(alone_times)),
                _row(f"engine.rank, novel clue after {IDLE_SECONDS:g} s idle", _ms(idle_times)),
                _row("engine.rank, clue already cached", cached_ms),
            ],
        )
    )
    p50 = {name: percentiles(ms, (50,))["p50"] for name, ms in (("e", engine_ms), ("n", naive_ms))}
    ratio = p50["n"] / p50["e"]
    novel_p95 = percentiles(engine_ms, (95,))["p95"]
    cached_p95 = percentiles(cached_ms, (95,))["p95"]
    print(f"\nspeed-up at the median (naive / engine, interleaved): {ratio:.1f}x")
    checks = [
        (
            f"novel clue p95 <= {TARGET_NOVEL_P95:g} ms",
            f"{novel_p95:.2f} ms",
            novel_p95 <= TARGET_NOVEL_P95,
        ),
        (
            f"speed-up >= {TARGET_SPEED_UP_P50:g}x at p50",
            f"{ratio:.1f}x",
            ratio >= TARGET_SPEED_UP_P50,
        ),
        (
            f"cached clue p95 <= {TARGET_CACHED_P95:g} ms",
            f"{cached_p95:.3f} ms",
            cached_p95 <= TARGET_CACHED_P95,
        ),
    ]
    print("targets (timings depend on the machine's load):")
    for target, measured, met in checks:
        print(f"  {target}: {measured}, {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
