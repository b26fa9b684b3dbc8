"""`wordstack scores`: print the local high-score table."""

from __future__ import annotations

import argparse
import time
from typing import Any

from game.commands.common import bounded_int
from game.modes import ARCADE, score_tables

# Every table by its own name, and "ai", the older name of the Arcade AI table.
MODES = {**{table: table for table in score_tables()}, "ai": ARCADE.table(ai=True)}
MAX_LIMIT = 100_000


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
    parser.add_argument(
        "--limit",
        type=bounded_int(1, MAX_LIMIT),
        default=10,
        metavar="N",
        help=f"how many lines, 1 to {MAX_LIMIT:,} (10)",
    )
    parser.add_argument(
        "--daily",
        action="store_true",
        help="list your daily challenge results instead, newest day first: date, score, "
        "clues, tries (the first try counts)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the table (a damaged file is set aside and reported on stderr)."""
    import sys

    if args.daily:
        return _daily(args.limit)

    from game.quoting import printable
    from game.scores import ScoreTable

    table = ScoreTable()  # StorageError (busy, a folder, read-only) is one line from main
    entries = table.top(args.limit, MODES[args.mode])
    if table.notice:
        print(f"wordstack: {table.notice}", file=sys.stderr)
    if not entries:
        print(f"No {args.mode} games saved yet ({printable(str(table.path))}).", file=sys.stderr)
    for place, entry in enumerate(entries, start=1):
        try:
            day = time.strftime("%Y-%m-%d", time.localtime(entry.played_at))
        except (OverflowError, OSError, ValueError):  # a date this platform cannot show
            day = "?"
        # Fields come from a file any program may write: escape control characters.
        fields = [entry.name, str(entry.score), entry.best_clue or "-", entry.pack, day]
        print("\t".join([str(place), *(printable(field) for field in fields)]))
    return 0


def _daily(limit: int) -> int:
    """One line per day played: date, score, clues, tries that day, the code."""
    import sys

    from game.classroom import results_dir
    from game.classroom.daily import counted_per_day, saved_daily_results, today_utc

    folder = results_dir()
    saved = saved_daily_results(folder, today_utc())
    days = counted_per_day(saved)[:limit]
    if not days:
        print(f"No daily challenge played yet (results in {folder}).", file=sys.stderr)
    for entry in days:
        tries = sum(1 for other in saved if other.day == entry.day)
        result = entry.result
        fields = [entry.day.isoformat(), str(result.score), f"{result.clues} clues",
                  f"{tries} tr{'y' if tries == 1 else 'ies'}", result.code]  # fmt: skip
        print("\t".join(fields))
    return 0
