"""Layering: the engine, clue generator and rules never import pygame."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "game",
        "game.engine",
        "game.clues",
        "game.words",
        "game.rules",
        "game.cluegen",
        "game.ranking",
        "game.static_vectors",
        "game.method_parts",
    ],
)
def test_module_does_not_import_pygame(module):
    code = (
        "import importlib, importlib.util, sys\n"
        f"if importlib.util.find_spec({module!r}) is None: sys.exit(3)\n"
        f"importlib.import_module({module!r})\n"
        "sys.exit(1 if 'pygame' in sys.modules else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if result.returncode == 3:
        pytest.skip(f"{module} does not exist yet")
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
