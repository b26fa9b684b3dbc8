"""Join a challenge from the title screen: type the code, and players for a hot-seat round."""

from __future__ import annotations

import pygame

from game.classroom import open_challenge, parse_players
from game.classroom.hotseat import HotSeat
from game.errors import WordstackError
from game.ui import theme
from game.ui.scene import Scene
from game.ui.services import Services
from game.ui.session import ChallengeSession
from game.ui.widgets import TextInput

MAX_PLAYERS_CHARS = 120


class JoinChallengeScene(Scene):
    """Two lines: the challenge code, then (optional) hot-seat players separated by commas."""

    name = "join"

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.code = TextInput(48, "WS-XXXX-XXXX-XXXX (or your personal code)")
        self.players = TextInput(MAX_PLAYERS_CHARS, "optional: Ana, Ben, Chen")
        self.focus = 0
        self.error = ""

    @property
    def fields(self) -> tuple[TextInput, TextInput]:
        """The code line and the players line."""
        return (self.code, self.players)

    def handle(self, event: pygame.event.Event) -> None:
        """Tab/Up/Down move between lines, Enter starts, Esc goes back."""
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.to_title()
                return
            if event.key in (pygame.K_TAB, pygame.K_UP, pygame.K_DOWN):
                self.focus = 1 - self.focus
                return
        line = self.fields[self.focus]
        before = line.text
        if line.handle(event):
            self.join()
        elif line.text != before:
            self.error = ""  # the player is fixing it

    def join(self) -> None:
        """Check the code and start the challenge, or say what is wrong."""
        if not self.code.text.strip():
            self.error, self.focus = "Type the challenge code your teacher gave you.", 0
            return
        try:
            challenge = open_challenge(self.code.text)
        except WordstackError as exc:
            self.error, self.focus = str(exc), 0
            return
        names = parse_players(self.players.text)
        if names and challenge.player is not None:
            self.error, self.focus = "A personal code is for one player: no hot-seat names.", 1
            return
        hotseat = HotSeat(names) if names else None
        self.go(self.services.start_challenge(ChallengeSession(challenge, hotseat)))

    def update(self, dt: float) -> None:
        """Blink the cursor of the focused line."""
        self.fields[self.focus].update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        """Title, the two lines with labels, the error and the keys."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        theme.draw_heading(surface, "JOIN A CHALLENGE", fonts, h * 0.12, 48)
        theme.draw_text(
            surface,
            "Everyone who types the same code plays the same words.",
            fonts.get(20),
            theme.MUTED,
            (w // 2, h * 0.21),
            "center",
            w - 40,
        )
        labels = ("Challenge code", "Players taking turns on this computer (hot-seat)")
        box_w = max(w // 2, 320)
        y = h * 0.3
        for index, (label, line) in enumerate(zip(labels, self.fields, strict=True)):
            colour = theme.TEXT if index == self.focus else theme.MUTED
            theme.draw_text(
                surface, label, fonts.get(20, bold=True), colour, (w // 2, y), "midtop", w - 40
            )
            box = pygame.Rect(0, 0, box_w, round(h * 0.08))
            box.midtop = (w // 2, round(y + fonts.get(20).get_height() + 8))
            line.draw(surface, box, fonts.get(26 if index == 0 else 20), index == self.focus)
            y = box.bottom + h * 0.06
        if self.error:
            theme.draw_wrapped(
                surface, self.error, fonts.get(18), theme.REFUSED, (w // 2, y), w - 80, "midtop"
            )
        keys = "Enter: start \u00b7 Tab: next line \u00b7 Esc: back"
        theme.draw_text(
            surface, keys, fonts.get(16), theme.MUTED, (w // 2, h - 24), "center", w - 40
        )
