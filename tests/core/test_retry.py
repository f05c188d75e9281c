from __future__ import annotations

import pytest

from zyntro_nb import (
    AuthenticationError,
    ConnectionFailedError,
    RateLimitError,
    RequestTimeoutError,
    ResponseFormatError,
    RetryPolicy,
    ServerError,
    ValidationError,
)
from zyntro_nb._retry import parse_retry_after

POLICY = RetryPolicy(max_retries=3, base_delay=0.5, max_delay=8.0, retry_after_cap=30.0, random=lambda: 1.0)


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (ConnectionFailedError("x"), True),
        (RequestTimeoutError("x"), True),
        (RateLimitError("x", status_code=429), True),
        (ServerError("x", status_code=502), True),
        (ServerError("x", status_code=503), True),
        (ServerError("x", status_code=504), True),
        (ServerError("x", status_code=500), True),
        (ValidationError("x"), False),
        (AuthenticationError("x"), False),
        (ResponseFormatError("x", kind="not_json"), False),
        (ResponseFormatError("x", kind="html"), True),
        (ResponseFormatError("x", kind="truncated"), True),
        (ResponseFormatError("x", kind="redirect"), False),
        (ServerError("x", status_code=501), False),
    ],
    ids=["connection", "timeout", "429", "502", "503", "504", "500", "validation", "auth", "not-json", "html",
         "truncated", "redirect", "501"],
)
def test_is_retryable(error: Exception, retryable: bool) -> None:
    assert POLICY.is_retryable(error) is retryable


@pytest.mark.parametrize(
    ("read_only", "attempt", "expected"),
    [(True, 0, True), (True, 2, True), (True, 3, False), (False, 0, False)],
    ids=["read-first", "read-last-try", "read-exhausted", "write-never"],
)
def test_should_retry_only_reads_within_budget(read_only: bool, attempt: int, expected: bool) -> None:
    assert POLICY.should_retry(read_only=read_only, attempt=attempt, error=ConnectionFailedError("x")) is expected


@pytest.mark.parametrize(
    ("attempt", "retry_after", "expected"),
    [(0, None, 0.5), (1, None, 1.0), (3, None, 4.0), (10, None, 8.0), (0, 2.0, 2.0), (0, 120.0, 30.0), (5, 0.0, 0.0)],
    ids=["first", "second", "fourth", "capped", "retry-after", "retry-after-capped", "retry-after-zero"],
)
def test_delay_backoff_and_retry_after(attempt: int, retry_after: float | None, expected: float) -> None:
    assert POLICY.delay(attempt, retry_after) == pytest.approx(expected)


def test_delay_has_jitter_between_half_and_full() -> None:
    low = RetryPolicy(base_delay=1.0, random=lambda: 0.0).delay(1)
    high = RetryPolicy(base_delay=1.0, random=lambda: 1.0).delay(1)
    assert (low, high) == (1.0, 2.0)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("3", 3.0), ("1.5", 1.5), (None, None), ("soon", None), ("-4", None), ("nan", None), ("inf", None),
     ("Wed, 21 Oct 2015 07:27:00 GMT", None),
     ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0)],
    ids=["seconds", "fraction", "absent", "garbage", "negative", "nan", "inf", "past-date", "http-date"],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    now = 1445412480.0  # 2015-10-21 07:28:00 GMT
    assert parse_retry_after(header, now=now) == expected


def test_with_retries_overrides_count_only() -> None:
    assert POLICY.with_retries(0).max_retries == 0
    assert POLICY.with_retries(None) is POLICY
