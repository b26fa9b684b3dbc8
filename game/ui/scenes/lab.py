"""The Lab: how a language model turns scores into probabilities and samples with a temperature."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import Future

import numpy as np
import pygame

from game.cluegen import SCORE_SCALE, CandidateScores, entropy
from game.engine import MethodUnavailableError, RankedWord
from game.rules import ArcadeSettings
from game.similarity import rank_order
from game.ui import theme
from game.ui.chart import draw_distribution
from game.ui.scene import Scene
from game.ui.services import Services

STACK_SIZE = 10
MAX_TEMPERATURE = 5.0
SLIDER_TOP = 3.0  # the slider shows 0-3; keys go on to MAX_TEMPERATURE
TOP_K_CHOICES = (None, 5, 20)
TOP_P_CHOICES = (None, 0.9, 0.5)
BATCH = 20
BASELINE = "cosine"  # the compare view shows the engine's method beside plain cosine


class LabScene(Scene):
    """A stack, a target, a temperature slider, the live distribution and a sampling tally."""

    name = "lab"

    def __init__(self, services: Services, seed: int | None = None) -> None:
        super().__init__(services)
        self.seed = seed if seed is not None else services.new_seed()
        self.rng = np.random.default_rng(self.seed)
        self.temperature = 0.7
        self.top_k: int | None = None
        self.top_p: float | None = None
        self.target_index = 0
        self.stack: list[str] = []
        self.request: Future[CandidateScores] | None = None
        self.scored: CandidateScores | None = None
        self.sampling: list[tuple[str, Future[np.ndarray]]] = []  # drawn, being ranked
        self.tally: Counter[str] = Counter()
        self.hits: Counter[str] = Counter()
        self.last: tuple[str, int] | None = None  # last sampled clue and the target's rank
        self.slider = pygame.Rect(0, 0, 0, 0)
        self.word_rects: list[pygame.Rect] = []
        self.dragging = False
        # Cache of the distribution: (scores, settings, p, entropy).
        self._distribution: (
            tuple[CandidateScores, tuple[float, int | None, float | None], np.ndarray, float] | None
        ) = None
        self.comparing = False
        # The compare view: the clue and the stack ranked by each method (method name first).
        self.comparison: tuple[str, list[tuple[str, list[RankedWord]]]] | None = None
        self.new_stack()

    # -- actions -------------------------------------------------------------------------

    def new_stack(self) -> None:
        """Draw 10 new words from the pack (seeded) and score clues for the first."""
        picker = random.Random(f"{self.seed}:{len(self.tally)}:{self.rng.integers(1 << 30)}")
        self.stack = picker.sample(list(self.services.pack.words), STACK_SIZE)
        self.choose_target(0)

    def choose_target(self, index: int) -> None:
        """Make stack word `index` the target and ask for its candidate scores."""
        self.target_index = index % len(self.stack)
        self.scored = None
        self.request = self.services.worker.score_candidates(self.target, self.stack)
        self.reset_tally()

    @property
    def target(self) -> str:
        """The current target word."""
        return self.stack[self.target_index]

    def reset_tally(self) -> None:
        """Forget the samples drawn so far (the distribution changed)."""
        self.sampling.clear()
        self.tally.clear()
        self.hits.clear()
        self.last = None

    def set_temperature(self, value: float) -> None:
        """Move the slider; the tally restarts, since it belongs to one temperature."""
        value = round(min(MAX_TEMPERATURE, max(0.0, value)), 2)
        if value != self.temperature:
            self.temperature = value
            self.reset_tally()

    def distribution(self) -> np.ndarray | None:
        """The adjusted distribution at the current settings (None while scoring)."""
        if self.scored is None:
            return None
        # Drawn every frame: recompute only when the scores or the settings change.
        settings = (self.temperature, self.top_k, self.top_p)
        cached = self._distribution
        if cached is None or cached[0] is not self.scored or cached[1] != settings:
            p = self.scored.distribution(*settings)
            self._distribution = cached = (self.scored, settings, p, entropy(p))
        return cached[2]

    @property
    def zone(self) -> int:
        """The clear zone the game would have for this stack, with the player's setting."""
        return ArcadeSettings(zone_size=self.services.prefs.zone_size).zone_for(len(self.stack))

    def sample(self, count: int = 1) -> None:
        """Draw clues; the model thread scores the stack for each (counted in `update`)."""
        probabilities = self.distribution()
        if probabilities is None or self.scored is None:
            return
        worker = self.services.worker
        for index in self.rng.choice(probabilities.size, size=count, p=probabilities):
            clue = self.scored.word(int(index))
            self.sampling.append((clue, worker.score_clue(clue, self.stack)))

    def _count_samples(self) -> None:
        """Count where the target landed for each scored clue, in the order drawn."""
        counted = False
        while self.sampling and self.sampling[0][1].done():
            clue, scores = self.sampling.pop(0)
            if scores.exception() is not None:
                continue
            rank = int(np.flatnonzero(rank_order(scores.result()) == self.target_index)[0]) + 1
            self.tally[clue] += 1
            self.hits[clue] += rank <= self.zone
            self.last = (clue, rank)
            counted = True
        if counted and not self.sampling and self.comparing:
            self.compare()

    def compare(self) -> None:
        """Rank the stack for the last sampled clue (else the best one) with both methods."""
        if self.scored is None or not len(self.scored):
            self.comparison = None
            return
        clue = self.last[0] if self.last else self.scored.word(0)
        engine = self.services.worker.engine
        methods = list(dict.fromkeys([engine.method.name, BASELINE]))
        rankings = []
        for method in methods:
            try:
                rankings.append((method, engine.for_method(method).rank(clue, self.stack)))
            except MethodUnavailableError:  # plain cosine is another model's than `large`
                continue
        self.comparison = (clue, rankings)

    def toggle_compare(self) -> None:
        """Show or hide the side-by-side rankings in place of the chart."""
        self.comparing = not self.comparing
        if self.comparing:
            self.compare()

    def cycle(self, attribute: str, choices: tuple[object, ...]) -> None:
        """Step top-k or top-p to its next setting."""
        current = getattr(self, attribute)
        setattr(self, attribute, choices[(choices.index(current) + 1) % len(choices)])
        self.reset_tally()

    # -- scene hooks ---------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Keys first; the mouse drags the slider and picks the target."""
        if event.type == pygame.KEYDOWN:
            shift = bool(event.mod & pygame.KMOD_SHIFT)
            step = 0.5 if shift else 0.1
            key = event.key
            if key == pygame.K_ESCAPE:
                self.to_title()
            elif key == pygame.K_LEFT:
                self.set_temperature(self.temperature - step)
            elif key == pygame.K_RIGHT:
                self.set_temperature(self.temperature + step)
            elif key == pygame.K_0:
                self.set_temperature(0.0)
            elif key == pygame.K_1:
                self.set_temperature(1.0)
            elif key in (pygame.K_UP, pygame.K_DOWN):
                self.choose_target(self.target_index + (1 if key == pygame.K_UP else -1))
            elif key in (pygame.K_s, pygame.K_SPACE):
                self.sample(1)
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.sample(BATCH)
            elif key == pygame.K_n:
                self.new_stack()
            elif key == pygame.K_k:
                self.cycle("top_k", TOP_K_CHOICES)
            elif key == pygame.K_p:
                self.cycle("top_p", TOP_P_CHOICES)
            elif key == pygame.K_r:
                self.reset_tally()
            elif key == pygame.K_c:
                self.toggle_compare()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.slider.inflate(0, 24).collidepoint(event.pos):
                self.dragging = True
                self._slide_to(event.pos[0])
            for index, rect in enumerate(self.word_rects):
                if rect.collidepoint(event.pos):
                    self.choose_target(index)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.dragging = False
        elif event.type == pygame.MOUSEMOTION and self.dragging:
            self._slide_to(event.pos[0])

    def _slide_to(self, x: int) -> None:
        fraction = (x - self.slider.left) / max(1, self.slider.width)
        self.set_temperature(round(max(0.0, min(1.0, fraction)) * SLIDER_TOP, 1))

    def update(self, dt: float) -> None:
        """Pick up the candidate scores and the sampled clues' scores as they arrive."""
        self._count_samples()
        if self.request is not None and self.request.done():
            if self.request.exception() is None:
                self.scored = self.request.result()
            self.request = None
            if self.comparing:
                self.compare()

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        """Header, stack and tally on the left; slider and live chart on the right."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        pad = round(h * 0.02)
        theme.draw_text(surface, "LAB", fonts.get(30, bold=True), theme.ACCENT, (pad, pad))
        theme.draw_text(
            surface,
            f"p = softmax(score / {SCORE_SCALE:g}),  then  p\u209c \u221d exp(log p / T)"
            "  \u2014  how a language model picks its next word",
            fonts.get(17),
            theme.TEXT,
            (pad + fonts.size(30) * 3, pad + fonts.size(6)),
            max_width=w - pad * 2 - fonts.size(30) * 3,
        )
        keys = (
            "\u2190\u2192 temperature (Shift: faster) \u00b7 0 / 1 set T \u00b7 "
            "\u2191\u2193 target \u00b7 S sample \u00b7 Enter sample 20 \u00b7 "
            "K top-k \u00b7 P top-p \u00b7 C compare methods \u00b7 N new stack \u00b7 R reset "
            "\u00b7 Esc back"
        )
        theme.draw_text(
            surface, keys, fonts.get(14), theme.MUTED, (w // 2, h - pad), "midbottom", w - 2 * pad
        )
        left = pygame.Rect(pad, round(h * 0.1), round(w * 0.3), round(h * 0.84))
        right = pygame.Rect(left.right + pad, left.top, w - left.right - 2 * pad, left.height)
        self._draw_stack(surface, left, fonts)
        self._draw_slider(
            surface, pygame.Rect(right.left, right.top, right.width, round(h * 0.1)), fonts
        )
        chart = pygame.Rect(
            right.left, right.top + round(h * 0.12), right.width, right.height - round(h * 0.12)
        )
        if self.comparing and self.comparison is not None:
            self._draw_comparison(surface, chart, fonts)
        else:
            self._draw_chart(surface, chart, fonts)

    def _draw_stack(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        theme.panel(surface, area)
        x, y = area.left + 14, area.top + 10
        label = fonts.get(15, bold=True)
        theme.draw_text(
            surface,
            "STACK (click or \u2191\u2193 for the target)",
            label,
            theme.MUTED,
            (x, y),
            max_width=area.width - 28,
        )
        y += label.get_height() + 6
        font = fonts.get(19)
        row = font.get_height() + 6
        self.word_rects = []
        for index, word in enumerate(self.stack):
            rect = pygame.Rect(x, y, area.width - 28, row - 2)
            is_target = index == self.target_index
            pygame.draw.rect(
                surface, theme.TARGET if is_target else theme.WORD, rect, border_radius=6
            )
            if is_target:
                theme.draw_diamond(
                    surface, (rect.left + row // 2, rect.centery), row * 0.22, theme.TARGET_TEXT
                )
            theme.draw_text(
                surface,
                word,
                font,
                theme.TARGET_TEXT if is_target else theme.TEXT,
                (rect.left + row, rect.centery),
                "midleft",
                rect.width - row - 8,
            )
            self.word_rects.append(rect)
            y += row
        y += 10
        pygame.draw.line(surface, theme.PANEL_EDGE, (x, y), (area.right - 14, y))
        y += 8
        self._draw_tally(surface, pygame.Rect(x, y, area.width - 28, area.bottom - y - 8), fonts)

    def _draw_tally(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        label, font = fonts.get(15, bold=True), fonts.get(16)
        total = sum(self.tally.values())
        theme.draw_text(
            surface, f"SAMPLES AT T = {self.temperature:g}", label, theme.MUTED, area.topleft
        )
        y = area.top + label.get_height() + 4
        if not total:
            theme.draw_wrapped(
                surface,
                "Press S to draw one clue, Enter to draw 20. Low T "
                "repeats the same clue; high T gives variety, and more misses.",
                font,
                theme.MUTED,
                (area.left, y),
                area.width,
            )
            return
        cleared = sum(self.hits.values())
        summary = (
            f"{total} drawn \u00b7 {len(self.tally)} different \u00b7 "
            f"{cleared / total:.0%} clear the target"
        )
        theme.draw_text(surface, summary, font, theme.TEXT, (area.left, y), max_width=area.width)
        y += font.get_height() + 4
        if self.last:
            clue, rank = self.last
            ok = rank <= self.zone
            theme.draw_text(
                surface,
                f"last: \u201c{clue}\u201d \u2192 target ranked {rank}",
                font,
                theme.CLEARED if ok else theme.DANGER,
                (area.left, y),
                max_width=area.width,
            )
            y += font.get_height() + 6
        row = font.get_height() + 2
        for clue, count in self.tally.most_common(max(0, (area.bottom - y) // row)):
            mark = (
                "\u2713" if self.hits[clue] == count else "\u2717" if not self.hits[clue] else "~"
            )
            theme.draw_text(
                surface,
                f"{count:>3} \u00d7  {clue}  {mark}",
                font,
                theme.TEXT,
                (area.left, y),
                max_width=area.width,
            )
            y += row

    def _draw_slider(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        label = fonts.get(20, bold=True)
        settings = f"T = {self.temperature:.1f}"
        settings += f"   top-k = {self.top_k}" if self.top_k else "   top-k off"
        settings += f"   top-p = {self.top_p}" if self.top_p else "   top-p off"
        theme.draw_text(surface, settings, label, theme.TEXT, area.topleft)
        track_y = area.top + label.get_height() + round(area.height * 0.35)
        self.slider = pygame.Rect(area.left + 10, track_y - 4, area.width - 20, 8)
        pygame.draw.rect(surface, theme.WORD, self.slider, border_radius=4)
        for mark in range(int(SLIDER_TOP) + 1):
            x = self.slider.left + self.slider.width * mark / SLIDER_TOP
            pygame.draw.line(surface, theme.MUTED, (x, track_y - 10), (x, track_y + 10), 2)
            theme.draw_text(
                surface, str(mark), fonts.get(13), theme.MUTED, (x, track_y + 12), "midtop"
            )
        fraction = min(self.temperature, SLIDER_TOP) / SLIDER_TOP
        knob = (round(self.slider.left + self.slider.width * fraction), track_y)
        pygame.draw.circle(surface, theme.ACCENT, knob, max(8, fonts.size(11)))
        theme.draw_text(
            surface,
            "greedy",
            fonts.get(13),
            theme.MUTED,
            (self.slider.left, track_y - 12),
            "bottomleft",
        )
        theme.draw_text(
            surface,
            "random",
            fonts.get(13),
            theme.MUTED,
            (self.slider.right, track_y - 12),
            "bottomright",
        )

    def _draw_chart(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        probabilities = self.distribution()
        if probabilities is None or self.scored is None:
            theme.panel(surface, area)
            message = (
                "Preparing the clue vocabulary (first run only)\u2026"
                if not self.services.worker.vocabulary_ready
                else "Scoring clues\u2026"
            )
            theme.draw_text(surface, message, fonts.get(20), theme.TEXT, area.center, "center")
            return
        shown = min(15, probabilities.size)
        labels = [self.scored.word(i) for i in range(shown)]
        draw_distribution(
            surface,
            area,
            f"Most likely clues for \u201c{self.target}\u201d at T = {self.temperature:g}",
            labels,
            probabilities[:shown].tolist(),
            font_path=str(theme.FONT_REGULAR),
            highlight=self.last[0] if self.last else None,
            entropy_bits=self._distribution[3] if self._distribution else None,
        )

    def _draw_comparison(
        self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
    ) -> None:
        """The stack ranked for one clue by each method, side by side, with scores."""
        assert self.comparison is not None
        clue, rankings = self.comparison
        theme.panel(surface, area)
        title = fonts.get(17, bold=True)
        theme.draw_text(
            surface,
            f"Clue \u201c{clue}\u201d: the stack ranked by each method (C: back to the chart)",
            title,
            theme.TEXT,
            (area.left + 14, area.top + 10),
            max_width=area.width - 28,
        )
        top = area.top + 10 + title.get_height() + 10
        gap = 16
        width = (area.width - 28 - gap * (len(rankings) - 1)) // len(rankings)
        for number, (method, ranking) in enumerate(rankings):
            column = pygame.Rect(
                area.left + 14 + number * (width + gap), top, width, area.bottom - top - 10
            )
            self._draw_ranking(surface, column, fonts, method, ranking)

    def _draw_ranking(
        self,
        surface: pygame.Surface,
        area: pygame.Rect,
        fonts: theme.Fonts,
        method: str,
        ranking: list[RankedWord],
    ) -> None:
        label = fonts.get(15, bold=True)
        engine_method = self.services.worker.engine.method.name
        heading = f"{method} (the game's ranking)" if method == engine_method else method
        theme.draw_text(surface, heading, label, theme.ACCENT, area.topleft, max_width=area.width)
        font = fonts.get(16)
        y = area.top + label.get_height() + 8
        row = max(font.get_height() + 6, (area.bottom - y) // max(1, len(ranking)))
        row = min(row, round(font.get_height() * 1.8))
        zone = self.zone
        score_width = font.size(" -0.000")[0]
        for place, result in enumerate(ranking, 1):
            rect = pygame.Rect(area.left, y, area.width, row - 4)
            is_target = result.index == self.target_index
            colour = theme.TARGET if is_target else theme.WORD
            pygame.draw.rect(surface, colour, rect, border_radius=5)
            if place <= zone:
                pygame.draw.rect(surface, theme.ZONE, rect, width=2, border_radius=5)
            text_colour = theme.TARGET_TEXT if is_target else theme.TEXT
            theme.draw_text(
                surface,
                f"{place}. {result.word}",
                font,
                text_colour,
                (rect.left + 8, rect.centery),
                "midleft",
                rect.width - score_width - 16,
            )
            theme.draw_text(
                surface,
                f"{result.score:.3f}",
                font,
                text_colour,
                (rect.right - 8, rect.centery),
                "midright",
            )
            y += row
