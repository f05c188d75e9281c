"""The in-process httpx transports and the ``Sandbox`` facade around the application."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

import zyntro_nb.sandbox as sandbox_package
from zyntro_nb.sandbox import AsyncSandboxTransport, Sandbox, SandboxResponse, SandboxTransport


def test_public_names_are_sorted_and_exported() -> None:
    names = sandbox_package.__all__
    assert list(names) == sorted(names)
    assert all(hasattr(sandbox_package, name) for name in names)


# -- transport ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/apis/v2/public/developers/fetchIdentifiers", "/public/developers/fetchIdentifiers"],
    ids=["overview-path", "short-path"],
)
def test_a_call_through_the_transport_gets_the_applications_answer(
    sandbox: Sandbox, calls, path: str
) -> None:
    with httpx.Client(transport=sandbox.transport(), base_url="http://sandbox") as client:
        response = client.post(path, json=calls.read_json())
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    assert response.headers["content-type"].startswith("application/json")
    assert int(response.headers["content-length"]) == len(response.content)


def test_transport_is_the_sync_httpx_transport(sandbox: Sandbox) -> None:
    transport = sandbox.transport(client_ip="10.1.2.3")
    assert isinstance(transport, SandboxTransport) and isinstance(transport, httpx.BaseTransport)
    assert transport.client_ip == "10.1.2.3"


def test_a_write_through_the_transport_is_applied_once(sandbox: Sandbox, calls) -> None:
    with httpx.Client(transport=sandbox.transport(), base_url="http://sandbox") as client:
        response = client.post(calls.write_path, json=calls.write_json())
    assert response.json()["status"] == "success"
    assert sandbox.writes[calls.write_name] == 1
    assert sandbox.writes_total == 1


def test_transport_passes_its_client_ip_to_the_application(fake_sandbox: Sandbox, calls) -> None:
    transport = fake_sandbox.transport(client_ip="203.0.113.9")
    with httpx.Client(transport=transport, base_url="http://sandbox") as client:
        client.post("/apis/v2/public/developers/fetchIdentifiers", json={"developer_secret": "x"})
    assert fake_sandbox.app.client_ips == ["203.0.113.9"]


def test_transport_sends_the_request_body_unchanged(fake_sandbox: Sandbox) -> None:
    payload = {**fake_sandbox.credentials, "note": "héllo ✓", "nested": {"n": [1, 2]}}
    with httpx.Client(transport=fake_sandbox.transport(), base_url="http://sandbox") as client:
        response = client.post("/apis/v2/public/crm/fetchContact", json=payload)
    assert response.json()["data"]["echo"] == payload


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"], ids=str.lower)
def test_methods_other_than_post_get_405_and_reach_nothing(fake_sandbox: Sandbox, method: str) -> None:
    with httpx.Client(transport=fake_sandbox.transport(), base_url="http://sandbox") as client:
        response = client.request(method, "/apis/v2/public/developers/fetchIdentifiers")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["status"] == "error"
    assert fake_sandbox.app.client_ips == []


def test_async_transport_answers_like_the_sync_one(sandbox: Sandbox, calls) -> None:
    async def run() -> tuple[httpx.Response, Exception | None]:
        transport = sandbox.async_transport()
        assert isinstance(transport, AsyncSandboxTransport)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
            ok = await client.post(calls.read_path, json=calls.read_json())
            sandbox.faults.add("drop", times=1)
            try:
                await client.post(calls.read_path, json=calls.read_json())
            except httpx.RemoteProtocolError as exc:
                return ok, exc
            return ok, None

    ok, dropped = asyncio.run(run())
    assert ok.json()["status"] == "success"
    assert isinstance(dropped, httpx.RemoteProtocolError)


def test_async_transport_turns_long_latency_into_read_timeout(sandbox: Sandbox, calls) -> None:
    sandbox._sleep = lambda seconds: pytest.fail(f"slept {seconds}s")
    sandbox.faults.add("latency", seconds=60)

    async def run() -> None:
        async with httpx.AsyncClient(transport=sandbox.async_transport(), timeout=1.0) as client:
            await client.post("http://sandbox" + calls.read_path, json=calls.read_json())

    with pytest.raises(httpx.ReadTimeout):
        asyncio.run(run())


def test_no_read_timeout_means_latency_is_waited_out(sandbox: Sandbox, calls) -> None:
    slept: list[float] = []
    sandbox._sleep = slept.append
    sandbox.faults.add("latency", seconds=120)
    with httpx.Client(transport=sandbox.transport(), base_url="http://sandbox", timeout=None) as client:
        response = client.post(calls.read_path, json=calls.read_json())
    assert response.status_code == 200
    assert slept == [120.0]


# -- facade -------------------------------------------------------------------


def test_sandbox_exposes_the_application_state(fake_sandbox: Sandbox) -> None:
    app = fake_sandbox.app
    assert fake_sandbox.clock is app.clock
    assert fake_sandbox.writes is app.writes
    assert fake_sandbox.credentials == app.credentials
    assert fake_sandbox.credentials["org_id"] == "42cc1aca-3aa5-4339-98d2-480b5b89937b"


def test_credentials_are_a_copy(fake_sandbox: Sandbox) -> None:
    original = fake_sandbox.credentials["api_key"]
    fake_sandbox.credentials["api_key"] = "changed"
    assert fake_sandbox.credentials["api_key"] == original


def test_repr_names_the_sandbox_but_no_secret(sandbox: Sandbox, calls) -> None:
    sandbox.handle(calls.write_path, calls.write_body())
    sandbox.faults.add("drop", "edge/*")
    text = repr(sandbox)
    assert text == "<Sandbox (in-memory) org=42cc1aca… writes=1 faults=1>"
    for secret in (calls.credentials["api_key"], calls.credentials["developer_secret"]):
        assert secret not in text


def test_app_and_db_together_are_refused(fake_app_factory) -> None:
    with pytest.raises(ValueError, match="either app"):
        Sandbox(db="x.db", app=fake_app_factory())


def test_close_closes_the_application_and_is_idempotent(fake_app_factory) -> None:
    app = fake_app_factory()
    sb = Sandbox(app=app)
    sb.close()
    sb.close()
    assert app.closed
    with pytest.raises(RuntimeError, match="closed"):
        sb.serve(port=0)


def test_sandbox_is_a_context_manager(fake_app_factory) -> None:
    app = fake_app_factory()
    with Sandbox(app=app) as sb:
        assert not app.closed and sb.app is app
    assert app.closed


def test_unknown_path_gets_the_applications_answer_and_only_unscoped_faults(fake_sandbox: Sandbox) -> None:
    fake_sandbox.faults.add("drop", "crm/*")
    answer = fake_sandbox.handle("/nowhere", b"{}")
    assert (answer.status, answer.drop) == (404, False)
    fake_sandbox.faults.add("not_json")
    assert fake_sandbox.handle("/nowhere", b"{}").fault == "not_json"


def test_answers_never_carry_their_own_content_length(fake_sandbox: Sandbox) -> None:
    body = json.dumps(fake_sandbox.credentials).encode()
    answer = fake_sandbox.handle("/apis/v2/public/crm/fetchContact", body)
    assert isinstance(answer, SandboxResponse) and answer.ok
    assert "content-length" not in {name.lower() for name in answer.headers}


def test_sandbox_builds_the_application_on_a_file_and_a_clock(tmp_path) -> None:
    app_module = pytest.importorskip("zyntro_nb.sandbox._app")
    clock = app_module.FixedClock()
    path = tmp_path / "sandbox.db"
    with Sandbox(db=path, clock=clock) as sb:
        assert sb.clock is clock
        assert sb.db == path
        assert repr(sb).startswith(f"<Sandbox (db={path}) org=42cc1aca…")
        assert sb.credentials["developer_secret"] == "zdk_your_developer_secret"
    assert path.exists()
