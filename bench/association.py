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
import hashlib
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if str(Path(__file__).resolve().parent) not in sys.path:  # so `_common` imports when loaded
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # by file path, not as a script

from _common import format_header, format_table, machine_info, percentiles, proportion_ci95

from game.engine.scoring import score_rows
from game.similarity import rank_order

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
FIT, HELD_OUT = "fit", "held-out"  # the two halves of the cues (see half_of)
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


def read_usf(path: Path) -> Iterator[tuple[str, str, float, float]]:
    """(cue, target, fsg, rank) rows of `usf_fsg_simple.tsv`; a missing fsg is -inf."""
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield (
                row["cue"].strip(),
                row["target"].strip(),
                _number(row["fsg"], -math.inf),
                _number(row["rank"], math.inf),
            )


def load_usf(path: Path) -> Norms:
    """Read `usf_fsg_simple.tsv`; each cue's associates sorted by fsg (desc), then rank."""
    rows: dict[str, list[tuple[float, float, str]]] = {}
    for cue, target, fsg, rank in read_usf(path):
        rows.setdefault(cue, []).append((-fsg, rank, target))
    associates = {
        cue: list(dict.fromkeys(target for _, _, target in sorted(entries)))
        for cue, entries in rows.items()
    }
    words = set(associates) | {t for targets in associates.values() for t in targets}
    return Norms(associates=associates, pool=sorted(w for w in words if is_word(w)))


def half_of(cue: str) -> str:
    """The fixed half a cue belongs to: FIT (anything learned may use it) or HELD_OUT.

    A hash of the cue decides, so the split needs no list, never changes and holds for
    any data set.
    """
    return FIT if hashlib.sha256(cue.encode("utf-8")).digest()[0] % 2 == 0 else HELD_OUT


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


def engine_scores(query: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The engine's own scores of one vector against rows (`game.engine.scoring.score_rows`)."""
    return score_rows(query, matrix)[0]


def embed_all(
    engine: SimilarityEngine, words: Iterable[str], method: str | None = None
) -> dict[str, np.ndarray]:
    """Embed every distinct word in one bulk call; word -> the method's unit vector."""
    unique = list(dict.fromkeys(words))
    vectors = by_method(engine, method).embed(unique)
    return dict(zip(unique, vectors, strict=True))


def by_method(engine: SimilarityEngine, method: str | None) -> SimilarityEngine:
    """The engine ranking by `method` on the same loaded model (itself when None)."""
    return engine if method is None else engine.for_method(method)


def target_ranks(
    engine: SimilarityEngine,
    trials: Sequence[Trial],
    scorer: Scorer = engine_scores,
    method: str | None = None,
) -> np.ndarray:
    """1-based rank of the associate in each trial's stack, ties broken as `engine.rank` does."""
    vectors = embed_all(engine, (w for t in trials for w in (t.cue, *t.stack)), method)
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
    engine: SimilarityEngine,
    trials: Sequence[Trial],
    scorer: Scorer = engine_scores,
    method: str | None = None,
) -> Metrics:
    """Metrics of `scorer` (a dot product by default) on `trials`, with the engine's method."""
    return summarize(target_ranks(engine, trials, scorer, method))


def agrees_with_engine(engine: SimilarityEngine, trials: Sequence[Trial], method: str) -> bool:
    """True when the bulk numpy ranking matches `engine.rank` on these trials."""
    for trial in trials:
        expected = [r.word for r in by_method(engine, method).rank(trial.cue, trial.stack)]
        vectors = embed_all(engine, (trial.cue, *trial.stack), method)
        matrix = np.stack([vectors[w] for w in trial.stack])
        order = rank_order(engine_scores(vectors[trial.cue], matrix))
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


def wordsim_spearman(
    engine: SimilarityEngine, pairs: Sequence[tuple[str, str, float]], method: str | None = None
) -> float:
    """Spearman correlation between the method's similarity and the human scores."""
    vectors = embed_all(engine, (w for a, b, _ in pairs for w in (a, b)), method)
    cosines = [float(vectors[a] @ vectors[b]) for a, b, _ in pairs]
    return spearman(cosines, [score for _, _, score in pairs])


# -- latency --------------------------------------------------------------------------------


def clue_latencies(
    engine: SimilarityEngine,
    method: str,
    stack: Sequence[str],
    clues: Sequence[str],
) -> list[float]:
    """Seconds per `engine.rank` of a clue the engine has not seen, on a cached stack."""
    engine = by_method(engine, method)
    engine.embed(stack)
    for warm in ("warm", "up"):
        engine.rank(warm, stack)
    times = []
    for clue in clues:
        started = time.perf_counter()
        engine.rank(clue, stack)
        times.append(time.perf_counter() - started)
    return times


def half_metrics(
    engine: SimilarityEngine, trials: Sequence[Trial], method: str
) -> dict[str, Metrics]:
    """Metrics on every trial's cue half (FIT, HELD_OUT) and on all trials ('all')."""
    ranks = target_ranks(engine, trials, method=method)
    halves = np.array([half_of(t.cue) for t in trials])
    result = {half: summarize(ranks[halves == half]) for half in (FIT, HELD_OUT)}
    result["all"] = summarize(ranks)
    return result


# -- command line ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    from game.engine.methods import DEFAULT_METHOD, METHODS

    parser = argparse.ArgumentParser(
        prog="association.py",
        description=(
            "Ranking-quality benchmarks of every ranking method. Arcade association: for each "
            f"sampled USF cue, a {STACK_SIZE}-word stack holds the cue's strongest human "
            f"associate and {STACK_SIZE - 1} words people never gave for it ('hard': up to "
            f"{HARD_DISTRACTORS} of them are the associate's own associates); the cue is the "
            "clue; reports top-1 share, clear rate (associate within the best "
            f"{CLEAR_DEPTH}) and MRR, on the half of the cues the learned parts were fitted "
            f"on ('{FIT}') and on the other ('{HELD_OUT}'). WordSim-353: Spearman correlation "
            "of the method's similarity with human scores. Latency: one novel clue ranking a "
            "30-word stack. Skipped (exit 0) when the data folder is absent."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--cues",
        type=int,
        default=0,
        help=f"USF cues to sample (0 = every eligible cue; {DEFAULT_CUES:,} is the quick "
        "figure of DESIGN.md, too few for two halves)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help=f"comma-separated ranking methods (default method: {DEFAULT_METHOD}); 'large' is "
        "skipped with a note when its extra is not installed",
    )
    parser.add_argument(
        "--model",
        default=None,
        help="sentence-transformers model name or folder (None = the packaged all-MiniLM-L6-v2)",
    )
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding usf/ and wordsim353/"
    )
    parser.add_argument("--latency-clues", type=int, default=200, help="clues timed per method")
    args = parser.parse_args(argv)
    if args.cues < 0:
        parser.error("--cues must be 0 (all) or more")
    args.methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in args.methods if m not in METHODS]
    if unknown or not args.methods:
        parser.error(f"unknown method(s) {unknown}; choose from {', '.join(METHODS)}")
    if args.latency_clues < 1:
        parser.error("--latency-clues must be at least 1")
    return args


def _skip_reasons(skipped: Counter[str]) -> str:
    return ", ".join(f"{count:,} {reason}" for reason, count in sorted(skipped.items())) or "none"


def _latency_material(
    seed: int, count: int, methods: int, seen: set[str]
) -> tuple[list[str], list[list[str]]]:
    """A 30-word stack of the default pack and `count` distinct unseen clues per method."""
    from game.cluegen import default_vocabulary
    from game.words import load_pack

    rng = random.Random(seed)
    pack = load_pack("default").words
    stack = rng.sample(pack, 30)
    # Clues no method has embedded yet (not in any trial), so each timing encodes one.
    excluded = set(pack) | seen
    vocabulary = [w for w in default_vocabulary().words if w not in excluded]
    clues = rng.sample(vocabulary, min(len(vocabulary), count * methods))
    return stack, [clues[i::methods] for i in range(methods)]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks for every method and print one table; returns the exit status."""
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
    from game.engine.methods import get_method
    from game.errors import ModelUnavailableError

    engines: dict[bool, SimilarityEngine] = {}
    load_seconds = 0.0
    methods: list[str] = []
    notes: list[str] = []
    for name in args.methods:
        large = get_method(name).large and args.model is None
        if large not in engines:
            engine = SimilarityEngine(args.model, method=name)
            load_started = time.perf_counter()
            try:
                engine.load()
            except ModelUnavailableError as exc:
                notes.append(f"method {name} skipped: {exc}")
                continue
            load_seconds += time.perf_counter() - load_started
            engines[large] = engine
        methods.append(name)

    info = machine_info()
    print(
        format_header(
            "Wordstack association benchmark",
            {
                "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "models": ", ".join(e.model_id for e in engines.values()),
                "machine": f"{info['platform']}, {info['cores']} cores (os.cpu_count); "
                "shared with other jobs, so latencies are noisy",
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
    for line in notes:
        print(f"({line})")
    for path in missing:
        print(f"(skipped: {path} not found)")

    sets: list[TrialSet] = []
    if usf_path.is_file():
        norms = load_usf(usf_path)
        cues = args.cues or len(norms.associates)
        sets = [build_trials(norms, v, cues, args.seed) for v in VARIANTS]
        first = sets[0]
        halves = Counter(half_of(t.cue) for t in first.trials)
        print()
        print(
            f"Arcade association (USF, {STACK_SIZE}-word stacks, clue = cue, target = "
            f"strongest associate): {len(first.trials):,} cues ({halves[FIT]:,} {FIT}, "
            f"{halves[HELD_OUT]:,} {HELD_OUT}) of {first.eligible:,} eligible, "
            f"{first.total_cues:,} in the norms; never drawn: {_skip_reasons(first.ineligible)}; "
            f"skipped for too few distractors: "
            + ", ".join(f"{s.variant} {s.too_few_distractors}" for s in sets)
        )
        for trial_set in sets:
            if trial_set.variant == "hard" and trial_set.trials:
                counts = [t.target_associates for t in trial_set.trials]
                short = sum(c < HARD_DISTRACTORS for c in counts)
                print(
                    f"hard: {np.mean(counts):.2f} of the target's own associates per stack on "
                    f"average; {short:,} stacks had fewer than {HARD_DISTRACTORS}"
                )

    seen = {w for s in sets for t in s.trials for w in (t.cue, *t.stack)}
    seen |= {
        w
        for path in wordsim_paths.values()
        if path.is_file()
        for p in load_wordsim(path)
        for w in p[:2]
    }
    stack, latency_clues = _latency_material(args.seed, args.latency_clues, len(methods), seen)
    rows = []
    checks = []
    for number, name in enumerate(methods):
        engine = engines[get_method(name).large and args.model is None]
        per_variant = {s.variant: half_metrics(engine, s.trials, name) for s in sets}
        rho = {
            key: wordsim_spearman(engine, load_wordsim(path), name)
            for key, path in wordsim_paths.items()
            if path.is_file()
        }
        timing = percentiles(
            [t * 1000 for t in clue_latencies(engine, name, stack, latency_clues[number])],
            (50, 95),
        )
        if sets:
            check = [t for s in sets for t in s.trials[:5]]
            checks.append(
                f"{name} {'ok' if agrees_with_engine(engine, check, name) else 'MISMATCH'}"
            )
        for half in (FIT, HELD_OUT):
            row: list[object] = [name, half]
            for variant in ("hard", "random"):
                m = per_variant.get(variant, {}).get(half)
                row += [m.top1, m.clear, m.mrr] if m else ["", "", ""]
            first_row = half == FIT
            row += [
                rho.get("REL", "") if first_row else "",
                rho.get("ALL", "") if first_row else "",
            ]
            row += [timing["p50"], timing["p95"]] if first_row else ["", ""]
            rows.append(row)
    headers = [
        "method",
        "cues",
        "hard top-1",
        f"hard clear@{CLEAR_DEPTH}",
        "hard MRR",
        "random top-1",
        f"random clear@{CLEAR_DEPTH}",
        "random MRR",
        "WS-353 REL",
        "WS-353 ALL",
        "p50 ms",
        "p95 ms",
    ]
    print()
    print(format_table(headers, rows))
    print(
        f"cues: '{FIT}' = the half of the USF cues the learned map and the blend weights were "
        f"fitted on; '{HELD_OUT}' = never seen by any fitting. WordSim-353: Spearman rho. "
        "Latency: engine.rank of one novel clue on a 30-word stack, "
        f"{args.latency_clues} clues per method (machine shared and loaded)."
    )
    if checks:
        print("check: bulk ranking vs engine.rank on 10 stacks: " + ", ".join(checks))
    print()
    print(f"elapsed: {time.perf_counter() - started:.1f} s (model load {load_seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
