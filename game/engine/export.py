"""The first run's export of the fast encoder, done in a child process.

Exporting needs torch and the sentence-transformers model (about 1 GB of memory, 5 s of
imports). In a child process they are gone when it ends, and the game's own process never
imports torch at all: it opens the exported encoder like at any later start.

The child ends by itself when its parent does (its standard input closes), so quitting
the game mid-export leaves nothing running; the export's temporary folder is swept at
the next start (see `transformer_onnx.export`).

Run as `python -m game.engine.export MODEL FOLDER`: exit 0 when exported, 3 when ONNX
Runtime's vectors disagree with the library's, 4 when the model is not of the kind the
fast encoder runs, 5 when the model cannot be loaded, 1 on any other failure (the message
is the last line printed).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXPORTED, FAILED, DISAGREES, UNSUITED, UNAVAILABLE = 0, 1, 3, 4, 5
# Lines of the child's output that carry its progress; everything else is its log.
PROGRESS_PREFIX = "wordstack-export-progress "
# The child's own log (library notices) stays out of the game's console.
QUIET_LIBRARIES = {
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
}


@dataclass(frozen=True)
class ExportOutcome:
    """How an export in a child process ended.

    `status`: "exported", "disagrees", "unsuited" (not a mean-pooling model), "failed",
    "unavailable" (the model, torch or sentence-transformers cannot be loaded), or
    "not-started" (no child could be started: the caller may export in its own process).
    """

    status: str
    message: str = ""


_STATUS_BY_CODE = {
    EXPORTED: "exported",
    DISAGREES: "disagrees",
    UNSUITED: "unsuited",
    UNAVAILABLE: "unavailable",
}


def export_in_child(
    location: str, folder: Path, report: Callable[[float, str], None]
) -> ExportOutcome:
    """Export the model at `location` into `folder` in a child process, relaying progress."""
    import game

    package_root = str(Path(next(iter(game.__path__))).resolve().parent)
    inherited = os.environ.get("PYTHONPATH")
    env = {
        **os.environ,
        **QUIET_LIBRARIES,
        # The child imports this very package, wherever it was imported from.
        "PYTHONPATH": package_root + (os.pathsep + inherited if inherited else ""),
    }
    command = [sys.executable, "-m", "game.engine.export", "--end-with-parent", location]
    command.append(str(folder))
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,  # never written: its closing tells the child to stop
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
        )
    except OSError as exc:  # no usable interpreter (a frozen application, say)
        return ExportOutcome("not-started", str(exc))
    log: deque[str] = deque(maxlen=3)
    with child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(PROGRESS_PREFIX):
                _relay(line[len(PROGRESS_PREFIX) :], report)
            elif line.strip():
                log.append(line.strip())
        code = child.wait()
    status = _STATUS_BY_CODE.get(code, "failed")
    message = "" if status == "exported" else (log[-1] if log else f"exit status {code}")
    return ExportOutcome(status, message)


def _relay(progress: str, report: Callable[[float, str], None]) -> None:
    fraction, _, message = progress.strip().partition(" ")
    try:
        done = float(fraction)
    except ValueError:
        return  # a garbled line: progress is only shown, never relied on
    report(done, message)


def _end_with_parent() -> None:
    """Exit as soon as the parent closes our standard input (it ended, or was killed)."""

    def watch() -> None:
        # The raw descriptor, not sys.stdin: a daemon thread blocked inside a buffered
        # reader makes the interpreter abort at its normal exit.
        with contextlib.suppress(OSError):
            while os.read(0, 1024):
                pass
        os._exit(FAILED)

    threading.Thread(target=watch, name="wordstack-export-parent", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    """Export one model's transformer (the child's side); returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m game.engine.export",
        description="Export a sentence-transformers model to ONNX for Wordstack's engine.",
    )
    parser.add_argument("model", help="model folder, or a name in the local Hugging Face cache")
    parser.add_argument("folder", type=Path, help="cache folder to write the encoder into")
    parser.add_argument(
        "--end-with-parent",
        action="store_true",
        help="exit when standard input closes (how the engine runs it)",
    )
    args = parser.parse_args(argv)
    if args.end_with_parent:
        _end_with_parent()

    def report(fraction: float, message: str) -> None:
        print(f"{PROGRESS_PREFIX}{fraction:.2f} {message}", flush=True)

    from game.engine import transformer_onnx
    from game.engine.transformer_torch import load_library_model, supports_fast_path
    from game.errors import ModelUnavailableError

    try:
        model = load_library_model(args.model, "cpu", report)
    except ModelUnavailableError as exc:
        print(str(exc).replace("\n", " "), flush=True)
        return UNAVAILABLE
    try:
        if not supports_fast_path(model):
            return UNSUITED
        report(0.75, "Preparing the fast encoder (first run only)")
        encoder = transformer_onnx.export(model, args.folder)
    except Exception as exc:  # reported to the parent, which falls back to torch
        print(f"{type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
        return FAILED
    return EXPORTED if encoder is not None else DISAGREES


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    # Every file is written and closed: skip the second or so of torch's own shutdown,
    # which the waiting game would otherwise pay for.
    os._exit(status)
