"""ONNX model files whose weights ONNX Runtime maps from disk instead of copying into memory.

An ONNX file normally carries its weights inline: opening it reads every byte into the
process, and the token-embedding tables (47 MB of all-MiniLM-L6-v2's 90 MB, 62 MB of the
second encoder's 72 MB) stay resident although a clue reads a few rows of them. Written
instead as a small graph plus one side file of page-aligned weights, ONNX Runtime
memory-maps the side file: only the pages a text touches are read, and they are clean file
pages the system can drop and read again. Needs the `onnx` package (to rewrite the graph).
Also: opening such a cached folder, checked, or setting it aside when it fails the check.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from game.storage import set_aside

Opened = TypeVar("Opened")

WEIGHTS_FILE = "weights.bin"
# ONNX Runtime maps external data only at offsets aligned to the system's allocation
# granularity: 4 KB on Linux and macOS, 64 KB on Windows. 64 KB suits all three.
ALIGNMENT = 64 * 1024
# Smaller tensors stay inline: mapping them would save nothing.
SMALLEST_MAPPED = 64 * 1024


def write_mapped_model(source: Path, target: Path) -> int:
    """Rewrite the ONNX model `source` as `target` plus WEIGHTS_FILE next to it.

    Returns how many bytes of weights went to the side file. Padding between tensors is
    left as holes (sparse on most file systems). Raises on any read or write error; the
    caller writes into a temporary folder and renames it when everything is checked.
    """
    import onnx
    from onnx import TensorProto

    model = onnx.load(str(source))
    mapped = 0
    with open(target.parent / WEIGHTS_FILE, "wb") as weights:
        for tensor in model.graph.initializer:
            data = tensor.raw_data
            if len(data) < SMALLEST_MAPPED:
                continue
            offset = -(-weights.tell() // ALIGNMENT) * ALIGNMENT
            weights.seek(offset)
            weights.write(data)
            mapped += len(data)
            tensor.ClearField("raw_data")
            tensor.data_location = TensorProto.EXTERNAL
            del tensor.external_data[:]
            for key, value in (
                ("location", WEIGHTS_FILE),
                ("offset", str(offset)),
                ("length", str(len(data))),
            ):
                entry = tensor.external_data.add()
                entry.key, entry.value = key, value
        weights.flush()
        os.fsync(weights.fileno())
    onnx.save(model, str(target))
    return mapped


def open_or_set_aside(
    folder: Path, open_checked: Callable[[Path], Opened | None], name: str, remedy: str
) -> Opened | None:
    """`open_checked(folder)`, or None (with a warning) after setting the folder aside.

    `open_checked` returns what it opened when its vectors still agree with the reference
    saved beside it, None when they do not, and raises when the files cannot be opened.
    `name` says what the folder holds and `remedy` what happens next, for the warning.
    """
    try:
        opened = open_checked(folder)
        if opened is not None:
            return opened
        problem = "its vectors no longer agree with the reference saved with it"
    except Exception as exc:
        problem = f"it could not be opened ({exc})"
    aside = set_aside(folder, folder=True)
    warnings.warn(f"{name} {folder} set aside as {aside.name}: {problem}; {remedy}.", stacklevel=4)
    return None


# madvise advice: drop the pages from this process (a file page is read again on use).
_MADV_DONTNEED = 4


def release_mapped_pages(root: Path) -> int:
    """Let go of the pages of mapped weight files under `root` this process has read.

    Encoding a whole vocabulary reads most rows of the token tables (about 100 MB), which
    then stay counted in the process's memory although a clue needs a few rows. Only
    mappings the process never wrote to are released: their pages are the file's own, and
    whatever is read next comes back from the file. Returns the bytes released (0 where
    `/proc/self/smaps` or `madvise` is not available: Linux only).
    """
    try:
        regions = _unwritten_mappings(Path("/proc/self/smaps"), root)
        import ctypes

        madvise = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    released = 0
    for start, end, resident in regions:
        if madvise(start, end - start, _MADV_DONTNEED) == 0:
            released += resident
    return released


def _unwritten_mappings(smaps: Path, root: Path) -> list[tuple[int, int, int]]:
    """(start, end, resident bytes) of mappings of WEIGHTS_FILE files under `root` with no
    private (written) pages, read from a `/proc/<pid>/smaps` file."""
    prefix = str(root.resolve()) + os.sep
    ours: list[dict[str, int]] = []  # start, end, and the Rss and Anonymous lines, in bytes
    current: dict[str, int] | None = None
    for line in smaps.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split()
        if not fields:
            continue
        if not fields[0].endswith(":"):  # a mapping's header: "start-end perms ... path"
            path = line.split(maxsplit=5)[5] if len(fields) >= 6 else ""
            current = None
            if path.startswith(prefix) and path.endswith(os.sep + WEIGHTS_FILE):
                start, end = (int(part, 16) for part in fields[0].split("-"))
                current = {"start": start, "end": end}
                ours.append(current)
        elif current is not None and fields[0] in ("Rss:", "Anonymous:"):
            current[fields[0]] = int(fields[1]) * 1024
    # Anonymous pages are private copies of written pages: not the file's, never dropped.
    return [(m["start"], m["end"], m.get("Rss:", 0)) for m in ours if not m.get("Anonymous:")]
