"""The projector at the end of a hosted round: podium, full ranking and lesson, CSV path.

The podium and lesson pages are the classroom projector's (``projector.ProjectorView``);
this adds where the CSV of results and per-word figures was written and, in a team
round, a first page with the teams' table (Tab goes on to the ranking and the lesson).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.classroom.teams import TeamStanding
from game.host import Snapshot
from game.ui import theme
from game.ui.scenes.host_round import draw_team_bars
from game.ui.scenes.projector import PAGES, ProjectorView, View


def end_view(challenge_code: str, snap: Snapshot) -> View:
    """The projector view of the class's verified results (teams first in a team round)."""
    view = ProjectorView(challenge_code, snap.standings, snap.lesson, flagged=snap.flagged)
    return TeamEndView(view, snap.team_table) if snap.team_table else view


@dataclass
class TeamEndView:
    """The end of a team round: the team table, then the class's ranking and lesson pages."""

    view: ProjectorView
    teams: Sequence[TeamStanding]
    on_teams: bool = True

    def handle(self, event: pygame.event.Event) -> bool:
        """Tab, Right or Space: teams -> ranking -> lesson -> teams; Left goes back."""
        if event.type != pygame.KEYDOWN or event.key in (pygame.K_ESCAPE, pygame.K_q):
            return self.view.handle(event)
        forward = event.key in (pygame.K_TAB, pygame.K_RIGHT, pygame.K_SPACE)
        if not forward and event.key != pygame.K_LEFT:
            return True
        last = len(PAGES) - 1
        if self.on_teams:
            self.on_teams = False
            self.view.page = 0 if forward else last
        elif (forward and self.view.page == last) or (not forward and self.view.page == 0):
            self.on_teams = True
        else:
            self.view.handle(event)
        return True

    def draw(self, surface: pygame.Surface) -> None:
        """The team page, or the page of the class view."""
        if not self.on_teams:
            self.view.draw(surface)
            return
        draw_team_page(surface, self.teams)


def draw_team_page(surface: pygame.Surface, teams: Sequence[TeamStanding]) -> None:
    """The winning team(s) in large, then every team's bar and mean score."""
    surface.fill(theme.BACKGROUND)
    width, height = surface.get_size()
    fonts = theme.Fonts(height)
    margin = max(12, height // 36)
    winners = [t.name for t in teams if t.place == 1]
    names = ", ".join(winners[:-1]) + " and " + winners[-1] if len(winners) > 1 else winners[0]
    headline = names + (" win!" if len(winners) > 1 else " wins!")
    y = theme.draw_text(
        surface, "Team results", fonts.get(40, bold=True), theme.ACCENT, (margin, margin)
    ).bottom
    y = theme.draw_text(
        surface, headline, fonts.get(80, bold=True), theme.TARGET, (margin, y + margin // 2),
        max_width=width - 2 * margin,
    ).bottom  # fmt: skip
    y = theme.draw_text(
        surface,
        "A team scores the mean of its players' scores: a small team can win.",
        fonts.get(20),
        theme.MUTED,
        (margin, y + margin // 2),
        max_width=width - 2 * margin,
    ).bottom
    bottom = height - margin - fonts.size(14) - margin
    row = min(fonts.size(90), (bottom - y - margin) // max(1, len(teams)))
    draw_team_bars(surface, pygame.Rect(margin, y + margin, width - 2 * margin, row * len(teams)),
                   teams)  # fmt: skip
    theme.draw_text(
        surface, "Tab: ranking / lesson    Esc: close", fonts.get(14), theme.MUTED,
        (width - margin, height - margin), "bottomright",
    )  # fmt: skip


def draw_saving(surface: pygame.Surface, snap: Snapshot) -> None:
    """Shown for the moment between time up and the ranking: results being saved."""
    surface.fill(theme.BACKGROUND)
    fonts = theme.Fonts(surface.get_height())
    centre = surface.get_rect().center
    theme.draw_text(
        surface, "Time is up!", fonts.get(80, bold=True), theme.TARGET, centre, "center"
    )
    theme.draw_text(
        surface,
        f"Saving results\u2026 {snap.finished_games} of {len(snap.students)}",
        fonts.get(28),
        theme.MUTED,
        (centre[0], centre[1] + fonts.size(80)),
        "center",
    )


def draw_csv_note(surface: pygame.Surface, snap: Snapshot) -> None:
    """One line at the bottom left: where the CSV is."""
    if snap.csv_path is None:
        return
    fonts = theme.Fonts(surface.get_height())
    height = surface.get_height()
    margin = max(12, height // 40)
    theme.draw_text(
        surface,
        f"CSV of results and per-word figures: {snap.csv_path.name}",
        fonts.get(14),
        theme.MUTED,
        (margin, height - margin),
        "bottomleft",
        max_width=surface.get_width() // 2,
    )
