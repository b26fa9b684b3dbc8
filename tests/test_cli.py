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
            engine.scores("stethoscope", [row[3]], "cosine")[0], abs=5e-3
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "   ", "car"], "invalid clue"),
        (["rank", "fruit"], "give words to rank"),
        (["rank", "fruit", "--pack", "no-such-pack"], "no bundled pack"),
        (["rank"], "required: CLUE"),
        (["nonsense"], "invalid choice"),
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


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "rank" in capsys.readouterr().out


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
