"""Fast tests of the pure pieces of bench/association.py (no model, no real data)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "association.py"


def _load_bench():
    name = "bench_association"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _load_bench()

HEADER = "cue\ttarget\tfsg\tbsg\tn_cue_participants\tn_producing\ttarget_normed\trank\n"
FILLER = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]


def _rows() -> list[tuple[str, str, str, str]]:
    rows = [
        # cue dog: strongest associate cat; listed out of fsg order on purpose
        ("dog", "bone", ".200", "2"),
        ("dog", "cat", ".500", "1"),
        ("dog", "bark", ".100", "3"),
        ("dog", "leash", "?", "4"),
        # cue cat (the target above): its own associates make the "hard" distractors
        ("cat", "mouse", ".400", "1"),
        ("cat", "dog", ".300", "2"),
        ("cat", "fur", ".100", "3"),
        ("cat", "purr", ".050", "4"),
        ("cat", "kitten", ".040", "5"),
        ("cat", "whisker", ".030", "6"),
        ("cat", "meow", ".020", "7"),
        ("cat", "bone", ".010", "8"),  # also an associate of dog: never a dog distractor
        # cue mouse: target cheese has only two associates usable as distractors
        ("mouse", "cheese", ".600", "1"),
        ("mouse", "trap", ".100", "2"),
        ("cheese", "cracker", ".300", "1"),
        ("cheese", "mouse", ".200", "2"),
        ("cheese", "trap", ".100", "3"),
        ("cheese", "wine", ".050", "4"),
        ("cheese", "swiss cheese", ".040", "5"),
        # ineligible cues
        ("sun", "sunny", ".500", "1"),  # associate contains the cue
        ("ice cream", "cold", ".500", "1"),  # cue is not a plain word
        ("car", "new york", ".500", "1"),  # associate is not a plain word
    ]
    rows += [("list", word, f".{90 - i:02d}", str(i + 1)) for i, word in enumerate(FILLER)]
    return rows


@pytest.fixture
def usf_path(tmp_path: Path) -> Path:
    path = tmp_path / "usf" / "usf_fsg_simple.tsv"
    path.parent.mkdir()
    lines = [
        f"{cue}\t{target}\t{fsg}\t?\t150\t10\tYES\t{rank}\n" for cue, target, fsg, rank in _rows()
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def norms(usf_path: Path):
    return bench.load_usf(usf_path)


# -- Spearman ---------------------------------------------------------------------------------


def test_average_ranks_share_ties() -> None:
    assert bench.average_ranks([10, 20, 20, 30]).tolist() == [1.0, 2.5, 2.5, 4.0]
    assert bench.average_ranks([3, 1, 3, 3]).tolist() == [3.0, 1.0, 3.0, 3.0]


def test_spearman_known_values() -> None:
    assert bench.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(0.8207826816681233)
    assert bench.spearman([1, 2, 3, 4], [1, 8, 27, 64]) == pytest.approx(1.0)
    assert bench.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)


def test_spearman_with_ties_matches_hand_computation() -> None:
    # ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4]: rho = 4.5 / sqrt(4.5 * 5)
    assert bench.spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(4.5 / math.sqrt(22.5))


def test_spearman_degenerate_inputs() -> None:
    assert math.isnan(bench.spearman([1, 1, 1], [1, 2, 3]))
    assert math.isnan(bench.spearman([1], [2]))
    with pytest.raises(ValueError):
        bench.spearman([1, 2], [1, 2, 3])


# -- USF and trials ---------------------------------------------------------------------------


def test_load_usf_orders_by_strength(norms) -> None:
    assert norms.strongest("dog") == "cat"
    assert norms.associates["dog"] == ["cat", "bone", "bark", "leash"]  # missing fsg last
    assert "new york" not in norms.pool and "swiss cheese" not in norms.pool
    assert {"dog", "cat", "alpha", "leash"} <= set(norms.pool)
    assert norms.pool == sorted(norms.pool)


def test_eligible_cues_skip_reasons(norms) -> None:
    eligible, skipped = bench.eligible_cues(norms)
    assert eligible == ["cat", "cheese", "dog", "list", "mouse"]
    assert skipped == {
        "associate overlaps cue": 1,
        "cue not a plain word": 1,
        "associate not a plain word": 1,
    }


@pytest.mark.parametrize("variant", bench.VARIANTS)
def test_trials_are_well_formed(norms, variant: str) -> None:
    trial_set = bench.build_trials(norms, variant, cues=100, seed=7)
    assert len(trial_set.trials) == trial_set.eligible == 5  # all eligible cues, no more
    assert trial_set.too_few_distractors == 0
    assert sum(trial_set.ineligible.values()) == trial_set.total_cues - 5
    for trial in trial_set.trials:
        assert trial.target == norms.strongest(trial.cue)
        assert len(trial.stack) == bench.STACK_SIZE == 10
        assert len(set(trial.stack)) == 10
        assert trial.stack[trial.target_index] == trial.target
        distractors = [w for w in trial.stack if w != trial.target]
        assert trial.cue not in distractors
        assert not set(distractors) & set(norms.associates[trial.cue])
        assert all(w in norms.pool for w in distractors)


def test_hard_variant_uses_the_targets_own_associates(norms) -> None:
    trials = {t.cue: t for t in bench.build_trials(norms, "hard", cues=100, seed=3).trials}
    # cat's associates minus dog's own associates (bone) and the cue (dog)
    usable = {"mouse", "fur", "purr", "kitten", "whisker", "meow"}
    dog = trials["dog"]
    assert dog.target_associates == 5
    assert len(set(dog.stack) & usable) >= 5
    assert "bone" not in dog.stack
    # cheese has only cracker and wine left (mouse is the cue, trap its associate)
    mouse = trials["mouse"]
    assert mouse.target_associates == 2
    assert {"cracker", "wine"} <= set(mouse.stack)
    assert "trap" not in mouse.stack


def test_random_variant_has_no_forced_associates(norms) -> None:
    for trial in bench.build_trials(norms, "random", cues=100, seed=3).trials:
        assert trial.target_associates == 0


def test_trials_are_deterministic_for_a_seed(norms) -> None:
    for variant in bench.VARIANTS:
        first = bench.build_trials(norms, variant, cues=3, seed=11).trials
        again = bench.build_trials(norms, variant, cues=3, seed=11).trials
        assert first == again
    random_cues = [t.cue for t in bench.build_trials(norms, "random", cues=3, seed=11).trials]
    hard_cues = [t.cue for t in bench.build_trials(norms, "hard", cues=3, seed=11).trials]
    assert random_cues == hard_cues  # every variant draws the same cues
    stacks = {
        tuple(t.stack for t in bench.build_trials(norms, "random", 5, s).trials) for s in range(8)
    }
    assert len(stacks) > 1  # the seed matters


def test_cues_without_enough_distractors_are_counted() -> None:
    tiny = bench.Norms(associates={"ant": ["bee"], "bee": ["cow"]}, pool=["ant", "bee", "cow"])
    trial_set = bench.build_trials(tiny, "random", cues=10, seed=1)
    assert trial_set.trials == []
    assert trial_set.too_few_distractors == 2
    short = bench.build_trials(tiny, "random", cues=10, seed=1, stack_size=2)
    assert short.too_few_distractors == 0
    assert {t.cue: sorted(t.stack) for t in short.trials} == {
        "ant": ["bee", "cow"],
        "bee": ["ant", "cow"],
    }


def test_unknown_variant_is_rejected(norms) -> None:
    with pytest.raises(ValueError):
        bench.make_trial(norms, "dog", "impossible", bench.random.Random(0))


# -- scoring ----------------------------------------------------------------------------------


class FakeEngine:
    """Embeds words as fixed unit vectors: `same` words share one vector, the rest another."""

    def __init__(self, same: set[str]) -> None:
        self.same = same

    def for_method(self, method):
        return self  # one fake ranking serves every method

    def embed(self, texts):
        return np.array(
            [[1.0, 0.0] if t in self.same else [0.0, 1.0] for t in texts], dtype=np.float32
        )


def test_target_ranks_and_metrics(norms) -> None:
    trials = bench.build_trials(norms, "random", cues=100, seed=5).trials
    for trial in trials:  # the cue and its target share a vector; every distractor differs
        assert bench.target_ranks(FakeEngine({trial.cue, trial.target}), [trial]).tolist() == [1]
    # All scores tie: the stack order decides, as in engine.rank.
    ties = FakeEngine(set())
    expected = [t.target_index + 1 for t in trials]
    assert bench.target_ranks(ties, trials).tolist() == expected


def test_summarize() -> None:
    metrics = bench.summarize(np.array([1, 2, 5, 1]))
    assert metrics.trials == 4
    assert metrics.top1 == 0.5
    assert metrics.clear == 0.75
    assert metrics.mrr == pytest.approx((1 + 0.5 + 0.2 + 1) / 4)
    low, high = metrics.top1_ci95
    assert 0 < low < 0.5 < high < 1
    assert math.isnan(bench.summarize(np.array([], dtype=int)).top1)


# -- WordSim and the command line --------------------------------------------------------------


def test_load_wordsim_skips_header(tmp_path: Path) -> None:
    path = tmp_path / "ws.txt"
    path.write_text("Word 1\tWord 2\tHuman (mean)\nlove\tsex\t6.77\n\ntiger\tcat\t7.35\n")
    assert bench.load_wordsim(path) == [("love", "sex", 6.77), ("tiger", "cat", 7.35)]


def test_main_skips_without_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--data", str(tmp_path / "absent")]) == 0
    out = capsys.readouterr().out
    assert "skipped" in out and "absent" in out
    assert bench.main(["--data", str(tmp_path)]) == 0  # folder present, files absent
    assert "skipped" in capsys.readouterr().out


def _project_root() -> Path:
    """The folder holding pyproject.toml, found by walking up from this test file."""
    folder = Path(__file__).resolve().parent
    while not (folder / "pyproject.toml").is_file():
        assert folder != folder.parent, "no pyproject.toml above the tests"
        folder = folder.parent
    return folder


def test_default_data_folder_is_beside_the_project() -> None:
    # ../shared/data relative to the project root (DESIGN.md), whatever the bench file does.
    assert _project_root().parent / "shared" / "data" == bench.DEFAULT_DATA
    assert bench.parse_args([]).data == bench.DEFAULT_DATA


# -- halves -----------------------------------------------------------------------------------


def test_half_of_is_a_fixed_balanced_split() -> None:
    # Pinned: the split must never move, or "held-out" figures would silently change meaning.
    assert [bench.half_of(c) for c in ("dog", "cat", "stethoscope", "oyster", "giraffe")] == [
        "held-out",
        "held-out",
        "held-out",
        "fit",
        "held-out",
    ]
    words = [f"word{i}" for i in range(2000)]
    fit = sum(bench.half_of(w) == bench.FIT for w in words)
    assert 900 < fit < 1100
    assert {bench.half_of(w) for w in words} == {bench.FIT, bench.HELD_OUT}


def test_half_metrics_split_trials_by_cue(norms) -> None:
    trials = bench.build_trials(norms, "random", cues=100, seed=5).trials
    engine = FakeEngine({"cat", "dog", "mouse", "cheese"})
    metrics = bench.half_metrics(engine, trials, "cosine")
    for half in (bench.FIT, bench.HELD_OUT):
        mine = [t for t in trials if bench.half_of(t.cue) == half]
        assert metrics[half] == bench.evaluate(engine, mine)
    assert metrics["all"] == bench.evaluate(engine, trials)
    assert metrics[bench.FIT].trials + metrics[bench.HELD_OUT].trials == len(trials)
