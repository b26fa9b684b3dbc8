"""Settings: clear-zone size, sound, text size."""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.prefs import TEXT_SIZES
from game.rules import ArcadeSettings
from game.ui.scene import Scene
from game.ui.services import Services
from game.ui.text import zone_rule
from game.ui.widgets import Menu, MenuItem, draw_menu_screen


def zone_hint(zone: int) -> str:
    """What a clear-zone setting does in play (smaller is harder)."""
    return f"{zone_rule(ArcadeSettings(zone_size=zone))}. Smaller is harder."


class SettingsScene(Scene):
    """Left/Right changes a value; every change is saved at once."""

    name = "settings"

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.menu = Menu(
            [
                MenuItem(
                    lambda: f"Clear zone: up to {services.prefs.zone_size}",
                    None,
                    self._zone,
                    hint=zone_hint(services.prefs.zone_size),
                ),
                MenuItem(
                    lambda: f"Sound: {'on' if services.prefs.sound else 'off'}",
                    None,
                    self._sound,
                    hint="Ctrl+M mutes at any time"
                    + ("" if services.sound.available else " (no audio device found)"),
                ),
                MenuItem(
                    lambda: f"Text size: {services.prefs.text_size}",
                    None,
                    self._text,
                    hint="Text also grows with the window",
                ),
                MenuItem(lambda: "Back", self.to_title, hint="Return to the title screen"),
            ]
        )

    def _zone(self, step: int) -> None:
        zone = min(6, max(1, self.services.prefs.zone_size + step))
        self.services.set_prefs(replace(self.services.prefs, zone_size=zone))
        self.menu.items[0].hint = zone_hint(zone)

    def _sound(self, step: int) -> None:
        self.services.toggle_sound()

    def _text(self, step: int) -> None:
        sizes = list(TEXT_SIZES)
        index = (sizes.index(self.services.prefs.text_size) + step) % len(sizes)
        self.services.set_prefs(replace(self.services.prefs, text_size=sizes[index]))

    def handle(self, event: pygame.event.Event) -> None:
        """Menu keys; Esc goes back."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.to_title()
        else:
            self.menu.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        """Title, the settings menu and the hint of the selected line."""
        keys = "\u2191\u2193 choose \u00b7 \u2190\u2192 change \u00b7 Esc back"
        draw_menu_screen(surface, self.services.fonts, "SETTINGS", self.menu, keys)
