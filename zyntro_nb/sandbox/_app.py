"""The sandbox's API application: routes a POST to its handler over a seeded SQLite store.

:class:`SandboxApp` answers the Zyntro public API's paths with the API's own auth
order, documented envelopes and stateful behaviour. It knows nothing of HTTP
servers or transports: ``dispatch(path, body, client_ip)`` returns
``(status, headers, body)`` and the transport or server around it does the rest.

Example::

    >>> import json
    >>> app = SandboxApp()
    >>> body = {**app.credentials, "contact_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890"}
    >>> status, headers, raw = app.dispatch("/apis/v2/public/crm/fetchContact", json.dumps(body).encode())
    >>> status, json.loads(raw)["data"]["first_name"]
    (200, 'Jane')
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import re
import sqlite3
import threading
import uuid
from typing import Any

from zyntro_nb._catalog.catalog import Catalog, Endpoint

from . import _store
from ._auth import authenticate
from ._billing import HANDLERS as BILLING
from ._handlers_account import HANDLERS as ACCOUNT
from ._handlers_calendar import HANDLERS as CALENDAR
from ._handlers_crm import HANDLERS as CRM
from ._handlers_edge import HANDLERS as EDGE
from ._handlers_forms import HANDLERS as FORMS
from ._handlers_ingest import HANDLERS as INGEST
from ._handlers_legacy import HANDLERS as LEGACY
from ._help import build_help
from ._request import ApiError, Handler, Reply, Request
from ._validate import validate_params

__all__ = ["Clock", "FixedClock", "SandboxApp", "SystemClock"]

DEFAULT_START = dt.datetime(2026, 4, 1, 9, 0, 0, tzinfo=dt.timezone.utc)
PRIMARY_CREDENTIALS = {
    "api_key": "UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX",
    "developer_secret": "zdk_your_developer_secret",
    "org_id": "42cc1aca-3aa5-4339-98d2-480b5b89937b",
    "brand_id": "1",
    "member_id": "f2470c7f-60b1-4491-b117-8ba0e3e2a53b",
}
HANDLERS: dict[tuple[str, str], Handler] = {
    **CRM, **INGEST, **ACCOUNT, **CALENDAR, **FORMS, **EDGE, **BILLING, **LEGACY,
}
# The published help endpoints, plus confirmPaymentMethod whose help explains the sandbox's assumption.
_EXTRA_HELP = {("edge", "confirmPaymentMethod")}
_ROUTES = (
    (re.compile(r"^/apis/v2/public/([A-Za-z]+)/([A-Za-z]+)(?:\.php)?$"), None),
    (re.compile(r"^/public/([A-Za-z]+)/([A-Za-z]+)(?:\.php)?$"), None),
    (re.compile(r"^/apis/public/([A-Za-z]+)/([A-Za-z]+)\.php$"), None),
    (re.compile(r"^/apis/public/([A-Za-z]+)\.php$"), "legacy"),
    (re.compile(r"^/apis/edge/trigger/(fire)\.php$"), "edge"),
)


class Clock:
    """Where the sandbox reads the time; inject a :class:`FixedClock` so tests never sleep.

    Example::

        >>> FixedClock().now().isoformat()
        '2026-04-01T09:00:00+00:00'
    """

    def now(self) -> dt.datetime:
        """The current time, timezone-aware, in UTC."""
        raise NotImplementedError


class FixedClock(Clock):
    """A clock that stands still until :meth:`advance` moves it (default 2026-04-01 09:00:00 UTC).

    Example::

        >>> clock = FixedClock()
        >>> clock.advance(61)
        >>> clock.now().strftime("%H:%M:%S")
        '09:01:01'
    """

    def __init__(self, start: dt.datetime | None = None) -> None:
        start = start or DEFAULT_START
        if start.tzinfo is None:
            start = start.replace(tzinfo=dt.timezone.utc)
        self._now = self._start = start.astimezone(dt.timezone.utc)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += dt.timedelta(seconds=seconds)

    def reset(self) -> None:
        """Back to the time the clock started at."""
        with self._lock:
            self._now = self._start

    @property
    def offset(self) -> float:
        """Seconds the clock has been advanced since it started."""
        with self._lock:
            return (self._now - self._start).total_seconds()


class SystemClock(Clock):
    """The wall clock, in UTC, plus however far :meth:`advance` has moved it (a served sandbox's clock).

    Example::

        >>> clock = SystemClock()
        >>> clock.advance(3600)
        >>> round((clock.now() - dt.datetime.now(dt.timezone.utc)).total_seconds() / 60)
        60
    """

    def __init__(self) -> None:
        self._offset = dt.timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return dt.datetime.now(dt.timezone.utc) + self._offset

    def advance(self, seconds: float) -> None:
        """Move this clock ahead (cooldowns, schedules) without waiting."""
        with self._lock:
            self._offset += dt.timedelta(seconds=seconds)

    def reset(self) -> None:
        """Back to the wall clock."""
        with self._lock:
            self._offset = dt.timedelta(0)

    @property
    def offset(self) -> float:
        """Seconds this clock runs ahead of the wall clock."""
        with self._lock:
            return self._offset.total_seconds()


def _truthy(value: Any) -> bool:
    return value is True or value == 1 or (isinstance(value, str) and value.strip().lower() in ("true", "1"))


_MEMBERSHIPS = ("member", "none", "no_brand")  # shapes of added accounts (see SandboxApp.add_account)


class SandboxApp:
    """A stateful imitation of the Zyntro public API.

    ``db=None`` gives a fresh in-memory database seeded from the shipped fixture; a
    path gives a file database, seeded on first use and kept across runs. ``clock``
    defaults to a :class:`FixedClock` so that results are reproducible.

    ``credentials`` holds the primary sandbox account (the published example
    identifiers); ``writes`` counts applied writes per ``module/action``.

    Example::

        >>> app = SandboxApp()
        >>> app.route("/apis/public/fetchPipelineStages.php")
        ('legacy', 'fetchPipelineStages')
        >>> app.dispatch("/apis/v2/public/nope/nothing", b"{}")[0]
        404
    """

    def __init__(self, db: str | os.PathLike[str] | None = None, clock: Clock | None = None) -> None:
        self.clock: Clock = clock or FixedClock()
        self.credentials: dict[str, str] = dict(PRIMARY_CREDENTIALS)
        self.writes: collections.Counter[str] = collections.Counter()
        self.catalog = Catalog.builtin()
        self._conn = _store.open_database(db)
        self._lock = threading.RLock()
        self._requests = 0
        self._added: list[tuple[str, str, tuple[str, ...], str]] = []  # put back by reset()

    @property
    def writes_total(self) -> int:
        """All applied writes since this app started."""
        return sum(self.writes.values())

    @property
    def user_id(self) -> str | None:
        """The primary account's user id: what calculateLeadScore takes as ``service_instance``.

        Example::

            >>> SandboxApp().user_id
            '7d3f0b6e-2c4a-4f1e-9a57-3c1d2e8b9f10'
        """
        with self._lock:
            row = _store.fetch_one(self._conn, "SELECT user_id FROM users WHERE api_key = ?",
                                   (self.credentials["api_key"],))
        return row["user_id"] if row else None

    def add_account(
        self,
        api_key: str,
        developer_secret: str,
        *,
        whitelist: tuple[str, ...] = ("127.0.0.1", "::1", "testclient"),
        membership: str = "member",
    ) -> dict[str, str]:
        """Add a user with its own API key and developer key, as a member of the primary organization.

        Lets a test run with credentials of its choosing (e.g. canary strings that must never
        show up in output). Returns the new account's five identifiers.

        ``membership`` shapes the account for bootstrap edge cases: ``"member"`` (a member of the
        primary organization), ``"none"`` (a user in no organization: ``org_id``, ``brand_id`` and
        ``member_id`` come back empty) or ``"no_brand"`` (the only member of an organization of its
        own that has no brand: ``brand_id`` comes back empty).

        Example::

            >>> ids = SandboxApp().add_account("CANARY-KEY-1", "zdk_canary_secret_1")
            >>> ids["brand_id"], ids["org_id"] == PRIMARY_CREDENTIALS["org_id"]
            ('1', True)
        """
        if membership not in _MEMBERSHIPS:
            raise ValueError(f"membership must be one of {', '.join(map(repr, _MEMBERSHIPS))}, not {membership!r}")
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                ids = self._insert_account(api_key, developer_secret, tuple(whitelist), membership)
            except sqlite3.IntegrityError:
                self._conn.execute("ROLLBACK")
                raise ValueError(f"the sandbox already has an account with this api_key or developer_secret "
                                 f"({api_key[:4]}…): add each account once, with its own credentials") from None
            self._conn.execute("COMMIT")
            self._added.append((api_key, developer_secret, tuple(whitelist), membership))
        return ids

    @property
    def added_accounts(self) -> list[str]:
        """The API keys of the accounts added with :meth:`add_account`, in the order they were added."""
        with self._lock:
            return [added[0] for added in self._added]

    def _insert_account(self, api_key: str, developer_secret: str, whitelist: tuple[str, ...],
                        membership: str = "member") -> dict[str, str]:
        org_id = PRIMARY_CREDENTIALS["org_id"]
        if membership == "no_brand":
            org_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox-org:{api_key}"))
            _store.insert(self._conn, "orgs", {"org_id": org_id, "org_name": "Brandless Org", "org_active": 1})
        user_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox-user:{api_key}"))
        member_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox-member:{api_key}"))
        _store.insert(self._conn, "users", {
            "user_id": user_id, "api_key": api_key, "user_email": "guest@sandbox.example.com",
            "user_active": 1,
        })
        _store.insert(self._conn, "dev_keys", {
            "dk_secret": developer_secret, "dk_userid": user_id, "dk_label": "added account",
            "dk_active": 1, "dk_whitelist": list(whitelist),
        })
        if membership == "none":
            return {"api_key": api_key, "developer_secret": developer_secret, "org_id": "", "brand_id": "",
                    "member_id": ""}
        _store.insert(self._conn, "members", {
            "member_id": member_id, "member_orgid": org_id, "member_userid": user_id,
            "member_fname": "Guest", "member_lname": "Analyst", "member_email": "guest@sandbox.example.com",
            "member_role": "Admin", "member_status": "active", "member_is_owner": 0,
            "member_timezone": "America/New_York",
        })
        brand_id = "" if membership == "no_brand" else PRIMARY_CREDENTIALS["brand_id"]
        return {"api_key": api_key, "developer_secret": developer_secret, "org_id": org_id,
                "brand_id": brand_id, "member_id": member_id}

    def route(self, path: str) -> tuple[str, str] | None:
        """``(module, action)`` for a path the sandbox answers, else ``None``."""
        clean = path.split("?", 1)[0].rstrip("/")
        for pattern, module in _ROUTES:
            match = pattern.match(clean)
            if match:
                found = (module, match.group(1)) if module else (match.group(1), match.group(2))
                if found in HANDLERS and self.catalog.get(*found) is not None:
                    return found
        return None

    def dispatch(self, path: str, body: bytes, client_ip: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
        """Handle one POST: returns (HTTP status, headers, JSON body). Thread-safe."""
        with self._lock:
            self._requests += 1
            headers = {
                "Content-Type": "application/json",
                "X-Request-Id": f"req_{self._requests:06d}",
                "X-Zyntro-Sandbox": "1",  # lets a client pointed at a served sandbox say so
            }
            found = self.route(path)
            if found is None:
                return 404, headers, _dump({"status": "error", "data": [f"Unknown endpoint: {path}"]})
            endpoint = self.catalog.get(*found)
            assert endpoint is not None
            status, payload = self._answer(endpoint, body, client_ip)
            return status, headers, _dump(payload)

    def reset(self, *, keep_accounts: bool = True) -> None:
        """Back to the seed data, no writes counted, and the clock where it started. Thread-safe.

        Accounts added with :meth:`add_account` are kept (their credentials keep working, with the
        same member and user ids; like everything else they own nothing but what the seed gives),
        unless ``keep_accounts=False``, which leaves exactly the seed's accounts.

        Example::

            >>> app = SandboxApp()
            >>> _ = app.add_account("CANARY-KEY-1", "zdk_canary_secret_1")
            >>> app.writes["crm/addNotestoContact"] += 1
            >>> app.reset(); app.writes_total, app.added_accounts
            (0, ['CANARY-KEY-1'])
            >>> app.reset(keep_accounts=False); app.added_accounts
            []
        """
        with self._lock:
            _store.reseed(self._conn)
            if keep_accounts:
                self._conn.execute("BEGIN")
                for api_key, developer_secret, whitelist, membership in self._added:
                    self._insert_account(api_key, developer_secret, whitelist, membership)
                self._conn.execute("COMMIT")
            else:
                self._added.clear()
            self.writes.clear()
            reset_clock = getattr(self.clock, "reset", None)
            if callable(reset_clock):
                reset_clock()

    def close(self) -> None:
        """Close the database; the app must not be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SandboxApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------------
    def _answer(self, endpoint: Endpoint, raw: bytes, client_ip: str) -> tuple[int, dict[str, Any]]:
        key = (endpoint.module, endpoint.action)
        try:
            body = json.loads(raw.decode("utf-8")) if raw and raw.strip() else {}
        except (ValueError, UnicodeDecodeError):
            return 200, _error(endpoint, "Request body must be JSON")
        if not isinstance(body, dict):
            return 200, _error(endpoint, "Request body must be a JSON object")
        if (endpoint.help or key in _EXTRA_HELP) and _truthy(body.get("help")):
            return 200, {"status": "success", "data": build_help(endpoint)}
        self._conn.execute("BEGIN")
        try:
            caller = authenticate(self._conn, endpoint, body, client_ip)
            params = validate_params(endpoint, body)
            request = Request(endpoint, params, body, caller, self._conn, self.clock.now())
            reply: Reply = HANDLERS[key](request)
        except ApiError as exc:
            self._conn.execute("ROLLBACK")
            return 200, _error(endpoint, exc.message)
        except Exception as exc:  # a sandbox bug must not leave a transaction open
            self._conn.execute("ROLLBACK")
            return 500, {"status": "error", "data": [f"Sandbox internal error: {type(exc).__name__}: {exc}"]}
        self._conn.execute("COMMIT")
        if reply.wrote:
            self.writes[endpoint.key] += 1
        return 200, {"status": "success", "data": reply.data, **reply.extra}


def _error(endpoint: Endpoint, message: str) -> dict[str, Any]:
    """The documented error envelope; Edge pages use ``errors`` instead of ``data``."""
    return {"status": "error", ("errors" if endpoint.module == "edge" else "data"): [message]}


def _dump(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")
