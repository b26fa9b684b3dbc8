"""The Arcade play screen: the stack, the clear zone, the clue line and the ranking panel."""

from __future__ import annotations

import math
from collections.abc import Iterable

from game.modes import ARCADE
from game.rules import (
    COOLDOWN,
    TICKS_PER_SECOND,
    ArcadeSettings,
    ArcadeState,
    ClueRefused,
    GameOver,
    HintTaken,
    Miss,
    MissCost,
    StageUp,
    StreakWipe,
    Tick,
    WordArrived,
    WordsCleared,
    cooldown_left,
    new_game,
    set_paused,
    tick,
)
from game.ui import navigation, theme
from game.ui.pacing import soonest
from game.ui.scenes.play_view import (
    FADE_SECONDS,
    SCORES_SECONDS,
    SORT_SECONDS,
    PlayDrawing,
    Popup,
    Vanishing,
)
from game.ui.services import Services
from game.ui.text import ordinal, ordinals, plural, wait_text
from game.ui.turns import Feedback, HintRequest

SLIDE_RATE = 10.0  # exponential easing rate: ~98% of the way in 0.4 s
SETTLED_ROWS = 0.01  # a word this close to its place (under a pixel) no longer moves
POPUP_SECONDS = 1.5
WELCOME = "Type a clue for the word with the diamond, then press Enter."


class PlayScene(PlayDrawing):
    """Plays one Arcade game; rules decide, this scene only draws and sends actions."""

    mode = ARCADE
    welcome = WELCOME

    def __init__(self, services: Services, seed: int) -> None:
        settings = ArcadeSettings(zone_size=services.prefs.zone_size)
        super().__init__(services, seed, new_game(settings, services.pack.entries(), seed))
        self.settings = settings
        self.slots = {}
        self.sort_goal: dict[int, int] = {}
        self.clue_time = -100.0
        self.tick_debt = 0.0
        self.vanishing = []
        self.shown_scores = {}
        self.popup = None
        self.hint_paid = 0
        self.hint_repeat = False
        self.in_danger = False
        self.cooldown_ticks = 0  # the whole length of the last miss's cooldown
        for index, word in enumerate(self.state.stack):
            self.slots[word.uid] = float(index)

    # -- what Arcade shows ---------------------------------------------------------------

    def set_rules_paused(self, paused: bool) -> None:
        """The rules' clock stops while paused."""
        self.state = set_paused(self.state, paused)

    def cooldown(self) -> tuple[float, float]:
        """Seconds left of the last miss's cooldown, and its whole length."""
        left = cooldown_left(self.state)
        return left / TICKS_PER_SECOND, max(left, self.cooldown_ticks) / TICKS_PER_SECOND

    def show_hint(self, request: HintRequest, clue: str) -> None:
        """The hint's clue, and what it cost."""
        cost = "already paid" if self.hint_repeat else f"cost {self.hint_paid} points"
        self.feedback = Feedback(
            f"Hint for \u201c{request.target}\u201d: try \u201c{clue}\u201d ({cost})", theme.ACCENT
        )

    def show_clue(self, before: ArcadeState, events: Iterable[object]) -> None:
        """Slide the stack into its ranked order; the cleared words fade where they landed."""
        self.popup = None  # this clue's lines replace the last clue's
        result = self.state.last_clue
        if result is None:
            return
        self.sort_goal = {r.uid: r.rank - 1 for r in result.ranking}
        self.shown_scores = {r.uid: r.score for r in result.ranking}
        self.clue_time = self.clock
        cleared = {
            uid for e in events if isinstance(e, WordsCleared | StreakWipe) for uid in e.uids
        }
        on_stack = {w.uid for w in before.stack}
        self.vanishing = [
            Vanishing(r.uid, r.text, r.is_target, self.slots.get(r.uid, r.rank - 1), r.score)
            for r in result.ranking
            if r.uid in cleared and r.uid in on_stack
        ]

    def show_events(self, events: Iterable[object]) -> None:
        """The feedback line, popups and sounds of the rules' events."""
        events = tuple(events)
        sound = self.services.sound
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
            elif isinstance(event, MissCost):
                self.cooldown_ticks = event.cooldown_ticks
                costs = []
                if event.arrivals:
                    costs.append(f"{plural(event.arrivals, 'word')} came in")
                if event.cooldown_ticks:
                    wait = -(-event.cooldown_ticks // TICKS_PER_SECOND)
                    costs.append(f"next clue in {wait} s")
                if costs:
                    self.feedback.text += f" {', '.join(costs).capitalize()}."
            elif isinstance(event, ClueRefused):
                if event.reason == COOLDOWN:  # typed before the miss that started it showed
                    self.feedback = Feedback(wait_text(self.cooldown()[0]), theme.REFUSED)
                sound.play("refused")
        self._warn_of_danger(any(isinstance(e, WordArrived) for e in events))

    def _pop(self, line: str) -> None:
        if self.popup is None:
            self.popup = Popup([], self.clock)
        self.popup.lines.append(line)

    def _warn_of_danger(self, arrived: bool) -> None:
        # An alarm when the stack enters the last rows, and again at each arrival there.
        near = bool(self.danger_rows) and not self.state.game_over
        if near and (arrived or not self.in_danger):
            self.services.sound.play("danger")
        self.in_danger = near

    def advance(self, dt: float) -> None:
        """Advance the rules by the whole ticks this time makes."""
        if self.state.game_over:
            return
        self.tick_debt += dt * TICKS_PER_SECOND
        whole = int(self.tick_debt)
        if whole:
            self.tick_debt -= whole
            self.state, events = tick(self.state, whole)
            self.actions.append(Tick(whole))
            self.show_events(events)

    def next_change(self) -> float | None:
        """Every frame while words move, fade or glow; else the next arrival or blink."""
        base = super().next_change()
        if self.paused or base == 0:
            return base
        moving = any(
            abs(self.slots.get(word.uid, index) - index) > SETTLED_ROWS
            for index, word in enumerate(self.state.stack)
        )
        if moving or self.vanishing or self.popup is not None or self.danger_rows:
            return 0.0
        scores_go = self.clue_time + SCORES_SECONDS - self.clock
        state = self.state
        ticks = [state.next_arrival_tick - state.tick]
        if state.time_limit is not None:
            ticks.append(state.time_limit - state.tick)
        arrival = (min(ticks) - self.tick_debt) / TICKS_PER_SECOND
        return soonest(base, scores_go if scores_go > 0 else None, arrival)

    def finished(self) -> navigation.Destination:
        """The game-over screen."""
        return navigation.GameOver(self.state, self.seed, ARCADE)

    def animate(self, dt: float) -> None:
        """Slide the words to their places; the cleared ones fade, the popup goes."""
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
