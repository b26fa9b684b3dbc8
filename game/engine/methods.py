"""Ranking methods: a text template plus a tuple of weighted components. numpy only.

Every method turns a text into one unit-length vector, so a ranking is still a dot product
and everything built on vectors (the game, hints, the clue generator, the Lab) works with
any method unchanged. A method with several components joins the unit vectors of each
encoder, scaled by the square root of its share of the total weight, so that

    dot(clue, word) = sum over components of (weight / total weight) * cos_component

a weighted average of cosines, still between -1 and 1; each term is one component's
contribution (`SimilarityEngine.score_parts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.errors import UnknownMethodError
from game.similarity import normalize_rows

__all__ = [
    "DEFAULT_METHOD",
    "GLOVE",
    "METHODS",
    "TRANSFORMER",
    "USE",
    "Component",
    "RankingMethod",
    "apply_map",
    "blend",
    "get_method",
]

WORD_TEMPLATE = 'The word "{}"'
# The encoders a component may use.
TRANSFORMER = "transformer"  # the engine's sentence-transformers model (first, always)
GLOVE = "glove"  # the static word vectors (game.engine.glove)
USE = "use"  # the second encoder, the Universal Sentence Encoder (game.engine.use)
ENCODERS = (TRANSFORMER, GLOVE, USE)


@dataclass(frozen=True)
class Component:
    """One encoder's part of a method: its weight, and (transformer only) the learned map."""

    encoder: str
    weight: float = 1.0
    mapped: bool = False

    def __post_init__(self) -> None:
        if self.encoder not in ENCODERS:
            raise ValueError(f"unknown encoder {self.encoder!r}; one of {', '.join(ENCODERS)}")
        if not self.weight > 0:
            raise ValueError(f"a component's weight must be > 0, not {self.weight!r}")
        if self.mapped and self.encoder != TRANSFORMER:
            raise ValueError("only the transformer's vectors go through the learned map")


@dataclass(frozen=True)
class RankingMethod:
    """One way to rank: a template for the transformer, and the weighted components.

    `components`: the transformer's first, then any of GloVe and USE, each once.
    `large`: the transformer is all-mpnet-base-v2 (the `large` extra) instead of the
    engine's own model. `lower`: texts are lower-cased first (case means nothing in a clue).
    """

    name: str
    summary: str
    template: str = "{}"
    components: tuple[Component, ...] = (Component(TRANSFORMER),)
    large: bool = False
    lower: bool = True

    def __post_init__(self) -> None:
        encoders = [part.encoder for part in self.components]
        if not encoders or encoders[0] != TRANSFORMER or len(set(encoders)) != len(encoders):
            raise ValueError("a method starts with the transformer and uses each encoder once")

    def clean_texts(self, texts: Sequence[str]) -> list[str]:
        """The texts as every encoder sees them: lower-cased, single spaces (if `lower`)."""
        return [" ".join(t.lower().split()) if self.lower else t for t in texts]

    def model_texts(self, texts: Sequence[str]) -> list[str]:
        """The texts as the transformer sees them: cleaned, in the template."""
        return self.in_template(self.clean_texts(texts))

    def in_template(self, cleaned: Sequence[str]) -> list[str]:
        """Texts already cleaned (`clean_texts`) in the transformer's template."""
        return [self.template.format(t) for t in cleaned]

    def weight(self, encoder: str) -> float:
        """The weight of `encoder`'s component (0 when the method does not use it)."""
        return next((part.weight for part in self.components if part.encoder == encoder), 0.0)

    @property
    def mapped(self) -> bool:
        """True when the transformer's vectors go through the learned map."""
        return self.components[0].mapped

    @property
    def static_weight(self) -> float:
        """Weight of the GloVe component (0 without one)."""
        return self.weight(GLOVE)

    @property
    def second_weight(self) -> float:
        """Weight of the USE component (0 without one)."""
        return self.weight(USE)

    @property
    def raw(self) -> bool:
        """True when the vectors are the transformer's own vectors of the texts as given."""
        return self.template == "{}" and not (self.lower or self.mapped or self.blended)

    @property
    def blended(self) -> bool:
        """True when another encoder's cosine is added to the transformer's."""
        return len(self.components) > 1

    def shares(self) -> list[float]:
        """Each component's share of the total weight, in component order."""
        total = sum(part.weight for part in self.components)
        return [part.weight / total for part in self.components]

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
        given = {TRANSFORMER: model, GLOVE: static_vectors, USE: second_vectors}
        what = {GLOVE: "static word vectors", USE: "second encoder vectors"}
        parts: list[tuple[float, np.ndarray]] = []
        for part in self.components:
            rows = given[part.encoder]
            if rows is None:
                raise ValueError(f"method {self.name!r} needs the {what[part.encoder]}")
            parts.append((part.weight, rows))
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


# Weights picked on the fitting half of the USF cues (see scripts/fit_ranking.py and
# docs, "How the ranking works"); the held-out half confirmed them.
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
            (Component(TRANSFORMER), Component(GLOVE, STATIC_WEIGHT)),
        ),
        RankingMethod(
            "template+map+glove",
            f"template, learned map + {STATIC_WEIGHT:g} x GloVe cosine",
            WORD_TEMPLATE,
            (Component(TRANSFORMER, mapped=True), Component(GLOVE, STATIC_WEIGHT)),
        ),
        RankingMethod(
            "blend",
            f"template, learned map + {STATIC_WEIGHT:g} x GloVe + {SECOND_WEIGHT:g} x USE cosine",
            WORD_TEMPLATE,
            (
                Component(TRANSFORMER, mapped=True),
                Component(GLOVE, STATIC_WEIGHT),
                Component(USE, SECOND_WEIGHT),
            ),
        ),
        RankingMethod(
            "large",
            f"all-mpnet-base-v2 template + {STATIC_WEIGHT:g} x GloVe + "
            f"{SECOND_WEIGHT:g} x USE cosine",
            WORD_TEMPLATE,
            (
                Component(TRANSFORMER),
                Component(GLOVE, STATIC_WEIGHT),
                Component(USE, SECOND_WEIGHT),
            ),
            large=True,
        ),
    )
}
DEFAULT_METHOD = "blend"
"""The method of an engine of the packaged model when none is named (defined here only)."""


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
