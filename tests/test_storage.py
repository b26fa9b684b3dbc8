"""Folders built whole or not at all (`storage.build_folder`)."""

from __future__ import annotations

import pytest

from game.storage import build_folder


def write_one(content: str):
    def build(temporary):
        (temporary / "file").write_text(content)
        return True

    return build


def test_a_kept_build_is_renamed_into_place_and_nothing_else_is_left(tmp_path):
    folder = tmp_path / "cache" / "built"
    assert build_folder(folder, write_one("new"))
    assert (folder / "file").read_text() == "new"
    assert [p.name for p in folder.parent.iterdir()] == ["built"]


def test_a_build_that_says_no_leaves_nothing(tmp_path):
    folder = tmp_path / "built"
    assert not build_folder(folder, lambda temporary: False)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_build_raises_and_leaves_nothing(tmp_path):
    def fail(temporary):
        (temporary / "half").write_text("x")
        raise ValueError("cut off")

    with pytest.raises(ValueError, match="cut off"):
        build_folder(tmp_path / "built", fail)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_another_process_built_first_stays(tmp_path):
    folder = tmp_path / "built"
    assert build_folder(folder, write_one("theirs"))
    assert build_folder(folder, write_one("ours"))
    assert (folder / "file").read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["built"]


def test_a_dead_builds_temporary_folder_is_swept(tmp_path):
    dead = tmp_path / ".built.999999999.tmp"
    dead.mkdir()
    assert build_folder(tmp_path / "built", write_one("x"))
    assert not dead.exists()
