"""Word packs: the bundled ones meet our bar, and bad custom packs fail clearly."""

import pytest

from game.errors import PackError
from game.words import MAX_PACK_BYTES, bundled_packs, load_pack, parse_pack

GOOD = "# my pack\n" + "\n".join(f"word{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(25))


def test_default_pack_is_large_and_levelled():
    pack = load_pack("default")
    assert len(pack) >= 1000
    assert set(pack.levels) == {1, 2, 3, 4, 5}
    assert len(set(pack.words)) == len(pack.words)


def test_at_least_four_themed_packs_of_150_words():
    themed = [name for name in bundled_packs() if name != "default"]
    assert len(themed) >= 4
    for name in themed:
        assert len(load_pack(name)) >= 150, name


def test_bundled_packs_have_no_plural_twins():
    for name in bundled_packs():
        words = set(load_pack(name).words)
        twins = sorted(w for w in words if w.endswith("s") and w[:-1] in words)
        assert not twins, f"{name}: {twins}"


def test_custom_pack_with_levels_comments_and_blank_lines(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("# Wordstack word pack: Mine\n\nApple\t2\n" + GOOD.replace("# my pack", ""))
    pack = load_pack(path)
    assert pack.title == "Mine"
    assert pack.words[0] == "apple" and pack.levels[0] == 2
    assert pack.levels[1] == 3  # default level
    assert pack.at_levels(2, 2) == ["apple"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("# only a comment\n\n", "no words", None),
        ("apple\npear\n", "at least 20", None),
        (GOOD + "\nworda\u0061a\nwordaa\n", "duplicate word 'wordaa'", 28),
        (GOOD + "\nr2d2\n", "not a word", 27),
        (GOOD + "\nplum\t9\n", "level '9'", 27),
        (GOOD + "\nplum\teasy\n", "level 'easy'", 27),
    ],
)
def test_bad_packs_name_the_file_and_line(tmp_path, text, message, line):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match=message) as error:
        load_pack(path)
    assert error.value.line == line
    assert str(path) in str(error.value)


def test_pack_in_another_encoding_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"apple\npear\ncaf\xe9\n")
    with pytest.raises(PackError, match="not UTF-8") as error:
        load_pack(path)
    assert error.value.line == 3


def test_missing_pack_names_the_available_ones():
    with pytest.raises(PackError, match="available: default"):
        load_pack("no-such-pack")
    with pytest.raises(PackError, match="no such file"):
        load_pack("missing/pack.txt")


def test_parse_pack_accepts_multiword_entries():
    pack = parse_pack("ice cream\n" + GOOD)
    assert pack.words[0] == "ice cream"


def test_a_pack_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(GOOD + "\n" + "\n".join(["zebra"] * (MAX_PACK_BYTES // 6 + 1)))
    with pytest.raises(PackError, match="larger than 1,000,000 bytes"):
        load_pack(path)


def test_a_long_line_is_quoted_short_in_the_message(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("a1" * 400_000)  # 800 kB, under the size limit
    with pytest.raises(PackError) as error:
        load_pack(path)
    message = str(error.value)
    assert "is not a word" in message and "800,000 characters" in message
    assert len(message) < 300


@pytest.mark.parametrize("name", ["bad\x00name", "x" * 5000])
def test_a_pack_name_that_is_no_file_name_is_a_pack_error(name):
    with pytest.raises(PackError):
        load_pack(name)
