"""Layering: the engine, clue generator and rules never import pygame."""

import subprocess
import sys

import pytest

PURE_MODULES = [
    "game",
    "game.engine",
    "game.embedding_cache",
    "game.clues",
    "game.words",
    "game.rules",
    "game.rules.blocks",
    "game.modes",
    "game.cluegen",
    "game.prefs",
    "game.scores",
    "game.storage",
    "game.ranking",
    "game.static_vectors",
    "game.method_parts",
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_module_does_not_import_pygame(module):
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "sys.exit(1 if 'pygame' in sys.modules else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    # A module that is missing or fails to import is a failure here, not a skip.
    assert result.returncode == 0, result.stderr or f"{module} imported pygame"


def test_importing_the_engine_does_not_load_torch():
    code = "import sys, game.engine; sys.exit(1 if 'torch' in sys.modules else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or "game.engine imported torch eagerly"


def test_ranking_methods_are_numpy_only():
    code = (
        "import sys, game.ranking, game.static_vectors\n"
        "heavy = {'torch', 'onnxruntime', 'sentence_transformers'} & set(sys.modules)\n"
        "sys.exit(f'imported {sorted(heavy)}' if heavy else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
