"""A real browser (Debian's headless Chromium, driven by Selenium) joins a hosted round,
plays clues, sees its ranking and the end of the round; screenshots of the join page,
the game page and the end on a 390x844 phone and a 1280x800 laptop, and the projector
view, in test-output/."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from pathlib import Path

import pytest
from test_host_server import (  # noqa: F401  (host is a fixture)
    CANDIDATES,
    draw_projector,
    host,
    url,
)

from game.host.server import TEACHER_HEADER

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT = 20.0
HTML_NAME = "<i>Zoë</i>"


def browser_or_skip():
    """A headless Chromium, or skip (fail in CI, where .ci/run installs it)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        from selenium import webdriver  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if missing:
        message = f"no browser for the browser test: {', '.join(missing)} missing"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (.ci/run installs chromium and chromium-driver)")
        pytest.skip(message)


@pytest.fixture()
def browser(tmp_path):
    browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=360,740",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    phone(driver)
    yield driver
    driver.quit()


def phone(driver, width: int = 360, height: int = 740) -> None:
    """A phone screen (headless windows have a minimum width, so emulate it)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def laptop(driver) -> None:
    """A 1280x800 laptop screen."""
    metrics = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def on_top(driver, element_id: str) -> bool:
    """True if the middle of the element is what a tap there would hit (nothing covers it)."""
    return bool(driver.execute_script(
        "const box = document.getElementById(arguments[0]).getBoundingClientRect();"
        "const hit = document.elementFromPoint(box.left + box.width / 2,"
        " box.top + box.height / 2);"
        "return hit !== null && hit.closest('#' + arguments[0]) !== null;",
        element_id,
    ))  # fmt: skip


def teacher_start(server) -> None:
    request = urllib.request.Request(
        url(server, "/teacher/start"),
        method="POST",
        headers={TEACHER_HEADER: server.teacher_token},
    )
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        assert json.load(response)["ok"]


def test_browser_joins_plays_clues_and_sees_its_ranking(host, browser, engine, screenshot_dir):  # noqa: F811
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    def wait_for(condition, what: str):
        return WebDriverWait(browser, WAIT).until(lambda d: condition(d), message=what)

    def visible(element_id: str):
        return browser.find_element(By.ID, element_id).is_displayed()

    browser.get(url(host, "/?room=abcd"))
    wait_for(lambda d: visible("join-view"), "join page")
    assert browser.find_element(By.ID, "room").get_attribute("value") == "ABCD"
    browser.save_screenshot(str(screenshot_dir / "host_browser_join_360x740.png"))
    browser.find_element(By.ID, "name").send_keys(HTML_NAME)
    browser.find_element(By.ID, "join").click()
    wait_for(lambda d: visible("lobby-view"), "lobby")
    # The name is shown as text: no <i> element was made from it.
    assert browser.find_element(By.ID, "lobby-name").text == HTML_NAME
    assert not browser.find_elements(By.CSS_SELECTOR, "#lobby-view i")

    teacher_start(host)
    host.clock.advance(3.1)
    wait_for(lambda d: visible("game-view"), "game page")
    student = host.room.students[1]
    for number in (1, 2):
        stack = [
            li.text for li in browser.find_elements(By.CSS_SELECTOR, "#stack li:not(.zone-label)")
        ]
        targets = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#stack li.target")]
        assert stack == list(student.state.words) and targets
        clue = max(
            (c for c in CANDIDATES if c not in stack),
            key=lambda c: engine.similarity(c, targets[-1]),
        )
        box = browser.find_element(By.ID, "clue")
        box.send_keys(clue + Keys.ENTER)
        wait_for(lambda d, c=clue: c in d.find_element(By.ID, "ranking-title").text, "ranking")
        ranking = [
            li.find_element(By.CLASS_NAME, "word").text
            for li in browser.find_elements(By.CSS_SELECTOR, "#ranking li")
        ]
        assert sorted(ranking) == sorted(stack)
        assert ranking == [r.text for r in student.state.last_clue.ranking]
        wait_for(lambda d: d.find_element(By.ID, "score").text == str(student.state.score), "score")
        assert student.state.stats.clues_used == number
    # "Why this ranking?": the parts of every score, the tokens, one sentence; then back.
    browser.find_element(By.ID, "why-button").click()
    wait_for(lambda d: visible("why"), "why panel")
    shown = [li.find_element(By.CLASS_NAME, "word").text
             for li in browser.find_elements(By.CSS_SELECTOR, "#why-words li")]  # fmt: skip
    assert shown == ranking
    assert browser.find_element(By.ID, "why-sentence").text
    assert "[CLS]" in browser.find_element(By.ID, "why-tokens").text
    browser.save_screenshot(str(screenshot_dir / "host_browser_why_360x740.png"))
    browser.find_element(By.ID, "why-close").click()
    wait_for(lambda d: not visible("why"), "why panel closed")
    browser.find_element(By.ID, "clue").send_keys(stack[0] + Keys.ENTER)
    wait_for(lambda d: "is in play" in d.find_element(By.ID, "message").text, "refusal")
    browser.save_screenshot(str(screenshot_dir / "host_browser_game_360x740.png"))
    draw_projector(host, screenshot_dir / "host_browser_projector_1280x720.png", (1280, 720))

    phone(browser, 390, 844)
    browser.save_screenshot(str(screenshot_dir / "host_browser_game_390x844.png"))

    # A reload rejoins with the token kept in the browser: same game, same score.
    score = student.state.score
    laptop(browser)
    browser.refresh()
    wait_for(lambda d: visible("game-view"), "game page after reload")
    wait_for(lambda d: d.find_element(By.ID, "score").text == str(score), "score after reload")
    assert len(host.room.students) == 1
    browser.save_screenshot(str(screenshot_dir / "host_browser_game_1280x800.png"))
    # The class top 10 shows the player's own score at once. (The list is redrawn every
    # second: an element found just before a redraw is stale, so read it afresh.)
    def own_line(d):
        try:
            return d.find_element(By.CSS_SELECTOR, "#top li.me").text
        except StaleElementReferenceException:
            return ""

    wait_for(lambda d: HTML_NAME in own_line(d) and str(score) in own_line(d), "own top line")

    # The end of the round: the overlay is on top of the stack and says how the game ended.
    host.clock.advance(60)
    wait_for(lambda d: visible("over"), "end overlay")
    ended = time.monotonic()
    time_up = student.state.tick >= host.room.challenge.time_limit
    title = "Time is up" if time_up else "The stack reached the top"
    assert browser.find_element(By.ID, "over-title").text == title
    assert browser.find_element(By.ID, "over-score").text == str(score)
    for element_id in ("over-title", "over-score"):
        assert on_top(browser, element_id), f"{element_id} is covered"
    assert not browser.find_element(By.ID, "send").is_enabled()
    browser.save_screenshot(str(screenshot_dir / "host_browser_end_1280x800.png"))
    phone(browser, 390, 844)
    assert on_top(browser, "over-title")
    browser.save_screenshot(str(screenshot_dir / "host_browser_end_390x844.png"))
    # The host concludes (results, ranking), tells the page and stops: "Round over",
    # never "Reconnecting…".
    deadline = time.monotonic() + WAIT
    while not host.concluded and time.monotonic() < deadline:
        time.sleep(0.05)
    assert host.concluded
    print(f"round concluded {time.monotonic() - ended:.2f} s after the last game ended")
    host.stop()
    wait_for(lambda d: visible("connection"), "closing banner")
    time.sleep(1.5)  # longer than the page's reconnect delay
    assert browser.find_element(By.ID, "connection").text == "Round over"
    browser.save_screenshot(str(screenshot_dir / "host_browser_round_over_390x844.png"))


def test_send_waits_while_the_host_is_away_and_keeps_the_clue(host, browser):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def wait_for(condition, what: str):
        return WebDriverWait(browser, WAIT).until(lambda d: condition(d), message=what)

    browser.get(url(host, f"/?room={host.room.code}"))
    wait_for(lambda d: d.find_element(By.ID, "join-view").is_displayed(), "join page")
    browser.find_element(By.ID, "name").send_keys("Ivy")
    browser.find_element(By.ID, "join").click()
    wait_for(lambda d: d.find_element(By.ID, "lobby-view").is_displayed(), "lobby")
    assert browser.find_element(By.ID, "lobby-count").text == "1 player"
    teacher_start(host)
    host.clock.advance(3.1)
    wait_for(lambda d: d.find_element(By.ID, "game-view").is_displayed(), "game page")
    box = browser.find_element(By.ID, "clue")
    box.send_keys("harbour")
    host.stop()  # mid-round: the page waits for the host to come back (--resume)
    wait_for(lambda d: d.find_element(By.ID, "connection").is_displayed(), "banner")
    assert browser.find_element(By.ID, "connection").text == "Reconnecting…"
    assert not browser.find_element(By.ID, "send").is_enabled()
    assert box.get_attribute("value") == "harbour"
