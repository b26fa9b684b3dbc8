"""The one place that knows which scene each destination opens.

Scene modules are imported when first opened: the host's projector alone (aiohttp) would
add about 0.3 s to every start.
"""

from __future__ import annotations

from game.modes import get_mode
from game.ui import navigation
from game.ui.scene import Scene
from game.ui.services import Services


def open_scene(destination: navigation.Destination, services: Services) -> Scene:
    """A new scene for `destination` (every destination but Quit, which the app handles)."""
    if isinstance(destination, navigation.Title):
        from game.ui.scenes.title import TitleScene

        return TitleScene(services)
    if isinstance(destination, navigation.Loading):
        from game.ui.scenes.loading import LoadingScene

        return LoadingScene(services, destination.seed, destination.then)
    if isinstance(destination, navigation.Play):
        from game.ui.modes import play_scene

        mode = services.mode if destination.mode is None else get_mode(destination.mode)
        return play_scene(services, mode, destination.seed)
    if isinstance(destination, navigation.GameOver):
        from game.ui.scenes.gameover import GameOverScene

        return GameOverScene(
            services,
            destination.state,
            destination.seed,
            mode=destination.mode,
            rows=destination.rows,
        )
    if isinstance(destination, navigation.HighScores):
        from game.ui.scenes.highscores import HighScoresScene

        return HighScoresScene(services, destination.table)
    if isinstance(destination, navigation.Settings):
        from game.ui.scenes.settings import SettingsScene

        return SettingsScene(services)
    if isinstance(destination, navigation.Lab):
        from game.ui.lab import LabScene

        return LabScene(services)
    if isinstance(destination, navigation.Join):
        from game.ui.scenes.join import JoinChallengeScene

        return JoinChallengeScene(services)
    if isinstance(destination, navigation.HostRound):
        from game.ui.scenes.host_projector import HostScene

        return HostScene(
            services,
            destination.pack,
            destination.minutes,
            destination.max_players,
            destination.mode,
            destination.turns,
        )
    if isinstance(destination, navigation.HostSetup):
        from game.ui.scenes.host_setup import HostSetupScene

        return HostSetupScene(services)
    if isinstance(destination, navigation.ChallengeTurn):
        from game.ui.modes import challenge_scene

        return challenge_scene(services, destination.session)
    if isinstance(destination, navigation.ChallengeOver):
        from game.ui.scenes.challenge_over import ChallengeOverScene

        return ChallengeOverScene(
            services,
            destination.session,
            destination.state,
            destination.actions,
            ended_early=destination.ended_early,
            restart=destination.restart,
            ticks=destination.ticks,
            end_tick=destination.end_tick,
        )
    if isinstance(destination, navigation.HandOver):
        from game.ui.scenes.hotseat import HandOverScene

        return HandOverScene(services, destination.session)
    if isinstance(destination, navigation.Scoreboard):
        from game.ui.scenes.hotseat import ScoreboardScene

        return ScoreboardScene(services, destination.session)
    raise ValueError(f"no scene opens {destination!r}")
