"""The Lab's probability bars: raw scores, a linear or log axis, cut lines and survivors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pygame

from game.ui import theme
from game.ui.lab.numbers import Cut, axis_ticks, bar_fractions

CUT_COLOUR = theme.DANGER
SURVIVOR_COLOUR = theme.REFUSED


def percent(p: float) -> str:
    """A probability as a short percentage ("<0.1%" for tiny ones, "0%" for none)."""
    if p >= 0.995:
        return f"{100 * p:.0f}%"
    if p >= 0.001:
        return f"{100 * p:.1f}%"
    return "<0.1%" if p > 0 else "0%"


@dataclass(frozen=True)
class BarRows:
    """What the bars show, best first: one row per label."""

    labels: Sequence[str]
    probabilities: np.ndarray  # at T, before any cut
    survivors: np.ndarray | None = None  # after the cuts, renormalised (None: no cut)
    scores: Sequence[float] | None = None  # the raw scores, drawn beside the bars
    cuts: Sequence[Cut] = ()
    highlight: str | None = None
    rest: str = ""  # a note on what the rows leave out, drawn under the axis


def draw_bars(
    surface: pygame.Surface,
    area: pygame.Rect,
    fonts: theme.Fonts,
    rows: BarRows,
    log: bool = False,
) -> None:
    """Rows of label, score, bar and percentage; cut lines between rows; an axis below.

    A cut that keeps more rows than are shown is named under the axis, with `rows.rest`.
    """
    count = len(rows.labels)
    if not count:
        return
    small = fonts.get(12)
    below = [c for c in rows.cuts if c.kept >= count]
    notes = [f"{c.label} keeps {c.kept:,}" for c in below]
    notes += [rows.rest] if rows.rest else []
    axis_height = small.get_height() * (2 if notes else 1) + 6
    row = max(8, (area.height - axis_height) // count)
    font = fonts.get(min(17, max(9, round(row / fonts.factor * 0.62))))
    gap = max(4, row // 4)
    label_width = min(max(font.size(w)[0] for w in rows.labels) + gap, area.width * 3 // 10)
    score_width = font.size("-0.000")[0] + gap if rows.scores is not None else 0
    number_text = "100.0% \u2192 100.0%" if rows.survivors is not None else "100.0%"
    number_width = font.size(number_text)[0] + gap
    track_left = area.left + label_width + score_width
    track_width = max(20, area.right - track_left - number_width)
    lengths = bar_fractions(rows.probabilities, log)
    kept = bar_fractions(rows.survivors, log) if rows.survivors is not None else None
    height = max(3, round(row * 0.62))
    for number, label in enumerate(rows.labels):
        centre = area.top + number * row + row // 2
        cut = rows.survivors is not None and rows.survivors[number] <= 0
        marked = label == rows.highlight
        colour = theme.MUTED if cut else theme.TARGET if marked else theme.TEXT
        theme.draw_text(
            surface,
            label,
            font,
            colour,
            (area.left + label_width - gap, centre),
            "midright",
            label_width - gap,
        )
        if rows.scores is not None:
            theme.draw_text(
                surface,
                f"{rows.scores[number]:.3f}",
                font,
                theme.MUTED,
                (track_left - gap, centre),
                "midright",
            )
        track = pygame.Rect(track_left, centre - height // 2, track_width, height)
        pygame.draw.rect(surface, theme.WORD, track)
        length = round(track_width * float(lengths[number]))
        if rows.probabilities[number] > 0:
            length = max(2, length)
            fill = theme.WORD_EDGE if cut else theme.TARGET if marked else theme.BAR
            pygame.draw.rect(surface, fill, (track.left, track.top, length, height))
        text = percent(float(rows.probabilities[number]))
        if kept is not None and rows.survivors is not None and not cut:
            survivor = round(track_width * float(kept[number]))
            outline = pygame.Rect(track.left, track.top - 2, max(3, survivor), height + 4)
            pygame.draw.rect(surface, SURVIVOR_COLOUR, outline, width=2)
            text += f" \u2192 {percent(float(rows.survivors[number]))}"
        theme.draw_text(
            surface,
            text,
            font,
            theme.MUTED if cut else theme.TEXT,
            (track.right + gap, centre),
            "midleft",
            number_width - gap,
        )
    rows_bottom = area.top + count * row
    shown_cuts = [c for c in rows.cuts if c.kept < count]
    _draw_cut_lines(surface, area, small, shown_cuts, row, track_left + track_width)
    _draw_axis(surface, small, rows_bottom, track_left, track_width, log, score_width, gap)
    if notes:
        y = rows_bottom + small.get_height() + 5
        colour = CUT_COLOUR if below else theme.MUTED
        text = "  \u00b7  ".join(notes)
        theme.draw_text(surface, text, small, colour, (area.right, y), "topright", area.width)


def _draw_cut_lines(
    surface: pygame.Surface,
    area: pygame.Rect,
    font: pygame.font.Font,
    cuts: Sequence[Cut],
    row: int,
    right: int,
) -> None:
    """A line under the last row each cut keeps, labelled on the first row it cuts."""
    places: dict[int, list[Cut]] = {}
    for cut in cuts:
        places.setdefault(cut.kept, []).append(cut)
    for place, here in places.items():
        y = area.top + place * row
        pygame.draw.line(surface, CUT_COLOUR, (area.left, y), (right, y), 2)
        label = "  \u00b7  ".join(f"{c.label}: {c.kept} kept" for c in here)
        image = theme.render(font, label, CUT_COLOUR)
        box = image.get_rect(topright=(right, y + 2))
        pygame.draw.rect(surface, theme.PANEL, box.inflate(6, 0))
        surface.blit(image, box)


def _draw_axis(
    surface: pygame.Surface,
    font: pygame.font.Font,
    y: int,
    left: int,
    width: int,
    log: bool,
    score_width: int,
    gap: int,
) -> None:
    pygame.draw.line(surface, theme.PANEL_EDGE, (left, y + 2), (left + width, y + 2))
    if score_width:
        theme.draw_text(surface, "score", font, theme.MUTED, (left - gap, y + 3), "topright")
    ticks = axis_ticks(log)
    taken: list[pygame.Rect] = []  # the ends first; a middle label that would overlap is left out
    for share, label in [ticks[0], ticks[-1], *ticks[1:-1]]:
        x = left + round(width * share)
        pygame.draw.line(surface, theme.PANEL_EDGE, (x, y), (x, y + 4))
        anchor = "topleft" if share == 0 else "topright" if share == 1 else "midtop"
        box = theme.render(font, label, theme.MUTED).get_rect(**{anchor: (x, y + 3)})
        if box.inflate(8, 0).collidelist(taken) < 0:
            theme.draw_text(surface, label, font, theme.MUTED, (x, y + 3), anchor)
            taken.append(box)
