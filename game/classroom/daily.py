"""The daily challenge: the same Arcade round for everyone on a UTC date, with no server.

The code is derived from the date alone (its seed is a BLAKE2b digest of the date), so
two students anywhere get identical words. A player's first daily result on a machine
counts; later tries that day are practice. The share line tells how it went without
giving any word away.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from game.classroom.challenge import Challenge, create_challenge
from game.classroom.codes import MAX_SEED
from game.classroom.replay import RoundOutcome
from game.classroom.results import RoundResult, find_result_files, read_result
from game.errors import ResultError

DAILY_PACK = "default"
DAILY_MINUTES = 3
HISTORY_DAYS = 366  # how far back `scores --daily` looks for daily codes
HIT, MISS = "\U0001f7e9", "\u2b1b"  # green square, black square
MAX_SQUARES = 30


def today_utc(now: datetime | None = None) -> date:
    """The date of the daily challenge now (UTC, the same for everyone)."""
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).date()


def daily_seed(day: date) -> int:
    """The seed of a date's challenge: a digest of the date, the same on every machine."""
    digest = hashlib.blake2b(f"wordstack-daily-{day.isoformat()}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big") % (MAX_SEED + 1)


def daily_challenge(day: date) -> Challenge:
    """The challenge everyone plays on `day`."""
    return create_challenge(DAILY_PACK, DAILY_MINUTES, seed=daily_seed(day))


def daily_codes(days: Iterable[date]) -> dict[str, date]:
    """The daily codes of these dates, code -> date."""
    return {daily_challenge(day).code: day for day in days}


def recent_days(until: date, count: int = HISTORY_DAYS) -> list[date]:
    """`count` dates ending with `until`, newest first."""
    return [until - timedelta(days=back) for back in range(count)]


def squares(outcome: RoundOutcome) -> str:
    """One square per clue: green when it cleared a target, black when it missed."""
    marks = [HIT if clue.cleared_targets else MISS for clue in outcome.clues]
    shown = "".join(marks[:MAX_SQUARES])
    return shown + (f" +{len(marks) - MAX_SQUARES}" if len(marks) > MAX_SQUARES else "")


def share_line(day: date, code: str, score: int, outcome: RoundOutcome) -> str:
    """The spoiler-free line to share: date, score, the clues as squares, the code."""
    cleared = sum(1 for clue in outcome.clues if clue.cleared_targets)
    return (
        f"Wordstack daily {day.isoformat()}: {score:,} points, "
        f"{cleared}/{len(outcome.clues)} clues cleared {squares(outcome)} {code}"
    ).replace("  ", " ")


@dataclass(frozen=True)
class DailyResult:
    """One saved daily result on this machine."""

    day: date
    result: RoundResult
    path: Path


def saved_daily_results(folder: Path, until: date) -> list[DailyResult]:
    """Daily results in `folder` for the `HISTORY_DAYS` up to `until`, newest day first
    (unreadable files are skipped: `results verify` names them)."""
    codes = daily_codes(recent_days(until))
    found: list[DailyResult] = []
    for path in find_result_files([folder]) if folder.is_dir() else ():
        try:
            result = read_result(path)
        except ResultError:
            continue
        day = codes.get(result.code)
        if day is not None:
            found.append(DailyResult(day, result, path))
    return sorted(found, key=lambda d: (d.day, d.result.practice, d.result.played_at), reverse=True)


def counted_per_day(results: Sequence[DailyResult]) -> list[DailyResult]:
    """Each day's counted result: its first try not marked practice."""
    first: dict[date, DailyResult] = {}
    for entry in sorted(results, key=lambda d: (d.result.practice, d.result.played_at)):
        first.setdefault(entry.day, entry)
    return sorted(first.values(), key=lambda d: d.day, reverse=True)
