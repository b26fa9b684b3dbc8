"""Personal codes of a roster challenge: the name bound to the code by its check, locked
in the game, and a renamed result rejected by verify and the leaderboard."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.classroom import (
    create_challenge,
    make_result,
    model_info,
    open_challenge,
    read_result,
    verify_files,
    write_result,
)
from game.classroom.autoplay import play_round
from game.classroom.codes import decode
from game.classroom.roster import name_check, personal_code, read_roster, split_code
from game.cli import main
from game.errors import ChallengeError

ROSTER = create_challenge("default", minutes=1, seed=4242, roster=True)


def test_a_personal_code_opens_its_challenge_with_the_name_locked() -> None:
    code = personal_code(ROSTER.code, "Ana María")
    assert code.startswith(f"{ROSTER.code}-") and code.endswith("-Ana María")
    for typed in (code, code.lower(), f"  {code.replace('-', ' - ', 1)} "):
        challenge = open_challenge(typed)
        assert challenge.player is not None and challenge.player.casefold() == "ana maría"
        assert challenge.code == ROSTER.code and challenge.name_check == name_check(
            ROSTER.code, "Ana María"
        )
    assert challenge.new_game().words == ROSTER.new_game().words  # everyone's round


def test_the_check_catches_a_changed_name_and_codes_need_their_kind() -> None:
    code = personal_code(ROSTER.code, "Ben")
    checks = {name_check(ROSTER.code, f"Student {i}") for i in range(200)}
    assert len(checks) > 150 and all(len(c) == 2 for c in checks)  # 10 bits spread out
    wrong = next(
        n for n in ("Ann", "Bea", "Bob", "Benn") if name_check(ROSTER.code, n) != code[-6:-4]
    )
    with pytest.raises(ChallengeError, match="does not match"):
        open_challenge(code.replace("-Ben", f"-{wrong}"))
    with pytest.raises(ChallengeError, match="personal codes"):
        open_challenge(ROSTER.code)  # a student must use their own
    assert open_challenge(ROSTER.code, teacher=True).player is None
    plain = create_challenge("default", minutes=1, seed=4242)
    assert not decode(plain.code).roster and decode(ROSTER.code).roster
    with pytest.raises(ChallengeError, match="no personal codes"):
        open_challenge(f"{plain.code}-{name_check(plain.code, 'Ben')}-Ben")
    with pytest.raises(ChallengeError, match="roster"):
        personal_code(plain.code, "Ben")
    assert split_code(plain.code).name is None


def test_a_roster_file_is_read_with_comments_and_duplicates_refused(tmp_path: Path) -> None:
    roster = tmp_path / "names.txt"
    roster.write_text("\ufeff# class 7b\nAna\n\n  Ben  Okafor \nZoë\n", encoding="utf-8")
    assert read_roster(roster) == ["Ana", "Ben Okafor", "Zoë"]
    roster.write_text("Ana\nben\nANA\n")
    with pytest.raises(ChallengeError, match=r"line 3.*line 1"):
        read_roster(roster)
    roster.write_text("# nobody\n")
    with pytest.raises(ChallengeError, match="no names"):
        read_roster(roster)


def test_challenge_new_roster_prints_one_code_a_student(tmp_path: Path, capsys) -> None:
    roster = tmp_path / "names.txt"
    roster.write_text("Ana\nBen Okafor\n")
    assert main(["challenge", "new", "--roster", str(roster), "--seed", "5", "--minutes", "2"]) == 0
    captured = capsys.readouterr()
    lines = [line.split("\t") for line in captured.out.splitlines()]
    assert [name for name, _ in lines] == ["Ana", "Ben Okafor"]
    assert all(open_challenge(code).player == name for name, code in lines)
    assert "roster of 2" in captured.err
    assert main(["challenge", "new", "--roster", str(roster), "--csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "name,code" and rows[2].startswith("Ben Okafor,WS-")
    assert main(["challenge", "show", lines[1][1]]) == 0
    assert "Personal code of Ben Okafor" in capsys.readouterr().out
    assert main(["challenge", "new", "--csv"]) == 2


@pytest.fixture(scope="module")
def roster_files(engine, tmp_path_factory):
    folder = tmp_path_factory.mktemp("roster")
    files = []
    for i, name in enumerate(["Ana", "Ben"]):
        challenge = open_challenge(personal_code(ROSTER.code, name))
        played = play_round(challenge, engine, temperature=0.3 * i, seed=i, clue_seconds=4)
        result = make_result(challenge, "someone else", model_info(engine), played.replay)
        assert result.name == name  # the code's name, whatever the caller says
        files.append(write_result(result, folder))
    return files


def test_a_renamed_roster_result_is_rejected_by_verify_and_leaderboard(
    engine, roster_files, tmp_path, capsys
) -> None:
    accepted, rejected = verify_files(engine, roster_files)
    assert rejected == [] and [a.result.name for a in accepted] == ["Ana", "Ben"]
    data = json.loads(roster_files[1].read_text())
    data["name"] = "Ana"  # Ben's round handed in as Ana's
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(data))
    stripped = dict(data, name_check=None)  # the check removed as well
    unchecked = tmp_path / "unchecked.json"
    unchecked.write_text(json.dumps(stripped))
    _, rejected = verify_files(engine, [renamed, unchecked])
    assert len(rejected) == 2 and all(
        "does not match the personal code" in r.reason for r in rejected
    )
    assert main(["results", "verify", str(renamed)]) == 1
    assert "does not match the personal code" in capsys.readouterr().out
    assert main(["leaderboard", str(roster_files[0]), str(renamed)]) == 0
    captured = capsys.readouterr()
    assert "left out" in captured.err and "1 files left out" in captured.out


def test_the_game_fills_in_and_locks_a_personal_codes_name(
    engine, tmp_path, monkeypatch, screenshot_dir
):
    from test_classroom_ui import play_turn, shot

    from game.ui.app import App, PlayOptions

    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    challenge = open_challenge(personal_code(ROSTER.code, "Zoë"))
    pygame.init()
    for size in ((800, 500), (1600, 1000)):
        app = App(PlayOptions(challenge=challenge, size=size))
        try:
            play_turn(app)
            over = app.scene
            assert over.name == "gameover" and not over.needs_name  # no name to type
            app.frame(1 / 60)
            shot(app, screenshot_dir, f"roster-saved-{size[0]}")
            path = over.path
        finally:
            app.close()
        result = read_result(path)
        assert result.name == "Zoë" and result.name_check == challenge.name_check
