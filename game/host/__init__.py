"""The classroom host: students join a round from a browser on the local network.

An aiohttp server (``server``) keeps every student's game (``room``), journals each
accepted action in SQLite (``journal``) and serves the web client (``static/``).
Never pygame: the projector scenes in ``game.ui`` only read its snapshot.
"""

from game.host.room import Room, Student
from game.host.server import HostServer, Snapshot
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
    "Snapshot",
    "Student",
    "join_address",
    "join_url",
    "lan_address",
    "new_host",
    "resume_host",
    "start_host",
]
