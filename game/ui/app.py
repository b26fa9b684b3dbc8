"""The window, the frame loop and the switch between scenes."""

from __future__ import annotations

import importlib
import random
import sys
import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pygame

from game.engine import shared_engine
from game.errors import PackError
from game.modes import get_mode
from game.prefs import Preferences, load_preferences, save_preferences
from game.scores import ScoreTable
from game.ui import theme
from game.ui.scene import Scene
from game.ui.sound import Sound
from game.ui.worker import EngineWorker
from game.words import DEFAULT_PACK, WordPack, load_pack

FPS = 60
DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (800, 500)
FRAME_TIMES_KEPT = FPS * 60 * 10  # ten minutes of frames


@dataclass(frozen=True)
class PlayOptions:
    """How `wordstack play` was started."""

    pack: str | None = None
    seed: int | None = None
    max_seconds: float | None = None
    screenshot: Path | None = None
    model: str | None = None
    method: str | None = None  # ranking method (None: the default)
    ai: bool = False
    mode: str = "arcade"  # an id of game.modes.MODES
    temperature: float = 0.7
    skip_title: bool = False
    size: tuple[int, int] = DEFAULT_SIZE
    challenge: Any = None  # a game.classroom.Challenge to play at once
    players: tuple[str, ...] = ()  # hot-seat players of the challenge


class App:
    """Owns the window, preferences, scores, sound and the model worker; runs the scenes."""

    def __init__(self, options: PlayOptions) -> None:
        self.options = options
        self.prefs, prefs_notice = load_preferences()
        # A one-off --pack is played but never saved as the default pack.
        self._saved_pack = self.prefs.pack
        pack_notice = None
        if options.pack:
            self.prefs = replace(self.prefs, pack=options.pack)
            self.pack: WordPack = load_pack(options.pack)  # a bad --pack stops with its error
        else:
            try:
                self.pack = load_pack(self.prefs.pack)
            except PackError as exc:  # a saved custom pack that moved must not block the game
                pack_notice = f"Word pack unavailable ({exc}); using the default pack."
                self.prefs = replace(self.prefs, pack=DEFAULT_PACK)
                self.pack = load_pack(DEFAULT_PACK)
        pygame.display.init()
        pygame.font.init()
        self.screen = pygame.display.set_mode(options.size, pygame.RESIZABLE)
        pygame.display.set_caption("Wordstack")
        pygame.key.start_text_input()
        pygame.key.set_repeat(400, 35)
        self.fonts = theme.Fonts(self.screen.get_height(), self.prefs.text_scale)
        self.sound = Sound(self.prefs.sound)
        self.scores = ScoreTable()
        self.notices = [n for n in (prefs_notice, pack_notice, self.scores.notice) if n]
        for notice in self.notices:
            print(f"wordstack: {notice}", file=sys.stderr)
        self.worker = EngineWorker(shared_engine(options.model, options.method))
        self.worker.start_loading()
        self.worker.prepare_pack(self.pack.words)
        self.worker.prepare_vocabulary(self.pack.words)
        self.clock = pygame.time.Clock()
        self.running = True
        self.final_score: int | None = None
        self.error: str | None = None  # why a scripted (--max-seconds) run gave up
        self.play_seconds = 0.0
        self.ai_playing = options.ai
        self.mode = get_mode(options.mode)
        self.title_selection = 0  # the title menu's line, kept across visits
        self.session: Any = None  # the challenge being played (ui.scenes.challenge_play)
        # Work time of the recent frames, for bench/frames.py (bounded: a long game).
        self.frame_seconds: deque[float] = deque(maxlen=FRAME_TIMES_KEPT)
        self.scene: Scene | None = None
        self._windowed_size = options.size
        self.switch(self._first_scene())

    def _first_scene(self) -> Scene:
        from game.ui.scenes.loading import LoadingScene
        from game.ui.scenes.title import TitleScene

        if self.options.challenge is not None:
            from game.ui.scenes.challenge_play import open_session

            return open_session(self, self.options.challenge, self.options.players)
        if self.options.skip_title or self.options.ai or self.options.max_seconds is not None:
            return LoadingScene(self, seed=self.options.seed)
        return TitleScene(self)

    # -- shared services -----------------------------------------------------------------

    def new_seed(self) -> int:
        """The seed for a new game: the one given on the command line, else a random one."""
        if self.options.seed is not None:
            return self.options.seed
        return random.SystemRandom().randrange(1, 1_000_000)

    def play_scene(self, seed: int) -> Scene:
        """The play screen of the chosen mode, for a game with this seed."""
        module, _, name = self.mode.scene.partition(":")
        return getattr(importlib.import_module(module), name)(self, seed)

    def set_prefs(self, prefs: Preferences) -> None:
        """Change and save the preferences; the pack is reloaded when it changed."""
        if prefs.pack != self.prefs.pack:
            self.pack = load_pack(prefs.pack)
            self.worker.prepare_pack(self.pack.words)
        self.prefs = prefs
        self.sound.enabled = prefs.sound
        self.fonts = theme.Fonts(self.screen.get_height(), prefs.text_scale)
        if self.options.pack and prefs.pack == self.options.pack:
            prefs = replace(prefs, pack=self._saved_pack)  # still the one-off --pack
        else:
            self._saved_pack = prefs.pack
        warning = save_preferences(prefs)  # a failed save is a warning: play goes on
        if warning and warning not in self.notices:
            self.notices.append(warning)
            print(f"wordstack: {warning}", file=sys.stderr)

    def switch(self, scene: Scene) -> None:
        """Make `scene` the current screen."""
        if self.scene is not None:
            self.scene.leave()
        self.scene = scene
        scene.enter()

    def to_title(self) -> None:
        """Go back to the title screen."""
        from game.ui.scenes.title import TitleScene

        self.switch(TitleScene(self))

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
            self.fonts = theme.Fonts(size[1], self.prefs.text_scale)
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return True
        if (
            event.type == pygame.KEYDOWN
            and event.key == pygame.K_m
            and event.mod & pygame.KMOD_CTRL
        ):
            self.toggle_sound()
            return True
        return False

    def toggle_fullscreen(self) -> None:
        """Switch between a window and the full screen."""
        if self.screen.get_flags() & pygame.FULLSCREEN:
            self.screen = pygame.display.set_mode(self._windowed_size, pygame.RESIZABLE)
        else:
            self.screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        self.fonts = theme.Fonts(self.screen.get_height(), self.prefs.text_scale)

    def toggle_sound(self) -> None:
        """Mute or unmute, and remember it."""
        self.set_prefs(replace(self.prefs, sound=not self.prefs.sound))

    def frame(self, dt: float) -> None:
        """One frame: events, update, draw."""
        started = time.perf_counter()
        assert self.scene is not None
        for event in pygame.event.get():
            if not self._handle_global(event):
                self.scene.handle(event)
        self.scene.update(dt)
        self.scene.draw(self.screen)
        pygame.display.flip()
        self.frame_seconds.append(time.perf_counter() - started)

    def run(self) -> int:
        """Run until the player quits or --max-seconds of play have passed."""
        try:
            while self.running:
                dt = min(self.clock.tick(FPS) / 1000.0, 0.25)
                self.frame(dt)
                limit = self.options.max_seconds
                over = self.scene is not None and self.scene.name == "gameover"
                # A timed (scripted) run ends at the limit, or when the game ends first,
                # or at once when the model cannot load: nobody is there to read the screen.
                if limit is not None and (self.play_seconds >= limit or over):
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
