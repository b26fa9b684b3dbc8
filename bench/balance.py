"""Arcade balance: does skill decide the score, at every typing pace? Simulated players.

Every player plays the same seeded timed rounds (same words, same arrivals) of
``--seconds`` seconds, or until the stack reaches the danger line, once at each pace of
``--paces``: one clue every so many seconds of game time (after a miss's cooldown, if the
rules have one, the player clues as soon as it ends). Players:

- ``random``: a random legal clue from the clue vocabulary, chosen without looking at
  the stack (the "typing blind" player of issues 8 and 18);
- ``AI T=...``: the clue `game.cluegen.generate_clue` samples for the highest target (as
  the in-game AI player does), at temperatures 3, 1.5, 0.7 and 0.

The rules run at logic-tick level without pygame. Rankings and the AI's candidate scores
are lookups in a table of cosines computed once through the engine (`_simulate.py`).
Prints one table per pace (mean and median score, clear rate: share of clues that
cleared a target, mean best target rank, game length, clues, share of games lost at the
danger line), then issue 18's checks: at every pace the blind player scores at most 10%
of the AI at T = 0.7 playing one clue every 5 s, and the AI's score rises with skill.

    .venv/bin/python bench/balance.py                     # 5 paces, every player
    .venv/bin/python bench/balance.py --rules before      # the rules before issue 18
    .venv/bin/python bench/balance.py --zone 1,2,3,4 --players random,0.7 --paces 5,1

Clue vectors come from the vocabulary's batch encoding; the game encodes a typed clue on
its own, which may differ from the batch vector by float rounding.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

if str(Path(__file__).resolve().parent) not in sys.path:  # so `_common` imports when loaded
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # by file path, not as a script

from _common import format_header, format_table, machine_info
from _simulate import CosineTable

from game.rules import (
    TICKS_PER_SECOND,
    ArcadeSettings,
    ArcadeState,
    GameOver,
    cooldown_left,
    new_game,
    submit_clue,
    tick,
)
from game.rules.arcade_settings import settings_for_version

RANDOM = "random"
PACES = (0.5, 1.0, 2.0, 5.0, 8.0)
REFERENCE_PACE = 5.0  # the blind player is measured against the AI at T = 0.7 at this pace
REFERENCE_TEMPERATURE = 0.7
BLIND_SHARE = 0.10
# Paces faster than this play `--fast-games` games (a game has many more clues).
FAST_PACE = 2.0
_BEFORE = settings_for_version(1, ArcadeSettings().zone_size)
# The rules of today's main ("before") and the candidate costs of a miss (issue 18).
PRESETS = {
    "before": _BEFORE,
    "miss-words": replace(_BEFORE, miss_arrivals=1),
    "miss-time": replace(_BEFORE, miss_penalty_ticks=3 * TICKS_PER_SECOND),
    "cooldown": replace(_BEFORE, miss_cooldown_ticks=(60, 120, 240, 480)),
    "tuned": ArcadeSettings(),
}

# A player: (state, rng) -> clue word, from the vocabulary.
Player = Callable[[ArcadeState, np.random.Generator], str]


@dataclass(frozen=True)
class GameResult:
    """What one simulated game produced."""

    score: int
    clues: int
    successes: int
    target_ranks: tuple[int, ...]
    seconds: float
    game_over: bool  # lost at the danger line (not the round's time running out)


@dataclass(frozen=True)
class PlayerSummary:
    """Means over the games of one player at one pace."""

    name: str
    mean_score: float
    median_score: float
    clear_rate: float
    mean_rank: float
    mean_seconds: float
    mean_clues: float
    game_over_share: float


def random_player(table: CosineTable) -> Player:
    """Types any legal clue of the vocabulary, never looking at the target."""

    def play(state: ArcadeState, rng: np.random.Generator) -> str:
        return table.random_clue(state.words, rng)

    return play


def ai_player(table: CosineTable, temperature: float) -> Player:
    """The clue generator at `temperature`, aiming at the highest target."""

    def play(state: ArcadeState, rng: np.random.Generator) -> str:
        return table.spymaster_clue(state.targets[-1].text, state.words, temperature, rng)

    return play


def play_game(
    player: Player,
    table: CosineTable,
    settings: ArcadeSettings,
    words: Sequence[tuple[str, int]],
    seed: int,
    seconds: float,
    pace: float,
) -> GameResult:
    """One timed round: a clue every `pace` s of game time (or when a cooldown ends)."""
    state = new_game(settings, words, seed, time_limit=round(seconds * TICKS_PER_SECOND))
    rng = np.random.default_rng(seed)
    step = max(1, round(pace * TICKS_PER_SECOND))
    successes = 0
    lost = False
    while not state.game_over:
        state, events = tick(state, max(step, cooldown_left(state)))
        if not state.game_over and state.targets:
            clue = player(state, rng)
            state, new = submit_clue(state, clue, table.scores(clue, state.words))
            events += new
            successes += bool(new and state.last_clue and state.last_clue.success)
        lost = lost or any(isinstance(e, GameOver) and not e.time_up for e in events)
    return GameResult(
        score=state.score,
        clues=state.stats.clues_used,
        successes=successes,
        target_ranks=state.stats.target_ranks,
        seconds=state.tick / TICKS_PER_SECOND,
        game_over=lost,
    )


def summarize(name: str, results: Sequence[GameResult]) -> PlayerSummary:
    """Means (and the median score) over one player's games."""
    clues = sum(r.clues for r in results)
    ranks = [rank for r in results for rank in r.target_ranks]
    return PlayerSummary(
        name=name,
        mean_score=statistics.fmean(r.score for r in results),
        median_score=statistics.median(r.score for r in results),
        clear_rate=sum(r.successes for r in results) / clues if clues else 0.0,
        mean_rank=statistics.fmean(ranks) if ranks else float("nan"),
        mean_seconds=statistics.fmean(r.seconds for r in results),
        mean_clues=statistics.fmean(r.clues for r in results),
        game_over_share=sum(r.game_over for r in results) / len(results),
    )


def skill_checks(
    summaries: Sequence[PlayerSummary], reference: PlayerSummary | None
) -> list[tuple[str, bool]]:
    """Issue 18's targets at one pace, for summaries from least to most skilled (random first).

    `reference` is the AI at T = 0.7 playing one clue every 5 s (None: not measured).
    """
    checks: list[tuple[str, bool]] = []
    blind = summaries[0]
    if blind.name == RANDOM and reference is not None:
        share = blind.mean_score / reference.mean_score if reference.mean_score else float("inf")
        checks.append(
            (f"random scores <= {BLIND_SHARE:.0%} of AI T=0.7 at 5 s ({share:.1%})",
             share <= BLIND_SHARE)
        )  # fmt: skip
    ai = [s for s in summaries if s.name != RANDOM]
    if len(ai) >= 2:
        rising = all(a.mean_score < b.mean_score for a, b in itertools.pairwise(ai))
        checks.append(("the AI's mean score rises with skill at every step", rising))
    return checks


def summary_rows(summaries: Sequence[PlayerSummary]) -> list[list[object]]:
    """Table rows, one per player."""
    return [
        [
            s.name,
            round(s.mean_score),
            round(s.median_score),
            s.clear_rate,
            s.mean_rank,
            round(s.mean_seconds, 1),
            round(s.mean_clues, 1),
            s.game_over_share,
        ]
        for s in summaries
    ]


HEADERS = ["player", "mean score", "median", "clear rate", "mean rank", "seconds", "clues", "lost"]


def parse_list(text: str, kind: Callable[[str], float]) -> list[float]:
    """A comma-separated list of numbers."""
    return [kind(part) for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=40, help="games a player and pace (40)")
    parser.add_argument(
        "--fast-games",
        type=int,
        default=20,
        help=f"games a player at paces under {FAST_PACE:g} s (20; many clues a game)",
    )
    parser.add_argument("--seconds", type=float, default=180.0, help="round length in s (180)")
    parser.add_argument(
        "--paces",
        default=",".join(f"{p:g}" for p in PACES),
        help="seconds of game time between clues, comma-separated (0.5,1,2,5,8)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the first game (1)")
    parser.add_argument("--pack", default="default", help="word pack (default)")
    parser.add_argument(
        "--players",
        default="random,3,1.5,0.7,0",
        help="comma-separated: 'random' and AI temperatures (random,3,1.5,0.7,0)",
    )
    parser.add_argument(
        "--rules", choices=sorted(PRESETS), default="tuned", help="rule settings (tuned)"
    )
    parser.add_argument(
        "--zone",
        default=None,
        help="clear-zone settings 1-6, comma-separated (default: the rules' own); "
        "several print a table of the zones side by side",
    )
    args = parser.parse_args(argv)
    try:
        args.paces = parse_list(args.paces, float)
        args.zones = [int(z) for z in parse_list(args.zone, int)] if args.zone else []
    except ValueError:
        parser.error("--paces and --zone take comma-separated numbers")
    if min(args.games, args.fast_games) < 1 or args.seconds <= 0 or not args.paces:
        parser.error("--games, --fast-games and --seconds must be positive")
    if min(args.paces) <= 0 or any(not 1 <= z <= 6 for z in args.zones):
        parser.error("paces must be positive and zones 1-6")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run every player at every pace on the same games and print the tables."""
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from game.cluegen import default_vocabulary
    from game.engine import shared_engine
    from game.words import load_pack

    rules = PRESETS[args.rules]
    zones = args.zones or [rules.zone_size]
    pack = load_pack(args.pack)
    started = time.perf_counter()
    print("Loading the model and the table of clue-word cosines...", file=sys.stderr)
    engine = shared_engine()
    engine.load()
    table = CosineTable(engine, default_vocabulary(), [w for w, _ in pack.entries()])
    players: list[tuple[str, Player]] = []
    for spec in args.players.split(","):
        if spec.strip() == RANDOM:
            players.append((RANDOM, random_player(table)))
        else:
            temperature = float(spec)
            players.append((f"AI T={temperature:g}", ai_player(table, temperature)))
    reference_name = f"AI T={REFERENCE_TEMPERATURE:g}"
    # (zone, pace) -> the summaries of every player, in --players order.
    measured: dict[tuple[int, float], list[PlayerSummary]] = {}
    for zone in zones:
        settings = replace(rules, zone_size=zone)
        for pace in args.paces:
            games = args.fast_games if pace < FAST_PACE else args.games
            summaries = []
            for name, player in players:
                results = []
                for n, seed in enumerate(range(args.seed, args.seed + games), start=1):
                    results.append(
                        play_game(player, table, settings, pack.entries(), seed, args.seconds, pace)
                    )
                    print(
                        f"\rzone {zone}, pace {pace:g} s, {name}: game {n}/{games}   ",
                        end="",
                        file=sys.stderr,
                        flush=True,
                    )
                summaries.append(summarize(name, results))
            measured[zone, pace] = summaries
    print(file=sys.stderr)
    print(
        format_header(
            "Arcade balance by pace (bench/balance.py)",
            {
                **machine_info(),
                "note": "machine shared with other developers; scores are of seeded games",
                "pack": f"{args.pack} ({len(pack)} words)",
                "games": f"{args.games} a player and pace (seeds from {args.seed}); "
                f"{args.fast_games} at paces under {FAST_PACE:g} s",
                "game length": f"timed rounds of {args.seconds:g} s, or lost at the line",
                "rules": f"{args.rules}: {rules}",
                "wall time": f"{time.perf_counter() - started:.0f} s",
            },
        )
    )
    failures = 0
    for zone in zones:
        reference = next(
            (s for s in measured.get((zone, REFERENCE_PACE), []) if s.name == reference_name),
            None,
        )
        for pace in args.paces:
            summaries = measured[zone, pace]
            games = args.fast_games if pace < FAST_PACE else args.games
            print(f"\nZone {zone}, one clue every {pace:g} s ({games} games a player)")
            print(format_table(HEADERS, summary_rows(summaries)))
            for text, ok in skill_checks(summaries, reference):
                failures += not ok
                print(f"[{'ok' if ok else 'FAIL'}] {text}")
    if len(zones) > 1:
        print("\nMean score by clear-zone setting")
        columns = [(name, pace) for pace in args.paces for name, _ in players]
        rows = [
            [zone, *(round(s.mean_score) for pace in args.paces for s in measured[zone, pace])]
            for zone in zones
        ]
        print(format_table(["zone", *(f"{n} @ {p:g} s" for n, p in columns)], rows))
    print(f"\n{'all checks passed' if not failures else f'{failures} check(s) FAILED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
