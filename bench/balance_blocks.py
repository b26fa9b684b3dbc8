"""Blocks balance benchmark: does skill show in the score?

Run `python bench/balance_blocks.py --help`. Simulated players play the real Blocks rules
(`game.rules.blocks`, the settings of `--rules`) with the real engine's cosines ranking
the word blocks (a table computed once, `_simulate.py`), on the same seeded games (game
i has seed `--seed + i` for every player):

- random: each turn a clue drawn uniformly from the legal candidates of the clue
  vocabulary (`game/assets/clue_vocab.txt`); it never looks at the grid;
- AI at temperature T: `game.cluegen.generate_clue` aimed at the word block whose group
  is largest (the hint target), exactly as `wordstack play --mode blocks --ai` plays.

A game ends at game over or after `--max-turns` turns. For each player it prints the
mean score with a 95% confidence interval, the median, the turns played, the mean size
of the cleared groups, how often the clue cleared the largest group on the grid, and for
the AI how often its clue picked the block it aimed at; then issue 18's check: the blind
player scores at most 40% of the AI at T = 0.7.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

if str(Path(__file__).resolve().parent) not in sys.path:  # so `_common` imports when loaded
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # by file path, not as a script

from _common import format_header, format_table, machine_info
from _simulate import CosineTable

from game import cluegen
from game.engine import shared_engine
from game.rules.blocks import BlocksState, hint_target, new_game, submit_clue
from game.rules.blocks_settings import BlocksSettings
from game.words import load_pack

DEFAULT_SEED = 20261128
DEFAULT_GAMES = 40
DEFAULT_MAX_TURNS = 60
TEMPERATURES = (3.0, 1.5, 0.7, 0.0)
REFERENCE_TEMPERATURE = 0.7
BLIND_SHARE = 0.40
# The scoring before issue 18 (hints are not played here) and the candidate rules against
# blind play: a lone block is a miss that raises a row, or scoring more convex in the size.
_BEFORE = BlocksSettings(group_power=2, single_block_rows=0)
PRESETS = {
    "before": _BEFORE,
    "lone-miss": replace(_BEFORE, single_block_rows=1),
    "convex": replace(_BEFORE, group_power=3),
    "tuned": BlocksSettings(),
}

# A player looks at the state and returns its clue and the block it aims at (or None).
Player = Callable[[BlocksState, np.random.Generator], tuple[str, int | None]]


@dataclass(frozen=True)
class GameRecord:
    """What one simulated game came to."""

    score: int
    turns: int
    over: bool
    groups: tuple[int, ...]  # size of each cleared group
    largest: int  # clues that cleared a group as large as the largest on the grid
    aimed: int  # clues that picked the block the player aimed at
    aims: int  # clues that aimed at a block


def play_game(
    settings: BlocksSettings,
    pack: Sequence[tuple[str, int]],
    seed: int,
    player: Player,
    scorer: Callable[[str, Sequence[str]], Sequence[float]],
    max_turns: int,
    rng: np.random.Generator,
) -> GameRecord:
    """Play one game: `player` picks clues, `scorer` gives each word block's similarity."""
    state = new_game(settings, pack, seed)
    groups: list[int] = []
    largest = aimed = aims = 0
    while not state.game_over and state.turn < max_turns:
        clue, aim = player(state, rng)
        best = hint_target(state)
        best_size = len(state.group_at(best)) if best is not None else 0
        state, _ = submit_clue(state, clue, scorer(clue, state.words))
        result = state.last_clue
        assert result is not None
        groups.append(len(result.group))
        largest += len(result.group) >= best_size
        if aim is not None:
            aims += 1
            aimed += result.chosen.uid == aim
    return GameRecord(state.score, state.turn, state.game_over, tuple(groups), largest, aimed, aims)


class Simulation:
    """The table of clue-word cosines and the two kinds of player."""

    def __init__(self, table: CosineTable) -> None:
        self.table = table

    def scores(self, clue: str, words: Sequence[str]) -> tuple[float, ...]:
        """Cosine of the clue with every word block, as the game computes it."""
        return self.table.scores(clue, words)

    def random_player(self, state: BlocksState, rng: np.random.Generator) -> tuple[str, None]:
        """A legal clue drawn uniformly from the vocabulary, blind to the grid."""
        return self.table.random_clue(state.words, rng), None

    def ai_player(self, temperature: float) -> Player:
        """The AI at `temperature` (`generate_clue`), aimed at the block with the largest group."""

        def play(state: BlocksState, rng: np.random.Generator) -> tuple[str, int]:
            (target,) = state.targets
            clue = self.table.spymaster_clue(target.text or "", state.words, temperature, rng)
            return clue, target.uid

        return play


def summarize(name: str, records: Sequence[GameRecord], seconds: float) -> list[object]:
    """One table row: the player's figures over its games."""
    scores = [r.score for r in records]
    mean = statistics.fmean(scores)
    half = 1.96 * statistics.stdev(scores) / math.sqrt(len(scores)) if len(scores) > 1 else 0.0
    groups = [g for r in records for g in r.groups]
    clues = len(groups)
    aims = sum(r.aims for r in records)
    return [
        name,
        round(mean),
        f"[{mean - half:.0f}, {mean + half:.0f}]",
        round(statistics.median(scores)),
        statistics.fmean(r.turns for r in records),
        sum(r.over for r in records),
        statistics.fmean(groups) if groups else math.nan,
        sum(r.largest for r in records) / clues if clues else math.nan,
        sum(r.aimed for r in records) / aims if aims else "-",
        seconds,
    ]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=DEFAULT_GAMES, help="games a player (40)")
    parser.add_argument(
        "--max-turns", type=int, default=DEFAULT_MAX_TURNS, help="turns a game at most (60)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of game 0")
    parser.add_argument(
        "--temperatures",
        type=float,
        nargs="+",
        default=list(TEMPERATURES),
        metavar="T",
        help="the AI's temperatures (3 1.5 0.7 0)",
    )
    parser.add_argument("--pack", default="default", help="word pack (default)")
    parser.add_argument("--model", help="sentence-transformers model (default: packaged)")
    parser.add_argument(
        "--rules", choices=sorted(PRESETS), default="tuned", help="rule settings (tuned)"
    )
    args = parser.parse_args(argv)
    if args.games < 2 or args.max_turns < 1:
        parser.error("--games must be >= 2 and --max-turns >= 1")
    if any(t < 0 for t in args.temperatures):
        parser.error("temperatures must be >= 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    engine = shared_engine(args.model)
    engine.load()
    pack = load_pack(args.pack)
    simulation = Simulation(CosineTable(engine, cluegen.default_vocabulary(), pack.words))
    settings = PRESETS[args.rules]
    info = machine_info()
    info.update(
        {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "model": engine.model_id,
            "pack": f"{pack.name} ({len(pack)} words)",
            "games": f"{args.games} a player, seeds {args.seed}..{args.seed + args.games - 1}, "
            f"at most {args.max_turns} turns",
            "rules": f"{args.rules}: {settings.columns}x{settings.rows} grid, "
            f"{settings.colours} colours, {settings.start_height} rows at start, arrivals "
            f"{settings.arrivals_per_stage} (a stage every {settings.turns_per_stage} turns), "
            f"groups of 1-5 score {[settings.group_points(n) for n in range(1, 6)]}, "
            f"a lone block raises {settings.single_block_rows} extra row(s)",
        }
    )
    print(format_header("Wordstack Blocks balance benchmark", info))
    print(f"set-up (model, pack, vocabulary): {time.perf_counter() - started:.1f} s", flush=True)
    players: list[tuple[str, Player]] = [("random legal clue", simulation.random_player)]
    players += [(f"AI T = {t:g}", simulation.ai_player(t)) for t in args.temperatures]
    rows = []
    means: dict[str, float] = {}
    for index, (name, player) in enumerate(players):
        began = time.perf_counter()
        records = []
        for game in range(args.games):
            rng = np.random.default_rng([args.seed, game, index])
            records.append(
                play_game(
                    settings,
                    pack.entries(),
                    args.seed + game,
                    player,
                    simulation.scores,
                    args.max_turns,
                    rng,
                )
            )
        rows.append(summarize(name, records, time.perf_counter() - began))
        means[name] = statistics.fmean(r.score for r in records)
        print(f"  {name}: done in {rows[-1][-1]:.0f} s", file=sys.stderr, flush=True)
    print()
    print(
        format_table(
            [
                "player",
                "mean score",
                "95% CI",
                "median",
                "turns",
                "game over",
                "mean group",
                "largest group",
                "hit its aim",
                "seconds",
            ],
            rows,
        )
    )
    print(
        "\nlargest group: share of clues that cleared a group as large as the largest one "
        "on the grid;\nhit its aim: share of the AI's clues that picked the block it aimed at."
    )
    reference = means.get(f"AI T = {REFERENCE_TEMPERATURE:g}")
    if reference:
        share = means["random legal clue"] / reference
        ok = share <= BLIND_SHARE
        print(
            f"\n[{'ok' if ok else 'FAIL'}] random scores <= {BLIND_SHARE:.0%} of AI "
            f"T = {REFERENCE_TEMPERATURE:g} ({share:.1%})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
