"""What the scenes share: how the game was started, preferences, pack, model, sound, scores.

The app owns the window and the frame loop; scenes get this object instead of the app, and
leave a scene by asking for a destination (`go`), which the app opens after the hook returns.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from game.modes import GameMode, get_mode
from game.prefs import Preferences, save_preferences
from game.ui import theme
from game.ui.navigation import ChallengeTurn, Destination, HandOver, Loading
from game.words import WordPack, load_pack

if TYPE_CHECKING:
    from game.classroom import Challenge
    from game.scores import ScoreTable
    from game.ui.session import ChallengeSession
    from game.ui.sound import Sound
    from game.ui.worker import EngineWorker

DEFAULT_SIZE = (1280, 720)


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
    challenge: Challenge | None = None  # a challenge to play at once
    players: tuple[str, ...] = ()  # hot-seat players of the challenge
    daily: date | None = None  # the date, when the challenge is that day's daily challenge


class Services:
    """The game's shared state and services, one object for every scene."""

    def __init__(
        self,
        options: PlayOptions,
        prefs: Preferences,
        saved_pack: str,
        pack: WordPack,
        worker: EngineWorker,
        sound: Sound,
        scores: ScoreTable,
        notices: list[str],
        screen_size: tuple[int, int],
    ) -> None:
        """`saved_pack` is the pack kept in the preferences file (a --pack is not saved)."""
        self.options = options
        self.prefs = prefs
        self._saved_pack = saved_pack
        self.pack = pack
        self.worker = worker
        self.sound = sound
        self.scores = scores
        self.notices = notices  # problems to show on the title screen
        self.screen_size = screen_size
        self.fonts = theme.Fonts(screen_size[1], prefs.text_scale)
        self.mode: GameMode = get_mode(options.mode)
        self.ai_playing = options.ai
        self.title_selection = 0  # the title menu's line, kept across visits
        self.session: ChallengeSession | None = None  # the challenge being played
        self.play_seconds = 0.0  # seconds of play, pauses excluded (for --max-seconds)
        self.final_score: int | None = None  # printed on exit: the player's last game
        self._destination: Destination | None = None

    # -- leaving a scene -----------------------------------------------------------------

    def go(self, destination: Destination) -> None:
        """Ask the app to open `destination` once the current scene hook returns."""
        self._destination = destination

    def take_destination(self) -> Destination | None:
        """The destination asked for since the last call (the app's side of `go`)."""
        destination, self._destination = self._destination, None
        return destination

    def start_challenge(self, session: ChallengeSession) -> Destination:
        """Play the challenge's pack; the first stop is a hand-over, or loading then play."""
        self.session = session
        self.use_pack(session.challenge.pack)
        if session.hotseat is not None:
            return HandOver(session)
        return Loading(then=ChallengeTurn(session))

    # -- shared state --------------------------------------------------------------------

    def new_seed(self) -> int:
        """The seed for a new game: the one given on the command line, else a random one."""
        if self.options.seed is not None:
            return self.options.seed
        return random.SystemRandom().randrange(1, 1_000_000)

    def use_pack(self, pack: WordPack) -> None:
        """Play this pack (not saved in the preferences); its vectors start loading."""
        self.pack = pack
        self.worker.prepare_pack(pack.words)

    def set_prefs(self, prefs: Preferences) -> None:
        """Change and save the preferences; the pack is reloaded when it changed."""
        if prefs.pack != self.prefs.pack:
            self.use_pack(load_pack(prefs.pack))
        self.prefs = prefs
        self.sound.enabled = prefs.sound
        self.fonts = theme.Fonts(self.screen_size[1], prefs.text_scale)
        if self.options.pack and prefs.pack == self.options.pack:
            prefs = replace(prefs, pack=self._saved_pack)  # still the one-off --pack
        else:
            self._saved_pack = prefs.pack
        warning = save_preferences(prefs)  # a failed save is a warning: play goes on
        if warning and warning not in self.notices:
            self.notices.append(warning)
            print(f"wordstack: {warning}", file=sys.stderr)

    def toggle_sound(self) -> None:
        """Mute or unmute, and remember it."""
        self.set_prefs(replace(self.prefs, sound=not self.prefs.sound))

    def resized(self, size: tuple[int, int]) -> None:
        """The window has a new size: text scales with its height."""
        self.screen_size = size
        self.fonts = theme.Fonts(size[1], self.prefs.text_scale)
