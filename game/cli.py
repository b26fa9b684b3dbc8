"""The `wordstack` command line: one console script with subcommands."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from game.commands.common import CommandParser, broken_pipe, fail, one_line_warnings
from game.engine import tuning
from game.errors import WordstackError

# Subcommand modules in `game/commands/`, in the order `--help` lists them.
COMMANDS = (
    "play",
    "rank",
    "clue",
    "explain",
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
        with one_line_warnings():
            status = int(args.handler(args))
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return status
    except BrokenPipeError:
        return broken_pipe()
    except WordstackError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The `wordstack` console script: tune the process, run, and end it without waiting.

    The process ends as soon as the command is done, even while background threads still
    work (they write atomically; cut-off work is redone next time).
    """
    tuning.tune_process()
    try:
        status = main()
    except KeyboardInterrupt:  # Ctrl+C while the command was still starting
        status = 130
    except SystemExit as exc:  # argparse: --help, or a usage error
        if exc.code is None or isinstance(exc.code, int):
            status = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            status = 1
    tuning.exit_now(status)


if __name__ == "__main__":
    run()
