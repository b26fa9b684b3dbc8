"""Simulated players for the balance benchmarks: clues as table lookups, not model calls.

`CosineTable` holds the cosine of every clue-vocabulary word with every pack word,
computed once through the engine's vectors (one matrix product), and each pack word's
refused candidates (`ClueVocabulary.refused_by`, the game's own clue check). A ranking
is then a lookup, and so are the AI's candidate scores: `spymaster_clue` runs
`game.cluegen`'s own steps (`ClueVocabulary.without_variants`,
`CandidateScores.distribution`, one `Generator.choice`) on them, so it picks the clue
`game.cluegen.generate_clue` picks for the same state and random generator (the table's
cosines may differ from the generator's own product by float32 rounding, about 1e-7;
tests/test_bench_balance.py checks the choices agree). Two steps are done faster here,
with the same result: the merging of inflection variants uses Python sets
(`without_variants`), and at T = 0, whose distribution is all on the best candidate,
the draw only advances the generator as `Generator.choice` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from game.cluegen import (
    DEFAULT_PRIOR_WEIGHT,
    DEFAULT_WEIGHT,
    GREEDY_TEMPERATURE,
    VARIANT_WINDOW,
    CandidateScores,
    ClueVocabulary,
)

if TYPE_CHECKING:
    from game.engine import SimilarityEngine


class CosineTable:
    """Cosines of every vocabulary word with every pack word, and the clue check per word."""

    def __init__(
        self, engine: SimilarityEngine, vocabulary: ClueVocabulary, pack_words: Sequence[str]
    ) -> None:
        self.vocabulary = vocabulary
        clue_matrix = vocabulary.embeddings(engine)
        pack_matrix = np.asarray(engine.embed_pack(list(pack_words)), dtype=np.float32)
        # Row i: the cosine of pack word i with every candidate clue (unit vectors).
        self.by_word = np.ascontiguousarray(pack_matrix @ clue_matrix.T)
        self.word_row = {word: i for i, word in enumerate(pack_words)}
        self.clue_column = {word: i for i, word in enumerate(vocabulary.words)}
        self._refused = [vocabulary.refused_by(word) for word in pack_words]
        self._variants = [tuple(vocabulary.variants(i)) for i in range(len(vocabulary))]

    def scores(self, clue: str, words: Sequence[str]) -> tuple[float, ...]:
        """Cosine of a vocabulary clue with each stack word, in stack order."""
        column = self.clue_column[clue]
        return tuple(float(self.by_word[self.word_row[w], column]) for w in words)

    def legal_mask(self, words: Sequence[str]) -> np.ndarray:
        """True for every candidate that is a legal clue for all of `words`."""
        legal = np.ones(len(self.clue_column), dtype=bool)
        for word in words:
            legal[self._refused[self.word_row[word]]] = False
        return legal

    def random_clue(self, words: Sequence[str], rng: np.random.Generator) -> str:
        """A legal clue drawn uniformly from the vocabulary, blind to the target."""
        legal = np.flatnonzero(self.legal_mask(words))
        return self.vocabulary.words[int(rng.choice(legal))]

    def spymaster_clue(
        self, target: str, words: Sequence[str], temperature: float, rng: np.random.Generator
    ) -> str:
        """The clue `generate_clue(engine, target, words, temperature, rng=rng)` samples.

        `words` are pack words without repeats, as a game's stack holds them.
        """
        vocabulary = self.vocabulary
        rows = [target, *(w for w in words if w != target)]
        cosines = self.by_word[[self.word_row[w] for w in rows]]
        # score_candidates, step by step: closeness to the target, minus the weighted
        # closeness to the nearest other stack word, plus the frequency prior.
        score = cosines[0].astype(np.float64)
        if len(rows) > 1:
            score -= DEFAULT_WEIGHT * cosines[1:].max(axis=0)
        score += DEFAULT_PRIOR_WEIGHT * vocabulary.prior
        legal = np.flatnonzero(self.legal_mask(rows))
        if temperature <= GREEDY_TEMPERATURE:
            # All the mass on the best legal candidate; choice() draws one double all the same.
            rng.random()
            return vocabulary.words[int(legal[np.argmax(score[legal])])]
        order = self.without_variants(legal[np.argsort(-score[legal], kind="stable")])
        scored = CandidateScores(target, tuple(rows), vocabulary.words, order, score[order])
        p = scored.distribution(temperature)
        return scored.word(int(rng.choice(p.size, p=p)))

    def without_variants(self, order: np.ndarray, window: int = VARIANT_WINDOW) -> np.ndarray:
        """`ClueVocabulary.without_variants(order, window)`, with Python sets (faster)."""
        blocked: set[int] = set()
        kept: list[int] = []
        for i in order[:window].tolist():
            if i not in blocked:
                kept.append(i)
                blocked.update(self._variants[i])
        mask = np.zeros(len(self._variants), dtype=bool)
        mask[list(blocked)] = True
        tail = order[window:]
        return np.concatenate([np.array(kept, dtype=order.dtype), tail[~mask[tail]]])


def aimed_clues(pack: str = "default") -> dict[str, str]:
    """For every word of a pack, the legal clue-vocabulary word closest to it (cosine).

    What a simulated student who aims types for a target: legal whatever else is on the
    stack most of the time (the caller checks it against the stack).
    """
    from game.cluegen import default_vocabulary
    from game.engine import shared_engine
    from game.words import load_pack

    engine = shared_engine()
    engine.load()
    words = [word for word, _ in load_pack(pack).entries()]
    table = CosineTable(engine, default_vocabulary(), words)
    aimed = {}
    for word in words:
        row = table.by_word[table.word_row[word]].copy()
        row[~table.legal_mask([word])] = -np.inf
        aimed[word] = table.vocabulary.words[int(np.argmax(row))]
    return aimed
