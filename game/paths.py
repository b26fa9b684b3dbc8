"""Where Wordstack keeps its files: user cache and data folders, and bundled assets."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

APP_NAME = "wordstack"
# Run-time assets are package data, so an installed wheel finds them like a source tree.
ASSETS_DIR = Path(str(files("game") / "assets"))


def cache_dir() -> Path:
    """Folder for caches that can be rebuilt (embeddings); `WORDSTACK_CACHE_DIR` overrides."""
    override = os.environ.get("WORDSTACK_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path  # imported here: most callers never need it

    return user_cache_path(APP_NAME)


def data_dir() -> Path:
    """Folder for data that must be kept (scores, results); `WORDSTACK_DATA_DIR` overrides."""
    override = os.environ.get("WORDSTACK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME)
