"""What a session keeps and warns about: the exchange record, the call history, the shared state, redaction.

:class:`Exchange` is one request and its answer (``s.last``, ``s.history``), secrets
redacted; :class:`_Shared` is the state a session and its :meth:`~zyntro_nb.Session.using`
siblings share (client, backend, last exchange, history); :class:`History` keeps every
exchange, bounded, for ``s.history`` and ``%zyntro history`` (entries hold the redacted
request, so the table never shows a secret, nor any answer); ``_scrub`` replaces secrets at
any depth. The warnings a call may issue live here too, so modules that only need them
(paging) do not import the session.

Example::

    >>> _scrub({"note": "key abc123"}, ("abc123",))["note"]
    'key abc1…(redacted)'
    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True, new=True, current=False)
    >>> _ = s.account.fetchOrganization()
    >>> h = s.history
    >>> list(h.columns)[:4], h.loc[0, "endpoint"], h.loc[0, "status"]
    (['time', 'endpoint', 'status', 'http'], 'account/fetchOrganization', 'ok')
"""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._config import redact_text
from ._defaults import HISTORY_LIMIT

if TYPE_CHECKING:
    import httpx
    import pandas as pd

    from ._replay.transport import CassetteTransport
    from ._wire import Wire
    from .sandbox import Sandbox


class UncataloguedEndpointWarning(UserWarning):
    """A call names a ``module/action`` the catalog does not know; it is sent as-is, never retried.

    Guide: docs/guides/catalog.md
    """


class PartialPageWarning(UserWarning):
    """A paged endpoint answered one page of a longer result; ``all_pages=True`` fetches every row.

    Issued once per endpoint per process; the frame's caption (``50 of 133 rows``) and
    ``df.attrs["zyntro"]["total"]`` say it every time. ``endpoint``, ``rows`` and ``total``
    hold the facts, so front-ends word it their own way (``%zyntro`` names ``--all-pages``).

    Guide: docs/guides/calls-and-frames.md
    """

    endpoint: str = ""
    rows: int | None = None
    total: int | None = None


class HelpText(str):
    """Text that IPython shows as text (not as a quoted string)."""

    def __repr__(self) -> str:
        return str(self)


@dataclass
class Exchange:
    """The last request and answer of a session, secrets redacted (``%zyntro last``).

    ``request`` may be given as a function that makes it: the redacted copy of the body
    sent is then built when first read (``s.last``, history), not on every call.
    """

    endpoint: str
    url: str
    request: dict[str, Any] | Callable[[], dict[str, Any]]
    status_code: int | None = None
    raw_response: Any = field(default=None, repr=False)
    request_id: str | None = None
    elapsed: float | None = None
    error: str | None = None
    attempts: int = 1
    started: dt.datetime | None = None
    total_elapsed: float | None = None
    rows: int | None = None
    # A closure, not the secret strings, so vars()/asdict() of an exchange cannot leak them.
    redactor: Callable[[Any], Any] = field(default=lambda value: value, repr=False, compare=False)

    def __post_init__(self) -> None:
        if callable(self.request):  # kept aside; made by __getattr__ when first read
            self._make_request = self.request
            del self.request

    def __getattr__(self, name: str) -> Any:
        if name == "request" and "_make_request" in self.__dict__:
            self.request = self.__dict__.pop("_make_request")()
            return self.request
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def response(self) -> Any:
        """The parsed answer with secrets redacted (computed on access, so calls stay cheap)."""
        return self.redactor(self.raw_response)


COLUMNS = ("time", "endpoint", "status", "http", "attempts", "elapsed", "rows", "request_id", "params", "error")
# Identifiers repeat on every call and two of them are secrets: the history shows the call's own parameters.
_IDENTIFIERS = frozenset({"api_key", "developer_secret", "org_id", "brand_id", "member_id"})


class History:
    """A bounded record of a session's exchanges, oldest first (the newest ``limit`` are kept).

    Example::

        >>> History(limit=2).limit
        2
    """

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._entries: deque[Exchange] = deque(maxlen=max(1, limit))
        self.dropped = 0

    @property
    def limit(self) -> int:
        return self._entries.maxlen or 0

    def record(self, exchange: Exchange) -> None:
        """Add ``exchange`` (a retried call updates its own entry instead of adding another)."""
        if self._entries and self._entries[-1] is exchange:
            return
        if len(self._entries) == self.limit:
            self.dropped += 1
        self._entries.append(exchange)

    def clear(self) -> None:
        self._entries.clear()
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Exchange]:
        return iter(self._entries)

    def frame(self, last: int | None = None) -> pd.DataFrame:
        """The entries (the newest ``last`` only, if given) as a DataFrame, one row per call."""
        import pandas as pd

        entries = list(self._entries)
        if last is not None:
            entries = entries[-last:] if last > 0 else []
        rows = [_row(e) for e in entries]
        df = pd.DataFrame(rows, columns=list(COLUMNS))
        if rows:
            df["time"] = pd.to_datetime(df["time"], utc=True)
            for name in ("http", "attempts", "rows"):
                df[name] = df[name].astype("Int64")
            df["elapsed"] = df["elapsed"].astype("float64")
        first = len(self._entries) - len(entries) + self.dropped
        df.index = pd.RangeIndex(first, first + len(entries))
        df.attrs["zyntro"] = {"endpoint": "history", "kept": self.limit, "dropped": self.dropped}
        return df


def _status(exchange: Exchange) -> str:
    if exchange.error:
        return "error"
    return "ok" if exchange.raw_response is not None else "sent"


def _params(exchange: Exchange) -> str:
    request = exchange.request if isinstance(exchange.request, dict) else {}  # read: made when first read
    shown = exchange.redactor({k: v for k, v in request.items() if k not in _IDENTIFIERS})
    return json.dumps(shown, ensure_ascii=False, default=str, sort_keys=True) if shown else ""


def _row(exchange: Exchange) -> dict[str, Any]:
    error = exchange.error or ""
    return {
        "time": exchange.started,
        "endpoint": exchange.endpoint,
        "status": _status(exchange),
        "http": exchange.status_code,
        "attempts": exchange.attempts,
        "elapsed": exchange.total_elapsed if exchange.total_elapsed is not None else exchange.elapsed,
        "rows": exchange.rows,
        "request_id": exchange.request_id,
        "params": _params(exchange),
        "error": error.splitlines()[0] if error else "",
    }


def count_rows(data: Any, path: str | None = None) -> int:
    """How many rows an answer's ``data`` holds (the rows at ``path`` when the catalog names one).

    Example::

        >>> count_rows([{"a": 1}, {"a": 2}]), count_rows({"a": 1}), count_rows(None)
        (2, 1, 0)
    """
    if path and isinstance(data, dict):
        node: Any = data
        for key in path.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, list):
            return len(node)
    if data is None:
        return 0
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        return 1 if data else 0
    return 1


@dataclass
class _Shared:
    """State shared by a session and the sessions made from it with :meth:`Session.using`."""

    client: httpx.Client
    sandbox: Sandbox | None = None
    backend: str = ""
    last: Exchange | None = None
    closed: bool = False
    history: History = field(default_factory=History)
    org_timezone: str | None = None  # read once when an aware datetime needs it
    cassette: CassetteTransport | None = None  # record/replay (zyntro_nb._replay.transport)
    wire: Wire = field(init=False, repr=False)  # the lean POST path over ``client`` (zyntro_nb._wire)

    def __post_init__(self) -> None:
        from ._wire import Wire

        self.wire = Wire(self.client)


def _scrub(value: Any, secrets: tuple[str, ...]) -> Any:
    """A copy of ``value`` with every secret replaced by its redacted form, at any depth."""
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(v, secrets) for v in value]
    return value
