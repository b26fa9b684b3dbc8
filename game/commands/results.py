"""`wordstack results verify`: check result files by replaying them with the real engine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.commands.common import add_model_option, fail

STATUS_REJECTED = 1


def register(subparsers: Any) -> None:
    """Add the `results` subcommand."""
    parser = subparsers.add_parser(
        "results",
        help="verify challenge result files",
        description="Work with challenge result files.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    verify = actions.add_parser(
        "verify",
        help="replay result files and accept only reproduced scores",
        description="Replay each result file (Arcade or Blocks) through the rules and re-rank "
        "every clue with the model. A file is accepted only if it reproduces its score; "
        f"otherwise its reason is printed and the exit status is {STATUS_REJECTED}.",
    )
    verify.add_argument(
        "files", metavar="FILE|DIR", nargs="+", type=Path, help="result files or folders"
    )
    verify.add_argument("--pack", metavar="FILE", help="the pack file of a custom-pack challenge")
    add_model_option(verify)
    verify.set_defaults(handler=run_verify)
    parser.set_defaults(handler=lambda args: fail("say 'results verify FILE...'"))


def load_engine(model: str | None) -> Any:
    """The shared engine, loaded, with a line on stderr while it loads."""
    from game.engine import shared_engine

    print("Loading the model\u2026", file=sys.stderr, flush=True)
    engine = shared_engine(model)
    engine.load()
    return engine


def collect_files(targets: list[Path]) -> list[Path]:
    """Result files from FILE|DIR arguments; a missing one stops with a one-line error."""
    from game.classroom import find_result_files
    from game.errors import ResultError

    for target in targets:
        if not target.exists():
            raise ResultError(f"no such file or folder: {target}")
    files = find_result_files(targets)
    if not files:
        raise ResultError("no result files found (folders are searched for *.json)")
    return files


def run_verify(args: argparse.Namespace) -> int:
    """Print one line per file: OK with name and score, or REJECTED with the reason."""
    from game.classroom import Verifier, ai_marked
    from game.errors import ResultError

    files = collect_files(args.files)
    verifier = Verifier(load_engine(args.model), args.pack)
    rejected = 0
    for path in files:
        try:
            checked = verifier.verify_file(path)
        except ResultError as exc:
            rejected += 1
            print(f"REJECTED\t{path}\t{exc.reason}", flush=True)
            continue
        result = checked.result
        who = ai_marked(result.name, result.ai)
        print(f"OK\t{path}\t{result.code}\t{who}\t{result.score}", flush=True)
    print(f"{len(files) - rejected} accepted, {rejected} rejected", file=sys.stderr)
    return STATUS_REJECTED if rejected else 0
