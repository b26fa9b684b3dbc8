"""Why a clue ranked a stack as it did: `engine.explain` data and `wordstack explain`."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.cli import main
from game.cluegen import default_vocabulary
from game.engine import METHODS
from game.engine.explain import explain, project

STACK = ["nut", "rhino", "car", "piano", "trumpet"]


@pytest.mark.parametrize("method", [m for m in METHODS if not METHODS[m].large])
def test_the_parts_add_up_to_the_score_rank_gives_for_every_method(engine, method):
    ranker = engine.for_method(method)
    why = explain(ranker, "horn", STACK, target="rhino")
    ranked = {r.word: r.score for r in ranker.rank("horn", STACK)}
    assert [w.word for w in why.words] == [r.word for r in ranker.rank("horn", STACK)]
    for word in why.words:
        assert word.score == ranked[word.word]
        assert abs(sum(word.parts.values()) - ranked[word.word]) <= 1e-6
        assert set(word.parts) == set(why.weights)
    assert abs(sum(why.weights.values()) - 1) <= 1e-9
    assert [w.rank for w in why.words] == list(range(1, len(STACK) + 1))


def test_tokens_are_the_pieces_the_transformer_read_in_its_template(engine):
    why = explain(engine, "flibbertigibbet", STACK)
    pieces = [piece for piece, _ in why.tokens]
    assert pieces[0] == "[CLS]" and pieces[-1] == "[SEP]"
    assert why.model_text == 'The word "flibbertigibbet"'
    assert "word" in pieces  # the template is read too
    assert sum(piece.startswith("##") for piece in pieces) >= 2  # a made-up word is split
    assert all(isinstance(token, int) and token >= 0 for _, token in why.tokens)
    assert why.vector.shape == (384,) and abs(float(np.linalg.norm(why.vector)) - 1) < 1e-5


def test_the_map_places_clue_and_words_and_is_the_same_every_time(engine):
    first = explain(engine, "horn", STACK)
    again = explain(engine, "horn", STACK)
    assert [p.text for p in first.points] == ["horn", *STACK]
    assert first.points == again.points
    assert all(-1 <= p.x <= 1 and -1 <= p.y <= 1 for p in first.points)
    assert first.points[0].x >= 0 and first.points[0].y >= 0
    assert project(["a"], np.ones((1, 3), dtype=np.float32))[0].x == 0.0


def test_nearest_words_and_the_sentence(engine):
    vocabulary = default_vocabulary()
    why = explain(
        engine,
        "horn",
        ["nut", "rhino", "car", "piano"],
        target="rhino",
        vocabulary=vocabulary.words,
        vocabulary_vectors=vocabulary.embeddings(engine),
    )
    words = [word for word, _ in why.nearest]
    assert len(words) == 8 and "horn" not in words and "horns" not in words
    scores = [score for _, score in why.nearest]
    assert scores == sorted(scores, reverse=True)
    # The lecture's example: nut ranks above rhino; the sentence names what decided it.
    assert [w.word for w in why.words[:2]] == ["nut", "rhino"]
    assert "*nut*" in why.sentence and "*rhino* ranked 2" in why.sentence


def test_wordstack_explain_prints_the_steps_and_json(engine, capsys):
    assert main(["explain", "horn", "--stack", *STACK, "--target", "rhino"]) == 0
    out = capsys.readouterr().out
    for step in ("1. Tokens", "2. Vector: 384 numbers", "3. Similarity", "4. "):
        assert step in out
    assert "<- target" in out and "2-D map" in out
    assert main(["explain", "horn", "--stack", *STACK, "--json", "--nearest", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["clue"] == "horn" and len(data["nearest"]) == 3 and len(data["vector"]) == 384
    for word in data["words"]:
        assert abs(sum(word["parts"].values()) - word["score"]) <= 1e-6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["explain", "horn", "--stack", "horn", "cat"], "the game would refuse this clue"),
        (["explain", "horn", "--stack", "cat", "--target", "dog"], "not one of the stack words"),
    ],
)
def test_bad_input_gets_one_line(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
