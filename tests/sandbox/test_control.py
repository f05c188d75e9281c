"""Faults that compose, fault specs, and the loopback-only control surface (in-process and over HTTP)."""

from __future__ import annotations

import json
import warnings
from typing import Any

import httpx
import pytest

from zyntro_nb.sandbox import FaultPlan, FaultShadowedWarning, FaultSpecError, Sandbox, parse_fault_spec

from .cli_server import run_cli, served_cli

CONTROL = "/__sandbox"
JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
ENROLLMENTS = "/apis/v2/public/edge/getEnrollments"


def _ok(answer: Any) -> Any:
    assert answer.status == 200, answer.body
    payload = json.loads(answer.body)
    assert payload["status"] == "success"
    return payload["data"]


def _error(answer: Any, status: int) -> str:
    assert answer.status == status, answer.body
    payload = json.loads(answer.body)
    assert payload["status"] == "error"
    return payload["data"][0]


# -- fault specs --------------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "rule"), [
    ("drop", {"kind": "drop"}),
    ("latency,seconds=2,rate=0.1", {"kind": "latency", "seconds": 2, "rate": 0.1}),
    ("server_error:edge/getEnrollments,times=2,status=502",
     {"kind": "server_error", "endpoint": "edge/getEnrollments", "times": 2, "status": 502}),
    ("drop:crm/addNotestoContact,times=1,after_apply=true",
     {"kind": "drop", "endpoint": "crm/addNotestoContact", "times": 1, "after_apply": True}),
    (" rate_limit:edge/* , retry_after=3 ", {"kind": "rate_limit", "endpoint": "edge/*", "retry_after": 3}),
], ids=["bare", "latency-rated", "scoped-status", "after-apply", "module-and-spaces"])
def test_fault_specs_read_into_rules(spec: str, rule: dict) -> None:
    assert parse_fault_spec(spec) == rule
    armed = FaultPlan().add_spec(spec)
    assert armed.kind == rule["kind"] and armed.endpoint == rule.get("endpoint")


@pytest.mark.parametrize(("spec", "named"), [
    ("", "empty fault spec"),
    ("slow", "unknown fault kind 'slow'"),
    ("latency,secs=2", "unknown option 'secs' for a latency fault"),
    ("latency,seconds", "is not key=value"),
    ("latency,seconds=soon", "seconds='soon' is not a number"),
    ("drop:crm", "must be MODULE/ACTION"),
    ("drop:", "empty scope"),
    ("drop,times=1,times=2", "'times' is given twice"),
    ("server_error,status=404", "status must be one of 500, 502, 503, 504"),
    ("drop,rate=2", "rate must be a number in (0, 1]"),
    ("drop,times=0", "times must be a whole number of at least 1"),
    ("rate_limit,after_apply=true", "refuses the request"),
    ("latency,seconds=-1", "latency seconds must be a number >= 0"),
], ids=["empty", "kind", "option", "no-value", "bad-number", "scope", "empty-scope", "twice", "status", "rate",
        "times", "after-apply", "negative"])
def test_bad_fault_specs_name_the_problem(spec: str, named: str) -> None:
    plan = FaultPlan()
    with pytest.raises(FaultSpecError) as info:
        plan.add_spec(spec)
    assert named in str(info.value)
    assert len(plan) == 0


# -- composition ----------------------------------------------------------------------------------


def test_latency_adds_its_delay_and_does_not_hide_a_later_failure(sandbox: Sandbox, calls) -> None:
    slept: list[float] = []
    sandbox._sleep = slept.append
    latency = sandbox.faults.add("latency", seconds=0.25)
    failure = sandbox.faults.add("server_error", "developers/fetchIdentifiers", times=1, status=502)
    first = sandbox.handle(calls.read_path, calls.read_body())
    second = sandbox.handle(calls.read_path, calls.read_body())
    assert (first.status, first.fault, second.status, second.fault) == (502, "server_error", 200, "latency")
    assert slept == [0.25, 0.25]
    assert (latency.fired, failure.fired) == (2, 1)


def test_latencies_add_up_and_a_total_beyond_the_timeout_times_out(sandbox: Sandbox, calls) -> None:
    sandbox.faults.add("latency", seconds=0.5)
    sandbox.faults.add("latency", "developers/*", seconds=0.75)
    drawn = sandbox.faults.draw("developers", "fetchIdentifiers")
    assert drawn.delay == 1.25 and drawn.failure is None
    answer = sandbox.handle(calls.read_path, calls.read_body(), timeout=1.0)
    assert answer.timed_out and not answer.dispatched


def test_the_first_failure_that_fires_wins_and_the_next_waits(sandbox: Sandbox, calls) -> None:
    first = sandbox.faults.add("rate_limit", times=1)
    second = sandbox.faults.add("server_error", times=1, status=500)
    statuses = [sandbox.handle(calls.read_path, calls.read_body()).status for _ in range(3)]
    assert statuses == [429, 500, 200]
    assert (first.fired, second.fired) == (1, 1)


def test_a_rule_that_can_never_fire_is_warned_about() -> None:
    plan = FaultPlan()
    blocker = plan.add("server_error", "crm/*")
    with pytest.warns(FaultShadowedWarning, match=r"'drop:crm/fetchContact' can never fire.*#1"):
        plan.add("drop", "crm/fetchContact")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plan.add("drop", "edge/fire")                       # another scope
        plan.add("latency", "crm/fetchContact")             # latency always adds
        plan.remove(blocker)
        plan.add("rate_limit", rate=0.5)                    # rated: lets later rules fire
        plan.add("not_json", "crm/lookupContact")


def test_repr_lists_the_rules_in_force_with_their_counts(sandbox: Sandbox, calls) -> None:
    assert repr(sandbox.faults) == "<FaultPlan seed=1234: no faults>"
    sandbox._sleep = lambda seconds: None
    sandbox.faults.add("latency", seconds=0.1, rate=0.5)
    sandbox.faults.add("server_error", "edge/getEnrollments", times=2, status=503)
    sandbox.handle(ENROLLMENTS, json.dumps(calls.credentials).encode())
    text = repr(sandbox.faults)
    lines = text.splitlines()
    assert lines[0] == "<FaultPlan seed=1234: 2 faults"
    assert "#1 latency on * seconds=0.1 rate=0.5" in lines[1]
    assert "#2 server_error on edge/getEnrollments status=503 remaining=1 fired=1" in lines[2]


# -- the control surface, in-process -----------------------------------------------------------


def test_control_arms_lists_and_disarms_faults(sandbox: Sandbox, calls) -> None:
    armed = _ok(sandbox.control("POST", f"{CONTROL}/faults",
                                b'{"spec": "server_error:developers/fetchIdentifiers,times=2,status=504"}'))
    rule = armed["armed"][0]
    assert (rule["id"], rule["kind"], rule["options"], rule["remaining"]) == (1, "server_error", {"status": 504}, 2)
    assert sandbox.handle(calls.read_path, calls.read_body()).status == 504
    listed = _ok(sandbox.control("GET", f"{CONTROL}/faults"))
    assert [(r["id"], r["fired"], r["remaining"]) for r in listed] == [(1, 1, 1)]
    assert _ok(sandbox.control("GET", f"{CONTROL}/faults/1"))["spec"] == \
        "server_error:developers/fetchIdentifiers,status=504,times=2"
    _ok(sandbox.control("POST", f"{CONTROL}/faults", b'[{"kind": "drop", "endpoint": "edge/*"}, {"kind": "latency"}]'))
    assert _ok(sandbox.control("DELETE", f"{CONTROL}/faults/1"))["removed"] == 1
    assert [r["kind"] for r in _ok(sandbox.control("GET", f"{CONTROL}/faults"))] == ["drop", "latency"]
    assert _ok(sandbox.control("DELETE", f"{CONTROL}/faults"))["removed"] == 2
    assert len(sandbox.faults) == 0 and sandbox.handle(calls.read_path, calls.read_body()).ok


def test_control_reports_a_rule_that_can_never_fire(sandbox: Sandbox) -> None:
    data = _ok(sandbox.control("POST", f"{CONTROL}/faults",
                               b'[{"spec": "server_error"}, {"spec": "drop:crm/fetchContact"}]'))
    assert len(data["armed"]) == 2 and "can never fire" in data["warnings"][0]


def test_control_shows_writes_moves_the_clock_and_resets(sandbox: Sandbox, calls) -> None:
    sandbox.handle(calls.write_path, calls.write_body())
    assert _ok(sandbox.control("GET", f"{CONTROL}/writes")) == {"total": 1, "by_endpoint": {calls.write_name: 1}}
    before = _ok(sandbox.control("GET", f"{CONTROL}/clock"))
    moved = _ok(sandbox.control("POST", f"{CONTROL}/clock", b'{"advance": 61}'))
    assert (before["now"], moved["now"], moved["advanced_by"]) == (
        "2026-04-01T09:00:00+00:00", "2026-04-01T09:01:01+00:00", 61.0)
    sandbox.faults.add("drop", "edge/fire")
    reset = _ok(sandbox.control("POST", f"{CONTROL}/reset"))
    assert reset["writes"] == 0 and reset["clock"]["advanced_by"] == 0.0 and len(reset["faults"]) == 1
    assert sandbox.writes_total == 0


def test_reset_puts_the_seed_data_back() -> None:
    with Sandbox() as sb:
        body = {**sb.credentials, "mode": "insert", "skip_entity": True,
                "contact": {"firstName": "Temp", "email": "temp@reset.example.com"}}
        assert json.loads(sb.handle("/apis/v2/public/crm/addContactsFull", json.dumps(body).encode()).body)[
            "status"] == "success"
        lookup = {**sb.credentials, "search_string": "temp@reset.example.com"}
        path = "/apis/v2/public/crm/lookupContact"
        assert json.loads(sb.handle(path, json.dumps(lookup).encode()).body)["status"] == "success"
        _ok(sb.control("POST", f"{CONTROL}/reset", b"{}"))
        assert json.loads(sb.handle(path, json.dumps(lookup).encode()).body)["data"] == ["Contact not found"]


BAD_REQUESTS = [
    ("GET", "/faults", b"", "10.0.0.7", 403, "answers only clients on 127.0.0.1 or ::1, not 10.0.0.7"),
    ("POST", "/faults", b"{not json", "127.0.0.1", 400, "Request body must be JSON"),
    ("POST", "/faults", b"", "127.0.0.1", 400, "needs a JSON body"),
    ("POST", "/faults", b"[]", "127.0.0.1", 400, "No fault rules given"),
    ("POST", "/faults", b'"drop"', "127.0.0.1", 400, "must be an object with a 'kind'"),
    ("POST", "/faults", b'{"spec": "slow"}', "127.0.0.1", 400, "unknown fault kind 'slow'"),
    ("POST", "/faults", b'{"kind": "latency", "secs": 1}', "127.0.0.1", 400, "unknown option(s) secs"),
    ("POST", "/faults", b'{"kind": "drop", "rate": "often"}', "127.0.0.1", 400, "rate must be a number"),
    ("POST", "/faults", b'{"spec": "drop", "times": 1}', "127.0.0.1", 400, "either 'spec' or the rule's fields"),
    ("POST", "/faults", b'[{"kind": "drop"}, {"kind": "nope"}]', "127.0.0.1", 400, "rule 2: unknown fault kind"),
    ("DELETE", "/faults/abc", b"", "127.0.0.1", 404, "rule ids are numbers"),
    ("DELETE", "/faults/7", b"", "127.0.0.1", 404, "No fault rule 7 is armed"),
    ("POST", "/clock", b'{"advance": -5}', "127.0.0.1", 400, "the clock never goes back"),
    ("POST", "/clock", b'{"advance": "soon"}', "127.0.0.1", 400, "advance must be a number"),
    ("POST", "/clock", b'{"set": 5}', "127.0.0.1", 400, 'Send {"advance": SECONDS}'),
    ("POST", "/reset", b'{"hard": true}', "127.0.0.1", 400, 'takes only {"keep_accounts": true|false}'),
    ("POST", "/reset", b'{"keep_accounts": "no"}', "127.0.0.1", 400, "keep_accounts must be true or false"),
    ("POST", "/reset", b'[]', "127.0.0.1", 400, 'takes only {"keep_accounts"'),
    ("PUT", "/reset", b"", "127.0.0.1", 405, "PUT is not accepted on /__sandbox/reset; use POST"),
    ("GET", "/secrets", b"", "127.0.0.1", 404, "No control path /__sandbox/secrets"),
]


@pytest.mark.parametrize(("method", "path", "body", "ip", "status", "message"), BAD_REQUESTS,
                         ids=["not-loopback", "bad-json", "no-body", "no-rules", "not-object", "kind", "option",
                              "rate-type", "spec-and-fields", "one-bad-of-two", "id-text", "id-missing",
                              "clock-back", "clock-text", "clock-key", "reset-params", "reset-keep-text",
                              "reset-list", "method", "path"])
def test_bad_control_requests_are_refused_and_change_nothing(sandbox: Sandbox, calls, method, path, body, ip,
                                                             status, message) -> None:
    sandbox.faults.add("latency", "edge/fire", seconds=0)
    sandbox.handle(calls.write_path, calls.write_body())
    before = (sandbox.faults.describe(), dict(sandbox.writes), sandbox.clock.now())
    assert message in _error(sandbox.control(method, CONTROL + path, body, client_ip=ip), status)
    assert (sandbox.faults.describe(), dict(sandbox.writes), sandbox.clock.now()) == before
    assert sandbox.handle(calls.read_path, calls.read_body()).ok


def test_the_control_surface_is_not_on_the_api_paths(sandbox: Sandbox, calls) -> None:
    answer = sandbox.handle("/apis/v2/public/__sandbox/faults", b"{}")
    assert answer.status == 404 and len(sandbox.faults) == 0
    with httpx.Client(transport=sandbox.transport(), base_url="http://sandbox") as client:
        assert client.get(f"{CONTROL}/writes").json()["data"]["total"] == 0
        assert client.get(calls.read_path).status_code == 405  # the API stays POST-only


# -- over HTTP: Sandbox.serve and zyntro-nb sandbox -----------------------------------------------


def test_serve_on_port_zero_is_public_and_stoppable(sandbox: Sandbox, calls) -> None:
    server = sandbox.serve(port=0)
    with httpx.Client(base_url=server.url, timeout=5) as client:
        assert client.post(calls.read_path, json=calls.read_json()).json()["status"] == "success"
        assert client.get(f"{CONTROL}/faults").json() == {"status": "success", "data": []}
    server.close()
    assert server.closed
    with pytest.raises(httpx.ConnectError):
        httpx.post(server.url + calls.read_path, json=calls.read_json(), timeout=2)


def test_non_loopback_clients_are_refused_over_http(sandbox: Sandbox, calls) -> None:
    """127.0.0.2 stands for another machine; the API still answers it, the control surface does not."""
    sandbox.faults.add("latency", seconds=0)
    with sandbox.serve(port=0) as server:
        elsewhere = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(transport=elsewhere, base_url=server.url, timeout=5) as client:
            refused = client.delete(f"{CONTROL}/faults")
            api = client.post(calls.read_path, json=calls.read_json())
        assert refused.status_code == 403 and "not 127.0.0.2" in refused.json()["data"][0]
        assert api.status_code == 200 and len(sandbox.faults) == 1


def test_cli_faults_fire_over_http_and_the_control_surface_changes_them() -> None:
    with served_cli("--fault", "server_error:edge/getEnrollments,times=2,status=502",
                    "--fault", "latency,seconds=0.01") as served:
        assert "#1 server_error:edge/getEnrollments,status=502,times=2" in served.output
        assert "/__sandbox/faults" in served.output and "SANDBOX" in served.output
        body = {"api_key": "UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX", "org_id": "42cc1aca-3aa5-4339-98d2-480b5b89937b",
                "limit": 1}
        with httpx.Client(base_url=served.url, timeout=30) as client:
            statuses = [client.post(ENROLLMENTS, json=body).status_code for _ in range(3)]
            assert statuses == [502, 502, 200]
            listed = client.get(f"{CONTROL}/faults").json()["data"]
            assert [(r["kind"], r["fired"]) for r in listed] == [("latency", 3)]
            added = client.post(f"{CONTROL}/faults", json={"spec": "rate_limit:edge/getEnrollments,retry_after=7"})
            assert added.status_code == 200
            limited = client.post(ENROLLMENTS, json=body)
            assert (limited.status_code, limited.headers["Retry-After"]) == (429, "7")
            bad = client.post(f"{CONTROL}/faults", content=b"{oops", headers={"Content-Type": "application/json"})
            assert bad.status_code == 400 and "must be JSON" in bad.json()["data"][0]
            assert client.delete(f"{CONTROL}/faults").json()["data"]["removed"] == 2
            assert client.post(ENROLLMENTS, json=body).json()["status"] == "success"  # still serving
            assert client.get(f"{CONTROL}/writes").json()["data"] == {"total": 0, "by_endpoint": {}}


@pytest.mark.parametrize(("spec", "message"), [
    ("slow", "unknown fault kind 'slow'"),
    ("latency,secs=2", "unknown option 'secs'"),
    ("server_error,status=404", "status must be one of"),
    ("drop:nowhere", "must be MODULE/ACTION"),
], ids=["kind", "option", "status", "scope"])
def test_a_bad_fault_option_stops_the_command_before_it_listens(spec: str, message: str) -> None:
    done = run_cli("sandbox", "--port", "0", "--fault", spec)
    assert done.returncode == 2
    assert "argument --fault" in done.stderr and message in done.stderr
    assert "listening" not in done.stdout
