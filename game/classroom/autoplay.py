"""The AI player of a challenge without a window: clues sampled by ``game.cluegen``.

Used by tests and benchmarks to produce genuine result files of real games (the
real engine ranks every clue, exactly as the play screen does), and by anyone
who wants the model's own result for a class to beat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.classroom.blocks_replay import BlocksRecorder
from game.classroom.challenge import Challenge
from game.classroom.results import Replay, ReplayRecorder
from game.clues import validate_clue
from game.engine import SimilarityEngine
from game.errors import ChallengeError
from game.rules import TICKS_PER_SECOND, ArcadeState, BlocksState, Clue, Refuse, Tick, apply_action
from game.rules import blocks as blocks_rules

DEFAULT_CLUE_SECONDS = 4.0


@dataclass(frozen=True)
class AutoRound:
    """A round the AI played: its last state, its replay and the rule actions it took."""

    final: ArcadeState
    replay: Replay
    actions: tuple[Tick | Clue | Refuse, ...] = ()


def play_round(
    challenge: Challenge,
    engine: SimilarityEngine,
    temperature: float = 0.7,
    seed: int = 0,
    clue_seconds: float = DEFAULT_CLUE_SECONDS,
) -> AutoRound:
    """Play a whole round: one sampled clue for the highest target every ``clue_seconds``."""
    from game.cluegen import generate_clue

    rng = np.random.default_rng(seed)
    first = challenge.new_game()
    if not isinstance(first, ArcadeState):
        raise ChallengeError("the AI player plays Arcade challenges only")
    state = first
    recorder = ReplayRecorder()
    step = max(1, round(clue_seconds * TICKS_PER_SECOND))
    actions: list[Tick | Clue | Refuse] = []

    def apply(action: Tick | Clue | Refuse) -> None:
        nonlocal state
        actions.append(action)
        recorder.record(state, action)
        state, _ = apply_action(state, action)

    while not state.game_over:
        apply(Tick(step))
        if state.game_over or not state.targets:
            continue
        words = state.words
        generated = generate_clue(engine, state.targets[-1].text, words, temperature, rng=rng)
        check = validate_clue(generated.clue, words)
        if not check.ok:
            apply(Refuse(check.clue, check.reason or ""))
            continue
        scores = engine.scores(check.clue, words)
        apply(Clue(check.clue, tuple(float(s) for s in scores)))
    return AutoRound(state, recorder.replay(state), tuple(actions))


@dataclass(frozen=True)
class AutoBlocksRound:
    """A Blocks round the AI played: its last state and its replay."""

    final: BlocksState
    replay: Replay


def play_blocks_round(
    challenge: Challenge,
    engine: SimilarityEngine,
    temperature: float = 0.7,
    seed: int = 0,
    clue_seconds: float = DEFAULT_CLUE_SECONDS,
    max_turns: int | None = None,
) -> AutoBlocksRound:
    """Play a Blocks round: each turn one sampled clue for the word block with the largest
    group, ``clue_seconds`` apart on the replay's clock; `max_turns` stops early (the
    round is then unfinished, as if the player left)."""
    from game.cluegen import generate_clue

    first = challenge.new_game()
    if not isinstance(first, BlocksState):
        raise ChallengeError("not a Blocks challenge")
    state = first
    rng = np.random.default_rng(seed)
    recorder = BlocksRecorder()
    step = max(1, round(clue_seconds * TICKS_PER_SECOND))
    now = 0
    while not state.game_over and (max_turns is None or state.turn < max_turns):
        now += step
        words = state.words
        target = state.targets[0].text if state.targets else words[0]
        generated = generate_clue(engine, target or words[0], words, temperature, rng=rng)
        check = validate_clue(generated.clue, words)
        action: Clue | Refuse
        if check.ok:
            scores = engine.scores(check.clue, words)
            action = Clue(check.clue, tuple(float(s) for s in scores))
        else:
            action = Refuse(check.clue, check.reason or "")
        recorder.record(state, action, now)
        state, _ = blocks_rules.apply_action(state, action)
    return AutoBlocksRound(state, recorder.replay(now))
