"""Re-run a recorded round through the rules (no model): the outcome a replay really gives.

`replay_round` serves both modes (the challenge's `ChallengeKind` picks the replay);
the Arcade one is here, the Blocks one in ``game.classroom.blocks_replay``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from game.classroom.blocks_replay import replay_blocks, replay_from_timed_actions
from game.classroom.names import clean_name
from game.classroom.outcome import (
    Outcome,
    PlayedClue,
    RoundOutcome,
    check_recorded_clue,
    first_reached,
)
from game.classroom.results import (
    ClueAction,
    Flag,
    FlagAction,
    HintAction,
    ModelInfo,
    RecordedAction,
    Replay,
    ReplayRecorder,
    RoundResult,
)
from game.classroom.roster import name_check
from game.errors import ResultError
from game.rules import (
    ArcadeState,
    ClueRefused,
    apply_action,
    refuse_clue,
    submit_clue,
    take_hint,
    tick,
)

if TYPE_CHECKING:
    from game.classroom.challenge import Challenge

__all__ = [
    "PlayedClue",
    "RoundOutcome",
    "make_result",
    "replay_from_actions",
    "replay_of_play",
    "replay_round",
]


def replay_round(challenge: Challenge, replay: Replay, ended_early: bool = False) -> Outcome:
    """Replay a round of either mode; raises ResultError if it cannot happen.

    `ended_early`: the player ended the attempt (the result file says so). An Arcade
    replay runs its clock out anyway; a Blocks round may then stop before its game is over.
    """
    if challenge.mode == "blocks":
        return replay_blocks(challenge, replay, ended_early)
    return replay_arcade(challenge, replay)


def replay_of_play(
    challenge: Challenge,
    actions: Sequence[RecordedAction],
    ticks: Sequence[int],
    end_tick: int,
) -> Replay:
    """The replay of a round played on screen: its actions (flags among them) with the
    play clock's tick of each, and the tick it ended at (Arcade counts its own ticks)."""
    if challenge.mode == "blocks":
        return replay_from_timed_actions(challenge, zip(ticks, actions, strict=True), end_tick)
    return replay_from_actions(challenge, actions)


def replay_arcade(challenge: Challenge, replay: Replay) -> RoundOutcome:
    """Replay an Arcade round from the challenge's first state; ResultError if it cannot happen.

    Checks what the rules alone can: ticks in order and inside the round, every clue
    legal on the stack it was given for, one score per stack word, the round finished,
    every flag after a ranked clue of its own. ``finish_tick`` is the tick of the action
    that first reached the final score. Flags change nothing but the clue's ``flagged``.
    """
    state = challenge.new_game()
    if not isinstance(state, ArcadeState):
        raise ResultError("not an Arcade challenge")
    played: list[PlayedClue] = []
    scores_at: list[tuple[int, int]] = []
    flaggable = False  # the last clue was ranked and has no flag yet
    for number, action in enumerate(replay.actions, start=1):
        if action.tick < state.tick:
            raise ResultError(f"replay action {number} goes back in time (reordered actions?)")
        state, _ = tick(state, action.tick - state.tick)
        if state.game_over:
            raise ResultError(f"replay action {number} comes after the round ended")
        if isinstance(action, FlagAction):
            if not flaggable:
                raise ResultError(f"replay action {number} flags no clue, or one flagged before")
            played[-1] = replace(played[-1], flagged=True)
            flaggable = False
            continue
        if isinstance(action, ClueAction):
            ranked = len(played)
            state = _apply_clue(state, action, number, played)
            flaggable = len(played) > ranked
        elif isinstance(action, HintAction):
            state, _ = take_hint(state)
        else:
            state, _ = refuse_clue(state, action.clue, action.reason)
        scores_at.append((state.tick, state.score))
    if replay.end_tick < state.tick:
        raise ResultError("the replay ends before its last action")
    state, _ = tick(state, replay.end_tick - state.tick)
    if not state.game_over:
        raise ResultError("the round in this file is not finished (truncated replay?)")
    return RoundOutcome(state, tuple(played), first_reached(scores_at, state.score))


def _apply_clue(
    state: ArcadeState, action: ClueAction, number: int, played: list[PlayedClue]
) -> ArcadeState:
    words = state.words
    check_recorded_clue(action.clue, action.scores, words, number, f"a stack of {len(words)} words")
    targets = tuple(w.text for w in state.targets)
    new, events = submit_clue(state, action.clue, action.scores)
    if any(isinstance(event, ClueRefused) for event in events):
        return new  # sent during a miss's cooldown: refused by the rules, costing nothing
    result = new.last_clue
    assert result is not None
    cleared = tuple(r.text for r in result.ranking if r.is_target and r.cleared)
    played.append(
        PlayedClue(action.tick, action.clue, words, action.scores, targets, cleared, result.points)
    )
    return new


def make_result(
    challenge: Challenge,
    name: str,
    model: ModelInfo,
    replay: Replay,
    ai: bool = False,
    ai_temperature: float | None = None,
    practice: bool = False,
    ended_early: bool = False,
) -> RoundResult:
    """The result of a finished round, its figures computed by replaying it (as verify does).

    A personal code's round is always its student's: `name` is then the code's.
    """
    if challenge.player is not None:
        name = challenge.player
    outcome = replay_round(challenge, replay, ended_early)
    return RoundResult(
        code=challenge.code,
        mode=challenge.spec.mode,
        name=clean_name(name),
        model=model,
        pack_name=challenge.pack.name,
        pack_sha256=challenge.pack_digest,
        rules=challenge.rules_digest,
        score=outcome.score,
        clues=len(outcome.clues),
        finish_tick=outcome.finish_tick,
        replay=replay,
        ai=ai,
        ai_temperature=ai_temperature,
        practice=practice,
        ended_early=ended_early,
        name_check=name_check(challenge.code, name) if challenge.player is not None else None,
    )


def replay_from_actions(challenge: Challenge, actions: Iterable[RecordedAction]) -> Replay:
    """The replay of an Arcade round played as a list of rule actions (as the play screen
    keeps it, with its flags among them). A Blocks round records as it goes
    (``game.classroom.blocks_replay.BlocksRecorder``): its ticks are the wall clock's."""
    state = challenge.new_game()
    if not isinstance(state, ArcadeState):
        raise ResultError("only an Arcade round replays from its rule actions alone")
    recorder = ReplayRecorder()
    for action in actions:
        recorder.record(state, action)
        if not isinstance(action, Flag):
            state, _ = apply_action(state, action)
    return recorder.replay(state)
