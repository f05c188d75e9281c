"""The embedded sandbox: an offline imitation of the Zyntro API, with fault injection.

:class:`Sandbox` wraps the API application (``SandboxApp``: state, auth rules,
documented errors) with a :class:`FaultPlan`, and serves it either in-process
(``sandbox.transport()``, an httpx transport) or over loopback HTTP
(``sandbox.serve()``). ``serve_forever`` backs ``zyntro-nb sandbox``.

Example::

    >>> import httpx
    >>> sb = Sandbox()
    >>> client = httpx.Client(transport=sb.transport(), base_url="http://sandbox")
    >>> _ = sb.faults.add("rate_limit", "developers/fetchIdentifiers", times=1, retry_after=2)
    >>> r = client.post("/apis/v2/public/developers/fetchIdentifiers", json=sb.credentials)
    >>> r.status_code, r.headers["Retry-After"]
    (429, '2')
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TextIO

import httpx

from .._config import ENV_VARS, short_id
from .._defaults import API_PATH_TEMPLATE
from ._faults import Fault, FaultPlan, replacement_answer
from ._server import SandboxServer
from ._transport import AsyncSandboxTransport, SandboxTransport

if TYPE_CHECKING:
    from ._app import Clock, SandboxApp

__all__ = [
    "AsyncSandboxTransport",
    "Fault",
    "FaultPlan",
    "Sandbox",
    "SandboxResponse",
    "SandboxServer",
    "SandboxTransport",
    "serve_forever",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
_ALLOW = "POST"


@dataclass(frozen=True)
class SandboxResponse:
    """What the sandbox answers to one request, after faults.

    ``fault`` names the injected fault kind (``None`` for a plain answer).
    ``drop=True``: cut the connection without an answer. ``timed_out=True``: the
    answer would come later than the caller's read timeout, so the caller must
    report a timeout (``status`` is 0 in both cases). ``dispatched``: whether the
    application saw the request (a write may have been applied). ``headers``
    never carry ``Content-Length``; whoever sends the body computes it.

    Example::

        >>> SandboxResponse(200, {}, b"{}").ok
        True
    """

    status: int
    headers: dict[str, str]
    body: bytes
    fault: str | None = None
    drop: bool = False
    timed_out: bool = False
    dispatched: bool = True

    @property
    def ok(self) -> bool:
        """A plain answer was delivered (no fault, HTTP 200)."""
        return self.fault is None and self.status == 200


class _App(Protocol):
    """What the facade needs from the API application (``SandboxApp`` or a test double)."""

    clock: Any
    credentials: dict[str, str]
    writes: Counter[str]
    writes_total: int

    def dispatch(
        self, path: str, body: bytes, client_ip: str = ...
    ) -> tuple[int, dict[str, str], bytes]: ...
    def route(self, path: str) -> tuple[str, str] | None: ...
    def close(self) -> None: ...


class Sandbox:
    """The embedded imitation of the Zyntro API.

    ``db``: ``None`` for an in-memory database seeded from the fixture, or the
    path of a database file. ``clock``: the application's clock (a ``FixedClock``
    makes time-dependent behaviour deterministic). ``seed``: seeds the fault
    plan's random draws. ``app``: an already built application to wrap instead
    (then ``db`` and ``clock`` must be left out).

    Example::

        >>> sb = Sandbox()
        >>> client = httpx.Client(transport=sb.transport(), base_url="http://sandbox")
        >>> r = client.post("/apis/v2/public/developers/fetchIdentifiers",
        ...                 json={"developer_secret": sb.credentials["developer_secret"]})
        >>> r.json()["status"], sb.writes_total
        ('success', 0)
    """

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        clock: Clock | None = None,
        seed: int = 0,
        *,
        app: SandboxApp | _App | None = None,
    ) -> None:
        if app is None:
            from ._app import SandboxApp  # deferred: the application pulls in SQLite and the seed data

            app = SandboxApp(db=db, clock=clock)
        elif db is not None or clock is not None:
            raise ValueError("pass either app= or db=/clock=, not both")
        self.app = app
        self.faults = FaultPlan(seed)
        self._db = db
        self._servers: list[SandboxServer] = []
        self._closed = False
        self._sleep = time.sleep

    # -- state, delegated to the application --------------------------------

    @property
    def clock(self) -> Any:
        """The application's clock (``.now()``; a ``FixedClock`` also has ``.advance(seconds)``)."""
        return self.app.clock

    @property
    def credentials(self) -> dict[str, str]:
        """A copy of the primary sandbox account's identifiers (fake; valid here only)."""
        return dict(self.app.credentials)

    @property
    def user_id(self) -> str | None:
        """The primary account's user id (``ZYNTRO_USER_ID``; calculateLeadScore's ``service_instance``)."""
        return getattr(self.app, "user_id", None)

    @property
    def writes(self) -> Counter[str]:
        """Applied writes per ``"module/action"``."""
        return self.app.writes

    @property
    def writes_total(self) -> int:
        """How many writes the application has applied."""
        return self.app.writes_total

    # -- requests ------------------------------------------------------------

    def handle(
        self,
        path: str,
        body: bytes,
        client_ip: str = "127.0.0.1",
        *,
        timeout: float | None = None,
    ) -> SandboxResponse:
        """Answer one POST to ``path``, playing out the fault picked for its endpoint.

        ``timeout`` is the caller's read timeout: an injected latency longer than
        it returns at once with ``timed_out=True`` instead of sleeping (the
        request is dispatched first only for ``after_apply`` faults). Shorter
        latencies really sleep. Thread-safe.
        """
        module, action = self.app.route(path) or ("", "")
        fault = self.faults.pick(module, action)
        if fault is None:
            return self._dispatch(path, body, client_ip)
        if fault.kind == "latency":
            return self._delay(fault, path, body, client_ip, timeout)
        answer = self._dispatch(path, body, client_ip) if fault.after_apply else None
        dispatched = answer is not None
        if fault.kind == "drop":
            return SandboxResponse(0, {}, b"", fault="drop", drop=True, dispatched=dispatched)
        if fault.kind == "truncated":
            assert answer is not None  # truncated faults always dispatch
            return replace(answer, body=answer.body[: len(answer.body) // 2], fault="truncated")
        replacement = replacement_answer(fault)
        assert replacement is not None, fault.kind
        status, headers, content = replacement
        return SandboxResponse(status, headers, content, fault=fault.kind, dispatched=dispatched)

    def method_not_allowed(self, method: str) -> SandboxResponse:
        """The answer to any method but POST: 405 with ``Allow: POST`` (nothing dispatched)."""
        message = f"Method {method} not allowed: the Zyntro API accepts POST with a JSON body only"
        body = json.dumps({"status": "error", "data": [message]}).encode()
        headers = {"Content-Type": "application/json", "Allow": _ALLOW}
        return SandboxResponse(405, headers, body, dispatched=False)

    def _dispatch(self, path: str, body: bytes, client_ip: str) -> SandboxResponse:
        status, headers, content = self.app.dispatch(path, body, client_ip)
        headers = {k: v for k, v in headers.items() if k.lower() != "content-length"}
        return SandboxResponse(status, headers, content)

    def _delay(
        self, fault: Fault, path: str, body: bytes, client_ip: str, timeout: float | None
    ) -> SandboxResponse:
        seconds = float(fault.options["seconds"])
        too_late = timeout is not None and seconds > timeout
        if fault.after_apply:
            answer = self._dispatch(path, body, client_ip)
            if too_late:
                return SandboxResponse(0, {}, b"", fault="latency", timed_out=True)
            self._sleep(seconds)
            return replace(answer, fault="latency")
        if too_late:
            return SandboxResponse(0, {}, b"", fault="latency", timed_out=True, dispatched=False)
        self._sleep(seconds)
        return replace(self._dispatch(path, body, client_ip), fault="latency")

    # -- ways in -------------------------------------------------------------

    def transport(self, client_ip: str = "127.0.0.1") -> httpx.BaseTransport:
        """An httpx transport answering from this sandbox in-process, as seen from ``client_ip``."""
        return SandboxTransport(self, client_ip)

    def async_transport(self, client_ip: str = "127.0.0.1") -> httpx.AsyncBaseTransport:
        """The ``httpx.AsyncClient`` counterpart of :meth:`transport`."""
        return AsyncSandboxTransport(self, client_ip)

    def serve(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> SandboxServer:
        """Serve this sandbox over HTTP in a background thread; ``port=0`` picks a free port.

        Binds to loopback unless another ``host`` is asked for. Close the returned
        server (or the sandbox) to stop it.
        """
        if self._closed:
            raise RuntimeError("this sandbox is closed")
        server = SandboxServer(self, host, port)
        self._servers.append(server)
        return server

    @property
    def db(self) -> str | os.PathLike[str] | None:
        """The database file given at construction (``None``: in memory, or an injected app)."""
        return self._db

    @property
    def servers(self) -> list[SandboxServer]:
        """The servers started by :meth:`serve` (closed ones included)."""
        return list(self._servers)

    def add_account(self, api_key: str, developer_secret: str) -> dict[str, str]:
        """Add a login of your own (e.g. canary credentials) to the primary organization; returns its identifiers.

        Example::

            >>> ids = Sandbox().add_account("CANARY-KEY-1", "zdk_canary_secret_1")
            >>> sorted(ids)
            ['api_key', 'brand_id', 'developer_secret', 'member_id', 'org_id']
        """
        return self.app.add_account(api_key, developer_secret)

    def close(self) -> None:
        """Stop the servers started by :meth:`serve` and close the application. Idempotent."""
        if self._closed:
            return
        self._closed = True
        for server in self._servers:
            server.close()
        self.app.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "in-memory" if self._db is None else f"db={os.fspath(self._db)}"
        org = short_id(self.app.credentials.get("org_id"))
        return f"<Sandbox ({where}) org={org} writes={self.writes_total} faults={len(self.faults)}>"


def serve_forever(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    db: str | os.PathLike[str] | None = None,
    out: TextIO | None = None,
    *,
    stop_event: threading.Event | None = None,
    sandbox: Sandbox | None = None,
) -> None:
    """Run a sandbox server until Ctrl-C (or until ``stop_event`` is set), for ``zyntro-nb sandbox``.

    Prints a banner to ``out`` (default ``sys.stdout``): that this is the
    sandbox, its sandbox-only credentials, a curl line to try, and the
    ``ZYNTRO_BASE_URL`` to point a session at it. Prints ``sandbox stopped`` on the way out.
    ``stop_event`` ends the wait from another thread; ``sandbox`` serves an
    existing sandbox (its server is stopped at the end, the sandbox is left open)
    instead of building one on ``db``.

    Example (from a shell)::

        $ zyntro-nb sandbox --port 8765
    """
    out = sys.stdout if out is None else out
    stop = threading.Event() if stop_event is None else stop_event
    owned = sandbox is None
    if sandbox is None:
        from ._app import SystemClock  # deferred like the app itself

        sandbox = Sandbox(db=db, clock=SystemClock())  # a long-running server needs real time (cooldowns)
    server: SandboxServer | None = None
    try:
        server = sandbox.serve(host, port)
        out.write(_banner(server.url, sandbox))
        out.flush()
        # A bounded wait keeps Ctrl-C responsive on every platform.
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.close()
        if owned:
            sandbox.close()
    print("sandbox stopped", file=out, flush=True)


def _banner(url: str, sandbox: Sandbox) -> str:
    creds = sandbox.credentials
    storage = "in-memory, reset when stopped" if sandbox.db is None else os.fspath(sandbox.db)
    endpoint = url + API_PATH_TEMPLATE.format(module="developers", action="fetchIdentifiers")
    payload = json.dumps({"developer_secret": creds.get("developer_secret", "")})
    curl = (
        f"curl -s -X POST {endpoint} -H 'Content-Type: application/json' -d {shlex.quote(payload)}"
    )
    lines = [
        "Zyntro SANDBOX - an offline imitation of the Zyntro API, not the real service",
        f"listening on {url}  (database: {storage})",
    ]
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        lines.append("warning: listening beyond loopback; other machines can reach this sandbox")
    lines += ["", "Sandbox-only credentials (fake: they work here and nowhere else):"]
    width = max(len(name) for name in creds) if creds else 0
    lines += [f"  {name.ljust(width)}  {value}" for name, value in creds.items()]
    lines += ["", "Try it:", f"  {curl}", "", "Point a session at it:"]
    lines += [f"  export {ENV_VARS['base_url']}={url}"]
    lines += [f"  export {ENV_VARS[name]}={shlex.quote(str(value))}"
              for name, value in creds.items() if name in ENV_VARS]
    if sandbox.user_id:
        lines += [f"  export {ENV_VARS['user_id']}={shlex.quote(sandbox.user_id)}"]
    lines += ["", "Press Ctrl-C to stop.", ""]
    return "\n".join(lines)
