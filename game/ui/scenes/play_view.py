"""Drawing of the Arcade play screen: stack tiles, score bars, danger line, side panel."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.rules import ArcadeSettings, ArcadeState
from game.ui import theme
from game.ui.scenes.frame_view import FrameDrawing, Layout
from game.ui.text import zone_rule

SORT_SECONDS = 0.45  # words slide to their ranked places...
FADE_SECONDS = 0.5  # ...then the cleared ones fade while the rest settle
SCORES_SECONDS = 3.5  # how long each word shows its similarity bar after a clue
DANGER_ROWS = 3  # the stack is this close to the danger line: warn, visibly and audibly


def score_text(score: float) -> str:
    """A similarity with two decimals; a tiny negative one shows as 0.00, never -0.00."""
    text = f"{score:.2f}"
    return "0.00" if text == "-0.00" else text


@dataclass
class Vanishing:
    """A cleared word fading out where the ranking put it."""

    uid: int
    text: str
    is_target: bool
    slot: float
    score: float


@dataclass
class Popup:
    """The big lines shown after a clue (points, wipe, stage); a new clue replaces them."""

    lines: list[str]
    started: float


class PlayDrawing(FrameDrawing[ArcadeState]):
    """The drawing half of `PlayScene`: reads the scene's state and draws it, nothing more."""

    settings: ArcadeSettings
    slots: dict[int, float]  # where each word is drawn (0 = bottom row), easing to its place
    clue_time: float  # when the last clue was applied (scene clock)
    shown_scores: dict[int, float]  # the last clue's score of each word, shown a moment
    vanishing: list[Vanishing]
    popup: Popup | None

    @property
    def danger_rows(self) -> int:
        """Rows left before the danger line, when few enough to warn (else 0)."""
        left = self.settings.max_stack_height - len(self.state.stack)
        return left if 0 < left <= DANGER_ROWS else 0

    def layout(self) -> Layout:
        """The rectangles for the current window size."""
        return Layout.compute(self.services.screen_size, self.settings.max_stack_height)

    def row_rect(self, slot: float, layout: Layout | None = None) -> pygame.Rect:
        """The tile rectangle of a word at `slot` (0 = bottom row)."""
        layout = layout or self.layout()
        h = layout.row_height
        top = layout.stack.bottom - (slot + 1) * h
        width = round(layout.stack.width * 0.5)
        return pygame.Rect(
            layout.stack.left + round(layout.stack.width * 0.08),
            round(top + h * 0.1),
            width,
            max(4, round(h * 0.8)),
        )

    def _draw_stack(self, surface: pygame.Surface, layout: Layout, fonts: theme.Fonts) -> None:
        area = layout.stack
        h = layout.row_height
        zone = self.state.zone
        zone_rect = pygame.Rect(
            area.left, round(area.bottom - zone * h), area.width, round(zone * h)
        )
        band = pygame.Surface(zone_rect.size, pygame.SRCALPHA)
        band.fill((*theme.ZONE, 60))
        surface.blit(band, zone_rect)
        pygame.draw.rect(surface, theme.ZONE, zone_rect, 2, border_radius=6)
        theme.draw_text(
            surface,
            "CLEAR ZONE",
            fonts.get(14, bold=True),
            theme.ACCENT,
            # Just above the band, where score bars rarely reach (ranks below the zone).
            (zone_rect.right - 10, zone_rect.top - 3),
            "bottomright",
        )
        # The danger line: the game ends when the stack reaches it.
        top = round(area.bottom - self.settings.max_stack_height * h)
        rows_left = self.danger_rows
        pulse = 0.5 + 0.5 * math.sin(self.clock * 8) if rows_left else 1.0
        colour = theme.shade(theme.DANGER, 0.55 + 0.45 * pulse)
        if rows_left:
            # The last free rows below the line glow red, faster and brighter as they fill.
            warning = pygame.Rect(area.left, top, area.width, round(rows_left * h))
            glow = pygame.Surface(warning.size, pygame.SRCALPHA)
            glow.fill((*theme.DANGER, round(40 + 60 * pulse)))
            surface.blit(glow, warning)
        for x in range(area.left, area.right, 24):
            pygame.draw.line(surface, colour, (x, top), (min(x + 14, area.right), top), 3)
        label = "DANGER"
        if rows_left:
            label = f"DANGER \u2013 {rows_left} row{'s' if rows_left != 1 else ''} left!"
        theme.draw_text(
            surface,
            label,
            fonts.get(18 if rows_left else 14, bold=True),
            theme.TEXT if rows_left else colour,
            (area.right - 10, top + 4),
            "topright",
        )

        showing_scores = self.clock - self.clue_time < SCORES_SECONDS
        # Arriving words slide in from above the danger line: only their part inside the
        # stack area shows, never over the header.
        clip = surface.get_clip()
        surface.set_clip(area.clip(clip))
        fade = max(0.0, (self.clock - self.clue_time - SORT_SECONDS) / FADE_SECONDS)
        for gone in self.vanishing:
            alpha = round(255 * (1 - min(1.0, fade)))
            if alpha > 0:
                self._draw_tile(
                    surface,
                    layout,
                    fonts,
                    gone.text,
                    gone.slot,
                    gone.is_target,
                    # Bars go as the fade starts, so they never cover the survivors' bars.
                    gone.score if fade == 0 else None,
                    cleared=True,
                    alpha=alpha,
                )
        for word in self.state.stack:
            score = self.shown_scores.get(word.uid) if showing_scores else None
            self._draw_tile(
                surface,
                layout,
                fonts,
                word.text,
                self.slots.get(word.uid, 0.0),
                word.is_target,
                score,
            )
        surface.set_clip(clip)
        if self.popup is not None:
            # Above the clear zone at the right edge, clear of the tiles and their bars;
            # one clue's lines (points, wipe, stage) stack downwards, never overlapping.
            font = fonts.get(28, bold=True)
            rise = (self.clock - self.popup.started) * 1.5
            rect = self.row_rect(zone + 2 + rise, layout)
            y = rect.centery - font.get_height() * (len(self.popup.lines) - 1) / 2
            for line in self.popup.lines:
                theme.draw_text(
                    surface, line, font, theme.REFUSED, (area.right - 12, y), "midright"
                )
                y += font.get_height()

    def _draw_tile(
        self,
        surface: pygame.Surface,
        layout: Layout,
        fonts: theme.Fonts,
        text: str,
        slot: float,
        is_target: bool,
        score: float | None,
        cleared: bool = False,
        alpha: int = 255,
    ) -> None:
        rect = self.row_rect(slot, layout)
        tile = pygame.Surface(rect.size, pygame.SRCALPHA)
        fill = theme.CLEARED if cleared else theme.TARGET if is_target else theme.WORD
        edge = theme.TEXT if is_target else theme.WORD_EDGE
        pygame.draw.rect(tile, (*fill, alpha), tile.get_rect(), border_radius=8)
        pygame.draw.rect(tile, (*edge, alpha), tile.get_rect(), 2, border_radius=8)
        font = fonts.get(24, bold=is_target)
        colour = theme.TARGET_TEXT if is_target and not cleared else theme.TEXT
        label = theme.render(font, text, colour)
        if label.get_width() > rect.width - 60:
            label = pygame.transform.smoothscale(label, (rect.width - 60, label.get_height()))
        label.set_alpha(alpha)
        tile.blit(label, label.get_rect(center=tile.get_rect().center))
        if is_target:
            radius = rect.height * 0.22
            for x in (rect.height * 0.45, rect.width - rect.height * 0.45):
                theme.draw_diamond(
                    tile,
                    (x, rect.height / 2),
                    radius,
                    (*(theme.TARGET_TEXT if not cleared else theme.TEXT), alpha),
                )
        surface.blit(tile, rect)
        if score is not None:
            self._draw_score_bar(surface, layout, fonts, rect, score, alpha)

    def _draw_score_bar(
        self,
        surface: pygame.Surface,
        layout: Layout,
        fonts: theme.Fonts,
        rect: pygame.Rect,
        score: float,
        alpha: int,
    ) -> None:
        room = layout.stack.right - rect.right - 30
        length = max(2, round(room * 0.7 * max(0.0, min(1.0, score))))
        bar = pygame.Rect(
            rect.right + 14, rect.centery - rect.height // 5, length, max(3, rect.height * 2 // 5)
        )
        pygame.draw.rect(surface, theme.BAR, bar, border_radius=3)
        theme.draw_text(
            surface,
            score_text(score),
            fonts.get(15),
            theme.TEXT,
            (bar.right + 6, bar.centery),
            "midleft",
        )

    def _draw_panel(self, surface: pygame.Surface, layout: Layout, fonts: theme.Fonts) -> None:
        area = layout.panel
        score_bottom = theme.draw_score_header(
            surface, area, fonts, self.state.score, f"STAGE {self.state.stage}"
        )
        x, y = area.left + 18, score_bottom + 10
        inner_w = area.width - 36
        small, label_font = fonts.get(16), fonts.get(15, bold=True)
        # Streak bar: one segment per success in a row; a full bar wipes the stack.
        theme.draw_text(surface, "STREAK", label_font, theme.MUTED, (x, y))
        y += label_font.get_height() + 4
        length = self.settings.streak_length
        gap = 6
        seg_w = (inner_w - gap * (length - 1)) / length
        seg_h = max(8, round(fonts.size(14)))
        for i in range(length):
            seg = pygame.Rect(round(x + i * (seg_w + gap)), y, round(seg_w), seg_h)
            filled = i < self.state.streak
            pygame.draw.rect(surface, theme.CLEARED if filled else theme.WORD, seg, border_radius=4)
        y += seg_h + 14
        pygame.draw.line(surface, theme.PANEL_EDGE, (x, y), (area.right - 18, y), 1)
        y += 10
        result = self.state.last_clue
        if result is None:
            lines = [
                "How to play",
                "\u25c6 The orange word with diamonds is the target.",
                "Type a word related to it and press Enter.",
                "Words sort by similarity to your clue: the target clears if it lands in the "
                f"blue zone at the bottom ({zone_rule(self.settings)}).",
                "New words keep arriving: don't let the stack reach the red line.",
                f"Stuck? Tab suggests a clue for {self.settings.hint_cost} points.",
            ]
            if self.settings.miss_cooldown_ticks:
                lines.insert(
                    4, "After a miss the next clue must wait, longer for each miss in a row."
                )
            theme.draw_text(surface, lines[0], fonts.get(18, bold=True), theme.TEXT, (x, y))
            y += fonts.get(18).get_height() + 6
            for line in lines[1:]:
                y = theme.draw_wrapped(surface, line, small, theme.MUTED, (x, y), inner_w) + 6
            return
        theme.draw_text(
            surface,
            f"Clue: \u201c{result.clue}\u201d",
            fonts.get(20, bold=True),
            theme.TEXT,
            (x, y),
            max_width=inner_w,
        )
        y += fonts.get(20).get_height() + 6
        method = self.services.worker.engine.method.name
        theme.draw_text(
            surface, f"Ranking by similarity ({method})", label_font, theme.MUTED, (x, y)
        )
        y += label_font.get_height() + 6
        row_h = small.get_height() + 6
        flag_line = self.flag_line()
        bottom = area.bottom
        if flag_line is not None:  # at the foot of the panel, below the ranking
            bottom -= row_h + 4
            flagged = not self.flaggable
            theme.draw_text(
                surface,
                flag_line,
                small,
                theme.ACCENT if flagged else theme.MUTED,
                (x, bottom + 4),
                max_width=inner_w,
            )
        rows = min(len(result.ranking), max(1, (bottom - y - 10) // row_h))
        name_w = round(inner_w * 0.5)
        for r in result.ranking[:rows]:
            colour = theme.TARGET if r.is_target else theme.CLEARED if r.cleared else theme.TEXT
            mark = "\u25c6 " if r.is_target else ""
            tick_mark = " \u2713" if r.cleared else ""
            # Long words are cut with an ellipsis, never shrunk below a readable size.
            name = theme.ellipsize(small, f"{r.rank:>2}. {mark}{r.text}", name_w - 20)
            theme.draw_text(surface, f"{name}{tick_mark}", small, colour, (x, y))
            bar_w = round((inner_w - name_w - 60) * max(0.0, min(1.0, r.score)))
            bar = pygame.Rect(x + name_w + 8, y + row_h // 4, max(2, bar_w), row_h // 2)
            pygame.draw.rect(surface, colour if r.is_target else theme.BAR, bar, border_radius=3)
            theme.draw_text(
                surface, score_text(r.score), small, theme.MUTED, (area.right - 18, y), "topright"
            )
            if r.rank == result.zone and rows > r.rank:
                pygame.draw.line(
                    surface, theme.ZONE, (x, y + row_h - 2), (area.right - 18, y + row_h - 2), 2
                )
            y += row_h
