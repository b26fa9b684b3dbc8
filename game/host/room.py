"""A hosted round, without the network: who joined, the round clock, every student's game.

The host is authoritative: each student's ``ArcadeState`` lives here, time advances by
the host's clock (``round_tick``), clues are checked with ``validate_clue`` and applied
with the rules on scores the host's engine computed. Nothing a client sends sets a score.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from game.classroom import Challenge, ReplayRecorder, clean_name, is_offensive
from game.clues import ClueCheck, validate_clue
from game.errors import HostError
from game.rules import (
    TICKS_PER_SECOND,
    Action,
    ArcadeState,
    Clue,
    Refuse,
    Tick,
    apply_action,
)
from game.similarity import round_score

LOBBY, COUNTDOWN, PLAYING, FINISHED = "lobby", "countdown", "playing", "finished"
COUNTDOWN_SECONDS = 3
ROOM_CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L, O: nothing to mistype
ROOM_CODE_LENGTH = 4
MAX_PLAYERS = 200
# A late student may still join this long into the round (their stack has grown meanwhile).
LATE_JOIN_SECONDS = 30
# Clue rate limit per student: a burst of CLUE_BURST, then one every CLUE_SECONDS.
CLUE_BURST = 3
CLUE_SECONDS = 0.75


def new_room_code() -> str:
    """Four random letters that are easy to read off a projector."""
    return "".join(secrets.choice(ROOM_CODE_LETTERS) for _ in range(ROOM_CODE_LENGTH))


@dataclass
class RateLimit:
    """A token bucket: ``burst`` actions at once, then one per ``seconds``."""

    burst: int = CLUE_BURST
    seconds: float = CLUE_SECONDS
    tokens: float = CLUE_BURST
    last: float = 0.0

    def allow(self, now: float) -> bool:
        """Take one token if there is one."""
        self.tokens = min(self.burst, self.tokens + (now - self.last) / self.seconds)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@dataclass
class Student:
    """One student of the room: name, rejoin token, game state and replay so far."""

    id: int
    name: str
    token: str
    state: ArcadeState
    recorder: ReplayRecorder = field(default_factory=ReplayRecorder)
    kicked: bool = False
    result_path: Path | None = None
    limit: RateLimit = field(default_factory=RateLimit)

    def apply(self, action: Action) -> None:
        """Apply one rule action and record it for the result file."""
        self.recorder.record(self.state, action)
        self.state, _ = apply_action(self.state, action)

    def advance_to(self, tick: int) -> bool:
        """Move this game's clock to ``tick``; True if the stack changed or the game ended."""
        if tick <= self.state.tick or self.state.game_over:
            return False
        before = (self.state.stack, self.state.game_over)
        self.apply(Tick(tick - self.state.tick))
        return (self.state.stack, self.state.game_over) != before


@dataclass(frozen=True)
class TopLine:
    """One line of the live leaderboard."""

    name: str
    score: int
    clues: int
    done: bool


class Room:
    """Students, phase, lock and round clock of one hosted challenge."""

    def __init__(
        self,
        challenge: Challenge,
        code: str | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        import time

        self.challenge = challenge
        self.code = code or new_room_code()
        self.clock = clock or time.monotonic
        self.phase = LOBBY
        self.locked = False
        self.students: dict[int, Student] = {}
        self._by_token: dict[str, Student] = {}
        # Round time already played before this process (after --resume), in ticks.
        self.elapsed_before = 0
        self.started_at: float | None = None  # clock time the ticks count from

    # -- joining ------------------------------------------------------------------------

    def check_name(self, name: str) -> str:
        """The cleaned name, or HostError saying why it cannot be used."""
        if not isinstance(name, str) or not name.strip():
            raise HostError("type a name first")
        cleaned = clean_name(name)
        if is_offensive(cleaned):
            raise HostError("please choose another name")
        taken = {s.name.casefold() for s in self.students.values()}
        if cleaned.casefold() in taken:
            raise HostError(f"the name {cleaned!r} is taken: add an initial")
        return cleaned

    def join(self, room_code: str, name: str) -> Student:
        """A new student (raises HostError: wrong room, locked, over, full, bad name)."""
        if not isinstance(room_code, str) or room_code.strip().upper() != self.code:
            raise HostError("no room with this code here: check the code on the projector")
        if self.locked:
            raise HostError("the room is locked: ask your teacher")
        if self.phase == FINISHED:
            raise HostError("this round is over")
        if self.phase == PLAYING and self.round_tick() > LATE_JOIN_SECONDS * TICKS_PER_SECOND:
            raise HostError("the round started too long ago: wait for the next one")
        if len(self.students) >= MAX_PLAYERS:
            raise HostError("the room is full")
        cleaned = self.check_name(name)
        student = Student(
            id=len(self.students) + 1,
            name=cleaned,
            token=secrets.token_urlsafe(18),
            state=self.challenge.new_game(),
        )
        self.add(student)
        return student

    def add(self, student: Student) -> None:
        """Take in a student (a new one, or one restored from the journal)."""
        self.students[student.id] = student
        self._by_token[student.token] = student

    def rejoin(self, token: str) -> Student:
        """The student of a rejoin token (raises HostError if unknown or kicked)."""
        student = self._by_token.get(token) if isinstance(token, str) else None
        if student is None:
            raise HostError("unknown player: join again")
        if student.kicked:
            raise HostError("you were removed from this room")
        return student

    def kick(self, student_id: int) -> Student:
        """Remove a student; their token stops working."""
        student = self.students.get(student_id)
        if student is None:
            raise HostError(f"no student number {student_id}")
        student.kicked = True
        return student

    # -- the clock ------------------------------------------------------------------------

    def start(self) -> None:
        """Start the 3-2-1 countdown (from the lobby only)."""
        if self.phase != LOBBY:
            raise HostError("the round has already started")
        self.phase = COUNTDOWN
        self.started_at = self.clock() + COUNTDOWN_SECONDS

    def resume_at(self, elapsed: int) -> None:
        """Continue a round that had ``elapsed`` ticks played when the last host stopped."""
        self.elapsed_before = elapsed
        self.started_at = self.clock()
        self.phase = PLAYING

    def round_tick(self) -> int:
        """Ticks of the round played so far (0 before the start, capped at the time limit)."""
        if self.started_at is None:
            return 0
        played = int((self.clock() - self.started_at) * TICKS_PER_SECOND)
        return min(self.challenge.time_limit, self.elapsed_before + max(0, played))

    def countdown(self) -> int:
        """Whole seconds left before the round starts (0 once it runs)."""
        if self.phase != COUNTDOWN or self.started_at is None:
            return 0
        return max(0, int(-(-(self.started_at - self.clock()) // 1)))

    def seconds_left(self) -> float:
        """Seconds of the round still to play."""
        return (self.challenge.time_limit - self.round_tick()) / TICKS_PER_SECOND

    def update_phase(self) -> None:
        """Countdown -> playing when it reaches 0; playing -> finished when every game ended."""
        started = self.started_at is not None and self.clock() >= self.started_at
        if self.phase == COUNTDOWN and started:
            self.phase = PLAYING
        if self.phase == PLAYING and self.round_tick() >= self.challenge.time_limit:
            self.phase = FINISHED

    def playing(self) -> bool:
        """True while clues are taken."""
        return self.phase == PLAYING

    def active(self) -> list[Student]:
        """Students not kicked, in joining order."""
        return [s for s in self.students.values() if not s.kicked]

    # -- clues ----------------------------------------------------------------------------

    def check_clue(self, student: Student, text: str) -> ClueCheck:
        """Bring the game to now and check the clue against the stack (nothing applied)."""
        student.advance_to(self.round_tick())
        return validate_clue(text, student.state.words)

    def apply_clue(self, student: Student, check: ClueCheck, scores: list[float]) -> None:
        """Apply a legal clue with the host engine's scores for the stack it was checked on."""
        if student.state.game_over:
            return
        rounded = tuple(round_score(s) for s in scores)
        student.apply(Clue(check.clue, rounded))

    def refuse(self, student: Student, check: ClueCheck) -> None:
        """Record an illegal clue (it costs nothing, as offline)."""
        if not student.state.game_over:
            student.apply(Refuse(check.clue, check.reason or ""))

    # -- the leaderboard ------------------------------------------------------------------

    def top(self, limit: int = 10) -> list[TopLine]:
        """The live leaderboard: best score first, then fewer clues, then name."""
        lines = [
            TopLine(s.name, s.state.score, s.state.stats.clues_used, s.state.game_over)
            for s in self.active()
        ]
        lines.sort(key=lambda line: (-line.score, line.clues, line.name.casefold()))
        return lines[:limit]

    def place_of(self, student: Student) -> int:
        """1-based place of a student on the live leaderboard."""
        key = (-student.state.score, student.state.stats.clues_used)
        return 1 + sum(1 for s in self.active() if (-s.state.score, s.state.stats.clues_used) < key)
