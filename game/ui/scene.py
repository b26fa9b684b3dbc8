"""The base of every screen: enter, leave, handle events, update, draw."""

from __future__ import annotations

import pygame

from game.ui.navigation import Destination, Title
from game.ui.services import Services


class Scene:
    """One screen of the game; the app calls these hooks, in this order, every frame."""

    name = "scene"

    def __init__(self, services: Services) -> None:
        self.services = services

    def go(self, destination: Destination) -> None:
        """Leave this screen for `destination` (the app opens it when this hook returns)."""
        self.services.go(destination)

    def to_title(self) -> None:
        """Leave this screen for the title screen."""
        self.go(Title())

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

    def next_change(self) -> float | None:
        """Seconds until the screen changes by itself: 0 next frame, None only on input.

        The app draws again after an event, or when this time has come; a screen that
        stands still costs almost nothing. The default redraws every frame.
        """
        return 0.0
