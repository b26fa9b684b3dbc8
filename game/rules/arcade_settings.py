"""Tuning for the Arcade rules: every number that shapes a game lives here."""

from __future__ import annotations

from dataclasses import asdict, dataclass

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
    # What a miss costs (each 0 / empty: nothing, the rules before issue 18). A blind
    # player typing about once a second out-scored a careful one while a miss was free.
    # Words from the arrival deck that come in at once after a miss (Semantris-like).
    miss_arrivals: int = 0
    # Ticks a miss costs: a timed round has that much less time left and the next word
    # arrives that much sooner.
    miss_penalty_ticks: int = 0
    # Ticks during which clues are refused (costing nothing) after the k-th miss in a row
    # (entry k - 1; the last entry repeats).
    miss_cooldown_ticks: tuple[int, ...] = (60, 120, 240, 480)
    # How the clear zone grows (see `zone_for`): 0, one row per `words_per_zone_row`
    # words; k > 0, `zone_size` rows with one word left below the danger line and one
    # row fewer for every k more free rows.
    zone_ramp: int = 1

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
        costs = (self.miss_arrivals, self.miss_penalty_ticks, *self.miss_cooldown_ticks)
        if min(*costs, self.zone_ramp) < 0:
            raise ValueError("miss costs and zone_ramp must not be negative")

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
        if self.zone_ramp:
            free_rows = self.max_stack_height - 1 - stack_size  # 0: one word from the line
            fewer = -(-free_rows // self.zone_ramp)  # a row less per `zone_ramp` free rows
            return max(1, min(self.zone_size, self.zone_size - fewer))
        if not self.words_per_zone_row:
            return self.zone_size
        return max(1, min(self.zone_size, stack_size // self.words_per_zone_row))

    def cooldown_after(self, misses_in_a_row: int) -> int:
        """Ticks clues are refused after this many misses in a row (0: none)."""
        if not self.miss_cooldown_ticks or misses_in_a_row < 1:
            return 0
        return value_at_stage(self.miss_cooldown_ticks, misses_in_a_row)

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


# Fields added after rules version 1, with the value that plays as version 1 did.
_ADDED_AFTER_VERSION_1: dict[str, object] = {
    "miss_arrivals": 0,
    "miss_penalty_ticks": 0,
    "miss_cooldown_ticks": (),
    "zone_ramp": 0,
}

RULES_VERSION = 2
"""The Arcade rules of a new challenge: the default `ArcadeSettings` (version 1: a miss
cost nothing and the zone grew a row per 6 words, capped by the setting)."""


def settings_for_version(version: int, zone_size: int) -> ArcadeSettings:
    """The Arcade settings of a rules version (a challenge code names one) and a zone."""
    if version == 1:
        return ArcadeSettings(
            start_stack_size=8,
            zone_size=zone_size,
            words_per_zone_row=6,
            max_stack_height=15,
            min_stack_size=8,
            arrival_interval_ticks=(480, 390, 300, 240, 180, 150, 120, 100, 80, 60),
            points_per_stage=2000,
            streak_length=5,
            targets_per_stage=(1, 1, 2, 2, 3),
            level_ranges=((1, 2), (1, 2), (1, 3), (1, 3), (1, 4), (1, 4), (1, 5)),
            target_points=100,
            word_points=10,
            first_place_bonus=50,
            streak_step_percent=25,
            streak_wipe_bonus=250,
            recent_window=20,
            hint_cost=50,
            miss_arrivals=0,
            miss_penalty_ticks=0,
            miss_cooldown_ticks=(),
            zone_ramp=0,
        )
    if version == RULES_VERSION:
        return ArcadeSettings(zone_size=zone_size)
    raise ValueError(f"unknown Arcade rules version {version} (known: 1-{RULES_VERSION})")


def fingerprint_fields(settings: ArcadeSettings) -> dict[str, object]:
    """Every setting by name, for a rules fingerprint (`classroom.challenge.rules_digest`).

    A field added after rules version 1 is left out while it plays as version 1 did, so
    results recorded before it existed keep their fingerprint.
    """
    fields = asdict(settings)
    for name, neutral in _ADDED_AFTER_VERSION_1.items():
        if getattr(settings, name) == neutral:
            del fields[name]
    return fields
