"""Wordstack: a word-association stacking game and its similarity engine.

The public API for programs that only want the engine::

    from game import SimilarityEngine
    engine = SimilarityEngine()
    engine.rank("fruit", ["car", "banana", "piano"])
"""

from game.clues import ClueCheck, validate_clue
from game.engine import RankedWord, SimilarityEngine
from game.errors import ModelUnavailableError, PackError, WordstackError
from game.words import WordPack, bundled_packs, load_pack

__all__ = [
    "ClueCheck",
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
