"""The similarity engine: texts to vectors by a ranking method, and a clue's scores.

numpy at import; the encoders (ONNX Runtime, torch) load with the model. The face:

    from game.engine import SimilarityEngine
    engine = SimilarityEngine()            # the packaged model, ranked by DEFAULT_METHOD
    engine.scores("fruit", ["car", "banana", "piano"])
    engine.rank("fruit", ["car", "banana", "piano"])[0].word

Inside: `engine` (SimilarityEngine), `scoring` (the one score product, RankedWord, the
RankingEngine protocol), `methods` (a method: a template and weighted components),
`components` (the map, the GloVe table, the second encoder, loaded once), `backend` (the
transformer on ONNX Runtime or torch, chosen once), `transformer_onnx` /
`transformer_torch` / `export` (the transformer on each backend, and its first-run
export), `use` (the second encoder), `glove` (static vectors),
`memory_cache` / `disk_cache`, `onnx_files`, `parallel`, `models` (where weights are),
`tuning` (what the `wordstack` program sets in its own process).
"""

from __future__ import annotations

from game.engine.engine import BACKENDS, SimilarityEngine, shared_engine
from game.engine.methods import DEFAULT_METHOD, METHODS, RankingMethod, get_method
from game.engine.models import packaged_model_path
from game.engine.scoring import RankedWord, RankingEngine, score_rows
from game.errors import MethodUnavailableError, ModelUnavailableError, UnknownMethodError

# The face's classes are known by the package's name (in reprs, pickles and the docs).
for _public in (SimilarityEngine, RankedWord):
    _public.__module__ = __name__

__all__ = [
    "BACKENDS",
    "DEFAULT_METHOD",
    "METHODS",
    "MethodUnavailableError",
    "ModelUnavailableError",
    "RankedWord",
    "RankingEngine",
    "RankingMethod",
    "SimilarityEngine",
    "UnknownMethodError",
    "get_method",
    "packaged_model_path",
    "score_rows",
    "shared_engine",
]
