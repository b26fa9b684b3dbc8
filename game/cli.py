"""The `wordstack` command line: one console script with subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from game.errors import WordstackError

TOP_PACK_RESULTS = 20


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _fail(message: str) -> int:
    print(f"wordstack: error: {message}", file=sys.stderr)
    return 2


def _cmd_rank(args: argparse.Namespace) -> int:
    from game.clues import validate_clue
    from game.engine import shared_engine
    from game.words import load_pack

    check = validate_clue(args.clue)
    if not check.ok:
        return _fail(f"invalid clue: {check.message}")
    words = [" ".join(w.lower().split()) for w in args.words]
    if any(not w for w in words):
        return _fail("a word to rank is empty")
    limit = None
    if args.pack:
        words += [w for w in load_pack(args.pack).words if w not in words]
        limit = args.top
    if not words:
        return _fail("give words to rank, or --pack NAME|FILE")
    engine = shared_engine(args.model)
    engine.load()
    if args.pack:
        engine.embed_pack(words)
    for result in engine.rank(check.clue, words)[:limit]:
        print(f"{result.word}\t{result.score:.3f}")
    return 0


def _cmd_packs(args: argparse.Namespace) -> int:
    from game.words import bundled_packs, load_pack

    for name in bundled_packs():
        pack = load_pack(name)
        print(f"{name}\t{len(pack)} words\t{pack.title}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = _Parser(
        prog="wordstack",
        description="Wordstack: type a clue, and the word it is closest to clears from the stack.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    rank = commands.add_parser(
        "rank",
        help="rank words by similarity to a clue",
        description="Print words best first by cosine similarity to CLUE, one "
        "'word<TAB>score' line each.",
    )
    rank.add_argument("clue", metavar="CLUE", help="the clue (a word or short phrase)")
    rank.add_argument("words", metavar="WORD", nargs="*", help="words to rank")
    rank.add_argument("--pack", metavar="NAME|FILE", help="rank a whole word pack as well")
    rank.add_argument(
        "--top", type=int, default=TOP_PACK_RESULTS, help="lines to print with --pack (20)"
    )
    rank.add_argument("--model", help="sentence-transformers model name or folder")
    rank.set_defaults(handler=_cmd_rank)

    packs = commands.add_parser("packs", help="list the bundled word packs")
    packs.set_defaults(handler=_cmd_packs)
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
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
