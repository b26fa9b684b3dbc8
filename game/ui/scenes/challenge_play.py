"""Playing a challenge: the Arcade screen with a countdown, then saving the result.

A challenge round is the ordinary play screen started from the challenge's first
state, with a visible countdown; the rules end the round when the time is up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.classroom import (
    Challenge,
    RoundResult,
    make_result,
    model_info,
    replay_from_actions,
    write_result,
)
from game.classroom.hotseat import HotSeat
from game.rules import TICKS_PER_SECOND, ArcadeState
from game.scores import AI_MODE, ScoreEntry
from game.ui import theme
from game.ui.scene import Scene
from game.ui.scenes.play import PlayScene

if TYPE_CHECKING:
    from game.ui.app import App

WARNING_SECONDS = 30  # the countdown turns red for the last half minute


@dataclass
class ChallengeSession:
    """A challenge being played on this machine: by one player, the AI, or hot-seat players."""

    challenge: Challenge
    hotseat: HotSeat | None = None
    saved: list[Path] = field(default_factory=list)


def start_challenge(app: App, session: ChallengeSession) -> None:
    """Switch to the challenge's pack and start its first turn."""
    app.switch(first_scene(app, session))


def first_scene(app: App, session: ChallengeSession) -> Scene:
    """The hand-over of the first hot-seat turn, or loading then play for one player."""
    from game.ui.scenes.hotseat import HandOverScene
    from game.ui.scenes.loading import LoadingScene

    app.session = session
    app.pack = session.challenge.pack
    app.worker.prepare_pack(app.pack.words)
    if session.hotseat is not None:
        return HandOverScene(app, session)
    return LoadingScene(app, seed=None, start=lambda: ChallengePlayScene(app, session))


def countdown_text(state: ArcadeState) -> str:
    """Time left in the round as m:ss (rounded up, so 0:00 means over)."""
    limit = state.time_limit or 0
    seconds = -(-max(0, limit - state.tick) // TICKS_PER_SECOND)
    return f"{seconds // 60}:{seconds % 60:02d}"


class ChallengePlayScene(PlayScene):
    """The play screen for one turn of a challenge."""

    def __init__(self, app: App, session: ChallengeSession) -> None:
        super().__init__(app, session.challenge.spec.seed)
        self.session = session
        self.settings = session.challenge.settings
        self.state = session.challenge.new_game()
        self.slots = {word.uid: float(index) for index, word in enumerate(self.state.stack)}
        player = session.hotseat.current if session.hotseat else None
        minutes = session.challenge.spec.minutes
        self.feedback.text = (
            f"{player + ': ' if player else ''}challenge {session.challenge.code}, "
            f"{minutes} minute{'s' if minutes != 1 else ''}. Type a clue for the diamond word."
        )

    def restart(self) -> None:
        """Start this turn again from the challenge's first state."""
        self.app.switch(ChallengePlayScene(self.app, self.session))

    def _finish(self) -> None:
        from game.ui.scenes.challenge_over import ChallengeOverScene

        self.app.final_score = self.state.score
        self.app.switch(ChallengeOverScene(self.app, self.session, self.state, self.actions))

    def draw(self, surface: pygame.Surface) -> None:
        """The play screen, plus the countdown at the top right of the panel."""
        super().draw(surface)
        layout = self.layout()
        fonts = self.app.fonts
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


def save_turn(
    app: App, session: ChallengeSession, state: ArcadeState, actions: list, name: str
) -> tuple[RoundResult, Path]:
    """Write the result file of a finished turn and add it to the local high scores."""
    ai = app.ai_playing
    challenge = session.challenge
    result = make_result(
        challenge,
        name,
        model_info(app.worker.engine),
        replay_from_actions(challenge, actions),
        ai=ai,
        ai_temperature=app.options.temperature if ai else None,
    )
    from game.classroom import results_dir

    path = write_result(result, results_dir())
    session.saved.append(path)
    stats = state.stats
    app.scores.add(
        ScoreEntry(
            name=result.name,
            score=result.score,
            mode=AI_MODE if ai else "arcade",
            pack=challenge.pack.name,
            seed=challenge.spec.seed,
            clues=stats.clues_used,
            best_clue=stats.best_clue,
            average_rank=stats.average_target_rank,
        )
    )
    return result, path


def open_session(app: App, challenge: Challenge, players: tuple[str, ...]) -> Scene:
    """The first scene of a challenge given on the command line (``play --challenge``)."""
    return first_scene(
        app, ChallengeSession(challenge, HotSeat(list(players)) if players else None)
    )
