"""The command line, run as a user runs it."""

import os
import subprocess
import sys

import pytest

from game.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_rank_prints_word_tab_score_best_first():
    result = run("rank", "fruit", "car", "banana", "piano", "apple")
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [word for word, _ in lines][:2] in (["banana", "apple"], ["apple", "banana"])
    scores = [float(score) for _, score in lines]
    assert scores == sorted(scores, reverse=True)
    assert all(len(score.split(".")[1]) == 3 for _, score in lines)


def test_rank_a_whole_pack_prints_the_top_20(engine, capsys):
    assert main(["rank", "ocean", "--pack", "animals"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 20
    top_words = {line.split("\t")[0] for line in lines[:10]}
    assert top_words & {"whale", "dolphin", "shark", "fish", "octopus", "seal", "crab"}


def test_rank_compare_shows_both_methods_side_by_side(engine, capsys):
    assert main(["rank", "stethoscope", "shoulder", "doctor", "ranch", "--compare"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split() == ["blend", "cosine"]
    table = [row.split() for row in rows]
    assert [row[0] for row in table] == ["1", "2", "3"]
    assert table[0][1] == "doctor" and table[0][3] == "shoulder"  # the example
    assert sorted(row[1] for row in table) == sorted(row[3] for row in table)
    for row in table:  # each score is that method's own
        assert float(row[2]) == pytest.approx(engine.scores("stethoscope", [row[1]])[0], abs=5e-3)
        assert float(row[4]) == pytest.approx(
            engine.for_method("cosine").scores("stethoscope", [row[3]])[0], abs=5e-3
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "   ", "car"], "invalid clue"),
        (["rank", "fruit"], "give words to rank"),
        (["rank", "fruit", "--pack", "no-such-pack"], "no bundled pack"),
        (["rank"], "required: CLUE ("),  # CLUE alone: the words are optional
        (["rank", "fruit", "car", "--top", "0"], "--top: '0' must be from 1"),
        (["nonsense"], "invalid choice"),
        (["scores", "--limit", "99999999999999999999999"], "--limit: '9999"),
        (["scores", "--limit", "0"], "must be from 1"),
        (["clue", "sea", "--stack", "cat", "--seed", "-1"], "--seed: '-1' must be from 0"),
        (["clue", "sea", "--stack", "cat", "-n", "10000000000"], "-n: '10000000000' must be"),
        (["clue", "sea", "--stack", "cat", "-t", "nan"], "not a finite number"),
        (["clue", "sea", "--stack", "cat", "--top-p", "inf"], "not a finite number"),
        (["clue", "sea", "--stack", "cat", "--top-p", "0"], "--top-p must be in (0, 1]"),
        (["clue", "sea", "--stack", "cat", "--plot", "."], "needs a .png file name"),
        (["clue", "s\udcffa", "--stack", "cat"], "target 's\\udcffa' is not valid UTF-8"),
        (["rank", "app\udcffle", "car"], "clue 'app\\udcffle' is not valid UTF-8"),
        (["rank", "fruit", "c\udcffr"], "is not valid UTF-8"),
        (["play", "--ai", "--seed", "-1"], "--seed: '-1' must be from 0"),
        (["play", "--seed", str(2**70)], "must be from 0 to 9,223,372,036,854,775,807"),
        (["play", "--ai", "--temperature", "nan"], "--temperature: 'nan' is not a finite"),
        (["play", "--max-seconds", "inf"], "--max-seconds: 'inf' is not a finite"),
        (["play", "--size", "99999x99999"], "from 320x240 to 16384x16384"),
        (["play", "--size", "x" * 10_000], "characters) must look like"),
        (["rank", "fruit", "car", "--method", "telepathy"], "invalid choice"),
    ],
)
def test_bad_input_gets_one_line_and_status_2(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        status = main(args)
        raise SystemExit(status)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert len(err) < 500


def test_screenshot_paths_that_cannot_be_written_are_refused(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    folder = tmp_path / "shots.png"
    folder.mkdir()
    for shot, message in [
        (blocker / "sub" / "last.png", "is not a folder"),
        (folder, "is a folder, not a file"),
    ]:
        assert main(["play", "--screenshot", str(shot)]) == 2
        err = capsys.readouterr().err.strip()
        assert message in err and "\n" not in err


def test_escape_sequences_in_a_pack_path_are_printed_escaped(capsys):
    assert main(["rank", "fruit", "--pack", "\x1b[31mred.txt"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31mred.txt" in err


def test_a_data_folder_that_is_a_file_gets_one_line(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "data"
    blocker.write_text("")
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(blocker))
    assert main(["scores"]) == 2
    err = capsys.readouterr().err.strip()
    assert "cannot use the data folder" in err and "\n" not in err


def test_output_into_a_closed_pipe_ends_quietly():
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    reader = subprocess.Popen(
        [sys.executable, "-m", "game", "packs"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    reader.stdout.close()  # like `| head` that has already exited
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 141, err
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_help_lists_every_subcommand_with_what_it_does(capsys):
    from game.cli import COMMANDS

    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    listed = {}
    for number, line in enumerate(lines):
        if line.startswith("    ") and not line.startswith("     "):
            # argparse puts the help of a long name on the next, deeper indented line
            follows = lines[number + 1] if number + 1 < len(lines) else ""
            if len(line.split()) == 1 and follows.startswith("     "):
                line = f"{line} {follows}"
            listed[line.split()[0]] = line
    assert set(COMMANDS) <= set(listed), out
    for name in COMMANDS:
        assert len(listed[name].split()) > 2, f"{name} has no help line"
        with pytest.raises(SystemExit) as exit_info:
            main([name, "--help"])
        assert exit_info.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: wordstack {name}")


def test_play_runs_headless_for_a_while_and_saves_the_last_frame(engine, tmp_path):
    from game.cluegen import default_vocabulary

    # The AI's clue vocabulary is encoded once per cache folder (the session's): do it here,
    # so the game reads it from disk instead of encoding it on a loaded machine.
    default_vocabulary().embeddings(engine)
    shot = tmp_path / "last.png"
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "WORDSTACK_DATA_DIR": str(tmp_path),
        "HF_HUB_OFFLINE": "1",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            "--ai",
            "--seed",
            "3",
            "--max-seconds",
            "4",
            "--screenshot",
            str(shot),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("Final score: ")
    import pygame

    assert pygame.image.load(shot).get_size() == (1280, 720)


def test_scores_prints_the_table_best_first(tmp_path, monkeypatch, capsys):
    from game.scores import ScoreEntry, ScoreTable

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    table = ScoreTable()
    table.add(ScoreEntry("ana", 300, best_clue="sea"))
    table.add(ScoreEntry("bo", 500))
    assert main(["scores"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(place, name, score) for place, name, score, *_ in lines] == [
        ("1", "bo", "500"),
        ("2", "ana", "300"),
    ]
    assert lines[1][3] == "sea"
    assert main(["scores", "--mode", "ai"]) == 0
    assert "No ai games" in capsys.readouterr().err


def test_scores_prints_fields_with_escape_sequences_escaped(tmp_path, monkeypatch, capsys):
    import sqlite3

    from game.scores import ScoreEntry, ScoreTable

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    table = ScoreTable()
    table.add(ScoreEntry("ana", 300, best_clue="sea\x1b]0;owned\x07", pack="\x1b[31mred.txt"))
    with sqlite3.connect(table.path) as connection:
        connection.execute("UPDATE scores SET name = 'x\x1b[2Jy\tz'")
    connection.close()
    assert main(["scores"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert "\x1b" not in line and "\x07" not in line
    fields = line.split("\t")
    # The name was cleaned on the way in (control characters dropped); the rest is escaped.
    assert fields[1:5] == ["x[2Jyz", "300", "sea\\x1b]0;owned\\x07", "\\x1b[31mred.txt"]
