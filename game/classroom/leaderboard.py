"""Merge verified results into one class ranking, and write it as CSV.

Order: higher score first; on equal scores fewer clues, then the earlier finish
(the tick at which the final score was reached); a full tie shares the place
(listed people first, then by name). Each player
(name, case-insensitive; the AI apart from people) counts once, with their best result
here; `game.classroom.attempts.sort_attempts` first keeps each player's first attempt.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from game.classroom.challenge import kind_of
from game.classroom.lesson import FlaggedClue, TargetStats
from game.classroom.names import ai_marked, shown_name
from game.classroom.teams import TeamStanding, team_standings
from game.classroom.verify import VerifiedResult
from game.rules import TICKS_PER_SECOND


@dataclass(frozen=True)
class Standing:
    """One line of the leaderboard; equal (score, clues, finish) share a place."""

    place: int
    name: str
    score: int
    clues: int
    finish_seconds: float
    ai: bool
    entry: VerifiedResult


def _order_key(entry: VerifiedResult) -> tuple[int, int, int]:
    result = entry.result
    return (-result.score, result.clues, result.finish_tick)


def rank_results(results: Sequence[VerifiedResult]) -> list[Standing]:
    """The leaderboard: each player's best result, best first."""
    best: dict[tuple[str, bool], VerifiedResult] = {}
    for entry in results:
        player = (entry.result.name.casefold(), entry.result.ai)
        if player not in best or _order_key(entry) < _order_key(best[player]):
            best[player] = entry
    ordered = sorted(
        best.values(), key=lambda e: (_order_key(e), e.result.ai, e.result.name.casefold())
    )
    standings: list[Standing] = []
    for place, entry in zip(places([_order_key(e) for e in ordered]), ordered, strict=True):
        result = entry.result
        standings.append(
            Standing(
                place,
                result.name,
                result.score,
                result.clues,
                result.finish_tick / TICKS_PER_SECOND,
                result.ai,
                entry,
            )
        )
    return standings


def places(keys: Sequence[tuple[int, ...]]) -> list[int]:
    """1-based places of already sorted keys; equal keys share a place (1, 2, 2, 4)."""
    result: list[int] = []
    for index, key in enumerate(keys):
        result.append(result[-1] if index and keys[index - 1] == key else index + 1)
    return result


def display_name(standing: Standing) -> str:
    """The name for a screen shown to the class (offensive names hidden, AI marked)."""
    return ai_marked(shown_name(standing.name), standing.ai)


def leaderboard_csv(
    code: str,
    standings: Sequence[Standing],
    lesson: Sequence[TargetStats],
    practice: Sequence[VerifiedResult] = (),
    teams: Sequence[TeamStanding] = (),
    flagged: Sequence[FlaggedClue] = (),
) -> str:
    """CSV text for the teacher: the ranking, the lesson view, any practice rounds, the
    team table of a team round, then any flagged clues (the target's best and worst rank
    under the clue, players who flagged).

    Names and clues are written as played (the teacher's own record); only screens
    shown to the class hide offensive ones.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["challenge", code])
    writer.writerow(["place", "name", "ai", "score", "clues", "finish_seconds"])
    for s in standings:
        writer.writerow(
            [s.place, s.name, "yes" if s.ai else "no", s.score, s.clues, f"{s.finish_seconds:.1f}"]
        )
    writer.writerow([])
    word = kind_of(standings[0].entry.result.mode if standings else "arcade").word_heading
    heading = word.lower().replace(" ", "_")  # target, chosen_word
    writer.writerow([heading, "players_cleared", "players_met", "median_clues", "best_clues"])
    for t in lesson:
        best = "; ".join(
            f"{c.clue} ({c.score:.3f}, {f'group {c.group}' if c.group else f'rank {c.rank}'})"
            for c in t.best
        )
        median = "" if t.median_clues is None else f"{t.median_clues:g}"
        writer.writerow([t.word, t.cleared_by, t.met_by, median, best])
    if practice:
        writer.writerow([])
        writer.writerow(["practice", "name", "ai", "score", "clues", "played_at"])
        for entry in practice:
            r = entry.result
            writer.writerow(["yes", r.name, "yes" if r.ai else "no", r.score, r.clues, r.played_at])
    if teams:
        writer.writerow([])
        writer.writerow(["team_place", "team", "members", "mean_score", "best_score"])
        for team in teams:
            writer.writerow([team.place, team.name, team.members, f"{team.mean:.1f}", team.best])
        writer.writerow([])
        writer.writerow(["team", "name", "score"])
        for s in standings:
            if s.entry.result.team:
                writer.writerow([s.entry.result.team, s.name, s.score])
    if flagged:
        writer.writerow([])
        writer.writerow(["flagged_clue", "target", "best_rank", "worst_rank", "players_flagged"])
        for f in flagged:
            writer.writerow([f.clue, f.target, f.ranks[0], f.ranks[-1], f.players])
    return out.getvalue()


def teams_of(standings: Sequence[Standing]) -> list[TeamStanding]:
    """The team table of ranked results whose files name a team (empty if none do)."""
    return team_standings((s.entry.result.team, s.score) for s in standings if s.entry.result.team)
