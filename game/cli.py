"""The `wordstack` command line: one console script with subcommands."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from game.commands.common import CommandParser, fail
from game.errors import WordstackError

# Subcommand modules in `game/commands/`, in the order `--help` lists them.
COMMANDS = (
    "play",
    "rank",
    "clue",
    "challenge",
    "results",
    "leaderboard",
    "host",
    "scores",
    "packs",
)


def build_parser() -> CommandParser:
    """The argument parser of every subcommand."""
    parser = CommandParser(
        prog="wordstack",
        description="Wordstack: type a clue, and the stack word closest to it clears.",
        epilog="Run 'wordstack COMMAND --help' for the options of one command.",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=CommandParser
    )
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"game.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"game.commands.{name}":
                raise
            continue  # a subcommand still being written
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the wordstack command line and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.handler(args))
    except WordstackError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
