"""Authentication in the API's documented order, driven by each endpoint's ``identifiers``.

Order (README, "Server-side validation order"): the user account behind ``api_key``;
the developer key behind ``developer_secret`` and the caller's IP on its whitelist;
the identifiers being present; the organization existing and being accessible to the
user; the brand belonging to it; the member belonging to it. Identifiers an endpoint
does not require are still checked when sent.

Example::

    >>> caller = authenticate(conn, catalog.get("account", "fetchWallets"),
    ...                       {"api_key": "UYUJH-…", "org_id": "42cc…"}, "127.0.0.1")  # doctest: +SKIP
"""

from __future__ import annotations

import sqlite3
from typing import Any

from zyntro_nb._catalog.catalog import Endpoint

from . import _store
from ._request import ApiError, Caller


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value).strip()


def _user(conn: sqlite3.Connection, column: str, value: str) -> dict[str, Any]:
    user = _store.fetch_one(conn, f"SELECT * FROM users WHERE {column} = ?", (value,))
    if user is None:
        raise ApiError("Invalid API Key")
    if not user["user_active"]:
        raise ApiError("User is not active")
    return user


def _orgs_of(conn: sqlite3.Connection, user_id: str) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT DISTINCT member_orgid FROM members WHERE member_userid = ? ORDER BY member_orgid", (user_id,)
    )
    return tuple(r[0] for r in rows)


def authenticate(conn: sqlite3.Connection, endpoint: Endpoint, body: dict[str, Any], client_ip: str) -> Caller:
    """Check the identifiers of one request; raise :class:`ApiError` with the first failure."""
    needs = set(endpoint.identifiers)
    caller = Caller()

    # 1. The user account. An endpoint whose catalog marks a parameter ``fill: user_id``
    #    (calculateLeadScore's service_instance) names it by user id instead of api_key.
    user: dict[str, Any] | None = None
    by_user = next((p.name for p in endpoint.params if p.fill == "user_id"), None)
    if by_user is not None:
        instance, api_key = _text(body, by_user), _text(body, "api_key")
        if not instance and not api_key:
            raise ApiError("Missing service instance")
        user = _user(conn, "user_id", instance) if instance else _user(conn, "api_key", api_key)
    elif "api_key" in needs:
        api_key = _text(body, "api_key")
        if not api_key:
            raise ApiError("Missing service instance")
        user = _user(conn, "api_key", api_key)

    # 2. The developer key and the caller's IP.
    secret = _text(body, "developer_secret")
    if "developer_secret" in needs and not secret:
        raise ApiError("Missing developer_secret")
    if secret:
        key = _store.fetch_one(conn, "SELECT * FROM dev_keys WHERE dk_secret = ? AND dk_active = 1", (secret,))
        if key is None:
            raise ApiError("Invalid developer_secret")
        if client_ip not in key["dk_whitelist"]:
            raise ApiError("IP address not whitelisted")
        caller.dev_key = key
        if user is None:
            user = _user(conn, "user_id", key["dk_userid"])

    if user is not None:
        caller.user_id, caller.api_key = user["user_id"], user["api_key"]
        caller.org_ids = _orgs_of(conn, user["user_id"])

    # 3. Organization, brand and member.
    org_id, brand_id, member_id = _text(body, "org_id"), _text(body, "brand_id"), _text(body, "member_id")
    if "org_id" in needs and not org_id:
        raise ApiError("Missing org ID")
    if "brand_id" in needs and not brand_id:
        raise ApiError("Missing brand ID")
    if org_id:
        if _store.fetch_one(conn, "SELECT org_id FROM orgs WHERE org_id = ?", (org_id,)) is None:
            raise ApiError("Organization not found")
        if org_id not in caller.org_ids:
            raise ApiError("Organization not accessible")
        caller.org_id = org_id
    if brand_id:
        brand = _store.fetch_one(conn, "SELECT brand_orgid FROM brands WHERE brand_id = ?", (brand_id,))
        if brand is None or brand["brand_orgid"] not in caller.scope():
            raise ApiError("Brand does not belong to organization")
        caller.brand_id = brand_id
    if "member_id" in needs and not member_id:
        raise ApiError("Missing member ID")
    if member_id:
        member = _store.fetch_one(conn, "SELECT member_orgid FROM members WHERE member_id = ?", (member_id,))
        if member is None or member["member_orgid"] not in caller.scope():
            raise ApiError("Member does not belong to organization")
        caller.member_id = member_id
    return caller
