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
