"""Clue validation: what is cleaned, what is refused and why."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game import clues
from game.clues import REASONS, same_word_up_to_inflection, validate_clue

STACK = ["cat", "berry", "run", "knife", "make", "sunflower", "sea horse"]


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("  Fruit ", "fruit"),
        ("big    RED\u00a0 thing", "big red thing"),
        ("cafe\u0301", "caf\u00e9"),  # NFC joins the combining accent
        ("Ocean\n", "ocean"),
    ],
)
def test_valid_clues_are_normalized(typed, cleaned):
    check = validate_clue(typed, STACK)
    assert check.ok, check.message
    assert check.clue == cleaned


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", clues.EMPTY),
        ("   \t ", clues.EMPTY),
        ("a" * 41, clues.TOO_LONG),
        ("one two three four five", clues.TOO_LONG),
        ("ba\x07d", clues.CONTROL_CHARACTERS),
        ("tab\tinside", clues.CONTROL_CHARACTERS),
        ("zero\u200bwidth", clues.CONTROL_CHARACTERS),
        ("!!! 42", clues.NO_LETTERS),
        ("CAT", clues.STACK_WORD),
        ("seahorse", clues.STACK_WORD),
        ("catalog", clues.CONTAINS_STACK_WORD),
        ("hot cat", clues.CONTAINS_STACK_WORD),
        ("sun", clues.INSIDE_STACK_WORD),
        ("cats", clues.CONTAINS_STACK_WORD),
        ("berries", clues.INFLECTION),
        ("making", clues.INFLECTION),
        ("knives", clues.INFLECTION),
        ("running", clues.CONTAINS_STACK_WORD),
    ],
)
def test_refused_clues_give_their_reason(typed, reason):
    check = validate_clue(typed, STACK)
    assert not check.ok
    assert check.reason == reason
    assert check.message


def test_short_words_inside_clues_are_not_refused():
    assert validate_clue("box", ["ox"]).ok
    assert validate_clue("animal", []).ok


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("cats", "cat"),
        ("running", "run"),
        ("berries", "berry"),
        ("wolves", "wolf"),
        ("boxes", "box"),
        ("baked", "bake"),
        ("stopped", "stop"),
        ("mice", "mouse"),
        ("baked", "baker"),
        ("baking", "bakers"),
        ("runner", "running"),
    ],
)
def test_inflections_are_the_same_word(a, b):
    assert same_word_up_to_inflection(a, b)
    assert same_word_up_to_inflection(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("glass", "glas"), ("bus", "bu"), ("cat", "dog"), ("sing", "sin")]
)
def test_different_words_are_not_inflections(a, b):
    assert not same_word_up_to_inflection(a, b)


def test_same_clue_twice_is_fine():
    assert validate_clue("fruit", STACK).ok and validate_clue("fruit", STACK).ok


@given(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=12))
def test_junk_never_raises_and_always_gives_a_documented_answer(typed, stack):
    check = validate_clue(typed, stack)
    assert check.reason is None or check.reason in REASONS
    if check.ok:
        assert check.clue == check.clue.strip()
        assert 0 < len(check.clue) <= clues.MAX_CLUE_CHARS
        assert "  " not in check.clue


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError):
        validate_clue(42, [])  # type: ignore[arg-type]
