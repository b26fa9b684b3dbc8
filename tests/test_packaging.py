"""Everything the game reads at run time ships inside the package (.ci/wheel-smoke builds
and installs the real wheel; these are the quick checks)."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

import game
from game.paths import ASSETS_DIR

PACKAGE = Path(game.__file__).resolve().parent
ROOT = PACKAGE.parent


def test_assets_live_inside_the_package():
    assert ASSETS_DIR.resolve().parent == PACKAGE
    assert (ASSETS_DIR / "words" / "default.txt").is_file()
    assert (ASSETS_DIR / "clue_vocab.txt").is_file()


def test_every_asset_is_declared_as_package_data():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["game"]
    assets = [p.relative_to(PACKAGE).as_posix() for p in ASSETS_DIR.rglob("*") if p.is_file()]
    assert assets
    undeclared = [a for a in assets if not any(fnmatch.fnmatch(a, p) for p in patterns)]
    assert not undeclared


def test_no_module_reads_files_relative_to_the_source_tree():
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "__file__" in path.read_text(encoding="utf-8")
    ]
    assert not offenders
