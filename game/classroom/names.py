"""Names and clues shown to a class: cleaned, compared by look, offensive ones kept off
the projector.

Offensive words come from the maintained word lists of the ``glin-profanity`` package
(MIT licence), English list, whole words only: its look-alike matching flags
ordinary words such as "class" or "phone". Its "stretch" matching reads a run of one
letter as that letter twice (so "fuuuck" is caught), which makes any long run of x
("Xxxxxxxxx") the listed word "xx": words of the list made of one repeated letter are
therefore matched only as whole words of the text as typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from game.lookalike import BLANK_LOOKING, is_default_ignorable, looks_blank, skeleton
from game.scores import clean_name as _clean_score_name

HIDDEN_NAME = "(name hidden)"
HIDDEN_CLUE = "(clue hidden)"
PROFANITY_LANGUAGE = "english"
_WORD = re.compile(r"\w+")


def clean_name(name: str) -> str:
    """A player name without control, invisible or blank-looking characters, spaces
    squeezed, at most 16 characters ("Player" if nothing is left)."""
    shown = "".join(
        ch for ch in name if ch not in BLANK_LOOKING and not is_default_ignorable(ch)
    )
    return _clean_score_name(shown)


def ai_marked(name: str, ai: bool) -> str:
    """The name with " (AI)" after it when the AI player made the result, unless the name
    says so already ("AI (T = 0.7)")."""
    return f"{name} (AI)" if ai and not name.startswith("AI") else name


def is_blank_name(name: str) -> bool:
    """True if a typed name shows nothing a classmate could read."""
    return looks_blank(name)


def name_key(name: str) -> str:
    """What two names are compared by: the confusable skeleton of the casefolded NFKC
    name ("Alice", "ALICE", "\u0410lice" with a Cyrillic A and a full-width "\uff21lice"
    share one key)."""
    return skeleton(unicodedata.normalize("NFKC", name).casefold())


def is_offensive(text: str) -> bool:
    """True if ``text`` holds a word of the profanity list."""
    if not text.strip():
        return False
    repeated = _repeated_letter_words()
    if repeated and any(word in repeated for word in _WORD.findall(text.casefold())):
        return True
    return bool(_filter().is_profane(text))


def shown_name(name: str) -> str:
    """The name as a projector may show it."""
    return HIDDEN_NAME if is_offensive(name) else name


def shown_clue(clue: str) -> str:
    """The clue as a projector may show it."""
    return HIDDEN_CLUE if is_offensive(clue) else clue


@lru_cache(maxsize=1)
def _repeated_letter_words() -> frozenset[str]:
    """Listed words made of one letter repeated ("xx", "xxx")."""
    from glin_profanity.data.dictionary import DictionaryLoader

    words = DictionaryLoader().get_words(PROFANITY_LANGUAGE)
    return frozenset(
        w.casefold() for w in words if len(w) > 1 and w.isalpha() and len(set(w.casefold())) == 1
    )


@lru_cache(maxsize=1)
def _filter() -> Any:
    from glin_profanity import Filter

    return Filter(
        {"languages": [PROFANITY_LANGUAGE], "ignore_words": sorted(_repeated_letter_words())}
    )


def parse_players(text: str) -> list[str]:
    """Hot-seat players from ``"Ana, Ben, Chen"`` in order: cleaned, blanks dropped, unique."""
    players: list[str] = []
    for part in text.split(","):
        if not part.strip():
            continue
        name, number = clean_name(part), 1
        while name.casefold() in {p.casefold() for p in players}:
            number += 1
            name = f"{clean_name(part)[:13]} {number}"
        players.append(name)
    return players
