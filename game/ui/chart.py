"""A probability bar chart drawn onto a pygame Surface (the clue distribution at a temperature).

Used by `wordstack clue --plot` and by the Lab screen. Only drawing: the caller passes the
labels and probabilities (most likely first) and the rectangle to fill.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.cluegen import entropy

MAX_BARS = 15

BACKGROUND = (250, 250, 247)
BORDER = (200, 200, 195)
TEXT = (30, 30, 35)
MUTED = (95, 95, 105)
BAR = (84, 130, 190)
BAR_HIGHLIGHT = (222, 120, 40)
TRACK = (232, 232, 228)


def _font(path: str | None, size: int, bold: bool = False) -> pygame.font.Font:
    font = pygame.font.Font(path, size)
    font.set_bold(bold and path is None)  # a given font file is used as it is
    return font


def _fit(font: pygame.font.Font, text: str, width: int) -> str:
    """`text`, shortened with an ellipsis until it is at most `width` pixels wide."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…" if text else ""


def _percent(p: float) -> str:
    if p >= 0.1:
        return f"{100 * p:.0f}%" if p >= 0.995 else f"{100 * p:.1f}%"
    if p >= 0.001:
        return f"{100 * p:.1f}%"
    return "<0.1%" if p > 0 else "0%"


def draw_distribution(
    surface: pygame.Surface,
    rect: pygame.Rect | tuple[int, int, int, int],
    title: str,
    labels: Sequence[str],
    probabilities: Sequence[float],
    font_path: str | None = None,
    highlight: str | None = None,
    entropy_bits: float | None = None,
    relative: bool = False,
) -> None:
    """Draw a horizontal bar chart of up to 15 labels with their probabilities in `rect`.

    `labels` and `probabilities` are most likely first; only the first 15 are drawn.
    `entropy_bits` is the entropy of the whole distribution (default: of the values given);
    the bar whose label equals `highlight` is drawn in another colour and marked. Bars are
    drawn on a 0-100% scale (the grey track is 100%), so a flat distribution shows short
    bars; `relative=True` scales them to the largest value instead.
    """
    area = pygame.Rect(rect)
    pygame.draw.rect(surface, BACKGROUND, area)
    pygame.draw.rect(surface, BORDER, area, width=1)
    pad = max(8, area.height // 40)
    inner = area.inflate(-2 * pad, -2 * pad)

    values = [max(0.0, float(p)) for p in probabilities]
    shown = list(zip(labels, values, strict=False))[:MAX_BARS]
    if entropy_bits is None:
        entropy_bits = entropy(values) if sum(values) > 0 else 0.0

    # Header: title, then the entropy line (and the mass the bars do not show).
    title_font = _font(font_path, max(14, inner.height // 16), bold=True)
    info_font = _font(font_path, max(12, inner.height // 24))
    y = inner.top
    title_surface = title_font.render(_fit(title_font, title, inner.width), True, TEXT)
    surface.blit(title_surface, (inner.left, y))
    y += title_surface.get_height() + pad // 3
    rest = max(0.0, sum(values) - sum(p for _, p in shown))
    lines = [f"entropy {entropy_bits:.2f} bits" + ("" if relative else "  ·  grey track = 100%")]
    if len(values) > len(shown) and rest > 0:
        lines.append(f"the other {len(values) - len(shown):,} clues share {_percent(rest)}")
    for line in lines:
        info_surface = info_font.render(_fit(info_font, line, inner.width), True, MUTED)
        surface.blit(info_surface, (inner.left, y))
        y += info_surface.get_height()
    y += pad

    if not shown:
        return
    # Rows: a label column, a bar track, and the percentage right of the bar.
    row_height = max(10, (inner.bottom - y) // MAX_BARS)
    label_font = _font(font_path, max(11, min(int(row_height * 0.62), 28)))
    label_width = min(
        max(label_font.size(label)[0] for label, _ in shown) + pad, inner.width * 2 // 5
    )
    number_width = label_font.size("100.0%")[0] + pad
    track_left = inner.left + label_width
    track_width = max(10, inner.width - label_width - number_width)
    top = (max((p for _, p in shown), default=0.0) or 1.0) if relative else 1.0
    bar_height = max(4, int(row_height * 0.7))
    for row, (label, p) in enumerate(shown):
        row_top = y + row * row_height
        centre = row_top + row_height // 2
        marked = highlight is not None and label == highlight
        text = _fit(label_font, label, label_width - pad)
        label_surface = label_font.render(text, True, TEXT)
        if marked:
            label_font.set_underline(True)
            label_surface = label_font.render(text, True, BAR_HIGHLIGHT)
            label_font.set_underline(False)
        label_x = track_left - pad // 2 - label_surface.get_width()
        surface.blit(label_surface, (label_x, centre - label_surface.get_height() // 2))
        track = pygame.Rect(track_left, centre - bar_height // 2, track_width, bar_height)
        pygame.draw.rect(surface, TRACK, track)
        length = round(track_width * p / top)
        if p > 0:
            length = max(2, length)
        pygame.draw.rect(
            surface, BAR_HIGHLIGHT if marked else BAR, (track.left, track.top, length, bar_height)
        )
        number = label_font.render(_percent(p), True, TEXT)
        # The number sits right of the bar, inside the chart: on the track if the bar is long.
        number_x = min(track.left + length + pad // 2, inner.right - number.get_width())
        surface.blit(number, (number_x, centre - number.get_height() // 2))
