"""Arcade balance: does skill decide the score? Simulated players on the real rules and model.

Every player plays the same seeded games (same words, same arrivals) of the same length:
one clue every ``--clue-every`` seconds of game time, for ``--seconds`` seconds or until
the stack reaches the danger line. Players:

- ``random``: a random legal clue from the clue vocabulary, chosen without looking at
  the target (the "typing blind" player of issue 8);
- ``AI T=...``: `game.cluegen.generate_clue` for the highest target (as the in-game AI
  player does), at temperatures 3, 1.5, 0.7 and 0.

The rules run at logic-tick level without pygame; every word and clue is embedded once
by the real engine (the vocabulary and pack embeddings are cached on disk), so each clue
costs one matrix product. Prints, per player: mean and median score, target clear rate
(share of clues that cleared a target), mean best target rank, game length; then the
checks of issue 8 (random <= 15% clears, <= 10% of the T = 0 score, score rising with
skill).

    .venv/bin/python bench/balance.py                # 40 games a player, 180 s each
    .venv/bin/python bench/balance.py --rules before # the rules before issue 8
    .venv/bin/python bench/balance.py --games 60 --clue-every 4

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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

if str(Path(__file__).resolve().parent) not in sys.path:  # so `_common` imports when loaded
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # by file path, not as a script

from _common import format_header, format_table, machine_info

from game.rules import TICKS_PER_SECOND, ArcadeSettings, ArcadeState, new_game, submit_clue, tick

RANDOM = "random"
# "before": the Arcade rules before issue 8 (a fixed zone of 4 rows, stacks of 6 and 3).
PRESETS = {
    "tuned": ArcadeSettings(),
    "before": ArcadeSettings(start_stack_size=6, words_per_zone_row=0, min_stack_size=3),
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
    game_over: bool


@dataclass(frozen=True)
class PlayerSummary:
    """Means over the games of one player."""

    name: str
    mean_score: float
    median_score: float
    clear_rate: float
    mean_rank: float
    mean_seconds: float
    mean_clues: float
    game_over_share: float


class Vectors:
    """Unit embeddings of the clue vocabulary and of a word pack, computed once."""

    def __init__(self, engine, vocabulary, pack_words: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
        self.vocabulary = vocabulary
        self.clue_matrix = vocabulary.embeddings(engine)
        self.clue_index = {word: i for i, word in enumerate(vocabulary.words)}
        pack_matrix = engine.embed_pack(list(pack_words))
        self.word_vectors = dict(zip(pack_words, pack_matrix, strict=True))

    def scores(self, clue: str, words: Sequence[str]) -> tuple[float, ...]:
        """Cosine of the clue with each stack word, in stack order."""
        clue_vector = self.clue_matrix[self.clue_index[clue]]
        stack = np.stack([self.word_vectors[w] for w in words])
        return tuple(float(s) for s in stack @ clue_vector)


def random_player(vectors: Vectors) -> Player:
    """Types any legal clue of the vocabulary, never looking at the target."""

    def play(state: ArcadeState, rng: np.random.Generator) -> str:
        legal = np.flatnonzero(vectors.vocabulary.legal_mask(state.words))
        return vectors.vocabulary.words[int(rng.choice(legal))]

    return play


def ai_player(engine, vectors: Vectors, temperature: float) -> Player:  # type: ignore[no-untyped-def]
    """The clue generator at `temperature`, aiming at the highest target."""
    from game.cluegen import generate_clue

    def play(state: ArcadeState, rng: np.random.Generator) -> str:
        target = state.targets[-1].text
        return generate_clue(
            engine, target, state.words, temperature, rng=rng, vocabulary=vectors.vocabulary
        ).clue

    return play


def play_game(
    player: Player,
    vectors: Vectors,
    settings: ArcadeSettings,
    words: Sequence[tuple[str, int]],
    seed: int,
    seconds: float,
    clue_every: float,
) -> GameResult:
    """One game: a clue every `clue_every` s of game time, until `seconds` or game over."""
    state = new_game(settings, words, seed)
    rng = np.random.default_rng(seed)
    step = round(clue_every * TICKS_PER_SECOND)
    end = round(seconds * TICKS_PER_SECOND)
    successes = 0
    while not state.game_over and state.tick + step <= end:
        state, _ = tick(state, step)
        if state.game_over or not state.targets:
            continue
        clue = player(state, rng)
        state, _ = submit_clue(state, clue, vectors.scores(clue, state.words))
        successes += bool(state.last_clue and state.last_clue.success)
    if not state.game_over:
        state, _ = tick(state, end - state.tick)
    return GameResult(
        score=state.score,
        clues=state.stats.clues_used,
        successes=successes,
        target_ranks=state.stats.target_ranks,
        seconds=state.tick / TICKS_PER_SECOND,
        game_over=state.game_over,
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


def skill_checks(summaries: Sequence[PlayerSummary]) -> list[tuple[str, bool]]:
    """Issue 8's targets, for summaries ordered from least to most skilled (random first)."""
    random_row, best = summaries[0], summaries[-1]
    scores = [s.mean_score for s in summaries]
    ratio = random_row.mean_score / best.mean_score if best.mean_score else float("inf")
    return [
        (f"random clears <= 15% of targets ({random_row.clear_rate:.1%})",
         random_row.clear_rate <= 0.15),
        (f"random scores <= 10% of T = 0 ({ratio:.1%})", ratio <= 0.10),
        ("mean score rises with skill at every step",
         all(a < b for a, b in itertools.pairwise(scores))),
    ]  # fmt: skip


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=40, help="games per player (40)")
    parser.add_argument("--seconds", type=float, default=180.0, help="game length in s (180)")
    parser.add_argument(
        "--clue-every", type=float, default=5.0, help="seconds of game time per clue (5)"
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
    args = parser.parse_args(argv)
    if args.games < 1 or args.seconds <= 0 or args.clue_every <= 0:
        parser.error("--games, --seconds and --clue-every must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run every player on the same games and print the table."""
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from game.cluegen import default_vocabulary
    from game.engine import shared_engine
    from game.words import load_pack

    settings = PRESETS[args.rules]
    pack = load_pack(args.pack)
    engine = shared_engine()
    started = time.perf_counter()
    print("Loading the model and embedding the vocabulary and the pack...", file=sys.stderr)
    engine.load()
    vectors = Vectors(engine, default_vocabulary(), [w for w, _ in pack.entries()])
    players: list[tuple[str, Player]] = []
    for spec in args.players.split(","):
        if spec.strip() == RANDOM:
            players.append((RANDOM, random_player(vectors)))
        else:
            temperature = float(spec)
            players.append((f"AI T={temperature:g}", ai_player(engine, vectors, temperature)))
    seeds = range(args.seed, args.seed + args.games)
    last_seed = args.seed + args.games - 1
    summaries = []
    for name, player in players:
        results = []
        for n, seed in enumerate(seeds, start=1):
            results.append(
                play_game(
                    player, vectors, settings, pack.entries(), seed, args.seconds, args.clue_every
                )
            )
            print(f"\r{name}: game {n}/{args.games}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        summaries.append(summarize(name, results))
    print(
        format_header(
            "Arcade balance (bench/balance.py)",
            {
                **machine_info(),
                "note": "machine shared with other developers: timings are loaded",
                "pack": f"{args.pack} ({len(pack)} words)",
                "games per player": f"{args.games} (seeds {args.seed}-{last_seed})",
                "game length": f"{args.seconds:g} s or game over",
                "think time": f"one clue every {args.clue_every:g} s of game time, all players",
                "rules": f"{args.rules}: {settings}",
                "wall time": f"{time.perf_counter() - started:.0f} s",
            },
        )
    )
    print()
    headers = ["player", "mean score", "median", "clear rate", "mean rank", "seconds", "clues"]
    rows = [
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
    print(format_table([*headers, "game over"], rows))
    print()
    if len(summaries) >= 2 and summaries[0].name == RANDOM:
        for text, ok in skill_checks(summaries):
            print(f"[{'ok' if ok else 'FAIL'}] {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
