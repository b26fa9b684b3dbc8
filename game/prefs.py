"""The player's preferences (zone size, sound, text size, pack, name), kept as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from game import paths
from game.storage import atomic_write_bytes, set_aside

PREFS_FILE = "settings.json"
TEXT_SIZES = {"small": 0.85, "medium": 1.0, "large": 1.2}


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


def prefs_path() -> Path:
    """Where the preferences file lives."""
    return paths.data_dir() / PREFS_FILE


def load_preferences(path: Path | None = None) -> tuple[Preferences, str | None]:
    """Read the preferences; returns defaults and a notice when the file was damaged."""
    path = path or prefs_path()
    if not path.exists():
        return Preferences(), None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(Preferences)}
        prefs = replace(Preferences(), **{k: v for k, v in raw.items() if k in known})
        if not (1 <= int(prefs.zone_size) <= 6) or prefs.text_size not in TEXT_SIZES:
            raise ValueError("value out of range")
        return prefs, None
    except (ValueError, TypeError, AttributeError, OSError) as exc:
        aside = set_aside(path)
        return Preferences(), f"Settings file was unreadable ({exc}); kept as {aside.name}."


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    """Write the preferences atomically."""
    text = json.dumps(asdict(prefs), indent=2, sort_keys=True)
    atomic_write_bytes(path or prefs_path(), text.encode("utf-8"))
