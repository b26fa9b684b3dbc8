"""The classroom commands with Blocks codes: challenge new/show, results verify, leaderboard
(its CSV and HTML report), and a folder that mixes Arcade and Blocks results."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from game.classroom import create_challenge, decode, make_result, model_info, write_result
from game.classroom.autoplay import play_blocks_round, play_round
from game.cli import main

TURNS = 10


@pytest.fixture(scope="module")
def blocks_challenge():
    """A ten-turn Blocks challenge on the animals pack."""
    return create_challenge("animals", mode="blocks", turns=TURNS, seed=31)


@pytest.fixture(scope="module")
def blocks_folder(engine, blocks_challenge, tmp_path_factory) -> Path:
    """Three genuine Blocks results, played by the AI at different temperatures."""
    folder = tmp_path_factory.mktemp("blocks-class")
    for i, name in enumerate(["Ana", "Ben", "Chen"]):
        played = play_blocks_round(blocks_challenge, engine, temperature=0.6 * i, seed=i)
        result = make_result(blocks_challenge, name, model_info(engine), played.replay)
        write_result(result, folder)
    return folder


def test_challenge_new_makes_a_blocks_code_with_its_turns(capsys) -> None:
    args = ["challenge", "new", "--mode", "blocks", "--turns", "20", "--seed", "9"]
    assert main(args) == 0
    code, description = capsys.readouterr().out.splitlines()[:2]
    spec = decode(code)
    assert (spec.mode, spec.turns, spec.seed) == ("blocks", 20, 9)
    assert description.startswith("Blocks, 20 turns")
    assert main(["challenge", "show", code]) == 0
    assert "Blocks, 20 turns, pack 'default'" in capsys.readouterr().out


def test_a_blocks_code_has_thirty_turns_unless_told(capsys) -> None:
    assert main(["challenge", "new", "--mode", "blocks"]) == 0
    code = capsys.readouterr().out.split()[0]
    assert decode(code).turns == 30


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["challenge", "new", "--mode", "blocks", "--minutes", "3"], "use --turns"),
        (["challenge", "new", "--mode", "blocks", "--zone", "2"], "use --turns"),
        (["challenge", "new", "--mode", "blocks", "--turns", "12"], "steps of 5"),
        (["challenge", "new", "--turns", "10"], "--mode blocks"),
    ],
)
def test_wrong_options_for_the_mode_get_one_line(args, message, capsys) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "Traceback" not in err


def test_results_verify_accepts_genuine_blocks_files(blocks_folder, capsys) -> None:
    assert main(["results", "verify", str(blocks_folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all(line.startswith("OK\t") for line in lines)


def test_leaderboard_of_a_blocks_round_writes_csv_and_report(blocks_folder, tmp_path, capsys):
    out_csv, report = tmp_path / "class.csv", tmp_path / "class.html"
    args = ["leaderboard", str(blocks_folder), "--csv", str(out_csv), "--report", str(report)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "\nChosen word\tcleared/met" in printed and "group of" in printed
    rows = list(csv.reader(out_csv.open()))
    scores = [int(row[3]) for row in rows[2:5]]
    assert scores == sorted(scores, reverse=True)
    assert ["chosen_word", "players_cleared", "players_met", "median_clues", "best_clues"] in rows
    page = report.read_text()
    assert "<th>Chosen word</th>" in page and "group of" in page


def test_a_folder_mixing_arcade_and_blocks_results_asks_for_one(
    blocks_folder, blocks_challenge, engine, tmp_path, capsys
):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for path in blocks_folder.glob("*.json"):
        (mixed / path.name).write_bytes(path.read_bytes())
    arcade = create_challenge("animals", minutes=1, seed=31)
    played = play_round(arcade, engine, seed=5)
    write_result(make_result(arcade, "Dia", model_info(engine), played.replay), mixed)
    assert main(["leaderboard", str(mixed)]) == 2
    assert "pick one with --challenge" in capsys.readouterr().err
    assert main(["leaderboard", str(mixed), "--challenge", arcade.code]) == 0
    out = capsys.readouterr().out
    assert "\tDia\t" in out and "\nTarget\t" in out
    assert main(["leaderboard", str(mixed), "--challenge", blocks_challenge.code]) == 0
    out = capsys.readouterr().out
    assert "\tDia\t" not in out and "\tAna\t" in out and "\nChosen word\t" in out


def test_the_command_and_the_library_agree_on_the_default_turns() -> None:
    from game.classroom.challenge import DEFAULT_TURNS
    from game.commands.challenge import DEFAULT_TURNS as COMMAND_DEFAULT

    assert COMMAND_DEFAULT == DEFAULT_TURNS
