"""QR codes drawn as pygame surfaces, from the module matrix of the `segno` package."""

from __future__ import annotations

from functools import lru_cache

import pygame

QUIET_MODULES = 4  # the blank border scanners need around the code


# Built once per text and size, not every frame (a projector redraws 30 times a second);
# callers only blit it.
@lru_cache(maxsize=8)
def qr_surface(text: str, size: int) -> pygame.Surface:
    """A square surface of at most `size` pixels: dark modules on white, with a quiet zone."""
    import segno

    matrix = segno.make_qr(text, error="m").matrix
    modules = len(matrix) + 2 * QUIET_MODULES
    scale = max(1, size // modules)
    surface = pygame.Surface((modules * scale, modules * scale))
    surface.fill((255, 255, 255))
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                rect = (
                    (column + QUIET_MODULES) * scale,
                    (row + QUIET_MODULES) * scale,
                    scale,
                    scale,
                )
                surface.fill((0, 0, 0), rect)
    return surface
