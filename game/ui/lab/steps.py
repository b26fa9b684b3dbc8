"""The "Step by step" page: the lecture's sample_token walked on the player's own clue."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np
import pygame

from game.clues import MAX_CLUE_CHARS
from game.ui import theme
from game.ui.lab import steps_view
from game.ui.lab.page import Lab, LabPage
from game.ui.lab.walk import Walk, draw_many, tally, walk
from game.ui.widgets import TextInput

MAX_TEMPERATURE = 5.0
PREDICT_DRAWS = 50  # "predict first": the draws that show which word comes out most


@dataclass(frozen=True)
class Batch:
    """Draws made at once to check a prediction: their r, the rows picked, the counts."""

    r: np.ndarray
    rows: np.ndarray
    counts: np.ndarray
    prediction: int

    @property
    def right(self) -> bool:
        """True if the predicted row came out most often (a tie for the most counts)."""
        return bool(self.counts[self.prediction] == self.counts.max())


class StepsPage(LabPage):
    """Type a clue; the stack's scores become probabilities step by step; predict, then draw."""

    title = "Step by step"
    keys = (
        "type a clue + Enter \u00b7 \u2191\u2193 predict the most drawn word \u00b7 "
        f"Enter (empty box) draw {PREDICT_DRAWS} \u00b7 Space draw one \u00b7 "
        "\u2190\u2192 temperature (Shift: faster) \u00b7 Ctrl+0 / Ctrl+1 set T \u00b7 "
        "Ctrl+L log scale"
    )

    def __init__(self, lab: Lab) -> None:
        super().__init__(lab)
        self.entry = TextInput(MAX_CLUE_CHARS, "Type a clue, then Enter")
        self.temperature = 1.0
        self.clue = ""
        self.request: Future[np.ndarray] | None = None
        self.scores: tuple[tuple[str, ...], np.ndarray] | None = None  # the stack, its scores
        self.walk: Walk | None = None
        self.prediction = 0  # a row of the walk (best score first)
        self.last_draw: tuple[float, int, int] | None = None  # r, picked row, predicted row
        self.right = 0
        self.draws = 0
        self.batch: Batch | None = None  # the last "predict first" draws
        self.log = False  # the p bars on a log10 axis

    # -- actions -------------------------------------------------------------------------

    def stack_changed(self) -> None:
        """Score the clue again for the new stack."""
        if self.clue:
            self.score(self.clue)

    def score(self, clue: str) -> None:
        """Ask the model thread for the stack's scores for `clue`."""
        self.clue = clue
        self.request = self.lab.services.worker.score_clue(clue, self.lab.stack)
        self.scores = None
        self.walk = None
        self.last_draw = None
        self.batch = None

    def set_temperature(self, value: float) -> None:
        """Change T: the steps are computed again, the last draw is forgotten."""
        self.temperature = round(min(MAX_TEMPERATURE, max(0.0, value)), 2)
        self._walk_again()

    def _walk_again(self) -> None:
        self.last_draw = None
        self.batch = None
        if self.scores is not None:
            words, scores = self.scores
            self.walk = walk(words, scores.tolist(), self.temperature)

    def draw_one(self) -> None:
        """Draw r and find where it falls on the cumulative bar; score the prediction."""
        if self.walk is None:
            return
        r = float(self.lab.rng.random())
        picked = self.walk.pick(r)
        self.last_draw = (r, picked, self.prediction)
        self.batch = None
        self.draws += 1
        self.right += picked == self.prediction

    def draw_batch(self, count: int = PREDICT_DRAWS) -> None:
        """Draw `count` words at once (seeded by the Lab): did the prediction come out most?"""
        if self.walk is None:
            return
        r, rows = draw_many(self.walk, self.lab.rng, count)
        self.batch = Batch(r, rows, tally(rows, len(self.walk.words)), self.prediction)
        self.last_draw = None

    # -- page hooks ----------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Arrows and Space drive the walk; everything else types the clue."""
        if event.type == pygame.KEYDOWN:
            key, mod = event.key, event.mod
            step = 0.5 if mod & pygame.KMOD_SHIFT else 0.1
            ctrl = mod & pygame.KMOD_CTRL
            typing = bool(self.entry.text.strip())
            if key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.set_temperature(self.temperature + (step if key == pygame.K_RIGHT else -step))
                return
            if ctrl and key in (pygame.K_0, pygame.K_1):
                self.set_temperature(0.0 if key == pygame.K_0 else 1.0)
                return
            if ctrl and key == pygame.K_l:
                self.log = not self.log
                return
            if key in (pygame.K_UP, pygame.K_DOWN) and self.walk is not None:
                rows = len(self.walk.words)
                self.prediction = (self.prediction + (1 if key == pygame.K_DOWN else -1)) % rows
                self.last_draw = None
                self.batch = None
                return
            if not typing and key == pygame.K_SPACE:
                self.draw_one()
                return
            if not typing and key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.draw_batch()
                return
        elif event.type == pygame.TEXTINPUT and not self.entry.text and event.text == " ":
            return  # the Space that draws does not start a clue
        if self.entry.handle(event):
            typed = " ".join(self.entry.text.split())
            self.entry.clear()
            if typed:
                self.score(typed)

    def update(self, dt: float) -> None:
        """Pick up the clue's scores; then the steps are computed at once."""
        self.entry.update(dt)
        request = self.request
        if request is None or not request.done():
            return
        self.request = None
        if request.exception() is None:
            self.scores = (tuple(self.lab.stack), request.result())
            self.prediction = 0
            self._walk_again()

    def next_change(self) -> float | None:
        """Every frame while the clue is scored; else the cursor's blink."""
        return 0.0 if self.request is not None else self.entry.next_change()

    def draw(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        """The clue line; the steps table and the code side by side; the cumulative bar."""
        steps_view.draw(self, surface, area, fonts)
