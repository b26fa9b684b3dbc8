"""The encoders' thread pool, and the pool-free temporary sweeps it relies on."""

from __future__ import annotations

import threading

import pytest

from game.engine.parallel import map_in_parallel, worker_count
from game.storage import remove_stale_temporaries


def test_results_come_back_in_input_order():
    assert map_in_parallel(lambda n: n * n, list(range(50))) == [n * n for n in range(50)]
    assert map_in_parallel(str, []) == []


def test_work_spreads_over_threads_when_there_are_cores():
    names = set()

    def record(_: int) -> None:
        names.add(threading.current_thread().name)
        threading.Event().wait(0.01)  # long enough for the other workers to take items

    map_in_parallel(record, list(range(20)))
    assert len(names) == min(worker_count(), 20)


def test_an_error_in_one_item_reaches_the_caller():
    def fail_on_three(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    with pytest.raises(ValueError, match="three"):
        map_in_parallel(fail_on_three, list(range(8)))


def test_dead_processes_temporary_folders_go_and_files_stay(tmp_path):
    dead_folder = tmp_path / ".abc.999999999.tmp"
    dead_folder.mkdir()
    (dead_folder / "part").write_bytes(b"x")
    dead_file = tmp_path / ".pack.npz.999999999.tmp"
    dead_file.write_bytes(b"x")
    kept = tmp_path / "ordinary"
    kept.mkdir()
    assert remove_stale_temporaries(tmp_path, folders=True) == 1
    assert not dead_folder.exists() and dead_file.exists() and kept.exists()
    assert remove_stale_temporaries(tmp_path) == 1
    assert not dead_file.exists()
