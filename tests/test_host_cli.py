"""`wordstack host` refuses bad options with one line and exit status 2, before loading anything."""

from __future__ import annotations

import pytest

from game.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["host", "--minutes", "0"], "--minutes must be 1-16"),
        (["host", "--zone", "9"], "--zone must be 1-6"),
        (["host", "--port", "70000"], "--port must be 0-65535"),
        (["host", "--size", "tiny"], "--size"),
        (["host", "--screenshot", "x.jpg"], ".png"),
        (["host", "--resume"], "nothing to resume"),
        (["host", "--max-players", "0"], "--max-players must be 1-2000"),
        (["host", "--teams", "5"], "--teams must be 0 (no teams) or 2-4"),
        (["host", "--teams", "1"], "--teams must be 0 (no teams) or 2-4"),
        (["host", "--resume", "--teams", "2"], "--resume keeps the journaled round's teams"),
    ],
)
def test_bad_options_fail_with_one_line(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
