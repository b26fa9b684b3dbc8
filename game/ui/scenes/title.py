"""The title screen: play, mode, word pack, settings, high scores, quit."""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.modes import MODES
from game.ui import theme
from game.ui.scene import Scene
from game.ui.widgets import Menu, MenuItem
from game.words import bundled_packs


class TitleScene(Scene):
    """Keyboard-driven main menu (the mouse works too)."""

    name = "title"

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.packs = bundled_packs()
        if app.prefs.pack not in self.packs:
            self.packs.append(app.prefs.pack)  # a custom pack file given with --pack
        self.menu = Menu([
            MenuItem(lambda: "Play", self.play, hint="Start a game"),
            MenuItem(self._mode_label, None, self._mode,
                     hint="Left/Right: Arcade or Blocks, played by you or watch the AI play"),
            MenuItem(self._pack_label, None, self._change_pack, hint="Left/Right: word pack"),
            MenuItem(lambda: "Settings", self.settings, hint="Zone size, sound, text size"),
            MenuItem(lambda: "High scores", self.high_scores, hint="This computer's best games"),
            MenuItem(lambda: "Lab: how the AI picks clues", self.lab,
                     hint="Temperature sampling, live: the lesson behind the AI player"),
            MenuItem(lambda: "Join challenge", self.join, hint="Type a class code: same words "
                     "for everyone; hot-seat turns too"),
            MenuItem(lambda: "Host a class round", self.host,
                     hint="Students join from a browser on this network"),
            MenuItem(lambda: "Quit", app.quit, hint="Close Wordstack"),
        ])  # fmt: skip

    def enter(self) -> None:
        """Come back to the line the player left from (Lab, Settings...)."""
        self.menu.selected = min(self.app.title_selection, len(self.menu.items) - 1)

    def leave(self) -> None:
        """Remember the selected line."""
        self.app.title_selection = self.menu.selected

    def _pack_label(self) -> str:
        pack = self.app.pack
        return f"Words: {pack.title} ({len(pack)})"

    def _mode_label(self) -> str:
        title = self.app.mode.title
        if self.app.ai_playing:
            return f"Mode: AI plays {title} (T = {self.app.options.temperature:g})"
        return f"Mode: {title}"

    def _mode(self, step: int) -> None:
        # Every mode played by a person, then every mode played by the AI.
        choices = [(mode, ai) for ai in (False, True) for mode in MODES.values()]
        index = choices.index((self.app.mode, self.app.ai_playing))
        self.app.mode, self.app.ai_playing = choices[(index + step) % len(choices)]

    def lab(self) -> None:
        """Open the Lab screen."""
        from game.ui.scenes.lab import LabScene

        self.app.switch(LabScene(self.app))

    def host(self) -> None:
        """Open the projector of a class round hosted on the local network."""
        from game.ui.scenes.host_projector import HostScene

        self.app.switch(HostScene(self.app, self.app.prefs.pack))

    def _change_pack(self, step: int) -> None:
        index = self.packs.index(self.app.prefs.pack) if self.app.prefs.pack in self.packs else 0
        name = self.packs[(index + step) % len(self.packs)]
        self.app.set_prefs(replace(self.app.prefs, pack=name))

    def play(self) -> None:
        """Start a game (via the loading screen if the model is not ready)."""
        from game.ui.scenes.loading import LoadingScene

        self.app.switch(LoadingScene(self.app, seed=None))

    def join(self) -> None:
        """Open the Join challenge screen."""
        from game.ui.scenes.join import JoinChallengeScene

        self.app.switch(JoinChallengeScene(self.app))

    def settings(self) -> None:
        """Open the settings screen."""
        from game.ui.scenes.settings import SettingsScene

        self.app.switch(SettingsScene(self.app))

    def high_scores(self) -> None:
        """Open the high-score table."""
        from game.ui.scenes.highscores import HighScoresScene

        self.app.switch(HighScoresScene(self.app))

    def handle(self, event: pygame.event.Event) -> None:
        """Menu keys; Esc quits."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.quit()
            return
        self.menu.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        """Title, menu, hint of the selected item, model status and notices."""
        surface.fill(theme.BACKGROUND)
        fonts = self.app.fonts
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
        lines = [
            line for notice in self.app.notices for line in theme.wrap_lines(notice, small, w - 32)
        ]
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
        worker = self.app.worker
        if worker.error:
            status, colour = "Model failed to load: see the loading screen", theme.DANGER
        elif worker.ready:
            status, colour = "Model ready", theme.CLEARED
        else:
            status, colour = f"Loading model\u2026 {round(worker.progress * 100)}%", theme.MUTED
        theme.draw_text(surface, status, small, colour, (w - 16, 10), "topright")
