"""The local high-score table."""

from __future__ import annotations

import time

import pygame

from game.errors import StorageError
from game.ui import theme
from game.ui.scene import Scene


class HighScoresScene(Scene):
    """The ten best Arcade games on this computer."""

    name = "highscores"

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.problem: str | None = None
        try:
            self.entries = app.scores.top(10)
        except StorageError as exc:  # busy or unreadable: say so, the game goes on
            self.entries, self.problem = [], str(exc)

    def handle(self, event: pygame.event.Event) -> None:
        """Any of Esc, Enter or Backspace goes back to the title screen."""
        back = (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_BACKSPACE)
        if (event.type == pygame.KEYDOWN and event.key in back) or (
            event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        ):
            self.app.to_title()

    def draw(self, surface: pygame.Surface) -> None:
        """A table: place, name, score, best clue, pack, date."""
        surface.fill(theme.BACKGROUND)
        fonts = self.app.fonts
        w, h = surface.get_size()
        theme.draw_heading(surface, "HIGH SCORES", fonts, h * 0.1)
        columns = [0.08, 0.14, 0.38, 0.52, 0.74, 0.86]
        heads = ["#", "Name", "Score", "Best clue", "Words", "Date"]
        font, head_font = fonts.get(20), fonts.get(16, bold=True)
        y = h * 0.2
        for x, head in zip(columns, heads, strict=True):
            theme.draw_text(surface, head, head_font, theme.MUTED, (w * x, y))
        y += head_font.get_height() + 10
        if self.problem:
            theme.draw_wrapped(
                surface, self.problem, font, theme.DANGER, (w // 2, h * 0.4), w * 3 // 4, "midtop"
            )
        elif not self.entries:
            theme.draw_text(
                surface,
                "No games yet: your first score will be here.",
                font,
                theme.TEXT,
                (w // 2, h * 0.45),
                "center",
            )
        for place, entry in enumerate(self.entries, start=1):
            cells = [
                str(place),
                entry.name,
                f"{entry.score:,}",
                entry.best_clue or "\u2013",
                entry.pack,
                time.strftime("%Y-%m-%d", time.localtime(entry.played_at)),
            ]
            for i, (x, cell) in enumerate(zip(columns, cells, strict=True)):
                limit = round(w * ((columns[i + 1] if i + 1 < len(columns) else 0.97) - x)) - 10
                colour = theme.TARGET if place == 1 else theme.TEXT
                theme.draw_text(surface, cell, font, colour, (w * x, y), max_width=limit)
            y += font.get_height() + 10
        theme.draw_text(
            surface, "Esc or Enter: back", fonts.get(16), theme.MUTED, (w // 2, h - 30), "center"
        )
