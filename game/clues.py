"""Clue validation: normalize what the player typed and say why a clue is refused."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_CLUE_CHARS = 40
MAX_CLUE_WORDS = 4
# Containment only counts when the shorter word has this many letters: "ant" in "giant"
# is refused, but a two-letter word inside a longer one is not.
MIN_CONTAINED_CHARS = 3

EMPTY = "empty"
TOO_LONG = "too_long"
CONTROL_CHARACTERS = "control_characters"
NO_LETTERS = "no_letters"
STACK_WORD = "stack_word"
CONTAINS_STACK_WORD = "contains_stack_word"
INSIDE_STACK_WORD = "inside_stack_word"
INFLECTION = "inflection"

REASONS = (
    EMPTY,
    TOO_LONG,
    CONTROL_CHARACTERS,
    NO_LETTERS,
    STACK_WORD,
    CONTAINS_STACK_WORD,
    INSIDE_STACK_WORD,
    INFLECTION,
)

# Irregular plurals and verb forms that suffix rules cannot find.
_IRREGULAR = {
    "mice": "mouse",
    "geese": "goose",
    "children": "child",
    "men": "man",
    "women": "woman",
    "teeth": "tooth",
    "feet": "foot",
    "people": "person",
    "oxen": "ox",
    "lice": "louse",
    "ran": "run",
    "went": "go",
    "swam": "swim",
    "flew": "fly",
    "ate": "eat",
    "sang": "sing",
    "drank": "drink",
    "wrote": "write",
    "drove": "drive",
    "rode": "ride",
    "froze": "freeze",
}


@dataclass(frozen=True)
class ClueCheck:
    """Outcome of `validate_clue`: the cleaned clue, and a reason code when it is refused."""

    clue: str
    reason: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        """True when the clue may be played."""
        return self.reason is None


def normalize_text(text: str) -> str:
    """Unicode NFC, lower case, no surrounding spaces, single spaces between words."""
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join(text.split())


def base_forms(word: str) -> set[str]:
    """The word plus the stems it may be a plural or simple inflection of."""
    forms = {word}
    if word in _IRREGULAR:
        forms.add(_IRREGULAR[word])
    for suffix, replacements in (
        ("ies", ("y",)),
        ("ves", ("f", "fe")),
        ("es", ("", "e")),
        ("s", ("",)),
        ("ied", ("y",)),
        ("ing", ("", "e")),
        ("ed", ("", "e")),
        # The doer of a verb counts too: "baked" and "baking" are no clue for "baker".
        ("ers", ("", "e")),
        ("er", ("", "e")),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if suffix == "s" and stem.endswith(("s", "u", "i")):
                continue  # "glass", "bus", "iris" are not plurals of "glas", "bu", "iri"
            forms.update(stem + ending for ending in replacements)
            if suffix in ("ing", "ed", "er", "ers") and len(stem) >= 3 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # running -> run, stopped -> stop
    return forms


def same_word_up_to_inflection(a: str, b: str) -> bool:
    """True when one word is a plural or simple inflection of the other ("cats"/"cat")."""
    return bool(base_forms(a) & base_forms(b))


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text)


def _compact(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _refuse(clue: str, reason: str, message: str) -> ClueCheck:
    return ClueCheck(clue=clue, reason=reason, message=message)


def validate_clue(clue: str, stack: Iterable[str] = ()) -> ClueCheck:
    """Normalize `clue` and check it against the words on the stack; never raises for a str."""
    if not isinstance(clue, str):
        raise TypeError(f"clue must be a str, not {type(clue).__name__}")
    stripped = clue.strip()
    if _has_control(stripped):
        return _refuse(stripped, CONTROL_CHARACTERS, "The clue contains control characters.")
    cleaned = normalize_text(stripped)
    if not cleaned:
        return _refuse(cleaned, EMPTY, "Type a clue first.")
    if len(cleaned) > MAX_CLUE_CHARS or len(cleaned.split()) > MAX_CLUE_WORDS:
        return _refuse(
            cleaned,
            TOO_LONG,
            f"Keep the clue to {MAX_CLUE_WORDS} words and {MAX_CLUE_CHARS} characters.",
        )
    if not any(ch.isalpha() for ch in cleaned):
        return _refuse(cleaned, NO_LETTERS, "A clue needs at least one letter.")
    problem = _stack_conflict(cleaned, [normalize_text(w) for w in stack if isinstance(w, str)])
    return problem or ClueCheck(clue=cleaned)


def _stack_conflict(clue: str, stack: Sequence[str]) -> ClueCheck | None:
    clue_compact = _compact(clue)
    tokens = [_compact(token) for token in clue.split()]
    for word in stack:
        word_compact = _compact(word)
        if not word_compact:
            continue
        if clue_compact == word_compact:
            return _refuse(clue, STACK_WORD, f'"{word}" is on the stack: describe it instead.')
        shorter = min(len(clue_compact), len(word_compact))
        if shorter >= MIN_CONTAINED_CHARS and word_compact in clue_compact:
            return _refuse(clue, CONTAINS_STACK_WORD, f'The clue contains "{word}".')
        if shorter >= MIN_CONTAINED_CHARS and clue_compact in word_compact:
            return _refuse(clue, INSIDE_STACK_WORD, f'The clue is part of "{word}".')
        for token in tokens:
            if token and same_word_up_to_inflection(token, word_compact):
                return _refuse(clue, INFLECTION, f'"{token}" is a form of "{word}".')
    return None
