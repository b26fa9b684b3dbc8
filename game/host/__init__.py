"""The classroom host: students join a round from a browser on the local network.

A round service without network code (``service``) keeps every student's game
(``room``), journals each accepted action in SQLite (``journal``) and writes the
results; a thin aiohttp transport (``server``) serves the web client (``static/``)
and carries the WebSocket messages (``protocol``) to and from it.
Never pygame: the projector scenes in ``game.ui`` only read its snapshot.
The names below are imported on first use, so ``game.host.room`` alone (for its
limits, say) does not load aiohttp.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "Room": "room",
    "Student": "room",
    "HostServer": "server",
    "RoundService": "service",
    "Snapshot": "service",
    "DEFAULT_PORT": "setup",
    "HostInfo": "setup",
    "join_address": "setup",
    "join_url": "setup",
    "lan_address": "setup",
    "new_host": "setup",
    "resume_host": "setup",
    "start_host": "setup",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'game.host' has no attribute {name!r}")
    return getattr(importlib.import_module(f"game.host.{home}"), name)
