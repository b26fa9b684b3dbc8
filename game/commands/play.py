"""`wordstack play`: open the game window."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from game.commands.common import (
    add_method_option,
    add_model_option,
    fail,
    finite_float,
    output_file_problem,
    seed_type,
)
from game.modes import DEFAULT_MODE, MODES
from game.quoting import quoted

MAX_SIDE = 16384  # pixels: the largest window or screenshot side


def register(subparsers: Any) -> None:
    """Add the `play` subcommand."""
    parser = subparsers.add_parser(
        "play",
        help="open the game window",
        description="Open the Wordstack window. With SDL_VIDEODRIVER=dummy it runs headless; "
        "--max-seconds and --screenshot then let scripts drive the real game.",
    )
    parser.add_argument(
        "--mode",
        choices=list(MODES),
        default=DEFAULT_MODE.id,
        help="arcade (against the clock) or blocks (turn by turn); default arcade",
    )
    parser.add_argument("--pack", metavar="NAME|FILE", help="word pack: a bundled name or a file")
    parser.add_argument("--seed", type=seed_type(), help="seed: the same seed gives the same words")
    parser.add_argument(
        "--max-seconds",
        type=finite_float(0),
        metavar="S",
        help="end after S seconds of play (starts the game at once, skipping the title)",
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE", help="save the last frame as a PNG on exit"
    )
    parser.add_argument(
        "--size", default="1280x720", metavar="WxH", help="window size in pixels (1280x720)"
    )
    parser.add_argument(
        "--ai",
        action="store_true",
        help="let the AI play: it samples clues with a temperature and types them",
    )
    parser.add_argument(
        "--temperature",
        type=finite_float(0),
        default=0.7,
        metavar="T",
        help="the AI's sampling temperature, 0 = always its best clue (0.7)",
    )
    parser.add_argument(
        "--challenge",
        metavar="CODE",
        help="play a class challenge: an Arcade code is timed, a Blocks code has a turn "
        "limit; everyone gets the same words; with a custom pack give its file with --pack",
    )
    parser.add_argument(
        "--daily",
        action="store_true",
        help="play today's daily challenge: the same round for everyone on this UTC date; "
        "your first try counts, later ones are practice",
    )
    parser.add_argument(
        "--players",
        metavar='"ANA,BEN"',
        help="hot-seat: these players take turns at the challenge on this computer",
    )
    add_model_option(parser)
    add_method_option(parser)
    parser.set_defaults(handler=run)


def _size(text: str) -> tuple[int, int] | None:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        return None
    fits = 320 <= width <= MAX_SIDE and 240 <= height <= MAX_SIDE
    return (width, height) if fits else None


def run(args: argparse.Namespace) -> int:
    """Open the window and play; prints the final score on exit."""
    size = _size(args.size)
    if size is None:
        return fail(
            f"--size {quoted(args.size)} must look like 1280x720 "
            f"(from 320x240 to {MAX_SIDE}x{MAX_SIDE})"
        )
    if args.max_seconds is not None and args.max_seconds <= 0:
        return fail("--max-seconds must be more than 0")
    problem = args.screenshot and output_file_problem(args.screenshot, ".png")
    if problem:
        return fail(f"--screenshot {problem}")
    challenge, players, daily = None, (), None
    if args.daily:
        if args.challenge is not None:
            return fail("--daily plays today's code: no --challenge as well")
        from game.classroom.daily import daily_challenge, today_utc

        daily = today_utc()
        args.challenge = daily_challenge(daily).code
    if args.players is not None and args.challenge is None:
        return fail("--players needs --challenge CODE")
    if args.challenge is not None:
        from game.classroom import open_challenge, parse_players

        if args.seed is not None:
            return fail("--seed cannot be used with --challenge: the code fixes the seed")
        if args.mode != "arcade":
            return fail("--mode cannot be used with --challenge: the code fixes the mode")
        challenge = open_challenge(args.challenge, args.pack)  # errors: one line, status 2
        if challenge.player is not None and (args.players is not None or args.ai):
            return fail("a personal code is for its student: no --players, no --ai")
        if args.players is not None:
            players = tuple(parse_players(args.players))
            if not players:
                return fail('--players needs names separated by commas, like "Ana,Ben"')
            if args.ai:
                return fail("--players and --ai do not go together")
    from game.ui.app import App, PlayOptions

    options = PlayOptions(
        pack=args.pack,
        seed=args.seed,
        max_seconds=args.max_seconds,
        screenshot=args.screenshot,
        model=args.model,
        method=args.method,
        ai=args.ai,
        mode=args.mode,
        temperature=args.temperature,
        size=size,
        challenge=challenge,
        players=players,
        daily=daily,
    )
    import pygame

    try:
        app = App(options)
    except pygame.error as exc:
        return fail(
            f"cannot open a window ({exc}); on a machine without a screen set "
            "SDL_VIDEODRIVER=dummy to run headless"
        )
    status = app.run()
    if app.error:
        return fail(app.error)
    if app.final_score is not None:
        print(f"Final score: {app.final_score}")
    return status
