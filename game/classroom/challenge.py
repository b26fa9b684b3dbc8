"""A challenge: a decoded code with its word pack found and its rules set up."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from game.classroom.codes import MAX_SEED, PACK_BITS, ChallengeSpec, decode
from game.classroom.roster import name_check, split_code
from game.errors import ChallengeError, PackError
from game.rules import TICKS_PER_SECOND, ArcadeSettings, ArcadeState, new_game
from game.rules.arcade_settings import fingerprint_fields, settings_for_version
from game.words import DEFAULT_PACK, WordPack, bundled_packs, load_pack

DEFAULT_MINUTES = 3


def pack_digest(pack: WordPack) -> str:
    """SHA-256 (hex) of a pack's content: its words and levels in order, not its file name."""
    lines = "".join(f"{word}\t{level}\n" for word, level in pack.entries())
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def pack_short_hash(pack: WordPack) -> int:
    """The first 23 bits of the pack's digest, as a code carries them."""
    return int(pack_digest(pack)[:8], 16) >> (32 - PACK_BITS)


def rules_digest(settings: ArcadeSettings) -> str:
    """A short fingerprint of every rule setting, so results of retuned rules are told apart."""
    text = json.dumps(fingerprint_fields(settings), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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
    def settings(self) -> ArcadeSettings:
        """The rule settings every player of this challenge plays with (the code's version)."""
        return settings_for_version(self.spec.version, self.spec.zone)

    @property
    def time_limit(self) -> int:
        """Length of the round in ticks."""
        return self.spec.minutes * 60 * TICKS_PER_SECOND

    @property
    def pack_digest(self) -> str:
        """SHA-256 of the pack's content."""
        return pack_digest(self.pack)

    def new_game(self) -> ArcadeState:
        """The first state of this challenge's round, the same for every player."""
        return new_game(self.settings, self.pack.entries(), self.spec.seed, self.time_limit)


def create_challenge(
    pack: str | Path = DEFAULT_PACK,
    minutes: int = DEFAULT_MINUTES,
    zone: int | None = None,
    seed: int | None = None,
    roster: bool = False,
) -> Challenge:
    """A new Arcade challenge; a random seed unless one is given.

    `roster`: played with personal codes only (`game.classroom.roster`).
    """
    loaded = load_pack(pack)
    spec = ChallengeSpec(
        mode="arcade",
        minutes=minutes,
        zone=ArcadeSettings().zone_size if zone is None else zone,
        seed=secrets.randbelow(MAX_SEED + 1) if seed is None else seed,
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
    if spec.mode != "arcade":
        raise ChallengeError(f"{spec.mode.title()} challenges cannot be played in this version")
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
