"""Keyboard-first widgets: a text input line and a vertical menu (mouse works too)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.ui import theme

CURSOR_BLINK_SECONDS = 0.5
CURSOR_BLINK_TIMEOUT = 10.0  # then the cursor stays lit: an idle screen need not redraw


def _paste_text() -> str:
    """Clipboard text, or "" where no clipboard is available (e.g. headless)."""
    try:
        text = pygame.scrap.get_text()  # pygame-ce 2.2+
    except (pygame.error, AttributeError, NotImplementedError):
        return ""
    return text or ""


class TextInput:
    """One line of editable text: cursor, backspace, delete, paste, Enter to submit.

    `select_all` marks the whole text: typing or pasting then replaces it, Backspace or
    Delete empties the line, a cursor key keeps it and drops the mark.
    """

    def __init__(self, max_chars: int = 60, placeholder: str = "") -> None:
        self.text = ""
        self.cursor = 0
        self.max_chars = max_chars
        self.placeholder = placeholder
        self.selected = False
        self._blink = 0.0

    def set_text(self, text: str) -> None:
        """Replace the text and put the cursor at its end."""
        self.text = text[: self.max_chars]
        self.cursor = len(self.text)
        self.selected = False

    def select_all(self) -> None:
        """Mark the whole text, so the next typing replaces it (a prefilled name)."""
        self.selected = bool(self.text)
        self.cursor = len(self.text)

    def _drop_selection(self) -> None:
        if self.selected:
            self.selected = False
            self.text, self.cursor = "", 0

    def clear(self) -> None:
        """Empty the line."""
        self.set_text("")

    def insert(self, typed: str) -> None:
        """Insert printable text at the cursor (newlines and tabs become spaces)."""
        if typed:
            self._drop_selection()
        cleaned = "".join(ch if ch.isprintable() else " " for ch in typed.replace("\r\n", " "))
        room = self.max_chars - len(self.text)
        cleaned = cleaned[: max(0, room)]
        self.text = self.text[: self.cursor] + cleaned + self.text[self.cursor :]
        self.cursor += len(cleaned)
        self._blink = 0.0

    def handle(self, event: pygame.event.Event) -> bool:
        """Apply one event; returns True when Enter was pressed."""
        if event.type == pygame.TEXTINPUT:
            self.insert(event.text)
        elif event.type == pygame.KEYDOWN:
            self._blink = 0.0
            ctrl = bool(event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return True
            if self.selected and event.key in (pygame.K_BACKSPACE, pygame.K_DELETE):
                self._drop_selection()
                return False
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_HOME, pygame.K_END):
                self.selected = False
            if event.key == pygame.K_BACKSPACE and self.cursor > 0:
                start = self._word_start() if ctrl else self.cursor - 1
                self.text = self.text[:start] + self.text[self.cursor :]
                self.cursor = start
            elif event.key == pygame.K_DELETE:
                self.text = self.text[: self.cursor] + self.text[self.cursor + 1 :]
            elif event.key == pygame.K_LEFT:
                self.cursor = max(0, self.cursor - 1)
            elif event.key == pygame.K_RIGHT:
                self.cursor = min(len(self.text), self.cursor + 1)
            elif event.key == pygame.K_HOME:
                self.cursor = 0
            elif event.key == pygame.K_END:
                self.cursor = len(self.text)
            elif ctrl and event.key == pygame.K_v:
                self.insert(_paste_text())
            elif ctrl and event.key == pygame.K_u:
                self.clear()
        return False

    def _word_start(self) -> int:
        position = self.cursor
        while position > 0 and self.text[position - 1] == " ":
            position -= 1
        while position > 0 and self.text[position - 1] != " ":
            position -= 1
        return position

    def update(self, dt: float) -> None:
        """Advance the cursor blink."""
        self._blink += dt

    def next_change(self) -> float | None:
        """Seconds until the cursor blinks (None once it has stopped blinking)."""
        if self._blink >= CURSOR_BLINK_TIMEOUT:
            return None
        return CURSOR_BLINK_SECONDS - self._blink % CURSOR_BLINK_SECONDS

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        font: pygame.font.Font,
        active: bool = True,
        edge: tuple[int, int, int] = theme.ACCENT,
    ) -> None:
        """Draw the box, the text (scrolled to keep the cursor visible) and the cursor."""
        pygame.draw.rect(surface, (16, 19, 26), rect, border_radius=8)
        pygame.draw.rect(surface, edge if active else theme.PANEL_EDGE, rect, 2, border_radius=8)
        pad = max(8, rect.height // 4)
        inner = rect.inflate(-2 * pad, 0)
        if not self.text:
            theme.draw_text(
                surface,
                self.placeholder,
                font,
                theme.MUTED,
                (inner.left, rect.centery),
                "midleft",
                inner.width,
            )
        before = font.size(self.text[: self.cursor])[0]
        shift = max(0, before - inner.width + 4)
        clip = surface.get_clip()
        surface.set_clip(inner)
        if self.text:
            top = rect.centery - font.get_height() // 2
            if self.selected:
                mark = pygame.Rect(
                    inner.left - shift, top, font.size(self.text)[0], font.get_height()
                )
                pygame.draw.rect(surface, theme.ZONE, mark, border_radius=3)
            surface.blit(theme.render(font, self.text, theme.TEXT), (inner.left - shift, top))
        blink = min(self._blink, CURSOR_BLINK_TIMEOUT)
        if active and int(blink / CURSOR_BLINK_SECONDS) % 2 == 0:
            x = inner.left - shift + before
            half = font.get_height() // 2
            pygame.draw.line(
                surface, theme.TEXT, (x, rect.centery - half), (x, rect.centery + half), 2
            )
        surface.set_clip(clip)


@dataclass
class MenuItem:
    """One menu line; `change(+1/-1)` makes it a left/right selector."""

    label: Callable[[], str]
    activate: Callable[[], None] | None = None
    change: Callable[[int], None] | None = None
    hint: str = ""


class Menu:
    """A vertical list of items: Up/Down to move, Enter to pick, Left/Right to change."""

    def __init__(self, items: list[MenuItem]) -> None:
        self.items = items
        self.selected = 0
        self.rects: list[pygame.Rect] = []

    def handle(self, event: pygame.event.Event) -> bool:
        """Apply one event; returns True if it was used."""
        item = self.items[self.selected]
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_UP, pygame.K_w):
                self.selected = (self.selected - 1) % len(self.items)
            elif event.key in (pygame.K_DOWN, pygame.K_s):
                self.selected = (self.selected + 1) % len(self.items)
            elif event.key in (pygame.K_LEFT, pygame.K_a) and item.change:
                item.change(-1)
            elif event.key in (pygame.K_RIGHT, pygame.K_d) and item.change:
                item.change(+1)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                if item.activate:
                    item.activate()
                elif item.change:
                    item.change(+1)
            else:
                return False
            return True
        if event.type == pygame.MOUSEMOTION:
            hit = self._hit(event.pos)
            if hit is not None:
                self.selected = hit
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            hit = self._hit(event.pos)
            if hit is None:
                return False
            self.selected = hit
            chosen = self.items[hit]
            if chosen.activate and event.button == 1:
                chosen.activate()
            elif chosen.change:
                chosen.change(+1 if event.button == 1 else -1)
            return True
        return False

    def _hit(self, position: tuple[int, int]) -> int | None:
        for index, rect in enumerate(self.rects):
            if rect.collidepoint(position):
                return index
        return None

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, fonts: theme.Fonts) -> None:
        """Draw the items centred in `rect`, the selected one highlighted."""
        font = fonts.get(30, bold=True)
        # As roomy as 1.7 lines a row allows, but never spilling out of `rect`.
        line = min(round(font.get_height() * 1.7), rect.height // len(self.items))
        top = rect.centery - line * len(self.items) // 2
        self.rects = []
        for index, item in enumerate(self.items):
            box = pygame.Rect(0, 0, rect.width, line - 8)
            box.center = (rect.centerx, top + index * line + line // 2)
            selected = index == self.selected
            if selected:
                pygame.draw.rect(surface, theme.WORD, box, border_radius=10)
                pygame.draw.rect(surface, theme.ACCENT, box, 2, border_radius=10)
            label = item.label()
            if item.change:
                label = f"\u2039  {label}  \u203a"
            colour = theme.TEXT if selected else theme.MUTED
            theme.draw_text(surface, label, font, colour, box.center, "center", box.width - 20)
            self.rects.append(box)


def draw_menu_screen(
    surface: pygame.Surface, fonts: theme.Fonts, heading: str, menu: Menu, keys: str
) -> None:
    """A menu screen (Settings, hosting set-up): heading, the menu, the selected line's
    hint and the key line."""
    surface.fill(theme.BACKGROUND)
    w, h = surface.get_size()
    theme.draw_heading(surface, heading, fonts, h * 0.12)
    menu.draw(surface, pygame.Rect(w // 2 - w // 4, h * 0.25, w // 2, h * 0.45), fonts)
    hint = menu.items[menu.selected].hint
    theme.draw_wrapped(
        surface, hint, fonts.get(18), theme.TEXT, (w // 2, h * 0.74), w * 3 // 4, "midtop"
    )
    theme.draw_text(surface, keys, fonts.get(15), theme.MUTED, (w // 2, h * 0.88), "center")
