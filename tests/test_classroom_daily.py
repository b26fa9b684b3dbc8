"""The daily challenge: a code from the date alone, one try counts, a line to share."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pygame
import pytest
from test_classroom_ui import post_key, post_text, run_until

from game.classroom import decode, make_result, model_info, replay_round, write_result
from game.classroom.autoplay import play_round
from game.classroom.daily import (
    HIT,
    MISS,
    counted_per_day,
    daily_challenge,
    daily_seed,
    saved_daily_results,
    share_line,
    today_utc,
)
from game.cli import main
from game.ui import navigation
from game.ui.app import App, PlayOptions
from game.ui.session import ChallengeSession

DAY = date(2026, 12, 6)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    return tmp_path


def test_the_code_comes_from_the_date_alone():
    first, again = daily_challenge(DAY), daily_challenge(date(2026, 12, 6))
    assert first.code == again.code and first.new_game().words == again.new_game().words
    others = {daily_challenge(date(2026, 12, d)).code for d in range(1, 29)}
    assert len(others) == 28  # every day its own round
    spec = decode(first.code)
    assert (spec.minutes, spec.seed) == (3, daily_seed(DAY))
    # The UTC date: 23:30 in New York on the 5th is already the 6th.
    late = datetime(2026, 12, 6, 4, 30, tzinfo=timezone.utc)
    assert today_utc(late) == DAY


@pytest.fixture(scope="module")
def daily_round(engine):
    challenge = daily_challenge(DAY)
    played = play_round(challenge, engine, temperature=1.5, seed=4, clue_seconds=4)
    return challenge, played


def test_the_share_line_gives_no_word_away(daily_round, engine):
    challenge, played = daily_round
    result = make_result(challenge, "Ana", model_info(engine), played.replay)
    outcome = replay_round(challenge, result.replay)
    line = share_line(DAY, challenge.code, result.score, outcome)
    assert line.startswith("Wordstack daily 2026-12-06: ")
    assert f"{result.score:,} points" in line and challenge.code in line
    hits = sum(1 for c in outcome.clues if c.cleared_targets)
    assert line.count(HIT) == hits and line.count(MISS) == len(outcome.clues) - hits
    words = {w for c in outcome.clues for w in c.words} | {c.clue for c in outcome.clues}
    assert not any(f" {w} " in f" {line} " for w in words)


def test_first_try_counts_then_practice_and_scores_daily_lists_it(
    daily_round, engine, data_dir, capsys
):
    challenge, played = daily_round
    folder = data_dir / "results"
    first = make_result(challenge, "Ana", model_info(engine), played.replay)
    write_result(first, folder)
    again = make_result(challenge, "Bob", model_info(engine), played.replay, practice=True)
    write_result(again, folder)
    saved = saved_daily_results(folder, DAY)
    assert {s.day for s in saved} == {DAY} and len(saved) == 2
    assert [d.result.name for d in counted_per_day(saved)] == ["Ana"]


def test_daily_from_the_title_copies_its_line_and_a_second_try_is_practice(
    daily_round, engine, data_dir, screenshot_dir
):
    challenge, played = daily_round
    pygame.init()
    app = App(PlayOptions(size=(800, 500)))
    try:
        titles = [item.label() for item in app.scene.menu.items]
        line = titles.index("Daily challenge")
        for _ in range(line):
            post_key(pygame.K_DOWN)
        post_key(pygame.K_RETURN)
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        session = app.services.session
        assert session.daily == today_utc()
        assert session.challenge.code == daily_challenge(today_utc()).code
        # Two finished tries of DAY's round, as the end screen gets them.
        day_session = ChallengeSession(challenge, daily=DAY)
        for name, practice in (("Ana", False), ("Bob", True)):
            app.open(navigation.ChallengeOver(day_session, played.final, played.actions))
            app.frame(0.0)
            post_text(name)
            post_key(pygame.K_RETURN)
            app.frame(0.0)
            over = app.scene
            assert over.result is not None and over.result.practice is practice
            assert over.share is not None and over.share.startswith("Wordstack daily 2026-12-06")
            post_key(pygame.K_c)
            app.frame(0.0)
            pygame.image.save(app.screen, screenshot_dir / f"daily-over-{name}.png")
        assert over.copied is True
        assert pygame.scrap.get_text() == over.share
    finally:
        app.close()


def test_play_daily_refuses_a_code_as_well(capsys):
    assert main(["play", "--daily", "--challenge", "WS-852V-BMWE-326X"]) == 2
    assert "--daily plays today's code" in capsys.readouterr().err


def test_scores_daily_with_nothing_saved(data_dir, capsys):
    assert main(["scores", "--daily"]) == 0
    assert "No daily challenge played yet" in capsys.readouterr().err
