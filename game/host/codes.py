"""Why the host refuses something: a stable code the web client switches on, and the text.

Every refusal the host sends carries ``code`` (one of the names below, never changed
once published) and ``message`` (English, for display only).
"""

from __future__ import annotations

from game.errors import HostError

# A message that is not one the host understands.
MALFORMED = "malformed"  # not JSON, not an object, no type, a field of the wrong type
TOO_LARGE = "too_large"
TOO_DEEP = "too_deep"
BAD_TEXT = "bad_text"  # text that is not encodable UTF-8 (a lone surrogate)
UNKNOWN_TYPE = "unknown_type"
BINARY = "binary"
TOO_MANY_MESSAGES = "too_many_messages"
# Joining.
BAD_CODE = "bad_code"
RATE_LIMITED = "rate_limited"
LOCKED = "locked"
ROUND_OVER = "round_over"
TOO_LATE = "too_late"
ROOM_FULL = "room_full"
NAME_BLANK = "name_blank"
NAME_OFFENSIVE = "name_offensive"
NAME_TAKEN = "name_taken"
ALREADY_JOINED = "already_joined"
BARRED = "barred"  # this device was removed by the teacher
UNKNOWN_PLAYER = "unknown_player"
KICKED = "kicked"
BAD_TEAM = "bad_team"  # a team number the room does not have (or teams in individual play)
NOT_JOINED = "not_joined"
# Clues (the rules' own reasons, game.clues.REASONS, are codes as well).
NOT_PLAYING = "not_playing"
TOO_FAST = "too_fast"
COOLDOWN = "cooldown"  # a miss's cooldown (game.rules.COOLDOWN); the message has "seconds"
GAME_OVER = "game_over"
COOLDOWN = "cooldown"  # a clue during a miss's cooldown (the rules' COOLDOWN)
# Flags of a clue's ranking ("that's not what I meant").
NO_CLUE = "no_clue"  # no ranked clue yet to explain ("Why?") or to flag
NOT_LAST_CLUE = "not_last_clue"  # only the last clue's ranking can be flagged
ALREADY_FLAGGED = "already_flagged"  # at most one flag per clue
OPENED_ELSEWHERE = "opened_elsewhere"  # the same student opened more pages than allowed
HOST_STOPPED = "host_stopped"  # the host closes mid-round (it may be resumed)
FORBIDDEN = "forbidden"  # a request from another site, or to a name not this host's
# Teacher requests.
TEACHER_ONLY = "teacher_only"
NO_STUDENT = "no_student"
UNKNOWN_ACTION = "unknown_action"
ALREADY_STARTED = "already_started"


class Refusal(HostError):
    """A request the host turns down: ``code`` for programs, ``reason`` for people."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
