"""Challenge codes: round trip, typo detection, and the pinned content of a known code."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.classroom import ChallengeSpec, create_challenge, decode, encode, open_challenge
from game.classroom.codes import ALPHABET, BLOCKS_ZONE, ROSTER_FORMAT
from game.errors import ChallengeError
from game.words import load_pack

SPECS = st.one_of(
    st.builds(
        ChallengeSpec,
        mode=st.just("arcade"),
        minutes=st.integers(1, 16),
        zone=st.integers(1, 6),
        seed=st.integers(0, 2**20 - 1),
        pack=st.integers(0, 2**23 - 1),
    ),
    st.builds(
        ChallengeSpec,
        mode=st.just("blocks"),
        minutes=st.integers(1, 16),
        zone=st.just(BLOCKS_ZONE),
        seed=st.integers(0, 2**20 - 1),
        pack=st.integers(0, 2**23 - 1),
    ),
)

KNOWN_CODE = "WS-4503-0ECE-3269"  # default pack, 3 minutes, zone 4, seed 12345 (version 1)
KNOWN_CODE_V2 = "WS-8503-0ECE-3268"  # the same challenge made since misses cost (version 2)


@settings(max_examples=200)
@given(SPECS)
def test_codes_round_trip(spec: ChallengeSpec) -> None:
    code = encode(spec)
    assert len(code) == len("WS-XXXX-XXXX-XXXX")
    assert decode(code) == spec
    assert decode(code.lower().replace("-", " ")) == spec


@settings(max_examples=30)
@given(SPECS)
def test_every_single_typo_and_neighbour_swap_is_caught(spec: ChallengeSpec) -> None:
    body = encode(spec)[3:].replace("-", "")
    for i, original in enumerate(body):
        for wrong in ALPHABET:
            if wrong != original:
                with pytest.raises(ChallengeError, match="typo"):
                    decode(body[:i] + wrong + body[i + 1 :])
    for i in range(len(body) - 1):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            with pytest.raises(ChallengeError, match="typo"):
                decode(swapped)


def test_lookalike_letters_are_read_as_digits() -> None:
    spec = decode(KNOWN_CODE)
    assert decode(KNOWN_CODE.replace("0", "O")) == spec


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a challenge code"),
        ("hello", "not a challenge code"),
        ("WS-4503-0ECE-326", "not a challenge code"),
        ("WS-4503-0ECE-32U8", "typo"),
        ("WS-4503-0ECE-32!8", "typo"),
    ],
)
def test_bad_codes_get_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ChallengeError, match=message):
        decode(text)


def test_a_newer_format_version_is_named() -> None:
    spec = ChallengeSpec("arcade", 3, 4, 1, 1, version=ROSTER_FORMAT + 1)
    with pytest.raises(ChallengeError, match="another version"):
        decode(encode(spec))


def test_blocks_codes_open_and_ignore_the_zone_field() -> None:
    spec = decode(KNOWN_CODE)
    blocks = ChallengeSpec("blocks", spec.minutes, BLOCKS_ZONE, spec.seed, spec.pack)
    opened = open_challenge(encode(blocks))
    assert opened.mode == "blocks" and opened.turn_limit == 5 * spec.minutes
    with pytest.raises(ChallengeError, match="zone"):
        ChallengeSpec("blocks", spec.minutes, 4, spec.seed, spec.pack)


def test_out_of_range_settings_are_refused() -> None:
    with pytest.raises(ChallengeError, match="minutes"):
        ChallengeSpec("arcade", 17, 4, 1, 1)
    with pytest.raises(ChallengeError, match="seed"):
        ChallengeSpec("arcade", 3, 4, 2**20, 1)


def test_known_code_is_pinned_with_its_first_words() -> None:
    # A change to the code format, the pack hash or the dealing sequence fails here.
    challenge = create_challenge("default", minutes=3, zone=4, seed=12345)
    assert challenge.code == KNOWN_CODE_V2
    assert decode(KNOWN_CODE).version == 1  # a code made before still opens, as it was
    opened = open_challenge(KNOWN_CODE)
    assert opened.pack.name == "default" and opened.spec.minutes == 3
    state = opened.new_game()
    # Plain words from the arrivals deck, then the first target from the targets deck.
    plain = ("plastic", "helicopter", "mouth", "heater", "toilet", "toe", "card")
    assert state.words == (*plain[: len(state.stack) - 1], "coal")
    assert [w.text for w in state.targets] == ["coal"]
    assert state.time_limit == 3 * 60 * 60


def test_custom_pack_must_be_given_and_match(tmp_path: Path) -> None:
    words = [f"{w}\t1" for w in load_pack("animals").words[:30]]
    custom = tmp_path / "class.txt"
    custom.write_text("\n".join(words) + "\n")
    code = create_challenge(custom, minutes=2, seed=5).code
    with pytest.raises(ChallengeError, match="--pack FILE"):
        open_challenge(code)
    other = tmp_path / "other.txt"
    other.write_text("\n".join(words[:-1]) + "\n")
    with pytest.raises(ChallengeError, match="not the one of this challenge"):
        open_challenge(code, other)
    assert open_challenge(code, custom).pack.words == load_pack(custom).words


def test_every_neighbour_swap_of_every_character_pair_is_caught() -> None:
    # Exhaustive over positions and character pairs, the check character included
    # (a Luhn mod 32 check would miss swapping "0" and "Z").
    from game.classroom.codes import _check_digit, _damm

    for position in range(11):
        for x in range(32):
            for y in range(32):
                digits = [5] * 11
                digits[position] = x
                if position < 10:
                    digits[position + 1] = y
                code = [*digits, _check_digit(digits)]
                if code[position] == code[position + 1]:
                    continue
                swapped = list(code)
                swapped[position], swapped[position + 1] = code[position + 1], code[position]
                assert _damm(code) == 0 and _damm(swapped) != 0
