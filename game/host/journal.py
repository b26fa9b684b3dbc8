"""The host's SQLite journal: every accepted action, written before the student is answered.

After a crash ``wordstack host --resume`` reads it back: the challenge, the room code,
every student with their token, each game replayed action by action through the
rules, the round time already played, and which result files were written.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from game import paths
from game.classroom.results import ClueAction, FlagAction, RefusedAction, ReplayAction
from game.errors import HostError
from game.host.room import Room, Student
from game.rules import Clue, Refuse
from game.storage import set_aside

JOURNAL_FILE = "host-journal.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, token TEXT NOT NULL UNIQUE,
    kicked INTEGER NOT NULL DEFAULT 0, result_path TEXT);
CREATE TABLE IF NOT EXISTS devices (
    student INTEGER PRIMARY KEY REFERENCES students(id), device TEXT NOT NULL,
    address TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS teams (
    student INTEGER PRIMARY KEY REFERENCES students(id), team INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS actions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, student INTEGER NOT NULL REFERENCES students(id),
    tick INTEGER NOT NULL, clue TEXT NOT NULL, scores TEXT, reason TEXT);
"""


def journal_path() -> Path:
    """Where the host keeps its journal: in Wordstack's data folder."""
    return paths.data_dir() / JOURNAL_FILE


@dataclass(frozen=True)
class SavedRound:
    """What a journal says about the round it recorded."""

    challenge_code: str
    pack: str
    room_code: str
    phase: str
    locked: bool
    elapsed: int
    max_players: int = 0  # 0: a journal from before the cap was kept
    teams: int = 0  # 0: individual play (and every journal from before teams)
    minutes: int = 0  # the host's limit of a Blocks round (0: a journal from before Blocks)


class Journal:
    """An open journal; each write is its own committed transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.set_aside_from: Path | None = None  # an older journal moved out of the way
        path.parent.mkdir(parents=True, exist_ok=True)
        # The server thread writes; the projector thread never touches the journal.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # WAL + NORMAL: a committed row survives the host process being killed.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    @classmethod
    def create(cls, path: Path, room: Room, pack: str) -> Journal:
        """A fresh journal for a new round; an older one is set aside, never overwritten."""
        aside = None
        if path.exists():
            aside = set_aside(path)
            for extra in ("-wal", "-shm"):
                sidecar = path.with_name(path.name + extra)
                if sidecar.exists():
                    sidecar.replace(aside.with_name(aside.name + extra))
        journal = cls(path)
        journal.set_aside_from = aside
        with journal._db:
            journal._db.execute("BEGIN")
            for key, value in (
                ("challenge", room.challenge.code),
                ("pack", pack),
                ("room", room.code),
                ("phase", room.phase),
                ("locked", "0"),
                ("elapsed", "0"),
                ("minutes", str(room.minutes)),
            ):
                journal._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        return journal

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    # -- writing --------------------------------------------------------------------------

    def set(self, key: str, value: str) -> None:
        """Store one setting of the round (phase, lock, elapsed ticks)."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def add_student(self, student: Student) -> None:
        """Remember a student who joined, and the device and address they joined from."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT INTO students (id, name, token) VALUES (?, ?, ?)",
                (student.id, student.name, student.token),
            )
            self._db.execute(
                "INSERT OR REPLACE INTO devices (student, device, address) VALUES (?, ?, ?)",
                (student.id, student.device, student.address),
            )
            if student.team:
                self._db.execute(
                    "INSERT OR REPLACE INTO teams (student, team) VALUES (?, ?)",
                    (student.id, student.team),
                )

    def set_teams(self, teams: int, students: list[Student]) -> None:
        """Remember the room's number of teams and every student's team, in one transaction."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('teams', ?)", (str(teams),))
            self._db.execute("DELETE FROM teams")
            self._db.executemany(
                "INSERT INTO teams (student, team) VALUES (?, ?)",
                [(s.id, s.team) for s in students if s.team],
            )

    def kick(self, student: Student) -> None:
        """Remember that a student was removed."""
        self._db.execute("UPDATE students SET kicked = 1 WHERE id = ?", (student.id,))

    def result_written(self, student: Student, path: Path) -> None:
        """Remember the result file of a finished game."""
        self._db.execute(
            "UPDATE students SET result_path = ? WHERE id = ?", (str(path), student.id)
        )

    def action(self, student: Student, action: ReplayAction, flagged: str = "") -> None:
        """Append one accepted clue, refusal or flag (of the clue ``flagged``) of a student."""
        row: tuple[int, int, str, str | None, str | None]
        if isinstance(action, ClueAction):
            row = (student.id, action.tick, action.clue, json.dumps(action.scores), None)
        elif isinstance(action, RefusedAction):
            row = (student.id, action.tick, action.clue, None, action.reason)
        elif isinstance(action, FlagAction):  # no scores and no reason: a flag
            row = (student.id, action.tick, flagged, None, None)
        else:
            raise TypeError(f"the host does not journal {action!r}")
        self._db.execute(
            "INSERT INTO actions (student, tick, clue, scores, reason) VALUES (?, ?, ?, ?, ?)",
            row,
        )

    # -- reading --------------------------------------------------------------------------

    def saved_round(self) -> SavedRound:
        """The round's settings; HostError if the journal holds none."""
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        try:
            return SavedRound(
                challenge_code=meta["challenge"],
                pack=meta["pack"],
                room_code=meta["room"],
                phase=meta["phase"],
                locked=meta["locked"] == "1",
                elapsed=int(meta["elapsed"]),
                max_players=int(meta.get("max_players", "0")),
                teams=int(meta.get("teams", "0")),
                minutes=int(meta.get("minutes", "0")),
            )
        except (KeyError, ValueError):
            raise HostError(f"{self.path} holds no hosted round to resume") from None

    def restore_students(self, room: Room) -> None:
        """Put every journaled student into ``room``, each game replayed through the rules."""
        rows = self._db.execute(
            "SELECT id, name, token, kicked, result_path FROM students ORDER BY id"
        ).fetchall()
        for student_id, name, token, kicked, result_path in rows:
            student = room.new_student(student_id, name, token)
            student.kicked = bool(kicked)
            student.result_path = Path(result_path) if result_path else None
            actions = self._db.execute(
                "SELECT tick, clue, scores, reason FROM actions WHERE student = ? ORDER BY seq",
                (student_id,),
            )
            for tick, clue, scores, reason in actions:
                student.advance_to(tick)  # an Arcade game's clock; a Blocks game has none
                if scores is not None:
                    student.apply(Clue(clue, tuple(float(s) for s in json.loads(scores))), tick)
                elif reason is None:
                    student.flag(tick)
                else:
                    student.apply(Refuse(clue, reason or ""), tick)
            device = self._db.execute(
                "SELECT device, address FROM devices WHERE student = ?", (student_id,)
            ).fetchone()
            if device is not None:
                student.device, student.address = device
            team = self._db.execute(
                "SELECT team FROM teams WHERE student = ?", (student_id,)
            ).fetchone()
            if team is not None:
                student.team = int(team[0])
            room.add(student)

    def last_action_tick(self) -> int:
        """The tick of the last journaled action (0 if none)."""
        row = self._db.execute("SELECT MAX(tick) FROM actions").fetchone()
        return int(row[0] or 0)


def open_for_resume(path: Path) -> Journal:
    """The journal of an interrupted round; HostError if there is none or it is damaged."""
    if not path.exists():
        raise HostError(f"nothing to resume: no journal at {path}")
    try:
        journal = Journal(path)
        journal.saved_round()
    except sqlite3.DatabaseError as exc:
        aside = set_aside(path)
        raise HostError(f"the journal was damaged ({exc}); it was moved to {aside}") from None
    return journal
