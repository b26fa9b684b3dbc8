"""Words the screens share: ordinals, plurals and the message of a refused clue."""

from __future__ import annotations


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinals(ranks: tuple[int, ...]) -> str:
    """(1,) -> '1st'; (1, 2) -> '1st and 2nd'; (1, 2, 4) -> '1st, 2nd and 4th'."""
    words = [ordinal(r) for r in ranks]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def plural(count: int, noun: str) -> str:
    """'1 clue', '2 clues'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def refusal(clue: str, reason: str) -> str:
    """The message for a refused clue; it names the clue, since the box is emptied."""
    quoted = f'"{clue}"'
    if not clue or quoted in reason:
        return reason
    return f"\u201c{clue}\u201d refused: {reason}"
