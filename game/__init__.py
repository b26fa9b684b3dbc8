"""Wordstack: a word-association stacking game and its similarity engine.

The public API for programs that only want the engine::

    from game import SimilarityEngine
    engine = SimilarityEngine()
    engine.rank("fruit", ["car", "banana", "piano"])

The names below are imported on first use, so `import game.rules` or `import game.clues`
does not load the engine (nor numpy or platformdirs).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.clues import ClueCheck, validate_clue
    from game.engine import RankedWord, SimilarityEngine
    from game.errors import (
        MethodUnavailableError,
        ModelUnavailableError,
        PackError,
        WordstackError,
    )
    from game.words import WordPack, bundled_packs, load_pack

# Public name -> the module that defines it.
_EXPORTS = {
    "ClueCheck": "game.clues",
    "validate_clue": "game.clues",
    "RankedWord": "game.engine",
    "SimilarityEngine": "game.engine",
    "MethodUnavailableError": "game.errors",
    "ModelUnavailableError": "game.errors",
    "PackError": "game.errors",
    "WordstackError": "game.errors",
    "WordPack": "game.words",
    "bundled_packs": "game.words",
    "load_pack": "game.words",
}

__all__ = [
    "ClueCheck",
    "MethodUnavailableError",
    "ModelUnavailableError",
    "PackError",
    "RankedWord",
    "SimilarityEngine",
    "WordPack",
    "WordstackError",
    "bundled_packs",
    "load_pack",
    "validate_clue",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'game' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
