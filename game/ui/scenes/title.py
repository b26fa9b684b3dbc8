"""The title screen: play, mode, word pack, settings, high scores, quit."""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.classroom.daily import daily_challenge, today_utc
from game.modes import MODES
from game.ui import navigation, theme
from game.ui.pacing import IDLE_POLL_SECONDS
from game.ui.scene import Scene
from game.ui.services import Services
from game.ui.session import ChallengeSession
from game.ui.widgets import Menu, MenuItem
from game.words import bundled_packs


class TitleScene(Scene):
    """Keyboard-driven main menu (the mouse works too)."""

    name = "title"

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.packs = bundled_packs()
        if services.prefs.pack not in self.packs:
            self.packs.append(services.prefs.pack)  # a custom pack file given with --pack
        self.menu = Menu([
            MenuItem(lambda: "Play", self.play, hint="Start a game"),
            MenuItem(self._mode_label, None, self._mode,
                     hint="Left/Right: Arcade or Blocks, played by you or watch the AI play"),
            MenuItem(self._pack_label, None, self._change_pack, hint="Left/Right: word pack"),
            MenuItem(lambda: "Settings", self.settings, hint="Zone size, sound, text size"),
            MenuItem(lambda: "High scores", self.high_scores, hint="This computer's best games"),
            MenuItem(lambda: "Lab: how the AI picks clues", self.lab,
                     hint="Temperature sampling, live: the lesson behind the AI player"),
            MenuItem(lambda: "Daily challenge", self.daily, hint="Today's round, the same "
                     "for everyone everywhere (UTC date); your first try counts"),
            MenuItem(lambda: "Join challenge", self.join, hint="Type a class code: same words "
                     "for everyone; hot-seat turns too"),
            MenuItem(lambda: "Host a class round", self.host,
                     hint="Students join from a browser on this network"),
            MenuItem(lambda: "Quit", self.quit, hint="Close Wordstack"),
        ])  # fmt: skip

    def enter(self) -> None:
        """Come back to the line the player left from (Lab, Settings...)."""
        self.menu.selected = min(self.services.title_selection, len(self.menu.items) - 1)

    def leave(self) -> None:
        """Remember the selected line."""
        self.services.title_selection = self.menu.selected

    def _pack_label(self) -> str:
        pack = self.services.pack
        return f"Words: {pack.title} ({len(pack)})"

    def _mode_label(self) -> str:
        title = self.services.mode.title
        if self.services.ai_playing:
            return f"Mode: AI plays {title} (T = {self.services.options.temperature:g})"
        return f"Mode: {title}"

    def _mode(self, step: int) -> None:
        # Every mode played by a person, then every mode played by the AI.
        choices = [(mode, ai) for ai in (False, True) for mode in MODES.values()]
        index = choices.index((self.services.mode, self.services.ai_playing))
        self.services.mode, self.services.ai_playing = choices[(index + step) % len(choices)]

    def lab(self) -> None:
        """Open the Lab screen."""
        self.go(navigation.Lab())

    def host(self) -> None:
        """Set up a class round hosted on the local network."""
        self.go(navigation.HostSetup())

    def _change_pack(self, step: int) -> None:
        pack = self.services.prefs.pack
        index = self.packs.index(pack) if pack in self.packs else 0
        name = self.packs[(index + step) % len(self.packs)]
        self.services.set_prefs(replace(self.services.prefs, pack=name))

    def play(self) -> None:
        """Start a game (via the loading screen if the model is not ready)."""
        self.go(navigation.Loading())

    def daily(self) -> None:
        """Play today's daily challenge."""
        day = today_utc()
        session = ChallengeSession(daily_challenge(day), daily=day)
        self.go(self.services.start_challenge(session))

    def join(self) -> None:
        """Open the Join challenge screen."""
        self.go(navigation.Join())

    def settings(self) -> None:
        """Open the settings screen."""
        self.go(navigation.Settings())

    def high_scores(self) -> None:
        """Open the high-score table."""
        self.go(navigation.HighScores())

    def quit(self) -> None:
        """Close the window."""
        self.go(navigation.Quit())

    def handle(self, event: pygame.event.Event) -> None:
        """Menu keys; Esc quits."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.quit()
            return
        self.menu.handle(event)

    def next_change(self) -> float | None:
        """Nothing moves; the model's loading status is redrawn while it changes."""
        worker = self.services.worker
        return None if worker.ready or worker.error else IDLE_POLL_SECONDS

    def draw(self, surface: pygame.Surface) -> None:
        """Title, menu, hint of the selected item, model status and notices."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        theme.draw_heading(surface, "WORDSTACK", fonts, h * 0.11, 64)
        theme.draw_text(
            surface,
            "Type a clue. The closest word clears.",
            fonts.get(22),
            theme.MUTED,
            (w // 2, h * 0.19),
            "center",
        )
        # Notices (a file that was damaged or missing) sit at the bottom, full width; the
        # menu and its hints make room for them.
        small = fonts.get(15)
        notices = self.services.notices
        lines = [line for notice in notices for line in theme.wrap_lines(notice, small, w - 32)]
        bottom = h - 10 - len(lines) * small.get_height()
        for i, line in enumerate(lines):
            theme.draw_text(
                surface,
                line,
                small,
                theme.REFUSED,
                (16, bottom + 4 + i * small.get_height()),
                "topleft",
            )
        keys_y = bottom - small.get_height()
        hint_y = keys_y - fonts.get(18).get_height() - 10
        menu_bottom = hint_y - fonts.get(18).get_height()
        self.menu.draw(
            surface,
            pygame.Rect(w // 2 - w // 5, h * 0.25, w * 2 // 5, menu_bottom - h * 0.25),
            fonts,
        )
        hint = self.menu.items[self.menu.selected].hint
        theme.draw_text(surface, hint, fonts.get(18), theme.TEXT, (w // 2, hint_y), "center")
        keys = (
            "\u2191\u2193 choose \u00b7 \u2190\u2192 change \u00b7 Enter select \u00b7 "
            "F11 full screen \u00b7 Ctrl+M sound \u00b7 Esc quit"
        )
        theme.draw_text(surface, keys, small, theme.MUTED, (w // 2, keys_y), "center", w - 40)
        worker = self.services.worker
        if worker.error:
            status, colour = "Model failed to load: see the loading screen", theme.DANGER
        elif worker.ready:
            status, colour = "Model ready", theme.CLEARED
        else:
            status, colour = f"Loading model\u2026 {round(worker.progress * 100)}%", theme.MUTED
        theme.draw_text(surface, status, small, colour, (w - 16, 10), "topright")
