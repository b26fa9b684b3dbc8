"""The classroom commands as a teacher runs them: challenge, results verify, leaderboard."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from game.classroom import create_challenge, decode, make_result, model_info, write_result
from game.classroom.autoplay import play_round
from game.cli import main


@pytest.fixture(scope="module")
def class_folder(engine, tmp_path_factory) -> Path:
    """Three genuine results of one challenge, played by the AI at different temperatures."""
    challenge = create_challenge("animals", minutes=1, seed=77)
    folder = tmp_path_factory.mktemp("class-results")
    for i, name in enumerate(["Ana", "Ben", "Chen"]):
        played = play_round(challenge, engine, temperature=0.5 * i, seed=i, clue_seconds=3 + 2 * i)
        write_result(make_result(challenge, name, model_info(engine), played.replay), folder)
    return folder


def test_challenge_new_prints_a_code_that_decodes(capsys) -> None:
    assert main(["challenge", "new", "--pack", "food", "--minutes", "5", "--seed", "9"]) == 0
    code, description = capsys.readouterr().out.splitlines()[:2]
    spec = decode(code)
    assert (spec.minutes, spec.seed) == (5, 9)
    assert "pack 'food'" in description and "5 minutes" in description


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["challenge", "new", "--minutes", "0"], "1 to 16 minutes"),
        (["challenge", "new", "--zone", "9"], "clear zone"),
        (["challenge", "show", "WS-AAAA-BBBB-CCCC"], "typo"),
        (["play", "--challenge", "nonsense"], "not a challenge code"),
        (["play", "--players", "Ana,Ben"], "--players needs --challenge"),
        (["leaderboard", "/no/such/folder"], "no such file or folder"),
        (["results", "verify", "/no/such/folder"], "no such file or folder"),
        (["results", "verify", "."], "no result files"),
    ],
)
def test_bad_input_gets_one_line_and_status_2(args, message, capsys) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "Traceback" not in err


def test_results_verify_accepts_genuine_files(class_folder, capsys) -> None:
    assert main(["results", "verify", str(class_folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all(line.startswith("OK\t") for line in lines)


def test_results_verify_rejects_an_edited_file_with_its_reason(class_folder, tmp_path, capsys):
    original = sorted(class_folder.glob("*.json"))[0]
    data = json.loads(original.read_text())
    data["score"] += 500
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    truncated = tmp_path / "cut.json"
    truncated.write_text(original.read_text()[:100])
    status = main(["results", "verify", str(original), str(edited), str(truncated)])
    assert status == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("OK\t")
    assert out[1].startswith("REJECTED\t") and "claims score" in out[1]
    assert out[2].startswith("REJECTED\t") and "truncated" in out[2]


def test_leaderboard_ranks_prints_the_lesson_and_writes_csv(class_folder, tmp_path, capsys):
    out_csv = tmp_path / "class.csv"
    assert main(["leaderboard", str(class_folder), "--csv", str(out_csv)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Challenge WS-")
    rows = list(csv.reader(out_csv.open()))
    assert rows[1][:2] == ["place", "name"]
    scores = [int(row[3]) for row in rows[2:5]]
    assert scores == sorted(scores, reverse=True)
    assert {row[1] for row in rows[2:5]} == {"Ana", "Ben", "Chen"}
    assert ["target", "players_cleared", "players_met", "median_clues", "best_clues"] in rows


def test_leaderboard_needs_a_choice_between_challenges(class_folder, engine, tmp_path, capsys):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for path in class_folder.glob("*.json"):
        (mixed / path.name).write_bytes(path.read_bytes())
    other = create_challenge("animals", minutes=1, seed=78)
    played = play_round(other, engine, seed=5)
    write_result(make_result(other, "Dia", model_info(engine), played.replay), mixed)
    assert main(["leaderboard", str(mixed)]) == 2
    assert "pick one with --challenge" in capsys.readouterr().err
    assert main(["leaderboard", str(mixed), "--challenge", other.code.lower()]) == 0
    assert "\tDia\t" in capsys.readouterr().out


def test_leaderboard_leaves_out_copies_and_lists_practice_apart(class_folder, tmp_path, capsys):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    files = sorted(class_folder.glob("*.json"))
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    copy = json.loads(files[0].read_text())
    first_name = copy["name"]
    copy["name"] = "Dia"  # a classmate's file handed in under another name
    (folder / "dia.json").write_text(json.dumps(copy))
    again = json.loads(files[1].read_text())
    again["practice"] = True  # the same player's later attempt
    again["played_at"] = "2030-01-01T00:00:00Z"
    (folder / "again.json").write_text(json.dumps(again))
    assert main(["leaderboard", str(folder), "--csv", str(tmp_path / "out.csv")]) == 0
    captured = capsys.readouterr()
    names = ", ".join(sorted(["Dia", first_name]))
    assert f"one replay handed in as {names} (copies)" in captured.err
    ranked = captured.out.split("\n\n")[0].splitlines()[1:]
    assert {line.split("\t")[1] for line in ranked} == {"Ana", "Ben", "Chen"} - {first_name}
    assert "Practice rounds" in captured.out and again["name"] in captured.out.split("Practice")[1]
    assert "practice,name,ai,score,clues,played_at" in (tmp_path / "out.csv").read_text()
