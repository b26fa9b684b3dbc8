"""Local high-score table in SQLite; a corrupt database is moved aside, never overwritten."""

from __future__ import annotations

import contextlib
import errno
import math
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import paths
from game.errors import StorageError
from game.modes import ARCADE
from game.quoting import printable
from game.storage import remove_stale_temporaries, set_aside

SCORES_FILE = "scores.sqlite3"
MAX_NAME_CHARS = 16
AI_MODE = ARCADE.ai_score_table  # kept for old imports; tables are named in game.modes
BUSY_TIMEOUT_SECONDS = 5.0  # how long to wait for another program's lock on the file
MAX_PLAYED_AT = 253402300799.0  # 9999-12-31: later dates cannot be printed
# The columns every reader needs, in the order of ScoreEntry's fields.
SCORE_COLUMNS = (
    "name",
    "score",
    "mode",
    "pack",
    "seed",
    "clues",
    "best_clue",
    "average_rank",
    "played_at",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scores (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    score INTEGER NOT NULL,
    mode TEXT NOT NULL,
    pack TEXT NOT NULL,
    seed INTEGER NOT NULL,
    clues INTEGER NOT NULL,
    best_clue TEXT,
    average_rank REAL,
    played_at REAL NOT NULL
)
"""


@dataclass(frozen=True)
class ScoreEntry:
    """One finished game in the high-score table."""

    name: str
    score: int
    mode: str = "arcade"
    pack: str = "default"
    seed: int = 0
    clues: int = 0
    best_clue: str | None = None
    average_rank: float | None = None
    played_at: float = 0.0


@dataclass(frozen=True)
class SavedScore:
    """Where a saved game went: its row id and its place in the table."""

    row_id: int
    place: int


def clean_name(name: str) -> str:
    """A printable player name of at most MAX_NAME_CHARS characters ("Player" if empty)."""
    printable = "".join(ch for ch in name if ch.isprintable()).strip()
    return " ".join(printable.split())[:MAX_NAME_CHARS] or "Player"


class ScoreTable:
    """The high-score table in one SQLite file; every write is one transaction.

    A damaged file is set aside with a notice; a busy one (locked by another program) is
    waited for, then reported as busy, never moved. Errors raise StorageError.
    """

    def __init__(self, path: Path | None = None, timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = path or paths.data_dir() / SCORES_FILE
        self.timeout = timeout
        self.notice: str | None = None  # set when the file was damaged or busy
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = "it is a file" if exc.errno == errno.EEXIST else exc.strerror or str(exc)
            raise StorageError(
                f"cannot use the data folder {printable(str(self.path.parent))}: "
                f"{printable(reason)} (set WORDSTACK_DATA_DIR to a folder)"
            ) from exc
        remove_stale_temporaries(self.path.parent)
        self._check_or_set_aside()

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """An open connection with the table in place; SQLite errors become StorageError."""
        connection = None
        try:
            connection = sqlite3.connect(self.path, timeout=self.timeout)
            # Text that is not UTF-8 (written by another program) must not stop a read.
            connection.text_factory = lambda data: data.decode("utf-8", "replace")
            connection.execute(_SCHEMA)
            yield connection
        except sqlite3.Error as exc:
            raise StorageError(_explain(self.path, exc)) from exc
        finally:
            if connection is not None:
                connection.close()

    def _check_or_set_aside(self) -> None:
        if self.path.is_dir():
            raise StorageError(
                f"{printable(str(self.path))} is a folder, not a score file; move it away"
            )
        if not self.path.exists():
            return
        try:
            connection = sqlite3.connect(self.path, timeout=self.timeout)
            try:
                (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
                columns = {row[1] for row in connection.execute("PRAGMA table_info(scores)")}
            finally:
                connection.close()
        except sqlite3.Error as exc:
            if not _is_corrupt(exc):  # busy, read-only or unreadable: not ours to move
                self.notice = _explain(self.path, exc)
                return
            verdict, columns = str(exc), set()
        if verdict == "ok" and (not columns or columns.issuperset(SCORE_COLUMNS)):
            return
        try:
            aside = set_aside(self.path)
        except OSError as exc:
            raise StorageError(
                f"the score file {printable(str(self.path))} is damaged and cannot be moved "
                f"aside: {printable(exc.strerror or str(exc))}"
            ) from exc
        self.notice = (
            f"The score file was damaged; it was kept as {printable(aside.name)} and a new "
            "one begun."
        )

    def add(self, entry: ScoreEntry) -> SavedScore:
        """Save a finished game; returns its row id and its place in the table (1 = best)."""
        played_at = entry.played_at or time.time()
        with self._connection() as connection:
            with connection:
                cursor = connection.execute(
                    "INSERT INTO scores (name, score, mode, pack, seed, clues, best_clue, "
                    "average_rank, played_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        clean_name(entry.name),
                        int(entry.score),
                        entry.mode,
                        entry.pack,
                        int(entry.seed),
                        int(entry.clues),
                        entry.best_clue,
                        entry.average_rank,
                        played_at,
                    ),
                )
            (better,) = connection.execute(
                "SELECT COUNT(*) FROM scores WHERE mode = ? AND score > ?",
                (entry.mode, int(entry.score)),
            ).fetchone()
        return SavedScore(int(cursor.lastrowid or 0), int(better) + 1)

    def rename(self, row_id: int, name: str) -> None:
        """Put a player's name on a saved game (the score itself never changes)."""
        with self._connection() as connection, connection:
            connection.execute(
                "UPDATE scores SET name = ? WHERE id = ?", (clean_name(name), row_id)
            )

    def top(self, limit: int = 10, mode: str = "arcade") -> list[ScoreEntry]:
        """The best games of a mode, best first (earlier games first on equal scores).

        Rows another program wrote with a wrong type (a text score, a date beyond year
        9999) are left out; an absent file is an empty table (and is not created).
        """
        if not self.path.exists():
            return []
        with self._connection() as connection:
            rows = connection.execute(
                f"SELECT {', '.join(SCORE_COLUMNS)} FROM scores "
                "WHERE mode = ? AND typeof(score) = 'integer' "
                "AND typeof(played_at) IN ('integer', 'real') AND played_at BETWEEN 0 AND ? "
                "ORDER BY score DESC, played_at ASC LIMIT ?",
                (mode, MAX_PLAYED_AT, limit),
            ).fetchall()
        return [_entry(row) for row in rows]

    def qualifies(self, score: int, limit: int = 10, mode: str = "arcade") -> bool:
        """True when `score` would enter the top `limit`."""
        best = self.top(limit, mode)
        return score > 0 and (len(best) < limit or score > best[-1].score)


def _entry(row: tuple[Any, ...]) -> ScoreEntry:
    """A ScoreEntry from a row, every field of the right type whatever the file held."""
    name, score, mode, pack, seed, clues, best_clue, average_rank, played_at = row
    return ScoreEntry(
        name=clean_name(_text(name)),
        score=int(score),
        mode=_text(mode),
        pack=_text(pack),
        seed=seed if type(seed) is int else 0,
        clues=clues if type(clues) is int else 0,
        best_clue=None if best_clue is None else _text(best_clue),
        average_rank=_finite(average_rank),
        played_at=float(played_at),
    )


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _finite(value: Any) -> float | None:
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


def _error_name(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name:
        return "_".join(str(name).split("_")[:2])  # SQLITE_BUSY_SNAPSHOT -> SQLITE_BUSY
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return "SQLITE_BUSY"
    if "malformed" in message or "not a database" in message:
        return "SQLITE_CORRUPT"
    return "SQLITE_ERROR"


def _is_corrupt(exc: sqlite3.Error) -> bool:
    return _error_name(exc) in _CORRUPT


def _explain(path: Path, exc: sqlite3.Error) -> str:
    """One line for the player about a failed SQLite call."""
    where = printable(str(path))
    if _error_name(exc) in _BUSY:
        return (
            f"The score file {where} is busy: another program is using it. Try again when "
            "it has finished."
        )
    return f"Cannot use the score file {where}: {printable(str(exc))}"
