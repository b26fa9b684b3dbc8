"""Local high-score table in SQLite; a corrupt database is moved aside, never overwritten."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from game import paths
from game.modes import ARCADE
from game.storage import set_aside

SCORES_FILE = "scores.sqlite3"
MAX_NAME_CHARS = 16
AI_MODE = ARCADE.ai_score_table  # kept for old imports; tables are named in game.modes

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
    """The high-score table in one SQLite file; every write is one transaction."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / SCORES_FILE
        self.notice: str | None = None  # set when a corrupt file had to be moved aside
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._check_or_set_aside()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute(_SCHEMA)
        return connection

    def _check_or_set_aside(self) -> None:
        if not self.path.exists():
            return
        try:
            connection = self._connect()
            try:
                (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
                connection.execute("SELECT name, score FROM scores LIMIT 1").fetchall()
            finally:
                connection.close()
            if verdict == "ok":
                return
        except sqlite3.DatabaseError:
            pass
        aside = set_aside(self.path)
        self.notice = (
            f"The score file was damaged; it was kept as {aside.name} and a new one begun."
        )

    def add(self, entry: ScoreEntry) -> SavedScore:
        """Save a finished game; returns its row id and its place in the table (1 = best)."""
        played_at = entry.played_at or time.time()
        connection = self._connect()
        try:
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
        finally:
            connection.close()
        return SavedScore(int(cursor.lastrowid or 0), int(better) + 1)

    def rename(self, row_id: int, name: str) -> None:
        """Put a player's name on a saved game (the score itself never changes)."""
        connection = self._connect()
        try:
            with connection:
                connection.execute(
                    "UPDATE scores SET name = ? WHERE id = ?", (clean_name(name), row_id)
                )
        finally:
            connection.close()

    def top(self, limit: int = 10, mode: str = "arcade") -> list[ScoreEntry]:
        """The best games of a mode, best first (earlier games first on equal scores)."""
        connection = self._connect()
        try:
            rows = connection.execute(
                "SELECT name, score, mode, pack, seed, clues, best_clue, average_rank, played_at "
                "FROM scores WHERE mode = ? ORDER BY score DESC, played_at ASC LIMIT ?",
                (mode, limit),
            ).fetchall()
        finally:
            connection.close()
        return [ScoreEntry(*row) for row in rows]

    def qualifies(self, score: int, limit: int = 10, mode: str = "arcade") -> bool:
        """True when `score` would enter the top `limit`."""
        best = self.top(limit, mode)
        return score > 0 and (len(best) < limit or score > best[-1].score)
