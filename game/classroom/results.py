"""The result file of one challenge round: JSON, written atomically, read strictly.

A file holds who played which challenge with which model, the claimed score, and
the replay: every action with the tick it happened at and, for each clue, the
scores the engine gave the stack words (rounded to ``TIE_DECIMALS`` places).
Ticks between actions are implied by the action ticks, so a 3-minute round
stays a few kilobytes. Example (abridged)::

    {"format": "wordstack-result", "version": 1, "code": "WS-...", "mode": "arcade",
     "name": "Ana", "ai": false, "ai_temperature": null,
     "model": {"id": "all-MiniLM-L6-v2@...", "weights_sha256": "..."},
     "pack": {"name": "default", "sha256": "..."}, "rules": "3f1c...",
     "score": 1450, "clues": 17, "finish_tick": 9012, "played_at": "2026-...Z",
     "practice": false, "ended_early": false, "name_check": null,
     "replay": {"end_tick": 10800, "actions": [
        {"tick": 412, "clue": "ocean", "scores": [0.41, 0.12, ...]},
        {"tick": 800, "hint": true},
        {"tick": 950, "refused": "cat", "reason": "on the stack"},
        {"tick": 990, "flag": true}]}}

``practice``: the player had handed in an attempt at this code before (their first
finished attempt is their result). ``ended_early``: the player ended the attempt (restart
or quit); its replay then runs the clock out with no more clues, as if they walked away.
``name_check``: the check of a personal code's name (a roster challenge; see
``game.classroom.roster``). All three are optional in files written before they existed.
A Blocks round (``"mode": "blocks"``) has the same file: its ticks are the play clock's
(turns are not timed), each clue's scores follow the grid's word blocks, and an unfinished
round is accepted only with ``ended_early``.
``team``: the team the player played for in a hosted team round (``game.classroom.teams``);
written only then, so other files are as before.

A ``flag`` action ("that's not what I meant") marks the ranking of the last ranked clue
before it, at most once per clue. It is not a rule action: the rules never see it and it
changes no score; the replay keeps it for the lesson's table of flagged clues.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from game import paths
from game.errors import ResultError
from game.rules import Action, ArcadeState, Clue, Hint, Pause, Refuse, Tick, cooldown_left
from game.similarity import round_score
from game.storage import atomic_write_bytes

T = TypeVar("T")  # a field's type, for _get

FORMAT_NAME = "wordstack-result"
RESULT_VERSION = 1
MAX_FILE_BYTES = 5_000_000
MAX_ACTIONS = 20_000
RESULTS_FOLDER = "results"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MAX_TEAM_CHARS = 32


@dataclass(frozen=True)
class ClueAction:
    """A clue the rules ranked, with the engine's scores in stack order."""

    tick: int
    clue: str
    scores: tuple[float, ...]


@dataclass(frozen=True)
class HintAction:
    """The player paid for a hint."""

    tick: int


@dataclass(frozen=True)
class RefusedAction:
    """A clue refused as illegal (it costs nothing)."""

    tick: int
    clue: str
    reason: str


@dataclass(frozen=True)
class FlagAction:
    """The player flagged the ranking of their last clue (it changes no score)."""

    tick: int


ReplayAction = ClueAction | HintAction | RefusedAction | FlagAction


@dataclass(frozen=True)
class Flag:
    """Not a rule action: "that's not what I meant" about the ranking of the last clue.

    A play screen keeps it among its rule actions; the recorder stores it as a
    `FlagAction`, and nothing ever applies it to a game state.
    """


RecordedAction = Action | Flag


@dataclass(frozen=True)
class Replay:
    """Actions in order with their ticks, and the tick the round ended at."""

    actions: tuple[ReplayAction, ...]
    end_tick: int

    def rule_actions(self) -> list[Action]:
        """The same game as rule actions (ticks made explicit), for ``game.rules.replay``."""
        actions: list[Action] = []
        now = 0
        for action in self.actions:
            if isinstance(action, FlagAction):
                continue  # not a rule action: the rules never see it
            if action.tick > now:
                actions.append(Tick(action.tick - now))
                now = action.tick
            if isinstance(action, ClueAction):
                actions.append(Clue(action.clue, action.scores))
            elif isinstance(action, HintAction):
                actions.append(Hint())
            else:
                actions.append(Refuse(action.clue, action.reason))
        if self.end_tick > now:
            actions.append(Tick(self.end_tick - now))
        return actions


@dataclass(frozen=True)
class ModelInfo:
    """Which model ranked the clues: its id and the SHA-256 of its weights."""

    id: str
    weights_sha256: str


@dataclass(frozen=True)
class RoundResult:
    """One player's round of one challenge, as stored in a result file."""

    code: str
    name: str
    model: ModelInfo
    pack_name: str
    pack_sha256: str
    rules: str
    score: int
    clues: int
    finish_tick: int
    replay: Replay
    ai: bool = False
    ai_temperature: float | None = None
    played_at: str = field(default_factory=lambda: time.strftime(TIME_FORMAT, time.gmtime()))
    mode: str = "arcade"
    practice: bool = False
    ended_early: bool = False
    name_check: str | None = None  # a personal code's check of the name (roster challenges)
    team: str | None = None  # the team of a hosted team round

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the file."""
        data: dict[str, Any] = {
            "format": FORMAT_NAME,
            "version": RESULT_VERSION,
            "code": self.code,
            "mode": self.mode,
            "name": self.name,
            "ai": self.ai,
            "ai_temperature": self.ai_temperature,
            "model": {"id": self.model.id, "weights_sha256": self.model.weights_sha256},
            "pack": {"name": self.pack_name, "sha256": self.pack_sha256},
            "rules": self.rules,
            "score": self.score,
            "clues": self.clues,
            "finish_tick": self.finish_tick,
            "played_at": self.played_at,
            "practice": self.practice,
            "ended_early": self.ended_early,
            "name_check": self.name_check,
            "replay": {
                "end_tick": self.replay.end_tick,
                "actions": [_action_json(a) for a in self.replay.actions],
            },
        }
        if self.team is not None:
            data["team"] = self.team
        return data


class ReplayRecorder:
    """Collects a round's actions as they are applied, for its result file.

    Feed it every rule action the game applies (``record``) with the state *before*
    the action; Tick actions only move the clock and are not stored one by one.
    A `Flag` is kept only if a ranked clue came since the last flag (`can_flag`).
    """

    def __init__(self) -> None:
        self.actions: list[ReplayAction] = []
        self._flaggable = False  # the last clue was ranked and is not flagged yet

    def can_flag(self) -> bool:
        """True if the last clue was ranked and has no flag yet."""
        return self._flaggable

    def record(self, before: ArcadeState, action: RecordedAction) -> None:
        """Remember one action applied to the state ``before`` (a `Flag`: noted with it)."""
        if before.game_over:
            return
        if isinstance(action, Flag):
            if self._flaggable:
                self.actions.append(FlagAction(before.tick))
                self._flaggable = False
        elif isinstance(action, Clue):
            scores = tuple(round_score(s) for s in action.scores)
            self.actions.append(ClueAction(before.tick, action.clue, scores))
            # During a miss's cooldown the rules refuse the clue: no ranking to flag.
            self._flaggable = cooldown_left(before) == 0
        elif isinstance(action, Hint):
            self.actions.append(HintAction(before.tick))
        elif isinstance(action, Refuse):
            self.actions.append(RefusedAction(before.tick, action.clue, action.reason))
        elif not isinstance(action, Tick | Pause):
            raise TypeError(f"not an Arcade action: {action!r}")

    def replay(self, final: ArcadeState) -> Replay:
        """The replay of the round that ended in ``final``."""
        return Replay(tuple(self.actions), final.tick)


def results_dir() -> Path:
    """The folder result files go to: ``results`` in Wordstack's data folder."""
    return paths.data_dir() / RESULTS_FOLDER


def find_result_files(targets: Iterable[Path | str]) -> list[Path]:
    """The files named, and the ``*.json`` files inside the folders named, in order."""
    found: list[Path] = []
    for target in map(Path, targets):
        found.extend(sorted(target.glob("*.json")) if target.is_dir() else [target])
    return list(dict.fromkeys(found))


def result_filename(result: RoundResult) -> str:
    """A file name that sorts by time and says who played which challenge."""
    safe_name = re.sub(r"\W+", "-", result.name).strip("-_")[:24] or "player"
    stamp = result.played_at.replace(":", "").replace("-", "")
    who = "AI-" if result.ai else ""
    return f"{result.code}_{who}{safe_name}_{stamp}.json"


def write_result(result: RoundResult, folder: Path) -> Path:
    """Write the result atomically into ``folder`` (never over another file) and return its path."""
    path = folder / result_filename(result)
    counter = 1
    while path.exists():
        counter += 1
        path = folder / result_filename(result).replace(".json", f"-{counter}.json")
    data = json.dumps(result.to_json(), indent=1, ensure_ascii=False) + "\n"
    atomic_write_bytes(path, data.encode("utf-8"))
    return path


def read_result(path: Path | str) -> RoundResult:
    """Read and validate a result file; raises ResultError naming what is wrong."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ResultError("file too large to be a result file", path)
        raw = path.read_bytes()
    except OSError as exc:
        raise ResultError(f"cannot read the file: {exc.strerror or exc}", path) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultError(f"not a result file: malformed or truncated JSON ({exc})", path) from exc
    try:
        return parse_result(data)
    except ResultError as exc:
        raise ResultError(exc.reason, path) from None


def parse_result(data: Any) -> RoundResult:
    """Validate a decoded JSON object and build the result; raises ResultError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ResultError("not a Wordstack result file")
    version = data.get("version")
    if version != RESULT_VERSION:
        raise ResultError(
            f"unknown result format version {version!r} (this Wordstack reads {RESULT_VERSION})"
        )
    model = _get(data, "model", dict)
    pack = _get(data, "pack", dict)
    replay = _get(data, "replay", dict)
    raw_actions = _get(replay, "actions", list)
    if len(raw_actions) > MAX_ACTIONS:
        raise ResultError("too many actions for one round")
    temperature = data.get("ai_temperature")
    if temperature is not None and not isinstance(temperature, int | float):
        raise ResultError("field 'ai_temperature' must be a number or null")
    flags = {key: data.get(key, False) for key in ("practice", "ended_early")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise ResultError(f"field {key!r} must be true or false")
    check = data.get("name_check")
    if check is not None and not isinstance(check, str):
        raise ResultError("field 'name_check' must be text or null")
    team = data.get("team")
    if team is not None and (not isinstance(team, str) or not 0 < len(team) <= MAX_TEAM_CHARS):
        raise ResultError(f"field 'team' must be text of 1-{MAX_TEAM_CHARS} characters or null")
    return RoundResult(
        team=team,
        name_check=check,
        practice=flags["practice"],
        ended_early=flags["ended_early"],
        code=_get(data, "code", str),
        mode=_get(data, "mode", str),
        name=_get(data, "name", str),
        ai=_get(data, "ai", bool),
        ai_temperature=None if temperature is None else float(temperature),
        model=ModelInfo(_get(model, "id", str), _get(model, "weights_sha256", str)),
        pack_name=_get(pack, "name", str),
        pack_sha256=_get(pack, "sha256", str),
        rules=_get(data, "rules", str),
        score=_get(data, "score", int),
        clues=_get(data, "clues", int),
        finish_tick=_get(data, "finish_tick", int),
        played_at=_get(data, "played_at", str),
        replay=Replay(
            tuple(_parse_action(a, i) for i, a in enumerate(raw_actions)),
            _get(replay, "end_tick", int),
        ),
    )


def _get(data: dict[str, Any], key: str, kind: type[T]) -> T:
    value = data.get(key)
    # bool is a subclass of int: a score of `true` is not a number.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ResultError(f"field {key!r} is missing or not a {kind.__name__}")
    if isinstance(value, int) and value < 0:  # never true of a bool
        raise ResultError(f"field {key!r} must not be negative")
    return value


def _parse_action(raw: Any, index: int) -> ReplayAction:
    if not isinstance(raw, dict):
        raise ResultError(f"replay action {index + 1} is not an object")
    try:
        tick = _get(raw, "tick", int)
        if "clue" in raw:
            scores = _get(raw, "scores", list)
            if not all(isinstance(s, int | float) and not isinstance(s, bool) for s in scores):
                raise ResultError("field 'scores' must hold numbers")
            return ClueAction(tick, _get(raw, "clue", str), tuple(float(s) for s in scores))
        if raw.get("hint") is True:
            return HintAction(tick)
        if "refused" in raw:
            return RefusedAction(tick, _get(raw, "refused", str), _get(raw, "reason", str))
        if raw.get("flag") is True:
            return FlagAction(tick)
    except ResultError as exc:
        raise ResultError(f"replay action {index + 1}: {exc.reason}") from None
    raise ResultError(f"replay action {index + 1} is of an unknown kind")


def _action_json(action: ReplayAction) -> dict[str, Any]:
    if isinstance(action, ClueAction):
        return {"tick": action.tick, "clue": action.clue, "scores": list(action.scores)}
    if isinstance(action, HintAction):
        return {"tick": action.tick, "hint": True}
    if isinstance(action, FlagAction):
        return {"tick": action.tick, "flag": True}
    return {"tick": action.tick, "refused": action.clue, "reason": action.reason}
