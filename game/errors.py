"""The one exception hierarchy of Wordstack."""

from __future__ import annotations

from pathlib import Path


class WordstackError(Exception):
    """Base class of every error Wordstack raises on purpose."""


class ModelUnavailableError(WordstackError):
    """The sentence-transformers model or one of its packages cannot be loaded."""


class PackError(WordstackError):
    """A word pack cannot be used; names the file and, when known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


class UnknownMethodError(WordstackError, ValueError):
    """A ranking method name that `game.ranking.METHODS` does not know."""
