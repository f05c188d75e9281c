"""The lean POST path (``zyntro_nb._wire``) does what ``httpx.Client`` would: proxies, cookies, timeouts, auth."""

from __future__ import annotations

import base64
import json
import socketserver
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import zyntro_nb as zn
from tests.conftest import CANARY_KEY, CANARY_SECRET, MEMBER, ORG
from zyntro_nb._wire import Wire, timeouts_within

SUCCESS = b'{"status": "success", "data": {"contact_id": "c-1", "first_name": "Ada"}}'


class _Recording(socketserver.StreamRequestHandler):
    """Answers every request with SUCCESS; keeps each request's first line and headers."""

    seen: list[tuple[str, dict[str, str]]]

    def handle(self) -> None:
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            headers: dict[str, str] = {}
            header = self.rfile.readline(65536)
            while header not in (b"\r\n", b"\n", b""):
                name, _, value = header.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
                header = self.rfile.readline(65536)
            self.rfile.read(int(headers.get("content-length", "0")))
            self.seen.append((line.decode("latin-1").strip(), headers))
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Set-Cookie: lb=node-7; Path=/\r\n"
                             b"Content-Length: " + str(len(SUCCESS)).encode() + b"\r\n\r\n" + SUCCESS)


@pytest.fixture
def loopback() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    """A keep-alive HTTP/1.1 server on 127.0.0.1 and the requests it received."""
    seen: list[tuple[str, dict[str, str]]] = []
    handler = type("Handler", (_Recording,), {"seen": seen})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def _session(base_url: str, **settings: Any) -> zn.Session:
    return zn.Session(api_key=CANARY_KEY, developer_secret=CANARY_SECRET, org_id=ORG, brand_id=1,
                      member_id=MEMBER, base_url=base_url, env={}, **settings)


def test_a_proxy_set_in_the_environment_carries_the_call(loopback: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    proxy, seen = loopback
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    with _session("http://api.zyntro.invalid") as s:
        assert s._shared.wire.lean
        frame = s.call("crm", "fetchContact", contact_id="c-1")
    assert frame.loc[0, "first_name"] == "Ada"
    # A proxy gets the absolute URL: the call went through the proxy, not to the (unresolvable) host.
    assert seen[0][0] == "POST http://api.zyntro.invalid/apis/v2/public/crm/fetchContact HTTP/1.1"


def test_cookies_a_server_sets_are_sent_back_on_the_next_call(loopback: Any) -> None:
    url, seen = loopback
    with _session(url) as s:
        s.call("crm", "fetchContact", contact_id="c-1", raw=True)
        s.call("crm", "fetchContact", contact_id="c-1", raw=True)
    assert "cookie" not in seen[0][1]
    assert seen[1][1]["cookie"] == "lb=node-7"


def test_the_session_headers_are_sent_on_the_lean_path(loopback: Any) -> None:
    url, seen = loopback
    with _session(url) as s:
        s.call("crm", "fetchContact", contact_id="c-1", raw=True)
    headers = seen[0][1]
    assert headers["user-agent"] == f"zyntro_nb/{zn.__version__}"
    assert headers["content-type"] == "application/json"
    assert headers["host"] == url.removeprefix("http://")
    assert int(headers["content-length"]) > 0


def _echo(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"status": "success", "data": {
        "timeout": request.extensions["timeout"],
        "authorization": request.headers.get("authorization"),
        "body": json.loads(request.content),
    }})


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "client-send"])
def test_both_paths_send_the_same_request_and_read_the_same_answer(lean: bool) -> None:
    with _session("http://api.test", transport=httpx.MockTransport(_echo), timeout=30.0, deadline=2.0) as s:
        s._shared.wire.lean = lean
        data = s.call("crm", "fetchContact", contact_id="c-1", raw=True)["data"]
    # Every phase's timeout is cut to the call's 2 s deadline (what is left of it).
    assert set(data["timeout"]) == {"connect", "read", "write", "pool"}
    assert all(0 < seconds <= 2.0 for seconds in data["timeout"].values())
    assert data["body"]["contact_id"] == "c-1"
    assert data["authorization"] is None


def test_a_url_with_a_user_and_password_gets_basic_auth_as_httpx_gives_it() -> None:
    with _session("http://me:pw@api.test", transport=httpx.MockTransport(_echo)) as s:
        data = s.call("crm", "fetchContact", contact_id="c-1", raw=True)["data"]
    assert data["authorization"] == "Basic " + base64.b64encode(b"me:pw").decode()


def test_a_client_with_event_hooks_keeps_them() -> None:
    seen: list[str] = []
    client = httpx.Client(transport=httpx.MockTransport(_echo),
                          event_hooks={"request": [lambda request: seen.append(str(request.url))]})
    wire = Wire(client)
    assert not wire.lean
    wire.post("http://api.test/x", b"{}", timeouts_within(httpx.Timeout(5.0), 1.0))
    assert seen == ["http://api.test/x"]


def test_a_transport_failure_carries_its_request_and_becomes_a_typed_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    wire = Wire(httpx.Client(transport=httpx.MockTransport(refuse)))
    with pytest.raises(httpx.ConnectError) as caught:
        wire.post("http://api.test/x", b"{}", timeouts_within(httpx.Timeout(5.0), 1.0))
    assert caught.value.request.url == "http://api.test/x"
    with _session("http://api.test", transport=httpx.MockTransport(refuse)) as s:
        with pytest.raises(zn.ConnectionFailedError) as error:
            s.call("crm", "fetchContact", contact_id="c-1")
    assert error.value.sent is False


@pytest.mark.parametrize(
    ("timeout", "remaining", "expected"),
    [
        (httpx.Timeout(30.0, connect=5.0), 100.0, {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}),
        (httpx.Timeout(30.0, connect=5.0), 2.0, {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 2.0}),
        (httpx.Timeout(None), 7.0, {"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0}),
        (httpx.Timeout(30.0), -1.0, {"connect": 0.001, "read": 0.001, "write": 0.001, "pool": 0.001}),
    ],
    ids=["within-deadline", "cut-to-deadline", "no-timeout", "deadline-passed"],
)
def test_timeouts_are_cut_to_what_is_left_of_the_deadline(timeout: httpx.Timeout, remaining: float,
                                                           expected: dict[str, float]) -> None:
    assert timeouts_within(timeout, remaining) == expected


def test_the_request_record_is_made_when_first_read_and_keeps_secrets_redacted(make_session: Any) -> None:
    s, _ = make_session({"status": "success", "data": {"contact_id": "c-1"}})
    s.call("crm", "fetchContact", contact_id="c-1")
    exchange = s.last
    assert "request" not in vars(exchange)  # not built yet: calls stay cheap
    assert CANARY_KEY not in repr(vars(exchange))
    request = exchange.request
    assert request["contact_id"] == "c-1"
    assert request["api_key"].startswith(CANARY_KEY[:4]) and CANARY_KEY not in json.dumps(request)
    assert exchange.request is request and "request" in vars(exchange)
