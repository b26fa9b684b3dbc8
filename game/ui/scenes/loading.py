"""Shown while the model and the word pack load in the background."""

from __future__ import annotations

import pygame

from game.ui import theme
from game.ui.navigation import Destination, Play
from game.ui.scene import Scene
from game.ui.services import Services


class LoadingScene(Scene):
    """A progress bar; moves on to the game as soon as the model and pack are ready."""

    name = "loading"

    def __init__(
        self, services: Services, seed: int | None, then: Destination | None = None
    ) -> None:
        super().__init__(services)
        self.seed = seed
        self.then = then  # where to go when ready (a challenge turn); default: a game
        self.pack_job = services.worker.prepare_pack(services.pack.words)
        self.elapsed = 0.0

    def handle(self, event: pygame.event.Event) -> None:
        """Esc goes back to the title screen."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.to_title()

    def update(self, dt: float) -> None:
        """Start the game when everything is ready."""
        self.elapsed += dt
        worker = self.services.worker
        if worker.error is None and self.pack_job.done():
            if self.pack_job.exception() is not None:
                worker.error = f"Could not prepare the word pack: {self.pack_job.exception()}"
                return
            seed = self.seed if self.seed is not None else self.services.new_seed()
            self.go(self.then or Play(seed))

    def draw(self, surface: pygame.Surface) -> None:
        """Progress bar and what is being done, or the error and how to fix it."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        worker = self.services.worker
        theme.draw_heading(surface, "WORDSTACK", fonts, h * 0.3)
        if worker.error:
            theme.draw_text(
                surface,
                "The model could not be loaded",
                fonts.get(26, bold=True),
                theme.DANGER,
                (w // 2, h * 0.45),
                "center",
            )
            bottom = theme.draw_wrapped(
                surface,
                worker.error,
                fonts.get(16),
                theme.TEXT,
                (w // 2, h * 0.51),
                w * 3 // 4,
                "midtop",
            )
            theme.draw_text(
                surface,
                "Esc: back to the title screen",
                fonts.get(16),
                theme.MUTED,
                (w // 2, bottom + 24),
                "midtop",
            )
            return
        bar = pygame.Rect(0, 0, w // 2, max(12, h // 30))
        bar.center = (w // 2, h // 2)
        pygame.draw.rect(surface, theme.WORD, bar, border_radius=8)
        filled = bar.copy()
        filled.width = max(8, round(bar.width * worker.progress))
        pygame.draw.rect(surface, theme.ACCENT, filled, border_radius=8)
        dots = "." * (int(self.elapsed * 3) % 4)
        theme.draw_text(
            surface,
            f"{worker.message}{dots}",
            fonts.get(20),
            theme.TEXT,
            (w // 2, bar.bottom + 30),
            "center",
        )
        theme.draw_text(
            surface,
            "The language model loads once; the first start takes a few seconds.",
            fonts.get(15),
            theme.MUTED,
            (w // 2, bar.bottom + 70),
            "center",
            w - 60,
        )
