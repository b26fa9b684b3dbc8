"""Where a scene can send the player: named destinations that the app turns into scenes.

A scene asks for a destination (``self.go(Title())``) instead of building the next scene,
so no scene imports the app, nor another scene's module just to leave for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from game.host.limits import MAX_PLAYERS
from game.ui.session import ChallengeSession

if TYPE_CHECKING:
    from game.classroom.results import RecordedAction
    from game.modes import GameMode
    from game.rules import ArcadeState, BlocksState


@dataclass(frozen=True)
class Title:
    """The title screen."""


@dataclass(frozen=True)
class Quit:
    """Close the window at the end of this frame."""


@dataclass(frozen=True)
class Settings:
    """The settings screen."""


@dataclass(frozen=True)
class HighScores:
    """The high-score table `table` (None: the chosen mode's, for people or the AI)."""

    table: str | None = None


@dataclass(frozen=True)
class Lab:
    """The Lab: temperature sampling, live."""


@dataclass(frozen=True)
class Join:
    """Type a challenge code (and hot-seat players)."""


@dataclass(frozen=True)
class HostSetup:
    """Choose a hosted round's length, pack and player cap."""


@dataclass(frozen=True)
class HostRound:
    """The projector of a class round hosted on the local network, as set up."""

    pack: str
    minutes: int = 3
    max_players: int = MAX_PLAYERS
    mode: str = "arcade"  # or "blocks": a turn-based round the minutes still bound
    turns: int = 30  # a Blocks round's turns


@dataclass(frozen=True)
class Play:
    """A game with this seed, of the mode with id `mode` (None: the mode chosen on the title)."""

    seed: int
    mode: str | None = None


@dataclass(frozen=True)
class Loading:
    """Wait for the model and the pack, then go to `then` (None: a game with `seed`)."""

    seed: int | None = None
    then: Destination | None = None


@dataclass(frozen=True)
class GameOver:
    """The figures of a finished (or ended) game and the name for the high-score table.

    `rows` (label, value) replace Arcade's figures for other modes.
    """

    state: ArcadeState | BlocksState
    seed: int
    mode: GameMode
    rows: Sequence[tuple[str, str]] | None = None


@dataclass(frozen=True)
class ChallengeTurn:
    """One turn of a challenge, from its first state."""

    session: ChallengeSession


@dataclass(frozen=True)
class ChallengeOver:
    """The end of a challenge turn: name, result file, what comes next.

    `ended_early`: the player ended the attempt (an Arcade clock was run out); `restart`: a
    new attempt follows once this one is saved. `ticks`: the play clock's tick of each
    action and `end_tick` the round's last (a turn-based round's replay keeps them).
    """

    session: ChallengeSession
    state: ArcadeState | BlocksState
    actions: tuple[RecordedAction, ...]  # rule actions and flags, for the replay
    ended_early: bool = False
    restart: bool = False
    ticks: tuple[int, ...] = ()
    end_tick: int = 0


@dataclass(frozen=True)
class HandOver:
    """ "Pass the keyboard to Ben": before each hot-seat turn."""

    session: ChallengeSession


@dataclass(frozen=True)
class Scoreboard:
    """Every hot-seat player's score, at the end of the round."""

    session: ChallengeSession


Destination: TypeAlias = (
    Title
    | Quit
    | Settings
    | HighScores
    | Lab
    | Join
    | HostSetup
    | HostRound
    | Play
    | Loading
    | GameOver
    | ChallengeTurn
    | ChallengeOver
    | HandOver
    | Scoreboard
)
