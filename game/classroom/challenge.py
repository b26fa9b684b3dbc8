"""A challenge: a decoded code with its word pack found and its rules set up.

What differs between an Arcade and a Blocks challenge (settings, first state, rules
fingerprint, how a round replays, how the code reads) is decided in one place, the
`ChallengeKind` of its mode (`KINDS`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from game.classroom.codes import MAX_SEED, PACK_BITS, ChallengeSpec, blocks_spec, decode
from game.classroom.roster import name_check, split_code
from game.errors import ChallengeError, PackError
from game.rules import TICKS_PER_SECOND, ArcadeSettings, ArcadeState, BlocksSettings, BlocksState
from game.rules import blocks as blocks_rules
from game.rules import new_game as arcade_new_game
from game.rules.arcade_settings import fingerprint_fields, settings_for_version
from game.rules.blocks_settings import challenge_settings
from game.words import DEFAULT_PACK, WordPack, bundled_packs, load_pack

if TYPE_CHECKING:
    pass

DEFAULT_MINUTES = 3
DEFAULT_TURNS = 30
"""A Blocks challenge's turn limit unless one is chosen."""

GameState = ArcadeState | BlocksState
"""The state of either mode's game."""
Settings = ArcadeSettings | BlocksSettings
"""The rule settings of either mode."""


def pack_digest(pack: WordPack) -> str:
    """SHA-256 (hex) of a pack's content: its words and levels in order, not its file name."""
    lines = "".join(f"{word}\t{level}\n" for word, level in pack.entries())
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def pack_short_hash(pack: WordPack) -> int:
    """The first 23 bits of the pack's digest, as a code carries them."""
    return int(pack_digest(pack)[:8], 16) >> (32 - PACK_BITS)


def rules_digest(settings: Settings) -> str:
    """A short fingerprint of every rule setting, so results of retuned rules are told apart."""
    if isinstance(settings, BlocksSettings):
        fields: dict[str, object] = {"mode": "blocks", **asdict(settings)}
    else:
        fields = fingerprint_fields(settings)
    text = json.dumps(fields, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ChallengeKind:
    """What a challenge's game mode decides: its settings, first state and wording (its
    replay: `game.classroom.replay`)."""

    mode: str
    settings: Callable[[ChallengeSpec], Settings]
    new_game: Callable[[Challenge], GameState]
    length: Callable[[ChallengeSpec], str]  # "3 minutes", "30 turns"
    describe: Callable[[ChallengeSpec], str]
    word_heading: str  # what the lesson view lists a line per: "Target", "Chosen word"
    chart_heading: str  # the lesson report's chart of clear rates
    lesson_note: str  # what its clear rate means, for the lesson report


def _minutes(n: int) -> str:
    return f"{n} minute{'s' if n != 1 else ''}"


ARCADE_KIND = ChallengeKind(
    mode="arcade",
    settings=lambda spec: settings_for_version(spec.version, spec.zone),
    new_game=lambda c: arcade_new_game(
        c.arcade_settings, c.pack.entries(), c.spec.seed, c.time_limit
    ),
    length=lambda spec: _minutes(spec.minutes),
    describe=lambda spec: f"Arcade, {_minutes(spec.minutes)}, clear zone {spec.zone}",
    word_heading="Target",
    chart_heading="Clear rate per target word",
    lesson_note="Of the players who met a target word, the share who cleared it.",
)
BLOCKS_KIND = ChallengeKind(
    mode="blocks",
    settings=lambda spec: challenge_settings(spec.turns),
    new_game=lambda c: blocks_rules.new_game(c.blocks_settings, c.pack.entries(), c.spec.seed),
    length=lambda spec: f"{spec.turns} turns",
    describe=lambda spec: f"Blocks, {spec.turns} turns",
    word_heading="Chosen word",
    chart_heading="Clear rate per chosen word",
    lesson_note="Of the players whose clue chose a word block, the share whose clue cleared "
    "a group with it (a lone block scores nothing); the best clues cleared the largest groups.",
)
KINDS: dict[str, ChallengeKind] = {kind.mode: kind for kind in (ARCADE_KIND, BLOCKS_KIND)}


def kind_of(mode: str) -> ChallengeKind:
    """The `ChallengeKind` of a mode id ("arcade" or "blocks"); Arcade for anything else."""
    return KINDS.get(mode, ARCADE_KIND)


@dataclass(frozen=True)
class Challenge:
    """A playable challenge: its spec, code, word pack, rule settings and time limit."""

    spec: ChallengeSpec
    pack: WordPack
    player: str | None = None  # the name a personal code binds (a roster challenge)

    @property
    def code(self) -> str:
        """The challenge code."""
        return self.spec.code

    @property
    def name_check(self) -> str | None:
        """The check of the personal code's name (None: not a personal code)."""
        return None if self.player is None else name_check(self.code, self.player)

    @property
    def mode(self) -> str:
        """The game mode: "arcade" or "blocks"."""
        return self.spec.mode

    @property
    def kind(self) -> ChallengeKind:
        """What this challenge's mode decides (settings, first state, replay, wording)."""
        return KINDS[self.spec.mode]

    @property
    def description(self) -> str:
        """The round in a few words: "Arcade, 3 minutes, clear zone 4", "Blocks, 30 turns"."""
        return self.kind.describe(self.spec)

    @property
    def length(self) -> str:
        """How long a round is: "3 minutes" (Arcade) or "30 turns" (Blocks)."""
        return self.kind.length(self.spec)

    @property
    def settings(self) -> Settings:
        """The rule settings every player of this challenge plays with (the code's version)."""
        return self.kind.settings(self.spec)

    @property
    def arcade_settings(self) -> ArcadeSettings:
        """The settings of an Arcade challenge (ChallengeError for another mode)."""
        settings = self.settings
        if not isinstance(settings, ArcadeSettings):
            raise ChallengeError("this is not an Arcade challenge")
        return settings

    @property
    def blocks_settings(self) -> BlocksSettings:
        """The settings of a Blocks challenge (ChallengeError for another mode)."""
        settings = self.settings
        if not isinstance(settings, BlocksSettings):
            raise ChallengeError("this is not a Blocks challenge")
        return settings

    @property
    def rules_digest(self) -> str:
        """The fingerprint of this challenge's rule settings (a result file's ``rules``)."""
        return rules_digest(self.settings)

    @property
    def time_limit(self) -> int:
        """Length of an Arcade round in ticks (0 for Blocks: it has a turn limit instead)."""
        return self.spec.minutes * 60 * TICKS_PER_SECOND if self.mode == "arcade" else 0

    @property
    def turn_limit(self) -> int:
        """Turns of a Blocks round (0 for Arcade: it is timed)."""
        return self.spec.turns

    @property
    def pack_digest(self) -> str:
        """SHA-256 of the pack's content."""
        return pack_digest(self.pack)

    def new_game(self) -> GameState:
        """The first state of this challenge's round, the same for every player
        (an `ArcadeState` or a `BlocksState`, after the mode)."""
        return self._first_state

    @cached_property
    def _first_state(self) -> GameState:
        # Built once (about 25 ms): states are immutable, so every replay shares it; a host
        # writing 300 result files replays each twice.
        return self.kind.new_game(self)


def create_challenge(
    pack: str | Path = DEFAULT_PACK,
    minutes: int = DEFAULT_MINUTES,
    zone: int | None = None,
    seed: int | None = None,
    roster: bool = False,
    mode: str = "arcade",
    turns: int = DEFAULT_TURNS,
) -> Challenge:
    """A new challenge; a random seed unless one is given.

    `mode` "arcade" is timed (`minutes`, `zone`); "blocks" has a turn limit (`turns`: 5
    to 80 in steps of 5). `roster`: played with personal codes only (`game.classroom.roster`).
    """
    loaded = load_pack(pack)
    seed = secrets.randbelow(MAX_SEED + 1) if seed is None else seed
    if mode == "blocks":
        if zone is not None:
            raise ChallengeError("a Blocks challenge has no clear zone")
        spec = blocks_spec(turns, seed, pack_short_hash(loaded), roster)
    else:
        spec = ChallengeSpec(
            mode=mode,
            minutes=minutes,
            zone=ArcadeSettings().zone_size if zone is None else zone,
            seed=seed,
            pack=pack_short_hash(loaded),
            roster=roster,
        )
    return Challenge(spec, loaded)


def open_challenge(code: str, pack: str | Path | None = None, teacher: bool = False) -> Challenge:
    """The challenge of a code; a custom pack must be given as ``pack`` and match the code.

    A personal code (``...-NN-Name``) opens its challenge with the name bound to it; a
    roster challenge's code alone is refused (each student has their own) unless
    `teacher` (verification, `challenge show`).
    """
    personal = split_code(code)
    spec = decode(personal.code)
    if spec.roster and personal.name is None and not teacher:
        raise ChallengeError(
            "this class challenge is played with personal codes: type the whole code your "
            "teacher gave you, ending with your name"
        )
    if not spec.roster and personal.name is not None:
        raise ChallengeError("this challenge has no personal codes: type it without a name")
    found = _open(spec, pack)
    return Challenge(spec, found.pack, personal.name)


def _open(spec: ChallengeSpec, pack: str | Path | None) -> Challenge:
    if pack is not None:
        loaded = load_pack(pack)
        if pack_short_hash(loaded) != spec.pack:
            raise ChallengeError(
                f"the word pack {str(pack)!r} is not the one of this challenge "
                "(its words or levels differ): ask your teacher for the pack file"
            )
        return Challenge(spec, loaded)
    found = find_bundled_pack(spec.pack)
    if found is None:
        raise ChallengeError(
            "this challenge uses a custom word pack: start it with --pack FILE "
            "using the file your teacher shared"
        )
    return Challenge(spec, found)


def find_bundled_pack(short_hash: int) -> WordPack | None:
    """The bundled pack whose content matches a code's pack hash, if any."""
    for name in bundled_packs():
        try:
            pack = load_pack(name)
        except PackError:
            continue
        if pack_short_hash(pack) == short_hash:
            return pack
    return None
