"""The round service: one hosted round without any network code.

Rooms, the host's clock, every student's authoritative game, clue handling (check ->
the engine's scores -> the rules), the journal, result files, the class CSV and the
snapshot the projector draws. What it says to students goes through an ``Outbox``
that the transport implements (tests use their own), so all of it runs without sockets.
All state changes on one asyncio loop; the engine ranks on a worker thread and result
files are written on another, so the loop stays free.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from game.classroom import (
    FlaggedClue,
    ModelInfo,
    Standing,
    TargetStats,
    flagged_clues,
    leaderboard_csv,
    lesson_report_html,
    lesson_view,
    make_result,
    rank_results,
    read_result,
    replay_round,
    write_result,
)
from game.classroom.teams import TeamStanding, team_name, team_standings
from game.classroom.verify import VerifiedResult
from game.errors import ResultError
from game.host import codes, protocol
from game.host.batching import ClueBatcher, ManyScores
from game.host.codes import Refusal
from game.host.guard import Client, JoinGuard
from game.host.journal import Journal
from game.host.protocol import Message
from game.host.ranking import TopLine
from game.host.room import COUNTDOWN, FINISHED, LOBBY, PLAYING, Room, Student
from game.storage import atomic_write_bytes

TICK_SECONDS = 0.25  # how often games advance and changed stacks are pushed
TOP_SECONDS = 1.0  # how often the live top 10 goes out
TEACHER_ACTIONS = ("start", "lock", "unlock", "kick", "end", "cap", "teams")

Ranker = Callable[[str, Sequence[str]], Iterable[float]]
# (clue, stack words, target) -> the explanation as plain data (`Explanation.to_json`).
Explainer = Callable[[str, Sequence[str], "str | None"], dict[str, Any]]
log = logging.getLogger("wordstack.host")


class Outbox(Protocol):
    """Where the service's messages to students go (the transport's sockets)."""

    async def send(self, student_id: int, message: Message) -> None:
        """Send to every open page of one student."""

    async def broadcast(self, message: Message) -> None:
        """Send to every page that joined."""

    async def remove(self, student_id: int, message: Message) -> None:
        """Send a last message to a student's pages and close them."""

    def connected(self, student_id: int) -> bool:
        """True while the student has an open page."""

    def connections(self) -> int:
        """Open pages of joined students."""


class NoOutbox:
    """An outbox that delivers nothing (a service with no transport attached)."""

    async def send(self, student_id: int, message: Message) -> None:
        """Drop the message."""

    async def broadcast(self, message: Message) -> None:
        """Drop the message."""

    async def remove(self, student_id: int, message: Message) -> None:
        """Drop the message."""

    def connected(self, student_id: int) -> bool:
        """Nobody is connected."""
        return False

    def connections(self) -> int:
        """No connections."""
        return 0


@dataclass
class Snapshot:
    """What the projector draws, copied on the service's loop (read from the UI thread)."""

    phase: str = LOBBY
    countdown: int = 0
    seconds_left: float = 0.0
    locked: bool = False
    students: tuple[tuple[int, str, bool], ...] = ()  # id, name, connected
    teams: int = 0  # number of teams (0: individual play)
    student_teams: tuple[int, ...] = ()  # each student's team number, as ``students``
    team_table: tuple[TeamStanding, ...] = ()  # live, then (once concluded) from the results
    top: tuple[TopLine, ...] = ()
    finished_games: int = 0
    connections: int = 0
    standings: tuple[Standing, ...] = ()
    lesson: tuple[TargetStats, ...] = ()
    flagged: tuple[FlaggedClue, ...] = ()  # clues whose ranking players flagged
    csv_path: Path | None = None
    errors: tuple[str, ...] = field(default_factory=tuple)
    concluded: bool = False  # the round's ranking is ready (even if its CSV could not be saved)
    max_players: int = 0


class RoundService:
    """One hosted round: what students and the teacher may do, and when time moves."""

    def __init__(
        self,
        room: Room,
        journal: Journal,
        ranker: Ranker,
        model: ModelInfo,
        results_folder: Path,
        guard: JoinGuard | None = None,
        many: ManyScores | None = None,
        explainer: Explainer | None = None,
    ) -> None:
        self.room = room
        self.explainer = explainer
        self._why: dict[int, tuple[tuple[str, int], Message]] = {}  # student: (clue, tick), reply
        self.guard = guard or JoinGuard()
        for student in room.students.values():  # after --resume: removed devices stay out
            if student.kicked:
                self.guard.bar(student.device)
        self.journal = journal
        self.ranker = ranker
        self.model = model
        self.results_folder = results_folder
        self.outbox: Outbox = NoOutbox()
        self.snapshot = Snapshot()
        self._locks: dict[int, asyncio.Lock] = {}
        self._work = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wordstack-rank")
        # With ``many``, clues that arrive close together share one pass of the engine.
        self.batcher = None if many is None else ClueBatcher(many, self._work)
        # Result files on their own thread: writing one never delays the ranking of a clue.
        self._files = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wordstack-results")
        self._writing: set[int] = set()  # students whose result file was started
        self._errors: list[str] = []
        self._failed: set[int] = set()  # students whose result file could not be written
        # Result files verified as they were written, by path: (size and mtime, entry).
        self._verified: dict[Path, tuple[tuple[int, int], VerifiedResult]] = {}
        self._concluded = False
        self._teams: tuple[TeamStanding, ...] = ()  # the round's final team table
        self._last_top = 0.0
        self._last_phase = room.phase

    # -- students -------------------------------------------------------------------------

    async def join(
        self, room_code: str, name: str, client: Client | None = None, team: int | None = None
    ) -> Student:
        """A new student in the room (Refusal says why not), in ``team`` or, in a team round
        without a choice, the smallest team; the lobby hears of it."""
        client = client or Client()
        now = self.room.clock()
        self.guard.before_join(client, now)
        try:
            self.room.check_code(room_code)
        except Refusal:
            self.guard.wrong_code(client, now)
            raise
        student = self.room.join(room_code, name, client.device, client.address, team)
        self.guard.joined(client, now)
        self.journal.add_student(student)
        await self._broadcast_lobby()
        return student

    def rejoin(self, token: str, client: Client | None = None) -> Student:
        """The student of a rejoin token (Refusal if unknown or removed)."""
        student = self.room.rejoin(token)
        self.guard.check_barred(client or Client())
        return student

    def welcome(self, student: Student) -> list[Message]:
        """What a page that just joined or rejoined is sent first."""
        messages = [protocol.joined_message(self.room, student)]
        messages.append(protocol.state_message(self.room, student))
        if self.room.phase in (PLAYING, FINISHED):  # a rejoining page shows the top 10 at once
            messages.append(protocol.top_message(self.room, self.room.top()))
        return messages

    async def clue(self, student: Student, text: str, now: float) -> Message | None:
        """Take a student's clue; returns the refusal to send back, or None once the
        new state went out through the outbox."""
        room = self.room
        if student.kicked:
            raise Refusal(codes.KICKED, "you were removed from this room")
        if not room.playing() or student.state.game_over:
            return protocol.refused(codes.NOT_PLAYING, "The round is not running.")
        if not student.limit.allow(now):
            return protocol.refused(codes.TOO_FAST, "Too fast: wait a moment between clues.")
        async with self._lock(student):
            check = room.check_clue(student, text)
            if student.state.game_over:  # the stack filled or the time ran out just now
                await self._send_state(student)
                await self._finish(student)
                return protocol.refused(codes.GAME_OVER, "Your game is over.")
            wait = room.cooldown_seconds(student)
            if wait:  # a miss's cooldown: refused before scoring, as in the desktop game
                return protocol.refused(codes.COOLDOWN, protocol.cooldown_text(wait), wait)
            if not check.ok:
                room.refuse(student, check)
                self.journal.action(student, student.recorder.actions[-1])
                return protocol.refused(check.reason or codes.MALFORMED, check.message)
            scores = await self._scores(check.clue, student.state.words)
            clues_before = len(student.recorder.actions)
            room.apply_clue(student, check, [float(s) for s in scores])
            if len(student.recorder.actions) > clues_before:
                self.journal.action(student, student.recorder.actions[-1])
            await self._send_state(student)
            if room.game_over(student):
                await self._finish(student)
        return None

    async def why(self, student: Student) -> Message:
        """Why the student's last clue ranked the stack as it did (on the ranking thread;
        the same clue asked again is answered from memory)."""
        request = self.room.game.why_request(student.state)
        if self.explainer is None or request is None:
            return protocol.refused(codes.NO_CLUE, "Why? explains your last clue: play one first.")
        clue, words, target = request  # target: the best-ranked target, or the chosen block
        key = (clue, student.state.stats.clues_used)
        cached = self._why.get(student.id)
        if cached is not None and cached[0][0] == clue:
            return cached[1]
        loop = asyncio.get_running_loop()
        data = await loop.run_in_executor(self._work, self.explainer, clue, words, target)
        reply = protocol.why_message(data)
        self._why[student.id] = (key, reply)
        return reply

    async def flag(self, student: Student, clue: str) -> Message | None:
        """Take a student's flag of their last clue's ranking ("that's not what I meant"):
        no points, at most once per clue. Returns the refusal to send back, or None once
        the new state went out."""
        if student.kicked:
            raise Refusal(codes.KICKED, "you were removed from this room")
        if not self.room.playing() or student.state.game_over:
            return protocol.refused(codes.NOT_PLAYING, "The round is not running.")
        last = student.state.last_clue
        if last is None:
            return protocol.refused(codes.NO_CLUE, "No ranking to flag yet: send a clue first.")
        if clue != last.clue:  # a newer clue was ranked since the page showed this one
            return protocol.refused(codes.NOT_LAST_CLUE, "Only your last clue can be flagged.")
        # No lock: a clue being ranked is recorded after this flag, which is its own clue's.
        if not student.flag(self.room.round_tick()):
            return protocol.refused(codes.ALREADY_FLAGGED, "This ranking is flagged already.")
        self.journal.action(student, student.recorder.actions[-1], last.clue)
        await self._send_state(student)
        return None

    async def _scores(self, clue: str, words: Sequence[str]) -> Iterable[float]:
        """The engine's scores of a clue, in a shared pass when batching, on the ranking thread."""
        if self.batcher is not None:
            return await self.batcher.scores(clue, words)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._work, self.ranker, clue, words)

    def _lock(self, student: Student) -> asyncio.Lock:
        return self._locks.setdefault(student.id, asyncio.Lock())

    # -- the teacher ----------------------------------------------------------------------

    async def teacher(
        self,
        action: str,
        student: int | None = None,
        players: int | None = None,
        bar_address: bool = False,
        teams: int | None = None,
    ) -> str:
        """Start, lock, unlock, kick (barring the device, optionally the address), end the
        round early, set the room's cap or its teams; raises Refusal when it cannot be done."""
        room = self.room
        if action == "start":
            room.start()
            self.journal.set("phase", room.phase)
            await self._broadcast_lobby()
            return "countdown started"
        if action in ("lock", "unlock"):
            room.locked = action == "lock"
            self.journal.set("locked", "1" if room.locked else "0")
            await self._broadcast_lobby()
            return f"room {action}ed"
        if action == "kick":
            if student is None:
                raise Refusal(codes.NO_STUDENT, "say which student to remove")
            removed = room.kick(student)
            self.journal.kick(removed)
            self.guard.bar(removed.device, removed.address if bar_address else None)
            await self.outbox.remove(
                removed.id,
                {"type": "kicked", "code": codes.KICKED, "message": "removed by the teacher"},
            )
            await self._broadcast_lobby()
            return f"{removed.name} removed"
        if action == "end":
            room.end_now()
            await self.tick()
            return "round ended"
        if action == "cap":
            if players is None:
                raise Refusal(codes.MALFORMED, "say how many players the room takes")
            room.set_max_players(players)
            return f"the room takes up to {players} players"
        if action == "teams":
            if teams is None:
                raise Refusal(codes.MALFORMED, "say how many teams (0: individual play)")
            dealt = room.set_teams(teams)
            self.journal.set_teams(teams, dealt)
            for member in dealt:  # every page learns its (new) team
                await self._send_state(member)
            await self._broadcast_lobby()
            return f"{teams} teams" if teams else "individual play"
        raise Refusal(codes.UNKNOWN_ACTION, f"unknown teacher action {action!r}")

    def status(self) -> dict[str, Any]:
        """The round as the teacher's scripts see it."""
        snap = self.snapshot
        return {
            "phase": snap.phase,
            "room": self.room.code,
            "challenge": self.room.challenge.code,
            "locked": snap.locked,
            "students": [
                {"id": i, "name": n, "connected": c, "team": team_name(t) if t else None}
                for (i, n, c), t in zip(snap.students, snap.student_teams, strict=True)
            ],
            "teams": [
                {"name": t.name, "mean": t.mean, "members": t.members} for t in snap.team_table
            ],
            "finished_games": snap.finished_games,
            "results": [str(p) for p in self.result_paths()],
            "csv": str(snap.csv_path) if snap.csv_path else None,
            "errors": list(snap.errors),
        }

    # -- the clock ------------------------------------------------------------------------

    async def run_clock(self) -> None:
        """Advance the round every TICK_SECONDS until cancelled."""
        while True:
            try:
                await self.tick()
            except Exception as exc:  # one bad tick must not stop the round for everyone
                self._report(f"host error: {type(exc).__name__}: {exc}")
            await asyncio.sleep(TICK_SECONDS)

    async def tick(self) -> None:
        """One step of the host's clock: phases, games, the top 10, the end of the round."""
        room = self.room
        room.update_phase()
        if room.phase != self._last_phase:
            self.journal.set("phase", room.phase)
            self._last_phase = room.phase
            await self._broadcast_states()
        if room.phase in (PLAYING, FINISHED):
            await self._advance_all()
            room.update_phase()  # every game may have ended just now
        now = asyncio.get_running_loop().time()
        if now - self._last_top >= TOP_SECONDS:
            self._last_top = now
            if room.phase == PLAYING:
                self.journal.set("elapsed", str(room.round_tick()))
                await self.outbox.broadcast(protocol.top_message(room, room.top()))
            elif room.phase in (LOBBY, COUNTDOWN):
                await self._broadcast_lobby()
        if room.phase == FINISHED and not self._concluded and self._all_saved():
            self._concluded = True
            self.journal.set("elapsed", str(room.round_tick()))
            await self._conclude()
        self.refresh_snapshot()

    async def _advance_all(self) -> None:
        tick = self.room.round_tick()
        for student in self.room.active():
            # Only games whose stack changes now: the others' clocks catch up at their
            # next clue (check_clue) or arrival, with the same outcome. A game whose clue
            # is being ranked is left alone: the clue advances it itself.
            ranking = self._lock(student).locked()
            if student.due(tick) and not ranking and student.advance_to(tick):
                await self._send_state(student)
            if not ranking and self.room.game_over(student) and student.result_path is None:
                await self._finish(student)

    # -- results --------------------------------------------------------------------------

    async def _finish(self, student: Student) -> None:
        """Write the result file of a finished game (once) and journal where it went."""
        if student.result_path is not None or student.id in self._writing:
            return
        self._writing.add(student.id)
        loop = asyncio.get_running_loop()
        try:
            path = await loop.run_in_executor(self._files, self._write_result, student)
            self.journal.result_written(student, path)
        except Exception as exc:  # one lost result is reported; the round goes on to its end
            self._report(f"result of {student.name} not written: {type(exc).__name__}: {exc}")
            self._failed.add(student.id)
            return
        student.result_path = path

    def _write_result(self, student: Student) -> Path:
        room = self.room
        replay, ended_early = room.game.replay(student.state, student.recorder, room.round_tick())
        result = make_result(
            room.challenge, student.name, self.model, replay, ended_early=ended_early
        )
        team = self.room.team_of(student)
        if team is not None:
            result = replace(result, team=team)
        path = write_result(result, self.results_folder)
        # Checked now, while the round goes on, so that the end only ranks (see _standings).
        try:
            self._verified[path] = (_signature(path), self._verify(path))
        except (ResultError, OSError) as exc:  # said again, and left out, at the end
            log.warning("result of %s does not verify yet: %s", student.name, exc)
        return path

    def _verify(self, path: Path) -> VerifiedResult:
        """A result file read back and replayed against the room's challenge."""
        result = read_result(path)
        outcome = replay_round(self.room.challenge, result.replay, result.ended_early)
        return VerifiedResult(result, outcome, path)

    def _all_saved(self) -> bool:
        return all(s.result_path is not None or s.id in self._failed for s in self.room.active())

    @property
    def concluded(self) -> bool:
        """True once the round ended and its ranking is ready."""
        return self.snapshot.concluded

    def result_paths(self) -> list[Path]:
        """Result files written for this room's students (kicked ones excluded)."""
        return [s.result_path for s in self.room.active() if s.result_path is not None]

    async def _conclude(self) -> None:
        """The end: the class ranking and lesson view from the results, and their CSV."""
        loop = asyncio.get_running_loop()
        standings, lesson = await loop.run_in_executor(self._files, self._standings)
        self.snapshot.standings, self.snapshot.lesson = tuple(standings), tuple(lesson)
        self._teams = tuple(self._final_teams(standings))
        self.snapshot.team_table = self._teams
        # Set before the CSV and the report are written: both list the flagged clues.
        self.snapshot.flagged = tuple(flagged_clues([(s.name, s.entry.outcome) for s in standings]))
        try:
            csv_path = await loop.run_in_executor(self._files, self._write_csv, standings, lesson)
        except Exception as exc:  # the ranking stands; only its file is missing, said
            self._report(f"class CSV not written: {type(exc).__name__}: {exc}")
        else:
            self.snapshot.csv_path = csv_path
        try:
            await loop.run_in_executor(self._files, self._write_report, standings, lesson)
        except Exception as exc:  # the ranking stands; only the report is missing, said
            self._report(f"lesson report not written: {type(exc).__name__}: {exc}")
        self.snapshot.concluded = True
        await self._broadcast_states()

    def _standings(self) -> tuple[list[Standing], list[TargetStats]]:
        entries = []
        for path in self.result_paths():
            try:
                signature, entry = self._verified.get(path, (None, None))
                if entry is None or signature != _signature(path):  # changed since: again
                    entry = self._verify(path)
                entries.append(entry)
            except (ResultError, OSError) as exc:  # a file damaged since it was written: said
                self._report(f"left out of the ranking: {exc}")
        standings = rank_results(entries)
        lesson = lesson_view([(s.name, s.entry.outcome) for s in standings])
        return standings, lesson

    def _final_teams(self, standings: list[Standing]) -> list[TeamStanding]:
        """The team table of the verified results (empty in individual play)."""
        if not self.room.teams:
            return []
        return team_standings(
            ((s.entry.result.team, s.score) for s in standings if s.entry.result.team),
            [team_name(n) for n in range(1, self.room.teams + 1)],
        )

    def _write_csv(self, standings: list[Standing], lesson: list[TargetStats]) -> Path:
        code = self.room.challenge.code
        csv_path = self.results_folder / f"{code}_class.csv"
        text = leaderboard_csv(
            code, standings, lesson, teams=self._teams, flagged=self.snapshot.flagged
        )
        atomic_write_bytes(csv_path, text.encode("utf-8"))
        return csv_path

    def _write_report(self, standings: list[Standing], lesson: list[TargetStats]) -> Path:
        code = self.room.challenge.code
        path = self.results_folder / f"{code}_report.html"
        page = lesson_report_html(
            code, standings, lesson, teams=self._teams, flagged=self.snapshot.flagged
        )
        atomic_write_bytes(path, page.encode("utf-8"))
        return path

    def _report(self, text: str) -> None:
        """An error the teacher must hear of: on the projector and in the log."""
        self._errors.append(text)
        log.warning("%s", text)

    # -- the snapshot ---------------------------------------------------------------------

    def refresh_snapshot(self) -> None:
        """Copy what the projector draws (called on the loop after every change)."""
        room = self.room
        old = self.snapshot
        active = room.active()
        self.snapshot = Snapshot(
            phase=room.phase,
            countdown=room.countdown(),
            seconds_left=room.seconds_left(),
            locked=room.locked,
            students=tuple((s.id, s.name, self.outbox.connected(s.id)) for s in active),
            teams=room.teams,
            student_teams=tuple(s.team for s in active),
            team_table=self._teams or tuple(room.team_table()),
            top=tuple(room.top()),
            finished_games=sum(1 for s in active if s.result_path is not None),
            connections=self.outbox.connections(),
            standings=old.standings,
            lesson=old.lesson,
            flagged=old.flagged,
            csv_path=old.csv_path,
            errors=tuple(self._errors[-3:]),
            concluded=old.concluded,
            max_players=room.max_players,
        )

    def shutdown(self) -> None:
        """Wait for the ranking and result threads to finish their work."""
        self._work.shutdown(wait=True)
        self._files.shutdown(wait=True)

    # -- sending --------------------------------------------------------------------------

    async def _send_state(self, student: Student) -> None:
        await self.outbox.send(student.id, protocol.state_message(self.room, student))

    async def _broadcast_lobby(self) -> None:
        if self.room.phase in (LOBBY, COUNTDOWN):
            await self.outbox.broadcast(protocol.lobby_message(self.room))

    async def _broadcast_states(self) -> None:
        places = {line.student_id: line.place for line in self.room.standings()}
        for student in self.room.active():
            message = protocol.state_message(self.room, student, places.get(student.id))
            await self.outbox.send(student.id, message)


def _signature(path: Path) -> tuple[int, int]:
    """Size and modification time: a file rewritten since it was verified differs."""
    stat = path.stat()
    return (stat.st_size, stat.st_mtime_ns)
