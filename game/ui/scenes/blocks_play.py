"""The Blocks play screen: a clue a turn; the rules decide, this scene draws and sends actions."""

from __future__ import annotations

import math
from collections.abc import Iterable

from game.modes import BLOCKS
from game.rules import BlocksSettings, BlocksState, ClueRefused, GameOver, HintTaken, StageUp
from game.rules.blocks import BlocksCleared, new_game
from game.rules.blocks import hint_price as price_of_hint
from game.ui import navigation, theme
from game.ui.play_state import Target
from game.ui.scenes.blocks_view import CLEAR_SECONDS, HIGHLIGHT_SECONDS, BlocksDrawing, Clearing
from game.ui.services import Services
from game.ui.turns import Feedback, HintRequest

FALL_RATE = 12.0  # exponential easing of falling and rising blocks: settled in ~0.3 s
SETTLED_ROWS = 0.01  # a block this close to its row (under a pixel) no longer moves
BIG_GROUP = 5  # groups this large get the bigger sound
HOW_TO_PLAY = "Type a clue: the closest word block clears with its whole colour group."


class BlocksPlayScene(BlocksDrawing):
    """Plays one Blocks game."""

    mode = BLOCKS
    welcome = HOW_TO_PLAY

    def __init__(self, services: Services, seed: int, state: BlocksState | None = None) -> None:
        if state is None:  # a free game: no turn limit
            state = new_game(BlocksSettings(), services.pack.entries(), seed)
        super().__init__(services, seed, state)
        self.settings = state.settings
        self.clearing = None
        self.rows_shown = {b.uid: float(r) for (_, r), b in self.state.blocks}
        self.popups = []
        self.hint_uid = None
        self.hint_text = ""
        self.hint_paid = 0

    # -- what Blocks shows ---------------------------------------------------------------

    def hint_price(self) -> int:
        """A share of the worth of the group the hint aims at (`rules.blocks.hint_price`)."""
        return price_of_hint(self.state)

    def refusal_text(self, clue: str, message: str) -> str:
        """The checker's message as it is."""
        return message

    def repeat_hint(self, target: Target) -> bool:
        """Tab again before the next clue repeats the hint for free, as in Arcade."""
        if self.hint_uid == target.uid and self.hint_text:
            self.feedback = Feedback(self.hint_text, theme.ACCENT)
            return True
        return False

    def show_hint(self, request: HintRequest, clue: str) -> None:
        """The hint's clue; the block it aims at stays outlined until the next clue."""
        self.hint_uid = request.uid
        word = next(b.text for _, b in self.state.blocks if b.uid == request.uid)
        self.hint_text = (
            f"Hint for the biggest group (\u201c{word}\u201d, outlined): try "
            f"\u201c{clue}\u201d (cost {self.hint_paid} points)"
        )
        self.feedback = Feedback(self.hint_text, theme.ACCENT)

    def show_clue(self, before: BlocksState, events: tuple[object, ...]) -> None:
        """Show the choice and the clear on the grid as it was."""
        assert self.state.last_clue is not None
        self.clearing = Clearing(before, self.state.last_clue, self.clock)
        self.hint_uid = None

    def show_events(self, events: Iterable[object]) -> None:
        """The feedback line, popups and sounds of the rules' events."""
        sound = self.services.sound
        for event in events:
            if isinstance(event, BlocksCleared):
                size = len(event.uids)
                chosen = self.state.last_clue.chosen.text if self.state.last_clue else ""
                self.feedback.text = (
                    f"\u201c{event.clue}\u201d chose \u201c{chosen}\u201d: cleared {size} "
                    f"block{'s' if size != 1 else ''}, +{event.points}"
                )
                self.feedback.colour = theme.CLEARED
                self.popups.append((f"+{event.points}", self.clock))
                sound.play("first" if size >= BIG_GROUP else "clear")
            elif isinstance(event, StageUp):
                self.popups.append((f"Stage {event.stage}: more blocks rise", self.clock))
                sound.play("stage")
            elif isinstance(event, GameOver):
                # After the clear on show has played out.
                self.over_since = self.clock + HIGHLIGHT_SECONDS + CLEAR_SECONDS
                sound.play("over")
            elif isinstance(event, HintTaken):
                self.hint_paid = event.cost
                self.feedback.text = f"Hint: finding a clue\u2026 (cost {event.cost} points)"
                self.feedback.colour = theme.ACCENT
            elif isinstance(event, ClueRefused):
                sound.play("refused")

    @property
    def animating(self) -> bool:
        """True while a clue's choice and clear are on show (the next clue waits)."""
        return self.clearing is not None

    @property
    def ready_for_clue(self) -> bool:
        """The next clue waits until the last one's clear has played."""
        return not self.animating

    def next_change(self) -> float | None:
        """Every frame while blocks clear, fall, glow or pop up; else the cursor's blink."""
        base = super().next_change()
        if self.paused or base == 0:
            return base
        state = self.shown_state
        moving = any(
            abs(self.rows_shown.get(block.uid, row) - row) > SETTLED_ROWS
            for (_, row), block in state.blocks
        )
        near = any(len(column) >= self.settings.rows - 1 for column in state.columns)
        if self.clearing is not None or self.popups or moving or near:
            return 0.0
        return base

    def summary_rows(self) -> list[tuple[str, str]]:
        """The figures of the game-over screen."""
        stats = self.state.stats
        average = stats.average_group
        best = (
            f"\u201c{stats.best_clue}\u201d ({stats.largest_group} blocks)"
            if stats.best_clue
            else "none yet"
        )
        return [
            ("Stage reached", str(self.state.stage)),
            ("Clues used", str(stats.clues_used)),
            ("Blocks cleared", str(stats.blocks_cleared)),
            ("Best clue", best),
            ("Average group", f"{average:.1f} blocks" if average is not None else "\u2013"),
            ("Hints used", str(stats.hints_used)),
        ]

    def finished(self) -> navigation.Destination:
        """The game-over screen, with Blocks' figures."""
        return navigation.GameOver(self.state, self.seed, BLOCKS, self.summary_rows())

    def animate(self, dt: float) -> None:
        """Blocks fall and rise into place once the clear has played; popups fade."""
        clearing = self.clearing
        if clearing is not None and self.clock - clearing.started >= (
            HIGHLIGHT_SECONDS + CLEAR_SECONDS
        ):
            # The clear has played: blocks above the gap fall, new ones rise from below.
            self.clearing = None
            self.rows_shown = {
                b.uid: self.rows_shown.get(b.uid, -1.0) for _, b in self.state.blocks
            }
        ease = 1 - math.exp(-dt * FALL_RATE)
        for (_, row), block in self.shown_state.blocks:
            shown = self.rows_shown.get(block.uid, float(row))
            self.rows_shown[block.uid] = shown + (row - shown) * ease
        self.popups = [p for p in self.popups if self.clock - p[1] < 1.6]
