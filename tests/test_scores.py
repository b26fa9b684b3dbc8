"""The SQLite high-score table keeps every score and survives a damaged file."""

import sqlite3

import pytest

from game.errors import StorageError
from game.scores import ScoreEntry, ScoreTable, clean_name


def test_scores_are_kept_in_order_and_placed(tmp_path):
    table = ScoreTable(tmp_path / "scores.sqlite3")
    assert table.add(ScoreEntry("ana", 300)).place == 1
    assert table.add(ScoreEntry("bo", 500, best_clue="sea")).place == 1
    saved = table.add(ScoreEntry("cy", 100))
    assert saved.place == 3
    table.rename(saved.row_id, "  Cy  Young ")
    reopened = ScoreTable(tmp_path / "scores.sqlite3")
    assert [(e.name, e.score) for e in reopened.top()] == [
        ("bo", 500),
        ("ana", 300),
        ("Cy Young", 100),
    ]
    assert reopened.top()[0].best_clue == "sea"
    assert reopened.notice is None


def test_qualifies_for_the_top_table(tmp_path):
    table = ScoreTable(tmp_path / "s.sqlite3")
    assert not table.qualifies(0)
    for score in range(10, 110, 10):
        table.add(ScoreEntry("p", score))
    assert table.qualifies(15) is True and table.qualifies(5) is False


def test_a_corrupt_file_is_set_aside_not_overwritten(tmp_path):
    path = tmp_path / "scores.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    table = ScoreTable(path)
    assert table.notice and "damaged" in table.notice
    (aside,) = tmp_path.glob("scores.sqlite3.corrupt-*")
    assert aside.read_bytes() == b"this is not a database" * 100
    table.add(ScoreEntry("new", 10))
    assert [e.name for e in table.top()] == ["new"]


def test_names_are_cleaned():
    assert clean_name("  Ada\x00  Lovelace  ") == "Ada Lovelace"
    assert clean_name("") == "Player"
    assert len(clean_name("x" * 50)) == 16


def test_a_busy_file_is_reported_busy_and_never_moved(tmp_path):
    path = tmp_path / "scores.sqlite3"
    table = ScoreTable(path)
    for score in range(1, 7):
        table.add(ScoreEntry("p", score * 10))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute(
        "INSERT INTO scores (name, score, mode, pack, seed, clues, played_at) "
        "VALUES ('held', 70, 'arcade', 'default', 0, 0, 1.0)"
    )
    try:
        busy = ScoreTable(path, timeout=0.2)
        assert busy.notice and "busy" in busy.notice and "damaged" not in busy.notice
        with pytest.raises(StorageError, match="busy"):
            busy.top()
        assert path.is_file() and not list(tmp_path.glob("*.corrupt-*"))
        holder.execute("COMMIT")  # the lock holder's transaction still succeeds
    finally:
        holder.close()
    assert [e.score for e in ScoreTable(path).top()] == [70, 60, 50, 40, 30, 20, 10]


def test_a_folder_in_place_of_the_database_is_an_error_not_renamed(tmp_path):
    folder = tmp_path / "scores.sqlite3"
    folder.mkdir()
    with pytest.raises(StorageError, match="is a folder"):
        ScoreTable(folder)
    assert folder.is_dir() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_data_folder_that_is_a_file_is_an_error(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("")
    with pytest.raises(StorageError, match="cannot use the data folder"):
        ScoreTable(blocker / "scores.sqlite3")


def test_rows_of_the_wrong_type_are_left_out(tmp_path):
    path = tmp_path / "scores.sqlite3"
    table = ScoreTable(path)
    table.add(ScoreEntry("good", 50))
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO scores (name, score, mode, pack, seed, clues, average_rank, played_at) "
            "VALUES (?, ?, 'arcade', 'default', 0, 0, ?, ?)",
            [
                ("text score", "lots", None, 1.0),
                ("far future", 90, None, 1e300),
                ("bad rank", 40, "x", 1.0),
            ],
        )
    connection.close()
    entries = table.top()
    assert [(e.name, e.score) for e in entries] == [("good", 50), ("bad rank", 40)]
    assert entries[1].average_rank is None
    assert table.qualifies(60)


def test_a_score_file_that_does_not_exist_is_empty_and_not_created(tmp_path):
    table = ScoreTable(tmp_path / "scores.sqlite3")
    assert table.top() == []
    assert not (tmp_path / "scores.sqlite3").exists()


def test_a_read_only_database_can_be_read_and_a_write_is_a_storage_error(tmp_path, monkeypatch):
    path = tmp_path / "scores.sqlite3"
    table = ScoreTable(path)
    table.add(ScoreEntry("ana", 300))
    real_connect = sqlite3.connect

    def read_only(database, *args, **kwargs):  # what a read-only folder or file gives
        return real_connect(f"file:{database}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    assert [e.name for e in table.top()] == ["ana"]
    with pytest.raises(StorageError, match="readonly"):
        table.add(ScoreEntry("bo", 500))
