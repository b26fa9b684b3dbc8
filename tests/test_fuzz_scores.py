"""Fuzzing score database rows: any value another program wrote reads without error."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scores import SCORE_COLUMNS as COLUMNS
from game.scores import ScoreTable

awkward_text = st.text(
    st.characters(exclude_categories=("Cs",)) | st.sampled_from("\x1b\x07\t\n\r\x00"),
    max_size=30,
)
# (value, stored as TEXT by a cast): casting a blob makes text that is not UTF-8.
cell = st.one_of(
    st.tuples(st.none(), st.just(False)),
    st.tuples(st.integers(-(2**63), 2**63 - 1), st.just(False)),
    st.tuples(st.floats(), st.just(False)),
    st.tuples(awkward_text, st.just(False)),
    st.tuples(st.binary(max_size=12), st.booleans()),
)
mode_cell = st.sampled_from([("arcade", False), ("arcade-ai", False)]) | cell


def database(rows: list[dict]) -> tempfile.TemporaryDirectory:
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "scores.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        # Another program's table: the same columns without types or constraints.
        connection.execute(f"CREATE TABLE scores (id INTEGER PRIMARY KEY, {', '.join(COLUMNS)})")
        for cells in rows:
            marks = ", ".join("CAST(? AS TEXT)" if cast else "?" for _, cast in cells.values())
            connection.execute(
                f"INSERT INTO scores ({', '.join(cells)}) VALUES ({marks})",
                [value for value, _ in cells.values()],
            )
    return folder


rows_strategy = st.lists(
    st.fixed_dictionaries({name: (mode_cell if name == "mode" else cell) for name in COLUMNS}),
    max_size=6,
)


@settings(max_examples=120, deadline=None)
@given(rows_strategy, st.integers(1, 20))
def test_any_rows_read_as_well_typed_entries(rows, limit):
    with database(rows) as folder:
        table = ScoreTable(Path(folder) / "scores.sqlite3")
        assert table.notice is None
        for mode in ("arcade", "arcade-ai"):
            entries = table.top(limit, mode)
            assert len(entries) <= limit
            scores = [entry.score for entry in entries]
            assert scores == sorted(scores, reverse=True)
            for entry in entries:
                assert type(entry.score) is int and type(entry.seed) is int
                assert isinstance(entry.name, str) and entry.name.isprintable()
                assert isinstance(entry.pack, str) and 0 <= entry.played_at < 2.6e11
            table.qualifies(100, limit, mode)


@settings(max_examples=60, deadline=None)
@given(rows_strategy)
def test_the_scores_command_prints_any_rows_as_clean_lines(rows):
    with database(rows) as folder, mock.patch.dict(os.environ, {"WORDSTACK_DATA_DIR": folder}):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert main(["scores", "--limit", "50"]) == 0
    for line in out.getvalue().splitlines():
        fields = line.split("\t")
        assert len(fields) == 6 and all(field.isprintable() for field in fields)
