"""A challenge code names its rules: codes and result files made before keep verifying."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom import Verifier, create_challenge, open_challenge, read_result, rules_digest
from game.classroom.replay import replay_round
from game.errors import ResultError
from game.rules import ArcadeSettings
from game.rules.arcade_settings import RULES_VERSION, settings_for_version

DATA = Path(__file__).resolve().parent / "data"
# A real round (the AI at T = 1.5, a clue a second, many misses in a row) played and
# written by Wordstack before a miss cost anything: code version 1.
OLD_RESULT = DATA / "WS-4101-14ME-326G_AI-Before_20260101T000000Z.json"

# The fingerprints result files of version-1 codes carry, zone 1 to 6.
VERSION_1_DIGESTS = {
    1: "7645885b0bd37318",
    2: "ff31eb2853aef44a",
    3: "1a1e307f835edbaf",
    4: "d315e6db1851284f",
    5: "b847b2b9bc034adf",
    6: "854d1a3fe820223b",
}


@pytest.mark.parametrize("zone", range(1, 7))
def test_version_1_rules_keep_their_fingerprint(zone: int) -> None:
    assert rules_digest(settings_for_version(1, zone)) == VERSION_1_DIGESTS[zone]


def test_the_new_rules_have_another_fingerprint() -> None:
    new = rules_digest(settings_for_version(RULES_VERSION, 4))
    assert new not in VERSION_1_DIGESTS.values()
    assert rules_digest(ArcadeSettings()) == new


def test_a_new_challenge_names_the_new_rules() -> None:
    challenge = create_challenge("default", minutes=1, zone=3, seed=9)
    assert challenge.spec.version == RULES_VERSION
    assert challenge.settings == ArcadeSettings(zone_size=3)
    assert open_challenge(challenge.code).settings == challenge.settings


def test_a_result_file_written_before_still_verifies(engine) -> None:
    result = read_result(OLD_RESULT)
    challenge = open_challenge(result.code)
    assert challenge.spec.version == 1 and result.rules == VERSION_1_DIGESTS[4]
    verified = Verifier(engine).verify_file(OLD_RESULT)
    assert verified.result.score == verified.outcome.score == 3860


def test_the_old_round_would_play_out_differently_under_the_new_rules() -> None:
    # So the test above proves the old rules are used, not that the rules did not matter.
    result = read_result(OLD_RESULT)
    old = open_challenge(result.code)
    new = create_challenge("default", minutes=old.spec.minutes, zone=4, seed=old.spec.seed)
    assert replay_round(old, result.replay).score == result.score
    try:
        replayed: int | str = replay_round(new, result.replay).score
    except ResultError as exc:  # e.g. a clue's scores no longer fit the stack
        replayed = exc.reason
    assert replayed != result.score


def test_a_clue_sent_during_a_cooldown_replays_as_refused_and_is_not_counted() -> None:
    from game.classroom.results import ClueAction, Replay

    challenge = create_challenge("default", minutes=1, zone=4, seed=11)
    state = challenge.new_game()
    n = len(state.stack)
    last = [0.0 if w.is_target else 1.0 for w in state.stack]  # every target ranks last
    miss = ClueAction(60, "blind", tuple(last))
    early = ClueAction(61, "again", tuple(last))  # inside the 1 s cooldown
    outcome = replay_round(challenge, Replay((miss, early), challenge.time_limit))
    assert [played.clue for played in outcome.clues] == ["blind"]
    assert outcome.final.stats.clues_used == 1 and n == len(outcome.clues[0].words)
