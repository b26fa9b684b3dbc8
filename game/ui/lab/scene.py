"""The Lab's screen: a seeded stack and target shared by its pages, and the page tabs."""

from __future__ import annotations

import random

import numpy as np
import pygame

from game.ui import theme
from game.ui.lab.challenges import ChallengesPage
from game.ui.lab.page import LabPage
from game.ui.lab.sample import SamplePage
from game.ui.lab.steps import StepsPage
from game.ui.scene import Scene
from game.ui.services import Services

STACK_SIZE = 10
PAGE_KEYS = (pygame.K_F1, pygame.K_F2, pygame.K_F3)


class LabScene(Scene):
    """Three pages on one stack: Sample, Step by step, Challenges; Tab goes round them."""

    name = "lab"

    def __init__(self, services: Services, seed: int | None = None) -> None:
        super().__init__(services)
        self.seed = seed if seed is not None else services.new_seed()
        self.rng = np.random.default_rng(self.seed)
        self.stacks_drawn = 0
        self.stack: list[str] = []
        self.target_index = 0
        self.pages: dict[str, LabPage] = {
            "sample": SamplePage(self),
            "steps": StepsPage(self),
            "challenges": ChallengesPage(self),
        }
        self.page_name = "sample"
        self.new_stack()

    @property
    def page(self) -> LabPage:
        """The page on show."""
        return self.pages[self.page_name]

    def show_page(self, name: str) -> None:
        """Show the page called `name` ("sample", "steps" or "challenges")."""
        if name not in self.pages:
            raise ValueError(f"no Lab page {name!r}")
        self.page_name = name

    def new_stack(self) -> None:
        """Draw 10 new words from the pack (seeded); the first is the target."""
        self.stacks_drawn += 1
        picker = random.Random(f"{self.seed}:{self.stacks_drawn}")
        self.stack = picker.sample(list(self.services.pack.words), STACK_SIZE)
        self.choose_target(0)

    def choose_target(self, index: int) -> None:
        """Make stack word `index` the target; the pages start again on it."""
        self.target_index = index % len(self.stack)
        for page in self.pages.values():
            page.stack_changed()

    @property
    def target(self) -> str:
        """The current target word."""
        return self.stack[self.target_index]

    # -- scene hooks ---------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Tab / F1-F3 change the page, Esc leaves; the rest goes to the page."""
        if event.type == pygame.KEYDOWN:
            names = list(self.pages)
            if event.key == pygame.K_ESCAPE:
                self.to_title()
                return
            if event.key == pygame.K_TAB:
                step = -1 if event.mod & pygame.KMOD_SHIFT else 1
                self.page_name = names[(names.index(self.page_name) + step) % len(names)]
                return
            if event.key in PAGE_KEYS:
                self.page_name = names[PAGE_KEYS.index(event.key)]
                return
        self.page.handle(event)

    def update(self, dt: float) -> None:
        """Every page picks up its results (a page left while busy finishes its work)."""
        for page in self.pages.values():
            page.update(dt)

    def next_change(self) -> float | None:
        """The page on show decides: it changes only when results arrive or on input."""
        return self.page.next_change()

    def draw(self, surface: pygame.Surface) -> None:
        """Title and tabs, the page, its keys."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        pad = round(h * 0.02)
        heading = fonts.get(30, bold=True)
        theme.draw_text(surface, "LAB", heading, theme.ACCENT, (pad, pad))
        x = pad + heading.size("LAB")[0] + pad * 2
        tab_font = fonts.get(17, bold=True)
        for number, (name, page) in enumerate(self.pages.items(), 1):
            label = f"F{number} {page.title}"
            tab = pygame.Rect(x, pad, tab_font.size(label)[0] + pad * 2, heading.get_height())
            current = name == self.page_name
            pygame.draw.rect(surface, theme.ZONE if current else theme.PANEL, tab, border_radius=8)
            theme.draw_text(
                surface,
                label,
                tab_font,
                theme.TEXT if current else theme.MUTED,
                tab.center,
                "center",
            )
            x = tab.right + pad // 2
        keys_font = fonts.get(14)
        keys = f"{self.page.keys} \u00b7 Tab next page \u00b7 Esc back"
        lines = theme.wrap_lines(keys, keys_font, w - 2 * pad)
        line_height = keys_font.get_height()
        for number, line in enumerate(lines):
            y = h - pad // 2 - (len(lines) - number) * line_height
            theme.draw_text(surface, line, keys_font, theme.MUTED, (w // 2, y), "midtop")
        top = pad * 2 + heading.get_height()
        bottom = h - pad - len(lines) * line_height
        self.page.draw(surface, pygame.Rect(pad, top, w - 2 * pad, bottom - top), fonts)
