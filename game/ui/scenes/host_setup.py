"""Before hosting a class round: the mode (Arcade or Blocks), the round's length (and a
Blocks round's turns), its word pack and how many may join."""

from __future__ import annotations

import pygame

from game.host.limits import MAX_PLAYERS, PLAYER_CAP_LIMIT
from game.ui import navigation
from game.ui.scene import Scene
from game.ui.services import Services
from game.ui.widgets import Menu, MenuItem, draw_menu_screen
from game.words import bundled_packs

MINUTE_CHOICES = (1, 2, 3, 4, 5, 7, 10, 15)
DEFAULT_MINUTES = 3
CAP_CHOICES = (30, 60, 120, 200, MAX_PLAYERS, 400, 600, 1000, PLAYER_CAP_LIMIT)
MODES = ("arcade", "blocks")
TURN_CHOICES = tuple(range(5, 85, 5))
DEFAULT_TURNS = 30


def _step(choices: tuple[int, ...], value: int, step: int) -> int:
    """The next (or previous) choice, stopping at the ends."""
    index = choices.index(value) if value in choices else 0
    return choices[min(len(choices) - 1, max(0, index + step))]


class HostSetupScene(Scene):
    """Left/Right changes a value; Enter on "Open the room" starts the host."""

    name = "host_setup"

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.packs = bundled_packs()
        self.pack = services.prefs.pack
        if self.pack not in self.packs:
            self.packs.append(self.pack)  # a custom pack file given with --pack
        self.minutes = DEFAULT_MINUTES
        self.cap = MAX_PLAYERS
        self.mode = MODES[0]
        self.turns = DEFAULT_TURNS
        self.menu = Menu([
            MenuItem(lambda: f"Mode: {self.mode.title()}", None, self._mode,
                     hint="Left/Right (or M): Arcade is timed; Blocks is turn-based and calm"),
            MenuItem(self._turns_label, None, self._turns,
                     hint="Left/Right: the turns of a Blocks round (Arcade: none)"),
            MenuItem(lambda: f"Round: {self.minutes} min", None, self._minutes,
                     hint="Left/Right: how long every student plays (Blocks: at most)"),
            MenuItem(lambda: f"Words: {self.pack}", None, self._pack,
                     hint="Left/Right: the word pack of the round"),
            MenuItem(lambda: f"Room for {self.cap} students", None, self._cap,
                     hint="Left/Right: the most who may join (a 2-core laptop holds 300; "
                     "+/- in the lobby changes it too)"),
            MenuItem(lambda: "Open the room", self.open_room,
                     hint="Students join from a browser on this network"),
            MenuItem(lambda: "Back", self.to_title, hint="Return to the title screen"),
        ])  # fmt: skip
        self.menu.selected = 5

    def _turns_label(self) -> str:
        return f"Turns: {self.turns}" if self.mode == "blocks" else "Turns: - (Arcade is timed)"

    def _mode(self, step: int) -> None:
        self.mode = MODES[(MODES.index(self.mode) + step) % len(MODES)]

    def _turns(self, step: int) -> None:
        if self.mode == "blocks":
            self.turns = _step(TURN_CHOICES, self.turns, step)

    def _minutes(self, step: int) -> None:
        self.minutes = _step(MINUTE_CHOICES, self.minutes, step)

    def _pack(self, step: int) -> None:
        index = self.packs.index(self.pack) if self.pack in self.packs else 0
        self.pack = self.packs[(index + step) % len(self.packs)]

    def _cap(self, step: int) -> None:
        self.cap = _step(CAP_CHOICES, self.cap, step)

    def open_room(self) -> None:
        """Start hosting the round as set up."""
        self.go(navigation.HostRound(self.pack, self.minutes, self.cap, self.mode, self.turns))

    def handle(self, event: pygame.event.Event) -> None:
        """Menu keys; Esc goes back."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.to_title()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_m:
            self._mode(1)
        else:
            self.menu.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        """Heading, the set-up menu and the hint of the selected line."""
        keys = (
            "\u2191\u2193 choose \u00b7 \u2190\u2192 change \u00b7 M mode \u00b7 "
            "Enter open \u00b7 Esc back"
        )
        draw_menu_screen(surface, self.services.fonts, "HOST A CLASS ROUND", self.menu, keys)
