"""Flags of a clue's ranking ("that's not what I meant") in real games: kept in the result
file, ignored for the score by verification, counted per player in the lesson's table of
flagged clues (CSV, HTML report, `wordstack leaderboard`)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from game.classroom import (
    Flag,
    Verifier,
    create_challenge,
    flagged_clues,
    leaderboard_csv,
    lesson_report_html,
    lesson_view,
    make_result,
    model_info,
    rank_results,
    read_result,
    replay_from_actions,
    replay_round,
    verify_files,
    write_result,
)
from game.classroom.autoplay import play_round
from game.classroom.results import FlagAction, Replay, parse_result
from game.clues import validate_clue
from game.errors import ResultError
from game.rules import Clue, Tick, apply_action, cooldown_left, replay

CLUES = ("animal", "music", "ocean", "winter", "kitchen", "money")


@pytest.fixture(scope="module")
def challenge():
    return create_challenge("default", minutes=1, zone=4, seed=9090)


@pytest.fixture(scope="module")
def auto_round(engine, challenge):
    return play_round(challenge, engine, temperature=0.0, seed=3, clue_seconds=4.0)


def with_flags(actions) -> list:
    """The round's actions with a flag before the first clue, one after every clue and a
    second one after the first clue (the recorder keeps only the flags that count)."""
    flagged: list = [Flag()]
    seen_clue = False
    for action in actions:
        flagged.append(action)
        if isinstance(action, Clue):
            flagged.append(Flag())
            if not seen_clue:
                flagged.append(Flag())
                seen_clue = True
    return flagged


def test_a_flagged_round_verifies_with_the_same_score_and_keeps_its_flags(
    engine, challenge, auto_round, tmp_path
):
    model = model_info(engine)
    plain = make_result(challenge, "Ana", model, auto_round.replay)
    flagged_replay = replay_from_actions(challenge, with_flags(auto_round.actions))
    flagged = make_result(challenge, "Ben", model, flagged_replay)
    flags = [a for a in flagged_replay.actions if isinstance(a, FlagAction)]
    outcome = replay_round(challenge, flagged_replay)
    # One flag per ranked clue: the one before any clue and the repeated one were not kept.
    assert len(flags) == len(outcome.clues) > 0
    assert all(played.flagged for played in outcome.clues)
    path = write_result(flagged, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    in_file = [a for a in data["replay"]["actions"] if a.get("flag") is True]
    assert [a["tick"] for a in in_file] == [f.tick for f in flags]
    assert set(in_file[0]) == {"tick", "flag"}
    verified = Verifier(engine).verify_file(path)
    assert (verified.result.score, verified.result.clues, verified.result.finish_tick) == (
        plain.score,
        plain.clues,
        plain.finish_tick,
    )
    assert sum(played.flagged for played in verified.outcome.clues) == len(flags)
    # The rules never see a flag: replaying the rule actions gives the same game.
    final, _ = replay(
        challenge.settings,
        challenge.pack.entries(),
        challenge.spec.seed,
        read_result(path).replay.rule_actions(),
    )
    assert final.score == plain.score and final.tick == auto_round.final.tick


def test_a_file_without_flags_still_reads_and_has_none(engine, challenge, auto_round, tmp_path):
    result = make_result(challenge, "Ana", model_info(engine), auto_round.replay)
    path = write_result(result, tmp_path)
    assert '"flag"' not in path.read_text(encoding="utf-8")
    verified = Verifier(engine).verify_file(path)
    assert not any(played.flagged for played in verified.outcome.clues)
    assert flagged_clues([("Ana", verified.outcome)]) == []


def test_flags_that_cannot_have_been_played_are_rejected(challenge, auto_round):
    actions = auto_round.replay.actions
    first_clue = next(i for i, a in enumerate(actions) if hasattr(a, "scores"))
    before_any = Replay((FlagAction(0), *actions), auto_round.replay.end_tick)
    with pytest.raises(ResultError, match="flags no clue"):
        replay_round(challenge, before_any)
    tick = actions[first_clue].tick
    twice = list(actions)
    twice[first_clue + 1 : first_clue + 1] = [FlagAction(tick), FlagAction(tick)]
    with pytest.raises(ResultError, match="flagged before"):
        replay_round(challenge, Replay(tuple(twice), auto_round.replay.end_tick))
    once = list(actions)
    once[first_clue + 1 : first_clue + 1] = [FlagAction(tick)]
    assert replay_round(challenge, Replay(tuple(once), auto_round.replay.end_tick)).clues[0].flagged


def test_a_flag_in_the_file_must_be_true():
    base = {
        "format": "wordstack-result", "version": 1, "code": "WS-X", "mode": "arcade",
        "name": "Ana", "ai": False, "ai_temperature": None,
        "model": {"id": "m", "weights_sha256": "w"}, "pack": {"name": "p", "sha256": "s"},
        "rules": "r", "score": 0, "clues": 0, "finish_tick": 0, "played_at": "t",
    }  # fmt: skip
    good = {**base, "replay": {"end_tick": 9, "actions": [{"tick": 3, "flag": True}]}}
    assert parse_result(good).replay.actions == (FlagAction(3),)
    for bad in ({"tick": 3, "flag": 1}, {"tick": 3, "flag": "yes"}, {"flag": True}):
        with pytest.raises(ResultError):
            parse_result({**base, "replay": {"end_tick": 9, "actions": [bad]}})


def scripted_round(challenge, engine, flag_clues: set[str]):
    """Clues from CLUES every 3 s, each flagged if it is in `flag_clues`; then time out."""
    state = challenge.new_game()
    actions: list = []

    def apply(action) -> None:
        nonlocal state
        actions.append(action)
        state, _ = apply_action(state, action)

    for clue in CLUES:
        apply(Tick(180))
        if state.game_over or cooldown_left(state):
            continue
        check = validate_clue(clue, state.words)
        if not check.ok:
            continue
        apply(Clue(check.clue, tuple(float(s) for s in engine.scores(check.clue, state.words))))
        if clue in flag_clues:
            actions.append(Flag())
    while not state.game_over:
        apply(Tick(600))
    return replay_from_actions(challenge, actions)


@pytest.fixture(scope="module")
def class_files(engine, challenge, tmp_path_factory) -> list[Path]:
    """Three players who play the same clues at the same times: Ana and Ben flag the
    first one, Ana also the third; Cy flags nothing."""
    folder = tmp_path_factory.mktemp("flags")
    model = model_info(engine)
    flags = {"Ana": {CLUES[0], CLUES[2]}, "Ben": {CLUES[0]}, "Cy": set()}
    return [
        write_result(
            make_result(challenge, name, model, scripted_round(challenge, engine, wanted)), folder
        )
        for name, wanted in flags.items()
    ]


def expected_rank(engine, clue: str, words: tuple[str, ...], target: str) -> int:
    """The target's rank under the engine's own scores (no tie on these words)."""
    scores = [float(s) for s in engine.scores(clue, words)]
    mine = scores[words.index(target)]
    return 1 + sum(score > mine for score in scores)


def test_the_lesson_table_counts_the_players_who_flagged_each_clue(engine, class_files):
    accepted, rejected = verify_files(engine, class_files)
    assert rejected == []
    standings = rank_results(accepted)
    rounds = [(s.name, s.entry.outcome) for s in standings]
    table = flagged_clues(rounds)
    first = next(p for p in standings[0].entry.outcome.clues if p.clue == CLUES[0])
    third = next(p for p in standings[0].entry.outcome.clues if p.clue == CLUES[2])
    # One line per target on the stack; the first clue flagged by two players, the third by
    # one; the most players first, then the target the model ranked lowest.
    expected = [
        (played.clue, target, players, expected_rank(engine, played.clue, played.words, target))
        for played, players in ((first, 2), (third, 1))
        for target in played.targets
    ]
    expected.sort(key=lambda e: (-e[2], -e[3], e[0], e[1].casefold()))
    assert [(f.clue, f.target, f.players, f.ranks[0]) for f in table] == expected
    for line in table:
        assert line.ranks == (line.ranks[0],) * line.players
        assert line.rank_text == str(line.ranks[0])
    # Flags change no score: all three played the same game.
    assert len({s.score for s in standings}) == 1

    lesson = lesson_view(rounds)
    csv_text = leaderboard_csv(standings[0].entry.result.code, standings, lesson, flagged=table)
    section = csv_text.split("flagged_clue,target,best_rank,worst_rank,players_flagged\n")[1]
    row = table[0]
    assert f"{row.clue},{row.target},{row.ranks[0]},{row.ranks[-1]},2" in section.splitlines()
    page = lesson_report_html("WS-X", standings, lesson, flagged=table)
    assert "Flagged clues" in page and f"<td>{row.clue}</td><td>{row.target}</td>" in page
    assert "Nobody flagged" in lesson_report_html("WS-X", standings, lesson)
    # Without flags the CSV has no such section (older readers of the CSV see no change).
    assert "flagged_clue" not in leaderboard_csv("WS-X", standings, lesson)


def test_leaderboard_command_prints_the_flagged_clues(engine, class_files, capsys, tmp_path):
    from game.cli import main

    out_csv = tmp_path / "class.csv"
    assert main(["leaderboard", *map(str, class_files), "--csv", str(out_csv)]) == 0
    printed = capsys.readouterr().out
    table = printed.split("Flagged clue\ttarget\tmodel's rank\tplayers who flagged\n")[1]
    lines = [line.split("\t") for line in table.strip().splitlines()]
    assert lines and {line[0] for line in lines} == {CLUES[0], CLUES[2]}
    assert all(line[3] == ("2" if line[0] == CLUES[0] else "1") for line in lines)
    assert "flagged_clue" in out_csv.read_text(encoding="utf-8")


def test_flagged_rank_range_when_stacks_differ():
    from game.classroom.lesson import FlaggedClue

    line = FlaggedClue("horn", "rhino", (2, 5), 2)
    assert line.rank_text == "2\u20135"
    assert replace(line, ranks=(3, 3)).rank_text == "3"
