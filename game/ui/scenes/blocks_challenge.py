"""Playing a Blocks challenge: the Blocks screen from the challenge's first grid, with a
turn counter ("Turn 7/30"); the rules end the round after its last turn.

As in an Arcade challenge: the pause menu hides the grid and buys nothing, Why? waits
for the end of the round, F2 flags the last clue's ranking, and ending the attempt
(restart or quit) after a clue saves it as it stands. The replay keeps each action with
the play clock's tick (for the order and the teacher's information: turns are not timed).
"""

from __future__ import annotations

import pygame

from game.rules import TICKS_PER_SECOND, BlocksState
from game.ui import theme
from game.ui.navigation import ChallengeOver, Destination
from game.ui.scenes.attempt import ChallengeAttempt
from game.ui.scenes.blocks_play import BlocksPlayScene
from game.ui.services import Services
from game.ui.session import ChallengeSession

LAST_TURNS = 3  # the turn counter turns red for the last turns


def turn_text(state: BlocksState) -> str:
    """The turn being played out of the limit: "Turn 7/30" (the last one once over)."""
    limit = state.settings.turn_limit
    return f"Turn {min(state.turn + 1, limit)}/{limit}"


class BlocksChallengeScene(ChallengeAttempt, BlocksPlayScene):
    """The Blocks play screen for one turn of a challenge."""

    clock_runs_in_pause = True
    ended_note = "no more turns"
    flags_clues = True

    def __init__(self, services: Services, session: ChallengeSession) -> None:
        state = session.challenge.new_game()
        assert isinstance(state, BlocksState)
        super().__init__(services, session.challenge.spec.seed, state)
        self.session = session
        player = session.hotseat.current if session.hotseat else session.challenge.player
        self.feedback.text = (
            f"{player + ': ' if player else ''}challenge {session.challenge.code}, "
            f"{session.challenge.length}. Type a clue: the closest word block clears."
        )

    @property
    def played(self) -> bool:
        """True once the attempt has a clue or a hint in it (then ending it saves it)."""
        return bool(self.actions)

    def panel_label(self) -> str:
        """The stage beside the score; the turn counter is drawn large below."""
        return f"STAGE {self.state.stage}"

    def pause_footer(self) -> str:
        """Nothing moves while paused, and the grid stays hidden."""
        return f"{turn_text(self.state)} \u00b7 Esc resumes"

    def ended_over(self, restart: bool) -> Destination:
        """The end screen of an attempt ended before its last turn."""
        return self._over(ended_early=True, restart=restart)

    def finished(self) -> Destination:
        """The end of the turn: the result is saved there."""
        return self._over()

    def _over(self, ended_early: bool = False, restart: bool = False) -> ChallengeOver:
        return ChallengeOver(
            self.session,
            self.state,
            tuple(self.actions),
            ended_early=ended_early,
            restart=restart,
            ticks=tuple(self.action_ticks),
            end_tick=round(self.clock * TICKS_PER_SECOND),
        )

    def draw(self, surface: pygame.Surface) -> None:
        """The Blocks screen, plus the turn counter at the top right of the panel."""
        super().draw(surface)
        if self.paused:
            return  # the menu's footer says the turn
        layout = self.layout()
        fonts = self.services.fonts
        label = fonts.get(15, bold=True)
        y = layout.panel.top + 14 + label.get_height() + 2
        left = self.state.turns_left or 0
        colour = theme.DANGER if left <= LAST_TURNS else theme.ACCENT
        font = fonts.get(32 if layout.panel.width >= 300 else 22, bold=True)
        theme.draw_text(
            surface,
            turn_text(self.state),
            font,
            colour,
            (layout.panel.right - 18, y + 4),
            "topright",
        )
