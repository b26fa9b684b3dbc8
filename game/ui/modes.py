"""The play screen of each game mode (the modes themselves are named in `game.modes`)."""

from __future__ import annotations

from collections.abc import Callable

from game.modes import ARCADE, BLOCKS, GameMode
from game.ui.scene import Scene
from game.ui.scenes.blocks_play import BlocksPlayScene
from game.ui.scenes.play import PlayScene
from game.ui.services import Services
from game.ui.session import ChallengeSession

PLAY_SCENES: dict[str, Callable[[Services, int], Scene]] = {
    ARCADE.id: PlayScene,
    BLOCKS.id: BlocksPlayScene,
}


def play_scene(services: Services, mode: GameMode, seed: int) -> Scene:
    """The play screen of `mode`, for a game with this seed."""
    return PLAY_SCENES[mode.id](services, seed)


def challenge_scene(services: Services, session: ChallengeSession) -> Scene:
    """The play screen of one turn of a challenge, after the challenge's mode."""
    from game.ui.scenes.blocks_challenge import BlocksChallengeScene
    from game.ui.scenes.challenge_play import ChallengePlayScene

    scenes: dict[str, Callable[[Services, ChallengeSession], Scene]] = {
        ARCADE.id: ChallengePlayScene,
        BLOCKS.id: BlocksChallengeScene,
    }
    return scenes[session.challenge.mode](services, session)
