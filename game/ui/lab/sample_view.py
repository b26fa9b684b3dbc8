"""The Sample page drawn: the stack and tally, the slider, and the chart area's views."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.cluegen import SCORE_SCALE, entropy
from game.ui import theme
from game.ui.lab.bars import BarRows, draw_bars, percent
from game.ui.lab.curve import draw_curve
from game.ui.lab.methods import draw_comparison
from game.ui.lab.numbers import cut_lines, max_entropy
from game.ui.lab.page import draw_words

if TYPE_CHECKING:
    from game.ui.lab.sample import SamplePage

MAX_ROWS = 15
SLIDER_TOP = 3.0  # the slider shows 0-3; keys go on to the page's MAX_TEMPERATURE


def draw(page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
    """Formula line; stack and tally on the left; slider and the chosen view on the right."""
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
    left = pygame.Rect(area.left, top, round(area.width * 0.28), area.bottom - top)
    right = pygame.Rect(left.right + pad * 2, top, area.right - left.right - pad * 2, left.height)
    _draw_stack(page, surface, left, fonts)
    slider_height = round(area.height * 0.13)
    _draw_slider(
        page, surface, pygame.Rect(right.left, right.top, right.width, slider_height), fonts
    )
    chart = pygame.Rect(
        right.left, right.top + slider_height + pad, right.width, right.height - slider_height - pad
    )
    if page.scored is None:
        _draw_waiting(page, surface, chart, fonts)
    elif page.view == "methods" and page.comparison is not None:
        worker = page.lab.services.worker
        draw_comparison(
            surface,
            chart,
            fonts,
            page.comparison,
            worker.engine.method.name,
            page.lab.target_index,
            page.zone,
        )
    elif page.view == "temperatures":
        _draw_two_temperatures(page, surface, chart, fonts)
    elif page.view == "curve":
        _draw_curve(page, surface, chart, fonts)
    else:
        _draw_chart(page, surface, chart, fonts)


def _draw_waiting(
    page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
) -> None:
    theme.panel(surface, area)
    message = (
        "Preparing the clue vocabulary (first run only)\u2026"
        if not page.lab.services.worker.vocabulary_ready
        else "Scoring clues\u2026"
    )
    theme.draw_text(surface, message, fonts.get(20), theme.TEXT, area.center, "center", area.width)


def _draw_stack(
    page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
) -> None:
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
    stack = page.lab.stack
    rows = pygame.Rect(x, y, area.width - 28, (font.get_height() + 6) * len(stack))
    page.word_rects = draw_words(surface, rows, fonts, stack, page.lab.target_index)
    y = rows.bottom + 10
    pygame.draw.line(surface, theme.PANEL_EDGE, (x, y), (area.right - 14, y))
    y += 8
    _draw_tally(page, surface, pygame.Rect(x, y, area.width - 28, area.bottom - y - 8), fonts)


def _draw_tally(
    page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
) -> None:
    label, font = fonts.get(15, bold=True), fonts.get(16)
    total = sum(page.tally.values())
    theme.draw_text(
        surface, f"SAMPLES AT T = {page.temperature:g}", label, theme.MUTED, area.topleft
    )
    y = area.top + label.get_height() + 4
    exact = page.clear_rate()
    if not total:
        text = (
            "Press S to draw one clue, Enter to draw 20. Low T "
            "repeats the same clue; high T gives variety, and more misses."
        )
        if exact is not None:
            text = f"Exactly {exact:.0%} of clues drawn now clear the target. " + text
        theme.draw_wrapped(surface, text, font, theme.MUTED, (area.left, y), area.width)
        return
    cleared = sum(page.hits.values())
    summary = f"{total} drawn \u00b7 {len(page.tally)} different \u00b7 {cleared / total:.0%} clear"
    if exact is not None:
        summary += f" (exact: {exact:.0%})"
    theme.draw_text(surface, summary, font, theme.TEXT, (area.left, y), max_width=area.width)
    y += font.get_height() + 4
    if page.last:
        clue, rank = page.last
        theme.draw_text(
            surface,
            f"last: \u201c{clue}\u201d \u2192 target ranked {rank}",
            font,
            theme.CLEARED if rank <= page.zone else theme.DANGER,
            (area.left, y),
            max_width=area.width,
        )
        y += font.get_height() + 6
    row = font.get_height() + 2
    for clue, count in page.tally.most_common(max(0, (area.bottom - y) // row)):
        hits = page.hits[clue]
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


def _draw_slider(
    page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
) -> None:
    label = fonts.get(20, bold=True)
    text = page.settings_text()
    if page.view == "temperatures":
        text += f"   T\u2082 = {page.second_temperature:.1f}"
    theme.draw_text(surface, text, label, theme.TEXT, area.topleft, max_width=area.width)
    track_y = area.top + label.get_height() + round(area.height * 0.35)
    page.slider = pygame.Rect(area.left + 10, track_y - 4, area.width - 20, 8)
    pygame.draw.rect(surface, theme.WORD, page.slider, border_radius=4)
    small = fonts.get(13)
    for mark in range(int(SLIDER_TOP) + 1):
        x = page.slider.left + page.slider.width * mark / SLIDER_TOP
        pygame.draw.line(surface, theme.MUTED, (x, track_y - 10), (x, track_y + 10), 2)
        theme.draw_text(surface, str(mark), small, theme.MUTED, (x, track_y + 12), "midtop")
    knobs = [(page.temperature, theme.ACCENT)]
    if page.view == "temperatures":
        knobs.append((page.second_temperature, theme.TARGET))
    for temperature, colour in knobs:
        fraction = min(temperature, SLIDER_TOP) / SLIDER_TOP
        knob = (round(page.slider.left + page.slider.width * fraction), track_y)
        pygame.draw.circle(surface, colour, knob, max(8, fonts.size(11)))
    theme.draw_text(
        surface, "greedy", small, theme.MUTED, (page.slider.left, track_y - 12), "bottomleft"
    )
    theme.draw_text(
        surface, "random", small, theme.MUTED, (page.slider.right, track_y - 12), "bottomright"
    )


def _rows(page: SamplePage, temperature: float, shown: int, scores: bool) -> BarRows:
    """The bars of the `shown` best clues at `temperature`, with the current cuts."""
    assert page.scored is not None
    before = page.unclipped(temperature)
    assert before is not None
    cuts, survivors = cut_lines(before, page.top_k, page.top_p, page.min_p)
    rest = ""
    if len(page.scored) > shown:
        share = percent(1.0 - float(before[:shown].sum()))
        rest = f"{len(page.scored) - shown:,} more clues: {share}"
    return BarRows(
        labels=[page.scored.word(i) for i in range(shown)],
        probabilities=before[:shown],
        survivors=survivors[:shown] if cuts else None,
        scores=page.scored.scores[:shown].tolist() if scores else None,
        cuts=cuts,
        highlight=page.last[0] if page.last else None,
        rest=rest,
    )


def _shown(page: SamplePage, height: int, fonts: theme.Fonts) -> int:
    assert page.scored is not None
    fit = max(5, height // max(1, fonts.get(15).get_height()))
    return min(MAX_ROWS, len(page.scored), fit)


def _draw_chart(
    page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
) -> None:
    """Title, entropy against its maximum, then the bars of the best clues."""
    assert page.scored is not None
    theme.panel(surface, area)
    inner = area.inflate(-24, -16)
    head = fonts.get(16, bold=True)
    title = f"Most likely clues for \u201c{page.lab.target}\u201d at T = {page.temperature:g}"
    theme.draw_text(surface, title, head, theme.TEXT, inner.topleft, max_width=inner.width)
    y = inner.top + head.get_height() + 4
    y = _draw_entropy(page, surface, pygame.Rect(inner.left, y, inner.width, 0), fonts)
    rows = pygame.Rect(inner.left, y + 4, inner.width, inner.bottom - y - 4)
    shown = _shown(page, rows.height, fonts)
    draw_bars(surface, rows, fonts, _rows(page, page.temperature, shown, scores=True), page.log)


def _draw_entropy(
    page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
) -> int:
    """The entropy on a gauge from 0 to the whole vocabulary's maximum; returns the bottom y."""
    assert page.scored is not None
    info = fonts.get(13)
    bits = page.entropy_bits() or 0.0
    candidates = len(page.scored)
    vocabulary = len(page.scored.vocabulary)
    most, whole = max_entropy(candidates), max_entropy(vocabulary)
    text = (
        f"entropy {bits:.2f} bits \u00b7 at most log\u2082 {candidates:,} = {most:.2f} for these "
        f"clues, log\u2082 {vocabulary:,} = {whole:.2f} for the whole vocabulary"
    )
    theme.draw_text(surface, text, info, theme.MUTED, area.topleft, max_width=area.width)
    y = area.top + info.get_height() + 3
    gauge = pygame.Rect(area.left, y, area.width, max(4, fonts.size(6)))
    pygame.draw.rect(surface, theme.WORD, gauge)
    pygame.draw.rect(
        surface, theme.BAR, (gauge.left, gauge.top, round(gauge.width * bits / whole), gauge.height)
    )
    x = gauge.left + round(gauge.width * most / whole)
    pygame.draw.line(surface, theme.TEXT, (x, gauge.top - 3), (x, gauge.bottom + 2), 2)
    return gauge.bottom + 4


def _draw_two_temperatures(
    page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
) -> None:
    """The same best clues at T and at the second T, side by side."""
    assert page.scored is not None
    theme.panel(surface, area)
    inner = area.inflate(-24, -16)
    head, info = fonts.get(16, bold=True), fonts.get(13)
    theme.draw_text(
        surface,
        f"The same clues for \u201c{page.lab.target}\u201d at two temperatures",
        head,
        theme.TEXT,
        inner.topleft,
        max_width=inner.width,
    )
    top = inner.top + head.get_height() + 6
    gap = 20
    width = (inner.width - gap) // 2
    settings = (
        (page.temperature, "\u2190 \u2192", theme.ACCENT),
        (page.second_temperature, "[ ]", theme.TARGET),
    )
    for number, (temperature, keys, colour) in enumerate(settings):
        column = pygame.Rect(inner.left + number * (width + gap), top, width, inner.bottom - top)
        p = page.distribution_at(temperature)
        assert p is not None
        rate = page.clear_rate(temperature)
        cleared = f" \u00b7 clears {rate:.0%}" if rate is not None else ""
        theme.draw_text(
            surface,
            f"T = {temperature:g}  ({keys})",
            head,
            colour,
            column.topleft,
            max_width=column.width,
        )
        y = column.top + head.get_height() + 2
        theme.draw_text(
            surface,
            f"entropy {entropy(p):.2f} bits{cleared}",
            info,
            theme.MUTED,
            (column.left, y),
            max_width=column.width,
        )
        rows = pygame.Rect(column.left, y + info.get_height() + 6, column.width, 0)
        rows.height = column.bottom - rows.top
        bars = _rows(page, temperature, _shown(page, rows.height, fonts), scores=False)
        draw_bars(surface, rows, fonts, bars, page.log)


def _draw_curve(
    page: SamplePage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts
) -> None:
    curve = page.curve()
    if curve is None:
        theme.panel(surface, area)
        theme.draw_text(
            surface,
            "Ranking the target for every clue\u2026",
            fonts.get(20),
            theme.TEXT,
            area.center,
            "center",
            area.width,
        )
        return
    title = (
        f"Chance a drawn clue clears \u201c{page.lab.target}\u201d (puts it in the top "
        f"{page.zone}) against T"
    )
    draw_curve(surface, area, fonts, title, curve)
