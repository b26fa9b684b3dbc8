"""Pure Semantris-Blocks rules: immutable state + action -> (new state, events).

Holds Blocks' state (the grid of blocks, the last clue's `RankedBlock`s), its own events
and what each action does to a game; the action records, shared events, tie rule and
replay loop come from ``game.rules.common``, the random draws from ``game.rules.deck``.

The grid is a tuple of columns, each a tuple of blocks from the bottom up, so gravity
is free: removing blocks from a column lets the ones above it fall. Every block has a
colour; some carry a word. A clue ranks the word blocks (the caller passes one
similarity score per word block, in `BlocksState.word_blocks` order: column by column,
bottom first); the best one under the tie rule (``common.ranked_order``: scores compared
after rounding, equal rounded scores keep grid order) is removed with every block of its
colour connected to it edge to edge. Then the turn ends: new blocks rise from the bottom
of random columns, pushing them up, and the game is over when a column holds more than
`rows` blocks.

Deterministic given a seed and the turn counter: every colour, word and column is drawn
with ``deck.Draws`` from (seed, draw counter), BLAKE2b and integers only, so a game replays
exactly from its seed and its actions on every Python version. The rules never call a
model.

Scoring: a group of n blocks earns ``BlocksSettings.group_points(n)`` (10, 30, 60, 100,
150... with ``group_power`` 2), so one big group is worth more than several small ones;
with ``single_block_rows`` a lone block is a miss that scores nothing and raises extra
rows. A refused clue costs nothing and takes no turn. A hint costs a share of what the
hinted group is worth (`hint_price`); a player whose score cannot pay gets none
(`HintDenied`). With a ``turn_limit`` (challenges) the game is over after that many
turns (`GameOver` with reason "turns").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from game.rules.blocks_settings import BlocksSettings
from game.rules.common import (
    Clue,
    ClueRefused,
    Events,
    GameEvent,
    GameOver,
    Hint,
    HintDenied,
    HintTaken,
    Refuse,
    StageUp,
    clean_pool,
    ranked_order,
    run_actions,
)
from game.rules.deck import Draws, at_levels, folded_words

Position = tuple[int, int]  # (column, row); row 0 is the bottom

# --------------------------------------------------------------------------- state


@dataclass(frozen=True)
class Block:
    """One block of the grid; ``uid`` stays the same while it falls or rises."""

    uid: int
    colour: int
    text: str | None = None
    level: int = 0

    @property
    def is_word(self) -> bool:
        """Whether the block shows a word (only word blocks can be chosen by a clue)."""
        return self.text is not None


@dataclass(frozen=True)
class RankedBlock:
    """One word block in the ranking of a clue, with where it was on the grid."""

    uid: int
    text: str
    score: float
    rank: int
    position: Position
    colour: int


@dataclass(frozen=True)
class BlocksClueResult:
    """The last clue: every word block ranked best first, the group it cleared, its points."""

    clue: str
    ranking: tuple[RankedBlock, ...]
    group: tuple[int, ...]  # uids of the cleared blocks, the chosen one first
    colour: int
    points: int

    @property
    def chosen(self) -> RankedBlock:
        """The word block the clue picked (ranked 1st)."""
        return self.ranking[0]


@dataclass(frozen=True)
class BlocksStats:
    """Figures for the game-over screen."""

    clues_used: int = 0
    blocks_cleared: int = 0
    words_cleared: int = 0
    largest_group: int = 0
    best_clue: str | None = None  # the clue that cleared the largest group
    hints_used: int = 0

    @property
    def average_group(self) -> float | None:
        """Mean size of the cleared groups, or None before any clue."""
        return self.blocks_cleared / self.clues_used if self.clues_used else None


@dataclass(frozen=True)
class BlocksState:
    """Complete Blocks game state; never mutated, every action returns a new one."""

    settings: BlocksSettings
    pool: tuple[tuple[str, int], ...] = field(repr=False)
    seed: int
    columns: tuple[tuple[Block, ...], ...] = ()
    turn: int = 0
    score: int = 0
    stage: int = 1
    game_over: bool = False
    stats: BlocksStats = field(default_factory=BlocksStats)
    last_clue: BlocksClueResult | None = None
    recent: tuple[str, ...] = ()
    next_uid: int = 0
    draws: int = 0  # draws made so far: the counter of the next one

    @property
    def word_blocks(self) -> tuple[tuple[Position, Block], ...]:
        """Every word block with its position: column by column, bottom first."""
        return tuple(
            ((c, r), block)
            for c, column in enumerate(self.columns)
            for r, block in enumerate(column)
            if block.is_word
        )

    @property
    def turns_left(self) -> int | None:
        """Turns left before the turn limit ends the game (None: no limit)."""
        limit = self.settings.turn_limit
        return max(0, limit - self.turn) if limit else None

    @property
    def words(self) -> tuple[str, ...]:
        """Texts of the word blocks, in the order scores must follow."""
        return tuple(block.text or "" for _, block in self.word_blocks)

    @property
    def blocks(self) -> tuple[tuple[Position, Block], ...]:
        """Every block with its position."""
        return tuple(
            ((c, r), block)
            for c, column in enumerate(self.columns)
            for r, block in enumerate(column)
        )

    @property
    def targets(self) -> tuple[Block, ...]:
        """The word block a hint aims at (see `hint_target`), alone in a tuple; () if none.

        Named like Arcade's targets so the hint and the AI player serve both modes.
        """
        target = hint_target(self)
        return () if target is None else (self.columns[target[0]][target[1]],)

    def group_at(self, position: Position) -> tuple[Position, ...]:
        """The block at `position` and every same-colour block connected to it, edge to edge."""
        return connected_group(self.columns, position)


# -------------------------------------------------------------------------- events


@dataclass(frozen=True)
class BlocksCleared(GameEvent):
    """A clue cleared a group: the chosen word block and its same-colour neighbours."""

    clue: str
    chosen: int
    uids: tuple[int, ...]
    words: tuple[str, ...]
    colour: int
    points: int


@dataclass(frozen=True)
class BlocksRose(GameEvent):
    """New blocks rose from the bottom of these columns after a turn."""

    uids: tuple[int, ...]
    columns: tuple[int, ...]


BlocksAction = Clue | Refuse | Hint
"""The action records a Blocks game accepts (no ticks, no pause: it is turn-based)."""

# ---------------------------------------------------------------------------- pure helpers


def connected_group(columns: Sequence[Sequence[Block]], start: Position) -> tuple[Position, ...]:
    """Positions of the same-colour blocks connected to `start` (itself first)."""
    c0, r0 = start
    colour = columns[c0][r0].colour
    seen = {start}
    todo = [start]
    found: list[Position] = []
    while todo:
        c, r = todo.pop()
        found.append((c, r))
        for nc, nr in ((c - 1, r), (c + 1, r), (c, r - 1), (c, r + 1)):
            if (
                0 <= nc < len(columns)
                and 0 <= nr < len(columns[nc])
                and (nc, nr) not in seen
                and columns[nc][nr].colour == colour
            ):
                seen.add((nc, nr))
                todo.append((nc, nr))
    return (found[0], *sorted(found[1:]))


def remove_blocks(
    columns: Sequence[Sequence[Block]], positions: Iterable[Position]
) -> tuple[tuple[Block, ...], ...]:
    """The grid without the blocks at `positions`; the blocks above them fall."""
    gone = set(positions)
    return tuple(
        tuple(block for r, block in enumerate(column) if (c, r) not in gone)
        for c, column in enumerate(columns)
    )


def hint_target(state: BlocksState) -> Position | None:
    """The word block whose group is largest (ties: the first in `word_blocks` order)."""
    best: Position | None = None
    best_size = 0
    for position, _ in state.word_blocks:
        size = len(state.group_at(position))
        if size > best_size:
            best, best_size = position, size
    return best


# ------------------------------------------------------------------------- actions


def new_game(settings: BlocksSettings, words: Sequence[tuple[str, int]], seed: int) -> BlocksState:
    """Start a game: ``start_height`` full rows of random blocks, about half with words."""
    pool = clean_pool(words)
    if not pool:
        raise ValueError("the word pack has no words")
    state = BlocksState(settings=settings, pool=pool, seed=seed, columns=((),) * settings.columns)
    events: list[GameEvent] = []
    for _ in range(settings.start_height):
        state = _rise(state, range(settings.columns), events)
    return _ensure_words(state)


def refuse_clue(state: BlocksState, clue: str, reason: str) -> tuple[BlocksState, Events]:
    """Report a refused clue: it costs nothing and takes no turn."""
    if state.game_over:
        return state, ()
    return state, (ClueRefused(clue, reason),)


def hint_price(state: BlocksState) -> int:
    """What a hint costs now: a share of the worth of the group it aims at (0: no target)."""
    target = hint_target(state)
    if target is None:
        return 0
    return state.settings.hint_cost_for(len(state.group_at(target)))


def take_hint(state: BlocksState) -> tuple[BlocksState, Events]:
    """Charge for a hint (`hint_price`); a score that cannot pay gets none (`HintDenied`)."""
    if state.game_over:
        return state, ()
    cost = hint_price(state)
    if cost > state.score:
        return state, (HintDenied(cost),)
    stats = replace(state.stats, hints_used=state.stats.hints_used + 1)
    return replace(state, score=state.score - cost, stats=stats), (HintTaken(cost),)


def submit_clue(
    state: BlocksState, clue: str, scores: Sequence[float]
) -> tuple[BlocksState, Events]:
    """Play one turn: ``scores[i]`` is the similarity of word block i (`word_blocks` order)."""
    if state.game_over:
        return state, ()
    word_blocks = state.word_blocks
    if not word_blocks:
        raise ValueError("no word block on the grid")
    if len(scores) != len(word_blocks):
        raise ValueError(f"got {len(scores)} scores for {len(word_blocks)} word blocks")
    settings = state.settings
    order = ranked_order(scores)  # the tie rule: equal rounded scores, earlier block first
    ranked = [(i, *word_blocks[i]) for i in order]
    ranking = tuple(
        RankedBlock(block.uid, block.text or "", float(scores[i]), rank, position, block.colour)
        for rank, (i, position, block) in enumerate(ranked, start=1)
    )
    chosen_position = ranking[0].position
    group = state.group_at(chosen_position)
    missed = len(group) == 1 and settings.single_block_rows > 0
    cleared = [state.columns[c][r] for c, r in group]
    points = settings.group_points(len(group))
    words = tuple(b.text for b in cleared if b.text is not None)
    colour = cleared[0].colour
    stats = state.stats
    best = len(group) > stats.largest_group
    stats = replace(
        stats,
        clues_used=stats.clues_used + 1,
        blocks_cleared=stats.blocks_cleared + len(group),
        words_cleared=stats.words_cleared + len(words),
        largest_group=max(stats.largest_group, len(group)),
        best_clue=clue if best else stats.best_clue,
    )
    uids = tuple(b.uid for b in cleared)
    events: list[GameEvent] = [BlocksCleared(clue, uids[0], uids, words, colour, points)]
    state = replace(
        state,
        columns=remove_blocks(state.columns, group),
        score=state.score + points,
        turn=state.turn + 1,
        stats=stats,
        last_clue=BlocksClueResult(clue, ranking, uids, colour, points),
    )
    stage = settings.stage_for(state.turn)
    if stage > state.stage:
        events.extend(StageUp(s) for s in range(state.stage + 1, stage + 1))
        state = replace(state, stage=stage)
    state, counter = _next_draw(state)
    arrivals = sorted(
        _draws(state).sample(range(settings.columns), settings.arrivals_for(state.stage), counter)
    )
    state = _rise(state, arrivals, events)
    if missed:  # a lone block: whole rows rise as well
        for _ in range(settings.single_block_rows):
            state = _rise(state, range(settings.columns), events)
    state = _ensure_words(state)
    if any(len(column) > settings.rows for column in state.columns):
        events.append(GameOver(state.score))
        state = replace(state, game_over=True)
    elif settings.turn_limit and state.turn >= settings.turn_limit:
        events.append(GameOver(state.score, reason="turns"))
        state = replace(state, game_over=True)
    return state, tuple(events)


def apply_action(state: BlocksState, action: BlocksAction) -> tuple[BlocksState, Events]:
    """Apply one recorded action (a `Clue`, `Refuse` or `Hint` record)."""
    if isinstance(action, Clue):
        return submit_clue(state, action.clue, action.scores)
    if isinstance(action, Refuse):
        return refuse_clue(state, action.clue, action.reason)
    if isinstance(action, Hint):
        return take_hint(state)
    raise TypeError(f"not a Blocks action: {action!r}")


def replay(
    settings: BlocksSettings,
    words: Sequence[tuple[str, int]],
    seed: int,
    actions: Iterable[BlocksAction],
) -> tuple[BlocksState, Events]:
    """Replay a recorded game; returns the final state and every event in order."""
    return run_actions(new_game(settings, words, seed), actions, apply_action)


# ------------------------------------------------------------------------ internals


def _draws(state: BlocksState) -> Draws:
    """The game's source of random integers (its values depend on the counter passed)."""
    return Draws(state.seed, "blocks")


def _next_draw(state: BlocksState) -> tuple[BlocksState, int]:
    """The counter of the next draw, and the state that has used it up."""
    return replace(state, draws=state.draws + 1), state.draws


def _rise(state: BlocksState, columns: Iterable[int], events: list[GameEvent]) -> BlocksState:
    """One new block at the bottom of each of `columns`, pushing them up."""
    grid = list(state.columns)
    uids: list[int] = []
    chosen = list(columns)
    draws = _draws(state)
    for c in chosen:
        state, counter = _next_draw(state)
        colour = draws.below(state.settings.colours, counter)
        text, level = None, 0
        state, counter = _next_draw(state)
        if draws.below(100, counter) < state.settings.word_percent:
            state, text, level = _draw_word(state, grid)
        block = Block(state.next_uid, colour, text, level)
        grid[c] = (block, *grid[c])
        uids.append(block.uid)
        state = replace(state, next_uid=state.next_uid + 1)
    events.append(BlocksRose(tuple(uids), tuple(chosen)))
    return replace(state, columns=tuple(grid))


def _draw_word(
    state: BlocksState, grid: Sequence[Sequence[Block]]
) -> tuple[BlocksState, str | None, int]:
    """A word not on the grid; recent words and the stage's levels are preferred."""
    lo, hi = state.settings.levels_for(state.stage)
    on_grid = {b.text.casefold() for column in grid for b in column if b.text is not None}
    recent = {t.casefold() for t in state.recent}
    # The usual case, a fresh word at the stage's level, looks at the level's words only;
    # this runs for every block that rises with a word.
    pool, folded = state.pool, folded_words(state.pool)
    candidates = [
        pool[i]
        for i in at_levels(pool, lo, hi)
        if folded[i] not in on_grid and folded[i] not in recent
    ]
    if not candidates:
        candidates = _least_stale(pool, folded, on_grid, recent, (lo, hi))
    if not candidates:
        return state, None, 0  # every word of the pack is on the grid: a plain block
    state, counter = _next_draw(state)
    text, level = _draws(state).choice(candidates, counter)
    window = state.settings.recent_window
    recent_words = (*state.recent, text)[-window:] if window else ()
    return replace(state, recent=recent_words), text, level


def _least_stale(
    pool: Sequence[tuple[str, int]],
    folded: Sequence[str],
    on_grid: set[str],
    recent: set[str],
    levels: tuple[int, int],
) -> list[tuple[str, int]]:
    """The words off the grid that are the least stale, in pool order: fresh and at the
    level first, repetition weighing more than difficulty (2 > 1)."""
    lo, hi = levels
    least, candidates = 4, []
    for entry, key in zip(pool, folded, strict=True):
        if key in on_grid:
            continue
        staleness = 2 * (key in recent) + (not lo <= entry[1] <= hi)
        if staleness < least:
            least, candidates = staleness, [entry]
        elif staleness == least:
            candidates.append(entry)
    return candidates


def _ensure_words(state: BlocksState) -> BlocksState:
    """Give words to random plain blocks until the grid shows `min_word_blocks` of them."""
    grid = [list(column) for column in state.columns]
    missing = state.settings.min_word_blocks - len(state.word_blocks)
    while missing > 0:
        plain = [(c, r) for (c, r), b in state.blocks if not b.is_word]
        if not plain:
            break
        state, counter = _next_draw(state)
        c, r = _draws(state).choice(plain, counter)
        state, text, level = _draw_word(state, state.columns)
        if text is None:
            break
        grid[c][r] = replace(grid[c][r], text=text, level=level)
        state = replace(state, columns=tuple(tuple(column) for column in grid))
        missing -= 1
    return state
