"""The sandbox's rate limit: a token bucket per API key, answering HTTP 429 with ``Retry-After`` when empty.

``Sandbox(rate_limit="100/s")`` (or ``zyntro-nb sandbox --rate-limit 100/s``) gives every API
key a bucket holding one second's worth of requests (the burst), refilled at the rate. A
request that finds its key's bucket empty is refused before the application sees it (nothing
is applied) with HTTP 429 and ``Retry-After`` in whole seconds, as HTTP defines the header:
the time until a token is back, rounded up. Requests without an API key share one bucket per
developer secret (``developers/fetchIdentifiers``), else per client address.

Example::

    >>> ticks = iter([0.0, 0.0, 0.0, 0.5])
    >>> limiter = RateLimiter(parse_rate("2/s"), clock=lambda: next(ticks))
    >>> limiter.take("key-1"), limiter.take("key-1"), limiter.take("key-1"), limiter.take("key-1")
    (0.0, 0.0, 0.5, 0.0)
    >>> retry_after(0.5)
    1
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable

__all__ = ["RateLimitSpecError", "RateLimiter", "parse_rate", "rate_limited_answer", "retry_after"]

_SPEC = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(s|sec|second|m|min|minute|h|hour)\s*$", re.IGNORECASE)
_PER = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0}


class RateLimitSpecError(ValueError):
    """A ``--rate-limit`` / ``rate_limit=`` text that is not ``N/s`` (or ``N/min``, ``N/h``) with N above 0."""


def parse_rate(text: str | float) -> float:
    """Requests per second from ``"100/s"``, ``"6000/min"`` or ``"3600/h"``.

    Example::

        >>> parse_rate("100/s"), parse_rate("600/min")
        (100.0, 10.0)
    """
    match = _SPEC.match(text) if isinstance(text, str) else None
    if match is None:
        raise RateLimitSpecError(
            f"rate limit {text!r} is not a rate: write it as requests per time unit, e.g. 100/s, 6000/min or "
            "3600/h")
    count, unit = float(match.group(1)), match.group(2).lower()
    if count <= 0:
        raise RateLimitSpecError(f"rate limit {text!r} allows nothing: give more than 0 requests, e.g. 100/s")
    return count / _PER[unit]


def retry_after(wait: float) -> int:
    """``Retry-After`` in whole seconds (HTTP's delay-seconds): the wait rounded up, at least 1."""
    return max(1, math.ceil(wait - 1e-9))


def rate_limited_answer(wait: float) -> tuple[int, dict[str, str], bytes]:
    """The 429 answer for a request that has to wait ``wait`` seconds for a token."""
    seconds = retry_after(wait)
    body = json.dumps({"status": "error", "data": [f"Too many requests; retry after {seconds} seconds"]}).encode()
    return 429, {"Content-Type": "application/json", "Retry-After": str(seconds)}, body


class RateLimiter:
    """Token buckets per key: ``rate`` tokens a second, holding ``burst`` (default: one second's worth)."""

    def __init__(self, rate: float, burst: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1.0, rate if burst is None else burst)
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, when last counted)
        self.refused = 0
        self.allowed = 0

    def take(self, key: str) -> float:
        """Take one token for ``key``: 0.0 when the request may go on, else the seconds until a token is back."""
        with self._lock:
            now = self._clock()
            tokens, then = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                self.allowed += 1
                return 0.0
            self._buckets[key] = (tokens, now)
            self.refused += 1
            return (1.0 - tokens) / self.rate

    def reset(self) -> None:
        """Every bucket full again."""
        with self._lock:
            self._buckets.clear()

    def __repr__(self) -> str:
        return f"<RateLimiter {self.rate:g}/s burst={self.burst:g} allowed={self.allowed} refused={self.refused}>"


def bucket_key(body: bytes, client_ip: str) -> str:
    """Whose bucket a request draws from: its API key, else its developer secret, else its address."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        payload = None
    if isinstance(payload, dict):
        for name in ("api_key", "developer_secret"):
            value = payload.get(name)
            if isinstance(value, str) and value:
                return f"{name}:{value}"
    return f"ip:{client_ip}"
