"""The sandbox's rate limit: a token bucket per API key, 429 with Retry-After, from Python and the CLI."""

from __future__ import annotations

import json

import httpx
import pandas as pd
import pytest

import zyntro_nb as zn
from zyntro_nb.sandbox import RateLimiter, RateLimitSpecError, Sandbox, parse_rate
from zyntro_nb.sandbox._app import PRIMARY_CREDENTIALS
from zyntro_nb.sandbox._limiter import retry_after

from .cli_server import run_cli, served_cli

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
PATH = "/apis/v2/public/crm/fetchContact"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("text", "rate"), [("100/s", 100.0), ("6000/min", 100.0), ("3600/h", 1.0),
                                            ("0.5/s", 0.5), (" 20 / sec ", 20.0)],
                         ids=["per-second", "per-minute", "per-hour", "fraction", "spaces"])
def test_rates_are_read_per_time_unit(text: str, rate: float) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["100", "fast", "0/s", "-5/s", "100/fortnight", ""],
                         ids=["no-unit", "word", "zero", "negative", "unknown-unit", "empty"])
def test_a_malformed_rate_limit_is_refused_naming_the_fix(text: str) -> None:
    with pytest.raises(RateLimitSpecError, match=r"e\.g\. 100/s"):
        Sandbox(rate_limit=text)


def test_the_bucket_holds_one_seconds_worth_then_refills_at_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(10.0, clock=clock)
    assert [limiter.take("k") for _ in range(10)] == [0.0] * 10  # the burst
    assert limiter.take("k") == pytest.approx(0.1)
    clock.now = 0.25  # 2.5 tokens back
    assert [limiter.take("k") > 0 for _ in range(3)] == [False, False, True]
    assert limiter.allowed == 12 and limiter.refused == 2


def test_each_api_key_has_its_own_bucket() -> None:
    limiter = RateLimiter(1.0, clock=Clock())
    assert limiter.take("a") == 0.0 and limiter.take("a") > 0
    assert limiter.take("b") == 0.0


@pytest.mark.parametrize(("wait", "header"), [(0.01, 1), (0.99, 1), (1.0, 1), (1.2, 2), (3.0, 3)],
                         ids=["tiny", "under-one", "exactly-one", "over-one", "three"])
def test_retry_after_is_the_wait_in_whole_seconds_rounded_up(wait: float, header: int) -> None:
    assert retry_after(wait) == header


def test_beyond_the_limit_the_sandbox_answers_429_with_retry_after_and_applies_nothing() -> None:
    sandbox = Sandbox(rate_limit="3/s")
    clock = Clock()
    sandbox.limiter._clock = clock  # type: ignore[union-attr]
    body = {**sandbox.credentials, "contact": {"email": "rl@limit.example.com"}}
    with httpx.Client(transport=sandbox.transport(), base_url="http://sandbox") as client:
        answers = [client.post("/apis/v2/public/crm/addContactsFull", json=body) for _ in range(5)]
        other = client.post(PATH, json={"api_key": "ANOTHER-KEY", "contact_id": JANE})
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert answers[3].headers["Retry-After"] == "1" and "retry after 1 seconds" in answers[3].json()["data"][0]
    assert sandbox.writes_total == 1  # one upsert created, two updated it; the refused never reached the app
    assert other.status_code != 429  # another key's bucket is full
    clock.now = 1.0
    assert sandbox.handle("/apis/v2/public/crm/fetchContact",
                          json.dumps({**sandbox.credentials, "contact_id": JANE}).encode()).status == 200


def test_zyntro_nb_sandbox_rate_limit_serves_429s_with_retry_after() -> None:
    with served_cli("--rate-limit", "2/s") as server:
        assert "Rate limit: 2 requests/s per API key" in server.output
        body = {**PRIMARY_CREDENTIALS, "contact_id": JANE}
        statuses = [httpx.post(server.url + PATH, json=body, timeout=10) for _ in range(4)]
    assert [r.status_code for r in statuses].count(429) >= 1
    refused = next(r for r in statuses if r.status_code == 429)
    assert refused.headers["Retry-After"].isdigit() and int(refused.headers["Retry-After"]) >= 1


@pytest.mark.parametrize("text", ["100", "fast", "0/s", "-5/s"], ids=["no-unit", "word", "zero", "negative"])
def test_zyntro_nb_sandbox_refuses_a_malformed_rate_limit_before_listening(text: str) -> None:
    result = run_cli("sandbox", "--port", "0", "--rate-limit", text)
    assert result.returncode == 2
    assert "--rate-limit" in result.stderr and "e.g. 100/s" in result.stderr and "listening" not in result.stdout


def test_bulk_paces_itself_under_the_limit_with_few_429s() -> None:
    """A real limit (real time): every row answered, and few requests refused (the pace is learned)."""
    sandbox = Sandbox(rate_limit="200/s")
    session = zn.connect(sandbox=sandbox, current=False)
    rows = pd.DataFrame({"contact_id": [JANE] * 500})
    df = session.bulk("crm", "fetchContact", rows, concurrency=16, progress=False)
    assert (df["_status"] == "ok").all()
    refused = sandbox.limiter.refused  # type: ignore[union-attr]
    assert refused == df.attrs["zyntro"]["throttled"]
    assert refused <= 0.05 * (500 + refused)  # an unpaced pool meets about one in ten
