"""The turn logic both play screens share, whatever the mode.

A typed clue is checked once (`validate_clue`); a legal one is scored by the engine on the
model thread against the stack as it was when typed, and applied through the mode's rules
when its scores arrive. Hints, flags of a ranking (challenge rounds), the actions kept for
replay, the pause menus and leaving the game live here too; each play scene adds only what
it shows (events, animation, drawing).
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

import numpy as np
import pygame

from game.classroom.results import Flag, RecordedAction
from game.clues import MAX_CLUE_CHARS, validate_clue
from game.modes import GameMode
from game.rules import TICKS_PER_SECOND, Clue, ClueRefused, Hint, HintDenied, Refuse
from game.ui import theme
from game.ui.ai_player import AIPlayer
from game.ui.navigation import Destination, Play
from game.ui.play_state import PlayState, Target
from game.ui.scene import Scene
from game.ui.scores import save_game_score
from game.ui.services import Services
from game.ui.text import refusal, wait_text
from game.ui.why_view import WhyView
from game.ui.widgets import Menu, MenuItem, TextInput

if TYPE_CHECKING:
    from game.cluegen import GeneratedClue
    from game.engine.explain import Explanation

GAME_OVER_DELAY = 1.2  # seconds the ended game stays in view before the game-over screen
HINT_TEMPERATURE = 0.0  # a hint is the generator's best clue, the same every time

State = TypeVar("State", bound=PlayState)


@dataclass
class Feedback:
    """The line above the clue box: what happened to the last clue."""

    text: str
    colour: tuple[int, int, int] = theme.MUTED


@dataclass
class ScoringClue:
    """A legal clue on the model thread: scored against `words`, the stack when it was sent."""

    clue: str
    words: tuple[str, ...]
    scores: Future[np.ndarray]


@dataclass
class HintRequest:
    """A hint being generated for the target with this uid and text."""

    uid: int
    target: str
    clue: Future[GeneratedClue]


class TurnScene(Scene, Generic[State]):
    """A play screen's turns: clue line, scoring, rules, hints, pause, end of the game."""

    name = "play"
    mode: ClassVar[GameMode]
    welcome: ClassVar[str]  # the line above the clue box before the first clue
    # A timed challenge: the pause menu hides the game and its clock runs on.
    clock_runs_in_pause: ClassVar[bool] = False
    # F2 flags the last clue's ranking, kept in the replay (challenge rounds).
    flags_clues: ClassVar[bool] = False

    def __init__(self, services: Services, seed: int, state: State) -> None:
        super().__init__(services)
        self.seed = seed
        self.state = state
        # Every action fed to the rules, for replay (and the player's flags among them).
        self.actions: list[RecordedAction] = []
        # The play clock's tick when each clue, refusal, hint or flag came (a turn-based
        # challenge's replay keeps them; a timed one counts its own ticks).
        self.action_ticks: list[int] = []
        self.ranked_clue: str | None = None  # the last clue the rules ranked
        self.flaggable = False  # that clue's ranking can still be flagged
        self.entry = TextInput(MAX_CLUE_CHARS + 10, "Type a clue and press Enter")
        self.feedback = Feedback(self.welcome)
        self.pending: list[ScoringClue] = []  # in the order they were typed
        self.clock = 0.0  # seconds of play, paused time excluded
        self.paused = False
        self.over_since: float | None = None
        self.hint_request: HintRequest | None = None
        # "Why?": the last clue applied, the stack it ranked and its target; the request on
        # the model thread; the screen once it is ready (the game's time stands still).
        self.last_ranked: tuple[str, tuple[str, ...], str | None, int] | None = None
        self.why_request: Future[Explanation] | None = None
        self.why: WhyView | None = None
        self.ai = (
            AIPlayer(services.options.temperature, seed, services.worker)
            if services.ai_playing
            else None
        )
        self.pause_menu = Menu(
            [
                MenuItem(lambda: "Resume", self.resume),
                MenuItem(lambda: "Restart", lambda: self.ask("restart")),
                MenuItem(lambda: "Quit to title", lambda: self.ask("quit")),
            ]
        )
        # Restart and Quit end the game: a second menu asks first (None: not asking).
        self.confirming: str | None = None
        self.confirm_menu = Menu(
            [
                MenuItem(lambda: "No, keep playing", self.cancel_end),
                MenuItem(self._confirm_label, self.end_on_purpose),
            ]
        )

    # -- what each mode shows ------------------------------------------------------------

    def show_events(self, events: Iterable[object]) -> None:
        """Show what the rules reported: feedback line, popups, sounds."""
        raise NotImplementedError

    def show_clue(self, before: State, events: tuple[object, ...]) -> None:
        """Start showing the clue just applied (`before`: the state it was applied to)."""
        raise NotImplementedError

    def finished(self) -> Destination:
        """Where the player goes once the ended game has been on screen a moment."""
        raise NotImplementedError

    def refusal_text(self, clue: str, message: str) -> str:
        """The feedback line for a refused clue."""
        return refusal(clue, message)

    def set_rules_paused(self, paused: bool) -> None:
        """Tell the rules about the pause (a timed mode stops its clock)."""

    def repeat_hint(self, target: Target) -> bool:
        """Show the hint already bought for `target` again, if the mode keeps it."""
        return False

    def show_hint(self, request: HintRequest, clue: str) -> None:
        """Show a generated hint."""
        raise NotImplementedError

    @property
    def ready_for_clue(self) -> bool:
        """False while the last clue is still on show and the next one must wait."""
        return True

    def advance(self, dt: float) -> None:
        """Advance the rules with time (a timed mode), before the animation."""

    def animate(self, dt: float) -> None:
        """Move what is on screen towards the state."""

    # -- clues ---------------------------------------------------------------------------

    def record(self, action: RecordedAction) -> None:
        """Keep an action the player took, with the play clock's tick, for the replay."""
        self.actions.append(action)
        self.action_ticks.append(round(self.clock * TICKS_PER_SECOND))

    def cooldown(self) -> tuple[float, float]:
        """Seconds left of a miss's cooldown and its whole length ((0, 0): none)."""
        return 0.0, 0.0

    def submit(self, typed: str) -> bool:
        """Check a clue; a legal one goes to the model thread. Returns True if accepted.

        During a miss's cooldown the clue is refused here, before it is sent: the rules
        would refuse it anyway, and the player learns at once how long to wait.
        """
        left, _ = self.cooldown()
        if left > 0:
            self.feedback = Feedback(wait_text(left), theme.REFUSED)
            self.services.sound.play("refused")
            return False
        check = validate_clue(typed, self.state.words)
        if not check.ok:
            self._refuse(check.clue, check.reason or "", check.clue or typed.strip(), check.message)
            return False
        self._send(check.clue)
        return True

    def _send(self, clue: str) -> None:
        words = self.state.words
        self.pending.append(ScoringClue(clue, words, self.services.worker.score_clue(clue, words)))

    def _refuse(self, clue: str, reason: str, shown: str, message: str) -> None:
        self.state, events = self.mode.rules.refuse_clue(self.state, clue, reason)
        self.record(Refuse(clue, reason))
        self.show_events(events)
        self.feedback = Feedback(self.refusal_text(shown, message), theme.REFUSED)

    def _apply_scored(self) -> None:
        """Apply the clues whose scores have arrived, in the order they were typed."""
        while self.pending and self.ready_for_clue and self.pending[0].scores.done():
            sent = self.pending.pop(0)
            if sent.scores.exception() is not None or self.state.game_over:
                continue
            words = self.state.words
            if words == sent.words:
                self._apply(sent.clue, tuple(float(s) for s in sent.scores.result()))
                continue
            # The stack changed while the clue was scored (a word arrived, or an earlier
            # clue cleared some): the clue must still be legal, and is scored again.
            check = validate_clue(sent.clue, words)
            if not check.ok:
                self._refuse(sent.clue, check.reason or "", sent.clue, check.message)
                continue
            self.pending.insert(
                0, ScoringClue(sent.clue, words, self.services.worker.score_clue(sent.clue, words))
            )
            return

    def _apply(self, clue: str, scores: tuple[float, ...]) -> None:
        before = self.state
        self.state, events = self.mode.rules.submit_clue(self.state, clue, scores)
        self.record(Clue(clue, scores))
        if not any(isinstance(event, ClueRefused) for event in events):
            self.ranked_clue, self.flaggable = clue, True
            targets = getattr(before, "targets", ())
            target = targets[-1].text if targets else None
            zone = getattr(getattr(self.state, "last_clue", None), "zone", 1)
            self.last_ranked = (clue, before.words, target, zone)
        self.show_clue(before, events)
        self.show_events(events)

    # -- why? ------------------------------------------------------------------------------

    def open_why(self) -> None:
        """Explain the last clue's ranking on the model thread; the game waits meanwhile."""
        if self.clock_runs_in_pause:
            self.feedback = Feedback("Why? opens after the round: the clock is running.")
            return
        if self.last_ranked is None:
            self.feedback = Feedback("Why? explains your last clue: play one first.")
            return
        clue, words, target, _ = self.last_ranked
        self.why_request = self.services.worker.explain(clue, words, target)
        self.set_rules_paused(True)

    def close_why(self) -> None:
        """Back to the game."""
        self.why_request, self.why = None, None
        self.set_rules_paused(False)

    def _poll_why(self) -> None:
        request = self.why_request
        if request is None or not request.done():
            return
        self.why_request = None
        if request.exception() is not None:
            self.close_why()
            self.feedback = Feedback("No explanation this time.", theme.REFUSED)
            return
        zone = self.last_ranked[3] if self.last_ranked else 1
        self.why = WhyView(request.result(), zone)

    # -- hints ---------------------------------------------------------------------------

    def hint(self) -> None:
        """Charge for a hint (the rules decide how much) and ask for the best clue."""
        if self.hint_request is not None or not self.state.targets:
            return
        target = self.state.targets[-1]
        if self.repeat_hint(target):
            return
        self.state, events = self.mode.rules.take_hint(self.state)
        denied = next((e for e in events if isinstance(e, HintDenied)), None)
        if denied is not None:  # the score cannot pay: no hint, nothing changed
            self.feedback = Feedback(
                f"A hint costs {denied.cost} points: score some first.", theme.REFUSED
            )
            self.services.sound.play("refused")
            return
        self.record(Hint())
        self.show_events(events)
        text = target.text or ""
        clue = self.services.worker.generate_clue(
            text, self.state.words, HINT_TEMPERATURE, np.random.default_rng(0)
        )
        self.hint_request = HintRequest(target.uid, text, clue)

    def _poll_hint(self) -> None:
        request = self.hint_request
        if request is None or not request.clue.done():
            return
        self.hint_request = None
        if request.clue.exception() is not None:
            self.feedback = Feedback("No hint this time.", theme.REFUSED)
            return
        self.show_hint(request, request.clue.result().clue)

    # -- flags ---------------------------------------------------------------------------

    def flag(self) -> None:
        """Flag the last clue's ranking ("that's not what I meant"): free, once per clue."""
        if not self.flags_clues:
            return
        if not self.flaggable:
            text = "No ranking to flag yet: type a clue first."
            if self.ranked_clue is not None:
                text = f"\u201c{self.ranked_clue}\u201d is flagged already: one flag a clue."
            self.feedback = Feedback(text, theme.REFUSED)
            return
        self.record(Flag())
        self.flaggable = False
        self.feedback = Feedback(self.flag_text(self.ranked_clue or ""), theme.ACCENT)

    def flag_text(self, clue: str) -> str:
        """The feedback line after a flag."""
        return f"\u2691 Flagged \u201c{clue}\u201d for your teacher. It cost nothing."

    def flag_line(self) -> str | None:
        """The panel's line about flagging the shown ranking (None: nothing to say)."""
        if not self.flags_clues or self.ranked_clue is None or self.state.game_over:
            return None
        if self.flaggable:
            return "Not what you meant? F2 flags this ranking (free)."
        return "\u2691 Flagged: your teacher will see it."

    # -- pause and leaving ---------------------------------------------------------------

    def pause(self) -> None:
        """Open the pause menu; the game's time stands still."""
        self.paused = True
        self.pause_menu.selected = 0
        self.set_rules_paused(True)

    def resume(self) -> None:
        """Close the pause menu."""
        self.paused = False
        self.set_rules_paused(False)

    def ask(self, what: str) -> None:
        """Ask before ending the game ("restart" or "quit")."""
        self.confirming = what
        self.confirm_menu.selected = 0

    def cancel_end(self) -> None:
        """Back to the pause menu."""
        self.confirming = None

    def _confirm_label(self) -> str:
        return "Yes, restart" if self.confirming == "restart" else "Yes, quit to title"

    def end_on_purpose(self) -> None:
        """End the game as asked: its score is kept (if a clue was played), then go on."""
        what, self.confirming = self.confirming, None
        self._report_score()
        try:
            name = self.services.prefs.player_name
            save_game_score(self.services, self.state, self.seed, name, self.mode)
        except Exception as exc:  # a full disk must not trap the player in the game
            print(f"wordstack: could not save the score: {exc}")
        if what == "restart":
            self.go(Play(self.services.new_seed(), self.mode.id))
        else:
            self.to_title()

    def _report_score(self) -> None:
        # "Final score" on exit is the player's own last game: not a game left before its
        # first clue, and not an AI game unless the AI was asked for (--ai).
        if self.state.stats.clues_used == 0 and self.services.final_score is not None:
            return
        if self.ai is None or self.services.options.ai:
            self.services.final_score = self.state.score

    # -- scene hooks ---------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Typing goes to the clue line; Tab hints; Esc pauses (and resumes)."""
        key = event.key if event.type == pygame.KEYDOWN else None
        if self.why is not None:
            if self.why.handle(event):
                self.close_why()
            return
        if self.why_request is not None:
            if key == pygame.K_ESCAPE:
                self.close_why()
            return
        asks_why = event.type == pygame.TEXTINPUT and event.text == "?"
        if asks_why and not self.entry.text and not self.paused and not self.state.game_over:
            if self.ai is None:
                self.open_why()
            return
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
            self.pause()
        elif self.ai is not None:
            return  # the AI has the keyboard; Esc still pauses
        elif key == pygame.K_TAB:
            self.hint()
        elif key == pygame.K_F2:
            self.flag()
        elif self.entry.handle(event):
            if self.entry.text.strip() and self.cooldown()[0] > 0:
                self.submit(self.entry.text)  # "Wait N s"; the clue stays in the box
                return
            if self.entry.text.strip():
                # Accepted or refused, the box empties: the next word never sticks to this one.
                self.submit(self.entry.text)
            elif self.feedback.colour != theme.MUTED:
                self.feedback = Feedback(self.welcome)  # Enter on an empty box clears a message
            self.entry.clear()

    def update(self, dt: float) -> None:
        """Apply scored clues, advance the rules and the animation; end after a game over."""
        self.entry.update(dt)
        self._poll_why()
        if self.why is not None or self.why_request is not None:
            return  # the game waits while the player reads why
        if self.paused and not self.clock_runs_in_pause:
            return
        self.clock += dt
        self.services.play_seconds += dt
        if self.ai is not None and not self.paused:
            self.ai.update(self, dt)
        self._poll_hint()
        self._apply_scored()
        self.advance(dt)
        self.animate(dt)
        if self.over_since is not None and self.clock - self.over_since > GAME_OVER_DELAY:
            self._report_score()
            self.go(self.finished())

    def next_change(self) -> float | None:
        """Every frame while a clue, a hint or the AI works; else the cursor's next blink."""
        if self.why is not None:
            return None
        if self.why_request is not None:
            return 0.0
        busy = self.pending or self.hint_request is not None or self.ai is not None
        if busy or self.over_since is not None:
            return 0.0
        return None if self.paused else self.entry.next_change()

    def leave(self) -> None:
        """Remember the score if the game is left early (quit or --max-seconds)."""
        self._report_score()
