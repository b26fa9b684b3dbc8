"""Names and messages as a reader and the host's edge see them: the UTS #39 skeleton,
blank-looking names, the offensive-name filter and the one gate for network text."""

from __future__ import annotations

import pytest

from game.classroom.names import clean_name, is_blank_name, is_offensive, name_key
from game.host import codes
from game.host.protocol import BadMessage, nesting_depth, parse_message, parse_teacher_body
from game.lookalike import looks_blank, skeleton, unicode_version


@pytest.mark.parametrize(
    ("shown", "lookalike"),
    [
        ("Alice", "\u0410lice"),  # Cyrillic capital A
        ("paypal", "p\u0430ypal"),  # Cyrillic small a
        ("Bob", "\uff22ob"),  # full-width B
        ("Zo\u00e9", "Zoe\u0301"),  # precomposed e-acute, e + combining acute
        ("Al", "A\u200bl"),  # a zero-width space inside (default-ignorable)
        ("rn", "m"),  # UTS #39 maps m to r + n
    ],
)
def test_lookalike_texts_share_a_skeleton(shown, lookalike):
    assert skeleton(shown) == skeleton(lookalike)


def test_different_texts_keep_different_skeletons():
    assert len({skeleton(t) for t in ("Alice", "Alina", "Bob", "Rob", "Zoe", "Zoey")}) == 6
    assert unicode_version().split(".")[0].isdigit()


def test_names_collide_by_look_and_case():
    assert name_key("ALICE") == name_key("alice") == name_key("\u0410lice")
    assert name_key("\uff22ob") == name_key("bob")
    assert name_key("Ana") != name_key("Anna")


@pytest.mark.parametrize(
    "name", ["\u200b\u200b", "\u3164", "\u0301\u0301", "   ", "\u2800\u2800", "\u202e", ""]
)
def test_blank_looking_names_are_blank(name):
    assert is_blank_name(name) and looks_blank(name)


def test_visible_names_are_not_blank_and_clean_drops_invisible_characters():
    assert not is_blank_name("Zo\u00eb") and not is_blank_name("\u674e")
    assert clean_name("Ana\u3164\u3164") == "Ana"
    assert clean_name("Al\u200bice") == "Alice"


def test_offensive_filter_without_the_false_positive_of_long_x_runs():
    assert not is_offensive("Xxxxxxxxxxxxxxxxx") and not is_offensive("Maxx")
    assert is_offensive("xxx") and is_offensive("Ana xxx")
    assert is_offensive("fuuuuck")  # the stretch matching still works for other words
    assert not is_offensive("Scunthorpe") and not is_offensive("class")


def test_nesting_depth_counts_brackets_outside_strings_only():
    assert nesting_depth('{"clue": "[[[[{{{{"}') == 1
    assert nesting_depth('{"a": "\\"[[[["}') == 1
    assert nesting_depth("[" * 100000) == 100000
    assert nesting_depth('{"a": [[{"b": 1}]]}') == 4


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"type": "clue", "clue": "\\ud83d"}', codes.BAD_TEXT),
        ('{"type": "ping", "\\udc00": 1}', codes.BAD_TEXT),
        ("[" * 1000, codes.TOO_DEEP),
        ('{"type": "join", "room": "AB", "name": 1}', codes.MALFORMED),
        ('{"type": "join", "room": "AB"}', codes.MALFORMED),
        ('{"type": "rejoin", "token": "t", "admin": true}', codes.MALFORMED),
        ('{"type": "score"}', codes.UNKNOWN_TYPE),
        ('{"type": 1}', codes.MALFORMED),
        ("x" * 2000, codes.TOO_LARGE),
    ],
)
def test_client_messages_are_refused_with_a_code(text, code):
    with pytest.raises(BadMessage) as refused:
        parse_message(text)
    assert refused.value.code == code


def test_teacher_bodies_take_exact_types():
    assert parse_teacher_body(b'{"student": 3, "bar_address": true}') == {
        "student": 3, "bar_address": True
    }  # fmt: skip
    assert parse_teacher_body(b"") == {}
    for body in (b'{"student": true}', b'{"student": 3.0}', b'{"bar_address": 1}'):
        with pytest.raises(BadMessage):
            parse_teacher_body(body)
