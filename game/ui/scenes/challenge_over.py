"""End of a challenge turn: name entry, the saved result file, and what comes next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pygame

from game.classroom import (
    RoundResult,
    has_earlier_attempt,
    make_result,
    model_info,
    replay_of_play,
    replay_round,
    results_dir,
    write_result,
)
from game.classroom.daily import HIT, MISS, share_line
from game.classroom.hotseat import Turn
from game.classroom.results import RecordedAction
from game.modes import get_mode
from game.rules import ArcadeState, ArcadeStats, BlocksState
from game.scores import MAX_NAME_CHARS, ScoreEntry, clean_name
from game.ui import theme
from game.ui.clipboard import copy_text
from game.ui.navigation import ChallengeTurn, HandOver, Scoreboard
from game.ui.scene import Scene
from game.ui.services import Services
from game.ui.session import ChallengeSession
from game.ui.text import plural
from game.ui.widgets import TextInput


def save_turn(
    services: Services,
    session: ChallengeSession,
    state: ArcadeState | BlocksState,
    actions: Sequence[RecordedAction],
    name: str,
    ended_early: bool = False,
    ticks: Sequence[int] = (),
    end_tick: int = 0,
) -> tuple[RoundResult, Path]:
    """Write the result file of a finished turn and add it to the local high scores.

    A player who already has a result for this code on this machine plays for practice.
    `ticks` and `end_tick`: the play clock's, for a turn-based (Blocks) round's replay.
    """
    ai = services.ai_playing
    challenge = session.challenge
    folder = results_dir()
    result = make_result(
        challenge,
        name,
        model_info(services.worker.engine),
        replay_of_play(challenge, list(actions), list(ticks), end_tick),
        ai=ai,
        ai_temperature=services.options.temperature if ai else None,
        # The daily challenge counts one try per machine, whatever name is typed.
        practice=has_earlier_attempt(folder, challenge.code, None if session.daily else name, ai),
        ended_early=ended_early,
    )
    path = write_result(result, folder)
    session.saved.append(path)
    stats = state.stats
    services.scores.add(
        ScoreEntry(
            name=result.name,
            score=result.score,
            mode=get_mode(challenge.mode).table(ai),
            pack=challenge.pack.name,
            seed=challenge.spec.seed,
            clues=stats.clues_used,
            best_clue=stats.best_clue,
            average_rank=getattr(stats, "average_target_rank", None),
        )
    )
    return result, path


class ChallengeOverScene(Scene):
    """Saves the turn as a result file (after the name, for a single player) and says where."""

    name = "gameover"

    def __init__(
        self,
        services: Services,
        session: ChallengeSession,
        state: ArcadeState | BlocksState,
        actions: Sequence[RecordedAction],
        ended_early: bool = False,
        restart: bool = False,
        ticks: Sequence[int] = (),
        end_tick: int = 0,
    ) -> None:
        super().__init__(services)
        self.session = session
        self.state = state
        self.actions = list(actions)
        self.ticks = list(ticks)
        self.end_tick = end_tick
        self.ended_early = ended_early
        self.restart = restart
        self.name_entry = TextInput(MAX_NAME_CHARS, "Your name")
        self.name_entry.set_text(services.prefs.player_name)
        self.name_entry.select_all()  # typing replaces the last name
        self.result: RoundResult | None = None
        self.path: Path | None = None
        self.error: str | None = None
        self.share: str | None = None  # the daily challenge's line to share
        self.copied: bool | None = None

    def enter(self) -> None:
        """The AI and hot-seat players are saved at once; a single player types a name first."""
        if self.services.ai_playing:
            self._save(f"AI (T = {self.services.options.temperature:g})")
        elif self.session.hotseat is not None:
            self._save(self.session.hotseat.current or "Player")
        elif self.session.challenge.player is not None:
            self._save(self.session.challenge.player)  # a personal code locks the name

    @property
    def needs_name(self) -> bool:
        """True while a single player has not yet named the result."""
        return self.result is None and self.error is None

    def _save(self, name: str) -> None:
        try:
            self.result, self.path = save_turn(
                self.services,
                self.session,
                self.state,
                self.actions,
                clean_name(name),
                self.ended_early,
                self.ticks,
                self.end_tick,
            )
        except Exception as exc:  # a full disk must not lose the screen; say what happened
            self.error = f"Could not save the result: {exc}"
            return
        if self.session.daily is not None:
            outcome = replay_round(self.session.challenge, self.result.replay)
            self.share = share_line(
                self.session.daily, self.session.challenge.code, self.result.score, outcome
            )
        hotseat = self.session.hotseat
        if hotseat is not None:
            result = self.result
            hotseat.finish_turn(
                Turn(
                    hotseat.current or "", result.score, result.clues, result.finish_tick, self.path
                )
            )

    def handle(self, event: pygame.event.Event) -> None:
        """Name entry, then Enter to go on (next player, scoreboard or title)."""
        if self.needs_name:
            escape = event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
            if escape or self.name_entry.handle(event):
                # Esc saves too: leaving unsaved would make a bad attempt a free retry.
                name = clean_name(self.name_entry.text)
                self._save(name)
                self.services.set_prefs(replace(self.services.prefs, player_name=name))
                if escape:
                    self.to_title()
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.next()
        elif event.key == pygame.K_c and self.share is not None:
            self.copied = copy_text(self.share)
        elif event.key == pygame.K_ESCAPE:
            self.to_title()

    def next(self) -> None:
        """Hand over to the next hot-seat player, show the scoreboard, a new attempt (after a
        restart), or go to the title."""
        hotseat = self.session.hotseat
        if hotseat is None and self.restart:
            self.go(ChallengeTurn(self.session))
        elif hotseat is None:
            self.to_title()
        elif hotseat.finished:
            self.go(Scoreboard(self.session))
        else:
            self.go(HandOver(self.session))

    def _daily_note(self) -> str:
        if self.result is not None and self.result.practice:
            note = "Practice: today's daily challenge counts your first try. "
        else:
            note = "Today's daily result. "
        copied = {None: "C copies this line to share:", True: "Copied:", False: "No clipboard "
                  "here; copy this line by hand:"}[self.copied]  # fmt: skip
        # The game's font has no emoji: the screen shows the squares as \u25a0 and \u25a1.
        shown = (self.share or "").translate({ord(HIT): "\u25a0", ord(MISS): "\u25a1"})
        return f"{note}{copied} {shown}"

    def _over_title(self) -> str:
        """TIME UP, LAST TURN PLAYED or GAME OVER (an overflow)."""
        state = self.state
        if isinstance(state, BlocksState):
            limit = state.settings.turn_limit
            return "LAST TURN PLAYED" if limit and state.turn >= limit else "GAME OVER"
        return "TIME UP" if state.tick >= (state.time_limit or 0) else "GAME OVER"

    def _figures(self) -> str:
        """The round's figures in a line: clues, then targets or blocks cleared."""
        stats = self.state.stats
        clues = plural(stats.clues_used, "clue")
        if isinstance(stats, ArcadeStats):
            return f"{clues} \u00b7 {plural(stats.targets_cleared, 'target')} cleared"
        return (
            f"{clues} \u00b7 {plural(stats.blocks_cleared, 'block')} cleared \u00b7 "
            f"biggest group {stats.largest_group}"
        )

    def update(self, dt: float) -> None:
        """Blink the cursor."""
        self.name_entry.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        """Score, then the name box or where the result file went."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        over = self._over_title()
        if self.ended_early:
            over = "ATTEMPT ENDED"
        theme.draw_heading(surface, over, fonts, h * 0.12, 56, theme.DANGER)
        hotseat = self.session.hotseat
        who = f"{hotseat.turns[-1].player}: " if hotseat is not None and hotseat.turns else ""
        if self.session.challenge.player is not None:
            who = f"{self.session.challenge.player}: "
        theme.draw_text(
            surface,
            f"{who}{self.state.score:,} points",
            fonts.get(40, bold=True),
            theme.TEXT,
            (w // 2, h * 0.25),
            "center",
            w - 40,
        )
        theme.draw_text(
            surface,
            f"Challenge {self.session.challenge.code} \u00b7 {self._figures()}",
            fonts.get(20),
            theme.MUTED,
            (w // 2, h * 0.34),
            "center",
            w - 40,
        )
        y = h * 0.44
        if self.needs_name:
            theme.draw_text(
                surface,
                "Type your name for the class leaderboard:",
                fonts.get(22),
                theme.TEXT,
                (w // 2, y),
                "midtop",
                w - 40,
            )
            box = pygame.Rect(0, 0, max(w // 3, 260), round(h * 0.08))
            box.midtop = (w // 2, round(y + fonts.get(22).get_height() + 12))
            self.name_entry.draw(surface, box, fonts.get(26))
            theme.draw_text(
                surface,
                "Enter saves the result \u00b7 Esc saves it too and goes to the title",
                fonts.get(16),
                theme.MUTED,
                (w // 2, box.bottom + 16),
                "midtop",
                w - 40,
            )
            return
        if self.error:
            theme.draw_wrapped(
                surface, self.error, fonts.get(18), theme.REFUSED, (w // 2, y), w - 80, "midtop"
            )
        elif self.path is not None:
            theme.draw_text(
                surface,
                "Result saved for the leaderboard:",
                fonts.get(22, bold=True),
                theme.CLEARED,
                (w // 2, y),
                "midtop",
                w - 40,
            )
            folder = theme.draw_text(
                surface,
                f"folder: {self.path.parent}",
                fonts.get(18),
                theme.TEXT,
                (w // 2, y + fonts.get(22).get_height() + 14),
                "midtop",
                w - 40,
            )
            file = theme.draw_text(
                surface,
                f"file: {self.path.name}",
                fonts.get(18),
                theme.TEXT,
                (w // 2, folder.bottom + 6),
                "midtop",
                w - 40,
            )
            note = "Give this file to your teacher (or copy the folder)."
            if self.result is not None and self.result.practice:
                note = (
                    "Practice round: you handed in this challenge before, and your first "
                    "attempt is your result."
                )
            if self.share is not None:
                note = self._daily_note()
            theme.draw_wrapped(
                surface,
                note,
                fonts.get(16),
                theme.MUTED,
                (w // 2, file.bottom + 16),
                w - 80,
                "midtop",
            )
        if hotseat is None and self.restart:
            action = "Enter: a new attempt (practice) \u00b7 Esc: title screen"
        elif hotseat is not None and hotseat.current is not None:
            action = f"Enter: hand over to {hotseat.current}"
        elif hotseat is not None:
            action = "Enter: scoreboard"
        else:
            action = "Enter or Esc: title screen"
        theme.draw_text(
            surface,
            action,
            fonts.get(22, bold=True),
            theme.ACCENT,
            (w // 2, h * 0.85),
            "center",
            w - 40,
        )
