"""Names and clues shown to a class: cleaned, and offensive ones kept off the projector.

Offensive words come from the maintained word lists of the ``glin-profanity`` package
(MIT licence), English list, whole words only: its look-alike matching flags
ordinary words such as "class" or "phone".
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from game.scores import clean_name as _clean_score_name

HIDDEN_NAME = "(name hidden)"
HIDDEN_CLUE = "(clue hidden)"


def clean_name(name: str) -> str:
    """A player name without control characters, spaces squeezed, at most 16 characters."""
    return _clean_score_name(name)


def is_offensive(text: str) -> bool:
    """True if ``text`` holds a word of the profanity list."""
    return bool(text.strip()) and bool(_filter().is_profane(text))


def shown_name(name: str) -> str:
    """The name as a projector may show it."""
    return HIDDEN_NAME if is_offensive(name) else name


def shown_clue(clue: str) -> str:
    """The clue as a projector may show it."""
    return HIDDEN_CLUE if is_offensive(clue) else clue


@lru_cache(maxsize=1)
def _filter() -> Any:
    from glin_profanity import Filter

    return Filter({"languages": ["english"]})


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
