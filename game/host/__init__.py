"""The classroom host: students join a round from a browser on the local network.

A round service without network code (``service``) keeps every student's game
(``room``), journals each accepted action in SQLite (``journal``) and writes the
results; a thin aiohttp transport (``server``) serves the web client (``static/``)
and carries the WebSocket messages (``protocol``) to and from it.
Never pygame: the projector scenes in ``game.ui`` only read its snapshot.
"""

from game.host.room import Room, Student
from game.host.server import HostServer
from game.host.service import RoundService, Snapshot
from game.host.setup import (
    DEFAULT_PORT,
    HostInfo,
    join_address,
    join_url,
    lan_address,
    new_host,
    resume_host,
    start_host,
)

__all__ = [
    "DEFAULT_PORT",
    "HostInfo",
    "HostServer",
    "Room",
    "RoundService",
    "Snapshot",
    "Student",
    "join_address",
    "join_url",
    "lan_address",
    "new_host",
    "resume_host",
    "start_host",
]
