"""Pure game rules (no pygame): state + action -> new state + events, replayable from a seed.

One module per mode, `game.rules.arcade` and `game.rules.blocks`, built on what they share
in `game.rules.common` (actions, shared events, the tie rule, replay) and `game.rules.deck`
(BLAKE2b randomness); neither mode imports the other. Arcade's names and the common ones
are re-exported here, flat. `game.modes` names the modes.
"""

from game.rules import arcade, blocks
from game.rules.arcade import (
    COOLDOWN,
    ArcadeState,
    ArcadeStats,
    ClueResult,
    Miss,
    MissCost,
    RankLine,
    StackWord,
    StreakWipe,
    TargetChosen,
    WordArrived,
    WordsCleared,
    apply_action,
    cooldown_left,
    new_game,
    refuse_clue,
    replay,
    set_paused,
    submit_clue,
    take_hint,
    tick,
)
from game.rules.arcade_settings import TICKS_PER_SECOND, ArcadeSettings
from game.rules.blocks import BlocksState
from game.rules.blocks_settings import BlocksSettings
from game.rules.common import (
    Action,
    Clue,
    ClueRefused,
    Events,
    GameEvent,
    GameOver,
    Hint,
    HintDenied,
    HintTaken,
    Pause,
    Refuse,
    StageUp,
    Tick,
    clean_pool,
    ranked_order,
    run_actions,
)

# Deprecated names, kept while other code moves to the new ones.
RankedWord = RankLine
"""Deprecated: use `RankLine` (`game.engine.RankedWord` is the engine's own, different type)."""
ArcadeEvent = GameEvent
"""Deprecated: use `GameEvent`, the base of both modes' events."""

__all__ = [
    "COOLDOWN",
    "TICKS_PER_SECOND",
    "Action",
    "ArcadeEvent",
    "ArcadeSettings",
    "ArcadeState",
    "ArcadeStats",
    "BlocksSettings",
    "BlocksState",
    "Clue",
    "ClueRefused",
    "ClueResult",
    "Events",
    "GameEvent",
    "GameOver",
    "Hint",
    "HintDenied",
    "HintTaken",
    "Miss",
    "MissCost",
    "Pause",
    "RankLine",
    "RankedWord",
    "Refuse",
    "StackWord",
    "StageUp",
    "StreakWipe",
    "TargetChosen",
    "Tick",
    "WordArrived",
    "WordsCleared",
    "apply_action",
    "arcade",
    "blocks",
    "clean_pool",
    "cooldown_left",
    "new_game",
    "ranked_order",
    "refuse_clue",
    "replay",
    "run_actions",
    "set_paused",
    "submit_clue",
    "take_hint",
    "tick",
]
