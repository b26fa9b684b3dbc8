"""The base of every screen: enter, leave, handle events, update, draw."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    """One screen of the game; the app calls these hooks, in this order, every frame."""

    name = "scene"

    def __init__(self, app: App) -> None:
        self.app = app

    def enter(self) -> None:
        """Called when the scene becomes current."""

    def leave(self) -> None:
        """Called when another scene takes over."""

    def handle(self, event: pygame.event.Event) -> None:
        """React to one input event."""

    def update(self, dt: float) -> None:
        """Advance by `dt` seconds of real time."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole screen."""
