"""Ranking-quality benchmarks: the Arcade association benchmark (USF norms) and WordSim-353.

Run `python bench/association.py --help`. The reference data lives outside the project in
`../shared/data/` (see DESIGN.md, "Measuring quality"); without it the benchmark is skipped.

The pieces are importable (`load_usf`, `build_trials`, `evaluate`, `spearman`, ...) so other
scripts can compare scoring methods on exactly the same trials: pass a different `scorer`
to `evaluate`.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if str(Path(__file__).resolve().parent) not in sys.path:  # so `_common` imports when loaded
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # by file path, not as a script

from _common import format_header, format_table, machine_info, proportion_ci95

from game.similarity import cosine_scores, rank_order

if TYPE_CHECKING:
    from game.engine import SimilarityEngine

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
USF_FILE = Path("usf") / "usf_fsg_simple.tsv"
WORDSIM_FILES = {
    "ALL": Path("wordsim353") / "EN-WS-353-ALL.txt",
    "REL": Path("wordsim353") / "EN-WS-353-REL.txt",
}
DEFAULT_CUES = 1000
DEFAULT_SEED = 20261128
STACK_SIZE = 10
HARD_DISTRACTORS = 5  # target's own associates per "hard" stack, when it has that many
CLEAR_DEPTH = 4  # the associate "clears" when it ranks within this many best words
VARIANTS = ("random", "hard")
WORD = re.compile(r"[a-z]+")

# Scores a stack: (clue vector, stack matrix) -> one score per stack row, higher is better.
Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


# -- USF norms ------------------------------------------------------------------------------


def is_word(text: str) -> bool:
    """True for a plain alphabetic lower-case word (the only words the benchmark uses)."""
    return WORD.fullmatch(text) is not None


@dataclass(frozen=True)
class Norms:
    """USF free-association norms: every cue's associates, strongest first, and the word pool."""

    associates: dict[str, list[str]]
    pool: list[str]  # sorted alphabetic lower-case words that appear as a cue or a target

    def strongest(self, cue: str) -> str:
        """The cue's strongest associate (highest forward strength)."""
        return self.associates[cue][0]


def _number(text: str, missing: float) -> float:
    text = text.strip()
    return missing if text in ("", "?") else float(text)


def load_usf(path: Path) -> Norms:
    """Read `usf_fsg_simple.tsv`; each cue's associates sorted by fsg (desc), then rank."""
    rows: dict[str, list[tuple[float, float, str]]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            cue, target = row["cue"].strip(), row["target"].strip()
            fsg = _number(row["fsg"], -math.inf)
            rank = _number(row["rank"], math.inf)
            rows.setdefault(cue, []).append((-fsg, rank, target))
    associates = {
        cue: list(dict.fromkeys(target for _, _, target in sorted(entries)))
        for cue, entries in rows.items()
    }
    words = set(associates) | {t for targets in associates.values() for t in targets}
    return Norms(associates=associates, pool=sorted(w for w in words if is_word(w)))


def overlaps(a: str, b: str) -> bool:
    """True when one word equals or contains the other."""
    return a in b or b in a


def eligible_cues(norms: Norms) -> tuple[list[str], Counter[str]]:
    """Cues usable as trials (sorted), and a count of the others by reason."""
    eligible: list[str] = []
    skipped: Counter[str] = Counter()
    for cue in sorted(norms.associates):
        target = norms.strongest(cue)
        if not is_word(cue):
            skipped["cue not a plain word"] += 1
        elif not is_word(target):
            skipped["associate not a plain word"] += 1
        elif overlaps(cue, target):
            skipped["associate overlaps cue"] += 1
        else:
            eligible.append(cue)
    return eligible, skipped


# -- trials ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trial:
    """One stack: the clue (a USF cue), its strongest associate, and the shuffled stack."""

    cue: str
    target: str
    stack: tuple[str, ...]
    variant: str
    target_associates: int  # how many distractors are the target's own associates

    @property
    def target_index(self) -> int:
        """Position of the target in the stack."""
        return self.stack.index(self.target)


@dataclass(frozen=True)
class TrialSet:
    """Trials of one variant plus the bookkeeping a report needs."""

    variant: str
    seed: int
    trials: list[Trial]
    eligible: int  # cues that could have been drawn
    total_cues: int  # cues in the norms
    ineligible: Counter[str] = field(default_factory=Counter)  # cues never drawn, by reason
    too_few_distractors: int = 0  # drawn cues skipped because no full stack could be built


def _random_distractors(
    rng: random.Random, pool: Sequence[str], excluded: set[str], count: int
) -> list[str] | None:
    """`count` distinct pool words not in `excluded` (drawn in order), or None if too few."""
    chosen: list[str] = []
    for _ in range(50 * count + 100):  # rejection sampling: fast when the pool is large
        if len(chosen) == count:
            return chosen
        word = rng.choice(pool)
        if word not in excluded and word not in chosen:
            chosen.append(word)
    if len(chosen) == count:
        return chosen
    rest = [w for w in pool if w not in excluded and w not in chosen]
    if len(rest) < count - len(chosen):
        return None
    return chosen + rng.sample(rest, count - len(chosen))


def make_trial(
    norms: Norms,
    cue: str,
    variant: str,
    rng: random.Random,
    stack_size: int = STACK_SIZE,
    hard_distractors: int = HARD_DISTRACTORS,
) -> Trial | None:
    """One trial for `cue`, or None when there are not enough distractors."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
    target = norms.strongest(cue)
    # Distractors are words people never gave for this cue (and never the cue itself).
    excluded = {cue, target, *norms.associates[cue]}
    hard: list[str] = []
    if variant == "hard":
        candidates = [
            w for w in norms.associates.get(target, []) if is_word(w) and w not in excluded
        ]
        hard = rng.sample(candidates, min(hard_distractors, len(candidates)))
    rest = _random_distractors(rng, norms.pool, excluded | set(hard), stack_size - 1 - len(hard))
    if rest is None:
        return None
    stack = [target, *hard, *rest]
    rng.shuffle(stack)  # so that ties in score never favour the target by position
    return Trial(cue, target, tuple(stack), variant, len(hard))


def build_trials(
    norms: Norms,
    variant: str,
    cues: int = DEFAULT_CUES,
    seed: int = DEFAULT_SEED,
    stack_size: int = STACK_SIZE,
    hard_distractors: int = HARD_DISTRACTORS,
) -> TrialSet:
    """Trials for `cues` cues drawn with `random.Random(seed)`; all variants draw the same cues."""
    eligible, ineligible = eligible_cues(norms)
    rng = random.Random(seed)
    drawn = rng.sample(eligible, min(cues, len(eligible)))
    built = [make_trial(norms, cue, variant, rng, stack_size, hard_distractors) for cue in drawn]
    trials = [trial for trial in built if trial is not None]
    return TrialSet(
        variant,
        seed,
        trials,
        eligible=len(eligible),
        total_cues=len(norms.associates),
        ineligible=ineligible,
        too_few_distractors=len(built) - len(trials),
    )


# -- evaluation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    """How well a scorer put the associate on top."""

    trials: int
    top1: float  # share of trials where the associate ranks 1st
    clear: float  # share where it ranks within the best CLEAR_DEPTH
    mrr: float  # mean reciprocal rank of the associate
    top1_ci95: tuple[float, float]


def embed_all(engine: SimilarityEngine, words: Iterable[str]) -> dict[str, np.ndarray]:
    """Embed every distinct word in one bulk call; word -> unit-length vector."""
    unique = list(dict.fromkeys(words))
    vectors = engine.embed(unique)
    return dict(zip(unique, vectors, strict=True))


def target_ranks(
    engine: SimilarityEngine, trials: Sequence[Trial], scorer: Scorer = cosine_scores
) -> np.ndarray:
    """1-based rank of the associate in each trial's stack, ties broken as `engine.rank` does."""
    vectors = embed_all(engine, (w for t in trials for w in (t.cue, *t.stack)))
    ranks = np.empty(len(trials), dtype=np.int64)
    for i, trial in enumerate(trials):
        matrix = np.stack([vectors[w] for w in trial.stack])
        order = rank_order(scorer(vectors[trial.cue], matrix))
        ranks[i] = int(np.flatnonzero(order == trial.target_index)[0]) + 1
    return ranks


def summarize(ranks: np.ndarray, clear_depth: int = CLEAR_DEPTH) -> Metrics:
    """Top-1 share, clear rate and MRR from 1-based target ranks."""
    ranks = np.asarray(ranks)
    n = int(ranks.size)
    if n == 0:
        return Metrics(0, math.nan, math.nan, math.nan, (math.nan, math.nan))
    hits = int(np.sum(ranks == 1))
    return Metrics(
        trials=n,
        top1=hits / n,
        clear=float(np.mean(ranks <= clear_depth)),
        mrr=float(np.mean(1.0 / ranks)),
        top1_ci95=proportion_ci95(hits, n),
    )


def evaluate(
    engine: SimilarityEngine, trials: Sequence[Trial], scorer: Scorer = cosine_scores
) -> Metrics:
    """Metrics of `scorer` (plain cosine by default) on `trials`."""
    return summarize(target_ranks(engine, trials, scorer))


def agrees_with_engine(engine: SimilarityEngine, trials: Sequence[Trial]) -> bool:
    """True when the bulk numpy ranking matches `engine.rank` on these trials."""
    for trial in trials:
        expected = [r.word for r in engine.rank(trial.cue, trial.stack)]
        vectors = embed_all(engine, (trial.cue, *trial.stack))
        matrix = np.stack([vectors[w] for w in trial.stack])
        order = rank_order(cosine_scores(vectors[trial.cue], matrix))
        if [trial.stack[i] for i in order] != expected:
            return False
    return True


# -- WordSim-353 ----------------------------------------------------------------------------


def average_ranks(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """1-based ranks of `values`; tied values share the mean of their ranks."""
    data = np.asarray(values, dtype=np.float64)
    order = np.argsort(data, kind="mergesort")
    ordered = data[order]
    starts = np.r_[0, np.flatnonzero(np.diff(ordered)) + 1]
    ends = np.r_[starts[1:], data.size]
    ranks = np.empty(data.size, dtype=np.float64)
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return ranks


def spearman(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Spearman's rank correlation (Pearson on average ranks); NaN if either side is constant."""
    if len(x) != len(y):
        raise ValueError(f"length mismatch: {len(x)} vs {len(y)}")
    if len(x) < 2:
        return math.nan
    rx, ry = average_ranks(x), average_ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denominator = math.sqrt(float(rx @ rx) * float(ry @ ry))
    return math.nan if denominator == 0 else float(rx @ ry) / denominator


def load_wordsim(path: Path) -> list[tuple[str, str, float]]:
    """(word1, word2, human score) pairs; a header line or blank lines are skipped."""
    pairs: list[tuple[str, str, float]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.strip().split("\t") if "\t" in line else line.split()
            if len(fields) < 3:
                continue
            try:
                score = float(fields[2])
            except ValueError:  # header line such as "Word 1  Word 2  Human (mean)"
                continue
            pairs.append((fields[0].strip(), fields[1].strip(), score))
    return pairs


def wordsim_spearman(engine: SimilarityEngine, pairs: Sequence[tuple[str, str, float]]) -> float:
    """Spearman correlation between cosine similarity and the human scores."""
    vectors = embed_all(engine, (w for a, b, _ in pairs for w in (a, b)))
    cosines = [float(vectors[a] @ vectors[b]) for a, b, _ in pairs]
    return spearman(cosines, [score for _, _, score in pairs])


# -- command line ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="association.py",
        description=(
            "Ranking-quality benchmarks. Arcade association: for each sampled USF cue, a "
            f"{STACK_SIZE}-word stack holds the cue's strongest human associate and "
            f"{STACK_SIZE - 1} words people never gave for it ('hard': up to "
            f"{HARD_DISTRACTORS} of them are the associate's own associates); the cue is the "
            "clue; reports top-1 share, clear rate (associate within the best "
            f"{CLEAR_DEPTH}) and MRR. WordSim-353: Spearman correlation of cosine with human "
            "similarity scores. Skipped (exit 0) when the data folder is absent."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--cues", type=int, default=DEFAULT_CUES, help="USF cues to sample")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--model",
        default=None,
        help="sentence-transformers model name or folder (None = the packaged all-MiniLM-L6-v2)",
    )
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding usf/ and wordsim353/"
    )
    args = parser.parse_args(argv)
    if args.cues < 1:
        parser.error("--cues must be at least 1")
    return args


def _skip_reasons(skipped: Counter[str]) -> str:
    return ", ".join(f"{count:,} {reason}" for reason, count in sorted(skipped.items())) or "none"


def main(argv: Sequence[str] | None = None) -> int:
    """Run both benchmarks and print a report; returns the exit status."""
    args = parse_args(argv)
    started = time.perf_counter()
    data: Path = args.data
    if not data.is_dir():
        print(f"Association benchmark skipped: data folder {data} not found.")
        return 0
    usf_path = data / USF_FILE
    wordsim_paths = {name: data / rel for name, rel in WORDSIM_FILES.items()}
    missing = [p for p in (usf_path, *wordsim_paths.values()) if not p.is_file()]
    if len(missing) == 1 + len(wordsim_paths):
        print(f"Association benchmark skipped: no data files found in {data}.")
        return 0

    from game.engine import SimilarityEngine

    engine = SimilarityEngine(args.model)
    load_started = time.perf_counter()
    engine.load()
    load_seconds = time.perf_counter() - load_started

    info = machine_info()
    print(
        format_header(
            "Wordstack association benchmark",
            {
                "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "model": engine.model_id,
                "machine": f"{info['platform']}, {info['cores']} cores (os.cpu_count)",
                "versions": (
                    f"python {info['python']}, torch {info['torch']}, "
                    f"sentence-transformers {info['sentence-transformers']}, "
                    f"numpy {info['numpy']}"
                ),
                "seed": args.seed,
                "data": data,
            },
        )
    )
    for path in missing:
        print(f"(skipped: {path} not found)")

    if usf_path.is_file():
        norms = load_usf(usf_path)
        sets = [build_trials(norms, v, args.cues, args.seed) for v in VARIANTS]
        rows = []
        for trial_set in sets:
            metrics = evaluate(engine, trial_set.trials)
            low, high = metrics.top1_ci95
            rows.append(
                [
                    trial_set.variant,
                    metrics.trials,
                    metrics.top1,
                    f"{low:.3f}-{high:.3f}",
                    metrics.clear,
                    metrics.mrr,
                    trial_set.too_few_distractors,
                ]
            )
        first = sets[0]
        print()
        print(
            f"Arcade association (USF, {STACK_SIZE}-word stacks, clue = cue, "
            "target = strongest associate)"
        )
        print(
            f"cues: {first.eligible:,} eligible of {first.total_cues:,}; "
            f"never drawn: {_skip_reasons(first.ineligible)}"
        )
        headers = [
            "variant",
            "trials",
            "top-1",
            "top-1 95% CI",
            f"clear@{CLEAR_DEPTH}",
            "MRR",
            "skipped (too few distractors)",
        ]
        print(format_table(headers, rows))
        for trial_set in sets:
            if trial_set.variant == "hard" and trial_set.trials:
                counts = [t.target_associates for t in trial_set.trials]
                short = sum(c < HARD_DISTRACTORS for c in counts)
                print(
                    f"hard: {np.mean(counts):.2f} of the target's own associates per stack on "
                    f"average; {short:,} stacks had fewer than {HARD_DISTRACTORS}"
                )
        check = [t for s in sets for t in s.trials[:5]]
        status = "ok" if agrees_with_engine(engine, check) else "MISMATCH"
        print(f"check: bulk ranking vs engine.rank on {len(check)} stacks: {status}")

    wordsim_rows = []
    for name, path in wordsim_paths.items():
        if path.is_file():
            pairs = load_wordsim(path)
            wordsim_rows.append([name, len(pairs), wordsim_spearman(engine, pairs)])
    if wordsim_rows:
        print()
        print("WordSim-353 (Spearman rho, cosine vs human score)")
        print(format_table(["set", "pairs", "rho"], wordsim_rows))

    print()
    print(f"elapsed: {time.perf_counter() - started:.1f} s (model load {load_seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
