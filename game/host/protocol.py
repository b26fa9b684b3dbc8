"""The WebSocket messages between a student's browser and the host, as JSON objects.

Client -> host: ``join`` {room, name, device?, team?}, ``rejoin`` {token}, ``clue`` {clue},
``why`` (explain my last clue's ranking), ``flag`` {clue} (the ranking of the last clue is
not what the student meant), ``ping``. Host -> client: ``joined``, ``lobby``, ``state``,
``top``, ``why``, ``refused``, ``error``, ``kicked``, ``closing``, ``pong``. Every refusal
carries a stable ``code``
(game.host.codes) that the page switches on, and an English ``message`` to show.
Anything else, too large or not a JSON object is refused with an ``error`` message;
the connection and the host go on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from game.classroom.teams import colour_hex, team_name
from game.host import codes
from game.host.codes import Refusal
from game.host.ranking import TopLine
from game.host.room import COUNTDOWN, FINISHED, PLAYING, Room, Student

Message = dict[str, Any]

MAX_MESSAGE_CHARS = 1024
MAX_TEACHER_BODY_CHARS = 1024
MAX_DEPTH = 4  # nesting of objects and arrays; no valid message goes deeper than 1


@dataclass(frozen=True)
class FieldRule:
    """One field of a message: its exact type, whether it must be there, its longest text."""

    kind: type
    required: bool = True
    max_chars: int = 0


Fields = Mapping[str, FieldRule]
# Client messages by type, field by field (no other field is accepted).
MESSAGE_FIELDS: dict[str, Fields] = {
    "join": {
        "room": FieldRule(str, max_chars=16),
        "name": FieldRule(str, max_chars=64),
        "device": FieldRule(str, required=False, max_chars=64),
        "team": FieldRule(int, required=False),  # 1-based; left out: the smallest team
    },
    "rejoin": {
        "token": FieldRule(str, max_chars=64),
        "device": FieldRule(str, required=False, max_chars=64),
    },
    "clue": {"clue": FieldRule(str, max_chars=100)},
    "why": {},  # explain the ranking of my last clue
    "flag": {"clue": FieldRule(str, max_chars=100)},
    "ping": {},
}
CLIENT_TYPES = tuple(MESSAGE_FIELDS)
# The body of a teacher request (POST /teacher/ACTION), all fields optional.
TEACHER_FIELDS: Fields = {
    "student": FieldRule(int, required=False),
    "players": FieldRule(int, required=False),
    "bar_address": FieldRule(bool, required=False),
    "teams": FieldRule(int, required=False),
}


class BadMessage(Refusal):
    """A client message the host refuses; sent back as an ``error``."""


def read_json_object(
    text: str, max_chars: int, fields: Fields | Callable[[Message], Fields]
) -> Message:
    """The one gate for text from the network: a JSON object within the size and depth
    limits, every string encodable UTF-8, exactly the ``fields`` (or those its type
    calls for) with exactly their types (a bool is not an int). Raises BadMessage;
    nothing else gets through."""
    if len(text) > max_chars:
        raise BadMessage(codes.TOO_LARGE, f"message too large (over {max_chars} characters)")
    if nesting_depth(text) > MAX_DEPTH:
        raise BadMessage(codes.TOO_DEEP, "message nested too deeply")
    try:
        data = json.loads(text)
    except ValueError:
        raise BadMessage(codes.MALFORMED, "malformed message (not JSON)") from None
    if not isinstance(data, dict):
        raise BadMessage(codes.MALFORMED, "malformed message (not an object)")
    for key, value in data.items():
        if not _encodable(key) or (isinstance(value, str) and not _encodable(value)):
            raise BadMessage(codes.BAD_TEXT, "text that is not valid Unicode")
    if callable(fields):
        fields = fields(data)
    for key in data:
        if key not in fields:
            raise BadMessage(codes.MALFORMED, f"unknown field {_shown(key)}")
    for key, rule in fields.items():
        if key not in data:
            if rule.required:
                raise BadMessage(codes.MALFORMED, f"field {key!r} is missing")
            continue
        value = data[key]
        if type(value) is not rule.kind:  # exact: True is an int to isinstance
            wanted = {str: "text", int: "a number", bool: "true or false"}[rule.kind]
            raise BadMessage(codes.MALFORMED, f"field {key!r} must be {wanted}")
        if isinstance(value, str) and rule.max_chars and len(value) > rule.max_chars:
            raise BadMessage(codes.TOO_LARGE, f"field {key!r} is too long")
    return data


def nesting_depth(text: str) -> int:
    """The deepest nesting of [ and { outside JSON strings, found by one scan (no
    recursion, so ``"[" * 100000`` costs nothing but its length)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_message(text: str) -> Message:
    """A client's WebSocket message, checked field by field; raises BadMessage."""
    return read_json_object(text, MAX_MESSAGE_CHARS, _message_fields)


def _message_fields(data: Message) -> Fields:
    kind = data.get("type")
    if not isinstance(kind, str):
        raise BadMessage(codes.MALFORMED, "malformed message (no type)")
    if kind not in MESSAGE_FIELDS:
        raise BadMessage(codes.UNKNOWN_TYPE, "unknown message type")
    return {"type": FieldRule(str, max_chars=16), **MESSAGE_FIELDS[kind]}


def parse_teacher_body(body: bytes) -> Message:
    """The JSON body of a teacher request (empty means no fields); raises BadMessage."""
    if not body.strip():
        return {}
    if len(body) > MAX_TEACHER_BODY_CHARS * 4:
        raise BadMessage(codes.TOO_LARGE, "request body too large")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadMessage(codes.BAD_TEXT, "the body is not UTF-8") from None
    return read_json_object(text, MAX_TEACHER_BODY_CHARS, TEACHER_FIELDS)


def text_field(data: Message, key: str) -> str:
    """A text field of a checked message ("" for an optional one left out)."""
    value = data.get(key, "")
    if not isinstance(value, str):
        raise BadMessage(codes.MALFORMED, f"field {key!r} must be text")
    return value


def team_field(data: Message, teams: int) -> int | None:
    """The team a checked ``join`` asks for (None: none chosen), which must be one of the
    room's ``teams``; raises BadMessage otherwise (and for any team in individual play)."""
    team = data.get("team")
    if team is None:
        return None
    if type(team) is not int or not 1 <= team <= teams:
        if not teams:
            raise BadMessage(codes.BAD_TEAM, "this round is played without teams")
        raise BadMessage(codes.BAD_TEAM, f"choose a team from 1 to {teams}")
    return team


def teams_list(room: Room) -> list[Message]:
    """The room's teams for the page: number, name, colour and how many are in each."""
    counts = [0] * room.teams
    for student in room.active():
        if 1 <= student.team <= room.teams:
            counts[student.team - 1] += 1
    return [
        {
            "team": n,
            "name": team_name(n),
            "colour": colour_hex(team_name(n)),
            "players": counts[n - 1],
        }
        for n in range(1, room.teams + 1)
    ]


def teams_message(room: Room) -> Message:
    """The teams a page may choose on the join form (sent when a page opens)."""
    return {"type": "teams", "teams": teams_list(room)}


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(key: str) -> str:
    return repr(key[:20]) if _encodable(key) else "(not valid Unicode)"


def error(refusal: Refusal) -> Message:
    """A refusal of a message or a request (not of a clue)."""
    return {"type": "error", "code": refusal.code, "message": refusal.reason}


def why_message(explanation: Message) -> Message:
    """The explanation of a student's last clue (`Explanation.to_json()`, less the vector)."""
    return {"type": "why", **{k: v for k, v in explanation.items() if k != "vector"}}


def cooldown_text(seconds: int) -> str:
    """What a student reads when a clue comes during a miss's cooldown."""
    return f"Wait {seconds} s: after a miss, clues cool down."


def refused(code: str, message: str, seconds: int | None = None) -> Message:
    """A refused clue: the rules' reason code and the text to show (and, for a cooldown,
    the whole seconds to wait)."""
    message_out: Message = {"type": "refused", "code": code, "message": message}
    if seconds is not None:
        message_out["seconds"] = seconds
    return message_out


def joined_message(room: Room, student: Student) -> Message:
    """Welcome: the name as the host keeps it and the token to rejoin with."""
    return {
        "type": "joined",
        "token": student.token,
        "name": student.name,
        "room": room.code,
        "team": room.team_of(student),
    }


def top_message(room: Room, lines: list[TopLine]) -> Message:
    """The live top 10, with the time left and the class size."""
    return {
        "type": "top",
        "phase": room.phase,
        "seconds_left": round(room.seconds_left(), 1),
        "players": len(room.active()),
        "lines": [
            {
                "name": line.name,
                "score": line.score,
                "clues": line.clues,
                "done": line.done,
                "place": line.place,
            }
            for line in lines
        ],
        "teams": [
            {
                "name": t.name,
                "colour": colour_hex(t.name),
                "mean": round(t.mean, 1),
                "members": t.members,
                "place": t.place,
            }
            for t in room.team_table()
        ],
    }


def lobby_message(room: Room, recent: int = 12) -> Message:
    """Who is in the lobby: the count and the latest names."""
    active = room.active()
    return {
        "type": "lobby",
        "phase": room.phase,
        "countdown": room.countdown(),
        "players": len(active),
        "names": [s.name for s in active[-recent:]],
        "locked": room.locked,
        "teams": teams_list(room),
    }


def state_message(room: Room, student: Student, place: int | None = None) -> Message:
    """Everything a student's page draws: the round's figures common to both modes, then
    the mode's own (Arcade's stack and ranking, Blocks' grid and turn: `HostGame`)."""
    state = student.state
    if place is None and room.phase in (PLAYING, FINISHED):
        place = room.place_of(student)
    message: Message = {
        "type": "state",
        "mode": room.game.mode,
        "round": room.description,
        "phase": room.phase,
        "countdown": room.countdown() if room.phase == COUNTDOWN else 0,
        "seconds_left": round(room.seconds_left(), 1),
        "name": student.name,
        "team": room.team_of(student),
        "score": state.score,
        "clues": state.stats.clues_used,
        "game_over": state.game_over,
        "place": place if room.phase in (PLAYING, FINISHED) else None,
        "players": len(room.active()),
    }
    fields = room.game.state_fields(
        state, student.recorder, room.phase == FINISHED, room.time_limit
    )
    message.update(fields)
    return message
