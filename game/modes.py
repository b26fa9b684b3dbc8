"""The game modes, named in one place: id, title, rules, settings and score tables.

Pure (no pygame): the CLI, the score table, challenge codes and the UI all look modes
up here. A mode's rules module offers ``new_game(settings, words, seed)``,
``submit_clue``, ``refuse_clue``, ``take_hint``, ``apply_action`` and ``replay``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from game.rules import arcade, blocks
from game.rules.arcade_settings import ArcadeSettings
from game.rules.blocks_settings import BlocksSettings


@dataclass(frozen=True)
class GameMode:
    """One way to play: its rules, its default settings and where its scores go."""

    id: str
    title: str
    description: str
    rules: ModuleType
    settings_type: type[ArcadeSettings] | type[BlocksSettings]
    score_table: str  # people's games
    ai_score_table: str  # the AI player's games, kept apart from people's

    def table(self, ai: bool = False) -> str:
        """The high-score table of this mode, for people or for the AI player."""
        return self.ai_score_table if ai else self.score_table


ARCADE = GameMode(
    id="arcade",
    title="Arcade",
    description="Against the clock: clear the target before the stack reaches the top",
    rules=arcade,
    settings_type=ArcadeSettings,
    score_table="arcade",
    ai_score_table="arcade-ai",
)
BLOCKS = GameMode(
    id="blocks",
    title="Blocks",
    description="Turn by turn: each clue clears a word block and its same-colour group",
    rules=blocks,
    settings_type=BlocksSettings,
    score_table="blocks",
    ai_score_table="blocks-ai",
)
MODES: dict[str, GameMode] = {mode.id: mode for mode in (ARCADE, BLOCKS)}
DEFAULT_MODE = ARCADE


def get_mode(mode_id: str) -> GameMode:
    """The mode with this id; ValueError naming the known ids otherwise."""
    try:
        return MODES[mode_id]
    except KeyError:
        known = ", ".join(MODES)
        raise ValueError(f"unknown mode {mode_id!r} (known: {known})") from None


def table_title(table: str) -> str:
    """How a score table is named on screen: 'Blocks', 'Arcade, played by the AI'."""
    for mode in MODES.values():
        if table == mode.table():
            return mode.title
        if table == mode.table(ai=True):
            return f"{mode.title}, played by the AI"
    return table


def score_tables() -> tuple[str, ...]:
    """Every high-score table: 'arcade', 'arcade-ai', 'blocks', 'blocks-ai'."""
    return tuple(table for mode in MODES.values() for table in (mode.table(), mode.table(True)))
