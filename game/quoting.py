"""Text from files and the command line made safe to print: escaped and cut short."""

from __future__ import annotations

QUOTE_LIMIT = 60  # characters of user input quoted in a message


def printable(text: str) -> str:
    """`text` with control characters, escape sequences and undecodable bytes escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` in quotes for a message, escaped, and cut to `limit` characters with '…'."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"
