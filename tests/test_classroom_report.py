"""The lesson report: `wordstack leaderboard DIR --report FILE.html`, and the page in Chromium."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from test_host_browser import CHROMEDRIVER, CHROMIUM, browser_or_skip

from game.classroom import create_challenge, make_result, model_info, write_result
from game.classroom.autoplay import play_round
from game.cli import main

NAMES = ["Ana", "<b>Zoë</b>", "Chen", "Dara"]


@pytest.fixture(scope="module")
def report(engine, tmp_path_factory) -> Path:
    """A report written by the command from four genuine results of one challenge."""
    challenge = create_challenge("animals", minutes=1, seed=31)
    folder = tmp_path_factory.mktemp("report-results")
    for i, name in enumerate(NAMES):
        played = play_round(challenge, engine, temperature=0.4 * i, seed=i, clue_seconds=3 + i)
        write_result(make_result(challenge, name, model_info(engine), played.replay), folder)
    out = folder / "lesson.html"
    assert main(["leaderboard", str(folder), "--report", str(out)]) == 0
    return out


def test_the_report_holds_podium_ranking_chart_and_lesson(report, capsys) -> None:
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Self-contained: no script, nothing loaded from elsewhere.
    assert "<script" not in page and not re.search(r"(src|href)=\"?(https?:)?//", page)
    for heading in ("Podium", "Ranking", "Clear rate per target word", "The lesson, word by word"):
        assert f"<h2>{heading}</h2>" in page
    # Names are text, never markup.
    assert "&lt;b&gt;Zoë&lt;/b&gt;" in page and "<b>Zoë</b>" not in page
    assert page.count("<tr><td class=\"num\">") == len(NAMES)
    assert "<svg" in page and page.count("<rect ") >= 1


def test_a_report_path_must_be_html(tmp_path, capsys) -> None:
    assert main(["leaderboard", str(tmp_path), "--report", str(tmp_path / "r.txt")]) == 2
    assert "--report must name an .html file" in capsys.readouterr().err


def test_the_report_opens_and_prints_in_chromium(report, screenshot_dir, tmp_path) -> None:
    browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,1400",
                 f"--user-data-dir={tmp_path / 'profile'}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.get(report.as_uri())
        assert driver.title.startswith("Wordstack lesson report")
        # Nothing wider than the page: no horizontal scrolling, on a laptop or a phone.
        for width in (1000, 380):
            driver.set_window_size(width, 1400)
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{overflow}px too wide at {width}px"
            driver.save_screenshot(str(screenshot_dir / f"report_{width}.png"))
        pdf = base64.b64decode(driver.print_page(PrintOptions()))
        assert pdf.startswith(b"%PDF")
        (screenshot_dir / "report.pdf").write_bytes(pdf)
    finally:
        driver.quit()
