"""Record and replay a Blocks challenge round (no model): the Blocks twin of ``replay``.

Blocks is turn-based, so the ticks of its replay are the wall clock's (`TICKS_PER_SECOND`
since the round began): they order the actions and tell the teacher how long a round
took, and never change the game. Each clue keeps the engine's scores of every word block
in `BlocksState.words` order; the Blocks rules run on them give the claimed score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from game.classroom.outcome import (
    BlocksOutcome,
    PlayedBlocksClue,
    check_recorded_clue,
    first_reached,
)
from game.classroom.results import (
    ClueAction,
    Flag,
    FlagAction,
    HintAction,
    RecordedAction,
    RefusedAction,
    Replay,
    ReplayAction,
)
from game.errors import ResultError
from game.rules import BlocksState, Clue, Hint, Refuse
from game.rules.blocks import apply_action, refuse_clue, submit_clue, take_hint
from game.similarity import round_score

if TYPE_CHECKING:
    from game.classroom.challenge import Challenge


class BlocksRecorder:
    """Collects a Blocks round's actions as they are applied, for its result file.

    Feed it every action with the state *before* it and the wall-clock tick it happened
    at; ticks never go back (a tick earlier than the last one is kept as the last one).
    """

    def __init__(self) -> None:
        self.actions: list[ReplayAction] = []
        self.last_tick = 0
        self._flaggable = False  # the last clue was ranked and is not flagged yet

    def can_flag(self) -> bool:
        """True if the last clue was ranked and has no flag yet."""
        return self._flaggable

    def record(self, before: BlocksState, action: RecordedAction, tick: int) -> None:
        """Remember one action applied to ``before`` at wall-clock ``tick``."""
        if before.game_over:
            return
        tick = self.last_tick = max(self.last_tick, tick)
        if isinstance(action, Flag):
            if self._flaggable:
                self.actions.append(FlagAction(tick))
                self._flaggable = False
        elif isinstance(action, Clue):
            scores = tuple(round_score(s) for s in action.scores)
            self.actions.append(ClueAction(tick, action.clue, scores))
            self._flaggable = True
        elif isinstance(action, Hint):
            self.actions.append(HintAction(tick))
        elif isinstance(action, Refuse):
            self.actions.append(RefusedAction(tick, action.clue, action.reason))
        else:
            raise TypeError(f"not a Blocks action: {action!r}")

    def replay(self, end_tick: int) -> Replay:
        """The replay of the round, which ended at wall-clock ``end_tick``."""
        return Replay(tuple(self.actions), max(end_tick, self.last_tick))


def replay_from_timed_actions(
    challenge: Challenge, actions: Iterable[tuple[int, RecordedAction]], end_tick: int
) -> Replay:
    """The replay of a Blocks round played as (tick, action) pairs (as the play screen keeps
    them, its flags among them), which ended at `end_tick`."""
    state = challenge.new_game()
    if not isinstance(state, BlocksState):
        raise ResultError("not a Blocks challenge")
    recorder = BlocksRecorder()
    for tick, action in actions:
        recorder.record(state, action, tick)  # TypeError for a timed action (Tick, Pause)
        if isinstance(action, Clue | Refuse | Hint):
            state, _ = apply_action(state, action)
    return recorder.replay(end_tick)


def replay_blocks(challenge: Challenge, replay: Replay, ended_early: bool = False) -> BlocksOutcome:
    """Replay a Blocks round from the challenge's first state; ResultError if it cannot happen.

    Checks: ticks in order, every clue legal on the grid it was given for with one score
    per word block, no action after the game was over, every flag after a ranked clue of
    its own, and the round finished (turn limit or overflow) unless it `ended_early`.
    """
    state = challenge.new_game()
    if not isinstance(state, BlocksState):
        raise ResultError("not a Blocks challenge")
    played: list[PlayedBlocksClue] = []
    scores_at: list[tuple[int, int]] = []
    flaggable = False
    now = 0
    for number, action in enumerate(replay.actions, start=1):
        if action.tick < now:
            raise ResultError(f"replay action {number} goes back in time (reordered actions?)")
        now = action.tick
        if state.game_over:
            raise ResultError(f"replay action {number} comes after the round ended")
        if isinstance(action, FlagAction):
            if not flaggable:
                raise ResultError(f"replay action {number} flags no clue, or one flagged before")
            played[-1] = replace(played[-1], flagged=True)
            flaggable = False
            continue
        if isinstance(action, ClueAction):
            state = _apply_clue(state, action, number, played)
            flaggable = True
        elif isinstance(action, HintAction):
            state, _ = take_hint(state)
        else:
            state, _ = refuse_clue(state, action.clue, action.reason)
        scores_at.append((action.tick, state.score))
    if replay.end_tick < now:
        raise ResultError("the replay ends before its last action")
    if not state.game_over and not ended_early:
        raise ResultError("the round in this file is not finished (truncated replay?)")
    return BlocksOutcome(state, tuple(played), first_reached(scores_at, state.score))


def _apply_clue(
    state: BlocksState, action: ClueAction, number: int, played: list[PlayedBlocksClue]
) -> BlocksState:
    words = state.words
    check_recorded_clue(
        action.clue, action.scores, words, number, f"a grid of {len(words)} word blocks"
    )
    try:
        new, _ = submit_clue(state, action.clue, action.scores)
    except ValueError as exc:  # a NaN score
        raise ResultError(f"clue {action.clue!r} (action {number}): {exc}") from None
    result = new.last_clue
    assert result is not None
    played.append(
        PlayedBlocksClue(
            action.tick,
            action.clue,
            words,
            action.scores,
            result.chosen.text,
            len(result.group),
            result.points,
        )
    )
    return new
