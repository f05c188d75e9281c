"""The pace shared by the workers of one bulk call: a 429 seen by any of them slows all of them.

Every request asks :meth:`Throttle.acquire` first and calls :meth:`Throttle.release`
when its answer (or failure) is in. A 429 closes the gate for the wait the server
asks (``Retry-After``) and lets only one request through at a time afterwards; each
answer that is not a 429 doubles how many may run at once, back to the full
concurrency. Waiting ends as soon as the bulk is stopping (Ctrl-C, ``stop_on_error``).

Reads refused with a 429 are retried from a budget shared by the whole bulk (so a
429 storm ends in answers, not in failed rows), not from each row's own retries.

Example::

    >>> waits = []
    >>> t = Throttle(concurrency=8, sleep=waits.append, clock=lambda: 100.0)
    >>> t.acquire(), t.release(), t.penalize(2.0)
    (True, None, None)
    >>> t.acquire(), waits, t.limit
    (True, [2.0], 1)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ._defaults import BULK_RATE_LIMIT_RETRIES


class Stopped(Exception):
    """The bulk is stopping: this request was not sent."""


class Throttle:
    """How many requests may be in flight now, and the moment before which none may start.

    ``sleep`` and ``clock`` are injectable so tests never wait; by default a wait is cut
    short as soon as :meth:`stop` is called.
    """

    def __init__(
        self,
        concurrency: int = 1,
        sleep: Callable[[float], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
        rate_limit_budget: int = BULK_RATE_LIMIT_RETRIES,
    ) -> None:
        self._stopping = threading.Event()
        self._sleep = sleep if sleep is not None else self._stopping.wait
        self._clock = clock
        self._cond = threading.Condition()
        self._until = 0.0
        self.concurrency = concurrency
        self.limit = concurrency
        self._active = 0
        self.pauses = 0
        self.paused_seconds = 0.0
        self.rate_limit_budget = rate_limit_budget

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self) -> None:
        """No more waiting and no more sending: the bulk is ending."""
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()

    def acquire(self) -> bool:
        """Wait for the gate and a free slot; False (nothing may be sent) when the bulk is stopping."""
        waited_for = -1.0
        while True:
            with self._cond:
                if self.stopping:
                    return False
                remaining = self._until - self._clock()
                if remaining <= 0 or self._until <= waited_for:
                    if self._active < self.limit:
                        self._active += 1
                        return True
                    self._cond.wait(0.05)
                    continue
                gate = self._until
            self._sleep(remaining)
            waited_for = gate  # an injected sleep does not move the clock: this gate counts as passed

    def may_retry(self) -> bool:
        """Whether a read refused with 429 may be tried again: the bulk as a whole has a budget of 429
        retries (one row probing after a pause must not exhaust its own retries on a shared condition)."""
        with self._cond:
            if self.stopping or self.rate_limit_budget <= 0:
                return False
            self.rate_limit_budget -= 1
            return True

    def release(self) -> None:
        """A request finished: its slot is free, and (unless :meth:`penalize` follows) twice as many may run,
        up to the full concurrency."""
        with self._cond:
            self._active = max(0, self._active - 1)
            self.limit = min(self.concurrency, self.limit * 2)
            self._cond.notify_all()

    def penalize(self, wait: float) -> None:
        """A 429: everyone waits ``wait`` seconds from now, then requests go one at a time until answers
        come back without 429."""
        with self._cond:
            self.pauses += 1
            self.limit = 1
            now = self._clock()
            until = now + max(0.0, wait)
            if until > self._until:
                self.paused_seconds += until - max(self._until, now)
                self._until = until
            self._cond.notify_all()
