"""Flood limits of the sign-up form: how many confirmation mails go out an hour.

Per visitor and in all, over a moving hour (the `limits` library, in memory: a restart
of the service starts counting anew). A visitor is the client's IP address as the
service sees it: the reverse proxy's X-Forwarded-For is believed only when the request
comes from a trusted proxy (uvicorn's ProxyHeadersMiddleware does that part). An IPv6
visitor counts by the /64 network, since one home or server gets a whole /64 to choose
addresses from. The variants of one mailbox are held back by the store (one mail per
mailbox per ten minutes, see signups.py).
"""

from __future__ import annotations

import ipaddress
import sys
import time
from collections.abc import Callable

from limits import RateLimitItemPerHour
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

WARN_EVERY = 600.0  # seconds between two notes in the service's output about one limit


def visitor(host: str | None) -> str:
    """Who counts as one visitor: an IPv4 address, or an IPv6 /64 network."""
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is 192.0.2.1
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class FloodGate:
    def __init__(self, per_client: int, per_hour: int,
                 note: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
                 monotonic: Callable[[], float] = time.monotonic):
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.per_client = RateLimitItemPerHour(per_client)
        self.per_hour = RateLimitItemPerHour(per_hour)
        self.note = note
        self.monotonic = monotonic
        self.noted: dict[str, float] = {}

    def admit(self, host: str | None) -> bool:
        """True: one more confirmation mail may go out for this visitor (and it is counted)."""
        client = visitor(host)
        if not self.limiter.test(self.per_client, "signup-client", client):
            self._note("per visitor", self.per_client.amount)
            return False
        if not self.limiter.test(self.per_hour, "signup-all"):
            self._note("in all", self.per_hour.amount)
            return False
        self.limiter.hit(self.per_client, "signup-client", client)
        self.limiter.hit(self.per_hour, "signup-all")
        return True

    def _note(self, which: str, amount: int) -> None:
        """A line for whoever runs the service (no address, no IP: counts only)."""
        now = self.monotonic()
        if now - self.noted.get(which, -WARN_EVERY) >= WARN_EVERY:
            self.noted[which] = now
            self.note(f"Sign-up limit reached ({amount} confirmation mails an hour {which}): "
                      "further sign-ups get the usual page, but no mail, until the hour has "
                      "passed. Raise newsletter.signup_limits in mkdocs.yml if these are "
                      "real visitors.")
