"""The student's page flags a ranking in a real browser (headless Chromium): the "Not what
I meant" button appears with the first ranking, flags it once, says so, and the host keeps
the flag in the student's replay; screenshots on a phone and a laptop in test-output/."""

from __future__ import annotations

from test_host_browser import WAIT, browser, laptop, on_top, phone, teacher_start  # noqa: F401
from test_host_server import CANDIDATES, host, url  # noqa: F401

from game.classroom.results import FlagAction


def test_the_page_flags_the_last_ranking_once(host, browser, engine, screenshot_dir):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    def wait_for(condition, what: str):
        return WebDriverWait(browser, WAIT).until(lambda d: condition(d), message=what)

    def flag_button():
        return browser.find_element(By.ID, "flag")

    def scroll_to_flag() -> None:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", flag_button())

    browser.get(url(host, f"/?room={host.room.code}"))
    wait_for(lambda d: d.find_element(By.ID, "join-view").is_displayed(), "join page")
    browser.find_element(By.ID, "name").send_keys("Ana")
    browser.find_element(By.ID, "join").click()
    wait_for(lambda d: d.find_element(By.ID, "lobby-view").is_displayed(), "lobby")
    teacher_start(host)
    host.clock.advance(3.1)
    wait_for(lambda d: d.find_element(By.ID, "game-view").is_displayed(), "game page")
    assert not flag_button().is_displayed()  # nothing to flag before the first clue
    student = host.room.students[1]
    stack = list(student.state.words)
    target = next(w.text for w in reversed(student.state.targets))
    clue = max(
        (c for c in CANDIDATES if c not in stack), key=lambda c: engine.similarity(c, target)
    )
    browser.find_element(By.ID, "clue").send_keys(clue + Keys.ENTER)
    wait_for(lambda d: clue in d.find_element(By.ID, "ranking-title").text, "ranking")
    wait_for(lambda d: flag_button().is_displayed(), "flag button")
    assert flag_button().is_enabled() and "Not what I meant" in flag_button().text
    scroll_to_flag()
    assert on_top(browser, "flag")
    browser.save_screenshot(str(screenshot_dir / "host_browser_flag_button_360x740.png"))
    score = student.state.score
    flag_button().click()
    wait_for(lambda d: "Flagged" in flag_button().text, "flagged")
    assert not flag_button().is_enabled()
    assert browser.find_element(By.ID, "score").text == str(score) == str(student.state.score)
    flags = [a for a in student.recorder.actions if isinstance(a, FlagAction)]
    assert len(flags) == 1 and student.recorder.actions[-1] == flags[0]
    browser.save_screenshot(str(screenshot_dir / "host_browser_flagged_360x740.png"))
    phone(browser, 390, 844)
    scroll_to_flag()
    browser.save_screenshot(str(screenshot_dir / "host_browser_flagged_390x844.png"))
    laptop(browser)
    scroll_to_flag()
    assert on_top(browser, "flag")
    browser.save_screenshot(str(screenshot_dir / "host_browser_flagged_1280x800.png"))
    # A second click cannot send another flag (the button is disabled, the host refuses).
    browser.execute_script("document.getElementById('flag').click()")
    assert sum(isinstance(a, FlagAction) for a in student.recorder.actions) == 1
