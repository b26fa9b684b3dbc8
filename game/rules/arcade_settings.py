"""Tuning for the Arcade rules: every number that shapes a game lives here."""

from __future__ import annotations

from dataclasses import dataclass

from game.rules.common import MAX_LEVEL, MIN_LEVEL, value_at_stage

TICKS_PER_SECOND = 60
"""Logic ticks per second at the UI's fixed logic rate."""


@dataclass(frozen=True)
class ArcadeSettings:
    """Arcade tuning; per-stage tuples are indexed by stage - 1, the last entry repeats."""

    start_stack_size: int = 8
    # The clear zone has one row for every `words_per_zone_row` words on the stack, at
    # least 1 and at most `zone_size` (0: always `zone_size` rows). A fixed zone of 4 on
    # a short stack let a clue typed blind clear over half the targets (issue 8); one row
    # per 6 words keeps a blind clue near 1 in 10 (bench/balance.py), and the zone grows
    # to 2 rows as the stack nears the danger line.
    zone_size: int = 4
    words_per_zone_row: int = 6
    max_stack_height: int = 15
    # Fewest words on screen after a clue: a blind clue faces at least this many.
    min_stack_size: int = 8
    # 8 s at stage 1 down to 1 s at stage 10, in ticks. A 3 s floor let simulated players
    # who clue every 4-5 s survive forever: a hit clears 2-4 words, an arrival adds 1.
    arrival_interval_ticks: tuple[int, ...] = (480, 390, 300, 240, 180, 150, 120, 100, 80, 60)
    points_per_stage: int = 2000
    streak_length: int = 5
    targets_per_stage: tuple[int, ...] = (1, 1, 2, 2, 3)
    level_ranges: tuple[tuple[int, int], ...] = (
        (1, 2),
        (1, 2),
        (1, 3),
        (1, 3),
        (1, 4),
        (1, 4),
        (1, 5),
    )
    target_points: int = 100
    word_points: int = 10
    first_place_bonus: int = 50
    # Each streak step before a success adds this many percent to its points.
    streak_step_percent: int = 25
    streak_wipe_bonus: int = 250
    recent_window: int = 20
    # A hint (a suggested clue) costs this many points, never more than the score.
    hint_cost: int = 50

    def __post_init__(self) -> None:
        """Reject settings that would make the rules inconsistent."""
        if not 1 <= self.zone_size <= 6:
            raise ValueError("zone_size must be between 1 and 6")
        if self.words_per_zone_row < 0:
            raise ValueError("words_per_zone_row must not be negative")
        if not self.arrival_interval_ticks or min(self.arrival_interval_ticks) < 1:
            raise ValueError("arrival_interval_ticks needs at least one value >= 1")
        if not self.targets_per_stage or min(self.targets_per_stage) < 1:
            raise ValueError("targets_per_stage needs at least one value >= 1")
        if not self.level_ranges:
            raise ValueError("level_ranges needs at least one range")
        for lo, hi in self.level_ranges:
            if not MIN_LEVEL <= lo <= hi <= MAX_LEVEL:
                raise ValueError(f"bad level range {(lo, hi)}")
        if self.min_stack_size < max(self.targets_per_stage):
            raise ValueError("min_stack_size must hold the largest number of targets")
        if not self.min_stack_size <= self.start_stack_size < self.max_stack_height:
            raise ValueError("need min_stack_size <= start_stack_size < max_stack_height")
        if self.zone_size + max(self.targets_per_stage) >= self.max_stack_height:
            raise ValueError("zone_size + targets must stay below max_stack_height")
        if self.points_per_stage < 1 or self.streak_length < 1 or self.recent_window < 0:
            raise ValueError("points_per_stage, streak_length >= 1 and recent_window >= 0 needed")
        points = (
            self.target_points,
            self.word_points,
            self.first_place_bonus,
            self.streak_step_percent,
            self.streak_wipe_bonus,
            self.hint_cost,
        )
        if min(points) < 0:
            raise ValueError("points and bonuses must not be negative")

    def arrival_interval(self, stage: int) -> int:
        """Ticks between word arrivals at this stage."""
        return value_at_stage(self.arrival_interval_ticks, stage)

    def targets_for(self, stage: int) -> int:
        """Number of targets on screen at this stage."""
        return value_at_stage(self.targets_per_stage, stage)

    def levels_for(self, stage: int) -> tuple[int, int]:
        """Inclusive word difficulty range at this stage."""
        return value_at_stage(self.level_ranges, stage)

    def zone_for(self, stack_size: int) -> int:
        """Rows of the clear zone for a stack of this many words."""
        if not self.words_per_zone_row:
            return self.zone_size
        return max(1, min(self.zone_size, stack_size // self.words_per_zone_row))

    def refill_floor(self, stage: int) -> int:
        """Fewest words left after a clue; short stacks refill at once.

        At least the zone plus the targets, so every target can rank outside the zone:
        otherwise any clue on a short stack would clear, an endless free streak.
        """
        targets = self.targets_for(stage)
        floor = self.min_stack_size
        while floor < self.zone_for(floor) + targets:
            floor += 1
        return floor

    def stage_for(self, score: int) -> int:
        """Stage reached with this score (stage 1 from 0 points)."""
        return 1 + score // self.points_per_stage
