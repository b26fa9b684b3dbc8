"""Helpers shared by the subcommands: the parser, checked number types, one-line errors."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from game.quoting import printable, quoted

MAX_MESSAGE_CHARS = 400  # an error line is cut here, whatever it quotes
MAX_SEED = 2**63 - 1  # seeds are saved with the score, in a 64-bit SQLite integer
BROKEN_PIPE_STATUS = 141  # what a shell reports for a command ended by SIGPIPE


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2.

    Arguments holding bytes that are not UTF-8 (`$'app\\xffle'`) are refused here, so no
    command meets text it cannot print or save.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see --help)\n")

    # The base class overloads this on the namespace type; one plain signature serves here.
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        for name, value in vars(parsed).items():
            for text in _texts(value):
                if not _is_utf8(text):
                    option = name.replace("_", "-")
                    self.error(f"{option} {quoted(text)} is not valid UTF-8 text")
        return parsed, extras


def _texts(value: Any) -> list[str]:
    if isinstance(value, (str, Path)):
        return [str(value)]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, (str, Path))]
    return []


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # undecodable argv bytes arrive as lone surrogates
        return False
    return True


def _one_line(message: str) -> str:
    line = printable(message)
    if len(line) > MAX_MESSAGE_CHARS:
        line = line[:MAX_MESSAGE_CHARS] + "…"
    return line


def fail(message: str) -> int:
    """Print a one-line error (escaped, cut to a sane length) and return exit status 2."""
    print(f"wordstack: error: {_one_line(message)}", file=sys.stderr)
    return 2


@contextlib.contextmanager
def one_line_warnings() -> Iterator[None]:
    """Show warnings as `wordstack: warning: ...` lines (not file, line and source)."""

    def show(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
        print(f"wordstack: warning: {_one_line(str(message))}", file=sys.stderr)

    with warnings.catch_warnings():
        # `show` takes the arguments it ignores as *args (typeshed spells each one out).
        warnings.showwarning = show  # type: ignore[assignment]
        yield


def broken_pipe() -> int:
    """The reader of our output went away (`| head`): stop quietly, as other tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail
    os.close(devnull)
    return BROKEN_PIPE_STATUS


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{quoted(text)} must be from {low:,} to {high:,}")
        return value

    parse.__name__ = "whole number"
    return parse


def finite_float(low: float, high: float = math.inf) -> Callable[[str], float]:
    """An argparse type: a finite number from `low` to `high` (nan and inf are refused)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{quoted(text)} is not a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{quoted(text)} is not a finite number")
        if not low <= value <= high:
            limit = f"from {low:g} to {high:g}" if math.isfinite(high) else f"{low:g} or more"
            raise argparse.ArgumentTypeError(f"{quoted(text)} must be {limit}")
        return value

    parse.__name__ = "number"
    return parse


def seed_type() -> Callable[[str], int]:
    """An argparse type for --seed: 0 to 2**63 - 1, so the seed can be saved with the score."""
    return bounded_int(0, MAX_SEED)


def output_file_problem(path: Path, suffix: str) -> str | None:
    """Why a file cannot be written at `path` (wrong suffix, a folder, no folder), or None.

    Missing folders are fine (they are created), unless something on the way is a file.
    """
    if path.suffix.lower() != suffix:
        return f"needs a {suffix} file name, not {quoted(str(path))}"
    if path.is_dir():
        return f"{quoted(str(path))} is a folder, not a file"
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{quoted(str(folder))} is not a folder"
    if not os.access(folder, os.W_OK):
        return f"cannot write in the folder {quoted(str(folder))}"
    return None


def add_model_option(parser: argparse.ArgumentParser) -> None:
    """The --model option every model-using subcommand accepts."""
    parser.add_argument(
        "--model",
        help="sentence-transformers model name or folder (default: the packaged all-MiniLM-L6-v2)",
    )


def add_method_option(parser: argparse.ArgumentParser) -> None:
    """The --method option: which ranking method scores clues (see `game.engine.methods`)."""
    from game.engine.methods import DEFAULT_METHOD, METHODS

    parser.add_argument(
        "--method",
        choices=list(METHODS),
        default=None,
        help=f"ranking method (default: {DEFAULT_METHOD}; 'cosine' with --model; "
        "'large' needs `pip install 'wordstack[large]'`)",
    )
