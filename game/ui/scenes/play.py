"""The Arcade play screen: the stack, the clear zone, the clue line and the ranking panel."""

from __future__ import annotations

import math
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np
import pygame

from game.clues import MAX_CLUE_CHARS, validate_clue
from game.rules import (
    TICKS_PER_SECOND,
    ArcadeSettings,
    ArcadeState,
    Clue,
    ClueRefused,
    GameOver,
    Hint,
    HintTaken,
    Miss,
    Refuse,
    StageUp,
    StreakWipe,
    Tick,
    WordArrived,
    WordsCleared,
    new_game,
    refuse_clue,
    set_paused,
    submit_clue,
    take_hint,
    tick,
)
from game.similarity import cosine_scores
from game.ui import theme
from game.ui.ai_player import AIPlayer
from game.ui.scene import Scene
from game.ui.scenes.play_view import FADE_SECONDS, SORT_SECONDS, PlayDrawing
from game.ui.widgets import Menu, MenuItem, TextInput

SLIDE_RATE = 10.0  # exponential easing rate: ~98% of the way in 0.4 s
GAME_OVER_DELAY = 1.2


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class Vanishing:
    """A cleared word fading out where the ranking put it."""

    uid: int
    text: str
    is_target: bool
    slot: float
    score: float


@dataclass
class Feedback:
    """The line above the clue box: what happened to the last clue."""

    text: str = "Type a clue for the word with the diamond, then press Enter."
    colour: tuple[int, int, int] = theme.MUTED


class PlayScene(PlayDrawing, Scene):
    """Plays one Arcade game; rules decide, this scene only draws and sends actions."""

    name = "play"

    def __init__(self, app, seed: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.seed = seed
        self.settings = ArcadeSettings(zone_size=app.prefs.zone_size)
        self.state: ArcadeState = new_game(self.settings, app.pack.entries(), seed)
        self.actions: list = []  # every action fed to the rules, so a game can be replayed
        self.entry = TextInput(MAX_CLUE_CHARS + 10, "Type a clue and press Enter")
        self.feedback = Feedback()
        self.pending: list[tuple[str, Future[np.ndarray]]] = []
        self.slots: dict[int, float] = {}
        self.sort_goal: dict[int, int] = {}
        self.clock = 0.0  # seconds of play, paused time excluded
        self.clue_time = -100.0
        self.tick_debt = 0.0
        self.vanishing: list[Vanishing] = []
        self.shown_scores: dict[int, float] = {}
        self.popups: list[tuple[str, float, float]] = []  # text, slot, start time
        self.paused = False
        self.over_since: float | None = None
        self.hint_request = None
        self.hint_paid = 0
        self.ai = AIPlayer(app.options.temperature, seed) if app.ai_playing else None
        self.pause_menu = Menu(
            [
                MenuItem(lambda: "Resume", self.resume),
                MenuItem(lambda: "Restart", self.restart),
                MenuItem(lambda: "Quit to title", app.to_title),
            ]
        )
        for index, word in enumerate(self.state.stack):
            self.slots[word.uid] = float(index)

    # -- actions -------------------------------------------------------------------------

    def resume(self) -> None:
        """Close the pause menu."""
        self.paused = False
        self.state = set_paused(self.state, False)

    def restart(self) -> None:
        """A new game with a new seed (the same one if --seed was given)."""
        self.app.switch(PlayScene(self.app, self.app.new_seed()))

    def hint(self) -> None:
        """Charge for a hint (the rules decide how much) and ask for the best clue."""
        if self.hint_request is not None or not self.state.targets:
            return
        self.state, events = take_hint(self.state)
        self.actions.append(Hint())
        self._show_events(events)
        target = self.state.targets[-1].text
        self.hint_request = (
            target,
            self.app.worker.generate_clue(target, self.state.words, 0.0, np.random.default_rng(0)),
        )

    def _show_hint(self) -> None:
        if self.hint_request is None or not self.hint_request[1].done():
            return
        target, request = self.hint_request
        self.hint_request = None
        if request.exception() is not None:
            self.feedback.text, self.feedback.colour = "No hint this time.", theme.REFUSED
            return
        clue = request.result().clue
        self.feedback.text = (
            f"Hint for \u201c{target}\u201d: try \u201c{clue}\u201d (cost {self.hint_paid} points)"
        )
        self.feedback.colour = theme.ACCENT

    def submit(self, typed: str) -> bool:
        """Check a clue; a valid one goes to the model thread. Returns True if accepted."""
        check = validate_clue(typed, self.state.words)
        if not check.ok:
            self.state, events = refuse_clue(self.state, check.clue, check.reason or "")
            self.actions.append(Refuse(check.clue, check.reason or ""))
            self._show_events(events)
            self.feedback.text, self.feedback.colour = check.message, theme.REFUSED
            return False
        self.pending.append((check.clue, self.app.worker.embed_clue(check.clue)))
        return True

    def _apply_ranked(self, clue: str, vector: np.ndarray) -> None:
        # The clue vector was computed in the background; the stack may have grown since,
        # so score the stack as it is now (its words' vectors are cached: no model call).
        words = self.state.words
        check = validate_clue(clue, words)
        if not check.ok:  # a word that arrived while ranking made the clue illegal
            self.state, events = refuse_clue(self.state, clue, check.reason or "")
            self.actions.append(Refuse(clue, check.reason or ""))
            self._show_events(events)
            self.feedback.text, self.feedback.colour = check.message, theme.REFUSED
            return
        scores = cosine_scores(vector, self.app.worker.engine.embed(words))
        ranking_input = tuple(float(s) for s in scores)
        before = {w.uid: w for w in self.state.stack}
        self.state, events = submit_clue(self.state, clue, ranking_input)
        self.actions.append(Clue(clue, ranking_input))
        result = self.state.last_clue
        if result is not None:
            self.sort_goal = {r.uid: r.rank - 1 for r in result.ranking}
            self.shown_scores = {r.uid: r.score for r in result.ranking}
            self.clue_time = self.clock
            cleared = {
                uid for e in events if isinstance(e, WordsCleared | StreakWipe) for uid in e.uids
            }
            self.vanishing = [
                Vanishing(r.uid, r.text, r.is_target, self.slots.get(r.uid, r.rank - 1), r.score)
                for r in result.ranking
                if r.uid in cleared and r.uid in before
            ]
        self._show_events(events)

    def _show_events(self, events) -> None:  # type: ignore[no-untyped-def]
        sound = self.app.sound
        for event in events:
            if isinstance(event, WordsCleared):
                ranks = ", ".join(ordinal(r) for r in event.target_ranks)
                self.feedback.text = (
                    f"Target ranked {ranks}: cleared {len(event.words)} "
                    f"word{'s' if len(event.words) != 1 else ''}, +{event.points}"
                )
                self.feedback.colour = theme.CLEARED
                self.popups.append((f"+{event.points}", 0.0, self.clock))
                sound.play("first" if 1 in event.target_ranks else "clear")
            elif isinstance(event, Miss):
                where = ordinal(event.target_rank) if event.target_rank else "nowhere"
                self.feedback.text = (
                    f"Target ranked {where}: it must reach the best "
                    f"{self.settings.zone_size}. Streak lost."
                )
                self.feedback.colour = theme.DANGER
                sound.play("miss")
            elif isinstance(event, StreakWipe):
                self.feedback.text = f"Streak bar full: stack wiped! +{event.points}"
                self.popups.append((f"WIPE +{event.points}", 1.0, self.clock))
                sound.play("wipe")
            elif isinstance(event, StageUp):
                self.popups.append((f"Stage {event.stage}!", 2.0, self.clock))
                sound.play("stage")
            elif isinstance(event, WordArrived):
                self.slots.setdefault(event.uid, float(self.settings.max_stack_height) + 0.5)
            elif isinstance(event, GameOver):
                self.over_since = self.clock
                sound.play("over")
            elif isinstance(event, HintTaken):
                self.hint_paid = event.cost
                self.feedback.text = f"Hint: finding a clue\u2026 (cost {event.cost} points)"
                self.feedback.colour = theme.ACCENT
            elif isinstance(event, ClueRefused):
                sound.play("refused")

    # -- scene hooks ---------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Typing goes to the clue line; Esc pauses; the pause menu takes keys while open."""
        if self.paused:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.resume()
            else:
                self.pause_menu.handle(event)
            return
        if self.state.game_over:
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.paused = True
            self.pause_menu.selected = 0
            self.state = set_paused(self.state, True)
            return
        if (
            event.type == pygame.KEYDOWN
            and event.key == pygame.K_m
            and event.mod & pygame.KMOD_CTRL
        ):
            self.app.toggle_sound()
            return
        if self.ai is not None:
            return  # the AI has the keyboard; Esc still pauses
        if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            self.hint()
            return
        if self.entry.handle(event) and self.entry.text.strip() and self.submit(self.entry.text):
            self.entry.clear()

    def update(self, dt: float) -> None:
        """Advance the rules by whole ticks, apply finished rankings, animate."""
        self.entry.update(dt)
        if self.paused:
            return
        self.clock += dt
        self.app.play_seconds += dt
        if self.ai is not None:
            self.ai.update(self, dt)
        self._show_hint()
        while self.pending and self.pending[0][1].done():
            clue, future = self.pending.pop(0)
            if future.exception() is None and not self.state.game_over:
                self._apply_ranked(clue, future.result())
        if not self.state.game_over:
            self.tick_debt += dt * TICKS_PER_SECOND
            whole = int(self.tick_debt)
            if whole:
                self.tick_debt -= whole
                self.state, events = tick(self.state, whole)
                self.actions.append(Tick(whole))
                self._show_events(events)
        self._animate(dt)
        if self.over_since is not None and self.clock - self.over_since > GAME_OVER_DELAY:
            self._finish()

    def _finish(self) -> None:
        from game.ui.scenes.gameover import GameOverScene

        self.app.final_score = self.state.score
        self.app.switch(GameOverScene(self.app, self.state, self.seed))

    def leave(self) -> None:
        """Remember the score if the game is left early (quit or --max-seconds)."""
        self.app.final_score = self.state.score

    def _animate(self, dt: float) -> None:
        ease = 1 - math.exp(-dt * SLIDE_RATE)
        # While cleared words are still on show, the rest of the stack (survivors in their
        # ranked places, new arrivals above them) waits on top of them, then drops.
        showing_cleared = self.clock - self.clue_time < SORT_SECONDS + FADE_SECONDS
        lift = len(self.vanishing) if showing_cleared else 0
        for index, word in enumerate(self.state.stack):
            goal = index + lift
            slot = self.slots.get(word.uid, goal)
            self.slots[word.uid] = slot + (goal - slot) * ease
        for gone in self.vanishing:
            gone.slot += (self.sort_goal.get(gone.uid, gone.slot) - gone.slot) * ease
        if self.clock - self.clue_time > SORT_SECONDS + FADE_SECONDS:
            self.vanishing = []
        live = {w.uid for w in self.state.stack}
        self.slots = {uid: s for uid, s in self.slots.items() if uid in live}
        self.popups = [p for p in self.popups if self.clock - p[2] < 1.5]
