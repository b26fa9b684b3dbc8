"""What every Lab page has: keys, an update, a next change and a drawing area."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pygame

from game.ui import theme
from game.ui.services import Services


class Lab(Protocol):
    """What a page may use of the Lab around it (the scene): its stack and target."""

    services: Services
    rng: np.random.Generator
    stack: list[str]
    target_index: int

    @property
    def page(self) -> LabPage:
        """The page on show."""

    @property
    def target(self) -> str:
        """The current target word."""

    def new_stack(self) -> None:
        """Draw new words; the first is the target."""

    def choose_target(self, index: int) -> None:
        """Make stack word `index` the target."""


class LabPage:
    """One page of the Lab; the scene routes its keys and gives it the middle of the screen."""

    title = "page"
    keys = ""  # the page's key hints, shown at the bottom

    def __init__(self, lab: Lab) -> None:
        self.lab = lab

    def stack_changed(self) -> None:
        """The Lab drew a new stack or chose another target."""

    def handle(self, event: pygame.event.Event) -> None:
        """React to one input event (Tab and Esc are the scene's)."""

    def update(self, dt: float) -> None:
        """Pick up the model thread's results."""

    def next_change(self) -> float | None:
        """0 while results are awaited (polled every frame), else None: only input changes it."""
        return None

    def draw(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        """Draw the page inside `area`."""


def draw_words(
    surface: pygame.Surface,
    area: pygame.Rect,
    fonts: theme.Fonts,
    words: Sequence[str],
    target: int | None,
    selected: int | None = None,
    size: int = 19,
) -> list[pygame.Rect]:
    """The stack as a column of tiles (the target marked, `selected` outlined); their rects."""
    font = fonts.get(size)
    row = min(font.get_height() + 6, max(8, area.height // max(1, len(words))))
    rects = []
    for index, word in enumerate(words):
        rect = pygame.Rect(area.left, area.top + index * row, area.width, row - 2)
        is_target = index == target
        pygame.draw.rect(surface, theme.TARGET if is_target else theme.WORD, rect, border_radius=6)
        if index == selected:
            pygame.draw.rect(surface, theme.ACCENT, rect, width=3, border_radius=6)
        if is_target:
            theme.draw_diamond(
                surface, (rect.left + row // 2, rect.centery), row * 0.22, theme.TARGET_TEXT
            )
        theme.draw_text(
            surface,
            word,
            font,
            theme.TARGET_TEXT if is_target else theme.TEXT,
            (rect.left + row, rect.centery),
            "midleft",
            rect.width - row - 8,
        )
        rects.append(rect)
    return rects
