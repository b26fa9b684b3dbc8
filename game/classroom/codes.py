"""Challenge codes: a round's settings packed into a short code like ``WS-7K3P-9QXA-M2TD``.

Eleven Crockford base-32 characters carry 55 bits, most significant first:

====== ==== ===========================================================
field  bits meaning
====== ==== ===========================================================
format 3    version of the code and of the Arcade rules it names (1, 2)
mode   2    game mode: 0 Arcade, 1 Blocks
minutes 4   Arcade: round length in minutes, 1-16 (stored as minutes - 1);
            Blocks: turn limit, 5 x (field + 1) = 5, 10 ... 80 turns
zone   3    Arcade: clear-zone size of the rules, 1-6; Blocks: unused, always 1
seed   20   seed of the word decks, 0-1,048,575
pack   23   first 23 bits of the word pack's SHA-256
====== ==== ===========================================================

A twelfth character is a Damm check over GF(32): it catches every single
mistyped character and every swap of two neighbours.

Versions share the layout and differ in the Arcade rules they name
(``game.rules.arcade_settings.settings_for_version``): 1 for codes made before a miss
cost anything (issue 18), 2 since. A code keeps its rules when the defaults change, so
its rounds replay and verify as they were played. Format 3 is a roster challenge: rules
version 2, played only with personal codes that carry the player's name
(``game.classroom.roster``).

A Blocks code (mode 1) is turn-based: its "minutes" field is a turn limit (``turns``) and
its zone field is ignored (written as ``BLOCKS_ZONE``); it plays the Blocks rules frozen
for challenges (``game.rules.blocks_settings.challenge_settings``).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.errors import ChallengeError

PREFIX = "WS"
FORMAT_VERSION = 2
"""The version of new codes; every version from 1 up to it can be read."""
ROSTER_FORMAT = 3
"""The format of a roster challenge's code: rules version 2, names bound to codes."""
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
# What people type by mistake for a character the alphabet leaves out.
_LOOKALIKES = {"O": "0", "I": "1", "L": "1"}
MODES = ("arcade", "blocks")
DATA_CHARS = 11
MAX_SEED = 2**20 - 1
MAX_MINUTES = 16
MAX_ZONE = 6
TURNS_PER_STEP = 5
"""A Blocks code's turn limit is this times (its minutes field + 1)."""
MAX_TURNS = TURNS_PER_STEP * MAX_MINUTES
BLOCKS_ZONE = 1
"""The zone a Blocks code carries and ignores (Blocks has no clear zone)."""
PACK_BITS = 23
# (name, bits) from the most significant end.
_FIELDS = (("format", 3), ("mode", 2), ("minutes", 4), ("zone", 3), ("seed", 20), ("pack", 23))
CODE_EXAMPLE = "WS-XXXX-XXXX-XXXX"
_GF32_POLY = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)


@dataclass(frozen=True)
class ChallengeSpec:
    """Everything a challenge code fixes; ``pack`` is the pack's 23-bit hash prefix."""

    mode: str
    minutes: int
    zone: int
    seed: int
    pack: int
    version: int = FORMAT_VERSION
    roster: bool = False  # played with personal codes only (one per student's name)

    def __post_init__(self) -> None:
        """Reject values a code cannot carry."""
        if self.mode not in MODES:
            raise ChallengeError(f"unknown game mode {self.mode!r} (known: {', '.join(MODES)})")
        if not 1 <= self.minutes <= MAX_MINUTES:
            raise ChallengeError(f"a round lasts 1 to {MAX_MINUTES} minutes, not {self.minutes}")
        if not 1 <= self.zone <= MAX_ZONE:
            raise ChallengeError(f"the clear zone is 1 to {MAX_ZONE} words, not {self.zone}")
        if self.mode == "blocks" and self.zone != BLOCKS_ZONE:
            raise ChallengeError("a Blocks challenge has no clear zone")
        if not 0 <= self.seed <= MAX_SEED:
            raise ChallengeError(f"a challenge seed is 0 to {MAX_SEED}, not {self.seed}")
        if not 0 <= self.pack < 2**PACK_BITS:
            raise ChallengeError("pack hash out of range")
        if self.roster and self.version != FORMAT_VERSION:
            raise ChallengeError(f"a roster challenge plays rules version {FORMAT_VERSION}")

    @property
    def code(self) -> str:
        """The code to type or read off a projector."""
        return encode(self)

    @property
    def turns(self) -> int:
        """A Blocks round's turn limit (0 for Arcade, which is timed)."""
        return self.minutes * TURNS_PER_STEP if self.mode == "blocks" else 0


def blocks_spec(turns: int, seed: int, pack: int, roster: bool = False) -> ChallengeSpec:
    """The spec of a Blocks challenge of `turns` turns (a multiple of 5, 5 to 80)."""
    if turns % TURNS_PER_STEP or not TURNS_PER_STEP <= turns <= MAX_TURNS:
        raise ChallengeError(
            f"a Blocks challenge lasts {TURNS_PER_STEP} to {MAX_TURNS} turns, "
            f"in steps of {TURNS_PER_STEP}, not {turns}"
        )
    return ChallengeSpec(
        mode="blocks",
        minutes=turns // TURNS_PER_STEP,
        zone=BLOCKS_ZONE,
        seed=seed,
        pack=pack,
        roster=roster,
    )


def encode(spec: ChallengeSpec) -> str:
    """Pack a spec into ``WS-XXXX-XXXX-XXXX`` (the last character is the check)."""
    values = {
        "format": ROSTER_FORMAT if spec.roster else spec.version,
        "mode": MODES.index(spec.mode),
        "minutes": spec.minutes - 1,
        "zone": spec.zone,
        "seed": spec.seed,
        "pack": spec.pack,
    }
    number = 0
    for name, bits in _FIELDS:
        number = (number << bits) | values[name]
    digits = [(number >> (5 * i)) & 31 for i in reversed(range(DATA_CHARS))]
    digits.append(_check_digit(digits))
    text = "".join(ALPHABET[d] for d in digits)
    return f"{PREFIX}-{text[0:4]}-{text[4:8]}-{text[8:12]}"


def decode(code: str) -> ChallengeSpec:
    """Read a code typed by a person; raises ChallengeError with a message for them."""
    cleaned = "".join(ch for ch in code.upper() if not ch.isspace() and ch != "-")
    if cleaned.startswith(PREFIX) and len(cleaned) == len(PREFIX) + DATA_CHARS + 1:
        cleaned = cleaned[len(PREFIX) :]
    if len(cleaned) != DATA_CHARS + 1:
        raise ChallengeError(
            f"{code.strip()!r} is not a challenge code: codes look like {CODE_EXAMPLE}"
        )
    digits = []
    for ch in cleaned:
        ch = _LOOKALIKES.get(ch, ch)
        if ch not in ALPHABET:
            raise ChallengeError(f"this code has a typo: {ch!r} is never used in codes")
        digits.append(ALPHABET.index(ch))
    if _damm(digits) != 0:
        raise ChallengeError("this code has a typo: please check every character")
    number = 0
    for digit in digits[:-1]:
        number = (number << 5) | digit
    values: dict[str, int] = {}
    for name, bits in reversed(_FIELDS):
        values[name] = number & ((1 << bits) - 1)
        number >>= bits
    roster = values["format"] == ROSTER_FORMAT
    if roster:
        values["format"] = FORMAT_VERSION
    if not 1 <= values["format"] <= FORMAT_VERSION:
        raise ChallengeError(
            "this code was made by another version of Wordstack "
            f"(code version {values['format']}, this version reads 1 to {ROSTER_FORMAT})"
        )
    if values["mode"] >= len(MODES):
        raise ChallengeError("this code names a game mode this version does not know")
    mode = MODES[values["mode"]]
    return ChallengeSpec(
        mode=mode,
        minutes=values["minutes"] + 1,
        zone=BLOCKS_ZONE if mode == "blocks" else values["zone"],
        seed=values["seed"],
        pack=values["pack"],
        version=values["format"],
        roster=roster,
    )


def _damm(digits: list[int]) -> int:
    """Damm's check over GF(32): fold each digit d into r as r = x * r + d.

    The quasigroup x * r + d (x the field's generator, x != 1) is totally
    anti-symmetric: every single substitution and every swap of two neighbours
    changes the result. A valid code folds to 0.
    """
    interim = 0
    for digit in digits:
        interim = _times_x(interim) ^ digit
    return interim


def _times_x(value: int) -> int:
    """Multiply by x in GF(32) = GF(2)[x] / (x^5 + x^2 + 1)."""
    value <<= 1
    return value ^ _GF32_POLY if value & 32 else value


def _check_digit(digits: list[int]) -> int:
    """The digit that makes the whole code fold to 0."""
    return _times_x(_damm(digits))
