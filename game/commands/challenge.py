"""`wordstack challenge`: make a challenge code for a class, or explain one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.commands.common import fail

DEFAULT_TURNS = 30  # as game.classroom.challenge.DEFAULT_TURNS (not imported: a fast --help)


def register(subparsers: Any) -> None:
    """Add the `challenge` subcommand."""
    parser = subparsers.add_parser(
        "challenge",
        help="make a challenge code: every player gets the same round",
        description="Make a code for a classroom round: every player who starts it with "
        "'wordstack play --challenge CODE' gets the same words and targets, for the same "
        "time (Arcade) or the same first grid and number of turns (Blocks, --mode blocks). "
        "Results are gathered with 'wordstack leaderboard'.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    new = actions.add_parser(
        "new", help="print a new challenge code", description="Print a new challenge code."
    )
    new.add_argument(
        "--pack",
        default="default",
        metavar="NAME|FILE",
        help="word pack: a bundled name or a file; players of a file pack need the file too",
    )
    new.add_argument(
        "--mode",
        choices=("arcade", "blocks"),
        default="arcade",
        help="arcade: timed, clear the targets (the default); blocks: turn by turn, clear "
        "same-colour groups",
    )
    new.add_argument("--minutes", type=int, metavar="M", help="Arcade: round length, 1-16 (3)")
    new.add_argument("--zone", type=int, metavar="Z", help="Arcade: clear-zone size, 1-6 (4)")
    new.add_argument(
        "--turns",
        type=int,
        metavar="N",
        help=f"Blocks: turns in the round, 5-80 in steps of 5 ({DEFAULT_TURNS})",
    )
    new.add_argument("--seed", type=int, metavar="S", help="seed 0-1048575 (random)")
    new.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help="one personal code per name in FILE (one name a line): the game locks each "
        "student's name, and results whose name does not match their code are rejected",
    )
    new.add_argument(
        "--csv", action="store_true", help="with --roster: print the codes as CSV (name,code)"
    )
    new.set_defaults(handler=run_new)
    show = actions.add_parser(
        "show", help="say what a code sets up", description="Say what a challenge code sets up."
    )
    show.add_argument("code", metavar="CODE")
    show.add_argument("--pack", metavar="FILE", help="the custom pack file of the challenge")
    show.set_defaults(handler=run_show)
    parser.set_defaults(handler=lambda args: fail("say 'challenge new' or 'challenge show CODE'"))


def run_new(args: argparse.Namespace) -> int:
    """Print a new code and what it sets up."""
    from game.classroom import create_challenge
    from game.classroom.challenge import find_bundled_pack

    if args.csv and args.roster is None:
        return fail("--csv needs --roster FILE")
    problem = _mode_options(args)
    if problem:
        return fail(problem)
    if args.roster is not None:
        return _roster(args)
    challenge = create_challenge(args.pack, seed=args.seed, **_round_options(args))
    print(challenge.code)
    print(_describe(challenge))
    if find_bundled_pack(challenge.spec.pack) is None:
        print(
            f"Players need the pack file: wordstack play --challenge {challenge.code} "
            f"--pack {args.pack}"
        )
    return 0


def _roster(args: argparse.Namespace) -> int:
    """A roster challenge: its code and description on stderr, a personal code a student."""
    import csv

    from game.classroom import create_challenge
    from game.classroom.roster import personal_code, read_roster

    names = read_roster(args.roster)
    challenge = create_challenge(args.pack, seed=args.seed, roster=True, **_round_options(args))
    print(f"{challenge.code} (roster of {len(names)}): {_describe(challenge)}", file=sys.stderr)
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "code"])
        for name in names:
            writer.writerow([name, personal_code(challenge.code, name)])
    else:
        for name in names:
            print(f"{name}\t{personal_code(challenge.code, name)}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print what a code sets up."""
    from game.classroom import open_challenge

    challenge = open_challenge(args.code, args.pack, teacher=True)
    print(challenge.code)
    print(_describe(challenge))
    if challenge.player is not None:
        print(f"Personal code of {challenge.player}")
    elif challenge.spec.roster:
        print("A roster challenge: each student plays with their personal code")
    return 0


def _mode_options(args: argparse.Namespace) -> str | None:
    """What is wrong with the options for the chosen mode (None: nothing)."""
    if args.mode == "blocks" and (args.minutes is not None or args.zone is not None):
        return "a Blocks challenge has turns, not minutes or a zone: use --turns N"
    if args.mode == "arcade" and args.turns is not None:
        return "--turns is for Blocks challenges (--mode blocks); Arcade rounds use --minutes"
    return None


def _round_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of create_challenge for the chosen mode."""
    if args.mode == "blocks":
        return {"mode": "blocks", "turns": DEFAULT_TURNS if args.turns is None else args.turns}
    return {"minutes": 3 if args.minutes is None else args.minutes, "zone": args.zone}


def _describe(challenge: Any) -> str:
    """'Blocks, 30 turns, pack ...' or 'Arcade, 3 minutes, clear zone 4, pack ...'."""
    return (
        f"{challenge.description}, pack '{challenge.pack.name}' ({len(challenge.pack)} "
        f"words), seed {challenge.spec.seed}"
    )
