"""The SQLite high-score table keeps every score and survives a damaged file."""

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
