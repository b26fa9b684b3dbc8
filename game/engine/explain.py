"""Why a clue ranked a stack as it did: the lecture's chain on one clue and one stack.

tokens (what the transformer read) -> the clue's vector -> a 2-D map of clue and words
-> each word's score split into the method's parts (they add up to the score) -> the
vocabulary words nearest to the clue -> one plain sentence of what decided the ranking.
numpy only; the scores come from the engine's one path (`score_parts` sums to `scores`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from game.engine.methods import GLOVE, TRANSFORMER, USE
from game.engine.scoring import score_rows
from game.similarity import rank_order

NEAREST = 8

# How a player would name each part of a score, and where its knowledge comes from.
PART_NAMES = {
    TRANSFORMER: "the transformer",
    GLOVE: "GloVe",
    USE: "the Universal Sentence Encoder",
}
PART_ORIGINS = {
    TRANSFORMER: "which reads your clue as a whole, in context",
    GLOVE: "counted from text where words appear together",
    USE: "trained on sentences that mean the same",
}


class ExplainingEngine(Protocol):
    """What `explain` needs of an engine (`SimilarityEngine` has it)."""

    @property
    def method(self) -> Any: ...

    def scores(self, clue: str, words: Sequence[str]) -> np.ndarray: ...

    def score_parts(self, clue: str, words: Sequence[str]) -> dict[str, np.ndarray]: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def tokens(self, text: str) -> list[tuple[str, int]]: ...

    def model_vector(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class WordWhy:
    """One stack word: its score, its rank (1 = best) and the parts that add up to it."""

    word: str
    score: float
    rank: int
    parts: dict[str, float]
    target: bool = False


@dataclass(frozen=True)
class MapPoint:
    """A text placed on the 2-D map (the first two principal components)."""

    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Explanation:
    """Everything the Why? screen and `wordstack explain` show for one clue and stack."""

    clue: str
    method: str
    model_text: str  # the clue as the transformer read it (in the method's template)
    tokens: tuple[tuple[str, int], ...]  # (piece, id) in the model's vocabulary
    vector: np.ndarray  # the transformer's vector of the clue (unit length)
    weights: dict[str, float]  # each part's share of the score (they sum to 1)
    words: tuple[WordWhy, ...]  # best first
    points: tuple[MapPoint, ...]  # the clue first, then the words in stack order
    nearest: tuple[tuple[str, float], ...]  # vocabulary words nearest to the clue
    sentence: str

    def to_json(self) -> dict[str, Any]:
        """Plain data for `--json` and the host's page."""
        return {
            "clue": self.clue,
            "method": self.method,
            "model_text": self.model_text,
            "tokens": [{"piece": piece, "id": token} for piece, token in self.tokens],
            "vector": [round(float(v), 5) for v in self.vector],
            "weights": {name: round(share, 6) for name, share in self.weights.items()},
            "words": [
                {
                    "word": w.word,
                    "score": w.score,
                    "rank": w.rank,
                    "target": w.target,
                    "parts": w.parts,
                }
                for w in self.words
            ],
            "map": [{"text": p.text, "x": p.x, "y": p.y} for p in self.points],
            "nearest": [{"word": word, "score": score} for word, score in self.nearest],
            "sentence": self.sentence,
        }


def explain(
    engine: ExplainingEngine,
    clue: str,
    words: Sequence[str],
    *,
    target: str | None = None,
    vocabulary: Sequence[str] = (),
    vocabulary_vectors: np.ndarray | None = None,
    nearest: int = NEAREST,
) -> Explanation:
    """Explain how `engine` ranks `words` for `clue` (`target`, if given, is marked).

    `vocabulary` with its method vectors (`vocabulary_vectors`, e.g. the clue generator's)
    gives the words nearest to the clue; without it, `nearest` is empty.
    """
    words = list(words)
    if not words:
        raise ValueError("explain needs at least one stack word")
    scores = engine.scores(clue, words)
    parts = engine.score_parts(clue, words)
    order = rank_order(scores)
    ranks = np.empty(len(words), dtype=int)
    ranks[order] = np.arange(1, len(words) + 1)
    method = engine.method
    total = sum(part.weight for part in method.components)
    weights = {part.encoder: part.weight / total for part in method.components}
    whys = tuple(
        WordWhy(
            words[i],
            float(scores[i]),
            int(ranks[i]),
            {name: float(values[i]) for name, values in parts.items()},
            target is not None and words[i] == target,
        )
        for i in order
    )
    vectors = engine.embed([clue, *words])
    return Explanation(
        clue=clue,
        method=method.name,
        model_text=method.model_texts([clue])[0],
        tokens=tuple(engine.tokens(clue)),
        vector=engine.model_vector(clue),
        weights=weights,
        words=whys,
        points=project([clue, *words], vectors),
        nearest=_nearest(engine, clue, vocabulary, vocabulary_vectors, nearest),
        sentence=deciding_sentence(whys, parts_order=list(weights)),
    )


def project(texts: Sequence[str], vectors: np.ndarray) -> tuple[MapPoint, ...]:
    """The texts on the plane of their two principal components (numpy SVD).

    Signs are fixed so the first text lies at x >= 0, y >= 0: the same input gives the
    same picture. Distances on the map only approximate the scores (it drops dimensions).
    """
    data = np.asarray(vectors, dtype=np.float64)
    centred = data - data.mean(axis=0)
    if len(texts) < 2 or not np.any(centred):
        return tuple(MapPoint(text, 0.0, 0.0) for text in texts)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    plane = centred @ axes[:2].T
    if plane.shape[1] < 2:
        plane = np.hstack([plane, np.zeros((len(texts), 1))])
    plane *= np.where(plane[0] < 0, -1.0, 1.0)
    scale = float(np.abs(plane).max()) or 1.0
    return tuple(
        MapPoint(text, float(x / scale), float(y / scale))
        for text, (x, y) in zip(texts, plane, strict=True)
    )


def _nearest(
    engine: ExplainingEngine,
    clue: str,
    vocabulary: Sequence[str],
    vectors: np.ndarray | None,
    count: int,
) -> tuple[tuple[str, float], ...]:
    if vectors is None or not len(vocabulary) or count <= 0:
        return ()
    from game.clues import validate_clue

    row = score_rows(engine.embed([clue]), vectors)[0]
    # Only the best few need the tie rule's order: pick them first (the clue and its forms
    # are among them at most a handful of times).
    best = np.argpartition(-row, min(len(row) - 1, 4 * count))[: 4 * count]
    found: list[tuple[str, float]] = []
    for index in best[rank_order(row[best])]:
        word = vocabulary[int(index)]
        if validate_clue(word, [clue, *clue.split()]).ok:  # not the clue nor a form of it
            found.append((word, float(row[index])))
            if len(found) == count:
                break
    return tuple(found)


def deciding_sentence(words: Sequence[WordWhy], parts_order: Sequence[str]) -> str:
    """One plain sentence of what put the best word first (and where the target fell).

    A part "decided" when the ranking without it would put another word first.
    """
    best = words[0]
    if len(parts_order) == 1:
        lead = (
            f"Only the transformer scores with this method: *{best.word}* is the word whose "
            "vector points closest to your clue's"
        )
    else:
        deciders = []
        for name in parts_order:
            without = [w.score - w.parts[name] for w in words]
            first = max(range(len(words)), key=lambda i: (without[i], -i))
            if first != 0:
                deciders.append((without[0] - without[first], name, words[first].word))
        if deciders:
            _, name, other = min(deciders)  # the part without which the lead is lost most
            lead = (
                f"{_capital(PART_NAMES[name])}, {PART_ORIGINS[name]}, pulled *{best.word}* "
                f"above *{other}*"
            )
        else:
            lead = (
                f"Every part of the score put *{best.word}* first, {PART_NAMES[TRANSFORMER]} "
                "included"
            )
    target = next((w for w in words if w.target), None)
    if target is None or target is best:
        return lead + "."
    gap = {name: best.parts[name] - target.parts[name] for name in parts_order}
    behind = max(gap, key=lambda name: gap[name])
    return (
        f"{lead}; your target *{target.word}* ranked {target.rank}, "
        f"behind mostly on {PART_NAMES[behind]}."
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
