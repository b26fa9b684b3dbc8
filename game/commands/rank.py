"""`wordstack rank`: rank words by similarity to a clue, with one ranking method or two."""

from __future__ import annotations

import argparse
from typing import Any

from game.commands.common import add_method_option, add_model_option, bounded_int, fail

TOP_PACK_RESULTS = 20
MAX_TOP = 1_000_000
BASELINE = "cosine"


def register(subparsers: Any) -> None:
    """Add the `rank` subcommand."""
    parser = subparsers.add_parser(
        "rank",
        help="rank words by similarity to a clue",
        description="Print words best first by the ranking method's score for CLUE, one "
        "'word<TAB>score' line each. With --compare, the method and plain cosine side by side.",
    )
    parser.add_argument("clue", metavar="CLUE", help="the clue (a word or short phrase)")
    parser.add_argument("words", metavar="WORD", nargs="*", default=[], help="words to rank")
    parser.add_argument("--pack", metavar="NAME|FILE", help="rank a whole word pack as well")
    parser.add_argument(
        "--top",
        type=bounded_int(1, MAX_TOP),
        default=TOP_PACK_RESULTS,
        metavar="N",
        help=f"lines to print with --pack ({TOP_PACK_RESULTS})",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help=f"print the method's ranking and plain {BASELINE} side by side",
    )
    add_model_option(parser)
    add_method_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the ranking (or two)."""
    from game.clues import validate_clue
    from game.engine import shared_engine
    from game.words import load_pack

    check = validate_clue(args.clue)
    if not check.ok:
        return fail(f"invalid clue: {check.message}")
    words = [" ".join(w.lower().split()) for w in args.words]
    if any(not w for w in words):
        return fail("a word to rank is empty")
    limit = None
    if args.pack:
        words += [w for w in load_pack(args.pack).words if w not in words]
        limit = args.top
    if not words:
        return fail("give words to rank, or --pack NAME|FILE")
    engine = shared_engine(args.model, args.method)
    engine.load()
    methods = [engine.method.name] + ([BASELINE] if args.compare else [])
    engines = [engine.for_method(method) for method in methods]
    if args.pack:
        for each in engines:
            each.embed_pack(words)
    rankings = [each.rank(check.clue, words, limit) for each in engines]
    if not args.compare:
        for result in rankings[0]:
            print(f"{result.word}\t{result.score:.3f}")
        return 0
    width = max(len(w) for w in words) + 1
    print(f"{'':>3}  {methods[0]:<{width + 7}}  {methods[1]}")
    for place, (mine, base) in enumerate(zip(*rankings, strict=True), 1):
        left = f"{mine.word:<{width}} {mine.score:6.3f}"
        print(f"{place:>3}  {left}  {base.word:<{width}} {base.score:6.3f}")
    return 0
