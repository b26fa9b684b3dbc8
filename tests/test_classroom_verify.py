"""Result files of real games (the AI player through the real engine): verify accepts
them and rejects every kind of tampering with a reason."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from game.classroom import (
    Verifier,
    create_challenge,
    make_result,
    model_info,
    read_result,
    replay_round,
    verify_files,
    write_result,
)
from game.classroom.autoplay import play_round
from game.rules import WordArrived, replay

CODE_SEED = 4242


@pytest.fixture(scope="session")
def challenge():
    """A one-minute challenge on the default pack."""
    return create_challenge("default", minutes=1, zone=4, seed=CODE_SEED)


@pytest.fixture(scope="session")
def rounds(engine, challenge):
    """Two players who play differently: a careful one and a fast, wild one."""
    careful = play_round(challenge, engine, temperature=0.0, seed=1, clue_seconds=5.0)
    wild = play_round(challenge, engine, temperature=1.5, seed=2, clue_seconds=2.0)
    return careful, wild


@pytest.fixture(scope="session")
def result_files(engine, challenge, rounds, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("results")
    model = model_info(engine)
    names = ("Ana", "Ben")
    return [
        write_result(make_result(challenge, name, model, played.replay, ai=True), folder)
        for name, played in zip(names, rounds, strict=True)
    ]


def arrivals(challenge, played):
    """(plain words, target words) in the order they arrived during a round."""
    state = challenge.new_game()
    _, events = replay(
        challenge.settings,
        challenge.pack.entries(),
        challenge.spec.seed,
        played.replay.rule_actions(),
    )
    first = [w.text for w in state.stack]
    everything = [e for e in events if isinstance(e, WordArrived)]
    plain = [w for w in first if w not in {t.text for t in state.targets}]
    plain += [e.word for e in everything if not e.is_target]
    targets = [t.text for t in state.targets] + [e.word for e in everything if e.is_target]
    return plain, targets


def test_two_players_who_play_differently_meet_the_same_words(challenge, rounds) -> None:
    careful, wild = rounds
    assert len(careful.replay.actions) != len(wild.replay.actions)
    plain_a, targets_a = arrivals(challenge, careful)
    plain_b, targets_b = arrivals(challenge, wild)
    shared = min(len(targets_a), len(targets_b))
    assert shared >= 5
    assert targets_a[:shared] == targets_b[:shared]
    common = min(len(plain_a), len(plain_b))
    assert common >= 5
    assert plain_a[:common] == plain_b[:common]


def test_a_timed_round_ends_by_itself(challenge, rounds) -> None:
    for played in rounds:
        assert played.final.game_over
        assert played.final.tick <= challenge.time_limit


def test_replays_are_deterministic(challenge, rounds, result_files) -> None:
    for played, path in zip(rounds, result_files, strict=True):
        first = replay_round(challenge, played.replay)
        second = replay_round(challenge, read_result(path).replay)
        assert first == second
        assert first.final.score == played.final.score


def test_genuine_results_are_accepted(engine, result_files, rounds) -> None:
    accepted, rejected = verify_files(engine, result_files)
    assert rejected == []
    assert [a.result.score for a in accepted] == [r.final.score for r in rounds]
    assert all(a.result.ai for a in accepted)


def tamper_score(data):
    data["score"] += 10


def tamper_clue_text(data):
    clue = next(a for a in data["replay"]["actions"] if "clue" in a)
    clue["clue"] = "zebra" if clue["clue"] != "zebra" else "lion"


def tamper_scores(data):
    clue = next(a for a in data["replay"]["actions"] if "clue" in a)
    clue["scores"][-1] = min(1.0, clue["scores"][-1] + 0.3)


def tamper_added_clue(data):
    actions = data["replay"]["actions"]
    clues = [a for a in actions if "clue" in a]
    actions.insert(actions.index(clues[1]), copy.deepcopy(clues[0]) | {"tick": clues[1]["tick"]})


def tamper_reordered(data):
    actions = data["replay"]["actions"]
    i, j = [k for k, a in enumerate(actions) if "clue" in a][:2]
    ti, tj = actions[i]["tick"], actions[j]["tick"]
    actions[i], actions[j] = actions[j] | {"tick": ti}, actions[i] | {"tick": tj}


def tamper_removed_clue(data):
    actions = data["replay"]["actions"]
    actions.remove(next(a for a in actions if "clue" in a))


def tamper_wrong_code(data):
    data["code"] = create_challenge("default", minutes=1, zone=4, seed=CODE_SEED + 1).code


def tamper_typo_code(data):
    code = data["code"]
    data["code"] = code[:-1] + ("0" if code[-1] != "0" else "1")


def tamper_other_pack(data):
    data["code"] = create_challenge("animals", minutes=1, zone=4, seed=CODE_SEED).code


def tamper_pack_hash(data):
    data["pack"]["sha256"] = "0" * 64


def tamper_model(data):
    data["model"]["weights_sha256"] = "f" * 64


def tamper_model_id(data):
    data["model"]["id"] = "paraphrase-MiniLM-L3-v2"


def tamper_version(data):
    data["version"] = 99


def tamper_missing_field(data):
    del data["replay"]["end_tick"]


def tamper_end_early(data):
    data["replay"]["end_tick"] = data["replay"]["actions"][-1]["tick"]


def tamper_rules(data):
    data["rules"] = "0123456789abcdef"


def tamper_score_type(data):
    data["score"] = "9999"


TAMPERING = {
    tamper_score: "claims score",
    tamper_clue_text: "clue",
    tamper_scores: "not the model's",
    tamper_added_clue: "",
    tamper_reordered: "",
    tamper_removed_clue: "",
    tamper_wrong_code: "",
    tamper_typo_code: "typo",
    tamper_other_pack: "pack",
    tamper_pack_hash: "different word pack",
    tamper_model: "another model",
    tamper_model_id: "another model",
    tamper_version: "unknown result format version",
    tamper_missing_field: "end_tick",
    tamper_end_early: "not finished",
    tamper_rules: "different rules",
    tamper_score_type: "score",
}


@pytest.mark.parametrize("tamper", list(TAMPERING), ids=lambda f: f.__name__)
def test_every_kind_of_tampering_is_rejected(engine, result_files, tmp_path, tamper) -> None:
    data = json.loads(result_files[0].read_text())
    tamper(data)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    accepted, rejected = verify_files(engine, [path])
    assert accepted == []
    (rejection,) = rejected
    assert TAMPERING[tamper] in rejection.reason
    assert rejection.reason  # a one-line reason, never empty


@pytest.mark.parametrize("cut", [0, 10, 0.5])
def test_truncated_and_malformed_files_are_rejected(engine, result_files, tmp_path, cut) -> None:
    raw = result_files[0].read_bytes()
    path = tmp_path / "cut.json"
    path.write_bytes(raw[: int(len(raw) * cut) if isinstance(cut, float) else cut])
    _, rejected = verify_files(engine, [path, tmp_path / "missing.json"])
    assert "malformed or truncated" in rejected[0].reason
    assert "cannot read" in rejected[1].reason


def test_last_digit_float_differences_do_not_flip_a_verdict(engine, result_files, tmp_path):
    # Another machine's scores differ in the last digits: the verdict must not change.
    data = json.loads(result_files[0].read_text())
    for action in data["replay"]["actions"]:
        if "clue" in action:
            action["scores"] = [round(s + 4e-7, 6) for s in action["scores"]]
    path = tmp_path / "other-machine.json"
    path.write_text(json.dumps(data))
    verifier = Verifier(engine)
    original = verifier.verify_file(result_files[0])
    shifted = verifier.verify_file(path)
    assert shifted.result.score == original.result.score
