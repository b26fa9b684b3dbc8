"""The Sample page: candidate clues' probabilities against T, top-k, top-p and min-p."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future

import numpy as np
import pygame

from game.cluegen import SCORE_SCALE, CandidateScores, entropy
from game.engine import RankedWord
from game.rules import ArcadeSettings
from game.similarity import rank_order
from game.ui import theme
from game.ui.chart import draw_distribution
from game.ui.lab.page import Lab, LabPage, draw_words

MAX_TEMPERATURE = 5.0
SLIDER_TOP = 3.0  # the slider shows 0-3; keys go on to MAX_TEMPERATURE
TOP_K_CHOICES = (None, 5, 20)
TOP_P_CHOICES = (None, 0.9, 0.5)
MIN_P_CHOICES = (None, 0.05, 0.2)
BATCH = 20
BASELINE = "cosine"  # the compare view shows the engine's method beside plain cosine

Settings = tuple[float, int | None, float | None, float | None]


class SamplePage(LabPage):
    """A temperature slider, the live distribution of clues for the target, and a tally."""

    title = "Sample"
    keys = (
        "\u2190\u2192 temperature (Shift: faster) \u00b7 0 / 1 set T \u00b7 "
        "\u2191\u2193 target \u00b7 S sample \u00b7 Enter sample 20 \u00b7 "
        "K top-k \u00b7 P top-p \u00b7 M min-p \u00b7 C compare methods \u00b7 N new stack "
        "\u00b7 R reset"
    )

    def __init__(self, lab: Lab) -> None:
        super().__init__(lab)
        self.temperature = 0.7
        self.top_k: int | None = None
        self.top_p: float | None = None
        self.min_p: float | None = None
        self.request: Future[CandidateScores] | None = None
        self.scored: CandidateScores | None = None
        self.sampling: list[tuple[str, Future[np.ndarray]]] = []  # drawn, being ranked
        self.tally: Counter[str] = Counter()
        self.hits: Counter[str] = Counter()
        self.last: tuple[str, int] | None = None  # last sampled clue and the target's rank
        self.slider = pygame.Rect(0, 0, 0, 0)
        self.word_rects: list[pygame.Rect] = []
        self.dragging = False
        self._distribution: tuple[CandidateScores, Settings, np.ndarray, float] | None = None
        self.comparing = False
        # The compare view: the clue and the stack ranked by each method (method name first).
        self.comparison: tuple[str, list[tuple[str, list[RankedWord]]]] | None = None
        self._comparing_jobs: tuple[str, list[tuple[str, Future[np.ndarray]]]] | None = None

    # -- actions -------------------------------------------------------------------------

    def stack_changed(self) -> None:
        """Ask the clue thread for every candidate's score for the new target."""
        self.scored = None
        self.comparison = None
        self.request = self.lab.services.worker.score_candidates(self.lab.target, self.lab.stack)
        self.reset_tally()

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
        settings = (self.temperature, self.top_k, self.top_p, self.min_p)
        cached = self._distribution
        if cached is None or cached[0] is not self.scored or cached[1] != settings:
            p = self.scored.distribution(*settings)
            self._distribution = cached = (self.scored, settings, p, entropy(p))
        return cached[2]

    @property
    def zone(self) -> int:
        """The clear zone the game would have for this stack, with the player's setting."""
        zone_size = self.lab.services.prefs.zone_size
        return ArcadeSettings(zone_size=zone_size).zone_for(len(self.lab.stack))

    def sample(self, count: int = 1) -> None:
        """Draw clues; the model thread scores the stack for each (counted in `update`)."""
        probabilities = self.distribution()
        if probabilities is None or self.scored is None:
            return
        worker = self.lab.services.worker
        for index in self.lab.rng.choice(probabilities.size, size=count, p=probabilities):
            clue = self.scored.word(int(index))
            self.sampling.append((clue, worker.score_clue(clue, self.lab.stack)))

    def _count_samples(self) -> None:
        """Count where the target landed for each scored clue, in the order drawn."""
        counted = False
        while self.sampling and self.sampling[0][1].done():
            clue, scores = self.sampling.pop(0)
            if scores.exception() is not None:
                continue
            order = rank_order(scores.result())
            rank = int(np.flatnonzero(order == self.lab.target_index)[0]) + 1
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
        worker = self.lab.services.worker
        methods = list(dict.fromkeys([worker.engine.method.name, BASELINE]))
        jobs = [(m, worker.score_clue(clue, self.lab.stack, m)) for m in methods]
        self._comparing_jobs = (clue, jobs)
        self.comparison = None  # the chart shows until the new rankings are in

    def _collect_comparison(self) -> None:
        if self._comparing_jobs is None:
            return
        clue, jobs = self._comparing_jobs
        if not all(job.done() for _, job in jobs):
            return
        self._comparing_jobs = None
        # A method this engine cannot serve (plain cosine beside `large`) is left out.
        done = [(m, job) for m, job in jobs if job.exception() is None]
        stack = self.lab.stack
        self.comparison = (
            clue,
            [
                (m, [RankedWord(stack[i], float(s[i]), int(i)) for i in rank_order(s)])
                for m, s in ((m, job.result()) for m, job in done)
            ],
        )

    def toggle_compare(self) -> None:
        """Show or hide the side-by-side rankings in place of the chart."""
        self.comparing = not self.comparing
        if self.comparing:
            self.compare()

    def cycle(self, attribute: str, choices: tuple[object, ...]) -> None:
        """Step top-k, top-p or min-p to its next setting."""
        current = getattr(self, attribute)
        setattr(self, attribute, choices[(choices.index(current) + 1) % len(choices)])
        self.reset_tally()

    # -- page hooks ----------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Keys first; the mouse drags the slider and picks the target."""
        lab = self.lab
        if event.type == pygame.KEYDOWN:
            step = 0.5 if event.mod & pygame.KMOD_SHIFT else 0.1
            key = event.key
            cycles = {
                pygame.K_k: ("top_k", TOP_K_CHOICES),
                pygame.K_p: ("top_p", TOP_P_CHOICES),
                pygame.K_m: ("min_p", MIN_P_CHOICES),
            }
            if key == pygame.K_LEFT:
                self.set_temperature(self.temperature - step)
            elif key == pygame.K_RIGHT:
                self.set_temperature(self.temperature + step)
            elif key in (pygame.K_0, pygame.K_1):
                self.set_temperature(0.0 if key == pygame.K_0 else 1.0)
            elif key in (pygame.K_UP, pygame.K_DOWN):
                # Down moves down the list, as it is drawn.
                lab.choose_target(lab.target_index + (1 if key == pygame.K_DOWN else -1))
            elif key in (pygame.K_s, pygame.K_SPACE):
                self.sample(1)
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.sample(BATCH)
            elif key == pygame.K_n:
                lab.new_stack()
            elif key in cycles:
                self.cycle(*cycles[key])
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
                    lab.choose_target(index)
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
        self._collect_comparison()
        if self.request is not None and self.request.done():
            if self.request.exception() is None:
                self.scored = self.request.result()
            self.request = None
            if self.comparing:
                self.compare()

    def next_change(self) -> float | None:
        """Every frame while scores are awaited; else nothing moves until a key."""
        waiting = self.request is not None or self.sampling or self._comparing_jobs is not None
        return 0.0 if waiting else None

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        """Formula line; stack and tally on the left; slider and live chart on the right."""
        pad = max(6, area.height // 50)
        formula = fonts.get(17)
        theme.draw_text(
            surface,
            f"p = softmax(score / {SCORE_SCALE:g}),  then  p\u209c \u221d exp(log p / T)"
            "  \u2014  how a language model picks its next word",
            formula,
            theme.TEXT,
            area.topleft,
            max_width=area.width,
        )
        top = area.top + formula.get_height() + pad
        left = pygame.Rect(area.left, top, round(area.width * 0.31), area.bottom - top)
        right = pygame.Rect(left.right + pad * 2, top, area.right - left.right - pad * 2, 0)
        right.height = left.height
        self._draw_stack(surface, left, fonts)
        slider_height = round(area.height * 0.13)
        self._draw_slider(
            surface, pygame.Rect(right.left, right.top, right.width, slider_height), fonts
        )
        chart = pygame.Rect(
            right.left,
            right.top + slider_height + pad,
            right.width,
            right.height - slider_height - pad,
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
        rows = pygame.Rect(x, y, area.width - 28, (font.get_height() + 6) * len(self.lab.stack))
        self.word_rects = draw_words(surface, rows, fonts, self.lab.stack, self.lab.target_index)
        y = rows.bottom + 10
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
            theme.draw_text(
                surface,
                f"last: \u201c{clue}\u201d \u2192 target ranked {rank}",
                font,
                theme.CLEARED if rank <= self.zone else theme.DANGER,
                (area.left, y),
                max_width=area.width,
            )
            y += font.get_height() + 6
        row = font.get_height() + 2
        for clue, count in self.tally.most_common(max(0, (area.bottom - y) // row)):
            hits = self.hits[clue]
            mark = "\u2713" if hits == count else "\u2717" if not hits else "~"
            theme.draw_text(
                surface,
                f"{count:>3} \u00d7  {clue}  {mark}",
                font,
                theme.TEXT,
                (area.left, y),
                max_width=area.width,
            )
            y += row

    def settings_text(self) -> str:
        """The sampling settings in one line."""
        parts = [f"T = {self.temperature:.1f}"]
        for name, value in (("top-k", self.top_k), ("top-p", self.top_p), ("min-p", self.min_p)):
            parts.append(f"{name} = {value:g}" if value else f"{name} off")
        return "   ".join(parts)

    def _draw_slider(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        label = fonts.get(20, bold=True)
        theme.draw_text(
            surface, self.settings_text(), label, theme.TEXT, area.topleft, max_width=area.width
        )
        track_y = area.top + label.get_height() + round(area.height * 0.35)
        self.slider = pygame.Rect(area.left + 10, track_y - 4, area.width - 20, 8)
        pygame.draw.rect(surface, theme.WORD, self.slider, border_radius=4)
        small = fonts.get(13)
        for mark in range(int(SLIDER_TOP) + 1):
            x = self.slider.left + self.slider.width * mark / SLIDER_TOP
            pygame.draw.line(surface, theme.MUTED, (x, track_y - 10), (x, track_y + 10), 2)
            theme.draw_text(surface, str(mark), small, theme.MUTED, (x, track_y + 12), "midtop")
        fraction = min(self.temperature, SLIDER_TOP) / SLIDER_TOP
        knob = (round(self.slider.left + self.slider.width * fraction), track_y)
        pygame.draw.circle(surface, theme.ACCENT, knob, max(8, fonts.size(11)))
        theme.draw_text(
            surface, "greedy", small, theme.MUTED, (self.slider.left, track_y - 12), "bottomleft"
        )
        theme.draw_text(
            surface, "random", small, theme.MUTED, (self.slider.right, track_y - 12), "bottomright"
        )

    def _draw_chart(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        probabilities = self.distribution()
        if probabilities is None or self.scored is None:
            theme.panel(surface, area)
            message = (
                "Preparing the clue vocabulary (first run only)\u2026"
                if not self.lab.services.worker.vocabulary_ready
                else "Scoring clues\u2026"
            )
            theme.draw_text(
                surface, message, fonts.get(20), theme.TEXT, area.center, "center", area.width
            )
            return
        shown = min(15, probabilities.size)
        draw_distribution(
            surface,
            area,
            f"Most likely clues for \u201c{self.lab.target}\u201d at T = {self.temperature:g}",
            [self.scored.word(i) for i in range(shown)],
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
        engine_method = self.lab.services.worker.engine.method.name
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
            is_target = result.index == self.lab.target_index
            pygame.draw.rect(
                surface, theme.TARGET if is_target else theme.WORD, rect, border_radius=5
            )
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
