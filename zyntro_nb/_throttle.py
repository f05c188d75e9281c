"""A pause shared by the workers of one bulk call: a 429 seen by any of them slows all of them.

When one worker is told to wait (HTTP 429, ``Retry-After``), every worker waits
until that moment before its next request; afterwards they run at full speed
again. Waiting ends early when the bulk is stopping (Ctrl-C, ``stop_on_error``).

Example::

    >>> waits = []
    >>> t = Throttle(sleep=waits.append, clock=lambda: 100.0)
    >>> t.pause(2.0)
    >>> t.wait(), waits, t.pauses
    (True, [2.0], 1)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Throttle:
    """The moment before which no worker may send, and whether the bulk is stopping.

    ``sleep`` and ``clock`` are injectable so tests never wait; by default a
    wait is cut short as soon as :meth:`stop` is called.
    """

    def __init__(
        self,
        sleep: Callable[[float], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stopping = threading.Event()
        self._sleep = sleep if sleep is not None else self._stopping.wait
        self._clock = clock
        self._lock = threading.Lock()
        self._until = 0.0
        self.pauses = 0
        self.paused_seconds = 0.0

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self) -> None:
        """No more waiting and no more retries: the bulk is ending."""
        self._stopping.set()

    def pause(self, seconds: float) -> None:
        """Hold every worker for ``seconds`` from now (a later end than the current one wins)."""
        if seconds <= 0:
            with self._lock:
                self.pauses += 1
            return
        with self._lock:
            until = self._clock() + seconds
            if until > self._until:
                self.paused_seconds += until - max(self._until, self._clock())
                self._until = until
            self.pauses += 1

    def wait(self) -> bool:
        """Wait out the current pause; False when the bulk is stopping (send nothing more)."""
        with self._lock:
            remaining = self._until - self._clock()
        if remaining > 0 and not self.stopping:
            self._sleep(remaining)
        return not self.stopping
