"""The desktop side of flags, headless with the real engine: F2 in a challenge round flags
the last clue's ranking once (named in the key hints, no penalty, kept in the saved result
file), and the projector's flagged-clues page (screenshots of both)."""

from __future__ import annotations

import pygame
import pytest
from test_classroom_ui import data_dir, one_minute, post_key, post_text, run_until  # noqa: F401

from game.classroom import (
    Flag,
    flagged_clues,
    make_result,
    model_info,
    rank_results,
    read_result,
    replay_from_actions,
    verify_files,
    write_result,
)
from game.classroom.autoplay import play_round
from game.classroom.results import FlagAction
from game.rules import Clue
from game.ui import theme
from game.ui.app import App, PlayOptions
from game.ui.scenes.projector import PAGES, ProjectorView, run_projector
from game.ui.text import ordinals

SIZES = [(800, 500), (1920, 1080)]


@pytest.fixture
def drawn_texts(monkeypatch) -> list[str]:
    """Every text drawn with theme.draw_text, in order."""
    texts: list[str] = []
    original = theme.draw_text

    def recording(surface, text, *args, **kwargs):
        texts.append(text)
        return original(surface, text, *args, **kwargs)

    monkeypatch.setattr(theme, "draw_text", recording)
    return texts


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_f2_flags_the_last_ranking_once_and_the_result_keeps_it(
    engine, data_dir, one_minute, screenshot_dir, drawn_texts, size  # noqa: F811
):
    pygame.init()
    app = App(PlayOptions(challenge=one_minute, size=size))
    try:
        run_until(app, lambda: app.scene.name == "play", seconds=120)
        play = app.scene
        post_key(pygame.K_F2)
        drawn_texts.clear()
        app.frame(1 / 60)
        assert play.feedback.text.startswith("No ranking to flag yet")
        assert not any(isinstance(a, Flag) for a in play.actions)
        assert any("\u00b7 F2 flag \u00b7" in t for t in drawn_texts)  # the key hints name it
        post_text("animal")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        run_until(app, lambda: play.state.last_clue is not None and not play.pending)
        for _ in range(4):  # the stack settles into its ranked order
            app.frame(0.25)
        drawn_texts.clear()
        app.frame(1 / 60)
        assert "Not what you meant? F2 flags this ranking (free)." in drawn_texts
        score = play.state.score
        post_key(pygame.K_F2)
        drawn_texts.clear()
        app.frame(1 / 60)
        ranks = tuple(r.rank for r in play.state.last_clue.ranking if r.is_target)
        assert play.feedback.text.startswith("\u2691 Flagged \u201canimal\u201d")
        assert f"(the model ranked the target {ordinals(ranks)})" in play.feedback.text
        assert play.feedback.colour == theme.ACCENT and play.state.score == score
        assert "\u2691 Flagged: your teacher will see it." in drawn_texts
        pygame.image.save(app.screen, screenshot_dir / f"flag-feedback-{size[0]}.png")
        post_key(pygame.K_F2)
        app.frame(1 / 60)
        assert "flagged already" in play.feedback.text
        assert sum(isinstance(a, Flag) for a in play.actions) == 1
        run_until(app, lambda: app.scene.name != "play", dt=1.0, seconds=120)
        assert app.scene.name == "gameover"
        post_text("Ana")
        post_key(pygame.K_RETURN)
        app.frame(1 / 60)
        path = app.scene.path
    finally:
        app.close()
    result = read_result(path)
    assert sum(isinstance(a, FlagAction) for a in result.replay.actions) == 1
    accepted, rejected = verify_files(engine, [path])
    assert rejected == []
    assert [p.flagged for p in accepted[0].outcome.clues][:1] == [True]


@pytest.fixture(scope="module")
def flagged_class(engine, one_minute):  # noqa: F811
    """Ana and Ben play the same game, Ana flags every clue and Ben the first two; Chen
    plays another one and flags every clue."""
    model = model_info(engine)
    same = play_round(one_minute, engine, temperature=0.0, seed=1, clue_seconds=4)
    other = play_round(one_minute, engine, temperature=0.8, seed=2, clue_seconds=5)

    def flagging(played, clues: int):
        actions, seen = [], 0
        for action in played.actions:
            actions.append(action)
            if isinstance(action, Clue) and seen < clues:
                actions.append(Flag())
                seen += 1
        return replay_from_actions(one_minute, actions)

    results = [
        make_result(one_minute, "Ana", model, flagging(same, 99)),
        make_result(one_minute, "Ben", model, flagging(same, 2)),
        make_result(one_minute, "Chen", model, flagging(other, 99)),
    ]
    return results


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_projector_tab_reaches_the_flagged_clues(
    engine, flagged_class, tmp_path, screenshot_dir, drawn_texts, size
):
    files = [write_result(result, tmp_path) for result in flagged_class]
    accepted, rejected = verify_files(engine, files)
    assert rejected == []
    standings = rank_results(accepted)
    table = flagged_clues([(s.name, s.entry.outcome) for s in standings])
    assert table[0].players >= 2 and min(f.players for f in table) == 1
    code = standings[0].entry.result.code
    view = ProjectorView(code, standings, [], flagged=table)
    for _ in range(PAGES.index("flagged")):
        assert view.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=0))
    pygame.init()
    surface = pygame.Surface(size)
    drawn_texts.clear()
    view.draw(surface)
    pygame.image.save(surface, screenshot_dir / f"classroom-flagged-{size[0]}.png")
    assert any(t.startswith("\u2691 Flagged") for t in drawn_texts)
    assert f"\u201c{table[0].clue}\u201d" in drawn_texts
    assert f"{table[0].players} players" in drawn_texts and "1 player" in drawn_texts
    assert "Tab: ranking / lesson / flagged    Esc: close" in drawn_texts
    # Tab once more: back to the ranking.
    view.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=0))
    assert view.page == 0
    empty = ProjectorView(code, standings, [], page=PAGES.index("flagged"))
    drawn_texts.clear()
    empty.draw(surface)
    assert "Nobody flagged a ranking" in drawn_texts
    # The same page from the command line's projector window.
    shot = tmp_path / "window.png"
    run_projector(
        code, standings, [], size, screenshot=shot, max_frames=1, flagged=table, page=2
    )
    assert pygame.image.load(shot).get_size() == size
