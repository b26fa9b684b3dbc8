"""The WebSocket messages between a student's browser and the host, as JSON objects.

Client -> host: ``join`` {room, name}, ``rejoin`` {token}, ``clue`` {clue}, ``ping``.
Host -> client: ``joined``, ``lobby``, ``state``, ``top``, ``refused``, ``error``,
``kicked``, ``pong``. Anything else, too large or not a JSON object is refused with
an ``error`` message; the connection and the host go on.
"""

from __future__ import annotations

import json
from typing import Any

from game.host.room import (
    COUNTDOWN,
    FINISHED,
    PLAYING,
    Room,
    Student,
    TopLine,
)

MAX_MESSAGE_CHARS = 1024
CLIENT_TYPES = ("join", "rejoin", "clue", "ping")


class BadMessage(ValueError):
    """A client message the host refuses; the text is sent back as the reason."""


def parse_message(text: str) -> dict[str, Any]:
    """A client's message as a dict with a known ``type``; raises BadMessage."""
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadMessage(f"message too large (over {MAX_MESSAGE_CHARS} characters)")
    try:
        data = json.loads(text)
    except ValueError:
        raise BadMessage("malformed message (not JSON)") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise BadMessage("malformed message (no type)")
    if data["type"] not in CLIENT_TYPES:
        raise BadMessage("unknown message type")
    return data


def text_field(data: dict[str, Any], key: str) -> str:
    """A string field of a message; raises BadMessage when missing or not a string."""
    value = data.get(key)
    if not isinstance(value, str):
        raise BadMessage(f"field {key!r} must be text")
    return value


def error(reason: str) -> dict[str, Any]:
    """A refusal of a message (not of a clue)."""
    return {"type": "error", "reason": reason}


def top_message(room: Room, lines: list[TopLine]) -> dict[str, Any]:
    """The live top 10, with the time left and the class size."""
    return {
        "type": "top",
        "phase": room.phase,
        "seconds_left": round(room.seconds_left(), 1),
        "players": len(room.active()),
        "lines": [
            {"name": line.name, "score": line.score, "clues": line.clues, "done": line.done}
            for line in lines
        ],
    }


def lobby_message(room: Room, recent: int = 12) -> dict[str, Any]:
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


def state_message(room: Room, student: Student) -> dict[str, Any]:
    """Everything a student's page draws: stack, score, streak, time and the last ranking."""
    state = student.state
    settings = state.settings
    last = state.last_clue
    message: dict[str, Any] = {
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
        "place": room.place_of(student) if room.phase in (PLAYING, FINISHED) else None,
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
