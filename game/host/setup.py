"""Setting up a host: a new round or a resumed one, and the address students type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from game.classroom import (
    DEFAULT_MINUTES,
    Challenge,
    create_challenge,
    model_info,
    open_challenge,
    results_dir,
)
from game.classroom.challenge import DEFAULT_TURNS
from game.classroom.teams import MAX_TEAMS
from game.engine import SimilarityEngine
from game.errors import ChallengeError, HostError, PackError
from game.host.addresses import ANY_ADDRESS, join_address
from game.host.batching import ManyScores, score_many
from game.host.journal import Journal, journal_path, open_for_resume
from game.host.limits import MAX_PLAYERS
from game.host.room import COUNTDOWN, FINISHED, PLAYING, Room
from game.host.server import HostServer
from game.host.service import Explainer

DEFAULT_PORT = 8765


@dataclass(frozen=True)
class HostInfo:
    """What the projector tells students, and the offline fallback."""

    join_url: str
    room_code: str
    challenge_code: str
    port: int
    loopback_only: bool = False
    round: str = ""  # "Arcade, 3 minutes", "Blocks, 30 turns (at most 3 minutes)"

    @property
    def qr_url(self) -> str:
        """The join URL with the room code filled in."""
        return f"{self.join_url}?room={self.room_code}"


def join_url(address: str, port: int) -> str:
    """The URL students open."""
    return f"http://{address}:{port}/"


def batched(engine: SimilarityEngine, batch: bool = True) -> ManyScores | None:
    """The engine's batched scoring for the host (None: every clue ranked alone)."""
    return partial(score_many, engine) if batch else None


def new_host(
    engine: SimilarityEngine,
    pack: str = "default",
    minutes: int = 3,
    zone: int | None = None,
    journal_file: Path | None = None,
    results_folder: Path | None = None,
    max_players: int = MAX_PLAYERS,
    batch: bool = True,
    challenge_code: str | None = None,
    teams: int = 0,
    mode: str = "arcade",
    turns: int = DEFAULT_TURNS,
) -> HostServer:
    """A host for a new round (a fresh challenge of ``mode``, or the one of
    ``challenge_code``, so that rooms on several hosts play the same round); an older
    journal is set aside. A Blocks round has ``turns`` and ends after ``minutes`` at most."""
    try:
        if challenge_code:
            custom = Path(pack).is_file()
            challenge = open_challenge(challenge_code, pack if custom else None)
        elif mode == "blocks":
            challenge = create_challenge(pack, mode="blocks", turns=turns)
        else:
            challenge = create_challenge(pack, minutes, zone)
    except (ChallengeError, PackError, ValueError) as exc:
        raise HostError(str(exc)) from None
    room = Room(challenge, max_players=max_players, minutes=minutes)
    prepare_pack(engine, challenge)
    room.set_teams(teams)
    # A pack file is journaled by its full path, so --resume finds it from any folder.
    saved_pack = str(Path(pack).resolve()) if Path(pack).is_file() else str(pack)
    journal = Journal.create(journal_file or journal_path(), room, saved_pack)
    journal.set("max_players", str(max_players))
    journal.set("teams", str(teams))
    return HostServer(
        room,
        journal,
        engine.scores,
        model_info(engine),
        results_folder or results_dir(),
        many=batched(engine, batch),
        explainer=explainer(engine),
    )


def prepare_pack(engine: SimilarityEngine, challenge: Challenge) -> None:
    """Embed the round's pack before students come (read from the disk cache after the
    first time) and keep it in memory: no clue waits for a stack word's first encode, and
    a class's novel clues never push the pack out."""
    engine.embed_pack(list(challenge.pack.words))


def explainer(engine: SimilarityEngine) -> Explainer:
    """The host's "Why?": the engine's explanation as plain data (no vocabulary search:
    the host does not load the clue generator's vocabulary)."""

    def explain(clue: str, words: Sequence[str], target: str | None) -> dict[str, Any]:
        return engine.explain(clue, words, target=target).to_json()

    return explain


def resume_host(
    engine: SimilarityEngine,
    journal_file: Path | None = None,
    results_folder: Path | None = None,
    batch: bool = True,
) -> HostServer:
    """The host of an interrupted round, every student's game restored from the journal."""
    journal = open_for_resume(journal_file or journal_path())
    saved = journal.saved_round()
    try:
        challenge = open_challenge(saved.challenge_code, saved.pack)
    except (ChallengeError, PackError) as exc:
        journal.close()
        raise HostError(f"cannot resume: {exc}") from None
    room = Room(
        challenge,
        saved.room_code,
        max_players=saved.max_players or MAX_PLAYERS,
        minutes=saved.minutes or DEFAULT_MINUTES,
    )
    prepare_pack(engine, challenge)
    room.locked = saved.locked
    room.teams = saved.teams if 0 <= saved.teams <= MAX_TEAMS else 0
    journal.restore_students(room)
    if saved.phase == FINISHED:
        room.resume_at(room.time_limit)
    elif saved.phase in (COUNTDOWN, PLAYING):
        # The clock goes on from the last second the old host saved (or its last action).
        room.resume_at(max(saved.elapsed, journal.last_action_tick()))
    room.update_phase()
    return HostServer(
        room,
        journal,
        engine.scores,
        model_info(engine),
        results_folder or results_dir(),
        many=batched(engine, batch),
        explainer=explainer(engine),
    )


def start_host(
    engine: SimilarityEngine,
    pack: str = "default",
    minutes: int = 3,
    zone: int | None = None,
    bind: str = ANY_ADDRESS,
    port: int = DEFAULT_PORT,
    resume: bool = False,
    max_players: int = MAX_PLAYERS,
    batch: bool = True,
    challenge_code: str | None = None,
    teams: int = 0,
    mode: str = "arcade",
    turns: int = DEFAULT_TURNS,
) -> tuple[HostServer, HostInfo]:
    """Set up a new or resumed round and start serving it on a background thread."""
    if resume:
        server = resume_host(engine, batch=batch)
    else:
        server = new_host(
            engine,
            pack,
            minutes,
            zone,
            max_players=max_players,
            batch=batch,
            challenge_code=challenge_code,
            teams=teams,
            mode=mode,
            turns=turns,
        )
    try:
        server.start_in_thread(bind, port)
    except HostError as exc:
        server.journal.close()
        raise HostError(
            f"{exc.reason}: is another host running? Try another --port, or --bind an "
            "address of this computer"
        ) from None
    address = join_address(bind)
    assert server.port is not None
    info = HostInfo(
        join_url(address, server.port),
        server.room.code,
        server.room.challenge.code,
        server.port,
        loopback_only=address.startswith("127."),
        round=server.room.description,
    )
    return server, info
