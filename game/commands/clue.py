"""`wordstack clue`: let the model suggest clues for a target by temperature sampling."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from game.commands.common import (
    add_method_option,
    add_model_option,
    bounded_int,
    fail,
    finite_float,
    output_file_problem,
    seed_type,
)

DEFAULT_SAMPLES = 5
MAX_SAMPLES = 10_000  # each sample is a printed line; more is a mistake, not a request
MAX_TOP_K = 1_000_000
PLOT_TEMPERATURES = (0.2, 0.7, 1.5, 3.0)
PLOT_SIZE = (1400, 1000)


def register(subparsers: Any) -> None:
    """Add the `clue` subcommand."""
    from game.cluegen import DEFAULT_TEMPERATURE

    parser = subparsers.add_parser(
        "clue",
        help="sample clues for a target word with a temperature",
        description="Sample N clues for TARGET on a stack, one 'clue<TAB>probability' line "
        "each (its probability in the distribution at that temperature). T = 0 always "
        "gives the best clue; higher T gives more variety and more misses.",
    )
    parser.add_argument("target", metavar="TARGET", help="the word the clue should point to")
    parser.add_argument(
        "--stack",
        metavar="W",
        nargs="+",
        required=True,
        help="the other words on the stack (the target is added if missing)",
    )
    parser.add_argument(
        "--temperature",
        "-t",
        type=finite_float(0),
        default=DEFAULT_TEMPERATURE,
        metavar="T",
        help=f"sampling temperature >= 0; 0 is argmax (default {DEFAULT_TEMPERATURE})",
    )
    parser.add_argument(
        "-n",
        type=bounded_int(1, MAX_SAMPLES),
        default=DEFAULT_SAMPLES,
        metavar="N",
        help=f"clues to sample, 1 to {MAX_SAMPLES:,} ({DEFAULT_SAMPLES})",
    )
    parser.add_argument("--seed", type=seed_type(), metavar="S", help="random seed (reproducible)")
    parser.add_argument(
        "--top-k", type=bounded_int(1, MAX_TOP_K), metavar="K", help="keep only the K likeliest"
    )
    parser.add_argument(
        "--top-p",
        type=finite_float(0, 1),
        metavar="P",
        help="keep the likeliest clues totalling P (0 < P <= 1)",
    )
    parser.add_argument(
        "--plot",
        metavar="FILE.png",
        type=Path,
        help="also write a bar chart of the distribution at T = 0.2, 0.7, 1.5, 3.0",
    )
    add_model_option(parser)
    add_method_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the sampled clues (and write the plot)."""
    from game.clues import normalize_text

    target = normalize_text(args.target)
    stack = [normalize_text(w) for w in args.stack]
    if not target:
        return fail("the target is empty")
    if any(not w for w in stack):
        return fail("a stack word is empty")
    if args.top_p is not None and args.top_p <= 0:
        return fail(f"--top-p must be in (0, 1], not {args.top_p}")
    if args.plot is not None:
        problem = output_file_problem(args.plot, ".png")
        if problem:
            return fail(f"--plot {problem}")

    import numpy as np

    from game import cluegen
    from game.engine import shared_engine

    if target not in stack:
        stack.insert(0, target)
    engine = shared_engine(args.model, args.method)
    engine.load()
    try:
        scored = cluegen.score_candidates(engine, target, stack)
    except ValueError as exc:
        return fail(str(exc))
    p = scored.distribution(args.temperature, args.top_k, args.top_p)
    rng = np.random.default_rng(args.seed)
    for index in rng.choice(p.size, size=args.n, p=p).tolist():
        print(f"{scored.word(index)}\t{p[index]:.3f}")
    if args.plot is not None:
        try:
            write_plot(args.plot, scored, args.top_k, args.top_p)
        except OSError as exc:
            return fail(f"cannot write {args.plot}: {exc}")
        print(f"wrote {args.plot}", file=sys.stderr)
    return 0


def write_plot(
    path: Path, scored: Any, top_k: int | None = None, top_p: float | None = None
) -> None:
    """One PNG: the distribution at each plot temperature, in a 2 x 2 grid of bar charts."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # no window is ever opened
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep stdout to the clues
    import pygame

    from game import cluegen
    from game.paths import ASSETS_DIR
    from game.ui.chart import draw_distribution

    font = ASSETS_DIR / "fonts" / "DejaVuSans.ttf"
    font_path = str(font) if font.exists() else None
    pygame.font.init()
    width, height = PLOT_SIZE
    surface = pygame.Surface(PLOT_SIZE)
    surface.fill((255, 255, 255))
    header = pygame.font.Font(font_path, 26)
    others = ", ".join(w for w in scored.stack if w != scored.target)
    caption = f'Clues for "{scored.target}"  (stack: {others})'
    while header.size(caption)[0] > width - 40 and others:
        others = others[:-1]
        caption = f'Clues for "{scored.target}"  (stack: {others}…)'
    text = header.render(caption, True, (30, 30, 35))
    surface.blit(text, (20, 16))
    top = 16 + text.get_height() + 12
    gap = 16
    panel_w = (width - 3 * gap) // 2
    panel_h = (height - top - 2 * gap) // 2
    words = scored.words
    for i, temperature in enumerate(PLOT_TEMPERATURES):
        p = scored.distribution(temperature, top_k, top_p)
        rect = pygame.Rect(
            gap + (i % 2) * (panel_w + gap), top + (i // 2) * (panel_h + gap), panel_w, panel_h
        )
        draw_distribution(
            surface,
            rect,
            f"T = {temperature:g}",
            words,
            p.tolist(),
            font_path=font_path,
            entropy_bits=cluegen.entropy(p),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))
