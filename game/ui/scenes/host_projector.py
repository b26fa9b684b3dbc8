"""The projector window of a hosted round: lobby, countdown, round, end, by the room's phase.

Reads the server's snapshot and sends teacher actions; it never changes a game itself.
Keys: Enter starts, Up/Down (PgUp/PgDn a page at a time) choose a student, Delete removes
them (Shift+Delete bars their address too), L locks or unlocks, +/- change the room's cap,
T cycles individual play and 2, 3 or 4 teams (in the lobby),
E twice ends the round early, Tab switches ranking and lesson at the end, Esc closes (the
journal allows --resume).
"""

from __future__ import annotations

import time
from pathlib import Path

import pygame

from game.classroom.teams import next_team_count
from game.errors import HostError
from game.host import DEFAULT_PORT, HostInfo, HostServer, Snapshot, start_host
from game.host.limits import MAX_PLAYERS, PLAYER_CAP_LIMIT
from game.ui import theme
from game.ui.scene import Scene
from game.ui.scenes.host_lobby import draw_lobby, newest_first
from game.ui.scenes.host_podium import draw_csv_note, draw_saving, end_view
from game.ui.scenes.host_round import draw_countdown, draw_round
from game.ui.scenes.projector import FRAMES_PER_SECOND, View, run_view
from game.ui.services import Services

NOTICE_SECONDS = 4.0
CAP_STEP = 10  # +/- in the lobby change the room's cap by this many players
# Where the title screen's host listens: every address, so phones on the network reach it.
SCENE_BIND = "0.0.0.0"
SCENE_PORT = DEFAULT_PORT


class HostProjector:
    """What the projector shows of a running host, and the teacher's keys."""

    def __init__(self, server: HostServer, info: HostInfo) -> None:
        self.server = server
        self.info = info
        self.selected = 0  # id of the student chosen in the lobby (0: none yet)
        self.per_page = 1  # names one lobby page shows (known once drawn)
        self.opened = time.monotonic()
        self.notice = ""
        self.notice_until = 0.0
        self.end: View | None = None
        self.confirm_end = False  # E was pressed once: a second E ends the round

    def handle(self, event: pygame.event.Event) -> bool:
        """Apply a key; returns False when the window should close."""
        if event.type == pygame.QUIT:
            return False
        if event.type != pygame.KEYDOWN:
            return True
        if event.key == pygame.K_ESCAPE:
            return False
        if self.end is not None:
            return self.end.handle(event) or event.key == pygame.K_q
        snap = self.server.snapshot
        order = newest_first(snap)
        steps = {pygame.K_DOWN: 1, pygame.K_UP: -1}
        steps |= {pygame.K_PAGEDOWN: self.per_page, pygame.K_PAGEUP: -self.per_page}
        confirming, self.confirm_end = self.confirm_end, False
        if event.key == pygame.K_e and snap.phase in ("countdown", "playing"):
            if confirming:
                self._teacher("end")
            else:
                self.confirm_end = True
                self._say("Press E again to end the round for everyone now")
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self._teacher("start")
        elif event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS,
                           pygame.K_MINUS, pygame.K_KP_MINUS):  # fmt: skip
            up = event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)
            players = snap.max_players + (CAP_STEP if up else -CAP_STEP)
            self._teacher("cap", players=min(PLAYER_CAP_LIMIT, max(CAP_STEP, players)))
        elif event.key == pygame.K_t and snap.phase == "lobby":
            self._teacher("teams", teams=next_team_count(snap.teams))
        elif event.key == pygame.K_l:
            self._teacher("unlock" if self.server.snapshot.locked else "lock")
        elif event.key in steps and order:
            self._choose(order, steps[event.key])
        elif event.key in (pygame.K_DELETE, pygame.K_BACKSPACE) and order:
            ids = [number for number, _, _ in order]
            if self.selected not in ids:  # nobody highlighted: nobody removed by a slip
                self._say("choose a student with \u2191\u2193 first")
                return True
            # Shift+Delete also bars the device's network address, not only its browser.
            shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
            self._teacher("kick", self.selected, bar_address=shift)
            position = ids.index(self.selected)
            rest = ids[:position] + ids[position + 1 :]
            self.selected = rest[min(position, len(rest) - 1)] if rest else 0
        return True

    def _choose(self, order: list[tuple[int, str, bool]], step: int) -> None:
        """Move the lobby's selection ``step`` names along the newest-first list (it stops
        at either end; the first key press chooses the newest)."""
        ids = [number for number, _, _ in order]
        if self.selected not in ids:
            self.selected = ids[0]
            return
        position = min(len(ids) - 1, max(0, ids.index(self.selected) + step))
        self.selected = ids[position]

    def _teacher(
        self,
        action: str,
        student: int | None = None,
        *,
        players: int | None = None,
        bar_address: bool = False,
        teams: int | None = None,
    ) -> None:
        try:
            text = self.server.call(
                action, student, players=players, bar_address=bar_address, teams=teams
            )
        except HostError as exc:
            text = exc.reason
        except TimeoutError:
            text = "the server did not answer"
        self._say(text)

    def _say(self, text: str) -> None:
        self.notice = text
        self.notice_until = time.monotonic() + NOTICE_SECONDS

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the page of the current phase."""
        snap = self.server.snapshot
        if snap.phase == "lobby":
            waited = time.monotonic() - self.opened
            self.per_page = draw_lobby(surface, self.info, snap, self.selected, waited)
        elif snap.phase == "countdown":
            draw_countdown(surface, snap)
        elif snap.phase == "playing":
            draw_round(surface, self.info, snap)
        elif snap.csv_path is None:
            draw_saving(surface, snap)
        else:
            if self.end is None:
                self.end = end_view(self.info.challenge_code, snap)
            self.end.draw(surface)
            draw_csv_note(surface, snap)
        self._draw_notice(surface, snap)

    def _draw_notice(self, surface: pygame.Surface, snap: Snapshot) -> None:
        fonts = theme.Fonts(surface.get_height())
        text = self.notice if time.monotonic() < self.notice_until else ""
        if snap.errors:
            text = snap.errors[-1]
        if text:
            theme.draw_text(
                surface,
                text,
                fonts.get(18, bold=True),
                theme.REFUSED,
                (surface.get_width() // 2, 6),
                "midtop",
                surface.get_width() - 40,
            )


class HostScene(Scene):
    """The projector inside the game window ("Host a class round" on the title screen)."""

    name = "host"

    def __init__(
        self,
        services: Services,
        pack: str,
        minutes: int = 3,
        max_players: int = MAX_PLAYERS,
        mode: str = "arcade",
        turns: int = 30,
    ) -> None:
        super().__init__(services)
        self.pack = pack
        self.minutes = minutes
        self.max_players = max_players
        self.mode = mode
        self.turns = turns
        self.projector: HostProjector | None = None
        self.error = ""

    def update(self, dt: float) -> None:
        """Start the server once the model is ready."""
        if self.projector is not None or self.error or not self.services.worker.ready:
            return
        try:
            server, info = start_host(self.services.worker.engine, self.pack, self.minutes,
                                      bind=SCENE_BIND, port=SCENE_PORT,
                                      max_players=self.max_players, mode=self.mode,
                                      turns=self.turns)  # fmt: skip
        except HostError as exc:
            self.error = exc.reason
            return
        self.projector = HostProjector(server, info)

    def handle(self, event: pygame.event.Event) -> None:
        """Projector keys; closing goes back to the title."""
        if self.projector is None:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.to_title()
            return
        if not self.projector.handle(event):
            self.to_title()

    def leave(self) -> None:
        """Stop the server."""
        if self.projector is not None:
            self.projector.server.stop()
            self.projector = None

    def draw(self, surface: pygame.Surface) -> None:
        """The projector, or what is being waited for."""
        if self.projector is not None:
            self.projector.draw(surface)
            return
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        text = self.error or "Loading the model\u2026"
        theme.draw_wrapped(
            surface,
            text + ("  (Esc: back)" if self.error else ""),
            fonts.get(24),
            theme.DANGER if self.error else theme.MUTED,
            (surface.get_width() // 2, surface.get_height() // 2),
            surface.get_width() - 80,
            "midtop",
        )


def run_host_window(
    projector: HostProjector,
    size: tuple[int, int] | None,
    screenshot: Path | None = None,
    max_seconds: float | None = None,
) -> None:
    """The projector in its own window (full screen unless ``size``) until Esc."""
    frames = None if max_seconds is None else max(1, round(max_seconds * FRAMES_PER_SECOND))
    caption = f"Wordstack \u2013 room {projector.info.room_code}"
    run_view(projector, caption, size, screenshot, frames)
