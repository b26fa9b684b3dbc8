"""Blocks challenges: codes with a turn limit, rounds played through the real engine,
replayed and verified, tampering rejected with a reason."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from game.classroom import (
    ChallengeSpec,
    Verifier,
    create_challenge,
    decode,
    lesson_view,
    make_result,
    model_info,
    open_challenge,
    read_result,
    replay_round,
    verify_files,
    write_result,
)
from game.classroom.autoplay import play_blocks_round
from game.classroom.blocks_replay import BlocksRecorder
from game.classroom.challenge import pack_short_hash, rules_digest
from game.classroom.codes import BLOCKS_ZONE
from game.classroom.outcome import BlocksOutcome
from game.classroom.results import Replay
from game.errors import ChallengeError, ResultError
from game.rules import BlocksState, Clue
from game.rules.blocks_settings import BlocksSettings, challenge_settings
from game.words import load_pack

CODE_SEED = 777
TURNS = 10


@pytest.fixture(scope="session")
def challenge():
    """A ten-turn Blocks challenge on the default pack."""
    return create_challenge("default", mode="blocks", turns=TURNS, seed=CODE_SEED)


@pytest.fixture(scope="session")
def rounds(engine, challenge):
    """A careful player who plays all ten turns, and one who leaves after four."""
    full = play_blocks_round(challenge, engine, temperature=0.0, seed=1, clue_seconds=5.0)
    left = play_blocks_round(challenge, engine, temperature=1.2, seed=2, max_turns=4)
    return full, left


@pytest.fixture(scope="session")
def result_files(engine, challenge, rounds, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("blocks-results")
    model = model_info(engine)
    full, left = rounds
    return [
        write_result(make_result(challenge, "Ana", model, full.replay), folder),
        write_result(make_result(challenge, "Ben", model, left.replay, ended_early=True), folder),
    ]


# ----------------------------------------------------------------------------- codes


def test_an_arcade_code_made_before_blocks_codes_decodes_as_before() -> None:
    pack = pack_short_hash(load_pack("default"))
    assert decode("WS-4503-0ECE-3269") == ChallengeSpec("arcade", 3, 4, 12345, pack, version=1)
    assert decode("WS-8503-0ECE-3268") == ChallengeSpec("arcade", 3, 4, 12345, pack, version=2)


@pytest.mark.parametrize("turns", [5, 30, 80])
def test_a_blocks_code_carries_its_turn_limit(turns: int) -> None:
    made = create_challenge("default", mode="blocks", turns=turns, seed=99)
    spec = decode(made.code)
    assert spec.mode == "blocks" and spec.turns == turns and spec.zone == BLOCKS_ZONE
    opened = open_challenge(made.code)
    assert opened.mode == "blocks" and opened.turn_limit == turns and opened.time_limit == 0
    assert opened.description == f"Blocks, {turns} turns"
    assert opened.settings == challenge_settings(turns)


@pytest.mark.parametrize("turns", [0, 4, 31, 85])
def test_a_turn_limit_a_code_cannot_carry_is_refused(turns: int) -> None:
    with pytest.raises(ChallengeError, match="turns"):
        create_challenge("default", mode="blocks", turns=turns)


def test_a_blocks_challenge_has_no_zone() -> None:
    with pytest.raises(ChallengeError, match="zone"):
        create_challenge("default", mode="blocks", zone=3)


def test_blocks_challenge_settings_are_todays_blocks_rules_with_a_turn_limit() -> None:
    # A code keeps its rules: the frozen settings equal the defaults they were copied from.
    assert challenge_settings(30) == BlocksSettings(turn_limit=30)


def test_every_player_of_a_blocks_code_starts_on_the_same_grid(challenge) -> None:
    first, again = challenge.new_game(), open_challenge(challenge.code).new_game()
    assert isinstance(first, BlocksState)
    assert first.columns == again.columns and first.words
    other = create_challenge("default", mode="blocks", turns=TURNS, seed=CODE_SEED + 1)
    assert other.new_game().columns != first.columns


def test_modes_and_turn_limits_have_their_own_rules_fingerprint(challenge) -> None:
    arcade = create_challenge("default", minutes=3, seed=CODE_SEED)
    longer = create_challenge("default", mode="blocks", turns=TURNS + 5, seed=CODE_SEED)
    digests = {challenge.rules_digest, arcade.rules_digest, longer.rules_digest}
    assert len(digests) == 3
    assert challenge.rules_digest == rules_digest(challenge.settings)


# ------------------------------------------------------------------- replay, verify


def test_a_full_round_ends_at_the_turn_limit_or_an_overflow(challenge, rounds) -> None:
    full, left = rounds
    assert full.final.game_over and full.final.turn <= TURNS
    assert full.final.turn == TURNS or any(len(c) > 12 for c in full.final.columns)
    assert not left.final.game_over and left.final.turn == 4


def test_replays_are_deterministic_and_give_the_played_score(challenge, rounds, result_files):
    for played, path in zip(rounds, result_files, strict=True):
        result = read_result(path)
        assert result.mode == "blocks"
        outcome = replay_round(challenge, result.replay, result.ended_early)
        assert isinstance(outcome, BlocksOutcome)
        # The file keeps rounded scores: everything but the last ranking's floats is equal.
        assert replace(outcome.final, last_clue=None) == replace(played.final, last_clue=None)
        assert outcome.score == result.score == played.final.score
        assert len(outcome.clues) == result.clues == played.final.stats.clues_used


def test_genuine_blocks_results_are_accepted(engine, result_files, rounds) -> None:
    accepted, rejected = verify_files(engine, result_files)
    assert rejected == []
    assert [a.result.score for a in accepted] == [r.final.score for r in rounds]
    assert accepted[1].result.ended_early and not accepted[0].result.ended_early


def test_each_recorded_clue_keeps_one_score_per_word_block_in_grid_order(challenge, rounds):
    full, _ = rounds
    state = challenge.new_game()
    first = next(a for a in full.replay.actions if hasattr(a, "scores"))
    assert len(first.scores) == len(state.words)
    ticks = [a.tick for a in full.replay.actions]
    assert ticks == sorted(ticks) and full.replay.end_tick >= ticks[-1]


def tamper_score(data):
    data["score"] += 10


def tamper_clue_scores(data):
    clue = [a for a in data["replay"]["actions"] if "clue" in a][-1]
    clue["scores"] = list(reversed(clue["scores"]))


def tamper_clue_text(data):
    clue = next(a for a in data["replay"]["actions"] if "clue" in a)
    clue["clue"] = "zebra" if clue["clue"] != "zebra" else "lion"


def tamper_word_count(data):
    clue = next(a for a in data["replay"]["actions"] if "clue" in a)
    clue["scores"] = clue["scores"][:-1]


def tamper_action_after_the_end(data):
    last = data["replay"]["actions"][-1]
    data["replay"]["actions"].append({**last, "tick": last["tick"] + 60})


def tamper_truncated(data):
    data["replay"]["actions"] = data["replay"]["actions"][:3]


def tamper_clue_count(data):
    data["clues"] += 1


def tamper_finish(data):
    data["finish_tick"] += 1


def tamper_mode(data):
    data["mode"] = "arcade"


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (tamper_score, "claims score"),
        (tamper_clue_scores, "not the model's"),
        (tamper_clue_text, "scores are not the model's|not a legal clue"),
        (tamper_word_count, "word blocks"),
        (tamper_action_after_the_end, "after the round ended"),
        (tamper_truncated, "not finished"),
        (tamper_clue_count, "clues"),
        (tamper_finish, "finish"),
        (tamper_mode, "mode"),
    ],
)
def test_tampered_blocks_results_are_rejected(engine, result_files, tmp_path, tamper, reason):
    data = json.loads(result_files[0].read_text())
    forged = copy.deepcopy(data)
    tamper(forged)
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))
    accepted, rejected = verify_files(engine, [path])
    assert accepted == []
    assert len(rejected) == 1
    assert rejected[0].reason
    assert re.search(reason, rejected[0].reason), rejected[0].reason


def test_an_unfinished_round_counts_only_when_it_was_ended_early(engine, challenge, rounds):
    _, left = rounds
    with pytest.raises(ResultError, match="not finished"):
        make_result(challenge, "Ben", model_info(engine), left.replay)
    result = make_result(challenge, "Ben", model_info(engine), left.replay, ended_early=True)
    assert Verifier(engine).verify(result).outcome.score == left.final.score


def test_a_forged_score_that_changes_the_chosen_block_is_caught(engine, challenge) -> None:
    # Scores that would pick another block (and clear a bigger group) are not the model's.
    state = challenge.new_game()
    assert isinstance(state, BlocksState)
    words = state.words
    clue = "sea" if "sea" not in [w.casefold() for w in words] else "forest"
    honest = tuple(float(s) for s in engine.scores(clue, words))
    forged = tuple(1.0 if i == len(words) - 1 else s for i, s in enumerate(honest))
    recorder = BlocksRecorder()
    recorder.record(state, Clue(clue, forged), 30)
    result = make_result(
        challenge, "Eve", model_info(engine), recorder.replay(40), ended_early=True
    )
    with pytest.raises(ResultError, match="not the model's"):
        Verifier(engine).verify(result)


def test_the_recorder_keeps_ticks_in_order_and_nothing_after_game_over(challenge) -> None:
    state = challenge.new_game()
    assert isinstance(state, BlocksState)
    recorder = BlocksRecorder()
    scores = tuple(0.1 * i for i in range(len(state.words)))
    recorder.record(state, Clue("alpha", scores), 100)
    recorder.record(state, Clue("beta", scores), 50)  # a clock that went back
    recorder.record(replace(state, game_over=True), Clue("gamma", scores), 200)
    replay: Replay = recorder.replay(10)
    assert [a.tick for a in replay.actions] == [100, 100]
    assert replay.end_tick == 100


def test_the_lesson_view_of_blocks_rounds_names_the_chosen_words_and_groups(
    engine, result_files
) -> None:
    accepted, _ = verify_files(engine, result_files)
    lesson = lesson_view([(a.result.name, a.outcome) for a in accepted])
    assert lesson
    chosen = {c.chosen for a in accepted for c in a.outcome.clues}
    assert {t.word for t in lesson} == chosen
    for stats in lesson:
        groups = [c.group for c in stats.best]
        assert groups == sorted(groups, reverse=True)
        assert all(c.rank == 1 and c.group >= 2 for c in stats.best)
        assert stats.median_clues is None  # a Blocks clue chooses its word: nothing to count
