"""Clue validation: normalize what the player typed and say why a clue is refused.

British and American spellings of a word ("harbour"/"harbor", "grey"/"gray") are one
word: the pairs come from the lists of the `breame` package (British -> American and
American -> British spellings), not from a table of our own.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from breame.data.spelling_constants import (
    AMERICAN_ENGLISH_SPELLINGS,
    BRITISH_ENGLISH_SPELLINGS,
)

from game.lookalike import latin_lookalikes

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
SPELLING_VARIANT = "spelling_variant"
DERIVED_FORM = "derived_form"

REASONS = (
    EMPTY,
    TOO_LONG,
    CONTROL_CHARACTERS,
    NO_LETTERS,
    STACK_WORD,
    CONTAINS_STACK_WORD,
    INSIDE_STACK_WORD,
    INFLECTION,
    SPELLING_VARIANT,
    DERIVED_FORM,
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

# Derived forms whose spelling moves too far for the suffix rules below: the form and
# the word it comes from. Each side is refused as a clue for the other.
IRREGULAR_DERIVATIONS = {
    "strength": "strong",
    "length": "long",
    "width": "wide",
    "depth": "deep",
    "height": "high",
    "breadth": "broad",
    "truth": "true",
    "youth": "young",
    "death": "die",
    "dead": "die",
    "birth": "bear",
    "wisdom": "wise",
    "frozen": "freeze",
    "flight": "fly",
    "sight": "see",
    "thought": "think",
    "bought": "buy",
    "taught": "teach",
    "caught": "catch",
    "brought": "bring",
    "fought": "fight",
    "sold": "sell",
    "told": "tell",
    "heat": "hot",
    "pride": "proud",
    "speech": "speak",
    "spoken": "speak",
    "song": "sing",
    "sung": "sing",
    "choice": "choose",
    "loss": "lose",
    "lost": "lose",
    "proof": "prove",
    "belief": "believe",
    "life": "live",
    "grief": "grieve",
    "poverty": "poor",
    "description": "describe",
    "explanation": "explain",
    "pronunciation": "pronounce",
    "sleepy": "sleep",
    "ability": "able",
    "hungry": "hunger",
    "angry": "anger",
    "famous": "fame",
    "purity": "pure",
    "purify": "pure",
    "widen": "wide",
    "scientific": "science",
    "scientist": "science",
    "pleasure": "please",
}

# Derivational endings and what they may replace ("stability" -> "stable", "happiness" ->
# "happy"): the remainder, stemmed, is a root of the word. Longer endings first.
_DERIVATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fulness", ("", "y")),
    ("lessness", ("",)),
    ("ability", ("able",)),
    ("ibility", ("ible",)),
    ("ication", ("y",)),
    ("ization", ("ize", "")),
    ("isation", ("ise", "")),
    ("ation", ("", "e", "ate")),
    ("ition", ("", "e", "it")),
    ("ption", ("be", "pt")),
    ("ssion", ("t", "ss", "de")),
    ("sion", ("de", "d", "t", "se")),
    ("tion", ("te", "e", "t", "")),
    ("ility", ("ile", "il", "le")),
    ("ment", ("",)),
    ("ness", ("", "y")),
    ("less", ("", "y")),
    ("ical", ("y", "ic", "")),
    ("ally", ("al", "")),
    ("ful", ("", "y")),
    ("ian", ("", "y", "e")),
    ("ist", ("", "y", "e", "o")),
    ("ism", ("", "e")),
    ("ity", ("", "e", "y")),
    ("ety", ("",)),
    ("ous", ("", "e", "y")),
    ("ive", ("e", "")),
    ("ance", ("", "e", "ant")),
    ("ence", ("", "e", "ent")),
    ("ancy", ("ant",)),
    ("ency", ("ent",)),
    ("ant", ("", "e")),
    ("ent", ("", "e")),
    ("ize", ("", "e", "y")),
    ("ise", ("", "e", "y")),
    ("ify", ("", "e", "y")),
    ("ship", ("",)),
    ("hood", ("",)),
    ("dom", ("", "e")),
    ("ic", ("", "y", "e")),
    ("al", ("", "e")),
    ("ly", ("", "le", "y")),
    ("or", ("", "e")),
    ("ee", ("", "e")),
    ("en", ("", "e")),
    ("y", ("e",)),
)
# What is left of a word once a derivational ending is cut must keep this many letters:
# shorter remainders link unrelated words ("cap" + "e": "caption" is no form of "cape").
MIN_ROOT_CHARS = 4

_stemmer = snowballstemmer.stemmer("english")
# A Snowball stemmer keeps the word it works on in the object: two threads stemming at once
# (a hint on the clue thread, a typed clue on the game's) corrupt each other's word.
_stemmer_lock = threading.Lock()
# Snowball stems words that should be left alone ("news" -> "news" is fine, but two-letter
# stems merge everything), so very short words compare as typed.
_MIN_STEMMED_CHARS = 4


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
    # Lower-casing can itself leave text that is not NFC ("\u0130" -> "i" + dot above).
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_text(text: str) -> str:
    """Text as the model compares it: compatibility forms folded, accents gone, case folded.

    Full-width letters and ligatures become plain letters (NFKD), combining marks are
    dropped ("d\\u00f3ctor" -> "doctor"), then case is folded; folding case can bring back marks
    ("\u0130" -> "i" + dot), so they are dropped again.
    """
    folded = _strip_marks(_strip_marks(text).casefold())
    return " ".join(unicodedata.normalize("NFC", folded).split())


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


def _build_american_spellings() -> dict[str, str]:
    """British spelling -> American spelling, from both of breame's lists."""
    american: dict[str, str] = dict(BRITISH_ENGLISH_SPELLINGS)
    for us, uk in AMERICAN_ENGLISH_SPELLINGS.items():
        american.setdefault(uk, us)  # a few pairs are listed one way only
    return american


_AMERICAN = _build_american_spellings()


def american_spelling(word: str) -> str:
    """The American spelling of a British one ("harbour" -> "harbor"); any other word as is."""
    return _AMERICAN.get(word, word)


def same_word_up_to_spelling(a: str, b: str) -> bool:
    """True when the words, or inflections of them, are British/American spellings of one word.

    ("harbour"/"harbor", "greys"/"gray"; also true for equal words and inflections.)
    """
    return bool(_spelling_keys(a) & _spelling_keys(b))


def _spelling_keys(word: str) -> set[str]:
    return {american_spelling(form) for form in base_forms(word)}


def same_word_up_to_inflection(a: str, b: str) -> bool:
    """True when one word is a plural or simple inflection of the other ("cats"/"cat")."""
    return bool(base_forms(a) & base_forms(b))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if len(word) < _MIN_STEMMED_CHARS:
        return word
    with _stemmer_lock:
        return str(_stemmer.stemWord(word))  # snowballstemmer has no type hints


@lru_cache(maxsize=65536)
def word_roots(word: str) -> frozenset[str]:
    """Roots a word shares with its inflections and derived forms (one word, folded).

    The Snowball (Porter 2) stems of the word and of its simple inflections, of what is
    left once a derivational ending is replaced ("stability" -> "stable", "musician" ->
    "music"), and of the word's entry in `IRREGULAR_DERIVATIONS`.
    """
    word = _compact(fold_text(word))
    roots = {word}
    # A British spelling has the roots of its American one too ("neighbourhood" -> "neighbor").
    forms = {f for spelling in {word, american_spelling(word)} for f in base_forms(spelling)}
    for form in forms | {american_spelling(f) for f in forms}:
        roots.add(_stem(form))
        for suffix, replacements in _DERIVATIONS:
            if form.endswith(suffix):
                remainder = form[: -len(suffix)]
                if len(remainder) >= MIN_ROOT_CHARS:
                    roots.update(_stem(remainder + ending) for ending in replacements)
    roots = {r for r in roots if len(r) >= MIN_ROOT_CHARS or r == word}
    for source in (word, *base_forms(word)):
        if source in IRREGULAR_DERIVATIONS:
            base = IRREGULAR_DERIVATIONS[source]  # kept even when short: "death" -> "die"
            roots.update((base, _stem(base)))
    return frozenset(roots)


def same_word_up_to_derivation(a: str, b: str) -> bool:
    """True when one word is an inflection or derived form of the other ("happy"/"happiness").

    Also true for a pair listed in `IRREGULAR_DERIVATIONS` ("strong"/"strength").
    """
    return bool(word_roots(a) & word_roots(b))


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
        # Refused as typed, but NFC like every clue a check returns.
        shown = unicodedata.normalize("NFC", stripped)
        return _refuse(shown, CONTROL_CHARACTERS, "The clue contains control characters.")
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


def comparable_text(text: str) -> str:
    """Text as clues and stack words are compared: `fold_text`, then look-alike letters.

    The one place where a clue and a stack word are made comparable: letters of another
    script that look like Latin ones become those (their Unicode confusable skeleton,
    UTS #39, `game.lookalike`), so a pasted "f\u0456sh" with a Cyrillic i is "fish".
    """
    return latin_lookalikes(fold_text(text)).casefold()


def _stack_conflict(clue: str, stack: Sequence[str]) -> ClueCheck | None:
    # Compared as the model sees them: an accented or full-width "doctor" is "doctor".
    folded = comparable_text(clue)
    clue_compact = _compact(folded)
    tokens = [_compact(token) for token in folded.split()]
    for word in stack:
        word_compact = _compact(comparable_text(word))
        if not word_compact:
            continue
        if clue_compact == word_compact:
            return _refuse(clue, STACK_WORD, f'"{word}" is in play: describe it instead.')
        shorter = min(len(clue_compact), len(word_compact))
        if shorter >= MIN_CONTAINED_CHARS and word_compact in clue_compact:
            return _refuse(clue, CONTAINS_STACK_WORD, f'The clue contains "{word}".')
        if shorter >= MIN_CONTAINED_CHARS and clue_compact in word_compact:
            return _refuse(clue, INSIDE_STACK_WORD, f'The clue is part of "{word}".')
        for token in tokens:
            if not token:
                continue
            if same_word_up_to_inflection(token, word_compact):
                return _refuse(clue, INFLECTION, f'"{token}" is a form of "{word}".')
            if same_word_up_to_spelling(token, word_compact):
                return _refuse(
                    clue, SPELLING_VARIANT, f'"{token}" is another spelling of "{word}".'
                )
            if same_word_up_to_derivation(token, word_compact):
                return _refuse(clue, DERIVED_FORM, f'"{token}" is a form of "{word}".')
    return None
