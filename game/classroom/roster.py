"""Personal codes: a roster challenge's code with one student's name bound to it.

``wordstack challenge new --roster names.txt`` makes a roster challenge (code format 3)
and one personal code per name: ``WS-XXXX-XXXX-XXXX-NN-Name``, where ``NN`` is a 10-bit
BLAKE2b check of the challenge code and the name (two Crockford characters). The game
fills in and locks the name of a personal code, the result file keeps the check, and
verification rejects a roster result whose name does not give that check.

The check is not a signature: it catches a mistyped code or a name changed in a file,
not someone who computes the check for another name with this module.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from game.classroom.codes import ALPHABET, decode
from game.classroom.names import clean_name, is_blank_name
from game.errors import ChallengeError

CHECK_BITS = 10
MAX_ROSTER = 500
# The base code, then "-NN-" and the name (which may itself hold hyphens or spaces).
_PERSONAL = re.compile(
    r"^\s*((?:WS)?[\s-]*(?:[0-9A-Z][\s-]*){12})-\s*([0-9A-Z]{2})\s*-(.+)$", re.IGNORECASE
)


def name_check(code: str, name: str) -> str:
    """The two-character check binding `name` to the challenge `code` (10 bits of BLAKE2b)."""
    text = f"{decode(code).code}\n{clean_name(name).casefold()}"
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=2, person=b"ws-name").digest()
    value = int.from_bytes(digest, "big") >> (16 - CHECK_BITS)
    return ALPHABET[value >> 5] + ALPHABET[value & 31]


def personal_code(code: str, name: str) -> str:
    """A student's personal code: the challenge code, the check and the name."""
    base = decode(code)
    if not base.roster:
        raise ChallengeError("personal codes are made from a roster challenge's code")
    shown = clean_name(name)
    return f"{base.code}-{name_check(base.code, shown)}-{shown}"


@dataclass(frozen=True)
class PersonalCode:
    """A typed code split: the challenge code, and the name with its check (if any)."""

    code: str
    name: str | None = None
    check: str | None = None


def split_code(text: str) -> PersonalCode:
    """Split a typed code; a personal code's check must match its name (ChallengeError).

    A plain code comes back as it is (decoded and checked later by `decode`).
    """
    match = _PERSONAL.match(text)
    if match is None:
        return PersonalCode(text)
    base = decode(match.group(1)).code
    check, name = match.group(2).upper(), clean_name(match.group(3))
    check = "".join({"O": "0", "I": "1", "L": "1"}.get(ch, ch) for ch in check)
    if name_check(base, name) != check:
        raise ChallengeError(
            f"the name part of this personal code does not match ({name!r}): "
            "please check the name and the two characters before it"
        )
    return PersonalCode(base, name, check)


def read_roster(path: Path | str) -> list[str]:
    """The names of a roster file: one a line, blank lines and # comments skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChallengeError(f"cannot read the roster {str(path)!r}: {exc}") from None
    names: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_blank_name(line):
            raise ChallengeError(f"roster line {number}: the name shows nothing")
        name = clean_name(line)
        key = name.casefold()
        if key in seen:
            raise ChallengeError(
                f"roster line {number}: {name!r} is already on line {seen[key]} "
                "(names must differ, e.g. add an initial)"
            )
        seen[key] = number
        names.append(name)
    if not names:
        raise ChallengeError("the roster has no names")
    if len(names) > MAX_ROSTER:
        raise ChallengeError(f"a roster holds at most {MAX_ROSTER} names")
    return names
