"""Record once, replay anywhere: an httpx transport that stores exchanges in a cassette, or answers from one.

``zn.connect(record=FILE)`` sends to the configured backend (the API, or the
sandbox) and stores every exchange; ``zn.connect(replay=FILE)`` answers every
request from the file, with no network and no credentials; ``zn.connect(replay=FILE,
record_missing=True)`` replays what the cassette has and sends (and appends)
only what it lacks. The same from the environment: ``ZYNTRO_RECORD=FILE``,
``ZYNTRO_REPLAY=FILE`` (plus ``ZYNTRO_RECORD_MISSING=1``), for ``zn.connect()``
and ``%zyntro connect`` without a backend of their own.

Design note — why a transport of our own rather than vcrpy. vcrpy records by
patching httpx's transport classes process-wide, so it would neither see the
in-process sandbox transport nor stay scoped to one session; it writes what the
wire carried and removes credentials only through filters the user must
remember to configure (request headers, JSON bodies and answers each need
their own), matches bodies as bytes (key order matters) unless given a custom
matcher, stores no transport errors (a timeout cannot be replayed), and saves
the cassette when its context exits (an interrupted kernel loses the
recording). Plugged in at the network seam like the sandbox, this transport
holds no credential by construction: the request body is rewritten by
:class:`~zyntro_nb._placeholders.Placeholders` before anything is stored or
matched, answers pass through the same rule for credential fields, only a short
list of response headers is kept, and request headers are never stored. Matching
is on ``module/action`` plus the rewritten body with keys sorted, so it ignores
key order and whose credentials are in use. Nothing above the transport needs to
know: errors, retries and frames are produced by the session from the replayed
answer exactly as from a live one.

Replay rules: the n-th identical request gets the n-th recorded answer; asked
more often than recorded, the last one is repeated (re-running a cell works);
an unknown request raises :class:`~zyntro_nb.ReplayMissError` naming the
closest recorded ones. Writes are answered from the cassette and reach nothing.

Example::

    >>> import tempfile, pathlib, zyntro_nb as zn
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.zyntro.json"
    >>> live = zn.connect(sandbox=True, record=path)
    >>> live.crm.fetchContact(contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890").shape[0]
    1
    >>> live.close()
    >>> s = zn.connect(replay=path)
    >>> s.crm.fetchContact(contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890").shape[0]
    1
    >>> "REPLAY" in repr(s)
    True
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ._cassette import Cassette, CassetteWriter, read_cassette
from ._config import env_base_url, env_cassette
from ._envelope import REQUEST_ID_HEADERS
from ._errors import CassetteError, ConfigurationError, ReplayMissError
from ._placeholders import Placeholders

if TYPE_CHECKING:
    from ._catalog import Catalog
    from ._config import Config
    from ._session import Session
    from .sandbox import Sandbox

__all__ = ["CassetteTransport", "connect_cassette", "resolve_cassette"]

_KEPT_HEADERS = ("content-type", "retry-after", "date", "x-zyntro-sandbox", *REQUEST_ID_HEADERS)
_API_PATH = re.compile(r"/apis/v2/public/([^/]+)/([^/]+)$")
# Placeholder credentials of a replaying session: never sent anywhere, rewritten to "<api_key>" before matching.
_REPLAY_CREDENTIALS = {"api_key": "REPLAY-NO-KEY-NEEDED", "developer_secret": "zdk_none"}
_CLOSEST = 3


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def _safe_base(url: str) -> str:
    """A base URL without ``user:password@`` (never stored)."""
    return re.sub(r"(://)[^/@]*@", r"\1", url).rstrip("/")


def _endpoint(request: httpx.Request) -> str:
    match = _API_PATH.search(request.url.path)
    return f"{match.group(1)}/{match.group(2)}" if match else request.url.path


def _key(endpoint: str, body: Any) -> str:
    return endpoint + " " + json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "…"


def _difference(asked: Any, recorded: Any) -> str:
    if not (isinstance(asked, dict) and isinstance(recorded, dict)):
        return "a different body"
    parts = [f"{k}: asked {_short(asked[k])}, recorded {_short(recorded[k])}"
             for k in sorted(set(asked) & set(recorded)) if asked[k] != recorded[k]]
    parts += [f"{k} only in the call" for k in sorted(set(asked) - set(recorded))]
    parts += [f"{k} only in the recording" for k in sorted(set(recorded) - set(asked))]
    return "; ".join(parts) or "the same body"


class CassetteTransport(httpx.BaseTransport):
    """The network seam for record and replay.

    ``cassette`` (already read) answers requests; ``inner`` (a live or sandbox
    transport) serves what the cassette lacks when ``writer`` records it.
    With no cassette every request goes to ``inner`` and is recorded.
    :meth:`bind` gives it the session's settings (for placeholders) once the session exists.
    """

    def __init__(
        self,
        path: Path,
        *,
        cassette: Cassette | None = None,
        inner: httpx.BaseTransport | None = None,
        writer: CassetteWriter | None = None,
    ) -> None:
        self.path = path
        self.cassette = cassette
        self.inner = inner
        self.writer = writer
        self.placeholders = Placeholders()
        self._marked: frozenset[str] = frozenset()
        self._lock = threading.Lock()
        self._recorded: dict[str, list[dict[str, Any]]] = {}
        self._served: dict[str, int] = {}
        for exchange in cassette.exchanges if cassette else []:
            self._recorded.setdefault(_key(exchange["endpoint"], exchange["request"]), []).append(exchange)

    @property
    def mode(self) -> str:
        """``'record'``, ``'replay'`` or ``'replay+record'`` (record_missing)."""
        if self.cassette is None:
            return "record"
        return "replay+record" if self.inner is not None else "replay"

    @property
    def label(self) -> str:
        """What the session's repr and captions show: ``'REPLAY (billing.zyntro.json)'``."""
        return {
            "record": f"RECORDING (to {self.path.name})",
            "replay": f"REPLAY ({self.path.name})",
            "replay+record": f"REPLAY ({self.path.name}, recording what it lacks)",
        }[self.mode]

    def bind(self, config: Config, catalog: Catalog | None = None) -> None:
        """Take the session's credentials and identifiers (and the catalog's credential fields) for placeholders."""
        if catalog is not None:
            self._marked = frozenset(name for endpoint in catalog.find("") for name in endpoint.secret_fields)
        self.placeholders = Placeholders.from_config(config, self._marked)

    # -- the seam ----------------------------------------------------------------------------------
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        endpoint = _endpoint(request)
        raw = request.read()
        try:
            body: Any = json.loads(raw) if raw else {}
        except ValueError:
            body = {"body_text": raw.decode("utf-8", "replace")}
        body = self.placeholders.request(body)
        key = _key(endpoint, body)
        with self._lock:
            recorded = self._recorded.get(key)
            if recorded:
                n = self._served.get(key, 0)
                self._served[key] = n + 1
                return self._replayed(recorded[min(n, len(recorded) - 1)], request)
            if self.inner is None:
                raise self._miss(endpoint, body)
        return self._record(endpoint, body, request)

    def _replayed(self, exchange: dict[str, Any], request: httpx.Request) -> httpx.Response:
        if "error" in exchange:
            error_class = getattr(httpx, exchange["error"]["type"])
            raise error_class(str(exchange["error"].get("message", "")), request=request)
        headers = {k: v for k, v in exchange.get("headers", {}).items() if k.lower() != "x-zyntro-sandbox"}
        if "answer" in exchange:
            content = json.dumps(exchange["answer"], ensure_ascii=False).encode("utf-8")
        else:
            content = exchange["answer_text"].encode("utf-8")
        return httpx.Response(exchange["status"], headers=headers, content=content,
                              extensions={"http_version": b"HTTP/1.1"})

    def _record(self, endpoint: str, body: Any, request: httpx.Request) -> httpx.Response:
        assert self.inner is not None and self.writer is not None
        exchange: dict[str, Any] = {"endpoint": endpoint, "request": body}
        started = time.perf_counter()
        at = _now()
        try:
            response = self.inner.handle_request(request)
            content = response.read()
        except httpx.TransportError as exc:
            exchange["error"] = {"type": type(exc).__name__, "message": self.placeholders.text(str(exc))}
            exchange.update(at=at, elapsed=round(time.perf_counter() - started, 4))
            self._store(exchange)
            raise
        exchange["status"] = response.status_code
        exchange["headers"] = {name: self.placeholders.text(response.headers[name])
                               for name in _KEPT_HEADERS if name in response.headers}
        text = content.decode("utf-8", "replace")
        try:
            exchange["answer"] = self.placeholders.answer(json.loads(text)) if text.strip() else None
            if exchange["answer"] is None:
                raise ValueError
        except ValueError:
            exchange.pop("answer", None)
            exchange["answer_text"] = self.placeholders.text(text)
        exchange.update(at=at, elapsed=round(time.perf_counter() - started, 4))
        self._store(exchange)
        return httpx.Response(response.status_code, headers=response.headers, content=content,
                              extensions=response.extensions)

    def _store(self, exchange: dict[str, Any]) -> None:
        assert self.writer is not None
        self.writer.append(exchange)
        with self._lock:
            key = _key(exchange["endpoint"], exchange["request"])
            if self.cassette is not None:  # extending: later identical calls replay this answer
                self._recorded.setdefault(key, []).append(exchange)
                self._served[key] = len(self._recorded[key])

    def _miss(self, endpoint: str, body: Any) -> ReplayMissError:
        candidates = [(k, v[0]) for k, v in self._recorded.items()]

        def score(item: tuple[str, dict[str, Any]]) -> tuple[bool, float]:
            key, exchange = item
            return exchange["endpoint"] == endpoint, difflib.SequenceMatcher(None, _key(endpoint, body), key).ratio()

        closest = [exchange for _, exchange in sorted(candidates, key=score, reverse=True)[:_CLOSEST]]
        lines = [f"{e['endpoint']} ({_difference(body, e['request'])})" if e["endpoint"] == endpoint
                 else f"{e['endpoint']} (another endpoint)" for e in closest]
        cause = ("closest recorded: " + " | ".join(lines)) if lines else "the cassette has no exchanges"
        return ReplayMissError(
            f"{self.path.name} has no recorded answer for this {endpoint} request",
            cause=cause,
            fix=f"make the call as it was recorded, or add it: zn.connect(replay={str(self.path)!r}, "
            "record_missing=True) with credentials set (or record the notebook again)",
            endpoint=endpoint,
            closest=[{"endpoint": e["endpoint"], "request": e["request"]} for e in closest],
        )

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.inner is not None:
            self.inner.close()

    def __repr__(self) -> str:
        return f"<CassetteTransport {self.label}>"


class _ClientTransport(httpx.BaseTransport):
    """The live network as a plain httpx client would reach it (environment proxies and certificates honoured)."""

    def __init__(self) -> None:
        self._client = httpx.Client()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._client.send(request)

    def close(self) -> None:
        self._client.close()


# -- connect ----------------------------------------------------------------------------------------


def resolve_cassette(
    record: str | os.PathLike[str] | None,
    replay: str | os.PathLike[str] | None,
    record_missing: bool | None,
    *,
    sandbox: bool,
    env: Mapping[str, str] | None = None,
) -> tuple[str, Path] | None:
    """Which cassette mode a ``connect`` call means: explicit arguments, else the ``ZYNTRO_*`` variables.

    The environment applies only to a plain ``zn.connect()`` (no sandbox, no record/replay argument).
    """
    if record is not None and replay is not None:
        raise ConfigurationError(
            "record= and replay= were both given",
            fix="pick one; to replay and record only what is missing, use replay=FILE, record_missing=True",
            sent=False,
        )
    if record is None and replay is None and not sandbox:
        found = env_cassette(env)
        if found["record"] and found["replay"]:
            raise ConfigurationError(
                "ZYNTRO_RECORD and ZYNTRO_REPLAY are both set",
                fix="unset one; to replay and record what is missing set ZYNTRO_REPLAY and ZYNTRO_RECORD_MISSING=1",
                sent=False,
            )
        record, replay = found["record"], found["replay"]
        record_missing = found["record_missing"] if record_missing is None else record_missing
    if record_missing and replay is None:
        raise ConfigurationError(
            "record_missing=True needs the cassette to extend",
            fix="pass replay=FILE, record_missing=True (or set ZYNTRO_REPLAY=FILE)", sent=False,
        )
    if record is not None:
        return "record", Path(record)
    if replay is not None:
        if sandbox and not record_missing:
            raise ConfigurationError(
                "sandbox=True with replay= uses neither: a replay sends nothing",
                fix="drop sandbox=True, or add record_missing=True to send what the cassette lacks to the sandbox",
                sent=False,
            )
        return ("replay+record" if record_missing else "replay"), Path(replay)
    return None


def _check_base_url(cassette: Cassette, wanted: str | None) -> None:
    if wanted and _safe_base(wanted) != _safe_base(cassette.base_url):
        raise CassetteError(
            f"the cassette was recorded for {cassette.base_url}, this session is set up for {_safe_base(wanted)}: "
            f"{cassette.path}",
            fix=f"unset ZYNTRO_BASE_URL (or base_url=) to replay it, set it to {cassette.base_url}, "
            "or record the cassette again against this base URL",
            path=str(cassette.path),
        )


def _replay_settings(cassette: Cassette, settings: dict[str, Any]) -> dict[str, Any]:
    """A replaying session's identifiers: explicit arguments, else the recorded ones; placeholder credentials."""
    chosen = {name: settings.get(name) or value for name, value in cassette.identifiers.items()}
    for name in cassette.credentials:
        if name in _REPLAY_CREDENTIALS:
            chosen[name] = settings.get(name) or _REPLAY_CREDENTIALS[name]
    return chosen


def connect_cassette(
    mode: str, path: Path, sandbox: bool | Sandbox, settings: dict[str, Any], make_session: Any
) -> Session:
    """Build a recording or replaying session (``zn.connect`` calls this). ``make_session(transport, sandbox,
    settings)`` builds the session on a transport, as ``connect`` would without a cassette."""
    from ._retry import RetryPolicy

    settings = dict(settings)
    if mode == "record":
        transport = CassetteTransport(path)
        session: Session = make_session(transport, sandbox, settings)
        _start_recording(session, transport)
        return session
    cassette = read_cassette(path)
    if mode == "replay":
        _check_base_url(cassette, settings.get("base_url") or env_base_url(settings.get("env")))
        identity = _replay_settings(cassette, settings)
        options = {k: v for k, v in settings.items() if k not in identity and k != "base_url"}
        policy = options.pop("retry", None) or RetryPolicy()
        options["retry"] = replace(policy, sleep=lambda seconds: None)  # a replay never waits
        transport = CassetteTransport(path, cassette=cassette)
        session = make_session(transport, False, {**identity, **options, "base_url": cassette.base_url, "env": {}})
        transport.bind(session.config, session.catalog)
        session._shared.backend = transport.label
        session._shared.cassette = transport
        return session
    transport = CassetteTransport(path, cassette=cassette)
    session = make_session(transport, sandbox, settings)
    try:
        _check_base_url(cassette, session.config.base_url)
        transport.writer = CassetteWriter.extend(cassette)
    except CassetteError:
        session.close()
        raise
    transport.inner = _inner_of(session)
    transport.bind(session.config, session.catalog)
    session._shared.cassette = transport
    return session


def _inner_of(session: Session) -> httpx.BaseTransport:
    sandbox = session.sandbox
    return sandbox.transport() if sandbox is not None else _ClientTransport()


def _start_recording(session: Session, transport: CassetteTransport) -> None:
    config = session.config
    base = config.base_url
    header = {
        "base_url": _safe_base(base),
        "recorded_at": _now(),
        "today": session.today().isoformat(),  # what session.today() answers when this is replayed
        "backend": session.backend,
        "toolkit": "zyntro_nb",
        "identifiers": {name: str(getattr(config, name)) for name in ("org_id", "brand_id", "member_id", "user_id")
                        if getattr(config, name, None)},
        "credentials": [name for name in ("api_key", "developer_secret") if getattr(config, name, None)],
    }
    try:
        transport.writer = CassetteWriter.create(transport.path, header)
    except CassetteError:
        session.close()
        raise
    transport.inner = _inner_of(session)
    transport.bind(config, session.catalog)
    session._shared.cassette = transport
