"""Putting a finished or abandoned game in this computer's high-score table."""

from __future__ import annotations

from game.modes import GameMode
from game.scores import SavedScore, ScoreEntry, clean_name
from game.ui.play_state import PlayState
from game.ui.services import Services


def save_game_score(
    services: Services, state: PlayState, seed: int, name: str, mode: GameMode
) -> SavedScore | None:
    """Put the game in the mode's score table; a game without clues is not kept.

    Raises what the score table raises (a full disk, a locked file).
    """
    if state.stats.clues_used == 0:
        return None
    ai = services.ai_playing
    stats = state.stats
    return services.scores.add(
        ScoreEntry(
            name=clean_name(f"AI (T = {services.options.temperature:g})" if ai else name),
            score=state.score,
            mode=mode.table(ai),
            pack=services.prefs.pack,
            seed=seed,
            clues=stats.clues_used,
            best_clue=stats.best_clue,
            average_rank=getattr(stats, "average_target_rank", None),
        )
    )
