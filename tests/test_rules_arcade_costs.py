"""What a miss costs, how the clear zone grows, and which rules a version names (pure rules)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.rules import (
    COOLDOWN,
    ArcadeSettings,
    Clue,
    ClueRefused,
    GameOver,
    Miss,
    MissCost,
    Pause,
    Refuse,
    StackWord,
    Tick,
    WordArrived,
    WordsCleared,
    apply_action,
    cooldown_left,
    new_game,
    replay,
    submit_clue,
    tick,
)
from game.rules.arcade_settings import RULES_VERSION, settings_for_version
from game.rules.deck import ARRIVALS, deal

PACK = [(f"pack{i:02d}", 1 + i % 5) for i in range(60)]
# Every cost off, a fixed zone of one row: the mechanics of each cost alone.
OFF = replace(settings_for_version(1, 1), words_per_zone_row=0)


def game(cfg: ArcadeSettings, seed: int = 7, **changes: object):
    """A fresh game whose target is at the bottom of the stack (index 0)."""
    state = new_game(cfg, PACK, seed)
    target = next(w for w in state.stack if w.is_target)
    rest = tuple(w for w in state.stack if w.uid != target.uid)
    return replace(state, stack=(target, *rest), **changes)  # type: ignore[arg-type]


def hit(state):
    """Scores that rank the first target first."""
    return [1.0 if w.is_target else 0.0 for w in state.stack]


def miss(state):
    """Scores that rank every target last."""
    return [0.0 if w.is_target else 1.0 for w in state.stack]


def only(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_with_every_cost_off_a_miss_costs_only_the_streak() -> None:
    state = game(OFF, streak=2)
    new, events = submit_clue(state, "clue", miss(state))
    assert only(events, Miss) and not only(events, MissCost)
    assert len(new.stack) == len(state.stack) and new.cooldown_until == 0
    assert new.next_arrival_tick == state.next_arrival_tick and new.streak == 0


def test_a_miss_brings_the_next_words_of_the_arrival_deck_at_once() -> None:
    cfg = replace(OFF, miss_arrivals=2)
    state = game(cfg)
    new, events = submit_clue(state, "clue", miss(state))
    arrived = only(events, WordArrived)
    assert [e.word for e in arrived] == [
        PACK[deal(state.pool, state.seed, ARRIVALS, k)][0]
        for k in range(state.draws, state.draws + 2)
    ]
    assert not any(e.is_target for e in arrived)
    assert len(new.stack) == len(state.stack) + 2
    assert only(events, MissCost) == [MissCost(2, 0, 0, state.tick)]
    # A hit brings nothing in.
    _, events = submit_clue(new, "clue", hit(new))
    assert only(events, WordsCleared) and not only(events, MissCost)


def test_words_a_miss_brings_can_end_the_game_at_the_line() -> None:
    cfg = replace(OFF, miss_arrivals=3)
    state = game(cfg)
    state = replace(state, stack=state.stack + tuple(
        StackWord(500 + i, f"x{i}", 1) for i in range(cfg.max_stack_height - 2 - len(state.stack))
    ))  # fmt: skip
    new, events = submit_clue(state, "clue", miss(state))
    assert new.game_over and isinstance(events[-1], GameOver)
    assert len(new.stack) == cfg.max_stack_height
    assert only(events, MissCost)[0].arrivals == 2  # the third word never came


def test_a_miss_costs_time_in_a_timed_round_and_brings_the_next_word_sooner() -> None:
    cfg = replace(OFF, miss_penalty_ticks=180)
    state = new_game(cfg, PACK, 7, time_limit=3600)
    state, _ = tick(state, 100)
    new, events = submit_clue(state, "clue", miss(state))
    assert only(events, MissCost) == [MissCost(0, 180, 0, 100)]
    assert new.time_limit == 3600 - 180
    assert new.next_arrival_tick == state.next_arrival_tick - 180 == 300
    # Never before the next tick: the clock does not jump.
    again, _ = submit_clue(new, "clue", miss(new))
    assert again.next_arrival_tick == 120
    again, _ = submit_clue(again, "clue", miss(again))
    assert again.next_arrival_tick == 101 and again.tick == 100
    again, events = tick(again, 1)
    assert len(only(events, WordArrived)) == 1
    # Without a time limit only the arrival comes sooner.
    untimed = game(cfg)
    assert submit_clue(untimed, "clue", miss(untimed))[0].time_limit is None


def test_the_last_seconds_of_a_round_end_it_at_the_next_tick() -> None:
    cfg = replace(OFF, miss_penalty_ticks=600)
    state, _ = tick(new_game(cfg, PACK, 7, time_limit=700), 400)
    new, _ = submit_clue(state, "clue", miss(state))
    assert new.time_limit == 401 and not new.game_over
    new, events = tick(new, 5)
    assert new.game_over and events[-1] == GameOver(new.score, time_up=True)


def test_clues_in_a_misss_cooldown_are_refused_and_cost_nothing() -> None:
    cfg = replace(OFF, miss_cooldown_ticks=(60, 120, 240))
    state = game(cfg)
    state, events = submit_clue(state, "clue", miss(state))
    assert only(events, MissCost) == [MissCost(0, 0, 60, 60)]
    assert cooldown_left(state) == 60
    refused, events = submit_clue(state, "again", hit(state))
    assert refused is state and events == (ClueRefused("again", COOLDOWN),)
    state, _ = tick(state, 59)
    assert cooldown_left(state) == 1
    assert submit_clue(state, "again", hit(state))[0] is state
    state, _ = tick(state, 1)
    assert cooldown_left(state) == 0
    new, events = submit_clue(state, "again", hit(state))
    assert only(events, WordsCleared) and new.misses_in_a_row == 0


def test_the_cooldown_grows_with_misses_in_a_row_and_a_hit_resets_it() -> None:
    cfg = replace(OFF, miss_cooldown_ticks=(60, 120, 240), points_per_stage=10**6)
    state = game(cfg)
    waits = []
    for _ in range(5):
        state, events = submit_clue(state, "clue", miss(state))
        waits.append(only(events, MissCost)[0].cooldown_ticks)
        state, _ = tick(state, cooldown_left(state))
    assert waits == [60, 120, 240, 240, 240] and state.misses_in_a_row == 5
    state = replace(state, stack=game(cfg).stack)
    state, _ = submit_clue(state, "clue", hit(state))
    assert state.misses_in_a_row == 0
    state, events = submit_clue(state, "clue", miss(state))
    assert only(events, MissCost)[0].cooldown_ticks == 60


def test_the_cooldown_does_not_run_while_paused() -> None:
    cfg = replace(OFF, miss_cooldown_ticks=(60,))
    state = game(cfg)
    state, _ = submit_clue(state, "clue", miss(state))
    state, _ = apply_action(state, Pause(True))
    state, _ = apply_action(state, Tick(600))
    assert cooldown_left(state) == 60


def test_negative_costs_are_refused() -> None:
    for field in ("miss_arrivals", "miss_penalty_ticks", "zone_ramp"):
        with pytest.raises(ValueError, match="negative"):
            ArcadeSettings(**{field: -1})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        ArcadeSettings(miss_cooldown_ticks=(60, -1))


# ------------------------------------------------------------------- the zone


@pytest.mark.parametrize("zone", range(1, 7))
def test_a_ramped_zone_reaches_the_setting_one_word_below_the_line(zone: int) -> None:
    cfg = replace(OFF, zone_size=zone, zone_ramp=1)
    line = cfg.max_stack_height
    sizes = range(1, line)
    zones = [cfg.zone_for(n) for n in sizes]
    assert zones[-1] == zone  # one word below the line
    assert all(1 <= z <= zone for z in zones)
    assert all(a <= b for a, b in itertools.pairwise(zones))
    # One row fewer for every free row.
    assert [cfg.zone_for(line - 1 - free) for free in range(zone)] == list(range(zone, 0, -1))


def test_a_slower_ramp_takes_two_free_rows_a_zone_row() -> None:
    cfg = replace(OFF, zone_size=4, zone_ramp=2)
    assert [cfg.zone_for(n) for n in range(8, 15)] == [1, 1, 2, 2, 3, 3, 4]


def test_zone_settings_play_differently_near_the_line() -> None:
    texts = [f"w{i}" for i in range(14)]  # one word below the line
    cleared = []
    for zone in (1, 2, 3, 4):
        cfg = replace(OFF, zone_size=zone, zone_ramp=1)
        state = replace(
            game(cfg),
            stack=tuple(StackWord(300 + i, t, 1, is_target=i == 3) for i, t in enumerate(texts)),
        )
        _, events = submit_clue(state, "clue", [1.0 - i / 100 for i in range(14)])
        cleared.append(bool(only(events, WordsCleared)))
    assert cleared == [False, False, False, True]  # the target ranked 4th


# ------------------------------------------------------------------ versions


def test_version_1_is_the_rules_before_misses_cost_anything() -> None:
    old = settings_for_version(1, 4)
    assert (old.miss_arrivals, old.miss_penalty_ticks, old.miss_cooldown_ticks) == (0, 0, ())
    assert old.zone_ramp == 0 and old.words_per_zone_row == 6 and old.zone_size == 4


def test_the_latest_version_is_the_default_settings() -> None:
    for zone in range(1, 7):
        assert settings_for_version(RULES_VERSION, zone) == ArcadeSettings(zone_size=zone)
    with pytest.raises(ValueError, match="version"):
        settings_for_version(RULES_VERSION + 1, 4)


# ------------------------------------------------------------- property test

ACTIONS = st.one_of(
    st.builds(Tick, st.integers(min_value=0, max_value=300)),
    st.builds(
        lambda clue, raw: Clue(clue, tuple(raw)),
        st.sampled_from(["sun", "cold"]),
        st.lists(st.floats(-1.0, 1.0, allow_nan=False), min_size=20, max_size=20),
    ),
    st.builds(Refuse, st.just("bad"), st.just("not a word")),
    st.builds(Pause, st.booleans()),
)


@settings(max_examples=120, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    arrivals=st.integers(0, 3),
    penalty=st.integers(0, 300),
    cooldowns=st.lists(st.integers(0, 300), max_size=3),
    ramp=st.integers(0, 2),
    actions=st.lists(ACTIONS, max_size=50),
)
def test_play_with_every_cost_keeps_invariants_and_replays(
    seed: int,
    arrivals: int,
    penalty: int,
    cooldowns: list[int],
    ramp: int,
    actions: list[object],
) -> None:
    cfg = replace(
        ArcadeSettings(),
        miss_arrivals=arrivals,
        miss_penalty_ticks=penalty,
        miss_cooldown_ticks=tuple(cooldowns),
        zone_ramp=ramp,
        points_per_stage=300,
    )
    state = new_game(cfg, PACK, seed)
    fitted = []
    for raw in actions:
        action = Clue(raw.clue, raw.scores[: len(state.stack)]) if isinstance(raw, Clue) else raw
        fitted.append(action)
        before = state
        state, events = apply_action(state, action)  # type: ignore[arg-type]
        assert len(state.stack) <= cfg.max_stack_height
        assert state.score >= before.score and state.tick >= before.tick
        assert len({w.text for w in state.stack}) == len(state.stack)
        if state.stack and not state.game_over:
            assert state.targets
        if isinstance(action, Clue) and cooldown_left(before):
            assert state is before and events == (ClueRefused(action.clue, COOLDOWN),)
        if before.game_over:
            assert (state, events) == (before, ())
    final, _ = replay(cfg, PACK, seed, fitted)  # type: ignore[arg-type]
    assert final == state


def test_the_default_rules_cool_clues_down_after_misses_and_ramp_the_zone() -> None:
    # Chosen by bench/balance.py (issue 18): the least change at a careful pace.
    tuned = ArcadeSettings()
    assert [tuned.cooldown_after(k) for k in range(6)] == [0, 60, 120, 240, 480, 480]
    assert (tuned.miss_arrivals, tuned.miss_penalty_ticks, tuned.zone_ramp) == (0, 0, 1)
