"""Start-up of the game: seconds from launch to a playable game, and to all background work
done, on a first run (empty cache) and with the caches in place; memory of the running game.

Each run is a fresh process (imports included) that opens the real game window headless
at the default size, skips the title screen, and reports when the play screen appears and
when the clue vocabulary is ready; the first run uses a new empty cache folder, the next
ones reuse it. Then the AI plays for `--play-seconds` (clues, hints' vocabulary, the
screens of a real game) and the memory is read again: the RSS of a game in progress. The
first run's export of the fast encoder runs in a child process: its peak is shown apart.

Usage: python bench/startup.py [--cached-runs 3] [--play-seconds 60] [--keep-cache DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import format_header, format_table, machine_info, percentiles

# Run in the child: the game as `wordstack play` builds it, driven frame by frame.
CHILD = """
import json, os, resource, sys, time
from game.engine import tuning
tuning.tune_process()
from game.ui.app import App, PlayOptions
def rss_mb():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
app = App(PlayOptions(skip_title=True, seed=1, ai=True))
stamps = {}
deadline = time.time() + float(sys.argv[1])
while time.time() < deadline:
    app.frame(app.clock.tick(60) / 1000.0)
    if "playable" not in stamps and app.scene.name == "play":
        stamps["playable"] = time.time()
    if "playable" in stamps and app.worker.vocabulary_ready:
        stamps["background_done"] = time.time()
        break
stamps["rss_mb"] = rss_mb()
played = time.time() + float(sys.argv[2])
while time.time() < played:
    app.frame(app.clock.tick(60) / 1000.0)
stamps["rss_played_mb"] = rss_mb()
stamps["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# The first run's export runs in a child process of the game: its peak, separately.
stamps["child_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
stamps["backend"] = app.worker.engine.backend
stamps["torch_imported"] = "torch" in sys.modules
stamps["error"] = app.worker.error
print("STARTUP " + json.dumps(stamps), flush=True)
tuning.exit_now(0)
"""


def run_once(cache: Path, timeout: float, play_seconds: float) -> dict[str, object]:
    """One game start in a fresh process; seconds are counted from before its launch."""
    env = dict(os.environ, WORDSTACK_CACHE_DIR=str(cache), SDL_VIDEODRIVER="dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    with tempfile.TemporaryDirectory() as data:
        env["WORDSTACK_DATA_DIR"] = data
        launched = time.time()
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(timeout), str(play_seconds)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout + play_seconds + 30,
        )
    line = next((x for x in result.stdout.splitlines() if x.startswith("STARTUP ")), None)
    if line is None:
        raise RuntimeError(f"the game did not report:\n{result.stderr[-2000:]}")
    stamps = json.loads(line.removeprefix("STARTUP "))
    for key in ("playable", "background_done"):
        if key in stamps:
            stamps[key] = stamps[key] - launched
    return stamps


def main(argv: list[str] | None = None) -> int:
    """Time a first run and a few cached runs, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cached-runs", type=int, default=3, help="runs with caches (3)")
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds per run (240)")
    parser.add_argument(
        "--play-seconds", type=float, default=60.0, help="seconds of AI play before the last RSS"
    )
    parser.add_argument("--keep-cache", type=Path, help="use (and keep) this cache folder")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        cache = args.keep_cache or Path(scratch) / "cache"
        first = run_once(cache, args.timeout, args.play_seconds)
        cached = [run_once(cache, args.timeout, args.play_seconds) for _ in range(args.cached_runs)]

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        format_header(
            "Wordstack start-up",
            {
                **machine_info(),
                "load average (1 min)": f"{load:.2f} (the machine may be shared)",
                "cached runs": args.cached_runs,
            },
        )
    )
    print()
    rows = []
    for name, run in [("first run (empty cache)", first)] + [
        (f"with caches #{i + 1}", run) for i, run in enumerate(cached)
    ]:
        rows.append(
            [
                name,
                _seconds(run.get("playable")),
                _seconds(run.get("background_done")),
                float(run["rss_mb"]),
                float(run["rss_played_mb"]),
                float(run["peak_rss_mb"]),
                float(run["child_peak_rss_mb"]),
                f"{run['backend']}{' + torch' if run['torch_imported'] else ''}",
            ]
        )
    print(
        format_table(
            [
                "run",
                "playable (s)",
                "all done (s)",
                "RSS (MB)",
                f"RSS after {args.play_seconds:g} s of play",
                "peak RSS (MB)",
                "export process peak (MB)",
                "encoder",
            ],
            rows,
        )
    )
    playable = [float(run["playable"]) for run in cached if "playable" in run]
    if playable:
        print(f"\nwith caches, playable: median {percentiles(playable, (50,))['p50']:.2f} s")
    errors = [run["error"] for run in (first, *cached) if run.get("error")]
    for error in errors:
        print(f"error: {error}")
    return 1 if errors else 0


def _seconds(value: object) -> object:
    return float(value) if isinstance(value, (int, float)) else "not reached"


if __name__ == "__main__":
    sys.exit(main())
