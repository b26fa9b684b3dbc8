"""The live leaderboard kept in order as scores change equals sorting the class each time."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from game.host.ranking import LiveBoard, rank_live


@dataclass
class Stats:
    clues_used: int = 0


@dataclass
class State:
    score: int = 0
    game_over: bool = False
    stats: Stats = field(default_factory=Stats)


@dataclass
class Player:
    id: int
    name: str
    state: State = field(default_factory=State)
    score_tick: int = 0


def test_a_board_moved_one_player_at_a_time_equals_a_full_sort():
    rng = random.Random(23)
    players = [Player(i, rng.choice(["Ana", "ben", "Cy", "Dee", "ana"]) + str(i % 7)) for i in
               range(1, 301)]  # fmt: skip
    board = LiveBoard()
    for player in players:
        board.update(player)
    removed: set[int] = set()
    for step in range(2000):
        player = rng.choice(players)
        if step % 97 == 0 and player.id not in removed:
            board.remove(player.id)
            removed.add(player.id)
            continue
        # Few distinct scores and clue counts: many full ties that share a place.
        player.state = State(rng.choice([0, 10, 20, 30]), rng.random() < 0.1,
                             Stats(rng.randint(0, 3)))  # fmt: skip
        player.score_tick = rng.choice([0, 40])
        if player.id not in removed:
            board.update(player)
        if step % 50 == 0:
            active = [p for p in players if p.id not in removed]
            expected = rank_live(active)
            assert board.lines() == expected
            assert board.lines(10) == expected[:10]
            for line in expected[::17]:
                assert board.place(next(p for p in active if p.id == line.student_id)) == line.place
    assert len(board) == len(players) - len(removed)


def test_sync_catches_a_change_made_behind_the_boards_back():
    ana, ben = Player(1, "Ana"), Player(2, "Ben")
    board = LiveBoard()
    board.sync([ana, ben])
    ben.state = State(score=40)
    assert [line.name for line in board.lines()] == ["Ana", "Ben"]  # not seen yet
    board.sync([ana, ben])
    assert [(line.place, line.name) for line in board.lines()] == [(1, "Ben"), (2, "Ana")]
    assert board.place(ana) == 2
