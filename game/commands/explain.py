"""`wordstack explain`: why a clue ranks a stack as it does, step by step."""

from __future__ import annotations

import argparse
import json
from typing import Any

from game.commands.common import add_method_option, add_model_option, bounded_int, fail

TOKENS_SHOWN = 40
VECTOR_SHOWN = 12


def register(subparsers: Any) -> None:
    """Add the `explain` subcommand."""
    parser = subparsers.add_parser(
        "explain",
        help="why a clue ranks the stack as it does: tokens, vector, score parts",
        description="Walk the steps from a clue to a ranking: the tokens the transformer "
        "read, the clue's vector, each stack word's score split into the ranking method's "
        "parts (they add up to the score), a 2-D map of clue and words, the vocabulary "
        "words nearest to the clue, and one sentence of what decided the ranking.",
    )
    parser.add_argument("clue", metavar="CLUE", help="the clue, as a player would type it")
    parser.add_argument(
        "--stack", metavar="W", nargs="+", required=True, help="the words on the stack"
    )
    parser.add_argument("--target", metavar="W", help="mark this stack word as the target")
    parser.add_argument(
        "--nearest",
        type=bounded_int(0, 50),
        default=8,
        metavar="N",
        help="vocabulary words nearest to the clue to list, 0-50 (8)",
    )
    parser.add_argument("--json", action="store_true", help="print the data as JSON")
    add_model_option(parser)
    add_method_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Explain the ranking and print it (or its JSON)."""
    from game.cluegen import default_vocabulary
    from game.clues import validate_clue
    from game.engine import shared_engine
    from game.engine.explain import explain

    words = [" ".join(w.lower().split()) for w in args.stack]
    if any(not w for w in words):
        return fail("a stack word is empty")
    check = validate_clue(args.clue, words)
    if not check.ok:
        return fail(f"the game would refuse this clue: {check.message}")
    target = None
    if args.target is not None:
        target = " ".join(args.target.lower().split())
        if target not in words:
            return fail(f"--target {args.target!r} is not one of the stack words")
    engine = shared_engine(args.model, args.method)
    engine.load()
    vocabulary, vectors = [], None
    if args.nearest:
        table = default_vocabulary()
        vocabulary, vectors = table.words, table.embeddings(engine)
    why = explain(
        engine,
        check.clue,
        words,
        target=target,
        vocabulary=vocabulary,
        vocabulary_vectors=vectors,
        nearest=args.nearest,
    )
    if args.json:
        print(json.dumps(why.to_json(), ensure_ascii=False, indent=1))
        return 0
    _print_steps(why)
    return 0


def _print_steps(why: Any) -> None:
    pieces = " ".join(f"{piece}({token})" for piece, token in why.tokens[:TOKENS_SHOWN])
    more = len(why.tokens) - TOKENS_SHOWN
    print(f"1. Tokens: the transformer read {why.model_text!r} as {len(why.tokens)} pieces:")
    print(f"   {pieces}" + (f" ... and {more} more" if more > 0 else ""))
    shown = ", ".join(f"{v:+.3f}" for v in why.vector[:VECTOR_SHOWN])
    print(f"2. Vector: {len(why.vector)} numbers: {shown}, ...")
    weights = " + ".join(f"{share:.3f} x {name}" for name, share in why.weights.items())
    print(f"3. Similarity ({why.method}: score = {weights} cosine):")
    names = list(why.weights)
    header = "   rank  word" + "".join(f"  {name:>11}" for name in names) + "        score"
    print(header)
    width = max(4, *(len(w.word) for w in why.words))
    for w in why.words:
        parts = "".join(f"  {w.parts[name]:11.4f}" for name in names)
        mark = "  <- target" if w.target else ""
        print(f"   {w.rank:4d}  {w.word:<{width}}{parts}  = {w.score:.4f}{mark}")
    if why.nearest:
        near = ", ".join(f"{word} {score:.2f}" for word, score in why.nearest)
        print(f"   Nearest words of the vocabulary (what the model thinks your clue means): {near}")
    print("   2-D map (first two principal components of the method's vectors, numpy SVD):")
    for point in why.points:
        print(f"     {point.text:<{width}}  x {point.x:+.2f}  y {point.y:+.2f}")
    print(f"4. {why.sentence.replace('*', '')}")
