"""The session's call history: every exchange, kept where the last one is kept, bounded.

The session records each exchange (one entry per call, however many attempts it
took) in its :class:`History`; ``s.history`` and ``%zyntro history`` only read it.
Entries hold the redacted request, so nothing here can show a secret; the table
shows endpoints, outcomes and timings, never answers.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True, new=True, current=False)
    >>> _ = s.account.fetchOrganization()
    >>> h = s.history
    >>> list(h.columns)[:4], h.loc[0, "endpoint"], h.loc[0, "status"]
    (['time', 'endpoint', 'status', 'http'], 'account/fetchOrganization', 'ok')
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._defaults import HISTORY_LIMIT

if TYPE_CHECKING:
    import pandas as pd

    from ._exchange import Exchange

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
    shown = exchange.redactor({k: v for k, v in (exchange.request or {}).items() if k not in _IDENTIFIERS})
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


__all__ = ["COLUMNS", "History", "count_rows"]
