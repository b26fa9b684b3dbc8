"""The "Step by step" page: the lecture's sample_token walked on the player's own clue."""

from __future__ import annotations

from concurrent.futures import Future

import numpy as np
import pygame

from game.cluegen import SCORE_SCALE
from game.clues import MAX_CLUE_CHARS
from game.ui import theme
from game.ui.lab.page import Lab, LabPage
from game.ui.lab.walk import CODE, Walk, code_notes, walk
from game.ui.widgets import TextInput

MAX_TEMPERATURE = 5.0
SEGMENT_COLOURS = (theme.ZONE, theme.WORD_EDGE)


class StepsPage(LabPage):
    """Type a clue; the stack's scores become probabilities step by step; predict, then draw."""

    title = "Step by step"
    keys = (
        "type a clue + Enter \u00b7 \u2191\u2193 your prediction \u00b7 Space draw \u00b7 "
        "\u2190\u2192 temperature (Shift: faster) \u00b7 Ctrl+0 / Ctrl+1 set T"
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

    def set_temperature(self, value: float) -> None:
        """Change T: the steps are computed again, the last draw is forgotten."""
        self.temperature = round(min(MAX_TEMPERATURE, max(0.0, value)), 2)
        self._walk_again()

    def _walk_again(self) -> None:
        self.last_draw = None
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
        self.draws += 1
        self.right += picked == self.prediction

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
            if key in (pygame.K_UP, pygame.K_DOWN) and self.walk is not None:
                rows = len(self.walk.words)
                self.prediction = (self.prediction + (1 if key == pygame.K_DOWN else -1)) % rows
                self.last_draw = None
                return
            if not typing and key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.draw_one()
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

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        """The clue line; the steps table and the code side by side; the cumulative bar."""
        pad = max(6, area.height // 50)
        font = fonts.get(18)
        box = pygame.Rect(area.left, area.top, round(area.width * 0.4), font.get_height() + 14)
        self.entry.draw(surface, box, font, True)
        status = self._status()
        theme.draw_text(
            surface,
            status,
            fonts.get(16),
            theme.TEXT,
            (box.right + pad * 2, box.centery),
            "midleft",
            area.right - box.right - pad * 2,
        )
        bar_height = round(area.height * 0.2)
        top = box.bottom + pad
        middle = pygame.Rect(area.left, top, area.width, area.bottom - top - bar_height - pad)
        table = pygame.Rect(middle.left, middle.top, round(middle.width * 0.56), middle.height)
        code = pygame.Rect(table.right + pad, middle.top, middle.right - table.right - pad, 0)
        code.height = middle.height
        bar = pygame.Rect(area.left, middle.bottom + pad, area.width, bar_height)
        theme.panel(surface, table)
        theme.panel(surface, code)
        theme.panel(surface, bar)
        if self.walk is None:
            message = (
                "Scoring the stack for \u201c" + self.clue + "\u201d\u2026"
                if self.request is not None
                else "Type a clue: the game's engine scores every stack word for it, "
                "then the steps below turn the scores into a draw."
            )
            theme.draw_wrapped(
                surface,
                message,
                fonts.get(17),
                theme.MUTED,
                (table.left + 14, table.top + 12),
                table.width - 28,
            )
            self._draw_code(surface, code, fonts, None)
            return
        self._draw_table(surface, table, fonts, self.walk)
        self._draw_code(surface, code, fonts, self.walk)
        self._draw_bar(surface, bar, fonts, self.walk)

    def _status(self) -> str:
        if self.walk is None:
            return f"T = {self.temperature:g}"
        predicted = self.walk.words[self.prediction]
        text = f"Clue \u201c{self.clue}\u201d \u00b7 T = {self.temperature:g} \u00b7 "
        if self.last_draw is None:
            return text + f"you predict \u201c{predicted}\u201d: Space draws"
        _, picked, guessed = self.last_draw
        verdict = "right" if picked == guessed else "wrong"
        return (
            text
            + f"drawn \u201c{self.walk.words[picked]}\u201d: your prediction was "
            + (f"{verdict} ({self.right} of {self.draws} so far)")
        )

    def _draw_table(
        self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts, steps: Walk
    ) -> None:
        inner = area.inflate(-20, -16)
        head = fonts.get(14, bold=True)
        rows = len(steps.words) + 1
        row = max(8, inner.height // rows)
        font = fonts.get(min(17, max(10, round(row / fonts.factor * 0.55))))
        divide = "T = 0: max" if steps.greedy else f"\u00f7 T ({steps.temperature:g})"
        columns = (
            ("word", 0.0),
            ("score", 0.30),
            (f"\u00f7 {SCORE_SCALE:g}", 0.43),
            (divide, 0.56),
            ("p", 0.72),
        )
        for name, at in columns:
            theme.draw_text(
                surface, name, head, theme.MUTED, (inner.left + inner.width * at, inner.top)
            )
        bar_left = inner.left + round(inner.width * 0.82)
        bar_width = inner.right - bar_left
        last = self.last_draw
        for number, word in enumerate(steps.words):
            y = inner.top + (number + 1) * row
            rect = pygame.Rect(inner.left - 6, y, inner.width + 12, row - 2)
            if number == self.prediction:
                pygame.draw.rect(surface, theme.ACCENT, rect, width=2, border_radius=5)
            picked = last is not None and last[1] == number
            colour = theme.REFUSED if picked else theme.TEXT
            cells = (
                word + (" \u2190 drawn" if picked else ""),
                f"{steps.scores[number]:.3f}",
                f"{steps.logits[number]:.2f}",
                "" if steps.greedy else f"{steps.scaled[number]:.2f}",
                f"{steps.probabilities[number]:.1%}",
            )
            for (_, at), text in zip(columns, cells, strict=True):
                x = inner.left + inner.width * at
                width = inner.width * 0.3 - 4 if at == 0 else inner.width * 0.13
                theme.draw_text(
                    surface, text, font, colour, (x, rect.centery), "midleft", round(width)
                )
            track = pygame.Rect(bar_left, rect.centery - row // 4, bar_width, max(3, row // 2))
            pygame.draw.rect(surface, theme.WORD, track)
            length = round(bar_width * float(steps.probabilities[number]))
            if length:
                pygame.draw.rect(surface, theme.BAR, (track.left, track.top, length, track.height))

    def _draw_code(
        self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts, steps: Walk | None
    ) -> None:
        inner = area.inflate(-20, -16)
        head = fonts.get(14, bold=True)
        theme.draw_text(
            surface,
            "THE LECTURE'S sample_token, WITH THESE NUMBERS",
            head,
            theme.MUTED,
            inner.topleft,
            max_width=inner.width,
        )
        notes: dict[str, str] = {}
        if steps is not None:
            draw = self.last_draw
            notes = code_notes(
                steps,
                self.prediction,
                draw[0] if draw else None,
                draw[1] if draw else None,
            )
        # One line per code line, and one under it for each number filled in.
        lines = len(CODE) + sum(1 for _, slot in CODE if slot in notes) + 1
        line = max(8, (inner.height - head.get_height() - 6) // lines)
        code_font = fonts.get(min(15, max(9, round(line / fonts.factor * 0.8))))
        y = inner.top + head.get_height() + 6
        for text, slot in CODE:
            theme.draw_text(
                surface, text, code_font, theme.TEXT, (inner.left, y), max_width=inner.width
            )
            y += line
            if slot in notes:
                theme.draw_text(
                    surface,
                    "    # " + notes[slot],
                    code_font,
                    theme.CLEARED,
                    (inner.left, y),
                    max_width=inner.width,
                )
                y += line

    def _draw_bar(
        self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts, steps: Walk
    ) -> None:
        inner = area.inflate(-20, -12)
        label = fonts.get(14, bold=True)
        theme.draw_text(
            surface,
            "THE CUMULATIVE BAR: r falls somewhere in 0-1; the word under it is drawn",
            label,
            theme.MUTED,
            inner.topleft,
            max_width=inner.width,
        )
        top = inner.top + label.get_height() + 4
        strip = pygame.Rect(inner.left, top, inner.width, max(8, inner.bottom - top - 8))
        font = fonts.get(14)
        start = 0.0
        for number, (word, end) in enumerate(zip(steps.words, steps.cumulative, strict=True)):
            left = strip.left + round(strip.width * start)
            right = strip.left + round(strip.width * float(end))
            start = float(end)
            if right <= left:
                continue
            segment = pygame.Rect(left, strip.top, right - left, strip.height)
            chosen = self.last_draw is not None and self.last_draw[1] == number
            colour = theme.TARGET if chosen else SEGMENT_COLOURS[number % 2]
            pygame.draw.rect(surface, colour, segment)
            if segment.width > font.size(word[:3])[0] + 6:
                theme.draw_text(
                    surface,
                    word,
                    font,
                    theme.TARGET_TEXT if chosen else theme.TEXT,
                    segment.center,
                    "center",
                    segment.width - 6,
                )
        if self.last_draw is not None:
            x = strip.left + round(strip.width * self.last_draw[0])
            pygame.draw.line(surface, theme.REFUSED, (x, strip.top - 4), (x, strip.bottom + 4), 3)
            pygame.draw.polygon(
                surface,
                theme.REFUSED,
                [(x - 7, strip.bottom + 8), (x + 7, strip.bottom + 8), (x, strip.bottom)],
            )
