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


class StorageError(WordstackError):
    """A data file cannot be used: busy, read-only, a folder, or its folder is missing."""


class ChallengeError(WordstackError):
    """A challenge code is malformed or mistyped, or its game cannot be set up here."""


class ResultError(WordstackError):
    """A result file is unreadable, malformed or fails verification; `reason` says why."""

    def __init__(self, reason: str, path: Path | str | None = None) -> None:
        self.reason = reason
        self.path = None if path is None else Path(path)
        super().__init__(f"{self.path}: {reason}" if self.path is not None else reason)


class UnknownMethodError(WordstackError, ValueError):
    """A ranking method name that `game.engine.methods.METHODS` does not know."""


class MethodUnavailableError(WordstackError, ValueError):
    """A ranking method this engine cannot serve (it needs another transformer)."""


class HostError(WordstackError):
    """The classroom host cannot start, resume or accept a request; `reason` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
