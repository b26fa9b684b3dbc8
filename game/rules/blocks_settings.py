"""Tuning for the Blocks rules: every number that shapes a game lives here."""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.rules.common import MAX_LEVEL, MIN_LEVEL, value_at_stage

MAX_COLOURS = 5  # the UI has a colour-blind-safe colour and a shape for each of 5


@dataclass(frozen=True)
class BlocksSettings:
    """Blocks tuning; per-stage tuples are indexed by stage - 1, the last entry repeats."""

    columns: int = 8
    rows: int = 12
    colours: int = 4
    start_height: int = 4
    # Percent of new blocks that carry a word; the rest are plain coloured blocks.
    word_percent: int = 50
    # The grid always shows at least this many word blocks (a clue needs one to aim at).
    min_word_blocks: int = 6
    turns_per_stage: int = 10
    # Blocks that rise from the bottom after each turn, per stage.
    # Tried with bench-like simulated players (random vs largest-group picks): fewer arrivals
    # let a random player survive as long as a good one; more end every game in ~20 turns.
    arrivals_per_stage: tuple[int, ...] = (3, 4, 4, 5, 5, 6)
    level_ranges: tuple[tuple[int, int], ...] = ((1, 2), (1, 3), (1, 4), (1, 5))
    # A group of n blocks scores block_points * C(n + p - 1, p) for p = group_power:
    # n(n + 1)/2 for p = 2 (10, 30, 60, 100...), n(n + 1)(n + 2)/6 for p = 3 (10, 40,
    # 100, 200...). Faster than linear in n, so aiming at big groups pays.
    block_points: int = 10
    group_power: int = 2
    # A hint (a clue for the word block with the largest group) costs hint_share_percent
    # of what that group is worth, at most hint_cost points; a player whose score cannot
    # pay gets no hint. (A flat 50 cost more than a group of 2 earns, 30.)
    hint_cost: int = 50
    hint_share_percent: int = 50
    recent_window: int = 30
    # A clue whose chosen block stands alone (a group of 1) is a miss: it scores nothing
    # and this many extra rows of blocks rise (0: it scores as a group of 1).
    single_block_rows: int = 1
    # The game is over after this many turns (0: no limit, as in the free game).
    turn_limit: int = 0

    def __post_init__(self) -> None:
        """Reject settings that would make the rules inconsistent."""
        if not 3 <= self.columns <= 16 or not 4 <= self.rows <= 24:
            raise ValueError("columns must be 3-16 and rows 4-24")
        if not 2 <= self.colours <= MAX_COLOURS:
            raise ValueError(f"colours must be between 2 and {MAX_COLOURS}")
        if not 0 <= self.start_height < self.rows:
            raise ValueError("start_height must be at least 0 and below rows")
        if not 0 <= self.word_percent <= 100:
            raise ValueError("word_percent must be between 0 and 100")
        if not 1 <= self.min_word_blocks <= self.columns * self.rows // 2:
            raise ValueError("min_word_blocks must be between 1 and half the grid")
        if self.turns_per_stage < 1:
            raise ValueError("turns_per_stage must be at least 1")
        if not self.arrivals_per_stage or min(self.arrivals_per_stage) < 1:
            raise ValueError("arrivals_per_stage needs at least one value >= 1")
        if max(self.arrivals_per_stage) > self.columns:
            raise ValueError("at most one arrival per column and turn")
        if not self.level_ranges:
            raise ValueError("level_ranges needs at least one range")
        for lo, hi in self.level_ranges:
            if not MIN_LEVEL <= lo <= hi <= MAX_LEVEL:
                raise ValueError(f"bad level range {(lo, hi)}")
        if min(self.block_points, self.hint_cost, self.recent_window) < 0:
            raise ValueError("points, hint_cost and recent_window must not be negative")
        if not 0 <= self.hint_share_percent <= 100:
            raise ValueError("hint_share_percent must be between 0 and 100")
        if not 1 <= self.group_power <= 4 or not 0 <= self.single_block_rows <= 3:
            raise ValueError("group_power must be 1-4 and single_block_rows 0-3")
        if self.turn_limit < 0:
            raise ValueError("turn_limit must not be negative (0: no limit)")

    def stage_for(self, turn: int) -> int:
        """Stage reached after `turn` turns (stage 1 at turn 0)."""
        return 1 + turn // self.turns_per_stage

    def arrivals_for(self, stage: int) -> int:
        """Blocks that rise after a turn at this stage."""
        return value_at_stage(self.arrivals_per_stage, stage)

    def levels_for(self, stage: int) -> tuple[int, int]:
        """Inclusive word difficulty range at this stage."""
        return value_at_stage(self.level_ranges, stage)

    def group_points(self, size: int) -> int:
        """Points for clearing a group of `size` blocks (0 for a lone block that is a miss)."""
        if size == 1 and self.single_block_rows:
            return 0
        return self.block_points * math.comb(size + self.group_power - 1, self.group_power)

    def hint_cost_for(self, size: int) -> int:
        """What a hint aimed at a group of `size` blocks costs: a share of its worth, capped."""
        return min(self.hint_cost, self.group_points(size) * self.hint_share_percent // 100)


def challenge_settings(turn_limit: int) -> BlocksSettings:
    """The Blocks rules every challenge code plays, spelled out so new defaults never
    change a code's game, with its turn limit."""
    return BlocksSettings(
        columns=8,
        rows=12,
        colours=4,
        start_height=4,
        word_percent=50,
        min_word_blocks=6,
        turns_per_stage=10,
        arrivals_per_stage=(3, 4, 4, 5, 5, 6),
        level_ranges=((1, 2), (1, 3), (1, 4), (1, 5)),
        block_points=10,
        group_power=2,
        hint_cost=50,
        hint_share_percent=50,
        recent_window=30,
        single_block_rows=1,
        turn_limit=turn_limit,
    )
