"""What a hosted round does per game mode: the one place the room, the service, the
journal and the protocol ask, so no mode test is spread over the host's files.

A `HostGame` says for its mode: the first state, how an action is recorded and applied,
whether the host's clock moves the game (Arcade) or only ends the round (Blocks, which is
turn-based), what a result's replay is, what the state message carries and what "Why?"
explains. `host_game(challenge)` picks the adapter of a challenge's mode.
"""

from __future__ import annotations

from typing import Any

from game.classroom import Challenge, Flag, Replay, ReplayRecorder
from game.classroom.blocks_replay import BlocksRecorder
from game.classroom.results import RecordedAction
from game.rules import (
    TICKS_PER_SECOND,
    ArcadeState,
    BlocksState,
    Clue,
    Hint,
    Refuse,
    Tick,
    cooldown_left,
)
from game.rules import apply_action as arcade_apply
from game.rules.blocks import apply_action as blocks_apply

GameState = ArcadeState | BlocksState
"""A student's game of either mode."""
Recorder = ReplayRecorder | BlocksRecorder
"""The replay recorder of either mode."""
Message = dict[str, Any]
# (clue, words ranked, target) for "Why?", or None when there is no clue to explain.
WhyRequest = tuple[str, list[str], "str | None"] | None


def _minutes(n: int) -> str:
    return f"{n} minute{'s' if n != 1 else ''}"


class HostGame:
    """The Arcade adapter; `BlocksGame` overrides what Blocks does differently."""

    mode = "arcade"
    timed = True  # the host's clock moves every game (words arrive, time runs out)

    def round_ticks(self, challenge: Challenge, minutes: int) -> int:
        """Length of the round on the host's clock (an Arcade round is its code's)."""
        return challenge.time_limit

    def describe(self, challenge: Challenge, minutes: int) -> str:
        """The round in a few words, for the lobby and the projector."""
        return f"Arcade, {_minutes(challenge.spec.minutes)}"

    def first_state(self, challenge: Challenge) -> GameState:
        """The challenge's first state, the same for every student."""
        return challenge.new_game()

    def new_recorder(self) -> Recorder:
        """An empty recorder for a student's result file."""
        return ReplayRecorder()

    def apply(
        self, state: GameState, recorder: Recorder, action: RecordedAction, tick: int
    ) -> GameState:
        """Record ``action`` and apply it; ``tick`` is the round's (the state keeps its own)."""
        assert isinstance(state, ArcadeState) and isinstance(recorder, ReplayRecorder)
        recorder.record(state, action)
        if isinstance(action, Flag):
            return state
        new, _ = arcade_apply(state, action)
        return new

    def now(self, state: GameState, tick: int) -> int:
        """The tick an action at round tick ``tick`` is counted at (the leaderboard's tie rule)."""
        assert isinstance(state, ArcadeState)
        return state.tick

    def due(self, state: GameState, tick: int) -> bool:
        """True if moving the game's clock to ``tick`` changes more than the clock."""
        assert isinstance(state, ArcadeState)
        if state.game_over or tick <= state.tick:
            return False
        limit = state.time_limit
        return tick >= state.next_arrival_tick or (limit is not None and tick >= limit)

    def catch_up(self, state: GameState, tick: int) -> Tick | None:
        """The action that brings the game to round tick ``tick`` (None: nothing to do)."""
        assert isinstance(state, ArcadeState)
        if tick <= state.tick or state.game_over:
            return None
        return Tick(tick - state.tick)

    def moved(self, before: GameState, after: GameState) -> bool:
        """True if a clock step changed what the page draws: the stack, or the game ended."""
        assert isinstance(before, ArcadeState) and isinstance(after, ArcadeState)
        return before.stack != after.stack or before.game_over != after.game_over

    def cooldown_ticks(self, state: GameState) -> int:
        """Ticks before clues are taken again after a miss."""
        assert isinstance(state, ArcadeState)
        return cooldown_left(state)

    def over(self, state: GameState, round_over: bool) -> bool:
        """True once the game is finished (an Arcade game runs its own clock out)."""
        return state.game_over

    def replay(self, state: GameState, recorder: Recorder, end_tick: int) -> tuple[Replay, bool]:
        """The replay of a finished game, and whether it ended early (Arcade: never)."""
        assert isinstance(state, ArcadeState) and isinstance(recorder, ReplayRecorder)
        return recorder.replay(state), False

    def why_request(self, state: GameState) -> WhyRequest:
        """What "Why?" explains: the last clue, the words it ranked, its best target."""
        assert isinstance(state, ArcadeState)
        last = state.last_clue
        if last is None:
            return None
        words = [line.text for line in last.ranking]
        targets = [line.text for line in last.ranking if line.is_target]
        return last.clue, words, targets[0] if targets else None

    def state_fields(
        self, state: GameState, recorder: Recorder, round_over: bool, round_ticks: int
    ) -> Message:
        """The mode's part of a student's state message."""
        assert isinstance(state, ArcadeState)
        settings = state.settings
        last = state.last_clue
        fields: Message = {
            "streak": state.streak,
            "streak_length": settings.streak_length,
            "stage": state.stage,
            "zone": state.zone,  # rows of the clear zone for the stack as it is now
            "max_height": settings.max_stack_height,
            "stack": [{"id": w.uid, "word": w.text, "target": w.is_target} for w in state.stack],
            "cooldown": round(cooldown_left(state) / TICKS_PER_SECOND, 1),  # after a miss
            "time_up": state.game_over and state.tick >= round_ticks,
            "last": None,
        }
        if last is not None:
            fields["last"] = {
                "clue": last.clue,
                "flagged": not recorder.can_flag(),
                "points": last.points,
                "success": last.success,
                "zone": last.zone,
                "ranking": [
                    {
                        "word": r.text,
                        "score": round(r.score, 3),
                        "rank": r.rank,
                        "target": r.is_target,
                        "cleared": r.cleared,
                    }
                    for r in last.ranking
                ],
            }
        return fields


class BlocksGame(HostGame):
    """Blocks on the host: turn-based; the host's clock only ends the round, and a game
    still running then counts as ended early (as a Blocks replay allows)."""

    mode = "blocks"
    timed = False

    def round_ticks(self, challenge: Challenge, minutes: int) -> int:
        """The host's --minutes bound a Blocks round (its code has a turn limit instead)."""
        return minutes * 60 * TICKS_PER_SECOND

    def describe(self, challenge: Challenge, minutes: int) -> str:
        """ "Blocks, 30 turns" and the host's time limit."""
        return f"{challenge.description} (at most {_minutes(minutes)})"

    def new_recorder(self) -> Recorder:
        """A recorder that keeps the round's wall-clock ticks."""
        return BlocksRecorder()

    def apply(
        self, state: GameState, recorder: Recorder, action: RecordedAction, tick: int
    ) -> GameState:
        """Record ``action`` at round tick ``tick`` and apply the Blocks rules."""
        assert isinstance(state, BlocksState) and isinstance(recorder, BlocksRecorder)
        recorder.record(state, action, tick)
        if isinstance(action, Flag):
            return state
        if not isinstance(action, Clue | Refuse | Hint):
            raise TypeError(f"not a Blocks action: {action!r}")
        new, _ = blocks_apply(state, action)
        return new

    def now(self, state: GameState, tick: int) -> int:
        """Blocks has no clock of its own: the round's tick."""
        return tick

    def due(self, state: GameState, tick: int) -> bool:
        """Time never changes a Blocks grid."""
        return False

    def catch_up(self, state: GameState, tick: int) -> Tick | None:
        """Nothing: a Blocks game waits for its next clue."""
        return None

    def cooldown_ticks(self, state: GameState) -> int:
        """No cooldown: a lone block's miss raises rows instead."""
        return 0

    def over(self, state: GameState, round_over: bool) -> bool:
        """Finished at its turn limit or an overflow, or when the round's time is up."""
        return state.game_over or round_over

    def replay(self, state: GameState, recorder: Recorder, end_tick: int) -> tuple[Replay, bool]:
        """The replay up to ``end_tick``; a game the round's end stopped ended early."""
        assert isinstance(recorder, BlocksRecorder)
        return recorder.replay(end_tick), not state.game_over

    def why_request(self, state: GameState) -> WhyRequest:
        """The last clue, the word blocks it ranked, the one it chose."""
        assert isinstance(state, BlocksState)
        last = state.last_clue
        if last is None:
            return None
        return last.clue, [r.text for r in last.ranking], last.chosen.text

    def state_fields(
        self, state: GameState, recorder: Recorder, round_over: bool, round_ticks: int
    ) -> Message:
        """The grid (columns bottom first), the turn, why the game ended, the last clue."""
        assert isinstance(state, BlocksState)
        settings = state.settings
        last = state.last_clue
        fields: Message = {
            "columns": settings.columns,
            "rows": settings.rows,
            "grid": [
                [{"id": b.uid, "colour": b.colour, "word": b.text} for b in column]
                for column in state.columns
            ],
            "turn": state.turn,
            "turn_limit": settings.turn_limit,
            "stage": state.stage,
            "end": blocks_end(state, round_over),
            "time_up": not state.game_over and round_over,
            "cooldown": 0,
            "last": None,
        }
        if last is not None:
            group = set(last.group)
            fields["last"] = {
                "clue": last.clue,
                "flagged": not recorder.can_flag(),
                "points": last.points,
                "chosen": last.chosen.text,
                "colour": last.colour,
                "group": len(last.group),  # blocks cleared, the chosen one included
                "ranking": [
                    {
                        "id": r.uid,
                        "word": r.text,
                        "score": round(r.score, 3),
                        "rank": r.rank,
                        "colour": r.colour,
                        "cleared": r.uid in group and last.points > 0,
                    }
                    for r in last.ranking
                ],
            }
        return fields


def blocks_end(state: BlocksState, round_over: bool) -> str | None:
    """Why a Blocks game is over: "turns", "overflow", "time" (the round ended), or None."""
    if state.game_over:
        rows = state.settings.rows
        return "overflow" if any(len(c) > rows for c in state.columns) else "turns"
    return "time" if round_over else None


ARCADE = HostGame()
BLOCKS = BlocksGame()
GAMES: dict[str, HostGame] = {game.mode: game for game in (ARCADE, BLOCKS)}


def host_game(challenge: Challenge) -> HostGame:
    """The adapter of a challenge's mode."""
    return GAMES[challenge.mode]
