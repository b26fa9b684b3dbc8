"""Safe file handling: atomic writes, and damaged files kept aside instead of overwritten."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

# `.NAME.PID.tmp`: the temporary file of an atomic write, named after the writing process.
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp$")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one.

    Raises OSError when the write fails (full disk, read-only folder); the temporary file is
    removed then, and the old file is untouched.
    """
    with atomic_writer(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through, in place only when the block ends normally.

    Like `atomic_write_bytes`, for data written in pieces (never all in memory at once).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def build_folder(folder: Path, build: Callable[[Path], bool]) -> bool:
    """Make `folder` whole or not at all: built in a temporary folder beside it, renamed.

    `build(temporary)` writes the files and returns True to keep them (False: they are
    dropped). A build cut off by a crash leaves only a temporary folder, swept at the next
    call. If another process put `folder` in place meanwhile, theirs stays. Returns True
    when `folder` holds a finished build; whatever `build` raises goes to the caller.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder.parent, folders=True)  # builds that were cut off
    temporary = folder.parent / f".{folder.name}.{os.getpid()}.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        if not build(temporary):
            return False
        with contextlib.suppress(OSError):  # another process built it first: as good
            os.replace(temporary, folder)
        return True
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def remove_stale_temporaries(folder: Path, *, folders: bool = False) -> int:
    """Delete temporary files left by atomic writes of processes that no longer run.

    A process killed in the middle of a write (kill -9, power cut) leaves its `.tmp` file;
    the next start calls this. With `folders=True`, temporary folders (an export being
    built) go too, and files are left alone. Returns how many were removed; never raises.
    """
    removed = 0
    try:
        names = [
            entry.name
            for entry in os.scandir(folder)
            if (entry.is_dir(follow_symlinks=False) if folders else entry.is_file())
        ]
    except OSError:
        return 0
    for name in names:
        match = _TEMPORARY.match(name)
        if match is None or _process_is_running(int(match.group(1))):
            continue
        try:
            if folders:
                shutil.rmtree(folder / name)
            else:
                (folder / name).unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _process_is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # it runs, as another user
    except (OverflowError, OSError):  # ProcessLookupError: no such process
        return False
    return True


def set_aside(path: Path, *, folder: bool = False) -> Path:
    """Rename a damaged file to `<name>.corrupt-<time>` beside it and return the new path.

    Only regular files are moved, or with `folder=True` a folder of our own (an exported
    model): anything else raises IsADirectoryError or OSError, since it is not ours.
    """
    if path.is_dir() and not folder:
        raise IsADirectoryError(f"{path} is a folder, not a file")
    if not (path.is_file() or (folder and path.is_dir())):
        raise OSError(f"{path} is not a regular file")
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{counter}")
    os.replace(path, aside)
    return aside
