"""What a sandbox handler receives and returns: :class:`Request`, :class:`Reply`, :class:`ApiError`.

Handlers are plain functions ``handler(req) -> Reply``. They raise :class:`ApiError`
for an API-level error (answered with HTTP 200 and the error envelope); the
application rolls back whatever the handler wrote before raising.

Example::

    def fetch_thing(req: Request) -> Reply:
        row = req.one("SELECT * FROM things WHERE id = ?", req.params["id"])
        if row is None:
            raise ApiError("Thing not found")
        return Reply(row)
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from zyntro_nb._catalog.catalog import Endpoint

from . import _store


class ApiError(Exception):
    """An error the API answers in its envelope: ``{"status": "error", "data": [message]}``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Caller:
    """Who is calling, established by authentication.

    ``org_ids`` are the organizations the caller may read; ``org_id`` is the one named
    in the body (``None`` when the endpoint takes no org and none was sent).
    """

    user_id: str | None = None
    api_key: str | None = None
    dev_key: dict[str, Any] | None = None
    org_ids: tuple[str, ...] = ()
    org_id: str | None = None
    brand_id: str | None = None
    member_id: str | None = None

    def scope(self) -> tuple[str, ...]:
        """The organizations this request may touch."""
        return (self.org_id,) if self.org_id else self.org_ids


@dataclass
class Reply:
    """A success answer: ``data``, extra top-level keys, and how many state changes were applied."""

    data: Any
    extra: dict[str, Any] = field(default_factory=dict)
    wrote: bool = False


@dataclass
class Request:
    """One authenticated, validated call as a handler sees it."""

    endpoint: Endpoint
    params: dict[str, Any]
    body: dict[str, Any]
    caller: Caller
    conn: sqlite3.Connection
    now: dt.datetime

    @property
    def stamp(self) -> str:
        """The current time as ``YYYY-MM-DD HH:MM:SS`` (UTC), the API's stored format."""
        return self.now.strftime("%Y-%m-%d %H:%M:%S")

    @property
    def iso(self) -> str:
        """The current time as ISO 8601 with offset, used by wallets and Edge."""
        return self.now.isoformat(timespec="seconds")

    def one(self, sql: str, *args: Any) -> dict[str, Any] | None:
        return _store.fetch_one(self.conn, sql, args)

    def all(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        return _store.fetch_all(self.conn, sql, args)

    def new_id(self, kind: str, prefix: str = "") -> str:
        return _store.next_id(self.conn, kind, prefix)

    def in_scope(self, sql: str, org_column: str, *args: Any) -> dict[str, Any] | None:
        """The first row of ``sql`` (which must end in a WHERE clause) inside the caller's orgs."""
        scope = self.caller.scope()
        return self.one(f"{sql} AND {org_column} IN ({placeholders(scope)})", *args, *scope)

    def find(self, sql: str, org_column: str, *args: Any, missing: str) -> dict[str, Any]:
        """Like :meth:`in_scope`, but a row outside the caller's orgs is the API error ``missing``.

        Another organization's record is answered exactly like one that does not exist.
        """
        row = self.in_scope(sql, org_column, *args)
        if row is None:
            raise ApiError(missing)
        return row


Handler = Callable[[Request], Reply]


def placeholders(values: Iterable[Any]) -> str:
    """``?, ?, ?`` for an IN clause (``NULL`` when empty, which matches nothing)."""
    return ", ".join("?" for _ in values) or "NULL"
