"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def fail(message: str) -> int:
    """Print a one-line error and return exit status 2."""
    print(f"wordstack: error: {message}", file=sys.stderr)
    return 2


def add_model_option(parser: argparse.ArgumentParser) -> None:
    """The --model option every model-using subcommand accepts."""
    parser.add_argument(
        "--model",
        help="sentence-transformers model name or folder (default: the packaged all-MiniLM-L6-v2)",
    )


def add_method_option(parser: argparse.ArgumentParser) -> None:
    """The --method option: which ranking method scores clues (see `game.ranking`)."""
    from game.ranking import DEFAULT_METHOD, METHODS

    parser.add_argument(
        "--method",
        choices=list(METHODS),
        default=None,
        help=f"ranking method (default: {DEFAULT_METHOD}; 'cosine' with --model; "
        "'large' needs `pip install 'wordstack[large]'`)",
    )
