"""CPU cost of screens that stand still: the app's own loop, each screen for a few seconds.

Usage: python bench/idle.py [--seconds 6] [--size 1600x1000] [--screens title,arcade,...]
Runs under the current display (set DISPLAY, e.g. `xvfb-run -s "-screen 0 1920x1080x24"`;
without one it uses SDL's dummy driver, which measures no real drawing cost).
Target: <= 5% of one core on every static screen.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from _common import format_header, format_table, machine_info

if TYPE_CHECKING:
    from game.ui.app import App

SETTLE_SECONDS = 1.5  # the screen's opening animation plays before the measurement
SCREENS = ("title", "arcade", "pause", "blocks", "lab-sample", "lab-steps", "lab-challenges")


def _loop(app: App) -> Callable[[], None]:
    """One turn of the app's own loop (the paced step, or a plain 60 fps frame before it)."""
    step = getattr(app, "step", None)
    if step is not None:
        return step
    import pygame

    clock = pygame.time.Clock()
    return lambda: app.frame(min(clock.tick(60) / 1000.0, 0.25))


def _open(app: App, name: str) -> None:
    from game.ui import navigation

    if name == "title":
        app.open(navigation.Title())
    elif name in ("arcade", "pause"):
        app.open(navigation.Play(5, "arcade"))
        if name == "pause":
            app.scene.pause()  # type: ignore[union-attr]
    elif name == "blocks":
        app.open(navigation.Play(5, "blocks"))
    elif name.startswith("lab"):
        app.open(navigation.Lab())
        page = name.removeprefix("lab-")
        if page != "sample" and hasattr(app.scene, "show_page"):
            app.scene.show_page(page)
    else:
        raise SystemExit(f"unknown screen {name!r}; choose from {', '.join(SCREENS)}")


def measure(
    app: App, name: str, seconds: float, settle_seconds: float = SETTLE_SECONDS
) -> tuple[float, int]:
    """Process CPU % of one core on screen `name` over `seconds`, and the frames drawn."""
    turn = _loop(app)
    _open(app, name)
    settle = time.monotonic() + settle_seconds
    while time.monotonic() < settle:
        turn()
    drawn = len(app.frame_seconds)
    cpu, wall = time.process_time(), time.monotonic()
    while time.monotonic() - wall < seconds:
        turn()
    used = (time.process_time() - cpu) / (time.monotonic() - wall)
    return 100 * used, len(app.frame_seconds) - drawn


def main(argv: list[str] | None = None) -> int:
    """Open each screen and print its CPU cost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds per screen (6)")
    parser.add_argument("--size", default="1600x1000", help="window size (1600x1000)")
    parser.add_argument("--screens", default=",".join(SCREENS), help="screens to measure")
    parser.add_argument(
        "--settle",
        type=float,
        default=SETTLE_SECONDS,
        help=f"seconds on each screen before measuring ({SETTLE_SECONDS}; the clue box's "
        "cursor blinks for its first 10 s)",
    )
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())

    from game.engine import tuning

    tuning.tune_process()
    os.environ.setdefault(
        "WORDSTACK_DATA_DIR", str(Path(os.environ.get("TMPDIR", "/tmp")) / "wordstack-bench-data")
    )
    from game.ui.app import App, PlayOptions

    app = App(PlayOptions(seed=5, size=(width, height)))
    # The model, the pack and the clue vocabulary are ready before anything is measured:
    # their one-time work is not a static screen's cost.
    app.worker.start_loading().result()
    app.worker.prepare_pack(app.services.pack.words).result()
    app.worker.prepare_vocabulary().result()
    rows = []
    for name in args.screens.split(","):
        percent, frames = measure(app, name.strip(), args.seconds, args.settle)
        rows.append([name.strip(), round(percent, 1), frames, round(frames / args.seconds, 1)])
    driver = __import__("pygame").display.get_driver()
    app.close()
    print(
        format_header(
            "Wordstack idle CPU (process CPU time over wall time, all threads)",
            {
                **machine_info(),
                "video driver": driver,
                "window": f"{width}x{height}",
                "seconds per screen": f"{args.seconds:g} (after {args.settle:g} s on it)",
                "load average before": load,
                "paced loop": "yes" if hasattr(App, "step") else "no (60 fps every frame)",
            },
        )
    )
    print()
    print(format_table(["screen", "CPU % of a core", "frames drawn", "frames/s"], rows))
    print("\ntarget: <= 5% of a core on each static screen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
