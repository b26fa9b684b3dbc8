"""The text line's select-all: a prefilled name is replaced by typing, not appended to."""

from __future__ import annotations

import pygame
import pytest

from game.ui.widgets import TextInput


def key(k: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def text(typed: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTINPUT, text=typed)


@pytest.fixture
def prefilled() -> TextInput:
    line = TextInput(24, "Your name")
    line.set_text("Newcomer")
    line.select_all()
    return line


def test_typing_replaces_a_selected_name(prefilled):
    for ch in "sudden":
        prefilled.handle(text(ch))
    assert prefilled.text == "sudden" and not prefilled.selected


def test_enter_keeps_a_selected_name(prefilled):
    assert prefilled.handle(key(pygame.K_RETURN))
    assert prefilled.text == "Newcomer"


@pytest.mark.parametrize("erase", [pygame.K_BACKSPACE, pygame.K_DELETE])
def test_erasing_a_selection_empties_the_line(prefilled, erase):
    prefilled.handle(key(erase))
    assert (prefilled.text, prefilled.cursor, prefilled.selected) == ("", 0, False)


def test_a_cursor_key_keeps_the_text_and_drops_the_mark(prefilled):
    prefilled.handle(key(pygame.K_END))
    prefilled.handle(text("s"))
    assert prefilled.text == "Newcomers"


def test_an_empty_line_is_never_selected():
    line = TextInput()
    line.select_all()
    assert not line.selected
    line.handle(text("a"))
    assert line.text == "a"


def test_the_selection_is_drawn_marked(prefilled):
    pygame.font.init()
    font = pygame.font.Font(None, 24)
    rect = pygame.Rect(0, 0, 300, 40)
    marked, plain = pygame.Surface((300, 40)), pygame.Surface((300, 40))
    prefilled.draw(marked, rect, font)
    prefilled.selected = False
    prefilled.draw(plain, rect, font)
    assert pygame.image.tobytes(marked, "RGB") != pygame.image.tobytes(plain, "RGB")
