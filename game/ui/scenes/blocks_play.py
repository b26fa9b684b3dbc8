"""The Blocks play screen: a clue a turn; the rules decide, this scene draws and sends actions."""

from __future__ import annotations

import math
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np
import pygame

from game.clues import MAX_CLUE_CHARS, validate_clue
from game.modes import BLOCKS
from game.rules import (
    BlocksSettings,
    BlocksState,
    Clue,
    ClueRefused,
    GameOver,
    Hint,
    HintTaken,
    Refuse,
    StageUp,
)
from game.rules.blocks import (
    BlocksCleared,
    BlocksClueResult,
    new_game,
    refuse_clue,
    submit_clue,
    take_hint,
)
from game.similarity import cosine_scores
from game.ui import theme
from game.ui.ai_player import AIPlayer
from game.ui.scene import Scene
from game.ui.scenes.blocks_view import CLEAR_SECONDS, HIGHLIGHT_SECONDS, BlocksDrawing
from game.ui.scenes.pause import PauseFlow
from game.ui.scenes.play import Feedback
from game.ui.widgets import TextInput

FALL_RATE = 12.0  # exponential easing of falling and rising blocks: settled in ~0.3 s
GAME_OVER_DELAY = 1.2
BIG_GROUP = 5  # groups this large get the bigger sound
HOW_TO_PLAY = "Type a clue: the closest word block clears with its whole colour group."


@dataclass
class Clearing:
    """A clue on show: the grid as it was, what the clue chose, and when it started."""

    before: BlocksState
    result: BlocksClueResult
    started: float


class BlocksPlayScene(PauseFlow, BlocksDrawing, Scene):
    """Plays one Blocks game."""

    name = "play"

    def __init__(self, app, seed: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.seed = seed
        self.settings = BlocksSettings()
        self.state: BlocksState = new_game(self.settings, app.pack.entries(), seed)
        self.actions: list = []  # every action fed to the rules, so a game can be replayed
        self.entry = TextInput(MAX_CLUE_CHARS + 10, "Type a clue and press Enter")
        self.feedback = Feedback(HOW_TO_PLAY)
        self.pending: list[tuple[str, Future[np.ndarray]]] = []
        self.clock = 0.0  # seconds of play, paused time excluded
        self.clearing: Clearing | None = None
        self.rows_shown = {b.uid: float(r) for (_, r), b in self.state.blocks}
        self.popups: list[tuple[str, float]] = []  # text, start time
        self.paused = False
        self.over_since: float | None = None
        self.hint_request: tuple[int, Future] | None = None
        self.hint_uid: int | None = None  # the block the last hint was for, until a clue
        self.hint_text = ""
        self.hint_paid = 0
        self.ai = AIPlayer(app.options.temperature, seed) if app.ai_playing else None
        self.init_pause_menus()

    # -- actions -------------------------------------------------------------------------

    def resume(self) -> None:
        """Close the pause menu."""
        self.paused = False

    # Arcade's pause questions and "Final score" rule: they touch only the menus, the
    # stats and the app, so both modes share them.
    def end_on_purpose(self) -> None:
        """End the game as asked: its score is kept (if a clue was played), then go on."""
        from game.ui.scenes.gameover import save_game_score

        what, self.confirming = self.confirming, None
        self._report_score()
        try:
            save_game_score(self.app, self.state, self.seed, self.app.prefs.player_name, BLOCKS)
        except Exception as exc:  # a full disk must not trap the player in the game
            print(f"wordstack: could not save the score: {exc}")
        if what == "restart":
            self.app.switch(BlocksPlayScene(self.app, self.app.new_seed()))
        else:
            self.app.to_title()

    def hint(self) -> None:
        """Charge for a hint and ask the clue generator for the block with the largest group.

        As in Arcade, a hint is paid once: Tab again before the next clue repeats it free.
        """
        if self.hint_request is not None or not self.state.targets:
            return
        (target,) = self.state.targets
        if self.hint_uid == target.uid and self.hint_text:
            self.feedback.text, self.feedback.colour = self.hint_text, theme.ACCENT
            return
        self.state, events = take_hint(self.state)
        self.actions.append(Hint())
        self._show_events(events)
        request = self.app.worker.generate_clue(
            target.text or "", self.state.words, 0.0, np.random.default_rng(0)
        )
        self.hint_request = (target.uid, request)

    def _show_hint(self) -> None:
        if self.hint_request is None or not self.hint_request[1].done():
            return
        uid, request = self.hint_request
        self.hint_request = None
        if request.exception() is not None:
            self.feedback.text, self.feedback.colour = "No hint this time.", theme.REFUSED
            return
        self.hint_uid = uid
        word = next(b.text for _, b in self.state.blocks if b.uid == uid)
        self.hint_text = (
            f"Hint for the biggest group (\u201c{word}\u201d, outlined): try "
            f"\u201c{request.result().clue}\u201d (cost {self.hint_paid} points)"
        )
        self.feedback.text, self.feedback.colour = self.hint_text, theme.ACCENT

    def submit(self, typed: str) -> bool:
        """Check a clue; a valid one goes to the model thread. Returns True if accepted."""
        check = validate_clue(typed, self.state.words)
        if not check.ok:
            self._refuse(check.clue, check.reason or "", check.message)
            return False
        self.pending.append((check.clue, self.app.worker.embed_clue(check.clue)))
        return True

    def _refuse(self, clue: str, reason: str, message: str) -> None:
        self.state, events = refuse_clue(self.state, clue, reason)
        self.actions.append(Refuse(clue, reason))
        self._show_events(events)
        self.feedback.text, self.feedback.colour = message, theme.REFUSED

    def _apply_ranked(self, clue: str, vector: np.ndarray) -> None:
        words = self.state.words
        check = validate_clue(clue, words)
        if not check.ok:  # an earlier queued clue brought a word that makes this one illegal
            self._refuse(clue, check.reason or "", check.message)
            return
        scores = tuple(float(s) for s in cosine_scores(vector, self.app.worker.engine.embed(words)))
        before = self.state
        self.state, events = submit_clue(self.state, clue, scores)
        self.actions.append(Clue(clue, scores))
        assert self.state.last_clue is not None
        self.clearing = Clearing(before, self.state.last_clue, self.clock)
        self.hint_uid = None
        self._show_events(events)

    def _show_events(self, events) -> None:  # type: ignore[no-untyped-def]
        sound = self.app.sound
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

    # -- scene hooks ---------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Typing goes to the clue line; Tab hints; Esc pauses (and resumes)."""
        key = event.key if event.type == pygame.KEYDOWN else None
        if self.paused and self.confirming is not None:
            if key == pygame.K_ESCAPE:
                self.cancel_end()
            else:
                self.confirm_menu.handle(event)
        elif self.paused:
            if key == pygame.K_ESCAPE:
                self.resume()
            else:
                self.pause_menu.handle(event)
        elif self.state.game_over:
            return
        elif key == pygame.K_ESCAPE:
            self.paused = True
            self.pause_menu.selected = 0
        elif self.ai is not None:
            return  # the AI has the keyboard; Esc still pauses
        elif key == pygame.K_TAB:
            self.hint()
        elif self.entry.handle(event):
            if self.entry.text.strip():
                # Accepted or refused, the box empties, as in Arcade.
                self.submit(self.entry.text)
            elif self.feedback.colour != theme.MUTED:
                self.feedback = Feedback(HOW_TO_PLAY)  # Enter on an empty box clears a message
            self.entry.clear()

    @property
    def animating(self) -> bool:
        """True while a clue's choice and clear are on show (the next clue waits)."""
        return self.clearing is not None

    def update(self, dt: float) -> None:
        """Apply finished rankings one at a time, after the previous clear; animate."""
        self.entry.update(dt)
        if self.paused:
            return
        self.clock += dt
        self.app.play_seconds += dt
        if self.ai is not None:
            self.ai.update(self, dt)  # type: ignore[arg-type]
        self._show_hint()
        if self.pending and not self.animating and self.pending[0][1].done():
            clue, future = self.pending.pop(0)
            if future.exception() is None and not self.state.game_over:
                self._apply_ranked(clue, future.result())
        self._animate(dt)
        if self.over_since is not None and self.clock - self.over_since > GAME_OVER_DELAY:
            self._finish()

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

    def _finish(self) -> None:
        from game.ui.scenes.gameover import GameOverScene

        self._report_score()
        over = GameOverScene(self.app, self.state, self.seed, mode=BLOCKS, rows=self.summary_rows())
        self.app.switch(over)

    def leave(self) -> None:
        """Remember the score if the game is left early (quit or --max-seconds)."""
        self._report_score()

    def _animate(self, dt: float) -> None:
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

    @property
    def shown_state(self) -> BlocksState:
        """The grid on screen: as it was before the clue while its clear is on show."""
        return self.clearing.before if self.clearing is not None else self.state
