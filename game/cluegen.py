"""Clue generation by temperature sampling: how a language model picks its next word.

The generator plays the spymaster. For a target word on a stack it scores every word of
a candidate vocabulary (`game/assets/clue_vocab.txt`), turns the scores into a probability
distribution, and samples a clue from it with a temperature, exactly as a language model
samples its next token (the lecture's `sample_token(probabilities, temperature)`):

1. score   = cos(clue, target) - weight * max cos(clue, other stack word)
             (+ prior_weight * prior, a small bonus for common words)
2. p       = softmax(score / SCORE_SCALE)          the model's own distribution
3. p_T     = exp(log(p) / T), normalized           the temperature (T -> 0 is argmax)
4. p_T     = optional top-k / top-p cut, renormalized
5. clue    ~ p_T                                   one draw from a seeded numpy Generator

"Candidates" are all the words of the vocabulary that are legal clues for the stack: a
word is legal iff `validate_clue(word, stack).ok`, the same check the game applies to the
player, so the generator never suggests a clue the game would refuse. Illegal words get
probability zero; `clue_distribution` lists every legal candidate.

numpy and the engine only: importing this module never imports pygame or torch.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from game.clues import base_forms, fold_text, normalize_text, validate_clue, word_roots
from game.engine.scoring import score_rows
from game.paths import ASSETS_DIR
from game.tie_rule import TIE_DECIMALS

if TYPE_CHECKING:
    from game.engine import SimilarityEngine

__all__ = [
    "DEFAULT_PRIOR_WEIGHT",
    "DEFAULT_TEMPERATURE",
    "DEFAULT_WEIGHT",
    "SCORE_SCALE",
    "CandidateScores",
    "ClueVocabulary",
    "GeneratedClue",
    "apply_min_p",
    "apply_temperature",
    "apply_top_k",
    "apply_top_p",
    "clue_distribution",
    "default_vocabulary",
    "entropy",
    "generate_clue",
    "sample_index",
    "score_candidates",
    "target_ranks",
]

VOCAB_FILE = ASSETS_DIR / "clue_vocab.txt"

# Cosine scores live in [-1, 1] and good clues differ by a few hundredths, so the scores
# are divided by SCORE_SCALE to become logits: two clues whose scores differ by 0.05 have
# probabilities in the ratio e : 1 at T = 1. Only scale * T matters, so the scale decides
# where on the slider things happen. With 0.05 (bench/cluegen.py, 200 random stacks) the
# AI clears its target with 100% of clues at T = 0.3, 85% at T = 1 and 53% at T = 3,
# close to the 40% of a random clue: the slider from 0 to 3 spans greedy to nearly random.
# (0.03 would still clear 89% at T = 1.5; 0.08 only 67% at T = 1.)
SCORE_SCALE = 0.05
# Weight of the penalty for being close to another stack word (spymaster style). 0 ignores
# the other words; 1 weighs "not that one" as much as "this one". Measured on 200 hard
# stacks (4 other words are the target's nearest neighbours), the T = 0 clue ranks the
# target 1st for 62.5% of stacks at weight 0, 94.5% at 0.5 and 100% at 0.75; but the
# greedy clue is a word people gave for the target (USF) 32.5% of the time at weight 0,
# 26.5% at 0.5 and 24% at 0.75. 0.5 balances a winning clue with a human-like one.
DEFAULT_WEIGHT = 0.5
# Weight of the frequency prior (a value in [0, 1], 1 for the most common word), in cosine
# units: at most a 0.02 bonus, a tie-breaker towards words people know. Success rates and
# the USF check did not move measurably between 0, 0.02 and 0.05.
DEFAULT_PRIOR_WEIGHT = 0.02
DEFAULT_TEMPERATURE = 0.7
# At or below this temperature sampling is argmax: exp(log(p) / T) would overflow.
GREEDY_TEMPERATURE = 1e-6
ALTERNATIVES = 10
# Inflection variants ("seas" beside "sea") are merged among this many best candidates.
VARIANT_WINDOW = 1500
# Per-stack-word legality masks kept in memory (a stack word is checked against the whole
# vocabulary once, then reused while it stays on the stack).
_MASK_CACHE_LIMIT = 4096  # stack words whose refused candidates are kept


# -- pure probability math (the lecture's sample_token, step by step) -----------------------


def _check_temperature(temperature: float) -> float:
    temperature = float(temperature)
    if math.isnan(temperature) or temperature < 0:
        raise ValueError(f"temperature must be a number >= 0, not {temperature!r}")
    return temperature


def _check_top_k(top_k: int) -> int:
    if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1:
        raise ValueError(f"top_k must be a whole number >= 1, not {top_k!r}")
    return int(top_k)


def _check_top_p(top_p: float) -> float:
    value = float(top_p)
    if not 0 < value <= 1:  # also refuses NaN
        raise ValueError(f"top_p must be in (0, 1], not {top_p!r}")
    return value


def _check_sampling(temperature: float, top_k: int | None, top_p: float | None) -> float:
    """Refuse bad sampling arguments before any work; returns the temperature as float."""
    if top_k is not None:
        _check_top_k(top_k)
    if top_p is not None:
        _check_top_p(top_p)
    return _check_temperature(temperature)


def _as_probabilities(probabilities: Sequence[float] | np.ndarray) -> np.ndarray:
    p = np.asarray(probabilities, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError("probabilities must be a non-empty 1-D sequence")
    if not np.isfinite(p).all() or (p < 0).any():
        raise ValueError("probabilities must be finite and >= 0")
    total = p.sum()
    if total <= 0:
        raise ValueError("probabilities must not all be zero")
    return np.asarray(p / total, dtype=np.float64)


def softmax(logits: Sequence[float] | np.ndarray) -> np.ndarray:
    """exp(logits) normalized, computed with the maximum subtracted (no overflow)."""
    z = np.asarray(logits, dtype=np.float64)
    z = z - np.max(z)  # the largest logit becomes 0: exp() cannot overflow
    e = np.exp(z)  # -inf logits (masked candidates) become exactly 0
    return np.asarray(e / e.sum(), dtype=np.float64)


def apply_temperature(
    probabilities: Sequence[float] | np.ndarray, temperature: float
) -> np.ndarray:
    """The lecture's temperature: exp(log(p) / T), normalized. T -> 0 is a one-hot argmax.

    T = 1 returns p unchanged, T < 1 sharpens it, T > 1 flattens it towards uniform over
    the nonzero entries (there is no upper cap on T). Zero entries stay zero at every T.
    """
    temperature = _check_temperature(temperature)
    p = _as_probabilities(probabilities)
    if temperature <= GREEDY_TEMPERATURE:
        # T -> 0: all the mass on the most likely entry (the first one on a tie).
        greedy = np.zeros_like(p)
        greedy[int(np.argmax(p))] = 1.0
        return greedy
    with np.errstate(divide="ignore"):
        log_p = np.log(p)  # log(0) = -inf: impossible entries stay impossible
    # Divide the log-probabilities by T, then exp and normalize (softmax in log space).
    return softmax(log_p / temperature)


def apply_top_k(probabilities: np.ndarray, top_k: int | None) -> np.ndarray:
    """Keep the k most likely entries (ties broken by position), zero the rest, renormalize."""
    p = _as_probabilities(probabilities)
    if top_k is None:
        return p
    k = min(_check_top_k(top_k), p.size)
    order = np.argsort(-p, kind="stable")
    kept = np.zeros_like(p)
    kept[order[:k]] = p[order[:k]]
    return np.asarray(kept / kept.sum(), dtype=np.float64)


def apply_top_p(probabilities: np.ndarray, top_p: float | None) -> np.ndarray:
    """Keep the smallest set of most likely entries whose total is >= p, renormalize."""
    p = _as_probabilities(probabilities)
    if top_p is None:
        return p
    top_p = _check_top_p(top_p)
    order = np.argsort(-p, kind="stable")
    cumulative = np.cumsum(p[order])
    # The first position where the running total reaches top_p closes the set.
    count = min(int(np.searchsorted(cumulative, top_p, side="left")) + 1, p.size)
    kept = np.zeros_like(p)
    kept[order[:count]] = p[order[:count]]
    return np.asarray(kept / kept.sum(), dtype=np.float64)


def apply_min_p(probabilities: np.ndarray, min_p: float | None) -> np.ndarray:
    """Keep the entries at least `min_p` times as likely as the most likely one, renormalize."""
    p = _as_probabilities(probabilities)
    if min_p is None:
        return p
    min_p = _check_top_p(min_p)  # the same range: (0, 1]
    # The cut follows the confidence: a sure model keeps few entries, an unsure one many.
    kept = np.where(p >= min_p * p.max(), p, 0.0)
    return np.asarray(kept / kept.sum(), dtype=np.float64)


def adjust(
    probabilities: Sequence[float] | np.ndarray,
    temperature: float,
    top_k: int | None = None,
    top_p: float | None = None,
    min_p: float | None = None,
) -> np.ndarray:
    """Temperature, then top-k, top-p and min-p: the distribution a clue is drawn from."""
    adjusted = apply_temperature(probabilities, temperature)
    adjusted = apply_top_k(adjusted, top_k)
    adjusted = apply_top_p(adjusted, top_p)
    return apply_min_p(adjusted, min_p)


def make_rng(rng: np.random.Generator | int | None = None) -> np.random.Generator:
    """A numpy Generator: fresh entropy for None, seeded for an int, itself for a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy Generator, an int seed or None, not {rng!r}")


def sample_index(
    probabilities: Sequence[float] | np.ndarray,
    temperature: float,
    rng: np.random.Generator | int | None = None,
) -> int:
    """The lecture's `sample_token`: adjust p by the temperature, then draw one index."""
    adjusted = apply_temperature(probabilities, temperature)
    # One multinomial draw; zero-probability entries can never come out.
    return int(make_rng(rng).choice(adjusted.size, p=adjusted))


def entropy(probabilities: Sequence[float] | np.ndarray) -> float:
    """Shannon entropy in bits (0 for a one-hot, log2(n) for uniform over n)."""
    p = _as_probabilities(probabilities)
    p = p[p > 0]
    return float(max(0.0, -(p * np.log2(p)).sum()))


# -- the candidate vocabulary ---------------------------------------------------------------


class ClueVocabulary:
    """The candidate clues, a frequency prior, and their embeddings (loaded lazily, once).

    The vocabulary file lists one word a line, most frequent first (`#` lines are
    comments). The prior of the word at 0-based rank r among N words is
    `1 - log(1 + r) / log(1 + N)`: 1 for the most common word, falling towards 0, and
    linear in log-rank, i.e. in log-frequency under Zipf's law.
    """

    def __init__(self, path: Path | str = VOCAB_FILE) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._embedding_lock = threading.Lock()
        self._words: list[str] | None = None
        self._prior: np.ndarray | None = None
        self._base_index: dict[str, list[int]] = {}
        self._root_index: dict[str, list[int]] | None = None
        self._variants: dict[int, list[int]] = {}
        self._position: dict[str, int] = {}
        self._joined = ""
        self._starts = np.zeros(0, dtype=np.int64)
        self._embeddings: weakref.WeakKeyDictionary[SimilarityEngine, np.ndarray] = (
            weakref.WeakKeyDictionary()
        )
        # Stack word -> indices of the candidates it refuses (a few each; a full mask per
        # word would cost 14 KB, tens of MB over a long game).
        self._refused: dict[str, np.ndarray] = {}

    def _load_words(self) -> None:
        with self._lock:
            if self._words is not None:
                return
            words: list[str] = []
            seen: set[str] = set()
            for raw in self.path.read_text(encoding="utf-8").splitlines():
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                check = validate_clue(line)
                # Only words the game accepts as a clue on an empty stack can be candidates.
                if check.ok and check.clue not in seen:
                    seen.add(check.clue)
                    words.append(check.clue)
            if not words:
                raise ValueError(f"{self.path} holds no usable clue words")
            ranks = np.arange(len(words), dtype=np.float64)
            prior = 1.0 - np.log1p(ranks) / math.log1p(len(words))
            # Inverted index: base form -> candidates having it, to find inflections fast.
            index: dict[str, list[int]] = {}
            for i, word in enumerate(words):
                for form in base_forms(word):
                    index.setdefault(form, []).append(i)
            self._base_index = index
            self._position = {word: i for i, word in enumerate(words)}
            self._joined = "\n".join(words)
            lengths = np.array([len(w) + 1 for w in words], dtype=np.int64)
            self._starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            self._prior = prior
            self._words = words

    @property
    def words(self) -> list[str]:
        """The candidate clues, most frequent first."""
        if self._words is None:
            self._load_words()
        assert self._words is not None
        return self._words

    @property
    def prior(self) -> np.ndarray:
        """Frequency prior per word, in [0, 1], 1 for the most frequent."""
        if self._prior is None:
            self._load_words()
        assert self._prior is not None
        return self._prior

    def __len__(self) -> int:
        return len(self.words)

    def embeddings(self, engine: SimilarityEngine) -> np.ndarray:
        """(N, d) unit rows, encoded once per model and machine (cached on disk)."""
        # Keyed by the engine object itself: `engine.model_id` reads package metadata.
        vectors = self._embeddings.get(engine)
        if vectors is None:
            # One thread encodes; others asking meanwhile wait for it instead of repeating it.
            with self._embedding_lock:
                vectors = self._embeddings.get(engine)
                if vectors is None:
                    words = self.words
                    vectors = np.ascontiguousarray(engine.embed_pack(words), dtype=np.float32)
                    self._embeddings[engine] = vectors
        return vectors

    def prepare(self, engine: SimilarityEngine, words: Sequence[str] = ()) -> None:
        """Do the slow work ahead of play: encode the vocabulary, check it against `words`.

        Call it when a word pack loads (as the game encodes the pack): afterwards a clue
        for a stack of those words costs only a matrix product.
        """
        self.embeddings(engine)
        for word in words:
            self.refused_by(word)

    def variants(self, i: int) -> list[int]:
        """Candidates that share a base form with candidate i ("seas" for "sea"), i included."""
        cached = self._variants.get(i)
        if cached is None:
            if self._words is None:
                self._load_words()
            found: set[int] = set()
            for form in base_forms(self.words[i]):
                found.update(self._base_index.get(form, ()))
            cached = self._variants[i] = sorted(found)
        return cached

    def without_variants(self, order: np.ndarray, window: int = VARIANT_WINDOW) -> np.ndarray:
        """`order` (best first) keeping one word per inflection family: the best one.

        "sea" and "seas" are one clue to a player, so they should not split its
        probability. Greedy over the best `window` candidates (a dropped word never drops
        others, so "planes" does not link "plan" and "plane"); further down, only words
        that are variants of a kept one are dropped.
        """
        blocked = np.zeros(len(self), dtype=bool)
        kept: list[int] = []
        for i in order[:window].tolist():
            if not blocked[i]:
                kept.append(i)
                blocked[self.variants(i)] = True
        tail = order[window:]
        return np.concatenate([np.array(kept, dtype=order.dtype), tail[~blocked[tail]]])

    def illegal_mask(self, stack_word: str) -> np.ndarray:
        """Boolean mask of the candidates `validate_clue` refuses because of `stack_word`."""
        mask = np.zeros(len(self.words), dtype=bool)
        mask[self.refused_by(stack_word)] = True
        return mask

    def refused_by(self, stack_word: str) -> np.ndarray:
        """Indices of the candidates `validate_clue` refuses because of `stack_word`.

        Only a candidate sharing a substring (either way) or a base form with the word can
        be refused, so those few are found cheaply and then checked with `validate_clue`
        itself: the game and the generator always agree.
        """
        word = normalize_text(stack_word)
        refused = self._refused.get(word)
        if refused is not None:
            return refused
        words = self.words
        compact = "".join(ch for ch in fold_text(word) if ch.isalnum())
        suspects: set[int] = set()
        if compact:
            # Candidates containing the word: one C-speed scan of all candidates joined.
            for match in re.finditer(f"(?={re.escape(compact)})", self._joined):
                suspects.add(int(np.searchsorted(self._starts, match.start(), "right")) - 1)
            # Candidates inside the word: look up each of its substrings.
            for start in range(len(compact)):
                for end in range(start + 1, len(compact) + 1):
                    found = self._position.get(compact[start:end])
                    if found is not None:
                        suspects.add(found)
            roots = self._roots()
            for token in {compact, *fold_text(word).split()}:
                for form in base_forms(token):
                    suspects.update(self._base_index.get(form, ()))
                for root in word_roots(token):
                    suspects.update(roots.get(root, ()))
        refused = np.array(
            sorted(i for i in suspects if not validate_clue(words[i], [word]).ok), dtype=np.intp
        )
        if len(self._refused) >= _MASK_CACHE_LIMIT:
            self._refused.clear()
        self._refused[word] = refused
        return refused

    def _roots(self) -> dict[str, list[int]]:
        """Inverted index: root (`word_roots`) -> candidates having it, built on first use."""
        if self._root_index is None:
            index: dict[str, list[int]] = {}
            for i, word in enumerate(self.words):
                for root in word_roots(word):
                    index.setdefault(root, []).append(i)
            self._root_index = index
        return self._root_index

    def legal_mask(self, stack: Sequence[str]) -> np.ndarray:
        """True for every candidate that is a legal clue for the whole stack."""
        legal = np.ones(len(self.words), dtype=bool)
        for word in stack:
            legal[self.refused_by(word)] = False
        return legal


_default_vocabulary: ClueVocabulary | None = None
_default_lock = threading.Lock()


def default_vocabulary() -> ClueVocabulary:
    """The bundled vocabulary, shared by the whole process (the file is read once)."""
    global _default_vocabulary
    with _default_lock:
        if _default_vocabulary is None:
            _default_vocabulary = ClueVocabulary()
        return _default_vocabulary


# -- scoring --------------------------------------------------------------------------------


def _prepare(target: str, stack: Sequence[str]) -> tuple[str, list[str]]:
    if not isinstance(target, str) or not normalize_text(target):
        raise ValueError("the target must be a non-empty word")
    target = normalize_text(target)
    words = [normalize_text(w) for w in stack if isinstance(w, str) and normalize_text(w)]
    if target not in words:
        words.insert(0, target)  # the target is always on the stack
    return target, list(dict.fromkeys(words))


@dataclass(frozen=True)
class CandidateScores:
    """Every legal candidate with its spymaster score, best first; derive distributions.

    Scores are computed once; `distribution(T, ...)` is cheap, so a temperature slider
    can redraw at every step.
    """

    target: str
    stack: tuple[str, ...]
    vocabulary: list[str]  # every candidate of the vocabulary, legal or not
    indices: np.ndarray  # the legal candidates' positions in `vocabulary`, best first
    scores: np.ndarray  # their scores, best first
    scale: float = SCORE_SCALE

    def __len__(self) -> int:
        return int(self.indices.size)

    def word(self, i: int) -> str:
        """The i-th best legal candidate."""
        return self.vocabulary[int(self.indices[i])]

    @property
    def words(self) -> list[str]:
        """The legal candidates, best first (builds a list: use `word(i)` for a few)."""
        return [self.vocabulary[i] for i in self.indices.tolist()]

    def probabilities(self) -> np.ndarray:
        """The model's own distribution (T = 1): softmax(score / scale)."""
        return softmax(self.scores / self.scale)

    def distribution(
        self,
        temperature: float,
        top_k: int | None = None,
        top_p: float | None = None,
        min_p: float | None = None,
    ) -> np.ndarray:
        """The distribution at `temperature`, after the optional top-k, top-p and min-p cuts.

        Entry i is the probability of `word(i)`; the order stays best first.
        """
        return adjust(self.probabilities(), temperature, top_k, top_p, min_p)


def score_candidates(
    engine: SimilarityEngine,
    target: str,
    stack: Sequence[str],
    *,
    weight: float = DEFAULT_WEIGHT,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    scale: float = SCORE_SCALE,
    vocabulary: ClueVocabulary | None = None,
) -> CandidateScores:
    """Spymaster scores of every legal candidate clue for `target` on `stack`, best first."""
    if not scale > 0:
        raise ValueError(f"scale must be > 0, not {scale!r}")
    vocab = vocabulary if vocabulary is not None else default_vocabulary()
    target, words = _prepare(target, stack)
    others = [w for w in words if w != target]
    candidates = vocab.embeddings(engine)
    stack_vectors = engine.embed([target, *others])
    # The engine's own scores of every candidate with every stack word, in one product
    # (the same bits as `engine.scores(candidate, stack)`).
    cosines = score_rows(candidates, stack_vectors)
    score = cosines[:, 0].astype(np.float64)
    if others:
        # Spymaster: minus the weighted closeness to the most similar other stack word.
        score -= weight * cosines[:, 1:].max(axis=1)
    score += prior_weight * vocab.prior
    legal = np.flatnonzero(vocab.legal_mask(words))
    if legal.size == 0:
        raise ValueError("no word of the clue vocabulary is a legal clue for this stack")
    order = vocab.without_variants(legal[np.argsort(-score[legal], kind="stable")])
    return CandidateScores(
        target=target,
        stack=tuple(words),
        vocabulary=vocab.words,
        indices=order,
        scores=score[order],
        scale=scale,
    )


def target_ranks(
    engine: SimilarityEngine,
    scored: CandidateScores,
    stack: Sequence[str],
    target_index: int,
    *,
    vocabulary: ClueVocabulary | None = None,
) -> np.ndarray:
    """Where each candidate of `scored`, given as the clue, ranks stack[target_index] (1 = top).

    The same scores and tie rule as the game (`rank_order` on `engine.scores`), for every
    candidate at once: entry i is the target's place for `scored.word(i)`.
    """
    vocab = vocabulary if vocabulary is not None else default_vocabulary()
    if not 0 <= target_index < len(stack):
        raise ValueError(f"no stack word {target_index}")
    rows = vocab.embeddings(engine)[scored.indices]
    # Rounded as game.tie_rule.round_score (numpy's round is half to even too, on float64;
    # it may differ from Python's in the last bit, far below the scores' own noise).
    raw = score_rows(rows, engine.embed(list(stack))).astype(np.float64)
    scores = np.round(raw, TIE_DECIMALS)
    mine = scores[:, [target_index]]
    above = (scores > mine).sum(axis=1)
    # Equal rounded scores keep the input order: words before the target go first.
    tied_before = (scores[:, :target_index] == mine).sum(axis=1)
    return np.asarray(1 + above + tied_before, dtype=np.intp)


# -- public API -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedClue:
    """A sampled clue, its probability at the temperature used, and the best alternatives."""

    clue: str
    probability: float
    alternatives: list[tuple[str, float]]


def clue_distribution(
    engine: SimilarityEngine,
    target: str,
    stack: Sequence[str],
    temperature: float = DEFAULT_TEMPERATURE,
    top_k: int | None = None,
    top_p: float | None = None,
    *,
    weight: float = DEFAULT_WEIGHT,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    scale: float = SCORE_SCALE,
    vocabulary: ClueVocabulary | None = None,
) -> list[tuple[str, float]]:
    """Every legal candidate with its probability at `temperature`, most likely first.

    Candidates cut by top-k / top-p are listed with probability 0. `weight`,
    `prior_weight`, `scale` and `vocabulary` are those of `score_candidates`.
    """
    _check_sampling(temperature, top_k, top_p)
    scored = score_candidates(
        engine,
        target,
        stack,
        weight=weight,
        prior_weight=prior_weight,
        scale=scale,
        vocabulary=vocabulary,
    )
    p = scored.distribution(temperature, top_k, top_p)
    # Candidates are best first and every step keeps the order: no sort needed.
    return [(word, float(q)) for word, q in zip(scored.words, p.tolist(), strict=True)]


def generate_clue(
    engine: SimilarityEngine,
    target: str,
    stack: Sequence[str],
    temperature: float = DEFAULT_TEMPERATURE,
    top_k: int | None = None,
    top_p: float | None = None,
    rng: np.random.Generator | int | None = None,
    *,
    weight: float = DEFAULT_WEIGHT,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    scale: float = SCORE_SCALE,
    vocabulary: ClueVocabulary | None = None,
) -> GeneratedClue:
    """Sample one clue for `target` on `stack` (nanoGPT's generate() for a single token).

    `rng` is a numpy Generator, an int seed, or None for fresh entropy. `weight`,
    `prior_weight`, `scale` and `vocabulary` are those of `score_candidates`.
    """
    temperature = _check_sampling(temperature, top_k, top_p)
    generator = make_rng(rng)
    # Score every legal candidate: closeness to the target minus closeness to the others.
    scored = score_candidates(
        engine,
        target,
        stack,
        weight=weight,
        prior_weight=prior_weight,
        scale=scale,
        vocabulary=vocabulary,
    )
    # Scores / scale -> softmax -> temperature -> top-k -> top-p: the final distribution.
    p = scored.distribution(temperature, top_k, top_p)
    # Draw one candidate from it (a multinomial draw of one).
    index = int(generator.choice(p.size, p=p))
    # The runners-up, for the player to see what else the model considered.
    best = range(min(ALTERNATIVES + 1, p.size))  # candidates are sorted best first
    alternatives = [(scored.word(i), float(p[i])) for i in best if i != index][:ALTERNATIVES]
    return GeneratedClue(scored.word(index), float(p[index]), alternatives)
