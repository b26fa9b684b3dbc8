"""`wordstack scores`: print the local high-score table."""

from __future__ import annotations

import argparse
import time
from typing import Any

from game.commands.common import fail
from game.modes import ARCADE, score_tables

# Every table by its own name, and "ai", the older name of the Arcade AI table.
MODES = {**{table: table for table in score_tables()}, "ai": ARCADE.table(ai=True)}


def register(subparsers: Any) -> None:
    """Add the `scores` subcommand."""
    parser = subparsers.add_parser(
        "scores",
        help="print this computer's high scores",
        description="Print the local high-score table, best first, one tab-separated line "
        "per game: place, name, score, best clue, word pack, date.",
    )
    parser.add_argument(
        "--mode",
        choices=sorted(MODES),
        default="arcade",
        help="which table: people's games (arcade, blocks) or the AI player's "
        "(arcade-ai or ai, blocks-ai); default arcade",
    )
    parser.add_argument("--limit", type=int, default=10, help="how many lines (10)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the table (a damaged file is set aside and reported on stderr)."""
    import sys

    from game.scores import ScoreTable

    if args.limit < 1:
        return fail(f"--limit must be at least 1, not {args.limit}")
    table = ScoreTable()
    if table.notice:
        print(f"wordstack: {table.notice}", file=sys.stderr)
    entries = table.top(args.limit, MODES[args.mode])
    if not entries:
        print(f"No {args.mode} games saved yet ({table.path}).", file=sys.stderr)
    for place, entry in enumerate(entries, start=1):
        day = time.strftime("%Y-%m-%d", time.localtime(entry.played_at))
        print(
            f"{place}\t{entry.name}\t{entry.score}\t{entry.best_clue or '-'}\t{entry.pack}\t{day}"
        )
    return 0
