"""Fuzzing every command's arguments: status 0 or 2, errors on one line, never a traceback.

NUL is left out of the arguments: no shell can pass it to a process.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main

FUZZ_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
odd_characters = st.sampled_from(["\x1b[31m", "\udcff", "\n", "\t", "é", "-", "İ", " "])
texts = st.lists(
    st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=12)
    | odd_characters,
    min_size=1,
    max_size=3,
).map("".join)
numbers = st.one_of(
    st.integers().map(str),
    st.integers(-5, 30).map(str),
    st.floats().map(repr),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "0x10", "", "2**70", str(2**70), "1_000"]),
)
words = st.sampled_from(["fruit", "ocean", "apple", "car", "piano", "tiger", "bread"])
anything = st.one_of(texts, numbers, words)
NO_START: st.SearchStrategy[list[str]] = st.just([])


def command(
    name: str,
    options: dict[str, st.SearchStrategy[str]],
    well_formed: st.SearchStrategy[list[str]] = NO_START,
):
    """Argument lists for one command: a well-formed start (often), then its options with
    fitting or wild values, stray words and --help."""
    option = st.sampled_from(sorted(options)).flatmap(
        lambda flag: st.tuples(st.just(flag), options[flag] | anything)
    )
    parts = st.lists(
        st.one_of(option.map(list), anything.map(lambda t: [t]), st.just(["--help"])),
        max_size=4,
    )
    start = well_formed | st.just([])
    return st.tuples(start, parts).map(
        lambda both: [name, *both[0], *(arg for chunk in both[1] for arg in chunk)]
    )


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_info:  # --help and argument errors
            status = exit_info.code
    return status, out.getvalue(), err.getvalue()


def check(argv: list[str]) -> tuple[int, str, str]:
    status, out, err = run_cli(argv)
    assert status in (0, 2), (argv, status, err)
    if status == 2:
        lines = err.splitlines()
        assert lines and all(line.startswith("wordstack") for line in lines), (argv, err)
        assert all(len(line) < 600 for line in lines)
    return status, out, err


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@FUZZ_SETTINGS
@given(
    argv=command(
        "rank",
        {"--top": numbers, "--pack": st.sampled_from(["animals", "x.txt"])},
        st.lists(words | texts, min_size=1, max_size=4),
    )
)
def test_rank_arguments(engine, argv):
    status, out, _ = check(argv)
    if status == 0 and "--help" not in argv:
        for line in out.splitlines():
            _, score = line.rsplit("\t", 1)
            assert -1.0001 <= float(score) <= 1.0001


@FUZZ_SETTINGS
@given(
    argv=command(
        "clue",
        {
            "--stack": words,
            "--temperature": numbers,
            "-n": st.integers(-2, 12).map(str) | numbers,
            "--seed": numbers,
            "--top-k": numbers,
            "--top-p": numbers,
            "--plot": st.sampled_from(["dist.txt", "/", "out/dist.png"]),
        },
        st.tuples(words | texts, st.lists(words | texts, min_size=1, max_size=3)).map(
            lambda parts: [parts[0], "--stack", *parts[1]]
        ),
    )
)
def test_clue_arguments(engine, folder, argv):
    with _chdir(folder):
        check(argv)


@contextlib.contextmanager
def _chdir(path: Path):
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@FUZZ_SETTINGS
@given(
    argv=command(
        "play",
        {
            "--pack": st.sampled_from(["animals", "nope", "x.txt"]),
            "--seed": numbers,
            "--max-seconds": numbers,
            "--screenshot": st.sampled_from(["s.png", "/", "/proc/x.png", "a.jpg"]),
            "--size": st.sampled_from(["800x500", "1x1", "x", "99999x2"]) | texts,
            "--ai": st.just(""),
            "--temperature": numbers,
            "--model": texts,
        },
    )
)
def test_play_arguments(folder, argv):
    """Only the parsing and checks: a valid command line reaches App, recorded here."""
    app = mock.MagicMock()
    app.return_value.run.return_value = 0
    app.return_value.final_score = None
    with mock.patch("game.ui.app.App", app), _chdir(folder):
        check([arg for arg in argv if arg != ""])
    if app.called:
        options = app.call_args.args[0]
        assert options.seed is None or 0 <= options.seed < 2**63
        assert options.temperature >= 0 and options.temperature < float("inf")


@FUZZ_SETTINGS
@given(
    argv=command("scores", {"--mode": st.sampled_from(["arcade", "ai", "x"]), "--limit": numbers})
)
def test_scores_arguments(folder, argv):
    with mock.patch.dict(os.environ, {"WORDSTACK_DATA_DIR": str(folder)}):
        check(argv)


@FUZZ_SETTINGS
@given(argv=command("packs", {"--help": st.just("")}))
def test_packs_arguments(argv):
    check([arg for arg in argv if arg != ""])


@FUZZ_SETTINGS
@given(argv=st.lists(anything, max_size=4))
def test_any_first_word(argv):
    check(argv)
