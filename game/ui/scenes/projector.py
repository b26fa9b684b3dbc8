"""The projector view of a class leaderboard: podium and top 10, the lesson view, then
the clues whose ranking players flagged.

Full screen, readable from the back of a room: big names and scores, the challenge
code and its QR code. Offensive names and clues are hidden. Keys: Tab, Left/Right
or Space switch between the ranking, the lesson and the flagged clues; Esc or Q closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pygame

from game.classroom import FlaggedClue, Standing, TargetStats, display_name, shown_clue
from game.classroom.challenge import kind_of
from game.ui import theme
from game.ui.qr import qr_surface
from game.ui.text import ordinal, plural

TOP = 10
PODIUM = 3
LESSON_ROWS = 10
PAGES = ("ranking", "lesson", "flagged")
FRAMES_PER_SECOND = 30
GOLD, SILVER, BRONZE = (230, 159, 0), (190, 196, 206), (205, 127, 50)


@dataclass
class ProjectorView:
    """What the projector shows, and which page is up."""

    code: str
    standings: Sequence[Standing]
    lesson: Sequence[TargetStats]
    page: int = 0
    flagged: Sequence[FlaggedClue] = ()

    def handle(self, event: pygame.event.Event) -> bool:
        """Apply a key; returns False when the view should close."""
        if event.type == pygame.QUIT:
            return False
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_q):
                return False
            if event.key in (pygame.K_TAB, pygame.K_RIGHT, pygame.K_SPACE):
                self.page = (self.page + 1) % len(PAGES)
            elif event.key == pygame.K_LEFT:
                self.page = (self.page - 1) % len(PAGES)
        return True

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the current page on the whole surface."""
        surface.fill(theme.BACKGROUND)
        fonts = theme.Fonts(surface.get_height())
        width, height = surface.get_size()
        side = min(width // 4, height // 3)
        margin = max(12, height // 40)
        _draw_code(surface, fonts, self.code, side, margin)
        area = pygame.Rect(margin, margin, width - side - 3 * margin, height - 2 * margin)
        if PAGES[self.page] == "ranking":
            _draw_ranking(surface, fonts, area, self.standings)
        elif PAGES[self.page] == "lesson":
            mode = self.standings[0].entry.result.mode if self.standings else "arcade"
            _draw_lesson(surface, fonts, area, self.lesson, kind_of(mode).word_heading)
        else:
            _draw_flagged(surface, fonts, area, self.flagged)
        hint = "Tab: ranking / lesson / flagged    Esc: close"
        theme.draw_text(
            surface,
            hint,
            fonts.get(14),
            theme.MUTED,
            (width - margin, height - margin),
            "bottomright",
        )


def _draw_code(
    surface: pygame.Surface, fonts: theme.Fonts, code: str, side: int, margin: int
) -> None:
    width = surface.get_width()
    qr = qr_surface(code, side)
    rect = qr.get_rect(topright=(width - margin, margin))
    surface.blit(qr, rect)
    font = fonts.get(22, bold=True)
    below = theme.draw_text(
        surface,
        code,
        font,
        theme.TEXT,
        (rect.centerx, rect.bottom + margin // 2),
        "midtop",
        max_width=rect.width,
    )
    theme.draw_text(
        surface,
        "Challenge code",
        fonts.get(16),
        theme.MUTED,
        (rect.centerx, below.bottom + 4),
        "midtop",
    )


def _draw_ranking(
    surface: pygame.Surface, fonts: theme.Fonts, area: pygame.Rect, standings: Sequence[Standing]
) -> None:
    title = theme.draw_text(
        surface, "Class leaderboard", fonts.get(40, bold=True), theme.ACCENT, area.topleft
    )
    if not standings:
        theme.draw_text(
            surface,
            "No verified results yet",
            fonts.get(28),
            theme.MUTED,
            (area.left, title.bottom + 20),
        )
        return
    podium_height = int(area.height * 0.42)
    podium = pygame.Rect(area.left, title.bottom + 10, area.width, podium_height)
    _draw_podium(surface, fonts, podium, standings[:PODIUM])
    rest = standings[PODIUM:TOP]
    top = podium.bottom + 16
    if not rest:
        return
    row_height = min(fonts.size(44), (area.bottom - top) // len(rest))
    font = pygame.font.Font(theme.FONT_BOLD, max(12, int(row_height * 0.62)))
    score_x = area.left + int(area.width * 0.78)
    for i, standing in enumerate(rest):
        y = top + i * row_height
        theme.draw_text(surface, f"{standing.place}.", font, theme.MUTED, (area.left, y))
        theme.draw_text(
            surface,
            display_name(standing),
            font,
            theme.TEXT,
            (area.left + font.size("10.  ")[0], y),
            max_width=score_x - area.left - font.size("10.  ")[0] - 20,
        )
        theme.draw_text(surface, str(standing.score), font, theme.TEXT, (area.right, y), "topright")


def _draw_podium(
    surface: pygame.Surface, fonts: theme.Fonts, area: pygame.Rect, best: Sequence[Standing]
) -> None:
    column = area.width // 3
    # Second place left, first in the middle, third right, as on a real podium.
    layout = [(1, 0.62, SILVER), (0, 0.85, GOLD), (2, 0.45, BRONZE)]
    name_font = fonts.get(30, bold=True)
    score_font = fonts.get(26)
    label_height = name_font.get_height() + score_font.get_height() + 8
    for slot, (index, share, colour) in enumerate(layout):
        if index >= len(best):
            continue
        standing = best[index]
        block_height = int((area.height - label_height) * share)
        block = pygame.Rect(
            area.left + slot * column + 8, area.bottom - block_height, column - 16, block_height
        )
        pygame.draw.rect(surface, colour, block, border_radius=8)
        theme.draw_text(
            surface,
            str(standing.place),
            fonts.get(48, bold=True),
            theme.TARGET_TEXT,
            (block.centerx, block.top + 8),
            "midtop",
        )
        score = theme.draw_text(
            surface,
            str(standing.score),
            score_font,
            theme.TEXT,
            (block.centerx, block.top - 4),
            "midbottom",
        )
        theme.draw_text(
            surface,
            display_name(standing),
            name_font,
            theme.TEXT,
            (block.centerx, score.top - 2),
            "midbottom",
            max_width=column - 8,
        )


def fitting_font(texts: Sequence[str], width: int, size: int, floor: int = 12) -> pygame.font.Font:
    """The regular font at the largest size up to `size` where every text fits `width`."""
    while True:
        font = pygame.font.Font(theme.FONT_REGULAR, size)
        if size <= floor or all(font.size(text)[0] <= width for text in texts):
            return font
        size -= 1


def whole_clues(font: pygame.font.Font, parts: Sequence[str], width: int) -> str:
    """As many whole "clue (score)" entries as fit `width`, best first (never half a score)."""
    for count in range(len(parts), 0, -1):
        text = ",  ".join(parts[:count])
        if font.size(text)[0] <= width:
            return text
    return theme.ellipsize(font, parts[0], width) if parts else "\u2013"


def _draw_lesson(
    surface: pygame.Surface,
    fonts: theme.Fonts,
    area: pygame.Rect,
    lesson: Sequence[TargetStats],
    word: str = "Target",
) -> None:
    """The lesson page: a row per target word (Blocks: per word block the clues chose)."""
    title = theme.draw_text(
        surface,
        f"Lesson: how the model ranked the {word.lower()}s",
        fonts.get(34, bold=True),
        theme.ACCENT,
        area.topleft,
        max_width=area.width,
    )
    head_font = fonts.get(18, bold=True)
    top = title.bottom + 14
    columns = (0.0, 0.25, 0.42, 0.56)
    grouped = any(c.group for stats in lesson for c in stats.best)  # Blocks: group sizes
    heads = (word, "Cleared", "Clues", f"Best clues ({'group' if grouped else 'score'})")
    for share, head in zip(columns, heads, strict=True):
        theme.draw_text(
            surface, head, head_font, theme.MUTED, (area.left + area.width * share, top)
        )
    top += head_font.get_height() + 8
    rows = lesson[:LESSON_ROWS]
    if not rows:
        theme.draw_text(surface, "No clues yet", fonts.get(26), theme.MUTED, (area.left, top))
        return
    row_height = min(fonts.size(56), (area.bottom - top - fonts.size(20)) // len(rows))
    word_font = pygame.font.Font(theme.FONT_BOLD, max(11, int(row_height * 0.5)))
    best_width = int(area.width * (1 - columns[3]))
    best_parts = [
        [
            f"{shown_clue(c.clue)} ({f'group {c.group}' if c.group else f'{c.score:.2f}'})"
            for c in stats.best
        ]
        for stats in rows
    ]
    best_texts = [",  ".join(parts) or "\u2013" for parts in best_parts]
    # One size for every row: the largest at which the longest row fits (then cut).
    small = fitting_font(best_texts, best_width, max(10, int(row_height * 0.38)))
    for i, stats in enumerate(rows):
        y = top + i * row_height
        x = [area.left + area.width * share for share in columns]
        theme.draw_diamond(surface, (x[0] + 8, y + word_font.get_height() / 2), 7, theme.TARGET)
        theme.draw_text(
            surface,
            stats.word,
            word_font,
            theme.TEXT,
            (x[0] + 22, y),
            max_width=int(area.width * columns[1]) - 30,
        )
        theme.draw_text(
            surface, f"{stats.cleared_by} of {stats.met_by}", word_font, theme.TEXT, (x[1], y)
        )
        median = "\u2013" if stats.median_clues is None else f"{stats.median_clues:g}"
        theme.draw_text(surface, median, word_font, theme.TEXT, (x[2], y))
        best = whole_clues(small, best_parts[i], best_width)
        theme.draw_text(surface, best, small, theme.CLEARED, (x[3], y + 4))
    if len(lesson) > LESSON_ROWS:
        more = f"+ {len(lesson) - LESSON_ROWS} more {word.lower()}s in the CSV"
        theme.draw_text(
            surface, more, fonts.get(16), theme.MUTED, (area.left, top + len(rows) * row_height)
        )


def flagged_rank(flag: FlaggedClue) -> str:
    """Where the model ranked the target: "5th", or "4th\u20137th" when the stacks differed."""
    best, worst = flag.ranks[0], flag.ranks[-1]
    return ordinal(best) if best == worst else f"{ordinal(best)}\u2013{ordinal(worst)}"


def _draw_flagged(
    surface: pygame.Surface,
    fonts: theme.Fonts,
    area: pygame.Rect,
    flagged: Sequence[FlaggedClue],
) -> None:
    title = theme.draw_text(
        surface,
        "\u2691 Flagged: where the class and the model disagree",
        fonts.get(34, bold=True),
        theme.ACCENT,
        area.topleft,
        max_width=area.width,
    )
    note = theme.draw_wrapped(
        surface,
        "Rankings players flagged as \u201cnot what I meant\u201d (it cost them nothing).",
        fonts.get(18),
        theme.MUTED,
        (area.left, title.bottom + 6),
        area.width,
    )
    head_font = fonts.get(18, bold=True)
    top = note + 14
    columns = (0.0, 0.34, 0.62, 0.82)
    heads = ("Clue", "Target", "Model ranked it", "Flagged by")
    for share, head in zip(columns, heads, strict=True):
        theme.draw_text(
            surface,
            head,
            head_font,
            theme.MUTED,
            (area.left + area.width * share, top),
            max_width=int(area.width * 0.18) if share >= 0.62 else None,
        )
    top += head_font.get_height() + 8
    rows = flagged[:LESSON_ROWS]
    if not rows:
        theme.draw_text(
            surface, "Nobody flagged a ranking", fonts.get(26), theme.MUTED, (area.left, top)
        )
        return
    row_height = min(fonts.size(56), (area.bottom - top - fonts.size(20)) // len(rows))
    font = pygame.font.Font(theme.FONT_BOLD, max(11, int(row_height * 0.5)))
    for i, flag in enumerate(rows):
        y = top + i * row_height
        x = [area.left + area.width * share for share in columns]
        theme.draw_text(
            surface,
            f"\u201c{shown_clue(flag.clue)}\u201d",
            font,
            theme.TEXT,
            (x[0], y),
            max_width=int(area.width * columns[1]) - 16,
        )
        size = max(7, font.get_height() // 4)
        theme.draw_diamond(surface, (x[1] + size, y + font.get_height() / 2), size, theme.TARGET)
        theme.draw_text(
            surface,
            flag.target,
            font,
            theme.TEXT,
            (x[1] + 2 * size + 8, y),
            max_width=int(area.width * (columns[2] - columns[1])) - 2 * size - 20,
        )
        theme.draw_text(
            surface,
            flagged_rank(flag),
            font,
            theme.DANGER if flag.ranks[0] > 1 else theme.TEXT,
            (x[2], y),
            max_width=int(area.width * (columns[3] - columns[2])) - 12,
        )
        theme.draw_text(
            surface,
            plural(flag.players, "player"),
            font,
            theme.TEXT,
            (x[3], y),
            max_width=int(area.width * (1 - columns[3])),
        )
    if len(flagged) > LESSON_ROWS:
        more = f"+ {len(flagged) - LESSON_ROWS} more flagged clues in the CSV"
        theme.draw_text(
            surface, more, fonts.get(16), theme.MUTED, (area.left, top + len(rows) * row_height)
        )


def run_projector(
    code: str,
    standings: Sequence[Standing],
    lesson: Sequence[TargetStats],
    size: tuple[int, int] | None = None,
    screenshot: Path | None = None,
    max_frames: int | None = None,
    flagged: Sequence[FlaggedClue] = (),
    page: int = 0,
) -> None:
    """Open the projector window (full screen unless `size`) until Esc; optional screenshot."""
    view = ProjectorView(code, standings, lesson, page, flagged)
    run_view(view, f"Wordstack \u2013 {code}", size, screenshot, max_frames)


class View(Protocol):
    """A full-window view: takes events (False closes it) and draws itself."""

    def handle(self, event: pygame.event.Event) -> bool:
        """Apply an event; False closes the window."""
        ...

    def draw(self, surface: pygame.Surface) -> None:
        """Draw on the whole surface."""
        ...


def run_view(
    view: View,
    caption: str,
    size: tuple[int, int] | None = None,
    screenshot: Path | None = None,
    max_frames: int | None = None,
) -> None:
    """Show ``view`` in its own window (full screen unless `size`) at 30 frames a second."""
    pygame.display.init()
    pygame.font.init()
    try:
        flags = pygame.FULLSCREEN if size is None else 0
        screen = pygame.display.set_mode(size or (0, 0), flags)
        pygame.display.set_caption(caption)
        clock = pygame.time.Clock()
        frames = 0
        running = True
        while running and (max_frames is None or frames < max_frames):
            for event in pygame.event.get():
                running = running and view.handle(event)
            view.draw(screen)
            pygame.display.flip()
            clock.tick(FRAMES_PER_SECOND)
            frames += 1
        if screenshot is not None:
            pygame.image.save(screen, screenshot)
    finally:
        pygame.display.quit()
