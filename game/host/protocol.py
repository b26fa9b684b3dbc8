"""The WebSocket messages between a student's browser and the host, as JSON objects.

Client -> host: ``join`` {room, name, device?}, ``rejoin`` {token}, ``clue`` {clue},
``ping``. Host -> client: ``joined``, ``lobby``, ``state``, ``top``, ``refused``,
``error``, ``kicked``, ``closing``, ``pong``. Every refusal carries a stable ``code``
(game.host.codes) that the page switches on, and an English ``message`` to show.
Anything else, too large or not a JSON object is refused with an ``error`` message;
the connection and the host go on.
"""

from __future__ import annotations

import json
from typing import Any

from game.host import codes
from game.host.codes import Refusal
from game.host.ranking import TopLine
from game.host.room import COUNTDOWN, FINISHED, PLAYING, Room, Student

Message = dict[str, Any]

MAX_MESSAGE_CHARS = 1024
CLIENT_TYPES = ("join", "rejoin", "clue", "ping")


class BadMessage(Refusal):
    """A client message the host refuses; sent back as an ``error``."""


def parse_message(text: str) -> Message:
    """A client's message as a dict with a known ``type``; raises BadMessage."""
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadMessage(
            codes.TOO_LARGE, f"message too large (over {MAX_MESSAGE_CHARS} characters)"
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise BadMessage(codes.MALFORMED, "malformed message (not JSON)") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise BadMessage(codes.MALFORMED, "malformed message (no type)")
    if data["type"] not in CLIENT_TYPES:
        raise BadMessage(codes.UNKNOWN_TYPE, "unknown message type")
    return data


def text_field(data: Message, key: str) -> str:
    """A string field of a message; raises BadMessage when missing or not a string."""
    value = data.get(key)
    if not isinstance(value, str):
        raise BadMessage(codes.MALFORMED, f"field {key!r} must be text")
    return value


def error(refusal: Refusal) -> Message:
    """A refusal of a message or a request (not of a clue)."""
    return {"type": "error", "code": refusal.code, "message": refusal.reason}


def refused(code: str, message: str) -> Message:
    """A refused clue: the rules' reason code and the text to show."""
    return {"type": "refused", "code": code, "message": message}


def joined_message(room: Room, student: Student) -> Message:
    """Welcome: the name as the host keeps it and the token to rejoin with."""
    return {"type": "joined", "token": student.token, "name": student.name, "room": room.code}


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
    }


def state_message(room: Room, student: Student, place: int | None = None) -> Message:
    """Everything a student's page draws: stack, score, streak, time and the last ranking."""
    state = student.state
    settings = state.settings
    last = state.last_clue
    if place is None and room.phase in (PLAYING, FINISHED):
        place = room.place_of(student)
    message: Message = {
        "type": "state",
        "phase": room.phase,
        "countdown": room.countdown() if room.phase == COUNTDOWN else 0,
        "seconds_left": round(room.seconds_left(), 1),
        "name": student.name,
        "score": state.score,
        "streak": state.streak,
        "streak_length": settings.streak_length,
        "stage": state.stage,
        "zone": state.zone,  # rows of the clear zone for the stack as it is now
        "max_height": settings.max_stack_height,
        "stack": [{"id": w.uid, "word": w.text, "target": w.is_target} for w in state.stack],
        "clues": state.stats.clues_used,
        "game_over": state.game_over,
        "time_up": state.game_over and state.tick >= room.challenge.time_limit,
        "place": place if room.phase in (PLAYING, FINISHED) else None,
        "players": len(room.active()),
        "last": None,
    }
    if last is not None:
        message["last"] = {
            "clue": last.clue,
            "points": last.points,
            "success": last.success,
            "ranking": [
                {
                    "word": r.text,
                    "score": round(r.score, 3),
                    "rank": r.rank,
                    "target": r.is_target,
                    "cleared": r.cleared,
                }
                for r in last.ranking
            ],
        }
    return message
