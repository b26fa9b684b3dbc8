"""Words the screens share: ordinals, plurals and the message of a refused clue."""

from __future__ import annotations

import math

from game.rules import ArcadeSettings


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


def wait_text(seconds: float) -> str:
    """The message for a clue typed during a miss's cooldown: 'Wait 2 s ...'."""
    return f"Wait {max(1, math.ceil(seconds - 1e-9))} s: after a miss, clues cool down."


def zone_rule(settings: ArcadeSettings) -> str:
    """What the clear zone takes at each stack height, in words (Settings, how to play)."""
    starts: dict[int, int] = {}
    for size in range(1, settings.max_stack_height):
        starts.setdefault(settings.zone_for(size), size)
    if len(starts) == 1:
        (rows,) = starts
        return "1st place clears" if rows == 1 else f"The best {rows} clear, at any height"
    steps = sorted(starts.items())
    first = steps[1][1] - 1
    if steps[0][0] == 1:
        head = f"1st place only, up to {plural(first, 'word')}"
    else:
        head = f"The best {steps[0][0]} up to {plural(first, 'word')}"
    grows = ", ".join(f"{rows} at {size}" for rows, size in steps[1:])
    return f"{head}; then the best {grows} words"
