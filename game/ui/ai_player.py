"""The AI player: samples a clue with a temperature and types it at a human pace."""

from __future__ import annotations

from collections.abc import Sized
from concurrent.futures import Future
from typing import TYPE_CHECKING, Protocol

import numpy as np

from game.ui.play_state import PlayState
from game.ui.widgets import TextInput

if TYPE_CHECKING:
    from game.cluegen import GeneratedClue
    from game.ui.worker import EngineWorker

THINK_SECONDS = 0.8  # pause before asking for a clue, as a person reads the stack
CHARS_PER_SECOND = 8.0
ENTER_DELAY = 0.35  # a beat between the last letter and Enter


class ClueLine(Protocol):
    """What the AI uses of a play screen: the game, the clues being scored, the clue line."""

    entry: TextInput

    @property
    def state(self) -> PlayState:
        """The game as it is now."""
        ...

    @property
    def pending(self) -> Sized:
        """Clues sent and not yet applied."""
        ...

    def submit(self, typed: str) -> bool:
        """Send a clue, as Enter does."""
        ...


class AIPlayer:
    """Drives a play scene through its clue line, as a player at the keyboard would."""

    def __init__(self, temperature: float, seed: int, worker: EngineWorker) -> None:
        self.temperature = temperature
        self.rng = np.random.default_rng(seed)
        self.worker = worker
        self.request: Future[GeneratedClue] | None = None
        self.clue = ""
        self.probability = 0.0
        self.idle = 0.0
        self.typed = 0.0

    def update(self, scene: ClueLine, dt: float) -> None:
        """Think, ask the generator, type the clue letter by letter, press Enter."""
        state = scene.state
        if state.game_over or not state.targets:
            return
        if self.request is None and not self.clue:
            self.idle += dt
            if self.idle >= THINK_SECONDS and not len(scene.pending):
                target = state.targets[-1].text or ""  # the highest target is the most urgent
                self.request = self.worker.generate_clue(
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
