"""Game over: the figures of the game and name entry for the high-score table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pygame

from game.modes import ARCADE, GameMode
from game.rules import ArcadeState, BlocksState
from game.scores import MAX_NAME_CHARS, SavedScore, clean_name
from game.ui import theme
from game.ui.navigation import HighScores, Play
from game.ui.scene import Scene
from game.ui.scores import save_game_score
from game.ui.services import Services
from game.ui.text import ordinal
from game.ui.widgets import Menu, MenuItem, TextInput


class GameOverScene(Scene):
    """Shows score, clues used, best clue and average target rank; saves a named score."""

    name = "gameover"

    def __init__(
        self,
        services: Services,
        state: ArcadeState | BlocksState,
        seed: int,
        ended_on_purpose: bool = False,
        mode: GameMode = ARCADE,
        rows: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        """`rows` (label, value) replace Arcade's figures for other modes."""
        super().__init__(services)
        self.mode = mode
        self.rows = rows
        self.state = state
        self.seed = seed
        self.ended_on_purpose = ended_on_purpose
        self.name_entry = TextInput(MAX_NAME_CHARS, "Your name")
        self.name_entry.set_text(services.prefs.player_name)
        self.name_entry.select_all()  # typing replaces the last name
        self.saved: SavedScore | None = None
        self.named = False
        self.error: str | None = None
        self.menu = Menu(
            [
                MenuItem(lambda: "Play again", self.play_again),
                MenuItem(lambda: "High scores", self.high_scores),
                MenuItem(lambda: "Title screen", self.to_title),
            ]
        )

    @property
    def place(self) -> int | None:
        """The game's place in the high-score table, once saved."""
        return self.saved.place if self.saved else None

    @property
    def counts(self) -> bool:
        """False for a game without a single clue: it is not a high score."""
        return self.state.stats.clues_used > 0

    def enter(self) -> None:
        """Save the score at once, so closing the window now loses nothing."""
        try:
            self.saved = save_game_score(
                self.services, self.state, self.seed, self.name_entry.text, self.mode
            )
        except Exception as exc:  # a full disk or locked file must not lose the screen
            self.error = f"Could not save the score: {exc}"
        self.named = self.services.ai_playing or self.saved is None

    def play_again(self) -> None:
        """A new game at once (the same seed if --seed was given)."""
        self.go(Play(self.services.new_seed()))

    def high_scores(self) -> None:
        """The high-score table."""
        self.go(HighScores(self.mode.table(self.services.ai_playing)))

    def save_name(self) -> None:
        """Put the typed name on the saved score and remember it for next time."""
        name = clean_name(self.name_entry.text)
        try:
            if self.saved is not None:
                self.services.scores.rename(self.saved.row_id, name)
        except Exception as exc:
            self.error = f"Could not save the name: {exc}"
            return
        self.named = True
        self.services.set_prefs(replace(self.services.prefs, player_name=name))

    def handle(self, event: pygame.event.Event) -> None:
        """Type a name and Enter to save; then the menu: play again, high scores, title."""
        if not self.named:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.to_title()
            elif self.name_entry.handle(event):
                self.save_name()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.to_title()
        else:
            self.menu.handle(event)

    def update(self, dt: float) -> None:
        """Blink the cursor."""
        self.name_entry.update(dt)

    def _arcade_rows(self) -> list[tuple[str, str]]:
        assert isinstance(self.state, ArcadeState), "other modes give their own rows"
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
        fonts = self.services.fonts
        w, h = surface.get_size()
        heading = "GAME ENDED" if self.ended_on_purpose else "GAME OVER"
        theme.draw_heading(surface, heading, fonts, h * 0.1, 56, theme.DANGER)
        theme.draw_text(
            surface,
            f"{self.state.score:,} points",
            fonts.get(40, bold=True),
            theme.TEXT,
            (w // 2, h * 0.2),
            "center",
        )
        rows = list(self.rows or ()) or self._arcade_rows()
        font = fonts.get(22)
        y = h * 0.27
        for label, value in rows:
            theme.draw_text(surface, label, font, theme.MUTED, (w // 2 - 20, y), "topright")
            theme.draw_text(
                surface, value, font, theme.TEXT, (w // 2 + 20, y), "topleft", w // 2 - 60
            )
            y += font.get_height() + 6
        y += 14
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
                status, colour = f"Saved: {place}", theme.CLEARED
            elif not self.counts:
                status, colour = "No clue was played: not a high score.", theme.MUTED
            else:
                status, colour = "", theme.MUTED
            if status:
                theme.draw_text(
                    surface, status, fonts.get(22, bold=True), colour, (w // 2, y), "midtop"
                )
            y += fonts.get(22).get_height() + 8
            self.menu.draw(surface, pygame.Rect(w // 3, round(y), w // 3, round(h - 40 - y)), fonts)
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
