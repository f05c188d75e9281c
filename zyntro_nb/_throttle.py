"""The pace shared by the workers of one bulk call: learned from the server's 429s, kept by all workers.

Every request asks :meth:`Throttle.acquire` first and calls :meth:`Throttle.release`
when its answer (or failure) is in. A 429 closes the gate for the wait the server
asks (``Retry-After``) and lets only one request through at a time afterwards; each
answer that is not a 429 doubles how many may run at once, back to the full
concurrency. Waiting ends as soon as the bulk is stopping (Ctrl-C, ``stop_on_error``).

**Learning the rate.** A 429 that starts a new episode (one arriving after the gate
reopened) means the server's allowance is used up at that moment. Between two such moments
the server let through exactly what it refills, so the answers counted between them,
divided by the time, measure the rate it allows. From then on request starts are paced
at a little under that rate (:data:`PACE_MARGIN`) by a token bucket of one second's worth
(GCRA: each start reserves the next free slot, so a worker sleeps once, outside the lock),
and the bucket fills during a pause like the server's does, so a pause costs no pace. A
429 while paced lowers the rate (multiplicative decrease). Until the first 429 nothing is
paced, so a server without a limit sees the bulk's full concurrency.

Why rate-based pacing rather than AIMD on concurrency: a rate limit caps requests per
second, not requests in flight; with 20 ms answers, 16 workers ask for 800/s and even one
worker asks for 50/s, so lowering concurrency either overshoots a 100/s limit (more 429s)
or idles (lost pace). Spacing starts at the measured rate meets the limit whatever the
latency.

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

PACE_MARGIN = 0.97  # pace at this share of the measured rate: a little under it, so the server's bucket never empties
PACE_DECREASE = 0.85  # a 429 while paced: the pace was too fast, slow down by this factor
PACE_BURST_SECONDS = 1.0  # the client's bucket holds this many seconds of the pace (what a pause lets accumulate)
MIN_EPISODE_GAP = 0.05  # seconds: 429s closer than this to the last episode belong to it (answers in flight)


class Stopped(Exception):
    """The bulk is stopping: this request was not sent."""


class Throttle:
    """How many requests may be in flight now, the moment before which none may start, and the pace.

    ``sleep`` and ``clock`` are injectable so tests never wait; by default a wait is cut
    short as soon as :meth:`stop` is called. ``rate`` is the learned pace (requests per
    second; None until two 429 episodes have measured it).
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
        self.rate: float | None = None
        self._tat = 0.0  # GCRA: the theoretical time of the next start at the pace
        self._episode_at: float | None = None  # when the last 429 episode began
        self._answered = 0  # answers other than 429 since then

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self) -> None:
        """No more waiting and no more sending: the bulk is ending."""
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()

    def acquire(self) -> bool:
        """Wait for the gate, a free slot and the pace; False (nothing may be sent) when the bulk is stopping."""
        waited_for = -1.0
        while True:
            with self._cond:
                if self.stopping:
                    return False
                now = self._clock()
                remaining = self._until - now
                if remaining <= 0 or self._until <= waited_for:
                    if self._active < self.limit:
                        self._active += 1
                        pace = self._reserve(now)
                        break
                    self._cond.wait(0.05)
                    continue
                gate = self._until
            self._sleep(remaining)
            waited_for = gate  # an injected sleep does not move the clock: this gate counts as passed
        if pace > 0:
            self._sleep(pace)
            if self.stopping:
                self.release()
                return False
        return True

    def _reserve(self, now: float) -> float:
        """The next start slot at the pace (GCRA), reserved; how long to wait for it (0: go now)."""
        if self.rate is None:
            return 0.0
        interval = 1.0 / self.rate
        tolerance = max(0.0, PACE_BURST_SECONDS - interval)
        slot = max(self._tat, now)
        self._tat = slot + interval
        return max(0.0, slot - tolerance - now)

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
            self._answered += 1
            self._cond.notify_all()

    def penalize(self, wait: float) -> None:
        """A 429: everyone waits ``wait`` seconds from now, then requests go one at a time until answers
        come back without 429; the rate the server allows is learned or lowered (see the module docstring)."""
        with self._cond:
            self.pauses += 1
            self._answered = max(0, self._answered - 1)  # release() counted this 429 as an answer
            self.limit = 1
            now = self._clock()
            self._learn(now)
            until = now + max(0.0, wait)
            if until > self._until:
                self.paused_seconds += until - max(self._until, now)
                self._until = until
            self._cond.notify_all()

    def _learn(self, now: float) -> None:
        """At a new 429 episode the server's allowance is empty: measure its rate since the last one."""
        if now < self._until or (self._episode_at is not None and now - self._episode_at < MIN_EPISODE_GAP):
            return  # an answer in flight when the episode began: the same episode
        if self._episode_at is not None and self._answered > 0:
            measured = self._answered / (now - self._episode_at) * PACE_MARGIN
            self.rate = measured if self.rate is None else min(measured, self.rate * PACE_DECREASE)
        elif self.rate is not None:
            self.rate *= PACE_DECREASE
        if self.rate is not None:
            self._tat = now + max(0.0, PACE_BURST_SECONDS - 1.0 / self.rate)  # the client's bucket is empty too
        self._episode_at = now
        self._answered = 0
