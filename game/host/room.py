"""A hosted round, without the network: who joined, the round clock, every student's game.

The host is authoritative: each student's game (Arcade or Blocks) lives here, the round
runs on the host's clock (``round_tick``), clues are checked with ``validate_clue`` and
applied with the rules on scores the host's engine computed. Nothing a client sends sets
a score. What differs per mode is asked of the round's `HostGame` (``game.host.modes``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from game.classroom import DEFAULT_MINUTES, Challenge, Flag, clean_name, is_offensive
from game.classroom.names import is_blank_name, name_key
from game.classroom.teams import (
    MAX_TEAMS,
    MIN_TEAMS,
    TEAM_NAMES,
    TeamStanding,
    deal_teams,
    smallest_team,
    team_name,
    team_standings,
)
from game.clues import ClueCheck, validate_clue
from game.host import codes
from game.host.codes import Refusal
from game.host.limits import MAX_PLAYERS, PLAYER_CAP_LIMIT
from game.host.modes import ARCADE, GameState, HostGame, Recorder, host_game
from game.host.ranking import LiveBoard, TopLine
from game.rules import TICKS_PER_SECOND, Action, Clue, Refuse
from game.similarity import round_score

LOBBY, COUNTDOWN, PLAYING, FINISHED = "lobby", "countdown", "playing", "finished"
COUNTDOWN_SECONDS = 3
ROOM_CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L, O: nothing to mistype
# 23**6 = 148 million codes: guessing one at the rate limit of a wrong code is hopeless.
ROOM_CODE_LENGTH = 6
# A late student may still join this long into the round (their stack has grown meanwhile).
LATE_JOIN_SECONDS = 30
# Clue rate limit per student: a burst of CLUE_BURST, then one every CLUE_SECONDS.
CLUE_BURST = 3
CLUE_SECONDS = 0.75


def new_room_code() -> str:
    """Random letters that are easy to read off a projector."""
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
    state: GameState
    # The round's mode: how actions apply and record (Arcade unless the room says).
    game: HostGame = field(default=ARCADE, repr=False, compare=False)
    recorder: Recorder = field(default_factory=lambda: ARCADE.new_recorder())
    kicked: bool = False
    result_path: Path | None = None
    limit: RateLimit = field(default_factory=RateLimit)
    # The tick at which the current score was first reached (the leaderboard's last tie rule).
    score_tick: int = 0
    device: str = ""  # the browser's device token, barred from joining again after a kick
    address: str = ""  # the client address it joined from
    team: int = 0  # 1-based team number in a team round, 0 in individual play
    # Told after every action (the room's live leaderboard moves this student).
    on_change: Callable[[Student], None] | None = field(default=None, repr=False, compare=False)

    def apply(self, action: Action, tick: int = 0) -> None:
        """Apply one rule action at round tick ``tick`` and record it for the result file
        (an Arcade game keeps its own clock; a Blocks replay keeps the round's)."""
        score = self.state.score
        self.state = self.game.apply(self.state, self.recorder, action, tick)
        if self.state.score != score:
            self.score_tick = self.game.now(self.state, tick)
        if self.on_change is not None:
            self.on_change(self)

    def flag(self, tick: int = 0) -> bool:
        """Flag the ranking of the last clue (no rule sees it); False if it cannot be."""
        if self.state.game_over or not self.recorder.can_flag():
            return False
        self.state = self.game.apply(self.state, self.recorder, Flag(), tick)
        return True

    def due(self, tick: int) -> bool:
        """True if moving this game's clock to ``tick`` changes more than the clock: a
        word arrives or the time runs out (the host's clock skips the other games)."""
        return self.game.due(self.state, tick)

    def advance_to(self, tick: int) -> bool:
        """Move this game's clock to ``tick``; True if the stack changed or the game ended
        (a Blocks game has no clock: never)."""
        step = self.game.catch_up(self.state, tick)
        if step is None:
            return False
        before = self.state
        self.apply(step, tick)
        return self.game.moved(before, self.state)


class Room:
    """Students, phase, lock and round clock of one hosted challenge."""

    def __init__(
        self,
        challenge: Challenge,
        code: str | None = None,
        clock: Callable[[], float] | None = None,
        max_players: int = MAX_PLAYERS,
        minutes: int = DEFAULT_MINUTES,
    ) -> None:
        self.challenge = challenge
        self.game = host_game(challenge)
        # The round's length on the host's clock: an Arcade code's own minutes; the host's
        # ``minutes`` for a Blocks round (its code counts turns, the class still has a bell).
        self.minutes = minutes
        self.time_limit = self.game.round_ticks(challenge, minutes)
        self.code = code or new_room_code()
        self.clock = clock or time.monotonic
        self.max_players = max_players
        self.phase = LOBBY
        self.locked = False
        self.students: dict[int, Student] = {}
        self._by_token: dict[str, Student] = {}
        self._names: set[str] = set()  # names of active students, as compared
        self._active: list[Student] | None = None  # active(), kept until someone joins or leaves
        self._board = LiveBoard()
        self._first: GameState | None = None  # every game starts here (built once: ~25 ms)
        self.teams = 0  # number of teams (0: individual play)
        # Round time already played before this process (after --resume), in ticks.
        self.elapsed_before = 0
        self.started_at: float | None = None  # clock time the ticks count from

    # -- joining ------------------------------------------------------------------------

    def check_name(self, name: str) -> str:
        """The cleaned name, or a Refusal saying why it cannot be used."""
        if is_blank_name(name):
            raise Refusal(codes.NAME_BLANK, "type a name first (letters a classmate can read)")
        cleaned = clean_name(name)
        if is_offensive(cleaned):
            raise Refusal(codes.NAME_OFFENSIVE, "please choose another name")
        if name_key(cleaned) in self._names:
            raise Refusal(
                codes.NAME_TAKEN,
                f"the name {cleaned!r} is taken (or one that looks the same): add an initial",
            )
        return cleaned

    def check_code(self, room_code: str) -> None:
        """Refuse a room code that is not this room's."""
        if room_code.strip().upper() != self.code:
            raise Refusal(
                codes.BAD_CODE, "no room with this code here: check the code on the projector"
            )

    def join(
        self,
        room_code: str,
        name: str,
        device: str = "",
        address: str = "",
        team: int | None = None,
    ) -> Student:
        """A new student (Refusal: wrong room, locked, over, full, bad name, bad team); in a
        team round without a ``team`` of their choice, they go to the smallest team."""
        self.check_code(room_code)
        if self.locked:
            raise Refusal(codes.LOCKED, "the room is locked: ask your teacher")
        if self.phase == FINISHED:
            raise Refusal(codes.ROUND_OVER, "this round is over")
        if self.phase == PLAYING and self.round_tick() > LATE_JOIN_SECONDS * TICKS_PER_SECOND:
            raise Refusal(codes.TOO_LATE, "the round started too long ago: wait for the next one")
        if len(self.active()) >= self.max_players:
            raise Refusal(codes.ROOM_FULL, "the room is full: ask your teacher")
        cleaned = self.check_name(name)
        team = self.check_team(team)
        student = Student(
            id=max(self.students, default=0) + 1,
            name=cleaned,
            token=secrets.token_urlsafe(18),
            state=self.first_state(),
            game=self.game,
            recorder=self.game.new_recorder(),
            device=device,
            address=address,
            team=team,
        )
        self.add(student)
        return student

    def check_team(self, team: int | None) -> int:
        """The team a joining student goes to (0 in individual play); Refusal for a team
        number this room does not have."""
        if not self.teams:
            if team:
                raise Refusal(codes.BAD_TEAM, "this round is played without teams")
            return 0
        if team is None:
            return smallest_team((s.team for s in self.active()), self.teams)
        if type(team) is not int or not 1 <= team <= self.teams:
            raise Refusal(codes.BAD_TEAM, f"choose a team from 1 to {self.teams}")
        return team

    def set_teams(self, teams: int) -> list[Student]:
        """Play in ``teams`` teams (0: individually), in the lobby only; the students already
        in are dealt into the new teams in joining order. Returns them."""
        if self.phase != LOBBY:
            raise Refusal(codes.ALREADY_STARTED, "teams are chosen before the round starts")
        if teams and not MIN_TEAMS <= teams <= MAX_TEAMS:
            raise Refusal(codes.BAD_TEAM, f"teams must be 0 or {MIN_TEAMS}-{MAX_TEAMS}")
        self.teams = teams
        active = self.active()
        for student, team in zip(active, deal_teams(len(active), teams), strict=True):
            student.team = team
        return active

    def team_of(self, student: Student) -> str | None:
        """The name of a student's team (None in individual play)."""
        return team_name(student.team) if self.teams and student.team else None

    def first_state(self) -> GameState:
        """The challenge's first state, the same for every student (immutable, so shared)."""
        if self._first is None:
            self._first = self.game.first_state(self.challenge)
        return self._first

    def new_student(self, student_id: int, name: str, token: str) -> Student:
        """A student at the first state with an empty recorder of the round's mode."""
        return Student(
            student_id, name, token, self.first_state(), self.game, self.game.new_recorder()
        )

    @property
    def description(self) -> str:
        """The round in a few words: "Arcade, 3 minutes", "Blocks, 30 turns (...)"."""
        return self.game.describe(self.challenge, self.minutes)

    def game_over(self, student: Student) -> bool:
        """True once a student's game is finished (a Blocks game also when the round is)."""
        return self.game.over(student.state, self.phase == FINISHED)

    def add(self, student: Student) -> None:
        """Take in a student (a new one, or one restored from the journal)."""
        self.students[student.id] = student
        self._by_token[student.token] = student
        self._active = None
        if not student.kicked:
            self._names.add(name_key(student.name))
            student.on_change = self._board.update
            self._board.update(student)

    def rejoin(self, token: str) -> Student:
        """The student of a rejoin token (Refusal if unknown or kicked)."""
        student = self._by_token.get(token)
        if student is None:
            raise Refusal(codes.UNKNOWN_PLAYER, "unknown player: join again")
        if student.kicked:
            raise Refusal(codes.KICKED, "you were removed from this room")
        return student

    def set_max_players(self, players: int) -> None:
        """Change the room's cap (never below the students already in)."""
        if not len(self.active()) <= players <= PLAYER_CAP_LIMIT:
            raise Refusal(
                codes.MALFORMED,
                f"the cap must be {len(self.active())}-{PLAYER_CAP_LIMIT} players",
            )
        self.max_players = players

    def kick(self, student_id: int) -> Student:
        """Remove a student: their token stops working, their place and name are free."""
        student = self.students.get(student_id)
        if student is None or student.kicked:
            raise Refusal(codes.NO_STUDENT, f"no student number {student_id}")
        student.kicked = True
        student.on_change = None
        self._active = None
        self._names.discard(name_key(student.name))
        self._board.remove(student.id)
        return student

    # -- the clock ------------------------------------------------------------------------

    def start(self) -> None:
        """Start the 3-2-1 countdown (from the lobby only)."""
        if self.phase != LOBBY:
            raise Refusal(codes.ALREADY_STARTED, "the round has already started")
        self.phase = COUNTDOWN
        self.started_at = self.clock() + COUNTDOWN_SECONDS

    def end_now(self) -> None:
        """End the round early: no more clues, every game runs out its clock at once."""
        if self.phase == FINISHED:
            raise Refusal(codes.ROUND_OVER, "the round is already over")
        if self.started_at is None:
            self.started_at = self.clock()
        self.elapsed_before = self.time_limit
        self.phase = FINISHED

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
        return min(self.time_limit, self.elapsed_before + max(0, played))

    def countdown(self) -> int:
        """Whole seconds left before the round starts (0 once it runs)."""
        if self.phase != COUNTDOWN or self.started_at is None:
            return 0
        return max(0, int(-(-(self.started_at - self.clock()) // 1)))

    def seconds_left(self) -> float:
        """Seconds of the round still to play."""
        return (self.time_limit - self.round_tick()) / TICKS_PER_SECOND

    def update_phase(self) -> None:
        """Countdown -> playing at 0; playing -> finished at the time limit or once every
        student's game is over."""
        started = self.started_at is not None and self.clock() >= self.started_at
        if self.phase == COUNTDOWN and started:
            self.phase = PLAYING
        if self.phase != PLAYING:
            return
        active = self.active()
        all_over = bool(active) and all(s.state.game_over for s in active)
        if all_over or self.round_tick() >= self.time_limit:
            self.phase = FINISHED

    def playing(self) -> bool:
        """True while clues are taken."""
        return self.phase == PLAYING

    def active(self) -> list[Student]:
        """Students not kicked, in joining order (a new list each call)."""
        if self._active is None:
            self._active = [s for s in self.students.values() if not s.kicked]
        return list(self._active)

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
        student.apply(Clue(check.clue, rounded), self.round_tick())

    def cooldown_seconds(self, student: Student) -> int:
        """Whole seconds (rounded up) until the student's clues are taken again after a miss."""
        return -(-self.game.cooldown_ticks(student.state) // TICKS_PER_SECOND)

    def refuse(self, student: Student, check: ClueCheck) -> None:
        """Record an illegal clue (it costs nothing, as offline)."""
        if not student.state.game_over:
            student.apply(Refuse(check.clue, check.reason or ""), self.round_tick())

    # -- the leaderboard ------------------------------------------------------------------

    def standings(self) -> list[TopLine]:
        """Every active student on the live leaderboard, best first, with shared places."""
        self._board.sync(self.active())
        return self._board.lines()

    def top(self, limit: int = 10) -> list[TopLine]:
        """The live top ``limit``."""
        self._board.sync(self.active())
        return self._board.lines(limit)

    def team_table(self) -> list[TeamStanding]:
        """The live team table: each team's mean score, best first (empty without teams)."""
        if not self.teams:
            return []
        members = ((team_name(s.team), s.state.score) for s in self.active() if s.team)
        return team_standings(members, TEAM_NAMES[: self.teams])

    def place_of(self, student: Student) -> int:
        """1-based place of a student on the live leaderboard."""
        if student.kicked:
            return len(self.active()) + 1
        return self._board.place(student)
