"""The embedded sandbox: an offline imitation of the Zyntro API, with fault injection.

Layer 7 (a feature; its own subpackage, never imported by the client's call path).
May import: the catalog, identifiers and defaults (``_catalog``, ``_config``, ``_defaults``).
Imported by: ``_connect`` (``zn.connect(sandbox=True)``), the CLI (``zyntro-nb sandbox``), tests.

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
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from .._config import short_id
from ._faults import (
    Fault,
    FaultDraw,
    FaultPlan,
    FaultShadowedWarning,
    FaultSpecError,
    parse_fault_spec,
    replacement_answer,
)
from ._limiter import RateLimiter, RateLimitSpecError, bucket_key, parse_rate, rate_limited_answer
from ._serve import DEFAULT_HOST, DEFAULT_PORT, serve_forever
from ._server import SandboxServer
from ._transport import AsyncSandboxTransport, SandboxTransport

if TYPE_CHECKING:
    from ._app import Clock, SandboxApp

__all__ = [
    "AsyncSandboxTransport",
    "Fault",
    "FaultDraw",
    "FaultPlan",
    "FaultShadowedWarning",
    "FaultSpecError",
    "RateLimitSpecError",
    "RateLimiter",
    "Sandbox",
    "SandboxResponse",
    "SandboxServer",
    "SandboxTransport",
    "parse_fault_spec",
    "parse_rate",
    "serve_forever",
]

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
    def add_account(self, api_key: str, developer_secret: str, *, membership: str = ...) -> dict[str, str]: ...


class Sandbox:
    """The embedded imitation of the Zyntro API.

    ``db``: ``None`` for an in-memory database seeded from the fixture, or the
    path of a database file. ``clock``: the application's clock (a ``FixedClock``
    makes time-dependent behaviour deterministic). ``seed``: seeds the fault
    plan's random draws. ``app``: an already built application to wrap instead
    (then ``db`` and ``clock`` must be left out). ``rate_limit``: ``"100/s"`` (or ``"6000/min"``)
    answers HTTP 429 with ``Retry-After`` beyond that many requests per API key, from a token
    bucket holding one second's worth (``sb.limiter`` counts what it allowed and refused).

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
        rate_limit: str | None = None,
    ) -> None:
        self.limiter = RateLimiter(parse_rate(rate_limit)) if rate_limit is not None else None
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
        """Answer one POST to ``path``, playing out the faults drawn for its endpoint.

        Faults compose (see ``FaultPlan.draw``): the latencies that fire add up and delay the
        answer; a failure that fires replaces or cuts it. The failure's ``after_apply`` decides
        whether the request is applied first (without a failure, a latency's own does).

        ``timeout`` is the caller's read timeout: a total delay longer than it returns at
        once with ``timed_out=True`` instead of sleeping. Shorter delays really sleep.
        Thread-safe.
        """
        if self.limiter is not None:
            wait = self.limiter.take(bucket_key(body, client_ip))
            if wait:
                status, headers, content = rate_limited_answer(wait)
                return SandboxResponse(status, headers, content, fault="rate_limit", dispatched=False)
        module, action = self.app.route(path) or ("", "")
        drawn = self.faults.draw(module, action)
        if drawn.empty:
            return self._dispatch(path, body, client_ip)
        failure = drawn.failure
        apply_first = failure.after_apply if failure is not None else any(f.after_apply for f in drawn.latencies)
        answer = self._dispatch(path, body, client_ip) if apply_first else None
        if drawn.latencies:
            if timeout is not None and drawn.delay > timeout:
                return SandboxResponse(0, {}, b"", fault="latency", timed_out=True, dispatched=answer is not None)
            self._sleep(drawn.delay)
        if failure is None:
            return replace(answer or self._dispatch(path, body, client_ip), fault="latency")
        dispatched = answer is not None
        if failure.kind == "drop":
            return SandboxResponse(0, {}, b"", fault="drop", drop=True, dispatched=dispatched)
        if failure.kind == "truncated":
            assert answer is not None  # truncated faults always dispatch
            return replace(answer, body=answer.body[: len(answer.body) // 2], fault="truncated")
        replacement = replacement_answer(failure)
        assert replacement is not None, failure.kind
        status, headers, content = replacement
        return SandboxResponse(status, headers, content, fault=failure.kind, dispatched=dispatched)

    def control(self, method: str, path: str, body: bytes = b"", client_ip: str = "127.0.0.1") -> SandboxResponse:
        """Answer a request to the control surface (``/__sandbox/...``): faults, writes, clock, reset.

        Only clients on 127.0.0.1 or ::1 are answered (403 otherwise); bad input gets a 400 naming
        the problem and changes nothing. See ``zyntro_nb.sandbox._control`` for the paths.

        Example::

            >>> Sandbox().control("GET", "/__sandbox/writes").body
            b'{"status": "success", "data": {"total": 0, "by_endpoint": {}}}'
        """
        from ._control import answer

        return answer(self, method, path, body, client_ip)

    def reset(self, *, keep_accounts: bool = True) -> None:
        """Back to the seed data, no writes, the clock where it started (``POST /__sandbox/reset``).

        Accounts added with :meth:`add_account` stay: their credentials keep working and, like the
        seed's accounts, they own only what the seed gives them. ``keep_accounts=False`` removes them
        too. Armed faults stay (``sb.faults.clear()`` disarms them).

        Example::

            >>> sb = Sandbox()
            >>> _ = sb.add_account("CANARY-KEY-1", "zdk_canary_secret_1")
            >>> sb.reset()
            >>> sb.app.added_accounts
            ['CANARY-KEY-1']
        """
        reset = getattr(self.app, "reset", None)
        if not callable(reset):
            raise RuntimeError("this sandbox's application cannot be reset")
        reset(keep_accounts=keep_accounts)
        if self.limiter is not None:
            self.limiter.reset()

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

    # -- ways in -------------------------------------------------------------

    def transport(self, client_ip: str = "127.0.0.1") -> httpx.BaseTransport:
        """An httpx transport answering from this sandbox in-process, as seen from ``client_ip``."""
        return SandboxTransport(self, client_ip)

    def async_transport(self, client_ip: str = "127.0.0.1") -> httpx.AsyncBaseTransport:
        """The ``httpx.AsyncClient`` counterpart of :meth:`transport`."""
        return AsyncSandboxTransport(self, client_ip)

    def serve(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> SandboxServer:
        """Serve this sandbox over HTTP in a background thread of this process; ``port=0`` picks a free port.

        Binds to loopback unless another ``host`` is asked for. The API answers on its
        usual paths and the control surface on ``/__sandbox/...`` (loopback clients only).
        Stop it with ``server.close()`` (or a ``with`` block, or by closing the sandbox).
        The clock stays the sandbox's (a fixed clock by default); for real time build the
        sandbox with ``clock=SystemClock()`` as ``zyntro-nb sandbox`` does.

        Example::

            >>> import zyntro_nb as zn
            >>> with Sandbox() as sb, sb.serve(port=0) as server:
            ...     s = zn.connect(base_url=server.url, **sb.credentials, current=False)
            ...     s.crm.fetchContact(contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890").first_name[0]
            'Jane'
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

    def add_account(self, api_key: str, developer_secret: str, *, membership: str = "member") -> dict[str, str]:
        """Add a login of your own (e.g. canary credentials) to the primary organization; returns its identifiers.

        ``membership="none"`` adds a user that belongs to no organization, ``"no_brand"`` one whose
        organization has no brand (to try bootstrap's refusals).

        Example::

            >>> ids = Sandbox().add_account("CANARY-KEY-1", "zdk_canary_secret_1")
            >>> sorted(ids)
            ['api_key', 'brand_id', 'developer_secret', 'member_id', 'org_id']
        """
        return self.app.add_account(api_key, developer_secret, membership=membership)

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
