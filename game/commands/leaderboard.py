"""`wordstack leaderboard`: verify result files and merge them into one class ranking."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.commands.common import add_model_option, fail

TOP_BEST_CLUES = 3


def register(subparsers: Any) -> None:
    """Add the `leaderboard` subcommand."""
    parser = subparsers.add_parser(
        "leaderboard",
        help="verify results and rank the class",
        description="Verify result files (each replayed with the model: edited files are "
        "left out, with the reason) and print one ranking: higher score first, then fewer "
        "clues, then the earlier finish. Each player counts with their first round at the code; "
        "later rounds are listed apart as practice, and one replay handed in under two "
        "names is left out as a copy. "
        "Then the lesson view: for each target word, how many cleared it, the median "
        "number of clues and the best clues (Blocks: for each word block the clues chose, "
        "the clues that cleared the largest groups); then the clues whose ranking players "
        "flagged as not what they meant.",
    )
    parser.add_argument(
        "files", metavar="DIR|FILE", nargs="+", type=Path, help="result folders or files"
    )
    parser.add_argument("--challenge", metavar="CODE", help="only results of this challenge")
    parser.add_argument("--csv", type=Path, metavar="OUT", help="also write the tables as CSV")
    parser.add_argument(
        "--report",
        type=Path,
        metavar="OUT.html",
        help="also write the lesson report: one HTML page to keep, show and print",
    )
    parser.add_argument(
        "--show", action="store_true", help="open the full-screen projector view (Esc closes)"
    )
    parser.add_argument("--pack", metavar="FILE", help="the pack file of a custom-pack challenge")
    parser.add_argument(
        "--size", metavar="WxH", help="window size of --show instead of full screen"
    )
    add_model_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Verify, rank, print; write CSV and open the projector view when asked."""
    from game.classroom import (
        ai_marked,
        decode,
        flagged_clues,
        leaderboard_csv,
        lesson_report_html,
        lesson_view,
        rank_results,
        sort_attempts,
        verify_files,
    )
    from game.classroom.challenge import kind_of
    from game.classroom.leaderboard import teams_of
    from game.classroom.lesson import clue_note
    from game.commands.play import _size
    from game.commands.results import collect_files, load_engine
    from game.storage import atomic_write_bytes

    wanted = decode(args.challenge).code if args.challenge else None
    if args.csv is not None and args.csv.suffix.lower() != ".csv":
        return fail("--csv must name a .csv file")
    if args.report is not None and args.report.suffix.lower() not in (".html", ".htm"):
        return fail("--report must name an .html file")
    size = _size(args.size) if args.size else None
    if args.size and size is None:
        return fail(f"--size {args.size!r} must look like 1280x720 (at least 320x240)")
    files = collect_files(args.files)
    accepted, rejected = verify_files(load_engine(args.model), files, args.pack)
    for rejection in rejected:
        print(f"left out: {rejection.path}: {rejection.reason}", file=sys.stderr)
    codes = sorted({a.result.code for a in accepted})
    if wanted is not None:
        accepted = [a for a in accepted if a.result.code == wanted]
    elif len(codes) > 1:
        return fail(
            f"results of several challenges ({', '.join(codes)}): pick one with --challenge"
        )
    if not accepted:
        return fail("no verified result to rank" + (f" for {wanted}" if wanted else ""))
    code = accepted[0].result.code
    attempts = sort_attempts(accepted)
    for group in attempts.copies:
        names = ", ".join(sorted({_who(e.result) for e in group}))
        copied = ", ".join(str(e.path) for e in group)
        print(f"left out: one replay handed in as {names} (copies): {copied}", file=sys.stderr)
    if not attempts.counted:
        return fail("no verified result to rank: every one is a practice round or a copy")
    standings = rank_results(attempts.counted)
    lesson = lesson_view([(s.name, s.entry.outcome) for s in standings])
    flagged = flagged_clues([(s.name, s.entry.outcome) for s in standings])
    left_out = len(rejected) + sum(len(group) for group in attempts.copies)
    print(f"Challenge {code}: {len(standings)} players, {left_out} files left out")
    for s in standings:
        who = ai_marked(s.name, s.ai)
        ended = "\tended early" if s.entry.result.ended_early else ""
        print(f"{s.place}\t{who}\t{s.score}\t{s.clues} clues\t{s.finish_seconds:.0f} s{ended}")
    teams = teams_of(standings)
    if teams:
        print("\nTeam\tplayers\tmean score (a team scores its members' mean)")
        for team in teams:
            print(f"{team.place}\t{team.name}\t{team.members}\t{team.mean:.1f}")
    if attempts.practice:
        print("\nPractice rounds (a player's later attempts; not ranked)")
        for entry in attempts.practice:
            result = entry.result
            print(f"-\t{_who(result)}\t{result.score}\t{result.clues} clues\t{result.played_at}")
    word = kind_of(accepted[0].result.mode).word_heading
    print(f"\n{word}\tcleared/met\tmedian clues\tbest clues")
    for t in lesson:
        median = "-" if t.median_clues is None else f"{t.median_clues:g}"
        best = ", ".join(f"{c.clue} ({clue_note(c)})" for c in t.best[:TOP_BEST_CLUES])
        print(f"{t.word}\t{t.cleared_by}/{t.met_by}\t{median}\t{best}")
    print("\nFlagged clue\ttarget\tmodel's rank\tplayers who flagged")
    for f in flagged:
        print(f"{f.clue}\t{f.target}\t{f.rank_text}\t{f.players}")
    if not flagged:
        print("(nobody flagged a ranking)")
    if args.csv is not None:
        text = leaderboard_csv(
            code, standings, lesson, attempts.practice, teams=teams, flagged=flagged
        )
        atomic_write_bytes(args.csv, text.encode("utf-8"))
        print(f"CSV written to {args.csv}", file=sys.stderr)
    if args.report is not None:
        page = lesson_report_html(code, standings, lesson, teams=teams, flagged=flagged)
        atomic_write_bytes(args.report, page.encode("utf-8"))
        print(f"Report written to {args.report}", file=sys.stderr)
    if args.show:
        return _show(code, standings, lesson, size, flagged)
    return 0


def _who(result: Any) -> str:
    from game.classroom.names import ai_marked
    return ai_marked(str(result.name), bool(result.ai))


def _show(
    code: str, standings: Any, lesson: Any, size: tuple[int, int] | None, flagged: Any = ()
) -> int:
    import os

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.ui.scenes.projector import run_projector

    try:
        run_projector(code, standings, lesson, size, flagged=flagged)
    except pygame.error as exc:
        return fail(
            f"cannot open a window ({exc}); on a machine without a screen set "
            "SDL_VIDEODRIVER=dummy to run headless"
        )
    return 0
