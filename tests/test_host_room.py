"""The hosted room without the network: clock, phases, joining rules, rate limit, top 10."""

from __future__ import annotations

import pytest

from game.classroom import create_challenge
from game.errors import HostError
from game.host.room import COUNTDOWN, FINISHED, LOBBY, PLAYING, RateLimit, Room
from game.rules import TICKS_PER_SECOND


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def room():
    clock = Clock()
    made = Room(create_challenge("default", minutes=1, seed=99), code="WXYZ", clock=clock)
    made.test_clock = clock  # type: ignore[attr-defined]
    return made


def test_phases_follow_the_host_clock(room):
    assert room.phase == LOBBY and room.round_tick() == 0
    room.start()
    assert room.phase == COUNTDOWN and room.countdown() == 3
    with pytest.raises(HostError):
        room.start()
    room.test_clock.now += 1.5
    room.update_phase()
    assert room.countdown() == 2 and room.round_tick() == 0
    room.test_clock.now += 1.5
    room.update_phase()
    assert room.phase == PLAYING
    room.test_clock.now += 10
    assert room.round_tick() == 10 * TICKS_PER_SECOND
    room.test_clock.now += 500
    room.update_phase()
    assert room.round_tick() == room.challenge.time_limit and room.phase == FINISHED


def test_joining_rules(room):
    ana = room.join(" wxyz ", "Ana")
    assert ana.name == "Ana" and room.rejoin(ana.token) is ana
    for code, name, reason in (
        ("ABCD", "Ben", "no room"),
        ("WXYZ", "ANA", "taken"),
        ("WXYZ", "", "name"),
    ):
        with pytest.raises(HostError, match=reason):
            room.join(code, name)
    room.kick(ana.id)
    with pytest.raises(HostError, match="removed"):
        room.rejoin(ana.token)
    with pytest.raises(HostError, match="unknown"):
        room.rejoin("forged-token")
    room.locked = True
    with pytest.raises(HostError, match="locked"):
        room.join("WXYZ", "Cleo")
    room.locked = False
    room.start()
    room.test_clock.now += 3 + 20
    room.update_phase()
    late = room.join("WXYZ", "Dan")  # 20 s late is still fine
    assert late.state.tick == 0
    room.test_clock.now += 15
    with pytest.raises(HostError, match="too long ago"):
        room.join("WXYZ", "Eve")


def test_rate_limit_allows_a_burst_then_one_clue_per_step():
    limit = RateLimit(burst=3, seconds=0.75, tokens=3, last=0.0)
    assert [limit.allow(0.0) for _ in range(4)] == [True, True, True, False]
    assert not limit.allow(0.5)
    assert limit.allow(1.3)


def test_clues_are_checked_applied_and_ranked_on_the_top(room):
    ana, ben = room.join("WXYZ", "Ana"), room.join("WXYZ", "Ben")
    room.start()
    room.test_clock.now += 3
    room.update_phase()
    refused = room.check_clue(ana, ana.state.words[0])
    assert not refused.ok
    room.refuse(ana, refused)
    check = room.check_clue(ben, "zzzq")
    assert check.ok
    # Scores favouring a target put it first: the rules clear it.
    scores = [1.0 if w.is_target else 0.1 for w in ben.state.stack]
    room.apply_clue(ben, check, scores)
    assert ben.state.score > 0 and ana.state.score == 0
    assert [line.name for line in room.top()] == ["Ben", "Ana"]
    assert room.place_of(ben) == 1 and room.place_of(ana) == 2
    assert len(ben.recorder.actions) == 1 and len(ana.recorder.actions) == 1
