"""Re-run a recorded round through the rules (no model): the outcome a replay really gives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from game.classroom.challenge import Challenge, rules_digest
from game.classroom.names import clean_name
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
from game.clues import validate_clue
from game.errors import ResultError
from game.rules import (
    ArcadeState,
    ClueRefused,
    apply_action,
    ranked_order,
    refuse_clue,
    submit_clue,
    take_hint,
    tick,
)


@dataclass(frozen=True)
class PlayedClue:
    """One ranked clue of a round, as the lesson view needs it."""

    tick: int
    clue: str
    words: tuple[str, ...]
    scores: tuple[float, ...]
    targets: tuple[str, ...]
    cleared_targets: tuple[str, ...]
    points: int
    flagged: bool = False  # the player flagged this ranking: "that's not what I meant"

    def score_of(self, word: str) -> float:
        """The clue's score for one stack word."""
        return self.scores[self.words.index(word)]

    def rank_of(self, word: str) -> int:
        """1-based rank of a stack word under the tie rule (equal scores: lower index first)."""
        return 1 + ranked_order(self.scores).index(self.words.index(word))


@dataclass(frozen=True)
class RoundOutcome:
    """What a replay gives: the final state and the figures a result file claims."""

    final: ArcadeState
    clues: tuple[PlayedClue, ...]
    finish_tick: int

    @property
    def score(self) -> int:
        """The final score."""
        return self.final.score


def replay_round(challenge: Challenge, replay: Replay) -> RoundOutcome:
    """Replay a round from the challenge's first state; raises ResultError if it cannot happen.

    Checks what the rules alone can: ticks in order and inside the round, every clue
    legal on the stack it was given for, one score per stack word, the round finished,
    every flag after a ranked clue of its own. ``finish_tick`` is the tick of the action
    that first reached the final score. Flags change nothing but the clue's ``flagged``.
    """
    state = challenge.new_game()
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
    return RoundOutcome(state, tuple(played), _first_reached(scores_at, state.score))


def _apply_clue(
    state: ArcadeState, action: ClueAction, number: int, played: list[PlayedClue]
) -> ArcadeState:
    words = state.words
    check = validate_clue(action.clue, words)
    if not check.ok or check.clue != action.clue:
        raise ResultError(f"clue {action.clue!r} (action {number}) is not a legal clue there")
    if len(action.scores) != len(words):
        raise ResultError(
            f"clue {action.clue!r} (action {number}) has {len(action.scores)} scores "
            f"for a stack of {len(words)} words (changed or reordered clues?)"
        )
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


def _first_reached(scores_at: list[tuple[int, int]], final: int) -> int:
    when = 0
    previous = 0
    for at, score in scores_at:
        if score != previous:
            previous, when = score, at
    return when if previous == final else 0


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
    outcome = replay_round(challenge, replay)
    return RoundResult(
        code=challenge.code,
        mode=challenge.spec.mode,
        name=clean_name(name),
        model=model,
        pack_name=challenge.pack.name,
        pack_sha256=challenge.pack_digest,
        rules=rules_digest(challenge.settings),
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
    """The replay of a round played as a list of rule actions (as the play screen keeps it,
    with its flags among them)."""
    state = challenge.new_game()
    recorder = ReplayRecorder()
    for action in actions:
        recorder.record(state, action)
        if not isinstance(action, Flag):
            state, _ = apply_action(state, action)
    return recorder.replay(state)
