"""The projector at the end of a hosted round: podium, full ranking and lesson, CSV path.

The podium and lesson pages are the classroom projector's (``projector.ProjectorView``);
this adds where the CSV of results and per-word figures was written.
"""

from __future__ import annotations

import pygame

from game.host import Snapshot
from game.ui import theme
from game.ui.scenes.projector import ProjectorView


def end_view(challenge_code: str, snap: Snapshot) -> ProjectorView:
    """The projector view of the class's verified results."""
    return ProjectorView(challenge_code, snap.standings, snap.lesson, flagged=snap.flagged)


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
