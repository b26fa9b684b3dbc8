"""The addresses of this machine that students reach the host by."""

from __future__ import annotations

import socket

ANY_ADDRESS = "0.0.0.0"
"""Bind to every interface."""


def lan_address() -> str | None:
    """This machine's IPv4 address on the local network, as its host name resolves (or None).

    Found without sending anything: the addresses the system gives for its own name.
    """
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    for info in infos:
        address = str(info[4][0])
        if not address.startswith("127."):
            return address
    return None


def join_address(bind: str) -> str:
    """The address to show students: the one bound to, or the LAN address for all."""
    if bind != ANY_ADDRESS:
        return bind
    return lan_address() or "127.0.0.1"
