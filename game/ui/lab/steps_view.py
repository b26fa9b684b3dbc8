"""The "Step by step" page drawn: the steps table, the code with its numbers, the bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.cluegen import SCORE_SCALE
from game.ui import theme
from game.ui.lab.numbers import bar_fractions
from game.ui.lab.walk import CODE, Walk, code_notes

if TYPE_CHECKING:
    from game.ui.lab.steps import StepsPage

SEGMENT_COLOURS = (theme.ZONE, theme.WORD_EDGE)


def draw(page: StepsPage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts) -> None:
    """The clue line; the steps table and the code side by side; the cumulative bar."""
    pad = max(6, area.height // 50)
    font = fonts.get(18)
    box = pygame.Rect(area.left, area.top, round(area.width * 0.4), font.get_height() + 14)
    page.entry.draw(surface, box, font, True)
    status = _status(page)
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
    if page.walk is None:
        message = (
            "Scoring the stack for \u201c" + page.clue + "\u201d\u2026"
            if page.request is not None
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
        _draw_code(page, surface, code, fonts, None)
        return
    _draw_table(page, surface, table, fonts, page.walk)
    _draw_code(page, surface, code, fonts, page.walk)
    _draw_bar(page, surface, bar, fonts, page.walk)


def _status(page: StepsPage) -> str:
    if page.walk is None:
        return f"T = {page.temperature:g}"
    predicted = page.walk.words[page.prediction]
    text = f"Clue \u201c{page.clue}\u201d \u00b7 T = {page.temperature:g} \u00b7 "
    batch = page.batch
    if batch is not None:
        mode = int(batch.counts.argmax())
        verdict = "right!" if batch.right else "not the most"
        return (
            f"T = {page.temperature:g} \u00b7 {batch.rows.size} draws: most often "
            f"\u201c{page.walk.words[mode]}\u201d ({batch.counts[mode]}\u00d7); your "
            f"\u201c{page.walk.words[batch.prediction]}\u201d "
            f"{batch.counts[batch.prediction]}\u00d7: {verdict}"
        )
    if page.last_draw is None:
        return text + f"which word comes out most? You predict \u201c{predicted}\u201d: Enter"
    _, picked, guessed = page.last_draw
    verdict = "right" if picked == guessed else "wrong"
    return (
        text
        + f"drawn \u201c{page.walk.words[picked]}\u201d: your prediction was "
        + (f"{verdict} ({page.right} of {page.draws} so far)")
    )


def _draw_table(
    page: StepsPage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts, steps: Walk
) -> None:
    inner = area.inflate(-20, -16)
    head = fonts.get(14, bold=True)
    rows = len(steps.words) + 1
    row = max(8, inner.height // rows)
    font = fonts.get(min(17, max(10, round(row / fonts.factor * 0.55))))
    divide = "T = 0: max" if steps.greedy else f"\u00f7 T ({steps.temperature:g})"
    columns = (
        ("word", 0.0),
        ("score", 0.27),
        (f"\u00f7 {SCORE_SCALE:g}", 0.39),
        (divide, 0.51),
        ("p", 0.64),
    )
    for name, at in columns:
        theme.draw_text(
            surface, name, head, theme.MUTED, (inner.left + inner.width * at, inner.top)
        )
    batch = page.batch
    bar_left = inner.left + round(inner.width * 0.74)
    bar_width = inner.right - bar_left - (font.size("\u00d7 50")[0] + 8 if batch else 0)
    theme.draw_text(
        surface,
        "log\u2081\u2080 p (10\u207b\u2076 to 1)" if page.log else "p (0 to 1)",
        head,
        theme.MUTED,
        (bar_left, inner.top),
        max_width=inner.right - bar_left,
    )
    lengths = bar_fractions(steps.probabilities, page.log)
    last = page.last_draw
    for number, word in enumerate(steps.words):
        y = inner.top + (number + 1) * row
        rect = pygame.Rect(inner.left - 6, y, inner.width + 12, row - 2)
        if number == page.prediction:
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
            width = inner.width * 0.27 - 4 if at == 0 else inner.width * 0.12 - 4
            theme.draw_text(surface, text, font, colour, (x, rect.centery), "midleft", round(width))
        track = pygame.Rect(bar_left, rect.centery - row // 4, bar_width, max(3, row // 2))
        pygame.draw.rect(surface, theme.WORD, track)
        length = round(bar_width * float(lengths[number]))
        if length:
            pygame.draw.rect(surface, theme.BAR, (track.left, track.top, length, track.height))
        if batch is not None:
            count = int(batch.counts[number])
            most = count == batch.counts.max()
            theme.draw_text(
                surface,
                f"\u00d7 {count}",
                font,
                theme.REFUSED if most else theme.MUTED,
                (inner.right, rect.centery),
                "midright",
            )


def _draw_code(
    page: StepsPage,
    surface: pygame.Surface,
    area: pygame.Rect,
    fonts: theme.Fonts,
    steps: Walk | None,
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
        draw = page.last_draw
        notes = code_notes(
            steps,
            page.prediction,
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
    page: StepsPage, surface: pygame.Surface, area: pygame.Rect, fonts: theme.Fonts, steps: Walk
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
        chosen = page.last_draw is not None and page.last_draw[1] == number
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
    if page.last_draw is not None:
        x = strip.left + round(strip.width * page.last_draw[0])
        pygame.draw.line(surface, theme.REFUSED, (x, strip.top - 4), (x, strip.bottom + 4), 3)
        pygame.draw.polygon(
            surface,
            theme.REFUSED,
            [(x - 7, strip.bottom + 8), (x + 7, strip.bottom + 8), (x, strip.bottom)],
        )
    if page.batch is not None:
        # Each of the batch's r as a short tick under the bar: where the draws fell.
        for r in page.batch.r.tolist():
            x = strip.left + round(strip.width * r)
            pygame.draw.line(
                surface, theme.REFUSED, (x, strip.bottom - 10), (x, strip.bottom + 4), 2
            )
