"""The play screen of each game mode (the modes themselves are named in `game.modes`)."""

from __future__ import annotations

from collections.abc import Callable

from game.modes import ARCADE, BLOCKS, GameMode
from game.ui.scene import Scene
from game.ui.scenes.blocks_play import BlocksPlayScene
from game.ui.scenes.play import PlayScene
from game.ui.services import Services

PLAY_SCENES: dict[str, Callable[[Services, int], Scene]] = {
    ARCADE.id: PlayScene,
    BLOCKS.id: BlocksPlayScene,
}


def play_scene(services: Services, mode: GameMode, seed: int) -> Scene:
    """The play screen of `mode`, for a game with this seed."""
    return PLAY_SCENES[mode.id](services, seed)
