"""Pure Semantris-Arcade rules: immutable state + action -> (new state, events).

Holds Arcade's state (the stack, the last clue and its `RankLine`s), its own events and
what each action does to a game; the action records, shared events, tie rule and replay
loop come from ``game.rules.common``, the word decks from ``game.rules.deck``.

Deterministic given a seed and a tick count. Index 0 of the stack is the bottom, nearest
the clear zone, whose height grows with the stack (`ArcadeSettings.zone_for`): on a short
stack only first place clears, so a clue typed without looking at the target rarely does.
Time is a tick counter passed in by the caller; words come from two decks dealt from the
seed (``game.rules.deck``): the k-th arriving word and the k-th target depend on (seed, k)
only, whatever the player does, so a game replays exactly from its seed and its action
sequence and every player of a challenge meets the same words. The rules never call a
model: the caller ranks the stack and passes one similarity score per stack word. Scores
are compared after rounding to ``game.tie_rule.TIE_DECIMALS`` places; equal rounded scores
keep stack order (``common.ranked_order``). An optional time limit (``time_limit`` ticks)
ends a round by itself.

Scoring of a successful clue (all integers)::

    base   = target_points * targets cleared
           + word_points * other words cleared
           + first_place_bonus   (if a target ranked 1st)
    points = base * (100 + streak_step_percent * streak_before) // 100

where ``streak_before`` is the number of consecutive successes before this
clue. When the streak reaches ``streak_length`` the rest of the stack is
wiped for ``streak_wipe_bonus + word_points * words wiped`` and the streak
restarts at 0. A miss scores nothing and resets the streak; what else it costs is
set by ``ArcadeSettings`` (`MissCost`): words that come in at once, time, or a cooldown
during which clues are refused (`COOLDOWN`, costing nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from game.rules.arcade_settings import ArcadeSettings
from game.rules.common import (
    Action,
    Clue,
    ClueRefused,
    Events,
    GameEvent,
    GameOver,
    Hint,
    HintTaken,
    Pause,
    Refuse,
    StageUp,
    Tick,
    clean_pool,
    ranked_order,
    run_actions,
)
from game.rules.deck import ARRIVALS, TARGETS, deal, deck_words

COOLDOWN = "cooldown"
"""The reason of a clue the rules refuse because it came during a miss's cooldown."""

# --------------------------------------------------------------------------- state


@dataclass(frozen=True)
class StackWord:
    """One word on the stack; ``uid`` stays the same across re-sorts."""

    uid: int
    text: str
    level: int
    is_target: bool = False


@dataclass(frozen=True)
class RankLine:
    """One line of the ranking shown after a clue: a stack word, its score and its fate."""

    uid: int
    text: str
    score: float
    rank: int
    is_target: bool
    cleared: bool


@dataclass(frozen=True)
class ClueResult:
    """The last clue, its ranking (new stack order, best first) and its outcome.

    ``points`` is everything the clue earned, streak wipe included.
    """

    clue: str
    ranking: tuple[RankLine, ...]
    best_target_rank: int | None
    cleared: tuple[str, ...]
    points: int
    zone: int = 1  # rows of the clear zone for this clue

    @property
    def success(self) -> bool:
        """Whether the clue cleared at least one target."""
        return bool(self.cleared)


@dataclass(frozen=True)
class ArcadeStats:
    """Figures for the game-over screen."""

    clues_used: int = 0
    misses: int = 0
    # Best target rank of each clue (one entry per clue), 1 = first.
    target_ranks: tuple[int, ...] = ()
    best_clue: str | None = None
    best_clue_rank: int | None = None
    words_cleared: int = 0
    targets_cleared: int = 0
    longest_streak: int = 0
    hints_used: int = 0

    @property
    def average_target_rank(self) -> float | None:
        """Mean of the per-clue best target ranks, or None before any clue."""
        if not self.target_ranks:
            return None
        return sum(self.target_ranks) / len(self.target_ranks)


@dataclass(frozen=True)
class ArcadeState:
    """Complete Arcade game state; never mutated, every action returns a new one."""

    settings: ArcadeSettings
    pool: tuple[tuple[str, int], ...] = field(repr=False)
    seed: int
    stack: tuple[StackWord, ...] = ()
    tick: int = 0
    next_arrival_tick: int = 0
    score: int = 0
    stage: int = 1
    streak: int = 0
    paused: bool = False
    game_over: bool = False
    stats: ArcadeStats = field(default_factory=ArcadeStats)
    last_clue: ClueResult | None = None
    recent: tuple[str, ...] = ()
    next_uid: int = 0
    # Words dealt so far from the arrival deck and from the target deck.
    draws: int = 0
    target_draws: int = 0
    # Ticks after which the round ends by itself (None: no limit).
    time_limit: int | None = None
    hinted: tuple[int, ...] = ()  # uids of targets a hint was paid for
    misses_in_a_row: int = 0
    cooldown_until: int = 0  # clues before this tick are refused (a miss's cooldown)

    @property
    def zone(self) -> int:
        """Rows of the clear zone for the stack as it is now."""
        return self.settings.zone_for(len(self.stack))

    @property
    def targets(self) -> tuple[StackWord, ...]:
        """Target words on the stack, bottom first."""
        return tuple(w for w in self.stack if w.is_target)

    @property
    def words(self) -> tuple[str, ...]:
        """Texts of the stack, bottom first (the order scores must follow)."""
        return tuple(w.text for w in self.stack)


# -------------------------------------------------------------------------- events


@dataclass(frozen=True)
class WordArrived(GameEvent):
    """A new word was added on top of the stack."""

    uid: int
    word: str
    is_target: bool


@dataclass(frozen=True)
class TargetChosen(GameEvent):
    """A word on the stack became a target."""

    uid: int
    word: str


@dataclass(frozen=True)
class WordsCleared(GameEvent):
    """A clue cleared these words; ``target_ranks`` are 1-based ranks of cleared targets."""

    words: tuple[str, ...]
    uids: tuple[int, ...]
    target_ranks: tuple[int, ...]
    points: int


@dataclass(frozen=True)
class Miss(GameEvent):
    """A clue cleared no target; ``target_rank`` is the best target rank (None: no target)."""

    target_rank: int | None


@dataclass(frozen=True)
class MissCost(GameEvent):
    """What a miss cost besides the streak: words brought in, ticks of time, a cooldown.

    ``cooldown_ticks``: clues are refused until tick ``cooldown_until``.
    """

    arrivals: int
    penalty_ticks: int
    cooldown_ticks: int
    cooldown_until: int


@dataclass(frozen=True)
class StreakWipe(GameEvent):
    """A full streak bar wiped the rest of the stack."""

    words: tuple[str, ...]
    uids: tuple[int, ...]
    points: int


# ------------------------------------------------------------------------- actions


def new_game(
    settings: ArcadeSettings,
    words: Sequence[tuple[str, int]],
    seed: int,
    time_limit: int | None = None,
) -> ArcadeState:
    """Start a game: ``start_stack_size`` words from the decks, the stage-1 targets among them.

    ``time_limit`` (ticks) makes a timed round that ends by itself.
    """
    pool = clean_pool(words)
    if len(pool) < settings.start_stack_size:
        raise ValueError(
            f"word pack has {len(pool)} distinct words, need at least {settings.start_stack_size}"
        )
    if time_limit is not None and time_limit < 1:
        raise ValueError("time_limit must be at least 1 tick")
    state = ArcadeState(
        settings=settings,
        pool=pool,
        seed=seed,
        next_arrival_tick=settings.arrival_interval(1),
        time_limit=time_limit,
    )
    events: list[GameEvent] = []
    for _ in range(settings.start_stack_size - settings.targets_for(1)):
        state = _arrive(state, events)
    return _fill_targets(state, events)


def tick(state: ArcadeState, ticks: int = 1) -> tuple[ArcadeState, Events]:
    """Advance time by ``ticks``; words arrive on schedule. Ignored while paused or over."""
    if ticks < 0:
        raise ValueError("ticks must not be negative")
    if state.game_over or state.paused or ticks == 0:
        return state, ()
    end = state.tick + ticks
    limit = state.time_limit
    time_up = False
    if limit is not None and end >= limit:
        time_up, end = True, limit
    events: list[GameEvent] = []
    # A word due at the very tick the time runs out does not arrive.
    while state.next_arrival_tick <= end and not (time_up and state.next_arrival_tick == end):
        now = state.next_arrival_tick
        interval = state.settings.arrival_interval(state.stage)
        state = replace(state, tick=now, next_arrival_tick=now + interval)
        before = state.stack
        state = _fill_targets(_arrive(state, events), events)
        if state.stack == before:
            # Pack exhausted: nothing can arrive until a clue clears words, so skip ahead.
            skipped = (end - state.next_arrival_tick) // interval + 1
            state = replace(state, next_arrival_tick=state.next_arrival_tick + skipped * interval)
        elif len(state.stack) >= state.settings.max_stack_height:
            events.append(GameOver(state.score))
            # The clock stops at the moment the game ended.
            return replace(state, game_over=True), tuple(events)
    if time_up:
        events.append(GameOver(state.score, time_up=True))
        return replace(state, tick=end, game_over=True), tuple(events)
    return replace(state, tick=end), tuple(events)


def set_paused(state: ArcadeState, paused: bool) -> ArcadeState:
    """Pause or resume; ticks are ignored while paused."""
    if state.game_over or state.paused == paused:
        return state
    return replace(state, paused=paused)


def refuse_clue(state: ArcadeState, clue: str, reason: str) -> tuple[ArcadeState, Events]:
    """Record nothing and report a refused clue; it costs nothing."""
    if state.game_over:
        return state, ()
    return state, (ClueRefused(clue, reason),)


def take_hint(state: ArcadeState) -> tuple[ArcadeState, Events]:
    """Charge for a hint for the highest target: ``hint_cost`` points (at most the score).

    A target is charged for once: asking again for the same target is free.
    """
    if state.game_over:
        return state, ()
    target = state.targets[-1].uid if state.targets else None
    if target is not None and target in state.hinted:
        return state, (HintTaken(0, already_paid=True),)
    cost = min(state.settings.hint_cost, state.score)
    stats = replace(state.stats, hints_used=state.stats.hints_used + 1)
    hinted = state.hinted if target is None else (*state.hinted, target)
    return replace(state, score=state.score - cost, stats=stats, hinted=hinted), (HintTaken(cost),)


def cooldown_left(state: ArcadeState) -> int:
    """Ticks until clues are accepted again after a miss (0: now)."""
    return 0 if state.game_over else max(0, state.cooldown_until - state.tick)


def submit_clue(
    state: ArcadeState, clue: str, scores: Sequence[float]
) -> tuple[ArcadeState, Events]:
    """Apply a clue given ``scores[i]`` = similarity of stack word i (current order) to it.

    During a miss's cooldown (`cooldown_left`) the clue is refused (`COOLDOWN`): it
    costs nothing and is not ranked.
    """
    if state.game_over:
        return state, ()
    if cooldown_left(state):
        return refuse_clue(state, clue, COOLDOWN)
    if len(scores) != len(state.stack):
        raise ValueError(f"got {len(scores)} scores for a stack of {len(state.stack)} words")
    settings = state.settings
    order = ranked_order(scores)  # the tie rule: equal rounded scores, lower index first
    sorted_stack = tuple(state.stack[i] for i in order)
    sorted_scores = tuple(float(scores[i]) for i in order)

    zone = state.zone
    target_positions = [p for p, w in enumerate(sorted_stack) if w.is_target]
    clear_upto = -1  # highest cleared position
    for p in target_positions:
        if p == 0:
            clear_upto = max(clear_upto, zone - 1)
        elif p < zone:
            clear_upto = max(clear_upto, p)
    clear_upto = min(clear_upto, len(sorted_stack) - 1)
    cleared = sorted_stack[: clear_upto + 1]
    remaining = sorted_stack[clear_upto + 1 :]
    best_rank = target_positions[0] + 1 if target_positions else None

    events: list[GameEvent] = []
    stats = state.stats
    points = 0
    streak = state.streak
    if cleared:
        cleared_targets = [w for w in cleared if w.is_target]
        base = (
            settings.target_points * len(cleared_targets)
            + settings.word_points * (len(cleared) - len(cleared_targets))
            + (settings.first_place_bonus if best_rank == 1 else 0)
        )
        points = base * (100 + settings.streak_step_percent * streak) // 100
        events.append(
            WordsCleared(
                words=tuple(w.text for w in cleared),
                uids=tuple(w.uid for w in cleared),
                target_ranks=tuple(p + 1 for p in target_positions if p <= clear_upto),
                points=points,
            )
        )
        streak += 1
        stats = replace(
            stats,
            words_cleared=stats.words_cleared + len(cleared),
            targets_cleared=stats.targets_cleared + len(cleared_targets),
            longest_streak=max(stats.longest_streak, streak),
        )
        if streak >= settings.streak_length:
            wipe_points = settings.streak_wipe_bonus + settings.word_points * len(remaining)
            events.append(
                StreakWipe(
                    words=tuple(w.text for w in remaining),
                    uids=tuple(w.uid for w in remaining),
                    points=wipe_points,
                )
            )
            stats = replace(stats, words_cleared=stats.words_cleared + len(remaining))
            points += wipe_points
            remaining = ()
            streak = 0
    else:
        events.append(Miss(best_rank))
        streak = 0
        stats = replace(stats, misses=stats.misses + 1)
    misses_in_a_row = 0 if cleared else state.misses_in_a_row + 1

    stats = replace(stats, clues_used=stats.clues_used + 1)
    if best_rank is not None:
        stats = replace(stats, target_ranks=(*stats.target_ranks, best_rank))
        if stats.best_clue_rank is None or best_rank < stats.best_clue_rank:
            stats = replace(stats, best_clue=clue, best_clue_rank=best_rank)

    cleared_uids = {w.uid for w in cleared}
    ranking = tuple(
        RankLine(w.uid, w.text, s, rank, w.is_target, w.uid in cleared_uids)
        for rank, (w, s) in enumerate(zip(sorted_stack, sorted_scores, strict=True), start=1)
    )
    result = ClueResult(clue, ranking, best_rank, tuple(w.text for w in cleared), points, zone)
    state = replace(
        state,
        stack=remaining,
        score=state.score + points,
        streak=streak,
        stats=stats,
        last_clue=result,
        misses_in_a_row=misses_in_a_row,
    )
    state = _update_stage(state, events)
    # Restore the target count, then keep enough on screen that a miss is possible.
    state = _fill_targets(state, events)
    while len(state.stack) < settings.refill_floor(state.stage):
        before = state.stack
        state = _arrive(state, events)
        if state.stack == before:  # word pack exhausted
            break
    if not cleared:
        state = _charge_miss(state, events)
    return state, tuple(events)


# ---------------------------------------------------------------- replay helpers


def apply_action(state: ArcadeState, action: Action) -> tuple[ArcadeState, Events]:
    """Apply one recorded action."""
    if isinstance(action, Tick):
        return tick(state, action.ticks)
    if isinstance(action, Clue):
        return submit_clue(state, action.clue, action.scores)
    if isinstance(action, Refuse):
        return refuse_clue(state, action.clue, action.reason)
    if isinstance(action, Hint):
        return take_hint(state)
    if isinstance(action, Pause):
        return set_paused(state, action.paused), ()
    raise TypeError(f"not an Arcade action: {action!r}")


def replay(
    settings: ArcadeSettings,
    words: Sequence[tuple[str, int]],
    seed: int,
    actions: Iterable[Action],
) -> tuple[ArcadeState, Events]:
    """Replay a recorded game; returns the final state and every event in order."""
    return run_actions(new_game(settings, words, seed), actions, apply_action)


# ------------------------------------------------------------------------ internals


def _arrive(state: ArcadeState, events: list[GameEvent], as_target: bool = False) -> ArcadeState:
    """Add the next word of the arrival deck (or of the target deck) on top of the stack.

    A dealt word still on the stack is passed over (a deck repeats a word only after
    its whole half of the pack). When every word of the deck is on the stack (tiny
    packs only) the other deck deals instead; when the whole pack is, nothing arrives.
    """
    on_stack = {w.text.casefold() for w in state.stack}
    own, other = (TARGETS, ARRIVALS) if as_target else (ARRIVALS, TARGETS)
    for deck in (own, other):
        words = deck_words(state.pool, state.seed, deck)
        if len(words) > len(words & on_stack):  # a word of this deck is free
            break
    else:
        return state  # no draw consumed, so ticking in chunks or at once stays identical
    while True:
        if deck == TARGETS:
            index = deal(state.pool, state.seed, TARGETS, state.target_draws)
            state = replace(state, target_draws=state.target_draws + 1)
        else:
            index = deal(state.pool, state.seed, ARRIVALS, state.draws)
            state = replace(state, draws=state.draws + 1)
        text, level = state.pool[index]
        if text.casefold() not in on_stack:
            break
    word = StackWord(uid=state.next_uid, text=text, level=level, is_target=as_target)
    recent_words = (*state.recent, text)
    window = state.settings.recent_window
    events.append(WordArrived(word.uid, word.text, as_target))
    return replace(
        state,
        stack=(*state.stack, word),
        next_uid=state.next_uid + 1,
        recent=recent_words[-window:] if window else (),
    )


def _charge_miss(state: ArcadeState, events: list[GameEvent]) -> ArcadeState:
    """Apply the settings' cost of a miss: words in at once, time, a cooldown."""
    settings = state.settings
    cooldown = settings.cooldown_after(state.misses_in_a_row)
    penalty = settings.miss_penalty_ticks
    if not (settings.miss_arrivals or penalty or cooldown):
        return state
    arrived = 0
    for _ in range(settings.miss_arrivals):
        if len(state.stack) >= settings.max_stack_height:
            break
        before = state.stack
        state = _arrive(state, events)
        if state.stack == before:  # word pack exhausted
            break
        arrived += 1
    if penalty:
        # Never before the next tick: the clock only moves forward in `tick`.
        soonest = state.tick + 1
        limit = state.time_limit
        state = replace(
            state,
            next_arrival_tick=max(soonest, state.next_arrival_tick - penalty),
            time_limit=None if limit is None else max(soonest, limit - penalty),
        )
    state = replace(state, cooldown_until=state.tick + cooldown)
    events.append(MissCost(arrived, penalty, cooldown, state.cooldown_until))
    if len(state.stack) >= settings.max_stack_height:
        events.append(GameOver(state.score))
        state = replace(state, game_over=True)
    return state


def _fill_targets(state: ArcadeState, events: list[GameEvent]) -> ArcadeState:
    """Deal words from the target deck until the stage's target count is on screen."""
    wanted = state.settings.targets_for(state.stage)
    while len(state.targets) < wanted:
        before = state.stack
        state = _arrive(state, events, as_target=True)
        if state.stack == before:
            break  # every pack word is on the stack already
    return state


def _update_stage(state: ArcadeState, events: list[GameEvent]) -> ArcadeState:
    """Raise the stage to match the score; a faster arrival rate applies at once."""
    new_stage = state.settings.stage_for(state.score)
    if new_stage <= state.stage:
        return state
    events.extend(StageUp(s) for s in range(state.stage + 1, new_stage + 1))
    next_arrival = min(
        state.next_arrival_tick, state.tick + state.settings.arrival_interval(new_stage)
    )
    return replace(state, stage=new_stage, next_arrival_tick=next_arrival)
