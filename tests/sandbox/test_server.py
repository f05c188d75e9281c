"""The loopback HTTP server, over real sockets on 127.0.0.1, and ``serve_forever``."""

from __future__ import annotations

import http.client
import io
import json
import logging
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from zyntro_nb.sandbox import Sandbox, SandboxServer, serve_forever
from zyntro_nb.sandbox._serve import _banner


@pytest.fixture
def server(sandbox: Sandbox) -> Iterator[SandboxServer]:
    with sandbox.serve(port=0) as running:
        yield running


def _connection(server: SandboxServer) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)


def test_a_call_over_http_gets_the_applications_answer(server: SandboxServer, calls) -> None:
    with httpx.Client(base_url=server.url, timeout=5) as client:
        response = client.post(calls.read_path, json=calls.read_json())
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    assert response.headers["content-length"] == str(len(response.content))
    assert response.http_version == "HTTP/1.1"


def test_server_binds_loopback_on_a_free_port_by_default(server: SandboxServer) -> None:
    assert server.host == "127.0.0.1"
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}"
    assert f"{server.port}" in repr(server) and "serving" in repr(server)


def test_requests_on_one_client_reuse_one_connection(server: SandboxServer, calls) -> None:
    with httpx.Client(base_url=server.url, timeout=5) as client:
        statuses = [client.post(calls.read_path, json=calls.read_json()).status_code for _ in range(5)]
    assert statuses == [200] * 5
    assert server.connections == 1


def test_keep_alive_serves_several_requests_on_one_socket(server: SandboxServer, calls) -> None:
    conn = _connection(server)
    bodies = []
    try:
        for _ in range(3):
            conn.request("POST", calls.read_path, body=calls.read_body(),
                         headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            bodies.append(json.loads(response.read()))
            assert not response.will_close
    finally:
        conn.close()
    assert [b["status"] for b in bodies] == ["success"] * 3
    assert server.connections == 1


def test_concurrent_clients_all_succeed_and_each_write_counts_once(
    sandbox: Sandbox, server: SandboxServer, calls
) -> None:
    failures: list[object] = []

    def client_thread(worker: int) -> None:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            for n in range(10):
                r = client.post(calls.write_path, json=calls.write_json(worker * 100 + n))
                if r.status_code != 200 or r.json().get("status") != "success":
                    failures.append((worker, n, r.status_code, r.text[:200]))

    threads = [threading.Thread(target=client_thread, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sandbox.writes[calls.write_name] == 80
    assert sandbox.writes_total == 80
    assert server.connections == 8


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"], ids=str.lower)
def test_methods_other_than_post_get_405_with_allow(server: SandboxServer, method: str) -> None:
    with httpx.Client(base_url=server.url, timeout=5) as client:
        response = client.request(method, "/apis/v2/public/developers/fetchIdentifiers")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["status"] == "error"


def test_head_gets_405_headers_without_a_body_and_the_connection_stays_usable(
    server: SandboxServer, calls
) -> None:
    conn = _connection(server)
    try:
        conn.request("HEAD", calls.read_path)
        head = conn.getresponse()
        assert (head.status, head.getheader("Allow"), head.read()) == (405, "POST", b"")
        conn.request("POST", calls.read_path, body=calls.read_body())
        assert json.loads(conn.getresponse().read())["status"] == "success"
    finally:
        conn.close()
    assert server.connections == 1


def test_the_peer_address_reaches_the_application_as_client_ip(fake_sandbox: Sandbox) -> None:
    with fake_sandbox.serve(port=0) as srv, httpx.Client(base_url=srv.url, timeout=5) as client:
        client.post("/apis/v2/public/crm/fetchContact", json=fake_sandbox.credentials)
    assert fake_sandbox.app.client_ips == ["127.0.0.1"]


def test_a_chunked_request_body_is_read_whole(fake_sandbox: Sandbox) -> None:
    payload = {**fake_sandbox.credentials, "note": "x" * 3000}
    with fake_sandbox.serve(port=0) as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
        chunks = iter([json.dumps(payload)[:1000].encode(), json.dumps(payload)[1000:].encode()])
        conn.request("POST", "/apis/v2/public/crm/fetchContact", body=chunks, encode_chunked=True)
        answer = json.loads(conn.getresponse().read())
        conn.close()
    assert answer["data"]["echo"] == payload


def test_a_malformed_content_length_gets_400(server: SandboxServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"POST /public/crm/fetchContact HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n")
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 400")


# -- faults over the wire -------------------------------------------------------


def test_drop_over_a_socket_ends_the_connection_without_an_answer(
    sandbox: Sandbox, server: SandboxServer, calls
) -> None:
    sandbox.faults.add("drop", times=1)
    with httpx.Client(base_url=server.url, timeout=5) as client:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            client.post(calls.read_path, json=calls.read_json())
        # The next request opens a fresh connection and succeeds.
        assert client.post(calls.read_path, json=calls.read_json()).status_code == 200
    assert server.connections == 2


@pytest.mark.parametrize(("after_apply", "applied"), [(False, 0), (True, 1)], ids=["before-apply", "after-apply"])
def test_a_dropped_write_over_http_is_applied_only_after_apply(
    sandbox: Sandbox, server: SandboxServer, calls, after_apply: bool, applied: int
) -> None:
    sandbox.faults.add("drop", calls.write_name, after_apply=after_apply)
    with httpx.Client(base_url=server.url, timeout=5) as client:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            client.post(calls.write_path, json=calls.write_json())
    assert sandbox.writes[calls.write_name] == applied


def test_drop_writes_not_a_single_byte(sandbox: Sandbox, server: SandboxServer, calls) -> None:
    sandbox.faults.add("drop")
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        body = calls.read_body()
        head = f"POST {calls.read_path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n"
        sock.sendall(head.encode() + body)
        assert sock.recv(4096) == b""


def test_rate_limit_and_gateway_pages_over_http(sandbox: Sandbox, server: SandboxServer, calls) -> None:
    sandbox.faults.add("rate_limit", times=1, retry_after=4)
    sandbox.faults.add("server_error", times=1, status=502)
    with httpx.Client(base_url=server.url, timeout=5) as client:
        limited = client.post(calls.read_path, json=calls.read_json())
        gateway = client.post(calls.read_path, json=calls.read_json())
        fine = client.post(calls.read_path, json=calls.read_json())
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "4")
    assert gateway.status_code == 502 and "<html>" in gateway.text
    assert fine.json()["status"] == "success"
    assert server.connections == 1  # error answers keep the connection alive


def test_truncated_over_http_sends_a_consistent_content_length(
    sandbox: Sandbox, server: SandboxServer, calls
) -> None:
    sandbox.faults.add("truncated", times=1)
    with httpx.Client(base_url=server.url, timeout=5) as client:
        cut = client.post(calls.read_path, json=calls.read_json())
    assert int(cut.headers["content-length"]) == len(cut.content) > 0
    with pytest.raises(json.JSONDecodeError):
        cut.json()


def test_latency_beyond_the_client_timeout_times_out_over_http(
    sandbox: Sandbox, server: SandboxServer, calls
) -> None:
    sandbox.faults.add("latency", times=1, seconds=0.15)
    with httpx.Client(base_url=server.url, timeout=httpx.Timeout(5, read=0.03)) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.post(calls.read_path, json=calls.read_json())


def test_request_logs_go_to_logging_not_stderr(
    server: SandboxServer, calls, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="zyntro_nb.sandbox"):
        with httpx.Client(base_url=server.url, timeout=5) as client:
            client.post(calls.read_path, json=calls.read_json())
        server.close()  # joins the serving thread, so the log record is written
    assert capfd.readouterr().err == ""
    assert any(calls.read_path in record.getMessage() for record in caplog.records)


# -- closing ----------------------------------------------------------------------


def test_close_releases_the_port_and_ends_idle_connections(sandbox: Sandbox, calls) -> None:
    server = sandbox.serve(port=0)
    client = httpx.Client(base_url=server.url, timeout=5)
    assert client.post(calls.read_path, json=calls.read_json()).status_code == 200  # idle keep-alive now
    server.close()
    server.close()  # idempotent
    assert server.closed and "closed" in repr(server)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
    with pytest.raises(httpx.TransportError):
        client.post(calls.read_path, json=calls.read_json())
    client.close()
    with sandbox.serve(port=server.port) as again:  # the same port can be bound again
        assert again.port == server.port


def test_closing_the_sandbox_stops_its_servers(fake_app_factory) -> None:
    sb = Sandbox(app=fake_app_factory())
    first, second = sb.serve(port=0), sb.serve(port=0)
    sb.close()
    assert first.closed and second.closed


# -- serve_forever ----------------------------------------------------------------


def _run_serve_forever(sandbox: Sandbox, calls) -> tuple[str, dict]:
    out = io.StringIO()
    stop = threading.Event()
    thread = threading.Thread(
        target=serve_forever,
        kwargs={"port": 0, "out": out, "stop_event": stop, "sandbox": sandbox},
    )
    thread.start()
    try:
        for _ in range(200):
            if sandbox.servers:
                break
            stop.wait(0.005)
        url = sandbox.servers[0].url
        with httpx.Client(base_url=url, timeout=5) as client:
            answer = client.post(calls.read_path, json=calls.read_json()).json()
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()
    return out.getvalue(), answer


def test_serve_forever_prints_the_banner_serves_and_stops(sandbox: Sandbox, calls) -> None:
    text, answer = _run_serve_forever(sandbox, calls)
    url = sandbox.servers[0].url
    assert answer["status"] == "success"
    assert "SANDBOX" in text and "not the real service" in text
    assert f"ZYNTRO_BASE_URL={url}" in text
    assert f"curl -s -X POST {url}/apis/v2/public/developers/fetchIdentifiers" in text
    assert calls.credentials["developer_secret"] in text and calls.credentials["api_key"] in text
    assert text.rstrip().endswith("sandbox stopped")
    assert sandbox.servers[0].closed


def test_serve_forever_banner_curl_line_works_as_a_request(sandbox: Sandbox, calls) -> None:
    text, _ = _run_serve_forever(sandbox, calls)
    curl = next(line.strip() for line in text.splitlines() if line.strip().startswith("curl "))
    payload = curl.split(" -d ", 1)[1].strip("'")
    assert json.loads(payload) == {"developer_secret": calls.credentials["developer_secret"]}


class _InterruptedEvent:
    """Stands in for the wait in ``serve_forever``: the user presses Ctrl-C at once."""

    def wait(self, timeout: float | None = None) -> bool:
        raise KeyboardInterrupt


def test_serve_forever_stops_cleanly_on_ctrl_c(sandbox: Sandbox) -> None:
    out = io.StringIO()
    serve_forever(port=0, out=out, stop_event=_InterruptedEvent(), sandbox=sandbox)  # type: ignore[arg-type]
    server = sandbox.servers[0]
    assert server.closed
    assert out.getvalue().rstrip().endswith("sandbox stopped")
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()


def test_banner_warns_when_listening_beyond_loopback(fake_sandbox: Sandbox) -> None:
    # Built directly: the tests never bind anything but loopback.
    wide = _banner("http://0.0.0.0:8765", fake_sandbox)
    narrow = _banner("http://127.0.0.1:8765", fake_sandbox)
    assert "other machines can reach" in wide
    assert "other machines" not in narrow and "in-memory" in narrow


def test_a_burst_of_connections_is_queued_not_reset(sandbox: Sandbox, calls) -> None:
    """40 clients connect while the server is not yet accepting (as when a bulk's workers start at once):
    the kernel queues them all, so each gets its answer once the server runs, none a reset."""
    from zyntro_nb.sandbox._server import _HTTPServer

    httpd = _HTTPServer(("127.0.0.1", 0), sandbox)
    port = httpd.server_address[1]
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=3) for _ in range(40)]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        request = (f"POST {calls.read_path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(calls.read_body())}\r\nConnection: close\r\n\r\n").encode()
        firsts = []
        for sock in sockets:
            sock.sendall(request + calls.read_body())
            firsts.append(sock.makefile("rb").readline())
        assert firsts == [b"HTTP/1.1 200 OK\r\n"] * 40
    finally:
        for sock in sockets:
            sock.close()
        httpd.shutdown()
        httpd.server_close()
