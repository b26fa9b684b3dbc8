"""A small pool of threads shared by the encoders, for ONNX Runtime calls on many texts.

ONNX Runtime releases the GIL while a session runs, and one session may run on several
threads at once; so batches spread over a thread per core use every core, with one copy of
the weights, and beat one run on a multi-threaded session (batch-level parallelism has no
per-layer synchronisation). The pool starts on first use; its idle threads cost nothing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MOST_WORKERS = 4

_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def worker_count() -> int:
    """Threads the pool runs: one per core, at most MOST_WORKERS."""
    return max(1, min(MOST_WORKERS, os.cpu_count() or 1))


def map_in_parallel(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """`[function(item) for item in items]`, spread over the pool; results in input order.

    `function` must not itself call `map_in_parallel` (the pool could wait on itself).
    """
    if len(items) < 2 or worker_count() == 1:
        return [function(item) for item in items]
    return list(_executor().map(function, items))


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(worker_count(), thread_name_prefix="wordstack-encode")
        return _pool
