"""Verify result files: replay each through the rules and re-rank every clue with the engine.

Arcade and Blocks results alike: a Blocks clue's scores are those of every word block on
the grid, re-ranked the same way.

A result is accepted only if everything matches: the code is valid, the pack, rules
and model are the challenge's, the replay is a legal finished round, every recorded
clue score is within ``SCORE_TOLERANCE`` of the engine's own score, and the rules,
run on the recorded scores, give exactly the claimed score, clue count and finish.

Why the recorded scores drive the rules: the same clue scores a few float32 ulps
apart on different machines (about 1e-7). The rules round scores to
``TIE_DECIMALS`` places and break ties by stack position; running them on the
file's own (rounded) scores makes the verdict the same on every machine, and the
tolerance check makes sure those scores are the model's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from game.classroom.challenge import Challenge, open_challenge
from game.classroom.model import ModelEngine, model_info
from game.classroom.outcome import Outcome, PlayedBlocksClue, PlayedClue
from game.classroom.replay import replay_round
from game.classroom.results import RoundResult, read_result
from game.classroom.roster import name_check
from game.engine.scoring import RankingEngine
from game.errors import ChallengeError, ResultError, WordstackError

SCORE_TOLERANCE = 1e-4
"""Largest accepted difference between a recorded clue score and the engine's."""


class VerifyingEngine(ModelEngine, RankingEngine, Protocol):
    """A similarity engine as verification uses it (``game.engine.SimilarityEngine``)."""

    def embed_pack(self, words: Sequence[str]) -> np.ndarray:
        """Embeddings of a whole word pack (cached on disk by the real engine)."""
        ...


@dataclass(frozen=True)
class VerifiedResult:
    """A result that reproduced its claimed score, with the replay's outcome."""

    result: RoundResult
    outcome: Outcome
    path: Path | None = None


@dataclass(frozen=True)
class Rejected:
    """A result file that failed, and why (one line)."""

    path: Path
    reason: str


class Verifier:
    """Verifies many results with one engine; challenges and packs are looked up once."""

    def __init__(self, engine: VerifyingEngine, pack: str | Path | None = None) -> None:
        self.engine = engine
        self.pack = pack
        self._model = model_info(engine)
        self._challenges: dict[str, Challenge] = {}
        self._packs_embedded: set[str] = set()

    def challenge(self, code: str) -> Challenge:
        """The challenge of a code (raises ResultError for a bad code or missing pack)."""
        if code not in self._challenges:
            try:
                self._challenges[code] = open_challenge(code, self.pack, teacher=True)
            except ChallengeError as exc:
                raise ResultError(f"challenge code {code!r}: {exc}") from None
            except WordstackError as exc:
                raise ResultError(str(exc)) from None
        return self._challenges[code]

    def verify(self, result: RoundResult, path: Path | None = None) -> VerifiedResult:
        """Check one result; raises ResultError with the reason it is rejected."""
        challenge = self.challenge(result.code)
        if challenge.spec.roster and result.name_check != name_check(challenge.code, result.name):
            raise ResultError(
                f"the name {result.name!r} does not match the personal code it was played "
                "with (a renamed file?)"
            )
        if result.mode != challenge.spec.mode:
            raise ResultError(f"mode {result.mode!r} is not the challenge's")
        if result.pack_sha256 != challenge.pack_digest:
            raise ResultError("played with a different word pack than the challenge's")
        if result.rules != challenge.rules_digest:
            raise ResultError("played with different rules (another version of Wordstack?)")
        if result.model != self._model:
            raise ResultError(
                f"ranked by another model ({result.model.id}, weights "
                f"{result.model.weights_sha256[:12]}); this one is {self._model.id}, "
                f"weights {self._model.weights_sha256[:12]}"
            )
        outcome = replay_round(challenge, result.replay, result.ended_early)
        self._check_scores(challenge, outcome)
        if outcome.score != result.score:
            raise ResultError(f"claims score {result.score}, the replay scores {outcome.score}")
        if len(outcome.clues) != result.clues:
            raise ResultError(f"claims {result.clues} clues, the replay has {len(outcome.clues)}")
        if outcome.finish_tick != result.finish_tick:
            raise ResultError("the claimed finish time does not match the replay")
        return VerifiedResult(result, outcome, path)

    def verify_file(self, path: Path | str) -> VerifiedResult:
        """Read and check one file; raises ResultError naming the file."""
        path = Path(path)
        result = read_result(path)
        try:
            return self.verify(result, path)
        except ResultError as exc:
            raise ResultError(exc.reason, path) from None

    def _embed_pack(self, challenge: Challenge) -> None:
        """Encode the pack once (from the engine's disk cache after the first time)."""
        digest = challenge.pack_digest
        if digest not in self._packs_embedded:
            self.engine.embed_pack(list(challenge.pack.words))
            self._packs_embedded.add(digest)

    def _check_scores(self, challenge: Challenge, outcome: Outcome) -> None:
        """Re-rank every clue with the engine; the recorded scores must be the model's."""
        if not outcome.clues:
            return
        self._embed_pack(challenge)
        played_clues: list[PlayedClue | PlayedBlocksClue] = list(outcome.clues)
        clues = [played.clue for played in played_clues]
        stacks = [played.words for played in played_clues]
        rescored = self.engine.scores_many(clues, stacks)
        for number, (played, scores) in enumerate(zip(played_clues, rescored, strict=True), 1):
            expected = scores.astype(np.float64)
            worst = float(np.max(np.abs(expected - np.asarray(played.scores))))
            if worst > SCORE_TOLERANCE:
                raise ResultError(
                    f"clue {number} ({played.clue!r}): its scores are not the model's "
                    f"(off by {worst:.4f})"
                )


def verify_files(
    engine: VerifyingEngine, files: Sequence[Path | str], pack: str | Path | None = None
) -> tuple[list[VerifiedResult], list[Rejected]]:
    """Verify every file; returns the accepted and the rejected ones, in input order."""
    verifier = Verifier(engine, pack)
    accepted: list[VerifiedResult] = []
    rejected: list[Rejected] = []
    for file in files:
        try:
            accepted.append(verifier.verify_file(file))
        except ResultError as exc:
            rejected.append(Rejected(Path(file), exc.reason))
    return accepted, rejected
