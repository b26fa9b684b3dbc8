"""The window, the frame loop and the switch between scenes."""

from __future__ import annotations

import sys
import time
from collections import deque
from dataclasses import replace

import pygame

from game.engine import shared_engine
from game.errors import PackError
from game.prefs import Preferences, load_preferences
from game.scores import ScoreTable
from game.ui import navigation
from game.ui.pacing import FPS, MAX_STEP_SECONDS, Pacer
from game.ui.router import open_scene
from game.ui.scene import Scene
from game.ui.services import DEFAULT_SIZE, PlayOptions, Services
from game.ui.session import ChallengeSession
from game.ui.sound import Sound
from game.ui.worker import EngineWorker
from game.words import DEFAULT_PACK, WordPack, load_pack

__all__ = ["DEFAULT_SIZE", "FPS", "App", "PlayOptions"]

MIN_SIZE = (800, 500)
FRAME_TIMES_KEPT = FPS * 60 * 10  # ten minutes of frames


def load_settings(options: PlayOptions) -> tuple[Preferences, str, WordPack, list[str]]:
    """The preferences, the pack saved in them, the pack to play and what went wrong."""
    prefs, prefs_notice = load_preferences()
    # A one-off --pack is played but never saved as the default pack.
    saved_pack = prefs.pack
    pack_notice = None
    if options.pack:
        prefs = replace(prefs, pack=options.pack)
        pack = load_pack(options.pack)  # a bad --pack stops with its error
    else:
        try:
            pack = load_pack(prefs.pack)
        except PackError as exc:  # a saved custom pack that moved must not block the game
            pack_notice = f"Word pack unavailable ({exc}); using the default pack."
            prefs = replace(prefs, pack=DEFAULT_PACK)
            pack = load_pack(DEFAULT_PACK)
    return prefs, saved_pack, pack, [n for n in (prefs_notice, pack_notice) if n]


class App:
    """Owns the window and the model worker; runs the scenes and opens where they go."""

    def __init__(self, options: PlayOptions) -> None:
        self.options = options
        prefs, saved_pack, pack, notices = load_settings(options)
        pygame.display.init()
        pygame.font.init()
        self.screen = pygame.display.set_mode(options.size, pygame.RESIZABLE)
        pygame.display.set_caption("Wordstack")
        pygame.key.start_text_input()
        pygame.key.set_repeat(400, 35)
        scores = ScoreTable()
        notices += [scores.notice] if scores.notice else []
        for notice in notices:
            print(f"wordstack: {notice}", file=sys.stderr)
        self.worker = EngineWorker(shared_engine(options.model, options.method))
        self.worker.start_loading()
        self.worker.prepare_pack(pack.words)
        self.worker.prepare_vocabulary(pack.words)
        self.services = Services(
            options,
            prefs,
            saved_pack,
            pack,
            self.worker,
            Sound(prefs.sound),
            scores,
            notices,
            self.screen.get_size(),
        )
        self.clock = pygame.time.Clock()
        self.pacer = Pacer(FPS)
        self._last_step = time.monotonic()
        self._drawn: Scene | None = None  # the scene on screen
        self.running = True
        self.error: str | None = None  # why a scripted (--max-seconds) run gave up
        # Work time of the recent frames, for bench/frames.py (bounded: a long game).
        self.frame_seconds: deque[float] = deque(maxlen=FRAME_TIMES_KEPT)
        self.scene: Scene | None = None
        self._windowed_size = options.size
        self.open(self._first_destination())

    def _first_destination(self) -> navigation.Destination:
        options = self.options
        if options.challenge is not None:
            from game.classroom.hotseat import HotSeat

            hotseat = HotSeat(list(options.players)) if options.players else None
            session = ChallengeSession(options.challenge, hotseat, daily=options.daily)
            return self.services.start_challenge(session)
        if options.skip_title or options.ai or options.max_seconds is not None:
            return navigation.Loading(options.seed)
        return navigation.Title()

    @property
    def final_score(self) -> int | None:
        """The score of the player's last game, printed on exit."""
        return self.services.final_score

    # -- scenes --------------------------------------------------------------------------

    def switch(self, scene: Scene) -> None:
        """Make `scene` the current screen."""
        if self.scene is not None:
            self.scene.leave()
        self.scene = scene
        scene.enter()
        self._follow()

    def open(self, destination: navigation.Destination) -> None:
        """Go where a scene asked to go: a new scene, or out of the loop."""
        if isinstance(destination, navigation.Quit):
            self.quit()
        else:
            self.switch(open_scene(destination, self.services))

    def _follow(self) -> None:
        """Open the destination the current scene asked for, if any."""
        destination = self.services.take_destination()
        if destination is not None:
            self.open(destination)

    def quit(self) -> None:
        """Leave the frame loop at the end of this frame."""
        self.running = False

    # -- the loop ------------------------------------------------------------------------

    def _handle_global(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.QUIT:
            self.quit()
            return True
        if event.type == pygame.VIDEORESIZE and not (self.screen.get_flags() & pygame.FULLSCREEN):
            size = (max(MIN_SIZE[0], event.w), max(MIN_SIZE[1], event.h))
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
            self._windowed_size = size
            self.services.resized(self.screen.get_size())
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return True
        if (
            event.type == pygame.KEYDOWN
            and event.key == pygame.K_m
            and event.mod & pygame.KMOD_CTRL
        ):
            self.services.toggle_sound()
            return True
        return False

    def toggle_fullscreen(self) -> None:
        """Switch between a window and the full screen."""
        if self.screen.get_flags() & pygame.FULLSCREEN:
            self.screen = pygame.display.set_mode(self._windowed_size, pygame.RESIZABLE)
        else:
            self.screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        self.services.resized(self.screen.get_size())

    def frame(self, dt: float) -> None:
        """One frame: events, update, draw; a scene's destination opens after each hook."""
        started = time.perf_counter()
        self._run_scene(pygame.event.get(), dt)
        self._draw(started)

    def step(self) -> None:
        """One turn of the paced loop: events and update, a draw only if the screen changed.

        Then sleep until the scene's next change, the next frame of an animation or an event.
        """
        now = time.monotonic()
        dt = min(now - self._last_step, MAX_STEP_SECONDS)
        self._last_step = now
        started = time.perf_counter()
        events = pygame.event.get()
        self._run_scene(events, dt)
        if not self.running or self.scene is None:
            return
        delay = self.scene.next_change()
        if events or self.scene is not self._drawn or self.pacer.due(now) or delay == 0:
            self._draw(started)
        self.pacer.plan(now, delay)
        self.pacer.wait(time.monotonic())

    def _run_scene(self, events: list[pygame.event.Event], dt: float) -> None:
        self._follow()  # asked for between frames (a test calling a scene's method)
        for event in events:
            if not self._handle_global(event):
                self._current().handle(event)
                self._follow()
        self._current().update(dt)
        self._follow()

    def _draw(self, started: float) -> None:
        self._current().draw(self.screen)
        pygame.display.flip()
        self._drawn = self.scene
        self.frame_seconds.append(time.perf_counter() - started)

    def _current(self) -> Scene:
        assert self.scene is not None, "the app is closed"
        return self.scene

    def run(self) -> int:
        """Run until the player quits or --max-seconds of play have passed."""
        try:
            while self.running:
                self.step()
                limit = self.options.max_seconds
                over = self.scene is not None and self.scene.name == "gameover"
                # A timed (scripted) run ends at the limit, or when the game ends first,
                # or at once when the model cannot load: nobody is there to read the screen.
                if limit is not None and (self.services.play_seconds >= limit or over):
                    self.running = False
                if limit is not None and self.worker.error:
                    self.error = self.worker.error
                    self.running = False
        finally:
            if self.options.screenshot:
                self.options.screenshot.parent.mkdir(parents=True, exist_ok=True)
                pygame.image.save(self.screen, self.options.screenshot)
            self.close()
        return 0

    def close(self) -> None:
        """Stop the model thread and close the window."""
        if self.scene is not None:
            self.scene.leave()
            self.scene = None
        self.worker.shutdown()
        pygame.display.quit()
