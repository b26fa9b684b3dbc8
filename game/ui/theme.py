"""Colours, fonts and text drawing shared by every scene."""

from __future__ import annotations

from functools import lru_cache

import pygame

from game.paths import ASSETS_DIR

FONT_REGULAR = ASSETS_DIR / "fonts" / "DejaVuSans.ttf"
FONT_BOLD = ASSETS_DIR / "fonts" / "DejaVuSans-Bold.ttf"
BASE_HEIGHT = 720  # font sizes below are in pixels at this window height

# Okabe-Ito colours stay distinguishable with the common forms of colour blindness;
# the target also carries a diamond marker, so colour is never the only cue.
BACKGROUND = (24, 28, 38)
PANEL = (36, 42, 56)
PANEL_EDGE = (62, 70, 90)
TEXT = (236, 238, 242)
MUTED = (150, 158, 176)
WORD = (52, 60, 80)
WORD_EDGE = (86, 96, 122)
TARGET = (230, 159, 0)  # orange
TARGET_TEXT = (24, 20, 8)
CLEARED = (0, 158, 115)  # bluish green
ZONE = (0, 114, 178)  # blue
DANGER = (213, 94, 0)  # vermillion
ACCENT = (86, 180, 233)  # sky blue
BAR = (86, 180, 233)
REFUSED = (240, 228, 66)  # yellow, on dark panels


class Fonts:
    """Fonts that scale with the window height and the player's text-size setting."""

    def __init__(self, height: int, scale: float = 1.0) -> None:
        self.factor = max(0.5, height / BASE_HEIGHT) * scale

    def size(self, base: int) -> int:
        """A base size (at 720 px) scaled for this window."""
        return max(9, round(base * self.factor))

    def get(self, base: int, bold: bool = False) -> pygame.font.Font:
        """The font of a base size."""
        return _font(self.size(base), bold)


@lru_cache(maxsize=64)
def _font(size: int, bold: bool) -> pygame.font.Font:
    return pygame.font.Font(FONT_BOLD if bold else FONT_REGULAR, size)


# More than the ~80 labels of the busiest frame (99.5% hits in an AI game); each entry is
# a surface of tens of KB, so a larger cache only holds the clock texts of minutes ago.
@lru_cache(maxsize=128)
def render(font: pygame.font.Font, text: str, colour: tuple[int, int, int]) -> pygame.Surface:
    """Rendered text, cached: the same labels are drawn every frame."""
    return font.render(text, True, colour)


def draw_text(
    surface: pygame.Surface,
    text: str,
    font: pygame.font.Font,
    colour: tuple[int, int, int],
    position: tuple[float, float],
    anchor: str = "topleft",
    max_width: int | None = None,
) -> pygame.Rect:
    """Draw text with its `anchor` (a pygame.Rect attribute) at `position`; shrinks to fit."""
    image = render(font, text, colour)
    if max_width is not None and image.get_width() > max_width > 0:
        ratio = max_width / image.get_width()
        image = pygame.transform.smoothscale(
            image, (max_width, max(1, round(image.get_height() * ratio)))
        )
    rect = image.get_rect(**{anchor: (round(position[0]), round(position[1]))})
    surface.blit(image, rect)
    return rect


def ellipsize(font: pygame.font.Font, text: str, max_width: int) -> str:
    """`text` cut with "\u2026" until it fits in `max_width` pixels at full size."""
    if font.size(text)[0] <= max_width:
        return text
    while text and font.size(text + "\u2026")[0] > max_width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def shade(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """`colour` with every channel times `factor` (below 1: darker)."""
    red, green, blue = colour
    return round(red * factor), round(green * factor), round(blue * factor)


def draw_heading(
    surface: pygame.Surface,
    text: str,
    fonts: Fonts,
    y: float,
    size: int = 48,
    colour: tuple[int, int, int] = ACCENT,
) -> pygame.Rect:
    """A screen's big bold title, centred at height `y`."""
    return draw_text(
        surface, text, fonts.get(size, bold=True), colour, (surface.get_width() // 2, y), "center"
    )


def draw_diamond(
    surface: pygame.Surface,
    centre: tuple[float, float],
    radius: float,
    colour: tuple[int, ...],
) -> None:
    """The target marker: a filled diamond (`colour` is RGB, or RGBA on a surface with alpha)."""
    x, y = centre
    points = [(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)]
    pygame.draw.polygon(surface, colour, points)


def panel(surface: pygame.Surface, rect: pygame.Rect, radius: int = 10) -> None:
    """A rounded panel with an edge."""
    pygame.draw.rect(surface, PANEL, rect, border_radius=radius)
    pygame.draw.rect(surface, PANEL_EDGE, rect, width=2, border_radius=radius)


def draw_score_header(
    surface: pygame.Surface, area: pygame.Rect, fonts: Fonts, score: int, right_label: str
) -> int:
    """A play screen's side panel with its top drawn: "SCORE", `right_label` and the score.

    Returns the y just below the score.
    """
    panel(surface, area)
    x, y = area.left + 18, area.top + 14
    label_font = fonts.get(15, bold=True)
    draw_text(surface, "SCORE", label_font, MUTED, (x, y))
    draw_text(surface, right_label, label_font, MUTED, (area.right - 18, y), "topright")
    y += label_font.get_height() + 2
    return draw_text(surface, f"{score:,}", fonts.get(40, bold=True), TEXT, (x, y)).bottom


def wrap_lines(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Split text into lines that fit `width` pixels (a too-long word gets a line alone)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if font.size(trial)[0] > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def draw_wrapped(
    surface: pygame.Surface,
    text: str,
    font: pygame.font.Font,
    colour: tuple[int, int, int],
    position: tuple[float, float],
    width: int,
    anchor: str = "topleft",
) -> int:
    """Draw wrapped text from `position` down (anchor topleft or midtop); returns the bottom y."""
    x, y = position
    for line in wrap_lines(text, font, width):
        draw_text(surface, line, font, colour, (x, y), anchor, width)
        y += font.get_height() + 2
    return round(y)
