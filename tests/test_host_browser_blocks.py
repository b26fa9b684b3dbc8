"""A real browser (headless Chromium via Selenium) plays a hosted Blocks round: the grid
drawn from the host's state (colour and shape per block, words on word blocks), a clue
sent with Enter and its ranking, a refusal, Turn n/N, the end. Screenshots of the page at
390x800 and 1280x800 and of the projector at 1280x720 go to test-output/."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from test_host_blocks import CLUES, blocks_host  # noqa: F401  (a fixture)
from test_host_browser import browser, laptop, on_top, phone, teacher_start  # noqa: F401
from test_host_server import url

from game.clues import validate_clue
from game.host.room import CLUE_SECONDS

WAIT = 20.0
SHAPES = ("circle", "polygon", "rect", "polygon", "path")  # the SVG element of each colour


def draw_projector(server, path: Path, size: tuple[int, int]) -> None:
    """The projector of ``server`` as the teacher sees it, saved as a PNG."""
    import pygame

    from game.host import HostInfo
    from game.ui.scenes.host_projector import HostProjector

    pygame.display.init()
    pygame.font.init()
    room = server.room
    info = HostInfo(
        "http://192.0.2.10:8765/", room.code, room.challenge.code, 8765, round=room.description
    )
    surface = pygame.Surface(size)
    HostProjector(server, info).draw(surface)
    pygame.image.save(surface, path)


def test_browser_plays_a_blocks_round(blocks_host, browser, screenshot_dir):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    host = blocks_host

    def wait_for(condition, what: str):
        return WebDriverWait(browser, WAIT).until(lambda d: condition(d), message=what)

    def text(element_id: str) -> str:
        return browser.find_element(By.ID, element_id).text

    def shown_grid() -> list[tuple[str, str, str]]:
        """Every block on the page: its colour class, its SVG shape, its word ("": none)."""
        return browser.execute_script(
            "return [...document.querySelectorAll('#grid .block')].map((b) => ["
            " [...b.classList].find((c) => /^c[0-9]$/.test(c)),"
            " b.querySelector('svg').firstElementChild.tagName,"
            " b.querySelector('.text') ? b.querySelector('.text').textContent : '']);"
        )

    def nothing_cut() -> list[str]:
        """Word blocks whose word does not fit inside the block."""
        return browser.execute_script(
            "return [...document.querySelectorAll('#grid .block.word')].filter((b) =>"
            " b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1)"
            ".map((b) => b.textContent);"
        )

    phone(browser, 390, 800)
    browser.get(url(host, "/?room=abcd"))
    wait_for(lambda d: d.find_element(By.ID, "join-view").is_displayed(), "join page")
    browser.find_element(By.ID, "name").send_keys("Zoe" + Keys.ENTER)
    wait_for(lambda d: d.find_element(By.ID, "lobby-view").is_displayed(), "lobby")
    teacher_start(host)
    host.clock.advance(3.1)
    wait_for(lambda d: d.find_element(By.ID, "grid").is_displayed(), "the Blocks grid")
    student = host.room.students[1]
    assert not browser.find_element(By.ID, "stack").is_displayed()
    assert text("turn") == "1/5"
    shot = False
    for turn in range(5):
        state = student.state
        blocks = [block for _, block in state.blocks]
        shown = shown_grid()
        # Each block of the host's grid, its colour and its colour's shape, words as words.
        assert Counter(map(tuple, shown)) == Counter(
            (f"c{b.colour}", SHAPES[b.colour], b.text or "") for b in blocks
        )
        assert nothing_cut() == []
        words = list(state.words)
        time.sleep(CLUE_SECONDS)  # within the host's clue rate limit
        if turn == 1:  # a word of the grid is refused, as on the desktop, and costs nothing
            browser.find_element(By.ID, "clue").send_keys(words[0] + Keys.ENTER)
            wait_for(lambda d: "is in play" in text("message"), "refusal")
            browser.save_screenshot(str(screenshot_dir / "host_blocks_refused_390x800.png"))
            assert student.state.turn == 1
            time.sleep(CLUE_SECONDS)
        clue = next(c for c in CLUES[turn:] if validate_clue(c, words).ok)
        browser.find_element(By.ID, "clue").send_keys(clue + Keys.ENTER)
        wait_for(lambda d, c=clue: f"“{c}”" in text("ranking-title"), "the ranking")
        last = student.state.last_clue
        ranking = browser.execute_script(  # read at once: a new state redraws the list
            "return [...document.querySelectorAll('#ranking li .word')].map((w) => w.textContent);"
        )
        assert ranking == [r.text for r in last.ranking]
        assert last.chosen.text in text("ranking-title")
        assert str(last.chosen.text) in text("message")
        wait_for(lambda d: text("score") == str(student.state.score), "score")
        if not shot and (last.points > 0 or turn == 3):  # a cleared group on show if any
            shot = True
            browser.save_screenshot(str(screenshot_dir / "host_blocks_game_390x800.png"))
            laptop(browser)
            assert nothing_cut() == []
            browser.save_screenshot(str(screenshot_dir / "host_blocks_game_1280x800.png"))
            draw_projector(host, screenshot_dir / "host_blocks_projector_1280x720.png", (1280, 720))
            phone(browser, 390, 800)
        if not student.state.game_over:
            wait_for(lambda d, t=turn: text("turn") == f"{t + 2}/5", "the next turn")
    # The end: the overlay says why, above the grid; the clue box is closed.
    wait_for(lambda d: d.find_element(By.ID, "over").is_displayed(), "end overlay")
    assert text("over-title") == "All 5 turns played"
    assert text("over-score") == str(student.state.score)
    assert on_top(browser, "over-title")
    assert not browser.find_element(By.ID, "send").is_enabled()
    browser.save_screenshot(str(screenshot_dir / "host_blocks_end_390x800.png"))
