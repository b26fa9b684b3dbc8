"""`wordstack host`: host a class round that students join from a browser on the network."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from game.classroom.challenge import DEFAULT_TURNS
from game.commands.common import add_model_option, fail
from game.host.limits import MAX_PLAYERS, PLAYER_CAP_LIMIT

WAIT_SECONDS = 0.5
GIL_SWITCH_SECONDS = 0.0005


def register(subparsers: Any) -> None:
    """Add the `host` subcommand."""
    parser = subparsers.add_parser(
        "host",
        help="host a class round: students join from a browser",
        description="Serve a round on the local network: students open the join address "
        "in any browser (phone or laptop, nothing to install), type the room code and a "
        "name, and play the same round (Arcade, or Blocks with --mode blocks); the host "
        "ranks every clue with its model. "
        "The projector window shows the lobby (address, room code, QR code, names), the "
        "countdown, a live top 10 and, at the end, the podium and the lesson. Every "
        "action is journaled: after a crash, start again with --resume. Result files go "
        "to the results folder, as for offline challenges.",
    )
    parser.add_argument("--pack", default="default", metavar="NAME|FILE", help="word pack")
    parser.add_argument(
        "--mode",
        choices=("arcade", "blocks"),
        help="arcade (timed, the default) or blocks (turn-based: --turns, and the round "
        "still ends after --minutes); a --challenge code says its own mode",
    )
    parser.add_argument(
        "--turns",
        type=int,
        metavar="N",
        help=f"turns of a Blocks round, 5-80 in steps of 5 ({DEFAULT_TURNS})",
    )
    parser.add_argument(
        "--minutes",
        type=int,
        default=3,
        metavar="M",
        help="round length, 1-16 (3); a Blocks game still running then ends early",
    )
    parser.add_argument("--zone", type=int, metavar="Z", help="clear-zone size, 1-6 (4)")
    parser.add_argument(
        "--challenge",
        metavar="CODE",
        help="play this challenge (its pack, minutes and zone) instead of a new one: "
        "rooms on several hosts with the same code are merged by `wordstack leaderboard`",
    )
    parser.add_argument("--port", type=int, default=8765, metavar="P", help="TCP port (8765)")
    parser.add_argument(
        "--max-players",
        type=int,
        default=MAX_PLAYERS,
        metavar="N",
        help=f"students the room takes, 1-{PLAYER_CAP_LIMIT} ({MAX_PLAYERS}); the teacher can "
        "raise it during the lobby with POST /teacher/cap {\"players\": N}",
    )
    parser.add_argument(
        "--teams",
        type=int,
        default=0,
        metavar="N",
        help="play in N teams, 2-4 (0: individually; T in the lobby changes it): students "
        "pick a team when they join or go to the smallest one; a team scores its members' "
        "mean score",
    )
    parser.add_argument(
        "--bind",
        default="0.0.0.0",
        metavar="ADDR",
        help="listen on this address only and show it in the join address "
        "(default: every address, the join address shows this machine's LAN address)",
    )
    parser.add_argument(
        "--no-batch",
        action="store_true",
        help="rank every clue alone (by default clues that arrive together share one pass "
        "of the model)",
    )
    parser.add_argument(
        "--resume", action="store_true", help="continue the round of a host that was stopped"
    )
    parser.add_argument(
        "--no-window",
        action="store_true",
        help="no projector window: print the addresses and the teacher token, serve until "
        "the round has ended (teacher controls: POST /teacher/start|lock|unlock|kick|end|cap "
        "with the header X-Teacher-Token)",
    )
    parser.add_argument("--size", metavar="WxH", help="window size instead of full screen")
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE", help="save the last frame as a PNG on exit"
    )
    parser.add_argument(
        "--max-seconds", type=float, metavar="S", help="close the window after S seconds"
    )
    add_model_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the options, load the model, serve, and show the projector."""
    from game.commands.play import _size

    if not 1 <= args.minutes <= 16:
        return fail("--minutes must be 1-16")
    if args.zone is not None and not 1 <= args.zone <= 6:
        return fail("--zone must be 1-6")
    if args.turns is not None and (args.turns % 5 or not 5 <= args.turns <= 80):
        return fail("--turns must be 5-80 in steps of 5")
    if args.mode != "blocks" and args.turns is not None and not args.challenge:
        return fail("--turns is for a Blocks round: add --mode blocks")
    if args.mode == "blocks" and args.zone is not None:
        return fail("--zone is for an Arcade round: a Blocks round has no clear zone")
    if not 0 <= args.port <= 65535:
        return fail("--port must be 0-65535")
    if not 1 <= args.max_players <= PLAYER_CAP_LIMIT:
        return fail(f"--max-players must be 1-{PLAYER_CAP_LIMIT}")
    if args.teams and not 2 <= args.teams <= 4:
        return fail("--teams must be 0 (no teams) or 2-4")
    if args.resume and (args.mode or args.turns is not None):
        return fail("--resume continues the journaled round: leave out --mode and --turns")
    if args.resume and args.teams:
        return fail("--resume keeps the journaled round's teams: leave out --teams")
    if args.challenge:
        from game.classroom import decode
        from game.errors import ChallengeError

        if args.resume:
            return fail("--resume continues the journaled round: leave out --challenge")
        try:
            spec = decode(args.challenge)
        except ChallengeError as exc:
            return fail(f"--challenge: {exc}")
        if args.mode and args.mode != spec.mode:
            return fail(f"--challenge is a {spec.mode.title()} code: leave out --mode")
        if args.turns is not None:
            return fail("--challenge says its own turns: leave out --turns")
    size = _size(args.size) if args.size else None
    if args.size and size is None:
        return fail(f"--size {args.size!r} must look like 1280x720 (at least 320x240)")
    if args.screenshot and args.screenshot.suffix.lower() != ".png":
        return fail("--screenshot must name a .png file")
    from game.engine import shared_engine
    from game.host import start_host
    from game.host.journal import journal_path

    if args.resume and not journal_path().exists():
        return fail(f"nothing to resume: no journal at {journal_path()}")

    # The model thread needs the GIL back quickly between its small torch calls while the
    # server loop is busy (the same reason as the game window's frame loop).
    sys.setswitchinterval(GIL_SWITCH_SECONDS)

    print("Loading the model\u2026", file=sys.stderr, flush=True)
    engine = shared_engine(args.model)
    engine.load()
    server, info = start_host(
        engine,
        args.pack,
        args.minutes,
        args.zone,
        args.bind,
        args.port,
        args.resume,
        max_players=args.max_players,
        batch=not args.no_batch,
        challenge_code=args.challenge,
        teams=args.teams,
        mode=args.mode or "arcade",
        turns=DEFAULT_TURNS if args.turns is None else args.turns,
    )
    aside = server.journal.set_aside_from
    if aside is not None:
        print(f"An older round's journal was kept as {aside}", file=sys.stderr)
    print(f"Students open: {info.join_url}  room code: {info.room_code}", flush=True)
    print(f"Round: {info.round}", flush=True)
    print(f"Offline fallback: wordstack play --challenge {info.challenge_code}", flush=True)
    print(f"Results go to: {server.results_folder}", flush=True)
    if info.loopback_only:
        print("Only this computer can join this address: --bind an address of this computer")
    try:
        if args.no_window:
            print(f"Teacher token: {server.teacher_token}", flush=True)
            _serve_until_done(server)
        else:
            status = _window(server, info, size, args.screenshot, args.max_seconds)
            if status:
                return status
    except KeyboardInterrupt:
        print("Stopped: start again with --resume to continue the round.", file=sys.stderr)
    finally:
        server.stop()
    if server.snapshot.csv_path is not None:
        print(f"Class results and per-word figures: {server.snapshot.csv_path}")
    return 0


def _serve_until_done(server: Any) -> None:
    while not server.concluded:
        time.sleep(WAIT_SECONDS)
    print(f"Round over: {len(server.result_paths())} results saved", flush=True)


def _window(server: Any, info: Any, size: Any, screenshot: Any, max_seconds: Any) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.ui.scenes.host_projector import HostProjector, run_host_window

    try:
        run_host_window(HostProjector(server, info), size, screenshot, max_seconds)
    except pygame.error as exc:
        return fail(
            f"cannot open a window ({exc}); use --no-window, or on a machine without a "
            "screen set SDL_VIDEODRIVER=dummy"
        )
    return 0
