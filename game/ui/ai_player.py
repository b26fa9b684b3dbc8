"""The AI player: samples a clue with a temperature and types it at a human pace."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from game.cluegen import GeneratedClue
    from game.ui.scenes.play import PlayScene

THINK_SECONDS = 0.8  # pause before asking for a clue, as a person reads the stack
CHARS_PER_SECOND = 8.0
ENTER_DELAY = 0.35  # a beat between the last letter and Enter


class AIPlayer:
    """Drives a play scene through its clue line, as a player at the keyboard would."""

    def __init__(self, temperature: float, seed: int) -> None:
        self.temperature = temperature
        self.rng = np.random.default_rng(seed)
        self.request: Future[GeneratedClue] | None = None
        self.clue = ""
        self.probability = 0.0
        self.idle = 0.0
        self.typed = 0.0

    def update(self, scene: PlayScene, dt: float) -> None:
        """Think, ask the generator, type the clue letter by letter, press Enter."""
        state = scene.state
        if state.game_over or not state.targets:
            return
        if self.request is None and not self.clue:
            self.idle += dt
            if self.idle >= THINK_SECONDS and not scene.pending:
                target = state.targets[-1].text  # the highest target is the most urgent
                self.request = scene.app.worker.generate_clue(
                    target, state.words, self.temperature, self.rng
                )
            return
        if self.request is not None:
            if not self.request.done():
                return
            if self.request.exception() is not None:
                self.request, self.idle = None, 0.0
                return
            generated = self.request.result()
            self.request, self.typed = None, 0.0
            self.clue, self.probability = generated.clue, generated.probability
            scene.entry.clear()
        self.typed += dt * CHARS_PER_SECOND
        shown = min(len(self.clue), int(self.typed))
        scene.entry.set_text(self.clue[:shown])
        if self.typed >= len(self.clue) + ENTER_DELAY * CHARS_PER_SECOND:
            scene.submit(self.clue)
            scene.entry.clear()
            self.clue, self.idle = "", 0.0
