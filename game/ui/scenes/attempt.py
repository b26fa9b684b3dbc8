"""What the challenge screens of both modes share: ending an attempt saves it once played."""

from __future__ import annotations

from typing import Any

from game.ui.navigation import ChallengeTurn, Destination


class ChallengeAttempt:
    """Mixed into a mode's challenge screen (before its play screen): Esc's menu can end
    the attempt, which is saved as it stands once a clue or hint was played."""

    ended_note = ""  # what ending leaves out, e.g. "no more turns"
    # Given by the play screen this is mixed into.
    session: Any
    state: Any
    confirming: str | None

    # `played`, `go` and `to_title` come from the mode's screen and its play screen:
    # defined here, they would hide the play screen's own (this class comes first).
    played: bool

    def ended_over(self, restart: bool) -> Destination:
        """The end screen of an attempt ended on purpose (the mode's own)."""
        raise NotImplementedError

    def end_warning(self) -> str:
        """Ending an attempt saves it; the first attempt at a code is the result."""
        if not self.played:
            return "No clue played yet: nothing is saved."
        return (
            f"This attempt ends and is saved with its {self.state.score:,} points "
            f"({self.ended_note}). Your first attempt is your result."
        )

    def end_on_purpose(self) -> None:
        """End the attempt: saved once played, then go on."""
        what, self.confirming = self.confirming, None
        if not self.played:  # nothing happened yet: nothing to save
            if what == "restart":
                self.go(ChallengeTurn(self.session))
            else:
                self.to_title()
            return
        self.go(self.ended_over(restart=what == "restart"))
