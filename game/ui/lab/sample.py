"""The Sample page: candidate clues' probabilities against T, top-k, top-p and min-p."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future

import numpy as np
import pygame

from game.cluegen import CandidateScores, entropy
from game.rules import ArcadeSettings
from game.similarity import rank_order
from game.ui import theme
from game.ui.lab import sample_view
from game.ui.lab.curve import ClearCurve
from game.ui.lab.methods import Comparison, rankings
from game.ui.lab.numbers import clear_curve, clear_rate
from game.ui.lab.page import Lab, LabPage
from game.ui.lab.sample_view import SLIDER_TOP

MAX_TEMPERATURE = 5.0
TOP_K_CHOICES = (None, 5, 20)
TOP_P_CHOICES = (None, 0.9, 0.5)
MIN_P_CHOICES = (None, 0.05, 0.2)
BATCH = 20
BASELINE = "cosine"  # the compare view shows the engine's method beside plain cosine
SECOND_TEMPERATURE = 2.0  # the two-temperature view's second T, to start with
CURVE_TEMPERATURES = np.linspace(0.0, SLIDER_TOP, 61)
VIEWS = ("bars", "temperatures", "curve", "methods")

Settings = tuple[float, int | None, float | None, float | None]


class SamplePage(LabPage):
    """A temperature slider, the live distribution of clues for the target, and a tally.

    The chart area shows one view: the bars (linear or log, with the cuts), two
    temperatures side by side, the clear rate against T, or the methods compared.
    """

    title = "Sample"
    keys = (
        "\u2190\u2192 temperature (Shift: faster) \u00b7 0 / 1 set T \u00b7 "
        "\u2191\u2193 target \u00b7 S sample \u00b7 Enter sample 20 \u00b7 "
        "K top-k off/5/20 \u00b7 P top-p off/0.9/0.5 \u00b7 M min-p off/0.05/0.2 \u00b7 "
        "L log scale \u00b7 V two temperatures ([ ] the second) \u00b7 G clear rate vs T \u00b7 "
        "C compare methods \u00b7 N new stack \u00b7 R reset"
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
        self.view = "bars"  # one of VIEWS
        self.log = False  # bars on a log10 axis
        self.second_temperature = SECOND_TEMPERATURE
        # Where each candidate, as the clue, ranks the target (for the clear rate).
        self.ranks_request: Future[np.ndarray] | None = None
        self.ranks: np.ndarray | None = None
        self._curve: tuple[tuple[object, ...], np.ndarray] | None = None
        # The compare view: the clue and the stack ranked by each method (method name first).
        self.comparison: Comparison | None = None
        self._comparing_jobs: tuple[str, list[tuple[str, Future[np.ndarray]]]] | None = None

    # -- actions -------------------------------------------------------------------------

    def stack_changed(self) -> None:
        """Ask the clue thread for every candidate's score for the new target."""
        self.scored = None
        self.comparison = None
        self.ranks = self.ranks_request = None
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

    def set_second_temperature(self, value: float) -> None:
        """Move the second temperature of the two-temperature view."""
        self.second_temperature = round(min(MAX_TEMPERATURE, max(0.0, value)), 2)

    def distribution_at(self, temperature: float) -> np.ndarray | None:
        """The distribution at `temperature` with the current cuts (None while scoring)."""
        if self.scored is None:
            return None
        return self.scored.distribution(temperature, self.top_k, self.top_p, self.min_p)

    def unclipped(self, temperature: float) -> np.ndarray | None:
        """The distribution at `temperature` before any cut: what the bars are drawn from."""
        if self.scored is None:
            return None
        return self.scored.distribution(temperature)

    def entropy_bits(self) -> float | None:
        """The entropy of the distribution clues are drawn from now, in bits."""
        if self.distribution() is None or self._distribution is None:
            return None
        return self._distribution[3]

    def clear_rate(self, temperature: float | None = None) -> float | None:
        """The exact chance a drawn clue clears the target at `temperature` (default: T)."""
        t = self.temperature if temperature is None else temperature
        p = self.distribution() if temperature is None else self.distribution_at(t)
        if p is None or self.ranks is None:
            return None
        return clear_rate(p, self.ranks, self.zone)

    def curve(self) -> ClearCurve | None:
        """The clear rate against T at the current cuts (cached), the current T marked."""
        if self.scored is None or self.ranks is None:
            return None
        key = (self.scored, self.ranks, self.zone, self.top_k, self.top_p, self.min_p)
        cached = self._curve[0] if self._curve is not None else None
        # The scores and ranks by identity (arrays), the settings by value.
        if (
            cached is None
            or cached[0] is not key[0]
            or cached[1] is not key[1]
            or cached[2:] != key[2:]
        ):
            rates = clear_curve(
                self.scored.probabilities(),
                self.ranks,
                self.zone,
                CURVE_TEMPERATURES,
                self.top_k,
                self.top_p,
                self.min_p,
            )
            self._curve = (key, rates)
        total = sum(self.tally.values())
        observed = (sum(self.hits.values()) / total, total) if total else None
        uniform = float(np.mean(self.ranks <= self.zone))
        current = self.clear_rate()
        assert current is not None
        return ClearCurve(
            CURVE_TEMPERATURES, self._curve[1], (self.temperature, current), uniform, observed
        )

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
        if counted and not self.sampling and self.view == "methods":
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
        if all(job.done() for _, job in jobs):
            self._comparing_jobs = None
            self.comparison = (clue, rankings(jobs, self.lab.stack))

    @property
    def comparing(self) -> bool:
        """True while the methods' rankings show in place of the chart."""
        return self.view == "methods"

    def toggle_view(self, view: str) -> None:
        """Show `view` in place of the bars, or the bars again if it is on show."""
        if view not in VIEWS:
            raise ValueError(f"no Sample view {view!r}")
        self.view = "bars" if self.view == view else view
        if self.view == "methods":
            self.compare()

    def toggle_compare(self) -> None:
        """Show or hide the side-by-side rankings in place of the chart."""
        self.toggle_view("methods")

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
            elif key == pygame.K_l:
                self.log = not self.log
            elif key == pygame.K_v:
                self.toggle_view("temperatures")
            elif key == pygame.K_g:
                self.toggle_view("curve")
            elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
                sign = 1 if key == pygame.K_RIGHTBRACKET else -1
                self.set_second_temperature(self.second_temperature + sign * step)
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
                lab = self.lab
                worker = lab.services.worker
                self.ranks_request = worker.target_ranks(self.scored, lab.stack, lab.target_index)
            self.request = None
            if self.comparing:
                self.compare()
        if self.ranks_request is not None and self.ranks_request.done():
            if self.ranks_request.exception() is None:
                self.ranks = self.ranks_request.result()
            self.ranks_request = None

    def next_change(self) -> float | None:
        """Every frame while scores are awaited; else nothing moves until a key."""
        waiting = (
            self.request is not None
            or self.ranks_request is not None
            or self.sampling
            or self._comparing_jobs is not None
        )
        return 0.0 if waiting else None

    def settings_text(self) -> str:
        """The sampling settings in one line."""
        parts = [f"T = {self.temperature:.1f}"]
        for name, value in (("top-k", self.top_k), ("top-p", self.top_p), ("min-p", self.min_p)):
            parts.append(f"{name} = {value:g}" if value else f"{name} off")
        return "   ".join(parts)

    def draw(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        """Formula line; stack and tally on the left; slider and the view on the right."""
        sample_view.draw(self, surface, area, fonts)
