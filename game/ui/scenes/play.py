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
from game.ui.scenes.pause import PauseFlow
from game.ui.scenes.play_view import FADE_SECONDS, SORT_SECONDS, PlayDrawing
from game.ui.widgets import TextInput

SLIDE_RATE = 10.0  # exponential easing rate: ~98% of the way in 0.4 s
GAME_OVER_DELAY = 1.2
DANGER_ROWS = 3  # the stack is this close to the danger line: warn, visibly and audibly
POPUP_SECONDS = 1.5


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinals(ranks: tuple[int, ...]) -> str:
    """(1,) -> '1st'; (1, 2) -> '1st and 2nd'; (1, 2, 4) -> '1st, 2nd and 4th'."""
    words = [ordinal(r) for r in ranks]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass
class Vanishing:
    """A cleared word fading out where the ranking put it."""

    uid: int
    text: str
    is_target: bool
    slot: float
    score: float


def refusal(clue: str, reason: str) -> str:
    """The message for a refused clue; it names the clue, since the box is emptied."""
    quoted = f'"{clue}"'
    if not clue or quoted in reason:
        return reason
    return f"\u201c{clue}\u201d refused: {reason}"


WELCOME = "Type a clue for the word with the diamond, then press Enter."


@dataclass
class Feedback:
    """The line above the clue box: what happened to the last clue."""

    text: str = WELCOME
    colour: tuple[int, int, int] = theme.MUTED


@dataclass
class Popup:
    """The big lines shown after a clue (points, wipe, stage); a new clue replaces them."""

    lines: list[str]
    started: float


class PlayScene(PauseFlow, PlayDrawing, Scene):
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
        self.popup: Popup | None = None
        self.paused = False
        self.over_since: float | None = None
        self.hint_request = None
        self.hint_paid = 0
        self.hint_repeat = False
        self.in_danger = False
        self.ai = AIPlayer(app.options.temperature, seed) if app.ai_playing else None
        self.init_pause_menus()
        for index, word in enumerate(self.state.stack):
            self.slots[word.uid] = float(index)

    # -- actions -------------------------------------------------------------------------

    def resume(self) -> None:
        """Close the pause menu."""
        self.paused = False
        self.state = set_paused(self.state, False)

    def end_on_purpose(self) -> None:
        """End the game as asked: its score is kept (if a clue was played), then go on."""
        from game.ui.scenes.gameover import save_game_score

        what, self.confirming = self.confirming, None
        self._report_score()
        try:
            save_game_score(self.app, self.state, self.seed, self.app.prefs.player_name)
        except Exception as exc:  # a full disk must not trap the player in the game
            print(f"wordstack: could not save the score: {exc}")
        if what == "restart":
            self.app.switch(PlayScene(self.app, self.app.new_seed()))
        else:
            self.app.to_title()

    def hint(self) -> None:
        """Charge for a hint (once per target: the rules decide) and ask for the best clue."""
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
        cost = "already paid" if self.hint_repeat else f"cost {self.hint_paid} points"
        self.feedback.text = f"Hint for \u201c{target}\u201d: try \u201c{clue}\u201d ({cost})"
        self.feedback.colour = theme.ACCENT

    def submit(self, typed: str) -> bool:
        """Check a clue; a valid one goes to the model thread. Returns True if accepted."""
        check = validate_clue(typed, self.state.words)
        if not check.ok:
            self.state, events = refuse_clue(self.state, check.clue, check.reason or "")
            self.actions.append(Refuse(check.clue, check.reason or ""))
            self._show_events(events)
            message = refusal(check.clue or typed.strip(), check.message)
            self.feedback.text, self.feedback.colour = message, theme.REFUSED
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
            message = refusal(clue, check.message)
            self.feedback.text, self.feedback.colour = message, theme.REFUSED
            return
        scores = cosine_scores(vector, self.app.worker.engine.embed(words))
        ranking_input = tuple(float(s) for s in scores)
        before = {w.uid: w for w in self.state.stack}
        self.state, events = submit_clue(self.state, clue, ranking_input)
        self.actions.append(Clue(clue, ranking_input))
        self.popup = None  # this clue's lines replace the last clue's
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
                targets = "Targets" if len(event.target_ranks) > 1 else "Target"
                self.feedback.text = (
                    f"{targets} ranked {ordinals(event.target_ranks)}: cleared "
                    f"{len(event.words)} word{'s' if len(event.words) != 1 else ''}, "
                    f"+{event.points}"
                )
                self.feedback.colour = theme.CLEARED
                self._pop(f"+{event.points}")
                sound.play("first" if 1 in event.target_ranks else "clear")
            elif isinstance(event, Miss):
                where = ordinal(event.target_rank) if event.target_rank else "nowhere"
                zone = self.state.last_clue.zone if self.state.last_clue else self.state.zone
                need = "rank 1st" if zone == 1 else f"reach the best {zone}"
                self.feedback.text = f"Target ranked {where}: it must {need}. Streak lost."
                self.feedback.colour = theme.DANGER
                sound.play("miss")
            elif isinstance(event, StreakWipe):
                self.feedback.text = f"Streak bar full: stack wiped! +{event.points}"
                self._pop(f"WIPE +{event.points}")
                sound.play("wipe")
            elif isinstance(event, StageUp):
                self._pop(f"Stage {event.stage}!")
                sound.play("stage")
            elif isinstance(event, WordArrived):
                self.slots.setdefault(event.uid, float(self.settings.max_stack_height) + 0.5)
            elif isinstance(event, GameOver):
                self.over_since = self.clock
                sound.play("over")
            elif isinstance(event, HintTaken):
                self.hint_paid, self.hint_repeat = event.cost, event.already_paid
                cost = "already paid" if event.already_paid else f"cost {event.cost} points"
                self.feedback.text = f"Hint: finding a clue\u2026 ({cost})"
                self.feedback.colour = theme.ACCENT
            elif isinstance(event, ClueRefused):
                sound.play("refused")
        self._warn_of_danger(any(isinstance(e, WordArrived) for e in events))

    def _pop(self, line: str) -> None:
        if self.popup is None:
            self.popup = Popup([], self.clock)
        self.popup.lines.append(line)

    @property
    def danger_rows(self) -> int:
        """Rows left before the danger line, when few enough to warn (else 0)."""
        left = self.settings.max_stack_height - len(self.state.stack)
        return left if 0 < left <= DANGER_ROWS else 0

    def _warn_of_danger(self, arrived: bool) -> None:
        # An alarm when the stack enters the last rows, and again at each arrival there.
        near = bool(self.danger_rows) and not self.state.game_over
        if near and (arrived or not self.in_danger):
            self.app.sound.play("danger")
        self.in_danger = near

    # -- scene hooks ---------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Typing goes to the clue line; Esc pauses; the pause menu takes keys while open."""
        if self.paused:
            escape = event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
            if self.confirming is not None:
                if escape:
                    self.cancel_end()
                else:
                    self.confirm_menu.handle(event)
            elif escape:
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
        if self.entry.handle(event):
            if self.entry.text.strip():
                # Accepted or refused, the box empties: the next word never sticks to this one.
                self.submit(self.entry.text)
            elif self.feedback.colour != theme.MUTED:
                self.feedback = Feedback()  # Enter on an empty box clears a stale message
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

        self._report_score()
        self.app.switch(GameOverScene(self.app, self.state, self.seed))

    def leave(self) -> None:
        """Remember the score if the game is left early (quit or --max-seconds)."""
        self._report_score()

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
        if self.popup is not None and self.clock - self.popup.started > POPUP_SECONDS:
            self.popup = None
