"""Ranking methods: how texts become vectors whose dot products rank a stack. numpy only.

Every method turns a text into one unit-length vector, so a ranking is still a dot product
(`game.similarity.cosine_scores`) and everything built on vectors (the game, hints, the
clue generator, the Lab) works with any method unchanged. A blend joins the unit vectors
of several encoders, each scaled by the square root of its weight, and divides by the
square root of the total weight, so that

    dot(clue, word) = (w_model * cos_model + w_static * cos_static + w_second * cos_second)
                      / (w_model + w_static + w_second)

a weighted average of cosines, still between -1 and 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.errors import UnknownMethodError
from game.similarity import normalize_rows

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "RankingMethod",
    "apply_map",
    "blend",
    "get_method",
]

WORD_TEMPLATE = 'The word "{}"'


@dataclass(frozen=True)
class RankingMethod:
    """One way to rank: a template for the transformer, and the weights of what is added.

    `mapped`: the transformer's vectors go through the linear map fitted on human
    associations (`scripts/fit_ranking.py`). `static_weight`: weight of the GloVe word
    vectors' cosine. `second_weight`: weight of the Universal Sentence Encoder's cosine.
    `large`: the transformer is all-mpnet-base-v2 (the `large` extra) instead of the
    engine's own model. `lower`: texts are lower-cased first (case means nothing in a clue).
    """

    name: str
    summary: str
    template: str = "{}"
    mapped: bool = False
    static_weight: float = 0.0
    second_weight: float = 0.0
    large: bool = False
    lower: bool = True

    def clean_texts(self, texts: Sequence[str]) -> list[str]:
        """The texts as every encoder sees them: lower-cased, single spaces (if `lower`)."""
        return [" ".join(t.lower().split()) if self.lower else t for t in texts]

    def model_texts(self, texts: Sequence[str]) -> list[str]:
        """The texts as the transformer sees them: cleaned, in the template."""
        return [self.template.format(t) for t in self.clean_texts(texts)]

    @property
    def raw(self) -> bool:
        """True when the vectors are the transformer's own vectors of the texts as given."""
        return self.template == "{}" and not (self.lower or self.mapped or self.blended)

    @property
    def blended(self) -> bool:
        """True when another encoder's cosine is added to the transformer's."""
        return bool(self.static_weight or self.second_weight)

    def vectors(
        self,
        model_vectors: np.ndarray,
        static_vectors: np.ndarray | None = None,
        second_vectors: np.ndarray | None = None,
        linear_map: np.ndarray | None = None,
    ) -> np.ndarray:
        """Join the encoders' vectors of the same texts into this method's unit rows."""
        model = normalize_rows(model_vectors)
        if self.mapped:
            if linear_map is None:
                raise ValueError(f"method {self.name!r} needs the fitted linear map")
            model = apply_map(model, linear_map)
        if not self.blended:
            return model
        parts: list[tuple[float, np.ndarray]] = [(1.0, model)]
        for weight, part, what in (
            (self.static_weight, static_vectors, "static word vectors"),
            (self.second_weight, second_vectors, "second encoder vectors"),
        ):
            if weight:
                if part is None:
                    raise ValueError(f"method {self.name!r} needs the {what}")
                parts.append((weight, part))
        return blend(parts)


def apply_map(vectors: np.ndarray, linear_map: np.ndarray) -> np.ndarray:
    """x -> normalize(x + x @ D): the fitted residual map, the same for clue and stack words."""
    vectors = np.asarray(vectors, dtype=np.float32)
    return normalize_rows(vectors + vectors @ np.asarray(linear_map, dtype=np.float32))


def blend(parts: Sequence[tuple[float, np.ndarray]]) -> np.ndarray:
    """Concatenate (weight, rows) parts so a dot product is the weighted mean of their cosines.

    Each part's rows are made unit length (a zero row, a word an encoder does not know,
    stays zero and adds nothing to any score); the result has unit rows when no part is zero.
    """
    if not parts:
        raise ValueError("nothing to blend")
    total = sum(weight for weight, _ in parts)
    if total <= 0 or any(weight < 0 for weight, _ in parts):
        raise ValueError("blend weights must be >= 0 with a positive total")
    rows = {np.atleast_2d(rows).shape[0] for _, rows in parts}
    if len(rows) != 1:
        raise ValueError(f"every part needs the same number of rows, not {sorted(rows)}")
    scaled = [np.sqrt(weight / total) * normalize_rows(rows) for weight, rows in parts]
    return np.ascontiguousarray(np.concatenate(scaled, axis=1), dtype=np.float32)


# Weights picked on the fitting half of the USF cues (see scripts/fit_ranking.py and the
# README, "How the ranking works"); the held-out half confirmed them.
STATIC_WEIGHT = 0.25
SECOND_WEIGHT = 0.5

METHODS: dict[str, RankingMethod] = {
    method.name: method
    for method in (
        RankingMethod("cosine", "plain cosine of the transformer's vectors", lower=False),
        RankingMethod(
            "template", f"cosine with every word in the template {WORD_TEMPLATE}", WORD_TEMPLATE
        ),
        RankingMethod(
            "template+glove",
            f"template + {STATIC_WEIGHT:g} x GloVe word-vector cosine",
            WORD_TEMPLATE,
            static_weight=STATIC_WEIGHT,
        ),
        RankingMethod(
            "template+map+glove",
            f"template, learned map + {STATIC_WEIGHT:g} x GloVe cosine",
            WORD_TEMPLATE,
            mapped=True,
            static_weight=STATIC_WEIGHT,
        ),
        RankingMethod(
            "blend",
            f"template, learned map + {STATIC_WEIGHT:g} x GloVe + {SECOND_WEIGHT:g} x USE cosine",
            WORD_TEMPLATE,
            mapped=True,
            static_weight=STATIC_WEIGHT,
            second_weight=SECOND_WEIGHT,
        ),
        RankingMethod(
            "large",
            f"all-mpnet-base-v2 template + {STATIC_WEIGHT:g} x GloVe + "
            f"{SECOND_WEIGHT:g} x USE cosine",
            WORD_TEMPLATE,
            static_weight=STATIC_WEIGHT,
            second_weight=SECOND_WEIGHT,
            large=True,
        ),
    )
}
DEFAULT_METHOD = "blend"


def get_method(method: str | RankingMethod | None) -> RankingMethod:
    """The method of that name (None: the default); a RankingMethod passes through."""
    if isinstance(method, RankingMethod):
        return method
    name = DEFAULT_METHOD if method is None else method
    try:
        return METHODS[name]
    except KeyError:
        known = ", ".join(METHODS)
        raise UnknownMethodError(
            f"unknown ranking method {name!r}; choose one of {known}"
        ) from None
