"""Which attempt counts: each player's first finished attempt at a code, never a copy.

A player may play a challenge again (to practise, or after a restart); only their first
attempt is their result, later ones are marked ``practice`` when saved and listed apart
on the leaderboard. A replay handed in under two names is one game, not two players':
such copies are reported and left out of the ranking.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from game.classroom.names import clean_name
from game.classroom.results import RoundResult, _action_json, read_result
from game.classroom.verify import VerifiedResult
from game.errors import ResultError


def player_key(result: RoundResult) -> tuple[str, bool]:
    """Who played: the name compared without case, the AI apart from people."""
    return clean_name(result.name).casefold(), result.ai


def has_earlier_attempt(folder: Path, code: str, name: str | None, ai: bool = False) -> bool:
    """True if `folder` already holds a readable result of `name` for this code (of
    anyone's, when `name` is None: the daily challenge counts one try per machine)."""
    wanted = (clean_name(name).casefold() if name is not None else None, ai)
    for path in sorted(folder.glob(f"{code}_*.json")) if folder.is_dir() else ():
        try:
            result = read_result(path)
        except ResultError:
            continue  # a broken file is not an attempt
        if result.code != code or result.ai != ai:
            continue
        if wanted[0] is None or player_key(result) == wanted:
            return True
    return False


def replay_fingerprint(result: RoundResult) -> str:
    """SHA-256 of a result's replay (every action with its tick, scores and end tick)."""
    replay = result.replay
    data = {"end_tick": replay.end_tick, "actions": [_action_json(a) for a in replay.actions]}
    text = json.dumps([result.code, data], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_copies(results: Sequence[VerifiedResult]) -> list[list[VerifiedResult]]:
    """Groups of results with one identical replay under two or more players' names.

    A replay with at least one clue is a game's exact keystroke timing: two players do
    not play the same one. (The same player's file handed in twice is no copy.)
    """
    groups: dict[str, list[VerifiedResult]] = {}
    for entry in results:
        if entry.outcome.clues:
            groups.setdefault(replay_fingerprint(entry.result), []).append(entry)
    return [group for group in groups.values() if len({player_key(e.result) for e in group}) > 1]


@dataclass(frozen=True)
class Attempts:
    """Results sorted out: the ones that count, practice rounds, and copies left out."""

    counted: list[VerifiedResult]
    practice: list[VerifiedResult]
    copies: list[list[VerifiedResult]]


def sort_attempts(results: Sequence[VerifiedResult]) -> Attempts:
    """Each player's first attempt counts (the earliest not marked practice); the rest are
    practice; copies (`find_copies`) are left out of both."""
    copies = find_copies(results)
    copied = {id(e) for group in copies for e in group}
    first: dict[tuple[str, bool], VerifiedResult] = {}
    practice: list[VerifiedResult] = []
    for entry in sorted(
        (e for e in results if id(e) not in copied),
        key=lambda e: (e.result.practice, e.result.played_at),
    ):
        player = player_key(entry.result)
        if entry.result.practice or player in first:
            practice.append(entry)
        else:
            first[player] = entry
    return Attempts(list(first.values()), practice, copies)
