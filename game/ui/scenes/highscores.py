"""The local high-score table."""

from __future__ import annotations

import time
from pathlib import PurePath

import pygame

from game.errors import StorageError
from game.modes import score_tables, table_title
from game.scores import ScoreEntry
from game.ui import theme
from game.ui.scene import Scene
from game.ui.services import Services


def pack_label(pack: str) -> str:
    """A bundled pack's name, or a custom pack file's name without its folder."""
    if "/" in pack or "\\" in pack or pack.endswith(".txt"):
        return PurePath(pack.replace("\\", "/")).stem
    return pack


class HighScoresScene(Scene):
    """The ten best games of one table (mode, people or AI) on this computer."""

    name = "highscores"

    def __init__(self, services: Services, table: str | None = None) -> None:
        super().__init__(services)
        self.table = table or services.mode.table(services.ai_playing)
        self.problem: str | None = None
        self.entries = self._load()

    def _load(self) -> list[ScoreEntry]:
        """The table's best ten; a busy or unreadable file is said, the game goes on."""
        try:
            entries = self.services.scores.top(10, self.table)
        except StorageError as exc:
            self.problem = str(exc)
            return []
        self.problem = None
        return entries

    def handle(self, event: pygame.event.Event) -> None:
        """Left/Right: another table; any of Esc, Enter or Backspace: the title screen."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            tables = score_tables()
            step = 1 if event.key == pygame.K_RIGHT else -1
            self.table = tables[(tables.index(self.table) + step) % len(tables)]
            self.entries = self._load()
            return
        back = (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_BACKSPACE)
        if (event.type == pygame.KEYDOWN and event.key in back) or (
            event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        ):
            self.to_title()

    def draw(self, surface: pygame.Surface) -> None:
        """A table: place, name, score, best clue, pack, date."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        theme.draw_heading(surface, "HIGH SCORES", fonts, h * 0.08)
        subtitle = f"\u2039  {table_title(self.table)}  \u203a"
        theme.draw_text(surface, subtitle, fonts.get(20), theme.TEXT, (w // 2, h * 0.15), "center")
        columns = [0.06, 0.11, 0.33, 0.46, 0.67, 0.83]
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
                pack_label(entry.pack),
                time.strftime("%Y-%m-%d", time.localtime(entry.played_at)),
            ]
            for i, (x, cell) in enumerate(zip(columns, cells, strict=True)):
                limit = round(w * ((columns[i + 1] if i + 1 < len(columns) else 0.99) - x)) - 10
                colour = theme.TARGET if place == 1 else theme.TEXT
                # Cut long cells with an ellipsis rather than shrinking them out of sight.
                cell = theme.ellipsize(font, cell, limit)
                theme.draw_text(surface, cell, font, colour, (w * x, y))
            y += font.get_height() + 10
        theme.draw_text(
            surface,
            "\u2190\u2192 other tables \u00b7 Esc or Enter: back",
            fonts.get(16),
            theme.MUTED,
            (w // 2, h - 30),
            "center",
        )
