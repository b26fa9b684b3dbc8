"""Teams of a class round: their names and colours, balancing, and the team score.

A team's score is the MEAN of its members' scores, so a team of three is not beaten by
a team of five only for being smaller. Pure: no pygame, no server; the host, the
projector, the leaderboard, the CSV and the lesson report all read teams from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Team number n (1-based) is TEAM_NAMES[n - 1]; 0 means "no team" (individual play).
TEAM_NAMES = ("Red", "Blue", "Green", "Yellow")
# Okabe-Ito colours (vermillion, blue, bluish green, yellow): told apart with every
# common colour-vision deficiency; the name is always shown beside the colour as well.
TEAM_COLOURS: dict[str, tuple[int, int, int]] = {
    "Red": (213, 94, 0),
    "Blue": (0, 114, 178),
    "Green": (0, 158, 115),
    "Yellow": (240, 228, 66),
}
MIN_TEAMS = 2
MAX_TEAMS = len(TEAM_NAMES)
# What the teacher cycles through: no teams, then 2 to MAX_TEAMS.
TEAM_CHOICES: tuple[int, ...] = (0, *range(MIN_TEAMS, MAX_TEAMS + 1))


def team_name(number: int) -> str:
    """The name of team ``number`` (1-based); ValueError outside 1..MAX_TEAMS."""
    if not 1 <= number <= MAX_TEAMS:
        raise ValueError(f"no team number {number}")
    return TEAM_NAMES[number - 1]


def team_number(name: str) -> int:
    """The 1-based number of a team name (0 if it is not a team's name)."""
    return TEAM_NAMES.index(name) + 1 if name in TEAM_NAMES else 0


def colour_hex(name: str) -> str:
    """A team's colour as #rrggbb (for the web page and the report)."""
    red, green, blue = TEAM_COLOURS[name]
    return f"#{red:02x}{green:02x}{blue:02x}"


def next_team_count(teams: int) -> int:
    """The next setting after ``teams`` in off, 2, 3, 4, off, ..."""
    index = TEAM_CHOICES.index(teams) if teams in TEAM_CHOICES else 0
    return TEAM_CHOICES[(index + 1) % len(TEAM_CHOICES)]


def smallest_team(members: Iterable[int], teams: int) -> int:
    """The team a student without a choice joins: the one with fewest members (the lowest
    number on a tie). ``members`` holds the team number of every student already in."""
    counts = dict.fromkeys(range(1, teams + 1), 0)
    for team in members:
        if team in counts:
            counts[team] += 1
    return min(counts, key=lambda team: (counts[team], team))


def deal_teams(count: int, teams: int) -> list[int]:
    """Team numbers for ``count`` students in joining order, dealt in turn (1, 2, ..., 1)."""
    return [index % teams + 1 for index in range(count)] if teams else [0] * count


@dataclass(frozen=True)
class TeamStanding:
    """One team's line: place, name, members and the mean of their scores."""

    place: int
    name: str
    members: int
    mean: float
    best: int  # the highest score of a member (for the projector, not for the order)

    @property
    def colour(self) -> tuple[int, int, int]:
        """The team's colour."""
        return TEAM_COLOURS[self.name]


def team_standings(
    members: Iterable[tuple[str, int]], names: Sequence[str] = ()
) -> list[TeamStanding]:
    """The team table from (team name, score) pairs, best mean first; equal means share a
    place. ``names`` lists teams to show even with no member yet (they score 0)."""
    scores: dict[str, list[int]] = {name: [] for name in names}
    for name, score in members:
        if name in TEAM_COLOURS:
            scores.setdefault(name, []).append(score)
    rows = [
        (sum(points) / len(points) if points else 0.0, name, points)
        for name, points in scores.items()
    ]
    rows.sort(key=lambda row: (-row[0], team_number(row[1])))
    table: list[TeamStanding] = []
    for index, (mean, name, points) in enumerate(rows):
        place = table[-1].place if table and table[-1].mean == mean else index + 1
        table.append(TeamStanding(place, name, len(points), mean, max(points, default=0)))
    return table
