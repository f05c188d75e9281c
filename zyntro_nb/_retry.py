"""When to retry a request and how long to wait: small functions, tested with tables.

Catalogued reads, and writes the contract documents as idempotent
(``Endpoint.retried``), are retried on transient failures; every other write (and
any endpoint the catalog does not know) is sent once. One call has a total time
budget (``deadline``) covering its attempts and the waits between them.

Example::

    >>> policy = RetryPolicy(max_retries=2)
    >>> policy.delay(0, retry_after=3.0)
    3.0
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ._defaults import (
    CALL_DEADLINE,
    MAX_RETRIES,
    RETRY_AFTER_CAP,
    RETRY_BASE_DELAY,
    RETRY_MAX_DELAY,
    RETRY_STATUSES,
)
from ._errors import (
    ConnectionFailedError,
    RateLimitError,
    RequestTimeoutError,
    ResponseFormatError,
    ServerError,
    ZyntroError,
)

# Odd answers worth another try: a proxy's page or an answer cut off in transit.
RETRY_FORMAT_KINDS = frozenset({"html", "truncated", "empty", "undecodable"})


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry, how to space the tries, and one call's total time budget.

    ``sleep``, ``clock`` and ``random`` are injectable so tests never wait.

    Guide: docs/guides/errors.md
    """

    max_retries: int = MAX_RETRIES
    base_delay: float = RETRY_BASE_DELAY
    max_delay: float = RETRY_MAX_DELAY
    retry_after_cap: float = RETRY_AFTER_CAP
    statuses: frozenset[int] = RETRY_STATUSES
    deadline: float = CALL_DEADLINE
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)
    random: Callable[[], float] = field(default=random.random, compare=False, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)

    def with_retries(self, max_retries: int | None) -> RetryPolicy:
        """This policy with ``max_retries`` changed (None: unchanged), as ``call(..., max_retries=…)`` does.

        Example::

            >>> RetryPolicy().with_retries(0).max_retries
            0
        """
        return self if max_retries is None else replace(self, max_retries=max_retries)

    def with_deadline(self, deadline: float | None) -> RetryPolicy:
        """This policy with the total time budget changed (None: unchanged), as ``call(..., deadline=…)`` does.

        Example::

            >>> RetryPolicy().with_deadline(30.0).deadline
            30.0
        """
        return self if deadline is None else replace(self, deadline=deadline)

    def is_retryable(self, error: ZyntroError) -> bool:
        """Would trying again plausibly help? (Connection trouble, timeouts, 429, 500, 502–504,
        a proxy's HTML page, a truncated, empty or undecodable body.)

        Guide: docs/guides/errors.md
        """
        if isinstance(error, (ConnectionFailedError, RequestTimeoutError)):
            return True
        if isinstance(error, (RateLimitError, ServerError)):
            return error.status_code in self.statuses
        if isinstance(error, ResponseFormatError):
            return error.kind in RETRY_FORMAT_KINDS
        return False

    def should_retry(self, *, read_only: bool, attempt: int, error: ZyntroError) -> bool:
        """Retry only resendable calls (reads, idempotent writes), only retryable failures, while tries
        remain (``attempt`` counts from 0).

        Guide: docs/guides/errors.md
        """
        return read_only and attempt < self.max_retries and self.is_retryable(error)

    def waits_too_long(self, retry_after: float | None, remaining: float) -> bool:
        """True when the server's Retry-After exceeds the cap or what is left of the call's budget.

        Guide: docs/guides/errors.md
        """
        return retry_after is not None and retry_after > min(self.retry_after_cap, remaining)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt + 1``.

        The server's Retry-After wins (capped); otherwise exponential backoff with
        jitter: a random wait between half and all of ``base * 2**attempt``, capped.

        Guide: docs/guides/errors.md
        """
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.retry_after_cap)
        ceiling = min(self.base_delay * (2**attempt), self.max_delay)
        return ceiling * (0.5 + 0.5 * self.random())


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date.

    ``None`` when absent or unusable: garbage, negative, non-finite, or a date in the past
    all count as absent (the usual backoff applies).
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        import email.utils  # only for HTTP-date values; kept off `import zyntro_nb`

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds
