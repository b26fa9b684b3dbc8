"""Memory of a long desktop session: the real game played for an hour with novel clues.

A fresh process opens the real game headless (SDL dummy driver) and plays Arcade as a
person who types a clue the engine has never seen every `--clue-seconds` (misspellings,
phrases, invented words from `_novel.py`, always legal), with half of them common words,
starting a new game whenever one ends. Its RSS is read every `--every` seconds; the table
shows the growth. The engine's vector cache is bounded in bytes, so the RSS must level off.

Usage: python bench/memory.py [--minutes 60] [--clue-seconds 1.5] [--every 60]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import format_header, format_table, machine_info

CHILD = """
import json, random, sys, time
sys.path.insert(0, sys.argv[4])
import pygame
from game.engine import tuning
tuning.tune_process()
from game.ui.app import App, PlayOptions
from _novel import known_texts, novel_clue, vocabulary

def rss_mb():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024

minutes, clue_seconds, every = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
rng = random.Random(20261206)
known = known_texts()
common = vocabulary()[:3000]
app = App(PlayOptions(skip_title=True, seed=1))
start = time.time()
end = start + minutes * 60
next_clue = next_sample = start
clues = games = 0
while time.time() < end:
    app.frame(app.clock.tick(30) / 1000.0)
    now = time.time()
    scene = app.scene
    if scene.name == "gameover":  # a new game: Enter on "Play again"
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0,
                                             unicode="\\r", scancode=0))
        games += 1
    elif scene.name == "play" and now >= next_clue and not scene.pending:
        words = scene.state.words
        clue = novel_clue(rng, words, known) if clues % 2 == 0 else rng.choice(common)
        scene.entry.set_text(clue)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0,
                                             unicode="\\r", scancode=0))
        clues += 1
        next_clue = now + clue_seconds
    if now >= next_sample:
        print("SAMPLE " + json.dumps({"minute": round((now - start) / 60, 2), "rss_mb": rss_mb(),
              "clues": clues, "games": games}), flush=True)
        next_sample = now + every
print("SAMPLE " + json.dumps({"minute": round((time.time() - start) / 60, 2), "rss_mb": rss_mb(),
      "clues": clues, "games": games}), flush=True)
tuning.exit_now(0)
"""


def main(argv: list[str] | None = None) -> int:
    """Run the session in a child process and print its RSS over time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="session length (60)")
    parser.add_argument("--clue-seconds", type=float, default=1.5, help="a clue every (1.5 s)")
    parser.add_argument("--every", type=float, default=60.0, help="RSS sample every (60 s)")
    args = parser.parse_args(argv)
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", HF_HUB_OFFLINE="1")
    root = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = f"{root}{os.pathsep}{env.get('PYTHONPATH', '')}"
    command = [sys.executable, "-c", CHILD, str(args.minutes), str(args.clue_seconds),
               str(args.every), str(Path(__file__).resolve().parent)]  # fmt: skip
    info = machine_info()
    started = time.time()
    output = subprocess.run(command, env=env, capture_output=True, text=True,
                            timeout=args.minutes * 60 + 600, check=False)  # fmt: skip
    samples = [json.loads(line[7:]) for line in output.stdout.splitlines()
               if line.startswith("SAMPLE ")]  # fmt: skip
    if output.returncode != 0 or not samples:
        print(output.stderr[-2000:], file=sys.stderr)
        return 1
    info["load average after"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    info["wall minutes"] = f"{(time.time() - started) / 60:.1f}"
    print(format_header("Desktop memory over a long session (novel clues)", info))
    rows = [[s["minute"], f"{s['rss_mb']:.0f}", s["clues"], s["games"]] for s in samples]
    print(format_table(["minute", "RSS MB", "clues typed", "games ended"], rows))
    peak = max(s["rss_mb"] for s in samples)
    settled = [s["rss_mb"] for s in samples if s["minute"] >= min(10, args.minutes / 2)]
    print(f"\npeak RSS {peak:.0f} MB; from minute {min(10, args.minutes / 2):g} on: "
          f"{min(settled, default=peak):.0f}-{max(settled, default=peak):.0f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
