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
:class:`~zyntro_nb._replay.placeholders.Placeholders` before anything is stored or
matched, answers pass through the same rule for credential fields, only a short
list of response headers is kept, and request headers are never stored. Matching
is on ``module/action`` plus the rewritten body with keys sorted, so it ignores
key order and whose credentials are in use. Nothing above the transport needs to
know: errors, retries and frames are produced by the session from the replayed
answer exactly as from a live one.

How ``zn.connect`` builds a recording or replaying session (the mode from its arguments or
the ``ZYNTRO_*`` variables, the checks on the cassette) is :mod:`._replay_connect`.

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
import re
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from .._envelope import REQUEST_ID_HEADERS
from .._errors import ReplayMissError
from .._secret import redacted_copy
from .cassette import Cassette, CassetteWriter
from .placeholders import Placeholders

if TYPE_CHECKING:
    from .._catalog.catalog import Catalog
    from .._config import Config

__all__ = ["CassetteTransport"]

_KEPT_HEADERS = ("content-type", "retry-after", "date", "x-zyntro-sandbox", *REQUEST_ID_HEADERS)
_API_PATH = re.compile(r"/apis/v2/public/([^/]+)/([^/]+)$")
_CLOSEST = 3


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


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

        # A cassette edited by hand may hold a credential where a placeholder belongs: never shown here.
        closest = [{**exchange, "request": redacted_copy(exchange["request"])}
                   for _, exchange in sorted(candidates, key=score, reverse=True)[:_CLOSEST]]
        body = redacted_copy(body)
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
