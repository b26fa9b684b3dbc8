"""Playing a challenge: the Arcade screen with a countdown.

A challenge round is the ordinary play screen started from the challenge's first
state, with a visible countdown; the rules end the round when the time is up. A pause
cannot buy thinking time: the menu hides the stack and the clock runs on. Ending the
attempt (restart or quit) after a clue saves it, its clock run out with no more clues,
as if the player had walked away. F2 flags the last clue's ranking ("that's not what I
meant"): it costs nothing and goes into the result file for the lesson's table.
"""

from __future__ import annotations

import pygame

from game.rules import TICKS_PER_SECOND, ArcadeState, Tick, tick
from game.ui import theme
from game.ui.navigation import ChallengeOver, Destination
from game.ui.pacing import seconds_until_multiple, soonest
from game.ui.scenes.attempt import ChallengeAttempt
from game.ui.scenes.play import PlayScene
from game.ui.services import Services
from game.ui.session import ChallengeSession
from game.ui.text import ordinals

WARNING_SECONDS = 30  # the countdown turns red for the last half minute


def countdown_text(state: ArcadeState) -> str:
    """Time left in the round as m:ss (rounded up, so 0:00 means over)."""
    limit = state.time_limit or 0
    seconds = -(-max(0, limit - state.tick) // TICKS_PER_SECOND)
    return f"{seconds // 60}:{seconds % 60:02d}"


class ChallengePlayScene(ChallengeAttempt, PlayScene):
    """The play screen for one turn of a challenge."""

    def __init__(self, services: Services, session: ChallengeSession) -> None:
        super().__init__(services, session.challenge.spec.seed)
        self.session = session
        self.settings = session.challenge.settings
        self.state = session.challenge.new_game()
        self.slots = {word.uid: float(index) for index, word in enumerate(self.state.stack)}
        player = session.hotseat.current if session.hotseat else session.challenge.player
        minutes = session.challenge.spec.minutes
        self.feedback.text = (
            f"{player + ': ' if player else ''}challenge {session.challenge.code}, "
            f"{minutes} minute{'s' if minutes != 1 else ''}. Type a clue for the diamond word."
        )

    clock_runs_in_pause = True
    ended_note = "the clock runs out with no more clues"
    flags_clues = True

    def flag_text(self, clue: str) -> str:
        """What was flagged: the clue and where the model ranked the target."""
        last = self.state.last_clue
        ranks = tuple(r.rank for r in last.ranking if r.is_target) if last else ()
        where = f" (the model ranked the target {ordinals(ranks)})" if ranks else ""
        return f"\u2691 Flagged \u201c{clue}\u201d{where} for your teacher. It cost nothing."

    def set_rules_paused(self, paused: bool) -> None:
        """A challenge's clock never stops."""

    @property
    def played(self) -> bool:
        """True once the attempt has a clue or a hint in it (then ending it saves it)."""
        return any(not isinstance(a, Tick) for a in self.actions)

    def pause_footer(self) -> str:
        """The clock runs on behind the menu."""
        return f"The clock runs on: {countdown_text(self.state)} left \u00b7 Esc resumes"

    def ended_over(self, restart: bool) -> Destination:
        """The rest of the attempt's time runs out with no more clues, then the end screen."""
        state = self.state
        while not state.game_over:
            left = max(1, (state.time_limit or state.tick + 1) - state.tick)
            state, _ = tick(state, left)
            self.actions.append(Tick(left))
        self.state = state
        return ChallengeOver(
            self.session, state, tuple(self.actions), ended_early=True, restart=restart
        )

    def finished(self) -> Destination:
        """The end of the turn: the result is saved there."""
        return ChallengeOver(self.session, self.state, tuple(self.actions))

    def next_change(self) -> float | None:
        """The play screen's next change, or the countdown's next second."""
        base = super().next_change()
        if self.paused or self.state.game_over:
            return base
        # The countdown shows whole seconds left: it changes when that many ticks remain.
        ticks = self.state.tick + self.tick_debt - (self.state.time_limit or 0)
        return soonest(base, seconds_until_multiple(ticks, TICKS_PER_SECOND) / TICKS_PER_SECOND)

    def draw(self, surface: pygame.Surface) -> None:
        """The play screen, plus the countdown at the top right of the panel."""
        super().draw(surface)
        if self.paused:
            return  # the menu's footer says the time left
        layout = self.layout()
        fonts = self.services.fonts
        label = fonts.get(15, bold=True)
        y = layout.panel.top + 14 + label.get_height() + 2
        left = max(0, (self.state.time_limit or 0) - self.state.tick) / TICKS_PER_SECOND
        colour = theme.DANGER if left <= WARNING_SECONDS else theme.ACCENT
        theme.draw_text(
            surface,
            f"\u25f7 {countdown_text(self.state)}",
            fonts.get(40, bold=True),
            colour,
            (layout.panel.right - 18, y),
            "topright",
        )
