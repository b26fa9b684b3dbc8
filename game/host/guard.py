"""Who may try to join: limits per client address and devices the teacher removed.

Pure bookkeeping with an injected clock (no network): the transport says which
address and browser device a join comes from, the round service asks here first.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.host import codes
from game.host.codes import Refusal

WINDOW_SECONDS = 60.0
# Wrong room codes one address may type per minute: enough for typos, hopeless for
# guessing one of 23**6 codes.
WRONG_CODES_PER_MINUTE = 5
# New students one address may add per minute (a rejoin with a token is not a join).
JOINS_PER_MINUTE = 20


@dataclass(frozen=True)
class Client:
    """Where a request comes from: the peer address and the browser's device token."""

    address: str = ""
    device: str = ""


@dataclass
class _Window:
    """Times of recent events, forgotten after WINDOW_SECONDS."""

    times: deque[float] = field(default_factory=deque)

    def count(self, now: float) -> int:
        while self.times and now - self.times[0] >= WINDOW_SECONDS:
            self.times.popleft()
        return len(self.times)

    def add(self, now: float) -> None:
        self.times.append(now)


class JoinGuard:
    """Rate limits on joining, per address, and the devices barred by a kick."""

    def __init__(
        self,
        wrong_codes_per_minute: int = WRONG_CODES_PER_MINUTE,
        joins_per_minute: int = JOINS_PER_MINUTE,
    ) -> None:
        self.wrong_codes_per_minute = wrong_codes_per_minute
        self.joins_per_minute = joins_per_minute
        self._wrong: dict[str, _Window] = {}
        self._joins: dict[str, _Window] = {}
        self.barred_devices: set[str] = set()
        self.barred_addresses: set[str] = set()

    def check_barred(self, client: Client) -> None:
        """Refuse a device (or address) the teacher removed, whatever name it types."""
        if (client.device and client.device in self.barred_devices) or (
            client.address and client.address in self.barred_addresses
        ):
            raise Refusal(codes.BARRED, "you were removed from this room")

    def before_join(self, client: Client, now: float) -> None:
        """Refuse a join attempt from an address over its limits (checked before the code,
        so a guesser learns nothing once limited)."""
        self.check_barred(client)
        wrong = self._wrong.get(client.address)
        if wrong is not None and wrong.count(now) >= self.wrong_codes_per_minute:
            raise Refusal(codes.RATE_LIMITED, "too many wrong room codes: wait a minute")
        joins = self._joins.get(client.address)
        if joins is not None and joins.count(now) >= self.joins_per_minute:
            raise Refusal(codes.RATE_LIMITED, "too many joins from this device: wait a minute")

    def wrong_code(self, client: Client, now: float) -> None:
        """Count a wrong room code against the address."""
        self._wrong.setdefault(client.address, _Window()).add(now)

    def joined(self, client: Client, now: float) -> None:
        """Count a new student against the address."""
        self._joins.setdefault(client.address, _Window()).add(now)

    def bar(self, device: str, address: str | None = None) -> None:
        """Keep a removed student's device (and optionally address) out of the room."""
        if device:
            self.barred_devices.add(device)
        if address:
            self.barred_addresses.add(address)
