"""The "Why?" screen's data: how long `engine.explain` takes, and what it says on 20 clues.

The engine, its pack and the 14k-word clue vocabulary are loaded and warm first, as in a
game; then each clue is explained on a fresh engine call (the nearest-word search over the
whole vocabulary included), timed, and its ranking and sentence printed.

Usage: python bench/explain.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import format_header, format_table, machine_info, percentiles

# (clue, stack, target): associations, look-alikes, phrases, made-up words, bias probes.
CASES = (
    ("horn", ("nut", "rhino", "car", "piano", "trumpet"), "rhino"),
    ("bark", ("dog", "tree", "boat", "violin", "moon"), "tree"),
    ("bank", ("river", "money", "chair", "cloud", "bread"), "river"),
    ("capital of australia", ("canberra", "sydney", "melbourne", "perth", "brisbane"), "canberra"),
    ("nurse", ("she", "he", "doctor", "hospital", "table"), "he"),
    ("engineer", ("she", "he", "bridge", "train", "flower"), "she"),
    ("flibbertigibbet", ("gossip", "owl", "bicycle", "storm", "cheese"), "gossip"),
    ("ice", ("penguin", "desert", "lemonade", "hockey", "fire"), "penguin"),
    ("crown", ("king", "tooth", "queen", "hat", "river"), "tooth"),
    ("mouse", ("cat", "computer", "cheese", "elephant", "lamp"), "computer"),
    ("hot dog", ("sausage", "puppy", "oven", "summer", "bun"), "puppy"),
    ("apple", ("fruit", "phone", "pie", "tree", "newton"), "newton"),
    ("jaguar", ("car", "cat", "jungle", "speed", "guitar"), "car"),
    ("spring", ("season", "coil", "water", "jump", "winter"), "coil"),
    ("pitch", ("tar", "football", "music", "tent", "sales"), "tent"),
    ("bat", ("cave", "baseball", "vampire", "night", "ball"), "baseball"),
    ("seal", ("envelope", "ocean", "wax", "fish", "door"), "wax"),
    ("glass", ("window", "cup", "eyes", "sand", "mirror"), "sand"),
    ("colour", ("paint", "rainbow", "grey", "music", "sound"), "grey"),
    ("moonshine", ("whisky", "night", "sun", "farmer", "lamp"), "whisky"),
)


def main(argv: list[str] | None = None) -> int:
    """Time explain on each case and print what it showed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per case (5)")
    args = parser.parse_args(argv)
    from game.cluegen import default_vocabulary
    from game.engine import shared_engine

    engine = shared_engine()
    engine.load()
    vocabulary = default_vocabulary()
    vectors = vocabulary.embeddings(engine)
    words = vocabulary.words
    load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())
    timings: list[float] = []
    first_calls: list[float] = []
    rows = []
    for clue, stack, target in CASES:
        for repeat in range(args.repeats):  # later calls: the clue's vectors are cached
            started = time.perf_counter()
            why = engine.explain(clue, stack, target=target, vocabulary=words,
                                 vocabulary_vectors=vectors)  # fmt: skip
            elapsed = (time.perf_counter() - started) * 1000
            (first_calls if repeat == 0 else timings).append(elapsed)
        ranking = " > ".join(f"{w.word} {w.score:.2f}" for w in why.words[:3])
        near = ", ".join(word for word, _ in why.nearest[:4])
        rows.append([clue, ranking, f"{target} #{next(w.rank for w in why.words if w.target)}",
                     near, why.sentence.replace("*", "")])  # fmt: skip
    info = machine_info()
    info["load average before / after"] = (
        f"{load_before} / {' '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )
    print(format_header("explain: the Why? screen's data", info))
    first = percentiles(first_calls, (50, 95))
    warm = percentiles(timings, (50, 95))
    print(format_table(["calls", "n", "p50 ms", "p95 ms", "max ms"], [
        ["first call of a clue (novel: encoded)", len(first_calls), f"{first['p50']:.1f}",
         f"{first['p95']:.1f}", f"{max(first_calls):.1f}"],
        ["again (the clue cached)", len(timings), f"{warm['p50']:.1f}",
         f"{warm['p95']:.1f}", f"{max(timings):.1f}"],
    ]))  # fmt: skip
    print()
    print(format_table(["clue", "top 3", "target", "nearest words", "what decided"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
