"""Drawing of the Blocks play screen: the grid, its colour-and-shape blocks, the side panel."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.rules import BlocksSettings, BlocksState
from game.rules.blocks import Block, BlocksClueResult
from game.ui import theme
from game.ui.scenes.frame_view import FrameDrawing, Layout

HIGHLIGHT_SECONDS = 0.9  # the chosen block and the runners-up are marked...
CLEAR_SECONDS = 0.45  # ...then its group shrinks away, then the rest falls
GRID_WIDENING = 0.25  # share of Arcade's side panel given to the grid: words need room
DARK = (20, 22, 28)  # text and shapes on the bright block colours

# Okabe-Ito colours, each with its own shape, so colour is never the only cue.
BLOCK_STYLES: tuple[tuple[tuple[int, int, int], str], ...] = (
    ((230, 159, 0), "circle"),  # orange
    ((86, 180, 233), "triangle"),  # sky blue
    ((0, 158, 115), "square"),  # bluish green
    ((240, 228, 66), "diamond"),  # yellow
    ((204, 121, 167), "cross"),  # reddish purple
)


def draw_shape(
    surface: pygame.Surface,
    shape: str,
    centre: tuple[float, float],
    radius: float,
    colour: tuple[int, ...],
) -> None:
    """One of the block shapes, filled, inside a circle of `radius` around `centre`."""
    x, y = centre
    r = max(2.0, radius)
    if shape == "circle":
        pygame.draw.circle(surface, colour, (round(x), round(y)), round(r))
    elif shape == "triangle":
        points = [(x, y - r), (x + r * 0.95, y + r * 0.75), (x - r * 0.95, y + r * 0.75)]
        pygame.draw.polygon(surface, colour, points)
    elif shape == "square":
        side = round(r * 1.6)
        pygame.draw.rect(
            surface, colour, pygame.Rect(round(x - side / 2), round(y - side / 2), side, side)
        )
    elif shape == "diamond":
        theme.draw_diamond(surface, (x, y), r * 1.1, colour)
    else:  # cross
        bar = max(2, round(r * 0.6))
        pygame.draw.rect(
            surface, colour, pygame.Rect(round(x - r), round(y - bar / 2), round(2 * r), bar)
        )
        pygame.draw.rect(
            surface, colour, pygame.Rect(round(x - bar / 2), round(y - r), bar, round(2 * r))
        )


@dataclass
class Clearing:
    """A clue on show: the grid as it was, what the clue chose, and when it started."""

    before: BlocksState
    result: BlocksClueResult
    started: float


class BlocksDrawing(FrameDrawing[BlocksState]):
    """The drawing half of `BlocksPlayScene`: the shared frame with a grid for the stack.

    The frame lays out the header, the clue line, the pause menu and the game-over
    banner; the grid and the side panel are drawn here.
    """

    settings: BlocksSettings
    clearing: Clearing | None  # the last clue, while its choice and clear are on show
    rows_shown: dict[int, float]  # the row each block is drawn at, easing to its own
    popups: list[tuple[str, float]]  # text, start time
    hint_uid: int | None  # the block the last hint was for, outlined until a clue

    @property
    def shown_state(self) -> BlocksState:
        """The grid on screen: as it was before the clue while its clear is on show."""
        return self.clearing.before if self.clearing is not None else self.state

    def layout(self) -> Layout:
        """Arcade's rectangles (one spare row above the grid), the grid a little wider."""
        layout = Layout.compute(self.services.screen_size, self.settings.rows + 1)
        extra = round(layout.panel.width * GRID_WIDENING)
        for rect in (layout.stack, layout.message, layout.entry):
            rect.width += extra
        layout.panel.width -= extra
        layout.panel.left += extra
        return layout

    def grid_rect(self, layout: Layout) -> pygame.Rect:
        """The grid's rectangle: `rows` cells high, centred at the bottom of the stack area."""
        cell_h = layout.row_height
        cell_w = min(layout.stack.width / self.settings.columns, cell_h * 3.2)
        rect = pygame.Rect(
            0, 0, round(cell_w * self.settings.columns), round(cell_h * self.settings.rows)
        )
        rect.midbottom = layout.stack.midbottom
        return rect

    def cell_rect(self, grid: pygame.Rect, column: int, row: float) -> pygame.Rect:
        """The rectangle of a block at `column` and (possibly fractional) `row`."""
        w = grid.width / self.settings.columns
        h = grid.height / self.settings.rows
        left = grid.left + column * w
        top = grid.bottom - (row + 1) * h
        return pygame.Rect(round(left + 2), round(top + 2), round(w - 4), round(h - 4))

    def _draw_header(self, surface: pygame.Surface, layout: Layout, fonts: theme.Fonts) -> None:
        # Laid out as on the Arcade screen, so the line of keys keeps its room.
        arcade = Layout.compute(surface.get_size(), self.settings.rows + 1)
        super()._draw_header(surface, arcade, fonts)

    # -- the grid ------------------------------------------------------------------------

    def _draw_stack(self, surface: pygame.Surface, layout: Layout, fonts: theme.Fonts) -> None:
        grid = self.grid_rect(layout)
        pygame.draw.rect(surface, theme.PANEL, grid.inflate(8, 8), border_radius=6)
        state = self.shown_state
        # The red line: a column that grows past it ends the game.
        near = [
            c for c, column in enumerate(state.columns) if len(column) >= self.settings.rows - 1
        ]
        pulse = 0.5 + 0.5 * math.sin(self.clock * 8) if near else 1.0
        colour = theme.shade(theme.DANGER, 0.55 + 0.45 * pulse)
        for x in range(grid.left, grid.right, 24):
            pygame.draw.line(surface, colour, (x, grid.top), (min(x + 14, grid.right), grid.top), 3)
        label = fonts.get(14, bold=True)
        theme.draw_text(surface, "DANGER", label, colour, (grid.right, grid.top - 3), "bottomright")
        for c in near:  # a warning mark over each column about to overflow
            top = self.cell_rect(grid, c, self.settings.rows)
            theme.draw_text(surface, "\u25b2", label, colour, top.midbottom, "midbottom")

        clip = surface.get_clip()
        # Blocks rising from below the grid stay hidden until they enter it.
        surface.set_clip(
            pygame.Rect(
                grid.left - 4,
                layout.header.bottom,
                grid.width + 8,
                grid.bottom - layout.header.bottom,
            )
        )
        marks = self._marks()
        shrink = self._clear_progress()
        group = set(self.clearing.result.group) if self.clearing is not None else set()
        for (c, _), block in state.blocks:
            rect = self.cell_rect(grid, c, self.rows_shown.get(block.uid, 0.0))
            scale = 1.0 - shrink if block.uid in group else 1.0
            if scale > 0.02:
                self._draw_block(surface, rect, block, fonts, scale, marks.get(block.uid))
        surface.set_clip(clip)
        for text, started in self.popups:
            rise = (self.clock - started) * 40
            theme.draw_text(
                surface,
                text,
                fonts.get(26, bold=True),
                theme.REFUSED,
                (grid.centerx, grid.top + grid.height * 0.3 - rise),
                "center",
            )

    def _marks(self) -> dict[int, str]:
        """What to mark on which block: 'chosen', 'group', '2', '3' or 'hint'."""
        marks: dict[int, str] = {}
        if self.hint_uid is not None:
            marks[self.hint_uid] = "hint"
        if self.clearing is not None:
            result = self.clearing.result
            marks.update({uid: "group" for uid in result.group})
            for ranked in result.ranking[1:3]:
                marks[ranked.uid] = str(ranked.rank)
            marks[result.chosen.uid] = "chosen"
        return marks

    def _clear_progress(self) -> float:
        """0 while the choice is on show, rising to 1 as the group shrinks away."""
        if self.clearing is None:
            return 0.0
        elapsed = self.clock - self.clearing.started - HIGHLIGHT_SECONDS
        return max(0.0, min(1.0, elapsed / CLEAR_SECONDS))

    def _draw_block(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        block: Block,
        fonts: theme.Fonts,
        scale: float,
        mark: str | None,
    ) -> None:
        fill, shape = BLOCK_STYLES[block.colour]
        if scale < 1.0:
            rect = rect.inflate(-round(rect.width * (1 - scale)), -round(rect.height * (1 - scale)))
        pygame.draw.rect(surface, fill, rect, border_radius=6)
        r = rect.height * 0.26
        if block.text is None:
            draw_shape(surface, shape, rect.center, r * 1.1, DARK)
        else:
            # A small shape at the left, the word centred in the rest: words need the room.
            icon = min(rect.height * 0.55, rect.width * 0.3)
            draw_shape(surface, shape, (rect.left + icon * 0.55, rect.centery), icon * 0.36, DARK)
            room = rect.width - round(icon) - 4
            if room > 8:
                theme.draw_text(
                    surface,
                    block.text,
                    fonts.get(16),
                    DARK,
                    (rect.left + icon + room / 2, rect.centery),
                    "center",
                    room,
                )
        if mark in ("chosen", "group", "hint"):
            width = 4 if mark == "chosen" else 2
            edge = theme.TEXT if mark != "hint" else theme.ACCENT
            pygame.draw.rect(surface, edge, rect.inflate(4, 4), width, border_radius=7)
        if mark in ("chosen", "2", "3"):
            badge = "1" if mark == "chosen" else mark
            radius = max(7, round(rect.height * 0.3))
            centre = (rect.right - radius // 2, rect.top + radius // 2)
            pygame.draw.circle(surface, theme.BACKGROUND, centre, radius)
            pygame.draw.circle(surface, theme.TEXT, centre, radius, 2)
            theme.draw_text(surface, badge, fonts.get(13, bold=True), theme.TEXT, centre, "center")

    # -- the side panel ------------------------------------------------------------------

    def panel_label(self) -> str:
        """The line at the top right of the panel, beside "SCORE"."""
        return f"TURN {self.state.turn} \u00b7 STAGE {self.state.stage}"

    def _draw_panel(self, surface: pygame.Surface, layout: Layout, fonts: theme.Fonts) -> None:
        area = layout.panel
        state = self.state
        score_bottom = theme.draw_score_header(
            surface, area, fonts, state.score, self.panel_label()
        )
        x, y = area.left + 18, score_bottom + 6
        inner_w = area.width - 36
        small, label_font = fonts.get(16), fonts.get(15, bold=True)
        rising = self.settings.arrivals_for(self.state.stage)
        y = theme.draw_wrapped(
            surface, f"After each clue {rising} blocks rise.", small, theme.MUTED, (x, y), inner_w
        )
        y += 6
        pygame.draw.line(surface, theme.PANEL_EDGE, (x, y), (area.right - 18, y), 1)
        y += 10
        result = self.state.last_clue
        if result is None:
            lines = [
                "Each clue clears the word block closest in meaning, with every block "
                "of its colour and shape touching it.",
                "Bigger groups score far more: 1 block 10, 3 blocks 60, 6 blocks 210.",
                "After each clue new blocks rise: keep every column below the red line.",
                f"Tab aims a clue at the biggest group for {self.hint_price()} points.",
            ]
            theme.draw_text(surface, "How to play", fonts.get(18, bold=True), theme.TEXT, (x, y))
            y += fonts.get(18).get_height() + 6
            for line in lines:
                y = theme.draw_wrapped(surface, line, small, theme.MUTED, (x, y), inner_w) + 6
            return
        size = len(result.group)
        for text, font, colour, gap in (
            (f"Clue: \u201c{result.clue}\u201d", fonts.get(20, bold=True), theme.TEXT, 4),
            (f"cleared {size} block{'s' if size != 1 else ''}, +{result.points}", small,
             theme.CLEARED, 8),
            (
                f"Top 3 of {len(result.ranking)} words ({self.services.worker.engine.method.name})",
                label_font,
                theme.MUTED,
                6,
            ),
        ):  # fmt: skip
            y = theme.draw_text(surface, text, font, colour, (x, y), max_width=inner_w).bottom + gap
        row_h = small.get_height() + 8
        name_w = round(inner_w * 0.5)
        icon = small.get_height() * 0.3
        for ranked in result.ranking[:3]:
            colour = theme.TEXT if ranked.rank == 1 else theme.MUTED
            block_colour, shape = BLOCK_STYLES[ranked.colour]
            draw_shape(surface, shape, (x + icon, y + row_h / 2 - 3), icon, block_colour)
            tick = " \u2713" if ranked.rank == 1 else ""
            theme.draw_text(
                surface,
                f"{ranked.rank}. {ranked.text}{tick}",
                small,
                colour,
                (x + round(icon * 2) + 6, y),
                max_width=name_w - round(icon * 2) - 6,
            )
            bar_w = round((inner_w - name_w - 56) * max(0.0, min(1.0, ranked.score)))
            bar = pygame.Rect(x + name_w + 6, y + row_h // 4, max(2, bar_w), row_h // 2 - 2)
            pygame.draw.rect(surface, theme.BAR, bar, border_radius=3)
            theme.draw_text(
                surface, f"{ranked.score:.2f}", small, theme.MUTED, (area.right - 18, y), "topright"
            )
            y += row_h
        if self.state.stats.largest_group:
            y += 6
            stats = self.state.stats
            theme.draw_wrapped(
                surface,
                f"Best so far: \u201c{stats.best_clue}\u201d, {stats.largest_group} blocks",
                small,
                theme.MUTED,
                (x, y),
                inner_w,
            )
