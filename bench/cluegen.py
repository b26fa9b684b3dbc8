"""Clue-generation benchmark: latency, the AI player's success and diversity, and people.

Run `python bench/cluegen.py --help`. Over seeded Arcade-like stacks (10 words of the
default pack, one target) it measures:

- latency of `generate_clue` after warm-up (median, p95);
- for each temperature, the AI's success (the sampled clue, ranked by the engine against
  the stack, puts the target within the best 4 = the clear zone, and 1st) and diversity
  (distinct clues among 20 samples for the same stack);
- a check against people: for stacks whose target is a USF target word
  (`../shared/data/usf/`), how often the T = 0 clue is a word people gave that target for
  (the clue is a USF cue whose associates include the target), beside a baseline clue
  drawn uniformly from the legal candidates of the same stack;
- with `--sweep`, the same success figures for other weights, priors and scales (how the
  defaults in `game/cluegen.py` were chosen).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

if str(Path(__file__).resolve().parent) not in sys.path:  # so `_common` imports when loaded
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # by file path, not as a script

from _common import format_header, format_table, machine_info, percentiles, proportion_ci95
from association import DEFAULT_DATA, USF_FILE, load_usf

from game import cluegen
from game.engine import SimilarityEngine, shared_engine
from game.words import load_pack

DEFAULT_SEED = 20261128
DEFAULT_STACKS = 200
STACK_SIZE = 10
CLEAR_DEPTH = 4
SAMPLES = 20
TEMPERATURES = (0.0, 0.3, 0.7, 1.0, 1.5, 3.0)
SWEEP_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
SWEEP_PRIORS = (0.0, 0.02, 0.05)
SWEEP_SCALES = (0.03, 0.05, 0.08)


@dataclass(frozen=True)
class Stack:
    """One Arcade-like stack and its target."""

    target: str
    words: tuple[str, ...]


def _complete(rng: random.Random, pool: Sequence[str], target: str, others: list[str]) -> Stack:
    """Fill `others` with random distinct pool words up to a stack, then shuffle it."""
    while len(others) < STACK_SIZE - 1:
        word = rng.choice(pool)
        if word != target and word not in others:
            others.append(word)
    words = [target, *others]
    rng.shuffle(words)
    return Stack(target, tuple(words))


def make_stacks(
    pool: Sequence[str], count: int, seed: int, targets: Sequence[str] | None = None
) -> list[Stack]:
    """`count` stacks of STACK_SIZE distinct pool words; the target from `targets` if given."""
    rng = random.Random(seed)
    stacks = []
    for _ in range(count):
        target = rng.choice(targets) if targets else rng.choice(pool)
        others: list[str] = []
        stacks.append(_complete(rng, pool, target, others))
    return stacks


def make_hard_stacks(
    engine: SimilarityEngine, pool: Sequence[str], count: int, seed: int, close: int = 4
) -> list[Stack]:
    """Stacks where `close` of the other words are the target's nearest pack neighbours."""
    vectors = engine.embed_pack(pool)
    rng = random.Random(seed)
    stacks = []
    for _ in range(count):
        t = rng.randrange(len(pool))
        target = pool[t]
        nearest = [
            pool[i]
            for i in np.argsort(-(vectors @ vectors[t])).tolist()
            if i != t and target not in pool[i] and pool[i] not in target
        ][:close]
        others = list(nearest)
        stacks.append(_complete(rng, pool, target, others))
    return stacks


class RankCache:
    """Where the engine ranks the target for a clue on a stack (memoized)."""

    def __init__(self, engine: SimilarityEngine) -> None:
        self.engine = engine
        self._ranks: dict[tuple[str, tuple[str, ...]], int] = {}

    def __call__(self, clue: str, stack: Stack) -> int:
        key = (clue, stack.words)
        if key not in self._ranks:
            ranking = self.engine.rank(clue, stack.words)
            self._ranks[key] = next(i for i, r in enumerate(ranking) if r.word == stack.target)
        return self._ranks[key]


@dataclass(frozen=True)
class Success:
    """Success and diversity of sampled clues at one temperature."""

    temperature: float
    draws: int
    clear: int
    top1: int
    distinct: float  # mean distinct clues per SAMPLES draws for one stack


def success_at(
    scored: Sequence[cluegen.CandidateScores],
    stacks: Sequence[Stack],
    temperature: float,
    rank_of: RankCache,
    seed: int,
    samples: int = SAMPLES,
) -> Success:
    """Draw `samples` clues per stack at `temperature` and score them with the engine."""
    rng = np.random.default_rng([seed, round(temperature * 1000)])
    draws = clear = top1 = 0
    distinct: list[int] = []
    for scores, stack in zip(scored, stacks, strict=True):
        p = scores.distribution(temperature)
        picks = rng.choice(p.size, size=samples, p=p)
        distinct.append(len(set(picks.tolist())))
        for i in picks:
            rank = rank_of(scores.word(i), stack)
            draws += 1
            clear += rank < CLEAR_DEPTH
            top1 += rank == 0
    return Success(temperature, draws, clear, top1, float(np.mean(distinct)))


def score_all(
    engine: SimilarityEngine, stacks: Sequence[Stack], **scoring: float
) -> list[cluegen.CandidateScores]:
    """Candidate scores for every stack."""
    return [
        cluegen.score_candidates(engine, s.target, s.words, **scoring)  # type: ignore[arg-type]
        for s in stacks
    ]


def rate(successes: int, trials: int) -> str:
    """'0.812 [0.79, 0.83]'."""
    low, high = proportion_ci95(successes, trials)
    return f"{successes / trials:.3f} [{low:.2f}, {high:.2f}]" if trials else "n/a"


def latency(
    engine: SimilarityEngine, stacks: Sequence[Stack], seed: int, prepare: Sequence[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Milliseconds per `generate_clue` call (default T): stack words new, then prepared.

    The first pass meets most stack words for the first time (each is checked against the
    vocabulary once, about 1 ms); the second runs after `ClueVocabulary.prepare` with the
    pack, as the game does when a pack loads.
    """
    rng = np.random.default_rng(seed)
    for stack in stacks[:5]:  # warm-up: model, vocabulary embeddings, numpy
        cluegen.generate_clue(engine, stack.target, stack.words, rng=rng)
    runs = []
    for prepared in (False, True):
        if prepared:
            cluegen.default_vocabulary().prepare(engine, prepare)
        times = []
        for stack in stacks:
            start = time.perf_counter()
            cluegen.generate_clue(engine, stack.target, stack.words, rng=rng)
            times.append((time.perf_counter() - start) * 1000)
        runs.append(percentiles(times, (50, 95)))
    return runs[0], runs[1]


@dataclass(frozen=True)
class PeopleTrials:
    """Stacks whose target is a USF target word, and the cues people gave each target for."""

    cues: set[str]  # every USF cue
    gave_for: dict[str, set[str]]  # target -> the cues people gave it for
    targets: list[str]  # default-pack words that are USF targets
    stacks: list[Stack]


def people_trials(pool: Sequence[str], args: argparse.Namespace) -> PeopleTrials | None:
    """The USF trials, or None when the norms are not in `args.data`."""
    path = args.data / USF_FILE
    if not path.exists():
        return None
    norms = load_usf(path)
    gave_for: dict[str, set[str]] = {}
    for cue, targets in norms.associates.items():
        for target in targets:
            gave_for.setdefault(target, set()).add(cue)
    targets = sorted(w for w in pool if w in gave_for)
    stacks = make_stacks(pool, args.stacks, args.seed + 1, targets)
    return PeopleTrials(set(norms.associates), gave_for, targets, stacks)


def people_check(engine: SimilarityEngine, pool: Sequence[str], args: argparse.Namespace) -> str:
    """How often the T = 0 clue is a human associate of the target, beside a random clue."""
    trials = people_trials(pool, args)
    if trials is None:
        return f"People check skipped: {args.data / USF_FILE} not found."
    gave_for, stacks, targets = trials.gave_for, trials.stacks, trials.targets
    scored = score_all(engine, stacks)
    rng = np.random.default_rng(args.seed + 1)
    rows = []
    hits = {"T = 0 (greedy)": 0, "T = 0.7": 0, "random legal clue": 0}
    cue_words = {"T = 0 (greedy)": 0, "T = 0.7": 0, "random legal clue": 0}
    for scores, stack in zip(scored, stacks, strict=True):
        people = gave_for[stack.target]
        picks = {
            "T = 0 (greedy)": scores.word(0),
            "T = 0.7": scores.word(int(rng.choice(len(scores), p=scores.distribution(0.7)))),
            "random legal clue": scores.word(int(rng.integers(len(scores)))),
        }
        for name, clue in picks.items():
            hits[name] += clue in people
            cue_words[name] += clue in trials.cues
    n = len(stacks)
    for name in hits:
        rows.append([name, n, hits[name], rate(hits[name], n), f"{cue_words[name] / n:.3f}"])
    table = format_table(
        ["clue", "stacks", "human", "share people gave for target [95% CI]", "clue is a USF cue"],
        rows,
    )
    return (
        f"Check against people (USF norms, {len(targets)} default-pack words are USF targets;"
        f" {n} stacks, seed {args.seed + 1})\n{table}"
    )


def sweep(engine: SimilarityEngine, stacks: Sequence[Stack], args: argparse.Namespace) -> str:
    """Success at T = 0, 1 and 1.5 for other weights, priors and scales, on random stacks
    and on hard ones (4 of the 9 other words are the target's nearest pack neighbours);
    "T0 human": share of greedy clues that people gave for the target (USF stacks)."""
    pool = list(load_pack("default").words)
    hard = make_hard_stacks(engine, pool, len(stacks), args.seed + 2)
    people = people_trials(pool, args)
    rank_of = RankCache(engine)
    configs = [(w, cluegen.DEFAULT_PRIOR_WEIGHT, cluegen.SCORE_SCALE) for w in SWEEP_WEIGHTS]
    configs += [(cluegen.DEFAULT_WEIGHT, p, cluegen.SCORE_SCALE) for p in SWEEP_PRIORS]
    configs += [(cluegen.DEFAULT_WEIGHT, cluegen.DEFAULT_PRIOR_WEIGHT, s) for s in SWEEP_SCALES]
    tables = []
    for name, trial_stacks in (("random stacks", stacks), ("hard stacks", hard)):
        rows = []
        for weight, prior, scale in dict.fromkeys(configs):
            scored = score_all(engine, trial_stacks, weight=weight, prior_weight=prior, scale=scale)
            row: list[object] = [weight, prior, scale]
            for temperature in (0.0, 1.0, 1.5):
                result = success_at(scored, trial_stacks, temperature, rank_of, args.seed)
                row += [result.clear / result.draws, result.top1 / result.draws]
            rows.append(row)
        headers = ["weight", "prior", "scale", "T0 clear", "T0 top1", "T1 clear", "T1 top1"]
        headers += ["T1.5 clear", "T1.5 top1"]
        if name == "random stacks" and people is not None:
            headers.append("T0 human")
            for row, (weight, prior, scale) in zip(rows, dict.fromkeys(configs), strict=True):
                greedy = score_all(
                    engine, people.stacks, weight=weight, prior_weight=prior, scale=scale
                )
                hits = sum(
                    g.word(0) in people.gave_for[t.target]
                    for g, t in zip(greedy, people.stacks, strict=True)
                )
                row.append(hits / len(people.stacks))
        tables.append(
            f"Sweep on {len(trial_stacks)} {name} (clear = target within best 4; top1 = "
            f"ranked 1st; {SAMPLES} draws a stack)\n" + format_table(headers, rows)
        )
    return "\n\n".join(tables)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stacks", type=int, default=DEFAULT_STACKS, help="stacks (200)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="../shared/data")
    parser.add_argument("--model", help="sentence-transformers model (default: packaged)")
    parser.add_argument("--sweep", action="store_true", help="also compare weights/scales")
    parser.add_argument(
        "--method", help="ranking method (default: the engine's; 'cosine' for the old ranking)"
    )
    args = parser.parse_args(argv)
    if args.stacks < 1:
        parser.error("--stacks must be >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    engine = shared_engine(args.model, args.method)
    engine.load()
    pool = list(load_pack("default").words)
    engine.embed_pack(pool)  # as the game does: the pack is encoded before play
    vocabulary = cluegen.default_vocabulary()
    vocabulary.embeddings(engine)
    stacks = make_stacks(pool, args.stacks, args.seed)

    info = machine_info()
    info.update(
        {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "model": engine.model_id,
            "ranking method": engine.method.name,
            "seed": str(args.seed),
            "stacks": f"{len(stacks)} x {STACK_SIZE} words of the default pack",
            "vocabulary": f"{len(vocabulary)} candidate clues",
            "defaults": f"weight {cluegen.DEFAULT_WEIGHT}, prior_weight "
            f"{cluegen.DEFAULT_PRIOR_WEIGHT}, scale {cluegen.SCORE_SCALE}",
        }
    )
    print(format_header("Wordstack clue generation benchmark", info))
    print()

    cold, warm = latency(engine, stacks, args.seed, pool)
    print(
        f"Latency of generate_clue (T = {cluegen.DEFAULT_TEMPERATURE}, after warm-up, "
        f"{len(stacks)} calls each)\n"
        f"  stack words met for the first time:  median {cold['p50']:.1f} ms, "
        f"p95 {cold['p95']:.1f} ms\n"
        f"  pack prepared (as the game does):    median {warm['p50']:.1f} ms, "
        f"p95 {warm['p95']:.1f} ms"
    )
    print()

    scored = score_all(engine, stacks)
    rank_of = RankCache(engine)
    rows = []
    for temperature in TEMPERATURES:
        result = success_at(scored, stacks, temperature, rank_of, args.seed)
        rows.append(
            [
                temperature,
                result.draws,
                rate(result.clear, result.draws),
                rate(result.top1, result.draws),
                result.distinct,
            ]
        )
    print(
        f"AI player: {SAMPLES} clues sampled per stack at each temperature "
        "(CIs treat draws as independent; draws of one stack are not, so read them as lower "
        "bounds of the uncertainty)"
    )
    print(
        format_table(
            ["T", "clues", "clear (best 4) [95% CI]", "top-1 [95% CI]", f"distinct/{SAMPLES}"],
            rows,
        )
    )
    print()
    print(people_check(engine, pool, args))
    if args.sweep:
        print()
        print(sweep(engine, stacks, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
