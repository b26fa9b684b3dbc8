"""Game over: the figures of the game and name entry for the high-score table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pygame

from game.modes import ARCADE, GameMode
from game.rules import ArcadeState
from game.scores import MAX_NAME_CHARS, SavedScore, ScoreEntry, clean_name
from game.ui import theme
from game.ui.scene import Scene
from game.ui.scenes.play import ordinal
from game.ui.widgets import TextInput


class GameOverScene(Scene):
    """Shows score, clues used, best clue and average target rank; saves a named score."""

    name = "gameover"

    def __init__(  # type: ignore[no-untyped-def]
        self,
        app,
        state: ArcadeState,
        seed: int,
        mode: GameMode = ARCADE,
        rows: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        """`rows` (label, value) replace Arcade's figures for other modes."""
        super().__init__(app)
        self.mode = mode
        self.rows = rows
        self.state = state
        self.seed = seed
        self.name_entry = TextInput(MAX_NAME_CHARS, "Your name")
        self.name_entry.set_text(app.prefs.player_name)
        self.saved: SavedScore | None = None
        self.named = False
        self.error: str | None = None

    @property
    def place(self) -> int | None:
        """The game's place in the high-score table, once saved."""
        return self.saved.place if self.saved else None

    def enter(self) -> None:
        """Save the score at once, so closing the window now loses nothing."""
        ai = self.app.ai_playing
        name = f"AI (T = {self.app.options.temperature:g})" if ai else self.name_entry.text
        stats = self.state.stats
        try:
            self.saved = self.app.scores.add(
                ScoreEntry(
                    name=clean_name(name),
                    score=self.state.score,
                    mode=self.mode.table(ai),
                    pack=self.app.prefs.pack,
                    seed=self.seed,
                    clues=stats.clues_used,
                    best_clue=stats.best_clue,
                    average_rank=getattr(stats, "average_target_rank", None),
                )
            )
        except Exception as exc:  # a full disk or locked file must not lose the screen
            self.error = f"Could not save the score: {exc}"
        self.named = ai or self.saved is None

    def save_name(self) -> None:
        """Put the typed name on the saved score and remember it for next time."""
        name = clean_name(self.name_entry.text)
        try:
            if self.saved is not None:
                self.app.scores.rename(self.saved.row_id, name)
        except Exception as exc:
            self.error = f"Could not save the name: {exc}"
            return
        self.named = True
        self.app.set_prefs(replace(self.app.prefs, player_name=name))

    def handle(self, event: pygame.event.Event) -> None:
        """Type a name and Enter to save; then Enter/Esc for the high scores or title."""
        if not self.named:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.app.to_title()
            elif self.name_entry.handle(event):
                self.save_name()
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            from game.ui.scenes.highscores import HighScoresScene

            self.app.switch(HighScoresScene(self.app, self.mode.table(self.app.ai_playing)))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.to_title()

    def update(self, dt: float) -> None:
        """Blink the cursor."""
        self.name_entry.update(dt)

    def _arcade_rows(self) -> list[tuple[str, str]]:
        stats = self.state.stats
        average = stats.average_target_rank
        best = (
            f"\u201c{stats.best_clue}\u201d (target ranked {ordinal(stats.best_clue_rank)})"
            if stats.best_clue and stats.best_clue_rank
            else "none yet"
        )
        return [
            ("Stage reached", str(self.state.stage)),
            ("Clues used", str(stats.clues_used)),
            ("Targets cleared", str(stats.targets_cleared)),
            ("Best clue", best),
            ("Average target rank", f"{average:.1f}" if average is not None else "\u2013"),
            ("Longest streak", str(stats.longest_streak)),
        ]

    def draw(self, surface: pygame.Surface) -> None:
        """The figures, then the name box or the place reached."""
        surface.fill(theme.BACKGROUND)
        fonts = self.app.fonts
        w, h = surface.get_size()
        theme.draw_heading(surface, "GAME OVER", fonts, h * 0.12, 56, theme.DANGER)
        theme.draw_text(
            surface,
            f"{self.state.score:,} points",
            fonts.get(40, bold=True),
            theme.TEXT,
            (w // 2, h * 0.24),
            "center",
        )
        rows = list(self.rows or ()) or self._arcade_rows()
        font = fonts.get(22)
        y = h * 0.33
        for label, value in rows:
            theme.draw_text(surface, label, font, theme.MUTED, (w // 2 - 20, y), "topright")
            theme.draw_text(
                surface, value, font, theme.TEXT, (w // 2 + 20, y), "topleft", w // 2 - 60
            )
            y += font.get_height() + 8
        y += 20
        place = f"{ordinal(self.place)} place on this computer" if self.place else ""
        if not self.named:
            prompt = f"Saved: {place}. Type your name for the table:"
            theme.draw_text(surface, prompt, fonts.get(20), theme.TEXT, (w // 2, y), "midtop")
            box = pygame.Rect(0, 0, w // 3, round(h * 0.07))
            box.midtop = (w // 2, round(y + fonts.get(20).get_height() + 10))
            self.name_entry.draw(surface, box, fonts.get(24))
            hint = "Enter keeps the name \u00b7 Esc: title screen (the score stays saved)"
            theme.draw_text(
                surface, hint, fonts.get(15), theme.MUTED, (w // 2, box.bottom + 14), "midtop"
            )
        else:
            if place:
                theme.draw_text(
                    surface,
                    f"Saved: {place}",
                    fonts.get(24, bold=True),
                    theme.CLEARED,
                    (w // 2, y),
                    "midtop",
                )
            theme.draw_text(
                surface,
                "Enter: high scores \u00b7 Esc: title screen",
                fonts.get(16),
                theme.MUTED,
                (w // 2, y + 50),
                "midtop",
            )
        if self.error:
            theme.draw_text(
                surface,
                self.error,
                fonts.get(16),
                theme.REFUSED,
                (w // 2, h - 30),
                "center",
                w - 40,
            )
