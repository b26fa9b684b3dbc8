"""Time `results verify` on a class's worth of results: 30 files of 3-minute games.

The files are real games: the AI player (game.cluegen through the real engine)
plays a 3-minute challenge 30 times at different temperatures and paces. Then a
fresh engine (nothing in its memory cache, as in a new `wordstack results verify`
process) verifies all 30; the total is the figure (target: at most 10 s on 2 cores).

Usage: python bench/verify.py [--files 30] [--minutes 3] [--repeats 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
from _common import format_header, format_table, machine_info, percentiles

TARGET_SECONDS = 10.0


def make_files(folder: Path, count: int, minutes: int) -> tuple[int, float]:
    """Play `count` AI rounds of one challenge into `folder`; returns (clues, seconds)."""
    from game.classroom import create_challenge, make_result, model_info, write_result
    from game.classroom.autoplay import play_round
    from game.engine import SimilarityEngine

    engine = SimilarityEngine()
    engine.load()
    challenge = create_challenge("default", minutes=minutes, seed=2026)
    model = model_info(engine)
    started = time.perf_counter()
    clues = 0
    for i in range(count):
        played = play_round(
            challenge, engine, temperature=0.2 + 0.05 * i, seed=i, clue_seconds=2.5 + (i % 5)
        )
        result = make_result(challenge, f"Player {i + 1}", model, played.replay)
        write_result(result, folder)
        clues += result.clues
        print(f"  played {i + 1}/{count}: score {result.score}, {result.clues} clues", flush=True)
    return clues, time.perf_counter() - started


def time_verification(files: list[Path]) -> tuple[float, float, float, int]:
    """(load seconds, verify seconds, verify CPU seconds, accepted) with a fresh engine."""
    from game.classroom import verify_files
    from game.engine import SimilarityEngine

    started = time.perf_counter()
    engine = SimilarityEngine()
    engine.load()
    loaded = time.perf_counter()
    cpu = time.process_time()
    accepted, rejected = verify_files(engine, files)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    for rejection in rejected:
        print(f"  rejected {rejection.path.name}: {rejection.reason}", file=sys.stderr)
    return loaded - started, done - loaded, cpu, len(accepted)


def main(argv: list[str] | None = None) -> int:
    """Make the files, verify them `--repeats` times, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=30, help="result files (30)")
    parser.add_argument("--minutes", type=int, default=3, help="round length (3)")
    parser.add_argument("--repeats", type=int, default=3, help="verification runs (3)")
    parser.add_argument("--keep", type=Path, help="keep the result files in this folder")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        files = sorted(folder.glob("*.json"))
        if len(files) < args.files:
            print(f"Playing {args.files} rounds of {args.minutes} minutes with the AI player...")
            clues, played_seconds = make_files(folder, args.files - len(files), args.minutes)
            print(f"  {clues} clues in {played_seconds:.1f} s of simulated play")
        files = sorted(folder.glob("*.json"))[: args.files]
        runs, cpus = [], []
        for run in range(args.repeats):
            load, verify, cpu, accepted = time_verification(files)
            runs.append(verify)
            cpus.append(cpu)
            print(
                f"  run {run + 1}: model load {load:.1f} s, verify {verify:.2f} s "
                f"({cpu:.2f} CPU s), {accepted}/{len(files)} accepted",
                flush=True,
            )

    spread = percentiles(runs, (50,))
    print()
    print(
        format_header(
            "results verify benchmark",
            {
                **machine_info(),
                "files": len(files),
                "round": f"{args.minutes} min",
                "load average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
                "note": "machine shared with other developers: timings are noisy",
            },
        )
    )
    print()
    print(
        format_table(
            ["measure", "seconds"],
            [
                ["verify all files, median of runs", round(spread["p50"], 2)],
                ["verify all files, best run", round(min(runs), 2)],
                ["verify all files, worst run", round(max(runs), 2)],
                ["per file, median", round(spread["p50"] / len(files), 3)],
                ["CPU seconds of the process, median", round(float(np.median(cpus)), 2)],
            ],
        )
    )
    verdict = "met" if spread["p50"] <= TARGET_SECONDS else "NOT met"
    print(f"\ntarget <= {TARGET_SECONDS:g} s for {len(files)} files: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
