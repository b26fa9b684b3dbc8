"""Fuzzing word packs: any file gives a pack of valid words or one short PackError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.errors import PackError
from game.words import _WORD, MAX_WORD_CHARS, load_pack, parse_pack

# Lines that are words, near-words, levels, comments and junk, so that some packs pass.
word_like = st.from_regex(r"[a-zé]{1,10}( [a-z]{1,6})?", fullmatch=True)
lines = st.one_of(
    word_like,
    st.builds(lambda w, n: f"{w}\t{n}", word_like, st.integers(-1, 7)),
    st.text(max_size=40),
    st.sampled_from(["", "# comment", "# Wordstack word pack: Mine", "\t3", "a\x00b"]),
)
pack_texts = st.lists(lines, max_size=40).map("\n".join) | st.text(max_size=300)


def check_error(error: PackError) -> None:
    message = str(error)
    assert "\n" not in message and "\r" not in message and len(message) < 600


@settings(max_examples=200, deadline=None)
@given(pack_texts, st.integers(1, 25))
def test_any_text_parses_to_valid_words_or_one_pack_error(text, min_words):
    try:
        pack = parse_pack(text, "fuzz.txt", min_words=min_words)
    except PackError as error:
        check_error(error)
        return
    assert len(pack.words) >= min_words and len(set(pack.words)) == len(pack.words)
    for word, level in pack.entries():
        assert _WORD.match(word) and len(word) <= MAX_WORD_CHARS and 1 <= level <= 5


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | pack_texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_file_loads_or_gives_one_pack_error(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.txt"
        path.write_bytes(data)
        try:
            load_pack(path, min_words=1)
        except PackError as error:
            check_error(error)
