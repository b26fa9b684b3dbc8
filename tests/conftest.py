"""Shared fixtures: one real model per test session, and private user folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Set before anything imports pygame or the model: tests run headless and offline.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

TEST_OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(scope="session", autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep caches and scores of the test run out of the user's real folders."""
    os.environ["WORDSTACK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["WORDSTACK_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def engine():
    """The real packaged all-MiniLM-L6-v2 model, loaded once for the whole session."""
    from game.engine import shared_engine

    loaded = shared_engine()
    loaded.load()
    return loaded


@pytest.fixture(scope="session")
def cosine_engine():
    """The same model ranking by plain cosine (the model's own vectors), loaded once."""
    from game.engine import shared_engine

    loaded = shared_engine(None, "cosine")
    loaded.load()
    return loaded


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Folder where UI tests save a PNG of every screen they visit."""
    TEST_OUTPUT.mkdir(exist_ok=True)
    return TEST_OUTPUT
