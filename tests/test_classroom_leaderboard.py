"""Leaderboard merge and ties, the lesson view, CSV, names and hot-seat players.

Rounds here are played through the real rules with hand-made scores (no model):
they test the merge and statistics, not the engine (see test_classroom_verify).
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from game.classroom import (
    ModelInfo,
    Replay,
    ReplayRecorder,
    VerifiedResult,
    create_challenge,
    display_name,
    is_offensive,
    leaderboard_csv,
    lesson_view,
    make_result,
    parse_players,
    rank_results,
    replay_round,
    shown_clue,
    shown_name,
)
from game.classroom.names import clean_name
from game.rules import Clue, Tick, apply_action

MODEL = ModelInfo("test-model", "0" * 64)
CHALLENGE = create_challenge("default", minutes=1, seed=99)


def scripted_round(misses_first: int, clue_every: int = 300) -> Replay:
    """A round where every clue ranks the highest target 1st, after some misses."""
    state = CHALLENGE.new_game()
    recorder = ReplayRecorder()
    number = 0
    while not state.game_over:
        for action in (Tick(clue_every), None):
            if action is None:
                if state.game_over or not state.targets:
                    break
                target = state.targets[-1].text
                hit = number >= misses_first
                scores = tuple(
                    (0.9 if w.text == target else 0.1 + 0.01 * i)
                    if hit
                    else (0.0 if w.is_target else 0.5 + 0.01 * i)
                    for i, w in enumerate(state.stack)
                )
                action = Clue(f"clue{number}" if hit else f"miss{number}", scores)
                number += 1
            recorder.record(state, action)
            state, _ = apply_action(state, action)
    return recorder.replay(state)


def verified(name: str, replay: Replay, ai: bool = False) -> VerifiedResult:
    result = make_result(CHALLENGE, name, MODEL, replay, ai=ai)
    return VerifiedResult(result, replay_round(CHALLENGE, replay))


def test_higher_score_ranks_first_and_ties_go_to_fewer_clues_then_earlier_finish() -> None:
    good = verified("Ana", scripted_round(0))
    worse = verified("Ben", scripted_round(3))
    assert good.result.score > worse.result.score
    same = good.result
    fewer_clues = replace(same, name="Chen", clues=same.clues - 1)
    later = replace(same, name="Dia", finish_tick=same.finish_tick + 60)
    tied = replace(same, name="Eve")
    entries = [
        worse,
        VerifiedResult(later, good.outcome),
        good,
        VerifiedResult(fewer_clues, good.outcome),
        VerifiedResult(tied, good.outcome),
    ]
    standings = rank_results(entries)
    assert [s.name for s in standings] == ["Chen", "Ana", "Eve", "Dia", "Ben"]
    assert [s.place for s in standings] == [1, 2, 2, 4, 5]


def test_each_player_counts_once_with_their_best_round_and_the_ai_apart() -> None:
    best = verified("Ana", scripted_round(0))
    second_try = verified("ana", scripted_round(4))
    ai = verified("Ana", scripted_round(0), ai=True)
    standings = rank_results([second_try, best, ai])
    # Same round, same score: a full tie shares the place, people listed before the AI.
    assert [(s.place, s.name, s.ai, s.score) for s in standings] == [
        (1, "Ana", False, best.result.score),
        (1, "Ana", True, best.result.score),
    ]
    assert display_name(next(s for s in standings if s.ai)) == "Ana (AI)"


def test_lesson_view_counts_clears_median_clues_and_best_clues() -> None:
    rounds = [("Ana", verified("Ana", scripted_round(0)).outcome)]
    rounds.append(("Ben", verified("Ben", scripted_round(2)).outcome))
    lesson = lesson_view(rounds)
    first = lesson[0]
    # Both met the first target; Ana cleared it with her first clue, Ben with his third.
    assert first.met_by == 2 and first.cleared_by == 2
    assert first.median_clues == 2  # median of 1 and 3
    assert first.best[0].clue == "clue0" and first.best[0].rank == 1
    assert first.best[0].score == 0.9
    assert all(t.cleared_by <= t.met_by for t in lesson)


def test_csv_holds_the_ranking_and_the_lesson_view() -> None:
    entries = [verified("Ana", scripted_round(0)), verified("Ben", scripted_round(2))]
    standings = rank_results(entries)
    lesson = lesson_view([(s.name, s.entry.outcome) for s in standings])
    rows = list(csv.reader(io.StringIO(leaderboard_csv(CHALLENGE.code, standings, lesson))))
    assert rows[0] == ["challenge", CHALLENGE.code]
    assert rows[1][:5] == ["place", "name", "ai", "score", "clues"]
    assert rows[2][:2] == ["1", "Ana"] and rows[3][:2] == ["2", "Ben"]
    header = rows.index(["target", "players_cleared", "players_met", "median_clues", "best_clues"])
    assert rows[header + 1][0] == lesson[0].word
    assert "clue0 (0.900, rank 1)" in rows[header + 1][4]


def test_names_are_cleaned() -> None:
    assert clean_name("  Ana\x00\x1b[31m  Maria\n") == "Ana[31m Maria"
    assert clean_name("x" * 40) == "x" * 16
    assert clean_name("\t\n") == "Player"


def test_offensive_names_and_clues_are_hidden_on_screens_for_the_class() -> None:
    assert is_offensive("shit happens") and not is_offensive("Scunthorpe")
    assert shown_name("fuck") != "fuck" and shown_name("Ana") == "Ana"
    assert shown_clue("bitch") != "bitch" and shown_clue("dog") == "dog"
    for word in CHALLENGE.pack.words:
        assert not is_offensive(word), word


def test_hot_seat_players_are_parsed_in_order_and_made_unique() -> None:
    assert parse_players("Ana, Ben,Chen") == ["Ana", "Ben", "Chen"]
    assert parse_players(" ,Ana,,ana ") == ["Ana", "ana 2"]
    assert parse_players("") == []


def played(clue: str, target_score: float, rank: int, cleared: bool, tick: int = 0):
    """A clue on a 5-word stack giving `target` the `rank`-th best score."""
    from game.classroom import PlayedClue

    above = [target_score + 0.01 * (k + 1) for k in range(rank - 1)]
    below = [target_score - 0.2 - 0.01 * k for k in range(5 - rank)]
    scores = [*above, target_score, *below]
    words = tuple(f"w{i}" for i in range(len(scores)))
    target = words[rank - 1]
    return PlayedClue(tick, clue, words, tuple(scores), (target,), (target,) if cleared else (), 0)


def test_best_clues_are_the_best_ranked_that_cleared_sorted_at_most_three() -> None:
    from game.classroom import RoundOutcome
    from game.classroom.lesson import BEST_CLUES

    final = CHALLENGE.new_game()
    ana = [
        played("startups", 0.29, 1, True),  # first, but a weak 1st place
        played("heat", 0.95, 2, True),
        played("burn", 0.71, 1, True),
        played("ember", 0.90, 1, False),  # impossible in real rules: a miss is never shown
        played("spark", 0.99, 3, False),
    ]
    ben = [played("fire", 0.64, 1, True), played("Burn", 0.50, 1, True)]

    # Every PlayedClue names its own target "w{rank-1}": make them one target word.
    def as_target(p, word="flame"):
        words = tuple(word if w == p.targets[0] else w for w in p.words)
        cleared = (word,) if p.cleared_targets else ()
        return replace(p, words=words, targets=(word,), cleared_targets=cleared)

    rounds = [
        ("Ana", RoundOutcome(final, tuple(as_target(p) for p in ana), 0)),
        ("Ben", RoundOutcome(final, tuple(as_target(p) for p in ben), 0)),
    ]
    (flame,) = lesson_view(rounds)
    assert [(c.clue, c.rank) for c in flame.best] == [("burn", 1), ("fire", 1), ("startups", 1)]
    assert len(flame.best) == BEST_CLUES
    assert all(c.cleared for c in flame.best)
    scores = [c.score for c in flame.best]
    assert scores == sorted(scores, reverse=True)
    only_misses = [("Cy", RoundOutcome(final, (as_target(ana[3]), as_target(ana[4])), 0))]
    assert lesson_view(only_misses)[0].best == ()


def test_the_ai_is_marked_once() -> None:
    from game.classroom import ai_marked

    assert ai_marked("Ana", True) == "Ana (AI)"
    assert ai_marked("AI (T = 0.7)", True) == "AI (T = 0.7)"
    assert ai_marked("Ana", False) == "Ana"
