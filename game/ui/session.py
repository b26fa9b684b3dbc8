"""A class challenge being played on this machine: by one player, the AI or hot-seat players."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.classroom import Challenge
    from game.classroom.hotseat import HotSeat


@dataclass
class ChallengeSession:
    """The challenge, its hot-seat players (if any) and the result files saved so far."""

    challenge: Challenge
    hotseat: HotSeat | None = None
    saved: list[Path] = field(default_factory=list)
    daily: date | None = None  # the date of a daily challenge
