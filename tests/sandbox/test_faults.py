"""Fault injection: each kind through ``Sandbox.handle`` and through an httpx client."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import httpx
import pytest

from zyntro_nb.sandbox import Fault, FaultPlan, Sandbox
from zyntro_nb.sandbox._faults import FAULT_KINDS, FaultShadowedWarning

READ = "developers/fetchIdentifiers"


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(transport=sandbox.transport(), base_url="http://sandbox", timeout=5.0) as c:
        yield c


@pytest.fixture
def slept(sandbox: Sandbox) -> list[float]:
    """Record injected sleeps instead of sleeping (no test waits for real)."""
    record: list[float] = []
    sandbox._sleep = record.append
    return record


# -- FaultPlan rules ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("meteor",), {}, ValueError),
        (("drop", "fetchContact"), {}, ValueError),
        (("drop", "crm/fetch/Contact"), {}, ValueError),
        (("drop",), {"rate": 0.0}, ValueError),
        (("drop",), {"rate": 1.5}, ValueError),
        (("drop",), {"times": 0}, ValueError),
        (("drop",), {"seconds": 3}, TypeError),
        (("latency",), {"seconds": -1}, ValueError),
        (("server_error",), {"status": 404}, ValueError),
        (("rate_limit",), {"retry_after": "soon"}, ValueError),
        (("rate_limit",), {"after_apply": True}, ValueError),
        (("truncated",), {"after_apply": False}, ValueError),
    ],
    ids=[
        "unknown-kind", "endpoint-without-module", "endpoint-too-deep", "rate-zero", "rate-above-one",
        "times-zero", "option-of-another-kind", "negative-latency", "status-not-5xx", "retry-after-text",
        "rate-limit-after-apply", "truncated-before-apply",
    ],
)
def test_add_rejects_a_malformed_fault(args: tuple, kwargs: dict, error: type[Exception]) -> None:
    plan = FaultPlan()
    with pytest.raises(error):
        plan.add(*args, **kwargs)
    assert len(plan) == 0


def test_add_fills_kind_defaults_and_truncated_is_always_after_apply() -> None:
    plan = FaultPlan()
    with pytest.warns(FaultShadowedWarning):  # the always-on rate_limit hides the two after it
        latency, limit, error, cut = (
            plan.add("latency"), plan.add("rate_limit"), plan.add("server_error"), plan.add("truncated")
        )
    assert (latency.options, limit.options, error.options) == (
        {"seconds": 1.0}, {"retry_after": 1}, {"status": 503}
    )
    assert cut.after_apply and not latency.after_apply
    assert plan.pending == [latency, limit, error, cut]


def test_every_kind_is_known() -> None:
    assert set(FAULT_KINDS) == {"latency", "rate_limit", "server_error", "drop", "not_json", "truncated"}


def test_times_fires_exactly_that_often_then_disarms(sandbox: Sandbox, calls) -> None:
    fault = sandbox.faults.add("rate_limit", READ, times=2)
    statuses = [sandbox.handle(calls.read_path, calls.read_body()).status for _ in range(4)]
    assert statuses == [429, 429, 200, 200]
    assert fault.fired == 2
    assert fault.remaining == 0
    assert len(sandbox.faults) == 0


def _sequence(seed: int, rate: float = 0.5, n: int = 40) -> list[bool]:
    plan = FaultPlan(seed)
    plan.add("drop", rate=rate)
    return [plan.pick("crm", "fetchContact") is not None for _ in range(n)]


def test_rate_is_deterministic_for_a_seed() -> None:
    first = _sequence(seed=7)
    assert first == _sequence(seed=7)
    assert first != _sequence(seed=8)
    assert 0 < sum(first) < len(first)  # a rate of 0.5 neither always nor never fires


def test_rate_and_times_combine_to_at_most_times_firings() -> None:
    plan = FaultPlan(seed=3)
    fault = plan.add("drop", rate=0.5, times=3)
    fired = [plan.pick("crm", "fetchContact") is not None for _ in range(50)]
    assert sum(fired) == 3 == fault.fired
    assert not fired[0] or not all(fired[:3])  # not simply the first three calls
    assert plan.pending == []


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (None, {"crm/fetchContact": True, "crm/addCommsHistory": True, READ: True}),
        ("crm/*", {"crm/fetchContact": True, "crm/addCommsHistory": True, READ: False}),
        ("crm/fetchContact", {"crm/fetchContact": True, "crm/addCommsHistory": False, READ: False}),
    ],
    ids=["whole-sandbox", "one-module", "one-endpoint"],
)
def test_a_fault_fires_only_within_its_scope(sandbox: Sandbox, scope: str | None, expected: dict) -> None:
    sandbox.faults.add("server_error", scope, status=502)
    seen = {}
    for name in expected:
        answer = sandbox.handle(f"/apis/v2/public/{name}", b"{}")
        seen[name] = answer.fault == "server_error"
    assert seen == expected


def test_scope_follows_the_route_not_the_path_spelling(sandbox: Sandbox) -> None:
    sandbox.faults.add("drop", READ)
    assert sandbox.handle("/public/developers/fetchIdentifiers", b"{}").drop
    assert sandbox.handle("/apis/v2/public/developers/fetchIdentifiers", b"{}").drop


def test_first_added_matching_fault_wins_and_others_wait(sandbox: Sandbox, calls) -> None:
    first = sandbox.faults.add("rate_limit", READ, times=1)
    second = sandbox.faults.add("not_json", None, times=1)
    kinds = [sandbox.handle(calls.read_path, calls.read_body()).fault for _ in range(3)]
    assert kinds == ["rate_limit", "not_json", None]
    assert (first.fired, second.fired) == (1, 1)


def test_remove_and_clear_disarm(sandbox: Sandbox, calls) -> None:
    keep = sandbox.faults.add("drop", "crm/*")
    gone = sandbox.faults.add("drop", READ)
    sandbox.faults.remove(gone)
    sandbox.faults.remove(gone)  # removing twice is harmless
    assert sandbox.handle(calls.read_path, calls.read_body()).status == 200
    assert sandbox.faults.pending == [keep]
    sandbox.faults.clear()
    assert len(sandbox.faults) == 0


def test_fault_repr_shows_its_settings() -> None:
    fault = FaultPlan().add("server_error", "edge/*", times=2, status=504)
    text = repr(fault)
    assert "server_error on edge/*" in text and "status=504" in text and "remaining=2" in text


def test_picking_is_thread_safe_and_counts_every_firing() -> None:
    plan = FaultPlan(seed=5)
    fault = plan.add("drop", times=500)
    hits: list[int] = []

    def worker() -> None:
        hits.append(sum(plan.pick("crm", "fetchContact") is not None for _ in range(100)))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(hits) == 500 == fault.fired
    assert len(plan) == 0


# -- each kind, through handle and through httpx -------------------------------


def test_rate_limit_answers_429_with_retry_after(sandbox: Sandbox, client: httpx.Client, calls) -> None:
    sandbox.faults.add("rate_limit", READ, retry_after=7)
    answer = sandbox.handle(calls.read_path, calls.read_body())
    assert (answer.status, answer.headers["Retry-After"], answer.fault) == (429, "7", "rate_limit")
    response = client.post(calls.read_path, json=calls.read_json())
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.json()["status"] == "error"


@pytest.mark.parametrize(
    ("status", "html"),
    [(500, False), (502, True), (503, True), (504, True)],
    ids=["500", "502", "503", "504"],
)
def test_server_error_answers_its_status_with_a_proxy_page_for_gateway_errors(
    sandbox: Sandbox, client: httpx.Client, calls, status: int, html: bool
) -> None:
    sandbox.faults.add("server_error", READ, status=status)
    response = client.post(calls.read_path, json=calls.read_json())
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html" if html else "application/json")
    if html:
        assert f"<h1>{status} " in response.text
        with pytest.raises(json.JSONDecodeError):
            response.json()
    else:
        assert response.json()["status"] == "error"


def test_drop_cuts_the_connection_without_an_answer(sandbox: Sandbox, client: httpx.Client, calls) -> None:
    fault = sandbox.faults.add("drop", READ, times=2)
    answer = sandbox.handle(calls.read_path, calls.read_body())
    assert answer.drop and answer.body == b""
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        client.post(calls.read_path, json=calls.read_json())
    assert fault.fired == 2


def test_not_json_answers_200_with_an_html_page(sandbox: Sandbox, client: httpx.Client, calls) -> None:
    sandbox.faults.add("not_json", READ)
    response = client.post(calls.read_path, json=calls.read_json())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_truncated_answers_half_of_the_real_json(sandbox: Sandbox, client: httpx.Client, calls) -> None:
    whole = client.post(calls.read_path, json=calls.read_json())
    sandbox.faults.add("truncated", READ)
    cut = client.post(calls.read_path, json=calls.read_json())
    assert cut.status_code == whole.status_code == 200
    assert int(cut.headers["content-length"]) == len(cut.content) == len(whole.content) // 2
    assert cut.content.startswith(b"{")
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)


def test_latency_beyond_the_read_timeout_raises_read_timeout_without_waiting(
    sandbox: Sandbox, calls, slept: list[float]
) -> None:
    sandbox.faults.add("latency", READ, seconds=30)
    with httpx.Client(transport=sandbox.transport(), base_url="http://sandbox", timeout=0.5) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.post(calls.read_path, json=calls.read_json())
    assert slept == []


def test_latency_within_the_read_timeout_delays_the_real_answer(
    sandbox: Sandbox, client: httpx.Client, calls, slept: list[float]
) -> None:
    sandbox.faults.add("latency", READ, seconds=0.25)
    response = client.post(calls.read_path, json=calls.read_json())
    assert response.json()["status"] == "success"
    assert slept == [0.25]


def test_latency_without_a_timeout_really_sleeps(sandbox: Sandbox, calls) -> None:
    sandbox.faults.add("latency", READ, seconds=0.01)
    answer = sandbox.handle(calls.read_path, calls.read_body())
    assert (answer.status, answer.fault, answer.timed_out) == (200, "latency", False)


# -- before or after the application applied the request -----------------------

_TIMEOUT = {"timeout": 0.5}


@pytest.mark.parametrize(
    ("kind", "options", "expected"),
    [
        ("drop", {}, httpx.RemoteProtocolError),
        ("truncated", {}, json.JSONDecodeError),
        ("server_error", {"status": 504}, 504),
        ("not_json", {}, json.JSONDecodeError),
        ("latency", {"seconds": 30}, httpx.ReadTimeout),
    ],
    ids=["drop", "truncated", "server-error", "not-json", "latency-timeout"],
)
def test_after_apply_fault_applies_the_write_but_loses_the_answer(
    sandbox: Sandbox, calls, slept: list[float], kind: str, options: dict, expected: object
) -> None:
    sandbox.faults.add(kind, calls.write_name, after_apply=True, **options)
    before = sandbox.writes_total
    _assert_client_sees(sandbox, calls, expected)
    assert sandbox.writes_total == before + 1
    assert sandbox.writes[calls.write_name] == 1


@pytest.mark.parametrize(
    ("kind", "options", "expected"),
    [
        ("drop", {}, httpx.RemoteProtocolError),
        ("server_error", {"status": 502}, 502),
        ("rate_limit", {}, 429),
        ("not_json", {}, json.JSONDecodeError),
        ("latency", {"seconds": 30}, httpx.ReadTimeout),
    ],
    ids=["drop", "server-error", "rate-limit", "not-json", "latency-timeout"],
)
def test_fault_before_apply_leaves_the_write_unapplied(
    sandbox: Sandbox, calls, slept: list[float], kind: str, options: dict, expected: object
) -> None:
    sandbox.faults.add(kind, calls.write_name, **options)
    before = sandbox.writes_total
    _assert_client_sees(sandbox, calls, expected)
    assert sandbox.writes_total == before
    assert sandbox.writes[calls.write_name] == 0


def _assert_client_sees(sandbox: Sandbox, calls, expected: object) -> None:
    with httpx.Client(transport=sandbox.transport(), base_url="http://sandbox", timeout=0.5) as client:
        if isinstance(expected, int):
            assert client.post(calls.write_path, json=calls.write_json()).status_code == expected
        elif expected is json.JSONDecodeError:
            with pytest.raises(json.JSONDecodeError):
                client.post(calls.write_path, json=calls.write_json()).json()
        else:
            assert isinstance(expected, type)
            with pytest.raises(expected):
                client.post(calls.write_path, json=calls.write_json())


def test_handle_reports_whether_the_application_saw_the_request(sandbox: Sandbox, calls) -> None:
    sandbox.faults.add("drop", calls.write_name, times=1)
    sandbox.faults.add("drop", calls.write_name, times=1, after_apply=True)
    first, second = (sandbox.handle(calls.write_path, calls.write_body()) for _ in range(2))
    assert (first.dispatched, second.dispatched) == (False, True)
    assert first.drop and second.drop


def test_after_apply_latency_within_timeout_delivers_the_applied_answer(
    sandbox: Sandbox, client: httpx.Client, calls, slept: list[float]
) -> None:
    sandbox.faults.add("latency", calls.write_name, after_apply=True, seconds=0.1)
    response = client.post(calls.write_path, json=calls.write_json())
    assert response.json()["status"] == "success"
    assert sandbox.writes[calls.write_name] == 1
    assert slept == [0.1]


def test_a_fault_object_is_returned_by_add(sandbox: Sandbox) -> None:
    fault = sandbox.faults.add("not_json")
    assert isinstance(fault, Fault) and fault.fired == 0 and fault.remaining is None
