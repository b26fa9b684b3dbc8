"""The projector during a hosted round: the 3-2-1 countdown, then time left and the top 10."""

from __future__ import annotations

import pygame

from game.classroom import shown_name
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
    theme.draw_text(
        surface, clock, fonts.get(110, bold=True), colour, (width - margin, margin), "topright"
    )
    title = theme.draw_text(
        surface, "Live top 10", fonts.get(44, bold=True), theme.ACCENT, (margin, margin)
    )
    playing = len(snap.students) - snap.finished_games
    theme.draw_text(
        surface,
        f"{playing} playing \u00b7 {snap.finished_games} finished \u00b7 room {info.room_code}"
        " \u00b7 E twice: end the round now",
        fonts.get(22),
        theme.MUTED,
        (margin, title.bottom + 6),
    )
    top = title.bottom + fonts.size(22) + 3 * margin
    lines = snap.top[:TOP]
    if not lines:
        theme.draw_text(surface, "No students", fonts.get(30), theme.MUTED, (margin, top))
        return
    row = min(fonts.size(60), (height - top - margin) // TOP)
    font = pygame.font.Font(theme.FONT_BOLD, max(12, int(row * 0.6)))
    best = max(1, lines[0].score)
    bar_left = margin + int(width * 0.45)
    bar_width = width - bar_left - margin - font.size("00000")[0] - 20
    for index, line in enumerate(lines):
        y = top + index * row
        theme.draw_text(surface, f"{index + 1}.", font, theme.MUTED, (margin, y))
        name = shown_name(line.name) + (" \u2713" if line.done else "")
        theme.draw_text(
            surface,
            name,
            font,
            theme.TEXT,
            (margin + font.size("10. ")[0], y),
            max_width=bar_left - margin - font.size("10. ")[0] - 12,
        )
        bar = pygame.Rect(bar_left, y + row * 0.2, int(bar_width * line.score / best), row * 0.5)
        pygame.draw.rect(surface, theme.BAR, bar, border_radius=4)
        theme.draw_text(surface, str(line.score), font, theme.TEXT, (width - margin, y), "topright")
