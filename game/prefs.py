"""The player's preferences (zone size, sound, text size, pack, name), kept as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from game import paths
from game.quoting import printable
from game.storage import atomic_write_bytes, set_aside

PREFS_FILE = "settings.json"
TEXT_SIZES = {"small": 0.85, "medium": 1.0, "large": 1.2}
ZONE_SIZES = range(1, 7)
MAX_PREFS_BYTES = 64 * 1024  # a settings file is a few hundred bytes; more is not ours
MAX_PACK_CHARS = 1024
MAX_PLAYER_NAME_CHARS = 64


@dataclass(frozen=True)
class Preferences:
    """Settings chosen on the title and settings screens."""

    zone_size: int = 4
    sound: bool = True
    text_size: str = "medium"
    pack: str = "default"
    player_name: str = ""

    @property
    def text_scale(self) -> float:
        """Multiplier for every font size."""
        return TEXT_SIZES.get(self.text_size, 1.0)


def _is_text(value: Any, limit: int, empty_ok: bool) -> bool:
    return (
        isinstance(value, str)
        and (empty_ok or bool(value.strip()))
        and len(value) <= limit
        and value.isprintable()
    )


# One check per field: JSON gives any type, and only the right ones may reach the game.
_VALID: dict[str, Callable[[Any], bool]] = {
    "zone_size": lambda v: type(v) is int and v in ZONE_SIZES,
    "sound": lambda v: type(v) is bool,
    "text_size": lambda v: isinstance(v, str) and v in TEXT_SIZES,
    "pack": lambda v: _is_text(v, MAX_PACK_CHARS, empty_ok=False),
    "player_name": lambda v: _is_text(v, MAX_PLAYER_NAME_CHARS, empty_ok=True),
}
assert set(_VALID) == {f.name for f in fields(Preferences)}


def prefs_path() -> Path:
    """Where the preferences file lives."""
    return paths.data_dir() / PREFS_FILE


def preferences_from(raw: Any) -> tuple[Preferences, list[str]]:
    """Preferences from decoded JSON: the valid fields kept, and the names of the bad ones."""
    if not isinstance(raw, dict):
        return Preferences(), ["the file is not a JSON object"]
    good = {name: raw[name] for name, valid in _VALID.items() if name in raw and valid(raw[name])}
    bad = [name for name in _VALID if name in raw and name not in good]
    return Preferences(**good), bad


def load_preferences(path: Path | None = None) -> tuple[Preferences, str | None]:
    """Read the preferences; never raises.

    Returns the preferences and a notice for the player when the file could not be used.
    Valid fields of a damaged file are kept; the file itself is set aside, never rewritten.
    """
    path = path or prefs_path()
    try:
        if path.is_dir():
            return Preferences(), f"{_shown(path)} is a folder, not a settings file; defaults used."
        if not path.exists():
            return Preferences(), None
        if path.stat().st_size > MAX_PREFS_BYTES:
            return _set_aside(path, Preferences(), "it is too large to be a settings file")
        data = path.read_bytes()
    except OSError as exc:
        reason = printable(exc.strerror or str(exc))
        notice = f"Cannot read the settings file {_shown(path)} ({reason}); defaults used."
        return Preferences(), notice
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _set_aside(path, Preferences(), "it is not valid JSON")
    prefs, bad = preferences_from(raw)
    if bad:
        return _set_aside(path, prefs, "bad values: " + ", ".join(bad))
    return prefs, None


def _set_aside(path: Path, prefs: Preferences, reason: str) -> tuple[Preferences, str]:
    try:
        aside = set_aside(path)
    except OSError as exc:
        return prefs, (
            f"The settings file {_shown(path)} is damaged ({reason}) and could not be kept "
            f"aside ({printable(exc.strerror or str(exc))}); defaults used where needed."
        )
    return prefs, (
        f"The settings file was damaged ({reason}); it was kept as {_shown(aside.name)} and "
        "defaults used where needed."
    )


def _shown(path: Path | str) -> str:
    return printable(str(path))


def save_preferences(prefs: Preferences, path: Path | None = None) -> str | None:
    """Write the preferences atomically; returns a warning instead of raising when it fails.

    A full disk or a read-only folder must not stop a game: the settings stay in effect
    for this session and the warning says they were not saved.
    """
    path = path or prefs_path()
    text = json.dumps(asdict(prefs), indent=2, sort_keys=True)
    try:
        atomic_write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        reason = printable(exc.strerror or str(exc))
        return f"Settings not saved ({reason}): {_shown(path)}; they apply until you quit."
    return None
