"""Hot-seat turn order and scoreboard (pure; the screens are in test_classroom_ui)."""

from __future__ import annotations

import pytest

from game.classroom.hotseat import HotSeat, Turn


def turn(player: str, score: int, clues: int = 10, finish: int = 100) -> Turn:
    return Turn(player, score, clues, finish, None)


def test_players_take_turns_in_the_given_order() -> None:
    seat = HotSeat(["Ana", "Ben", "Chen"])
    seen = []
    while not seat.finished:
        seen.append((seat.current, seat.upcoming))
        seat.finish_turn(turn(seat.current or "", 100))
    assert seen == [("Ana", "Ben"), ("Ben", "Chen"), ("Chen", None)]
    assert seat.current is None


def test_a_turn_out_of_order_or_after_the_end_is_refused() -> None:
    seat = HotSeat(["Ana", "Ben"])
    with pytest.raises(ValueError, match="Ana's turn"):
        seat.finish_turn(turn("Ben", 1))
    seat.finish_turn(turn("Ana", 1))
    seat.finish_turn(turn("Ben", 1))
    with pytest.raises(ValueError, match="already played"):
        seat.finish_turn(turn("Ana", 1))
    with pytest.raises(ValueError):
        HotSeat([])


def test_scoreboard_orders_by_score_then_clues_then_finish() -> None:
    seat = HotSeat(["Ana", "Ben", "Chen", "Dia"])
    seat.finish_turn(turn("Ana", 500, clues=12))
    seat.finish_turn(turn("Ben", 900))
    seat.finish_turn(turn("Chen", 500, clues=9))
    seat.finish_turn(turn("Dia", 500, clues=12))
    board = [(place, t.player) for place, t in seat.scoreboard()]
    assert board == [(1, "Ben"), (2, "Chen"), (3, "Ana"), (3, "Dia")]
