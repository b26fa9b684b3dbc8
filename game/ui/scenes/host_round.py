"""The projector during a hosted round: the 3-2-1 countdown, then time left and the top 10
(in a team round, the teams' bars above it)."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.classroom import shown_name
from game.classroom.teams import TEAM_COLOURS, TEAM_NAMES, TeamStanding
from game.host import HostInfo, Snapshot
from game.ui import theme

TOP = 10


def draw_countdown(surface: pygame.Surface, snap: Snapshot) -> None:
    """A huge 3, 2, 1."""
    surface.fill(theme.BACKGROUND)
    fonts = theme.Fonts(surface.get_height())
    centre = surface.get_rect().center
    number = str(snap.countdown) if snap.countdown > 0 else "Go!"
    theme.draw_text(surface, number, fonts.get(240, bold=True), theme.TARGET, centre, "center")
    theme.draw_text(
        surface,
        "Get ready\u2026",
        fonts.get(36),
        theme.MUTED,
        (centre[0], surface.get_height() * 0.15),
        "center",
    )


def draw_round(surface: pygame.Surface, info: HostInfo, snap: Snapshot) -> None:
    """Remaining time, how many play, the live top 10."""
    surface.fill(theme.BACKGROUND)
    width, height = surface.get_size()
    fonts = theme.Fonts(height)
    margin = max(12, height // 36)
    left = max(0, round(snap.seconds_left))
    clock = f"{left // 60}:{left % 60:02d}"
    colour = theme.DANGER if left <= 10 else theme.TEXT
    clock_rect = theme.draw_text(
        surface, clock, fonts.get(110, bold=True), colour, (width - margin, margin), "topright"
    )
    beside = clock_rect.left - 2 * margin  # the lines left of the clock
    teams = bool(snap.team_table)
    heading = "Teams and top 10" if teams else "Live top 10"
    title = theme.draw_text(
        surface, heading, fonts.get(44, bold=True), theme.ACCENT, (margin, margin)
    )
    playing = len(snap.students) - snap.finished_games
    said = theme.draw_text(
        surface,
        info.round,
        fonts.get(24, bold=True),
        theme.TEXT,
        (margin, title.bottom + 4),
        max_width=beside,
    )
    theme.draw_text(
        surface,
        f"{playing} playing \u00b7 {snap.finished_games} finished \u00b7 room {info.room_code}"
        " \u00b7 E twice: end the round now",
        fonts.get(22),
        theme.MUTED,
        (margin, said.bottom + 4),
        max_width=beside,
    )
    top = said.bottom + fonts.size(22) + 3 * margin
    if teams:
        clock_bottom = margin + fonts.get(110, bold=True).get_height()
        top = max(top, clock_bottom + margin // 2)
        # The teams take about 40% of what is left; the top 10 gets the rest.
        space = height - top - margin
        rows = len(snap.team_table)
        team_row = min(fonts.size(64), int(space * 0.4) // max(1, rows))
        area = pygame.Rect(margin, top, width - 2 * margin, team_row * rows)
        draw_team_bars(surface, area, snap.team_table)
        top = area.bottom + margin
    lines = snap.top[:TOP]
    if not lines:
        theme.draw_text(surface, "No students", fonts.get(30), theme.MUTED, (margin, top))
        return
    row = min(fonts.size(60), (height - top - margin) // TOP)
    if teams:
        row = min(row, fonts.size(40))
    font = pygame.font.Font(theme.FONT_BOLD, max(12, int(row * 0.6)))
    best = max(1, lines[0].score)
    bar_left = margin + int(width * 0.45)
    bar_width = width - bar_left - margin - font.size("00000")[0] - 20
    ids = (number for number, _, _ in snap.students)
    team_of = dict(zip(ids, snap.student_teams, strict=False))
    for index, line in enumerate(lines):
        y = top + index * row
        theme.draw_text(surface, f"{index + 1}.", font, theme.MUTED, (margin, y))
        name = shown_name(line.name) + (" \u2713" if line.done else "")
        team = TEAM_NAMES[team_of[line.student_id] - 1] if team_of.get(line.student_id) else ""
        if teams and team:  # the team by name too: colour is never the only sign
            name += f" \u00b7 {team}"
        theme.draw_text(
            surface,
            name,
            font,
            theme.TEXT,
            (margin + font.size("10. ")[0], y),
            max_width=bar_left - margin - font.size("10. ")[0] - 12,
        )
        bar = pygame.Rect(bar_left, y + row * 0.2, int(bar_width * line.score / best), row * 0.5)
        colour = TEAM_COLOURS[team] if teams and team else theme.BAR
        pygame.draw.rect(surface, colour, bar, border_radius=4)
        theme.draw_text(surface, str(line.score), font, theme.TEXT, (width - margin, y), "topright")


def draw_team_bars(
    surface: pygame.Surface, area: pygame.Rect, table: Sequence[TeamStanding]
) -> None:
    """One row per team, best first: its name and size, a bar in its colour as long as its
    mean score (the best team's bar fills the row), and the mean."""
    if not table:
        return
    row = area.height // len(table)
    font = pygame.font.Font(theme.FONT_BOLD, max(12, int(row * 0.55)))
    small = pygame.font.Font(theme.FONT_REGULAR, max(10, int(row * 0.34)))
    label_width = font.size("Yellow ")[0] + small.size("(00) ")[0]
    value_width = font.size("0000.0")[0] + 12
    bar_left = area.left + label_width
    bar_space = max(1, area.width - label_width - value_width)
    best = max(1.0, table[0].mean)
    for index, team in enumerate(table):
        y = area.top + index * row
        name = theme.draw_text(surface, team.name, font, theme.TEXT, (area.left, y))
        theme.draw_text(
            surface, f"({team.members})", small, theme.MUTED, (name.right + 6, name.centery),
            "midleft",
        )  # fmt: skip
        length = max(4, int(bar_space * team.mean / best))
        bar = pygame.Rect(bar_left, y + int(row * 0.15), length, max(4, int(row * 0.6)))
        pygame.draw.rect(surface, team.colour, bar, border_radius=6)
        theme.draw_text(surface, f"{team.mean:.1f}", font, theme.TEXT, (area.right, y), "topright")
