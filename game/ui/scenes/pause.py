"""The pause flow both play screens share: Resume / Restart / Quit, asking before ending."""

from __future__ import annotations

from game.ui.widgets import Menu, MenuItem


class PauseFlow:
    """Mixin for a play scene: its pause menu and the "are you sure?" menu behind it.

    The scene provides `resume()`, `end_on_purpose()`, `state` (with `stats.clues_used`
    and `score`), `ai` and `app`.
    """

    def init_pause_menus(self) -> None:
        """Build the pause menu and the confirm menu (call from the scene's __init__)."""
        self.pause_menu = Menu(
            [
                MenuItem(lambda: "Resume", self.resume),
                MenuItem(lambda: "Restart", lambda: self.ask("restart")),
                MenuItem(lambda: "Quit to title", lambda: self.ask("quit")),
            ]
        )
        # Restart and Quit end the game: a second menu asks first (None: not asking).
        self.confirming: str | None = None
        self.confirm_menu = Menu(
            [
                MenuItem(lambda: "No, keep playing", self.cancel_end),
                MenuItem(self._confirm_label, self.end_on_purpose),
            ]
        )

    def ask(self, what: str) -> None:
        """Ask before ending the game ("restart" or "quit")."""
        self.confirming = what
        self.confirm_menu.selected = 0

    def cancel_end(self) -> None:
        """Back to the pause menu."""
        self.confirming = None

    def _confirm_label(self) -> str:
        return "Yes, restart" if self.confirming == "restart" else "Yes, quit to title"

    def _report_score(self) -> None:
        # "Final score" on exit is the player's own last game: not a game left before its
        # first clue, and not an AI game unless the AI was asked for (--ai).
        if self.state.stats.clues_used == 0 and self.app.final_score is not None:
            return
        if self.ai is None or self.app.options.ai:
            self.app.final_score = self.state.score
