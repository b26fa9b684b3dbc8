"""Tests of the pure Blocks rules on hand-made grids and score vectors (no model, no pygame)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.modes import ARCADE, BLOCKS, MODES, get_mode, score_tables
from game.rules import (
    Clue,
    ClueRefused,
    GameOver,
    Hint,
    HintDenied,
    HintTaken,
    Refuse,
    StageUp,
)
from game.rules.blocks import (
    Block,
    BlocksCleared,
    BlocksRose,
    BlocksState,
    apply_action,
    connected_group,
    hint_price,
    hint_target,
    new_game,
    refuse_clue,
    remove_blocks,
    replay,
    submit_clue,
    take_hint,
)
from game.rules.blocks_settings import BlocksSettings
from game.rules.common import ranked_order

PACK = [(f"pack{i:02d}", 1 + i % 5) for i in range(80)]
# The mechanics below score a lone block as a group of 1; the tuned default (a lone block
# is a miss) has its own tests.
DEFAULT = BlocksSettings(single_block_rows=0)


def grid(*columns: str) -> tuple[tuple[Block, ...], ...]:
    """Columns from strings, bottom first: a digit is a plain block of that colour, a
    letter a word block (a=colour 0, b=1, ...) whose word is the letter and its place."""
    out = []
    uid = 1000
    for c, text in enumerate(columns):
        column = []
        for r, ch in enumerate(text):
            uid += 1
            if ch.isdigit():
                column.append(Block(uid, int(ch)))
            else:
                column.append(Block(uid, ord(ch) - ord("a"), f"{ch}{c}{r}", 1))
        out.append(tuple(column))
    return tuple(out)


def on_grid(*columns: str, cfg: BlocksSettings = DEFAULT, **changes: object) -> BlocksState:
    """A game whose grid is exactly ``columns`` (padded with empty columns)."""
    state = new_game(cfg, PACK, seed=3)
    padded = (*grid(*columns), *((),) * (cfg.columns - len(columns)))
    return replace(state, columns=padded, **changes)  # type: ignore[arg-type]


def choose(state: BlocksState, word: str) -> list[float]:
    """Scores in `word_blocks` order that rank `word` first and the rest in grid order."""
    return [1.0 if w == word else 0.5 - 0.001 * i for i, w in enumerate(state.words)]


def texts(state: BlocksState) -> list[str]:
    """Each column as a string of colour digits, bottom first."""
    return ["".join(str(b.colour) for b in column) for column in state.columns]


# ------------------------------------------------------------------ group finding


def test_group_is_connected_same_colour_edge_to_edge_only():
    # Columns bottom first:  row 3:  0 0 1
    #                        row 2:  1 1 1
    #                        row 1:  0 1 0
    #                        row 0:  0 0 1
    columns = grid("0010", "0110", "1011")
    assert set(connected_group(columns, (0, 0))) == {(0, 0), (0, 1), (1, 0)}
    colour_1 = {(0, 2), (1, 1), (1, 2), (2, 2), (2, 3)}
    assert set(connected_group(columns, (2, 3))) == colour_1
    assert set(connected_group(columns, (2, 0))) == {(2, 0)}  # (1, 1) is only diagonal
    assert set(connected_group(columns, (0, 3))) == {(0, 3), (1, 3)}


def test_group_follows_rows_across_columns_of_different_heights():
    columns = grid("0", "000000", "0")
    assert len(connected_group(columns, (0, 0))) == 8
    assert connected_group(columns, (1, 5))[0] == (1, 5)  # the start comes first


def test_a_lone_block_is_its_own_group():
    columns = grid("01", "10")
    assert connected_group(columns, (0, 0)) == ((0, 0),)


# ------------------------------------------------------------------------ gravity


def test_removing_blocks_lets_the_ones_above_fall():
    columns = grid("0123", "4")
    after = remove_blocks(columns, [(0, 0), (0, 2)])
    assert [b.colour for b in after[0]] == [1, 3]
    assert after[1] == columns[1]


def test_a_clue_clears_the_best_word_block_and_its_group_and_the_rest_falls():
    state = on_grid("0a1", "00", "2b")
    chosen = next(w for w in state.words if w.startswith("a"))
    new, events = submit_clue(state, "clue", choose(state, chosen))
    cleared = next(e for e in events if isinstance(e, BlocksCleared))
    # a is colour 0 at (0,1): with (0,0), (1,0), (1,1) it makes a group of 4.
    assert len(cleared.uids) == 4 and cleared.words == (chosen,)
    assert cleared.points == DEFAULT.group_points(4)
    assert new.last_clue is not None and new.last_clue.chosen.text == chosen
    assert new.last_clue.group == cleared.uids
    # The colour-1 block above fell to the bottom of column 0 (below what rose).
    survivors = [b.uid for column in new.columns for b in column]
    assert state.columns[0][2].uid in survivors
    assert all(uid not in survivors for uid in cleared.uids)


def test_ties_go_to_the_first_word_block_in_grid_order():
    state = on_grid("a", "b")
    new, _ = submit_clue(state, "clue", [0.3, 0.3])
    assert new.last_clue is not None and new.last_clue.chosen.text == "a00"


def test_ranking_follows_the_tie_rule_of_rounded_scores():
    state = on_grid("a", "b")
    # 0.3000004 and 0.2999996 both round to 0.3: a tie, won by the first word block.
    for scores in ([0.2999996, 0.3000004], [0.3000004, 0.2999996]):
        new, _ = submit_clue(state, "clue", scores)
        assert new.last_clue is not None and new.last_clue.chosen.text == "a00"
    new, _ = submit_clue(state, "clue", [0.299999, 0.300001])  # different after rounding
    assert new.last_clue is not None and new.last_clue.chosen.text == "b10"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from([0.1, 0.3, 0.3000004, 0.2999996, 0.5]), min_size=4, max_size=4))
def test_blocks_rank_in_the_same_order_as_arcade(scores):
    state = on_grid("ab", "cd")
    new, _ = submit_clue(state, "clue", scores)
    assert new.last_clue is not None
    ranked = [state.words.index(line.text) for line in new.last_clue.ranking]
    assert ranked == ranked_order(scores)


# ----------------------------------------------------------------------- arrivals


def test_new_blocks_rise_from_the_bottom_after_each_turn():
    state = on_grid("a", "bb", "cc")
    before = {b.uid for _, b in state.blocks}
    new, events = submit_clue(state, "clue", choose(state, "a00"))
    (rose,) = [e for e in events if isinstance(e, BlocksRose)]
    assert len(rose.uids) == DEFAULT.arrivals_for(1) == len(set(rose.columns))
    for uid, c in zip(rose.uids, rose.columns, strict=True):
        assert new.columns[c][0].uid == uid  # at the bottom, pushing the column up
        assert uid not in before
    assert new.turn == 1


def test_the_grid_always_keeps_enough_word_blocks():
    state = on_grid("a", "0", "1", "2", "3")
    new, _ = submit_clue(state, "clue", [1.0])
    assert len(new.word_blocks) >= DEFAULT.min_word_blocks
    assert len(set(new.words)) == len(new.words)  # a word is on the grid once at most


def test_new_game_fills_the_bottom_rows_with_about_half_words():
    state = new_game(DEFAULT, PACK, seed=1)
    assert [len(c) for c in state.columns] == [DEFAULT.start_height] * DEFAULT.columns
    share = len(state.word_blocks) / (DEFAULT.columns * DEFAULT.start_height)
    assert 0.25 <= share <= 0.75
    assert {b.colour for _, b in state.blocks} == set(range(DEFAULT.colours))


def test_stage_rises_with_turns_and_brings_more_arrivals():
    cfg = BlocksSettings(turns_per_stage=2, arrivals_per_stage=(1, 3), start_height=1)
    state = new_game(cfg, PACK, seed=2)
    seen_stage_up = []
    for _ in range(3):
        state, events = submit_clue(state, "c", [1.0] * len(state.words))
        seen_stage_up += [e.stage for e in events if isinstance(e, StageUp)]
        rose = next(e for e in events if isinstance(e, BlocksRose))
        assert len(rose.uids) == cfg.arrivals_for(state.stage)
    assert seen_stage_up == [2] and state.stage == 2


# ----------------------------------------------------------------------- overflow


def test_a_column_over_the_top_ends_the_game():
    cfg = BlocksSettings(rows=4, start_height=1, arrivals_per_stage=(8,), min_word_blocks=1)
    state = on_grid("a", "1111", cfg=cfg)
    new, events = submit_clue(state, "clue", [1.0])
    assert new.game_over and isinstance(events[-1], GameOver)
    assert events[-1].score == new.score == cfg.group_points(1)
    assert submit_clue(new, "again", [1.0] * len(new.words)) == (new, ())


def test_a_full_column_that_does_not_overflow_keeps_playing():
    cfg = BlocksSettings(rows=5, start_height=1, arrivals_per_stage=(1,), min_word_blocks=1)
    state = on_grid("a", "1111", cfg=cfg)
    new, _ = submit_clue(state, "clue", [1.0])
    assert max(len(c) for c in new.columns) <= 5 and not new.game_over


# ------------------------------------------------------------------------ scoring


def test_score_grows_faster_than_the_group():
    points = [DEFAULT.group_points(n) for n in range(1, 9)]
    assert points[:3] == [10, 30, 60]
    per_block = [p / n for n, p in enumerate(points, start=1)]
    assert per_block == sorted(per_block) and len(set(per_block)) == len(per_block)


def test_bigger_group_scores_more_and_stats_remember_the_best_clue():
    state = on_grid("a000", "b", "c")
    big, _ = submit_clue(state, "big", choose(state, "a00"))
    small, _ = submit_clue(state, "small", choose(state, "b10"))
    assert big.score == DEFAULT.group_points(4) > small.score == DEFAULT.group_points(1)
    assert big.stats.largest_group == 4 and big.stats.best_clue == "big"
    assert big.stats.clues_used == 1 and big.stats.blocks_cleared == 4
    assert big.stats.words_cleared == 1 and big.stats.average_group == 4


def test_refused_clue_costs_nothing_and_takes_no_turn():
    state = on_grid("a", "b", score=120)
    new, events = refuse_clue(state, "a00", "on_stack")
    assert new is state and events == (ClueRefused("a00", "on_stack"),)


def test_a_hint_costs_a_share_of_what_its_group_earns():
    # Issue 18: a flat 50 cost more than a group of 2 earns (30).
    state = on_grid("a", "b", score=30)  # lone word blocks: groups of 1
    cost = DEFAULT.hint_cost_for(1)
    assert hint_price(state) == cost == DEFAULT.group_points(1) * DEFAULT.hint_share_percent // 100
    new, events = take_hint(state)
    assert new.score == 30 - cost and events == (HintTaken(cost),)
    assert new.stats.hints_used == 1 and new.columns == state.columns and new.turn == state.turn
    for size in range(1, 20):
        assert 0 < DEFAULT.hint_cost_for(size) <= DEFAULT.group_points(size)
        assert DEFAULT.hint_cost_for(size) <= DEFAULT.hint_cost
    big = on_grid("a00000", score=500)  # a group of 6, worth 210: the cap applies
    assert take_hint(big)[0].score == 500 - DEFAULT.hint_cost


def test_no_hint_when_the_score_cannot_pay():
    state = on_grid("a00", score=0)  # a group of 3, worth 60
    new, events = take_hint(state)
    assert new is state and events == (HintDenied(DEFAULT.hint_cost_for(3)),)
    paid, events = take_hint(replace(state, score=DEFAULT.hint_cost_for(3)))
    assert paid.score == 0 and events == (HintTaken(DEFAULT.hint_cost_for(3)),)


def test_a_lone_block_is_a_miss_that_raises_rows_when_the_rule_is_on():
    cfg = replace(DEFAULT, single_block_rows=1, arrivals_per_stage=(3,))
    state = on_grid("a", "b1", cfg=cfg)
    new, events = submit_clue(state, "clue", choose(state, "a00"))
    assert new.score == 0 and cfg.group_points(1) == 0
    rose = [e for e in events if isinstance(e, BlocksRose)]
    assert [len(e.uids) for e in rose] == [3, cfg.columns]
    assert sum(map(len, new.columns)) == sum(map(len, state.columns)) - 1 + 3 + cfg.columns
    # A group of two is no miss.
    new, events = submit_clue(state, "clue", choose(state, "b10"))
    assert new.score == cfg.group_points(2) > 0
    assert len([e for e in events if isinstance(e, BlocksRose)]) == 1


def test_group_power_makes_scoring_more_convex():
    cubic = replace(DEFAULT, group_power=3)
    assert [cubic.group_points(n) for n in range(1, 6)] == [10, 40, 100, 200, 350]
    assert [DEFAULT.group_points(n) for n in range(1, 5)] == [10, 30, 60, 100]


def test_hint_aims_at_the_word_block_with_the_largest_group():
    state = on_grid("a0", "b11", "1c")
    # b (colour 1) at (1,0) joins (1,1), (1,2) and (2,0): 4 blocks; a has 2, c alone.
    assert hint_target(state) == (1, 0)
    (target,) = state.targets
    assert target.text == "b10"


def test_wrong_score_count_or_nan_is_rejected():
    state = on_grid("a", "b")
    with pytest.raises(ValueError, match="2 word blocks"):
        submit_clue(state, "x", [1.0])
    with pytest.raises(ValueError, match="NaN"):
        submit_clue(state, "x", [1.0, float("nan")])


def test_settings_reject_inconsistent_values():
    with pytest.raises(ValueError):
        BlocksSettings(colours=6)
    with pytest.raises(ValueError):
        BlocksSettings(start_height=12)
    with pytest.raises(ValueError):
        BlocksSettings(arrivals_per_stage=(9,))


# ------------------------------------------------------------ determinism and replay


def play(seed: int, turns: int) -> tuple[BlocksState, list]:
    """A game where each clue picks the word block at a seeded pseudo-random place."""
    state = new_game(DEFAULT, PACK, seed)
    actions: list = []
    for turn in range(turns):
        if state.game_over:
            break
        words = state.words
        scores = tuple((i * 7919 + turn * 104729) % 1000 / 1000 for i in range(len(words)))
        action = Clue(f"clue{turn}", scores)
        if turn % 4 == 1:
            actions.append(Hint())
            state, _ = apply_action(state, Hint())
        if turn % 5 == 2:
            refused = Refuse(words[0], "on_stack")
            actions.append(refused)
            state, _ = apply_action(state, refused)
        actions.append(action)
        state, _ = apply_action(state, action)
    return state, actions


def test_seed_7_deals_the_pinned_blocks():
    # Pinned values, not a second run: colours, words and columns are drawn with BLAKE2b so
    # that a game is the same on every Python version; a change of the draws shows up here.
    state = new_game(DEFAULT, PACK, seed=7)
    assert texts(state) == ["0000", "3030", "0123", "3033", "2301", "0211", "2212", "3000"]
    assert state.words[:6] == ("pack60", "pack66", "pack61", "pack20", "pack21", "pack26")
    assert state.draws == 83
    new, events = submit_clue(state, "clue", [1.0] * len(state.words))
    (rose,) = [e for e in events if isinstance(e, BlocksRose)]
    assert rose.columns == (0, 5, 7)
    assert [new.columns[c][0].colour for c in rose.columns] == [3, 3, 2]


def test_same_seed_same_game_different_seed_different_game():
    assert new_game(DEFAULT, PACK, 5) == new_game(DEFAULT, PACK, 5)
    assert new_game(DEFAULT, PACK, 5).columns != new_game(DEFAULT, PACK, 6).columns


def test_replay_rebuilds_the_game_exactly():
    final, actions = play(9, 40)
    replayed, events = replay(DEFAULT, PACK, 9, actions)
    assert replayed == final
    assert sum(isinstance(e, BlocksCleared) for e in events) == final.stats.clues_used


def test_apply_action_rejects_arcade_only_actions():
    from game.rules import Tick

    with pytest.raises(TypeError):
        apply_action(new_game(DEFAULT, PACK, 1), Tick(1))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), turns=st.integers(1, 30))
def test_invariants_hold_in_any_game(seed, turns):
    state, _ = play(seed, turns)
    words = state.words
    assert len(set(words)) == len(words)
    uids = [b.uid for _, b in state.blocks]
    assert len(set(uids)) == len(uids)
    assert state.game_over == any(len(c) > DEFAULT.rows for c in state.columns)
    assert all(0 <= b.colour < DEFAULT.colours for _, b in state.blocks)
    assert state.score >= 0 and state.stage == DEFAULT.stage_for(state.turn)


def test_a_small_pack_runs_out_of_words_gracefully():
    tiny = [(f"w{i}", 1) for i in range(8)]
    state = new_game(DEFAULT, tiny, seed=4)
    for _ in range(10):
        if state.game_over:
            break
        state, _ = submit_clue(state, "c", [1.0] * len(state.words))
        assert 1 <= len(state.words) <= 8


# --------------------------------------------------------------------------- modes


def test_modes_are_named_in_one_place():
    assert list(MODES) == ["arcade", "blocks"]
    assert get_mode("blocks") is BLOCKS and BLOCKS.rules.new_game is new_game
    assert ARCADE.table() == "arcade" and ARCADE.table(ai=True) == "arcade-ai"
    assert score_tables() == ("arcade", "arcade-ai", "blocks", "blocks-ai")
    with pytest.raises(ValueError, match="known: arcade, blocks"):
        get_mode("tetris")


@pytest.mark.parametrize("mode", list(MODES.values()), ids=list(MODES))
def test_every_mode_starts_and_replays_from_a_seed_and_settings(mode):
    cfg = mode.settings_type()
    state = mode.rules.new_game(cfg, PACK, 12)
    replayed, _ = mode.rules.replay(cfg, PACK, 12, [])
    assert replayed == state


def test_aiming_at_the_largest_group_beats_random_picks():
    """Balance at the rules level: skill (the biggest group every turn) shows in the score."""
    import random

    def final_score(seed: int, greedy: bool) -> int:
        state = new_game(DEFAULT, PACK, seed)
        rng = random.Random(seed)
        while not state.game_over and state.turn < 80:
            target = hint_target(state) if greedy else None
            scores = [
                1.0 if position == target else (0.0 if greedy else rng.random())
                for position, _ in state.word_blocks
            ]
            state, _ = submit_clue(state, "c", scores)
        return state.score

    seeds = range(12)
    random_mean = sum(final_score(s, False) for s in seeds) / len(seeds)
    greedy_mean = sum(final_score(s, True) for s in seeds) / len(seeds)
    assert greedy_mean > 1.4 * random_mean


def test_by_default_a_lone_block_is_a_miss_and_its_hint_is_free():
    tuned = BlocksSettings()
    assert tuned.single_block_rows == 1 and tuned.group_points(1) == 0
    assert tuned.hint_cost_for(1) == 0 and tuned.group_points(2) == 30
    state = on_grid("a", "b", cfg=tuned, score=0)
    new, events = take_hint(state)  # nothing to earn, nothing to pay
    assert events == (HintTaken(0),) and new.score == 0


def test_a_turn_limit_ends_the_game_after_its_last_turn():
    settings = BlocksSettings(turn_limit=3, arrivals_per_stage=(1,), single_block_rows=0)
    state = new_game(settings, PACK, seed=5)
    assert state.turns_left == 3
    events: tuple = ()
    for turn in range(3):
        assert not state.game_over
        state, events = submit_clue(state, "clue", [0.5] * len(state.words))
        assert state.turns_left == 2 - turn
    over = [e for e in events if isinstance(e, GameOver)]
    assert state.game_over and over == [GameOver(state.score, reason="turns")]
    after, more = submit_clue(state, "late", [0.5] * len(state.words))
    assert after == state and more == ()


def test_without_a_turn_limit_the_game_goes_on():
    settings = BlocksSettings(arrivals_per_stage=(1,), single_block_rows=0)
    state = new_game(settings, PACK, seed=5)
    assert state.turns_left is None
    for _ in range(12):
        state, _ = submit_clue(state, "clue", [0.5] * len(state.words))
    assert not state.game_over and state.turn == 12
