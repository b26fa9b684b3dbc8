"""The Challenges page: preset experiments for the lecture's last section, computed live."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np
import pygame

from game.cluegen import CandidateScores
from game.similarity import rank_order
from game.ui import theme
from game.ui.lab.page import Lab, LabPage

DRAWS = 20
SEA = ("ocean", "boat", "fish", "desert", "train", "piano", "cloud", "lamp", "salt", "sand")
JOBS = (
    "nurse", "engineer", "secretary", "pilot", "teacher",
    "mechanic", "dancer", "surgeon", "nanny", "plumber",
)  # fmt: skip


@dataclass(frozen=True)
class Preset:
    """One experiment: clues ranked on a stack, or clues drawn for a target at a temperature."""

    title: str
    caption: str  # what it shows, in one neutral sentence
    stack: tuple[str, ...]
    clues: tuple[str, ...] = ()  # ranking presets: each clue's ranking, side by side
    answer: str | None = None  # the factually right word, marked in the rankings
    target: str | None = None  # sampling presets: clues are drawn for this word
    temperature: float = 0.0


PRESETS = (
    Preset(
        "T = 0: always the same",
        "At T = 0 the model always takes its most likely clue: twenty draws, one answer.",
        SEA,
        target="ocean",
        temperature=0.0,
    ),
    Preset(
        "T = 3: nonsense",
        "At T = 3 unlikely clues are drawn almost as often as good ones: variety becomes nonsense.",
        SEA,
        target="ocean",
        temperature=3.0,
    ),
    Preset(
        "Learned associations",
        "The model learned which words appear together from its training text, including "
        "links between occupations and gendered words; the game's ranking uses these scores.",
        JOBS,
        clues=("she", "he"),
    ),
    Preset(
        "No fact-checking: a capital",
        "Similarity measures how words are used together, not what is true: the capital of "
        "Australia is Canberra, wherever it ranks here.",
        ("sydney", "melbourne", "adelaide", "brisbane", "canberra", "perth", "hobart", "darwin"),
        clues=("capital of Australia",),
        answer="canberra",
    ),
    Preset(
        "No fact-checking: another",
        "The same test with Canada: the capital is Ottawa; the ranking shows what the model "
        "associates, right or wrong.",
        ("toronto", "ottawa", "montreal", "vancouver", "calgary", "quebec", "winnipeg"),
        clues=("capital of Canada",),
        answer="ottawa",
    ),
)


class ChallengesPage(LabPage):
    """A list of presets; the chosen one runs through the engine on the model threads."""

    title = "Challenges"
    keys = "\u2191\u2193 choose an experiment \u00b7 Enter / Space run it again"

    def __init__(self, lab: Lab) -> None:
        super().__init__(lab)
        self.selected = 0
        self.rankings: list[tuple[str, Future[np.ndarray]]] = []  # clue, its stack scores
        self.candidates: Future[CandidateScores] | None = None
        self.drawn: Counter[str] | None = None
        self.started = False

    @property
    def preset(self) -> Preset:
        """The experiment on show."""
        return PRESETS[self.selected]

    def run(self) -> None:
        """Send the chosen experiment to the engine (through the worker's threads)."""
        self.started = True
        preset, worker = self.preset, self.lab.services.worker
        self.drawn = None
        self.candidates = None
        self.rankings = [(clue, worker.score_clue(clue, preset.stack)) for clue in preset.clues]
        if preset.target is not None:
            self.candidates = worker.score_candidates(preset.target, preset.stack)

    def handle(self, event: pygame.event.Event) -> None:
        """Arrows choose an experiment; Enter or Space run it again."""
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_UP, pygame.K_DOWN):
            step = 1 if event.key == pygame.K_DOWN else -1
            self.selected = (self.selected + step) % len(PRESETS)
            self.run()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.run()

    def update(self, dt: float) -> None:
        """Start the first experiment when first shown; draw clues once their scores came."""
        if not self.started and self.lab.page is self:
            self.run()
        job = self.candidates
        if job is not None and job.done():
            self.candidates = None
            if job.exception() is None:
                scored = job.result()
                p = scored.distribution(self.preset.temperature)
                picks = self.lab.rng.choice(p.size, size=DRAWS, p=p)
                self.drawn = Counter(scored.word(int(i)) for i in picks)

    def next_change(self) -> float | None:
        """Every frame until the experiment's results are in."""
        waiting = not self.started or self.candidates is not None
        return 0.0 if waiting or any(not job.done() for _, job in self.rankings) else None

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        """The list of experiments on the left, the chosen one's result on the right."""
        pad = max(6, area.height // 50)
        menu = pygame.Rect(area.left, area.top, round(area.width * 0.27), area.height)
        theme.panel(surface, menu)
        font = fonts.get(17)
        row = font.get_height() + 14
        for number, preset in enumerate(PRESETS):
            rect = pygame.Rect(menu.left + 8, menu.top + 8 + number * row, menu.width - 16, row - 4)
            chosen = number == self.selected
            pygame.draw.rect(surface, theme.ZONE if chosen else theme.WORD, rect, border_radius=6)
            theme.draw_text(
                surface,
                preset.title,
                font,
                theme.TEXT,
                (rect.left + 10, rect.centery),
                "midleft",
                rect.width - 20,
            )
        result = pygame.Rect(menu.right + pad, area.top, area.right - menu.right - pad, 0)
        result.height = area.height
        theme.panel(surface, result)
        inner = result.inflate(-28, -20)
        title = fonts.get(22, bold=True)
        theme.draw_text(surface, self.preset.title, title, theme.ACCENT, inner.topleft)
        caption_font = fonts.get(17)
        lines = theme.wrap_lines(self.preset.caption, caption_font, inner.width)
        y = inner.top + title.get_height() + 6
        for line in lines:
            theme.draw_text(surface, line, caption_font, theme.TEXT, (inner.left, y))
            y += caption_font.get_height()
        body = pygame.Rect(inner.left, y + pad, inner.width, inner.bottom - y - pad)
        if self.preset.target is not None:
            self._draw_draws(surface, body, fonts)
        else:
            self._draw_rankings(surface, body, fonts)

    def _draw_draws(self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
        preset = self.preset
        label = fonts.get(15, bold=True)
        bottom = theme.draw_wrapped(
            surface,
            f"{DRAWS} clues drawn for \u201c{preset.target}\u201d at T = {preset.temperature:g}"
            f" (stack: {', '.join(preset.stack)})",
            label,
            theme.MUTED,
            area.topleft,
            area.width,
        )
        font = fonts.get(17)
        y = bottom + 6
        if self.drawn is None:
            theme.draw_text(surface, "Scoring clues\u2026", font, theme.MUTED, (area.left, y))
            return
        theme.draw_text(
            surface,
            f"{len(self.drawn)} different clue{'s' if len(self.drawn) != 1 else ''} "
            f"in {DRAWS} draws",
            font,
            theme.TEXT,
            (area.left, y),
        )
        y += font.get_height() + 6
        row = font.get_height() + 4
        columns = 2 if area.width > 420 else 1
        width = area.width // columns
        per_column = max(1, (area.bottom - y) // row)
        for number, (clue, count) in enumerate(self.drawn.most_common(per_column * columns)):
            x = area.left + (number // per_column) * width
            theme.draw_text(
                surface,
                f"{count:>2} \u00d7 {clue}",
                font,
                theme.TEXT,
                (x, y + (number % per_column) * row),
                max_width=width - 10,
            )

    def _draw_rankings(
        self, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
    ) -> None:
        gap = 16
        count = max(1, len(self.rankings))
        width = (area.width - gap * (count - 1)) // count
        for number, (clue, job) in enumerate(self.rankings):
            column = pygame.Rect(area.left + number * (width + gap), area.top, width, area.height)
            self._draw_ranking(surface, column, fonts, clue, job)

    def _draw_ranking(
        self,
        surface: pygame.Surface,
        area: pygame.Rect,
        fonts: theme.Fonts,
        clue: str,
        job: Future[np.ndarray],
    ) -> None:
        label = fonts.get(15, bold=True)
        theme.draw_text(
            surface,
            f"clue \u201c{clue}\u201d",
            label,
            theme.ACCENT,
            area.topleft,
            max_width=area.width,
        )
        font = fonts.get(16)
        y = area.top + label.get_height() + 6
        if not job.done() or job.exception() is not None:
            text = "Scoring\u2026" if not job.done() else "Could not score this clue."
            theme.draw_text(surface, text, font, theme.MUTED, (area.left, y))
            return
        scores = job.result()
        stack = self.preset.stack
        row = min(round(font.get_height() * 1.7), (area.bottom - y) // max(1, len(stack)))
        score_width = font.size(" 0.000")[0]
        for place, index in enumerate(rank_order(scores), 1):
            word = stack[int(index)]
            rect = pygame.Rect(area.left, y, area.width, max(6, row - 4))
            right = word == self.preset.answer
            pygame.draw.rect(surface, theme.CLEARED if right else theme.WORD, rect, border_radius=5)
            bar = round((rect.width - score_width - 10) * max(0.0, float(scores[index])))
            pygame.draw.rect(
                surface, theme.ZONE, (rect.left, rect.bottom - 4, bar, 4), border_radius=2
            )
            mark = "  \u2713 the right answer" if right else ""
            theme.draw_text(
                surface,
                f"{place}. {word}{mark}",
                font,
                theme.TEXT,
                (rect.left + 8, rect.centery),
                "midleft",
                rect.width - score_width - 16,
            )
            theme.draw_text(
                surface,
                f"{float(scores[index]):.3f}",
                font,
                theme.TEXT,
                (rect.right - 8, rect.centery),
                "midright",
            )
            y += row
