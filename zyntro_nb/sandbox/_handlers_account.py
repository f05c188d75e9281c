"""Account endpoints (webhooks, members, organization, wallets) and developers/fetchIdentifiers.

Example::

    >>> app.dispatch("/apis/v2/public/developers/fetchIdentifiers",
    ...              b'{"developer_secret": "zdk_your_developer_secret"}')   # doctest: +SKIP
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from . import _store
from ._help import WEBHOOK_AUTH_SHAPES, WEBHOOK_EVENTS
from ._request import ApiError, Reply, Request, placeholders
from ._validate import require_range

WEBHOOK_FIELDS = ("wh_id", "wh_name", "wh_events", "wh_status", "wh_timeout", "wh_endpoint", "wh_auth_type",
                  "wh_created_at", "wh_updated_at", "wh_last_status", "wh_retry_count", "wh_retry_delay",
                  "wh_failure_count", "wh_last_triggered")
ORG_FIELDS = ("org_name", "org_tagline", "org_website", "org_email", "org_industry", "org_language",
              "org_timezone", "org_reach", "org_stage", "org_address", "org_city", "org_state", "org_zip",
              "org_country")


def member_name(m: dict[str, Any]) -> str:
    return f"{m['member_fname']} {m['member_lname']}".strip()


def fetch_identifiers(req: Request) -> Reply:
    """Everything a new integration needs, from the developer secret alone."""
    user = req.one("SELECT * FROM users WHERE user_id = ?", req.caller.user_id)
    orgs = req.all(f"SELECT org_id, org_name FROM orgs WHERE org_id IN ({placeholders(req.caller.org_ids)}) "
                   "ORDER BY rowid", *req.caller.org_ids)
    ids = [o["org_id"] for o in orgs]
    members = req.all(f"SELECT * FROM members WHERE member_orgid IN ({placeholders(ids)}) ORDER BY rowid", *ids)
    brands = req.all(f"SELECT * FROM brands WHERE brand_orgid IN ({placeholders(ids)}) "
                     "ORDER BY CAST(brand_id AS INTEGER)", *ids)
    own = next((m for m in members if m["member_userid"] == req.caller.user_id), None)
    data = {
        "user_id": user["user_id"] if user else None,
        "api_key": req.caller.api_key,
        "user_email": user["user_email"] if user else None,
        "org_id": own["member_orgid"] if own else (ids[0] if ids else None),
        "member_id": own["member_id"] if own else None,
        "brand_id": next((b["brand_id"] for b in brands if own and b["brand_orgid"] == own["member_orgid"]), None),
        "organizations": orgs,
        "members": [{"member_id": m["member_id"], "member_name": member_name(m), "member_fname": m["member_fname"],
                     "member_lname": m["member_lname"], "member_role": m["member_role"],
                     "member_status": m["member_status"], "org_id": m["member_orgid"]} for m in members],
        "brands": [{"brand_id": str(b["brand_id"]), "brand_name": b["brand_name"], "org_id": b["brand_orgid"]}
                   for b in brands],
    }
    return Reply(data)


# -- webhooks -----------------------------------------------------------------------------
def _check_endpoint(url: str) -> None:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise ApiError(f"wh_endpoint must be a public HTTPS URL (got '{url}')") from None
    private = host in ("localhost", "") or host.endswith(".local")
    try:
        address = ipaddress.ip_address(host)
        private = private or address.is_private or address.is_loopback
    except ValueError:
        pass
    if parts.scheme != "https" or private:
        raise ApiError(f"wh_endpoint must be a public HTTPS URL (got '{url}')")


def _check_events(events: list[Any]) -> list[str]:
    if not events:
        raise ApiError("wh_events must contain at least one event")
    for event in events:
        if event not in WEBHOOK_EVENTS:
            raise ApiError(f"Unknown event '{event}': supported events are {', '.join(WEBHOOK_EVENTS)}")
    return list(dict.fromkeys(events))


def _check_auth(auth_type: str, data: Any) -> dict[str, Any] | None:
    shape = WEBHOOK_AUTH_SHAPES[auth_type]
    if shape is None:
        return None
    missing = [k for k in shape if not isinstance(data, dict) or not data.get(k)]
    if missing:
        raise ApiError(f"wh_auth_data for {auth_type} needs: {', '.join(shape)} (missing {', '.join(missing)})")
    return {k: data[k] for k in shape}


def _check_name(name: str) -> str:
    if len(name) > 100:
        raise ApiError("wh_name must be at most 100 characters")
    return name


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in WEBHOOK_FIELDS}


def create_webhook(req: Request) -> Reply:
    """Register a webhook; the signing secret appears in this response only."""
    p = req.params
    _check_endpoint(p["wh_endpoint"])
    require_range("wh_timeout", p["wh_timeout"], 5, 120)
    row = {
        "wh_id": req.new_id("webhook"), "wh_orgid": req.caller.org_id, "wh_name": _check_name(p["wh_name"]),
        "wh_endpoint": p["wh_endpoint"], "wh_events": _check_events(p["wh_events"]), "wh_status": "active",
        "wh_timeout": p["wh_timeout"], "wh_auth_type": p["wh_auth_type"],
        "wh_auth_data": _check_auth(p["wh_auth_type"], p["wh_auth_data"]),
        "wh_secret": "whsec_sbx_" + req.new_id("whsec", "x")[1:], "wh_created_at": req.stamp,
        "wh_updated_at": req.stamp, "wh_last_status": None, "wh_retry_count": 3, "wh_retry_delay": 60,
        "wh_failure_count": 0, "wh_last_triggered": None,
    }
    _store.insert(req.conn, "webhooks", row)
    return Reply({**_public(row), "wh_secret": row["wh_secret"]},
                 extra={"message": "Store wh_secret now: it is not shown again"}, wrote=True)


def fetch_webhooks(req: Request) -> Reply:
    rows = req.all("SELECT * FROM webhooks WHERE wh_orgid = ? ORDER BY wh_created_at, rowid", req.caller.org_id)
    return Reply([_public(r) for r in rows])


def update_webhook(req: Request) -> Reply:
    """Change only the fields sent; ``wh_events`` replaces the whole list."""
    p = req.params
    row = req.one("SELECT * FROM webhooks WHERE wh_id = ? AND wh_orgid = ?", p["wh_id"], req.caller.org_id)
    if row is None:
        raise ApiError("Webhook not found")
    changes: dict[str, Any] = {}
    if p["wh_name"] is not None:
        changes["wh_name"] = _check_name(p["wh_name"])
    if p["wh_endpoint"] is not None:
        _check_endpoint(p["wh_endpoint"])
        changes["wh_endpoint"] = p["wh_endpoint"]
    if p["wh_events"] is not None:
        changes["wh_events"] = _check_events(p["wh_events"])
    if p["wh_timeout"] is not None:
        require_range("wh_timeout", p["wh_timeout"], 5, 120)
        changes["wh_timeout"] = p["wh_timeout"]
    if p["wh_status"] is not None:
        changes["wh_status"] = p["wh_status"]
    if p["wh_auth_type"] is not None or p["wh_auth_data"] is not None:
        auth_type = p["wh_auth_type"] or row["wh_auth_type"]
        data = p["wh_auth_data"] if p["wh_auth_data"] is not None else row["wh_auth_data"]
        changes["wh_auth_type"], changes["wh_auth_data"] = auth_type, _check_auth(auth_type, data)
    changed = {k: v for k, v in changes.items() if row[k] != v}
    if changed:
        _store.update(req.conn, "webhooks", "wh_id", row["wh_id"], {**changed, "wh_updated_at": req.stamp})
        row.update(changed, wh_updated_at=req.stamp)
    return Reply(_public(row), extra={"updated": sorted(changed)}, wrote=bool(changed))


# -- members, organization, wallets ---------------------------------------------------------
def active_members(req: Request, org_id: str) -> list[dict[str, Any]]:
    return req.all("SELECT m.* FROM members m JOIN users u ON u.user_id = m.member_userid WHERE m.member_orgid = ? "
                   "AND m.member_status = 'active' AND u.user_active = 1 ORDER BY m.rowid", org_id)


def fetch_members(req: Request) -> Reply:
    return Reply([{"member_id": m["member_id"], "member_name": member_name(m)}
                  for m in active_members(req, req.caller.org_id or "")])


def organization(req: Request, org_id: str) -> dict[str, Any]:
    org = req.one("SELECT * FROM orgs WHERE org_id = ?", org_id)
    if org is None:
        raise ApiError("Organization not found")
    members = req.all("SELECT member_id, member_role FROM members WHERE member_orgid = ? ORDER BY rowid", org_id)
    data = {k: org[k] for k in ORG_FIELDS}
    data["org_working_hours"] = org["org_working_hours"]
    data["org_members"] = [m["member_id"] for m in members]
    data["org_admins"] = [m["member_id"] for m in members if m["member_role"] == "Admin"]
    data["default_wallet"] = org["default_wallet"]
    return data


def fetch_organization(req: Request) -> Reply:
    return Reply(organization(req, req.caller.org_id or ""))


def wallet_out(row: dict[str, Any], full: bool = False) -> dict[str, Any]:
    out = {"wallet_id": row["wallet_id"], "wallet_label": row["wallet_label"],
           "wallet_balance": f"{row['wallet_cents'] / 100:.2f}", "wallet_last_update": row["wallet_last_update"]}
    if full:
        out = {"wallet_id": row["wallet_id"], "wallet_type": row["wallet_type"], "wallet_label": row["wallet_label"],
               "wallet_balance": out["wallet_balance"], "wallet_memberid": row["wallet_memberid"],
               "wallet_last_update": row["wallet_last_update"]}
    return out


def find_wallet(req: Request, wallet_id: str) -> dict[str, Any]:
    row = req.one("SELECT * FROM wallets WHERE wallet_id = ? AND wallet_orgid = ?", wallet_id, req.caller.org_id)
    if row is None:
        raise ApiError("No matching wallet found")
    return row


def fetch_wallet(req: Request) -> Reply:
    return Reply(wallet_out(find_wallet(req, req.params["wallet_id"])))


def fetch_wallets(req: Request) -> Reply:
    rows = req.all("SELECT * FROM wallets WHERE wallet_orgid = ? ORDER BY wallet_type DESC, rowid", req.caller.org_id)
    if not rows:
        raise ApiError("No matching wallet found")
    return Reply([wallet_out(r, full=True) for r in rows])


HANDLERS = {
    ("developers", "fetchIdentifiers"): fetch_identifiers,
    ("account", "createWebhook"): create_webhook,
    ("account", "fetchWebhooks"): fetch_webhooks,
    ("account", "updateWebhook"): update_webhook,
    ("account", "fetchMembers"): fetch_members,
    ("account", "fetchOrganization"): fetch_organization,
    ("account", "fetchWallet"): fetch_wallet,
    ("account", "fetchWallets"): fetch_wallets,
}
