"""The clear rate against the temperature, drawn as a curve with the current T marked."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from game.ui import theme


@dataclass(frozen=True)
class ClearCurve:
    """The exact clear rate at each temperature, and the references drawn with it."""

    temperatures: np.ndarray
    rates: np.ndarray
    current: tuple[float, float]  # (T, clear rate) at the slider
    uniform: float  # a clue drawn uniformly from every legal candidate
    observed: tuple[float, int] | None = None  # share of drawn clues that cleared, how many


def draw_curve(
    surface: pygame.Surface,
    area: pygame.Rect,
    fonts: theme.Fonts,
    title: str,
    curve: ClearCurve,
) -> None:
    """Axes (T along, clear rate up), the curve, the current T and the references."""
    theme.panel(surface, area)
    head, small = fonts.get(16, bold=True), fonts.get(12)
    inner = area.inflate(-24, -16)
    theme.draw_text(surface, title, head, theme.TEXT, inner.topleft, max_width=inner.width)
    left = inner.left + small.size("100%")[0] + 8
    plot = pygame.Rect(left, inner.top + head.get_height() + 10, 0, 0)
    plot.width = inner.right - left - 8
    plot.height = inner.bottom - plot.top - 2 * small.get_height() - 8
    t_max = float(curve.temperatures[-1]) or 1.0

    def point(t: float, rate: float) -> tuple[int, int]:
        return (
            round(plot.left + plot.width * min(t, t_max) / t_max),
            round(plot.bottom - plot.height * rate),
        )

    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = point(0, share)[1]
        pygame.draw.line(surface, theme.WORD, (plot.left, y), (plot.right, y))
        theme.draw_text(surface, f"{share:.0%}", small, theme.MUTED, (plot.left - 6, y), "midright")
    for t in range(int(t_max) + 1):
        x = point(t, 0)[0]
        pygame.draw.line(surface, theme.PANEL_EDGE, (x, plot.bottom), (x, plot.bottom + 4))
        theme.draw_text(surface, f"T = {t}", small, theme.MUTED, (x, plot.bottom + 5), "midtop")
    # The uniform draw: where every curve ends as T grows.
    y = point(0, curve.uniform)[1]
    for x in range(plot.left, plot.right, 12):
        pygame.draw.line(surface, theme.MUTED, (x, y), (min(x + 6, plot.right), y))
    theme.draw_text(
        surface,
        f"a random legal clue: {curve.uniform:.0%}",
        small,
        theme.MUTED,
        (plot.right, y - 2),
        "bottomright",
    )
    points = [
        point(float(t), float(r)) for t, r in zip(curve.temperatures, curve.rates, strict=True)
    ]
    if len(points) > 1:
        pygame.draw.lines(surface, theme.BAR, False, points, 3)
    t, rate = curve.current
    x, y = point(t, rate)
    pygame.draw.line(surface, theme.ACCENT, (x, plot.top), (x, plot.bottom), 1)
    pygame.draw.circle(surface, theme.TARGET, (x, y), max(5, fonts.size(6)))
    if curve.observed is not None:
        share = curve.observed[0]
        pygame.draw.circle(surface, theme.REFUSED, point(t, share), max(5, fonts.size(6)), 2)
    caption = f"T = {t:g}: {rate:.1%} of drawn clues clear the target (exact)"
    if curve.observed is not None:
        caption += f" \u00b7 \u25cb your {curve.observed[1]} draws: {curve.observed[0]:.0%}"
    theme.draw_text(
        surface,
        caption,
        small,
        theme.TEXT,
        (inner.left, inner.bottom),
        "bottomleft",
        inner.width,
    )
