"""Copy a line of text to the system clipboard (pygame-ce's SDL clipboard)."""

from __future__ import annotations

import pygame


def copy_text(text: str) -> bool:
    """Put `text` on the clipboard; False when this system has none (nothing raised)."""
    try:
        pygame.scrap.put_text(text)
    except (pygame.error, AttributeError, NotImplementedError):
        return False
    return True
