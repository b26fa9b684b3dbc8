"""The Sample page's method comparison: the stack ranked for one clue by each method."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future

import numpy as np
import pygame

from game.engine import RankedWord
from game.similarity import rank_order
from game.ui import theme

# The clue, then each method's name and its ranking of the stack.
Comparison = tuple[str, list[tuple[str, list[RankedWord]]]]


def rankings(
    jobs: Sequence[tuple[str, Future[np.ndarray]]], stack: Sequence[str]
) -> list[tuple[str, list[RankedWord]]]:
    """Each method's finished scores of the stack as a ranking, best first.

    A method this engine cannot serve (plain cosine beside `large`) is left out.
    """
    done = [(m, job.result()) for m, job in jobs if job.exception() is None]
    return [
        (m, [RankedWord(stack[i], float(s[i]), int(i)) for i in rank_order(s)]) for m, s in done
    ]


def draw_comparison(
    surface: pygame.Surface,
    area: pygame.Rect,
    fonts: theme.Fonts,
    comparison: Comparison,
    engine_method: str,
    target_index: int,
    zone: int,
) -> None:
    """The stack ranked for one clue by each method, side by side, with scores."""
    clue, rankings = comparison
    theme.panel(surface, area)
    title = fonts.get(17, bold=True)
    theme.draw_text(
        surface,
        f"Clue \u201c{clue}\u201d: the stack ranked by each method (C: back to the chart)",
        title,
        theme.TEXT,
        (area.left + 14, area.top + 10),
        max_width=area.width - 28,
    )
    top = area.top + 10 + title.get_height() + 10
    gap = 16
    width = (area.width - 28 - gap * (len(rankings) - 1)) // max(1, len(rankings))
    for number, (method, ranking) in enumerate(rankings):
        column = pygame.Rect(
            area.left + 14 + number * (width + gap), top, width, area.bottom - top - 10
        )
        heading = f"{method} (the game's ranking)" if method == engine_method else method
        _draw_ranking(surface, column, fonts, heading, ranking, target_index, zone)


def _draw_ranking(
    surface: pygame.Surface,
    area: pygame.Rect,
    fonts: theme.Fonts,
    heading: str,
    ranking: list[RankedWord],
    target_index: int,
    zone: int,
) -> None:
    label = fonts.get(15, bold=True)
    theme.draw_text(surface, heading, label, theme.ACCENT, area.topleft, max_width=area.width)
    font = fonts.get(16)
    y = area.top + label.get_height() + 8
    row = max(font.get_height() + 6, (area.bottom - y) // max(1, len(ranking)))
    row = min(row, round(font.get_height() * 1.8))
    score_width = font.size(" -0.000")[0]
    for place, result in enumerate(ranking, 1):
        rect = pygame.Rect(area.left, y, area.width, row - 4)
        is_target = result.index == target_index
        pygame.draw.rect(surface, theme.TARGET if is_target else theme.WORD, rect, border_radius=5)
        if place <= zone:
            pygame.draw.rect(surface, theme.ZONE, rect, width=2, border_radius=5)
        text_colour = theme.TARGET_TEXT if is_target else theme.TEXT
        theme.draw_text(
            surface,
            f"{place}. {result.word}",
            font,
            text_colour,
            (rect.left + 8, rect.centery),
            "midleft",
            rect.width - score_width - 16,
        )
        theme.draw_text(
            surface,
            f"{result.score:.3f}",
            font,
            text_colour,
            (rect.right - 8, rect.centery),
            "midright",
        )
        y += row
