"""Which attempt counts: the first per player and code, practice rounds apart, copies out.

Rounds are played through the real rules with hand-made scores (no model), as in
test_classroom_leaderboard.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from test_classroom_leaderboard import CHALLENGE, MODEL, scripted_round, verified

from game.classroom import (
    find_copies,
    has_earlier_attempt,
    leaderboard_csv,
    lesson_view,
    make_result,
    parse_result,
    rank_results,
    read_result,
    sort_attempts,
    write_result,
)
from game.errors import ResultError


def at(entry, played_at: str, practice: bool = False):
    return replace(entry, result=replace(entry.result, played_at=played_at, practice=practice))


def test_the_first_attempt_counts_even_when_a_later_one_scores_more() -> None:
    weak = at(verified("Ana", scripted_round(4)), "2026-01-01T10:00:00Z")
    strong = at(verified("ana", scripted_round(0)), "2026-01-01T10:05:00Z")
    assert strong.result.score > weak.result.score
    sorted_out = sort_attempts([strong, weak])
    assert sorted_out.counted == [weak] and sorted_out.practice == [strong]
    (standing,) = rank_results(sorted_out.counted)
    assert standing.score == weak.result.score


def test_a_file_marked_practice_never_counts_even_if_it_is_the_earliest() -> None:
    practice = at(verified("Ana", scripted_round(0)), "2026-01-01T09:00:00Z", practice=True)
    first = at(verified("Ana", scripted_round(4)), "2026-01-01T10:00:00Z")
    only_practice = at(verified("Ben", scripted_round(1)), "2026-01-01T09:00:00Z", True)
    sorted_out = sort_attempts([practice, first, only_practice])
    assert sorted_out.counted == [first]
    assert {id(e) for e in sorted_out.practice} == {id(practice), id(only_practice)}


def test_one_replay_under_two_names_is_a_copy_and_left_out() -> None:
    ana = verified("Ana", scripted_round(1))
    copy = verified("Ben", ana.result.replay)
    own = verified("Chen", scripted_round(2))
    same_player_twice = verified("Chen", own.result.replay)
    groups = find_copies([ana, copy, own, same_player_twice])
    assert [{e.result.name for e in group} for group in groups] == [{"Ana", "Ben"}]
    sorted_out = sort_attempts([ana, copy, own])
    assert [e.result.name for e in sorted_out.counted] == ["Chen"]
    assert len(sorted_out.copies) == 1


def test_practice_rounds_are_listed_apart_in_the_csv() -> None:
    first = at(verified("Ana", scripted_round(3)), "2026-01-01T10:00:00Z")
    again = at(verified("Ana", scripted_round(0)), "2026-01-01T10:09:00Z")
    sorted_out = sort_attempts([first, again])
    standings = rank_results(sorted_out.counted)
    lesson = lesson_view([(s.name, s.entry.outcome) for s in standings])
    text = leaderboard_csv(CHALLENGE.code, standings, lesson, sorted_out.practice)
    assert "practice,name,ai,score,clues,played_at" in text
    practice_line = text.strip().splitlines()[-1].split(",")
    assert practice_line[:4] == ["yes", "Ana", "no", str(again.result.score)]


def test_an_earlier_attempt_on_this_machine_makes_the_next_practice(tmp_path) -> None:
    assert not has_earlier_attempt(tmp_path, CHALLENGE.code, "Ana")
    result = make_result(CHALLENGE, "Ana", MODEL, scripted_round(0))
    write_result(result, tmp_path)
    (tmp_path / f"{CHALLENGE.code}_broken.json").write_text("{")
    assert has_earlier_attempt(tmp_path, CHALLENGE.code, "ANA")
    assert not has_earlier_attempt(tmp_path, CHALLENGE.code, "Ben")
    assert not has_earlier_attempt(tmp_path, CHALLENGE.code, "Ana", ai=True)
    assert not has_earlier_attempt(tmp_path, "WS-0000-0000-0000", "Ana")


def test_practice_and_ended_early_are_written_and_optional_when_read(tmp_path) -> None:
    result = make_result(
        CHALLENGE, "Ana", MODEL, scripted_round(0), practice=True, ended_early=True
    )
    path = write_result(result, tmp_path)
    again = read_result(path)
    assert again.practice and again.ended_early
    data = json.loads(path.read_text())
    del data["practice"], data["ended_early"]  # a file written before these fields
    old = parse_result(data)
    assert not old.practice and not old.ended_early
    data["practice"] = "no"
    with pytest.raises(ResultError, match="practice"):
        parse_result(data)
