"""What the `wordstack` command changes in its own process, in one place.

The engine changes nothing in the process of a program that imports it. The game is a
program of its own and opts into these settings here; another program may call them too.
"""

from __future__ import annotations

import gc
import os
import sys

# The model threads need the GIL back between their many small calls; with Python's
# default 5 ms switch interval a busy frame loop made one clue take ~0.5 s instead of
# ~10 ms (measured with a busy thread). 0.5 ms hands it back quickly at no visible cost.
GIL_SWITCH_SECONDS = 0.0005

_tuned = False


def tune_process() -> None:
    """Settings for the whole `wordstack` process; call once, before anything loads."""
    global _tuned
    # Nothing is downloaded from a model hub, and the libraries' own progress bars and
    # notices stay hidden: the game shows its own progress. (Only when the user has not
    # set them.)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    _tuned = True


def after_model_load() -> None:
    """In a tuned process, freeze the objects that loading made out of the collector's way.

    Loading torch and a model makes ~400k long-lived objects; a full garbage collection
    scanning them stalls a clue, or a game frame, for ~200 ms now and then. Freezing them
    keeps collections short (the lever Python provides).
    """
    if _tuned:
        gc.freeze()


def after_background_work() -> None:
    """In a tuned process, give the memory that start-up work freed back to the system.

    glibc keeps freed small blocks for reuse, so the temporaries of encoding and checking
    a vocabulary (tens of MB, scattered among long-lived objects) would stay counted
    against the game for good; `malloc_trim` returns the free pages. The pages of the
    mapped encoder weights that the vocabulary read (about 100 MB on a first run) are let
    go too: a clue reads a few rows again from the file. Elsewhere: nothing.
    """
    if not _tuned or not sys.platform.startswith("linux"):
        return
    from game import paths
    from game.engine.onnx_files import release_mapped_pages

    release_mapped_pages(paths.cache_dir())
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl, for one): nothing to do
        pass


def exit_now(status: int) -> None:
    """End the process at once with `status`, background threads or not.

    Background work (pack and vocabulary embeddings, the ONNX export) writes its files
    atomically, so work cut off here is simply redone at the next start.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
