"""Pages of the mapped encoder weights that a vocabulary read are let go, losing nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from game.engine.onnx_files import WEIGHTS_FILE, _unwritten_mappings, release_mapped_pages
from game.paths import ASSETS_DIR

SMAPS = """\
7f0000000000-7f0000400000 rw-p 00000000 08:01 11 {root}/onnx/a/weights.bin
Size:               4096 kB
Rss:                1024 kB
Anonymous:             0 kB
VmFlags: rd wr mr mw me ac sd
7f0000400000-7f0000800000 rw-p 00400000 08:01 11 {root}/onnx/a/weights.bin
Size:               4096 kB
Rss:                2048 kB
Anonymous:             8 kB
VmFlags: rd wr mr mw me ac sd
7f0000800000-7f0000900000 r--p 00000000 08:01 12 /elsewhere/weights.bin
Size:               1024 kB
Rss:                1024 kB
Anonymous:             0 kB
7f0000900000-7f0000a00000 rw-p 00000000 00:00 0
Rss:                1024 kB
Anonymous:          1024 kB
7f0000a00000-7f0000b00000 r--p 00000000 08:01 13 {root}/onnx/a/model.onnx
Rss:                  64 kB
Anonymous:             0 kB
"""


def test_only_unwritten_mappings_of_weight_files_under_the_root_are_picked(tmp_path):
    smaps = tmp_path / "smaps"
    smaps.write_text(SMAPS.format(root=tmp_path.resolve()), encoding="utf-8")
    assert _unwritten_mappings(smaps, tmp_path) == [(0x7F0000000000, 0x7F0000400000, 1 << 20)]


def mapped_resident_bytes(root: Path) -> int:
    return sum(resident for _, _, resident in _unwritten_mappings(Path("/proc/self/smaps"), root))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")
def test_released_pages_come_back_from_the_file_unchanged(cosine_engine):
    encoder = cosine_engine._transformer.onnx
    assert encoder is not None
    root = encoder.folder.parent.parent  # the cache folder
    words = (ASSETS_DIR / "clue_vocab.txt").read_text(encoding="utf-8").split()[:3000]
    before = encoder.encode(words)  # reads rows all over the token table
    resident = mapped_resident_bytes(root)
    assert resident > 10 * 2**20
    assert release_mapped_pages(root) >= resident
    assert mapped_resident_bytes(root) < resident / 4
    assert np.array_equal(encoder.encode(words), before)
    assert (encoder.folder / WEIGHTS_FILE).is_file()
