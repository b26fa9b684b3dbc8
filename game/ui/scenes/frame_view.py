"""What both play screens draw alike: layout, header, feedback line, clue box, pause, banner."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.rules import ArcadeSettings, BlocksSettings
from game.ui import theme
from game.ui.turns import State, TurnScene


@dataclass
class Layout:
    """Rectangles of the play screen for one window size."""

    header: pygame.Rect
    stack: pygame.Rect
    panel: pygame.Rect
    message: pygame.Rect
    entry: pygame.Rect
    row_height: float

    @classmethod
    def compute(cls, size: tuple[int, int], rows: int) -> Layout:
        """Split the window: header on top, stack left, panel right, clue line at the bottom."""
        width, height = size
        pad = round(height * 0.02)
        header = pygame.Rect(pad, pad, width - 2 * pad, round(height * 0.06))
        entry_h = round(height * 0.075)
        entry = pygame.Rect(pad, height - pad - entry_h, round(width * 0.6) - pad, entry_h)
        message = pygame.Rect(
            entry.left, entry.top - round(height * 0.05), entry.width, round(height * 0.045)
        )
        stack = pygame.Rect(
            pad, header.bottom + pad, entry.width, message.top - header.bottom - 2 * pad
        )
        panel = pygame.Rect(
            stack.right + pad, stack.top, width - stack.right - 2 * pad, entry.bottom - stack.top
        )
        return cls(header, stack, panel, message, entry, stack.height / rows)


class FrameDrawing(TurnScene[State]):
    """The drawing both play screens share; each mode draws its stack and its side panel."""

    settings: ArcadeSettings | BlocksSettings

    def layout(self) -> Layout:
        """The rectangles for the current window size."""
        raise NotImplementedError

    def hint_price(self) -> int:
        """What a hint costs now (the key line shows it); Arcade's is fixed."""
        return self.settings.hint_cost

    def _draw_stack(self, surface: pygame.Surface, layout: Layout, fonts: theme.Fonts) -> None:
        raise NotImplementedError

    def _draw_panel(self, surface: pygame.Surface, layout: Layout, fonts: theme.Fonts) -> None:
        raise NotImplementedError

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole play screen (or the Why? screen over it)."""
        if self.why is not None:
            self.why.draw(surface, self.services.fonts)
            return
        surface.fill(theme.BACKGROUND)
        layout = self.layout()
        fonts = self.services.fonts
        self._draw_header(surface, layout, fonts)
        self._draw_stack(surface, layout, fonts)
        self._draw_panel(surface, layout, fonts)
        theme.draw_text(
            surface,
            self.feedback.text,
            fonts.get(18),
            self.feedback.colour,
            (layout.message.left + 4, layout.message.centery),
            "midleft",
            layout.message.width - 8,
        )
        left, total = self.cooldown()
        self.entry.draw(surface, layout.entry, fonts.get(26), not self.paused and left <= 0)
        if left > 0 and total > 0:
            self._draw_cooldown(surface, layout.entry, fonts, left, total)
        elif self.pending:
            theme.draw_text(
                surface,
                "ranking\u2026",
                fonts.get(16),
                theme.MUTED,
                (layout.entry.right - 12, layout.entry.centery),
                "midright",
            )
        if self.paused:
            self._draw_pause(surface, fonts)
        elif self.state.game_over:
            self._draw_banner(surface, "GAME OVER", theme.DANGER, fonts)

    def _draw_cooldown(
        self,
        surface: pygame.Surface,
        entry: pygame.Rect,
        fonts: theme.Fonts,
        left: float,
        total: float,
    ) -> None:
        """'Wait N s' in the clue box and a bar along its foot that empties as time passes."""
        seconds = max(1, math.ceil(left - 1e-9))
        theme.draw_text(
            surface,
            f"Wait {seconds} s",
            fonts.get(18, bold=True),
            theme.REFUSED,
            (entry.right - 12, entry.centery),
            "midright",
        )
        track = pygame.Rect(entry.left + 8, entry.bottom - 9, entry.width - 16, 5)
        pygame.draw.rect(surface, theme.PANEL_EDGE, track, border_radius=2)
        bar = track.copy()
        bar.width = max(2, round(track.width * min(1.0, left / total)))
        pygame.draw.rect(surface, theme.REFUSED, bar, border_radius=2)

    def _draw_header(self, surface: pygame.Surface, layout: Layout, fonts: theme.Fonts) -> None:
        title = theme.draw_text(
            surface,
            "WORDSTACK",
            fonts.get(26, bold=True),
            theme.ACCENT,
            layout.header.midleft,
            "midleft",
        )
        if self.ai is not None:
            badge = f"AI playing \u00b7 temperature T = {self.ai.temperature:g}"
            if self.ai.clue:
                badge += f" \u00b7 p(\u201c{self.ai.clue}\u201d) = {self.ai.probability:.2f}"
            theme.draw_text(
                surface,
                badge,
                fonts.get(18, bold=True),
                theme.TARGET,
                (title.right + 24, title.centery),
                "midleft",
                layout.stack.right - title.right - 24,
            )
            keys = "Esc pause \u00b7 F11 full screen \u00b7 Ctrl+M sound"
        else:
            flag = " \u00b7 F2 flag" if self.flags_clues else ""
            keys = (
                "Enter clue \u00b7 Tab hint (\u2212"
                f"{self.hint_price()}){flag} \u00b7 ? why \u00b7 Esc pause \u00b7 F11 full screen "
                "\u00b7 Ctrl+M sound"
            )
        if not self.services.prefs.sound:
            keys += " (muted)"
        theme.draw_text(
            surface,
            keys,
            fonts.get(15),
            theme.MUTED,
            layout.header.midright,
            "midright",
            layout.panel.width,
        )

    def _draw_pause(self, surface: pygame.Surface, fonts: theme.Fonts) -> None:
        if self.clock_runs_in_pause:
            surface.fill(theme.BACKGROUND)  # a challenge's words stay hidden: nothing to study
        else:
            shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            shade.fill((0, 0, 0, 225))  # dark enough that the stack cannot be studied
            surface.blit(shade, (0, 0))
        w, h = surface.get_size()
        theme.panel(
            surface, pygame.Rect(w // 2 - w // 5, round(h * 0.15), w * 2 // 5, round(h * 0.72))
        )
        menu_rect = pygame.Rect(w // 2 - w // 6, h * 0.35, w // 3, h * 0.35)
        if self.confirming is None:
            theme.draw_heading(surface, "PAUSED", fonts, h * 0.25, 48, theme.TEXT)
            self.pause_menu.draw(surface, menu_rect, fonts)
            footer = self.pause_footer()
        else:
            question = "Restart?" if self.confirming == "restart" else "Quit to the title?"
            theme.draw_heading(surface, question, fonts, h * 0.22, 40, theme.TEXT)
            keep = self.end_warning()
            width = w * 2 // 5 - 40
            font = fonts.get(18)
            theme.draw_wrapped(
                surface, keep, font, theme.MUTED, (w // 2, h * 0.28), width, "midtop"
            )
            self.confirm_menu.draw(surface, menu_rect, fonts)
            footer = "Esc: back to the pause menu"
        theme.draw_text(surface, footer, fonts.get(16), theme.MUTED, (w // 2, h * 0.8), "center")

    def pause_footer(self) -> str:
        """The line under the pause menu."""
        return "Esc resumes"

    def end_warning(self) -> str:
        """What ending the game now keeps, for the confirm question."""
        if self.state.stats.clues_used:
            return f"This game ends; its {self.state.score:,} points go in the high scores."
        return "This game ends (no clue played: no score to keep)."

    def _draw_banner(
        self,
        surface: pygame.Surface,
        text: str,
        colour: tuple[int, int, int],
        fonts: theme.Fonts,
    ) -> None:
        w, h = surface.get_size()
        theme.draw_text(
            surface, text, fonts.get(64, bold=True), colour, (w * 0.3, h * 0.45), "center"
        )
