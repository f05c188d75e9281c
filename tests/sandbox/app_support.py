"""A small caller for ``SandboxApp`` used by the ``test_app_*`` modules (not a test module).

Example::

    api = Api()
    contact = api.ok("crm/fetchContact", contact_id=JANE_CONTACT)["data"]
    assert api.error("crm/fetchContact", contact_id="nope") == "Contact not found"
"""

from __future__ import annotations

import json
from typing import Any

from zyntro_nb.sandbox._app import Clock, FixedClock, SandboxApp

from .make_seed import OLIVIA_MEMBER, ORG2

ORG2_CREDENTIALS = {
    "api_key": "SBX-OBEN-NORTHWIND001-5K6L7M8N9P0Q-1R2S3",
    "developer_secret": "zdk_sandbox_northwind_5f1c9e2a7b",
    "org_id": ORG2,
    "brand_id": "3",
    "member_id": OLIVIA_MEMBER,
}
INACTIVE_API_KEY = "SBX-PPAT-INACTIVE0001-9G8F7E6D5C4B-3A2Z1"
REVOKED_SECRET = "zdk_sandbox_revoked_0d4e8a"
IP_DATA = {"ip_address": "198.51.100.20", "city": "Boston", "country": "United States", "country_code": "US",
           "timezone": "America/New_York", "lattitude": "42.36", "longitude": "-71.06"}


def path_for(endpoint: str) -> str:
    module, action = endpoint.split("/")
    if module == "legacy":
        return f"/apis/public/{action}.php"
    return f"/apis/v2/public/{module}/{action}"


class Api:
    """Calls one ``SandboxApp`` with the primary credentials merged into every body."""

    def __init__(self, db: Any = None, clock: Clock | None = None,
                 credentials: dict[str, str] | None = None) -> None:
        self.clock = clock or FixedClock()
        self.app = SandboxApp(db, self.clock)
        self.credentials = dict(credentials or self.app.credentials)

    def call(self, endpoint: str, *, creds: bool = True, ip: str = "127.0.0.1", **params: Any) -> dict[str, Any]:
        body = {**(self.credentials if creds else {}), **params}
        body = {k: v for k, v in body.items() if v is not None}
        status, headers, raw = self.app.dispatch(path_for(endpoint), json.dumps(body).encode(), ip)
        assert status == 200, raw
        assert headers["Content-Type"] == "application/json"
        return json.loads(raw)

    def ok(self, endpoint: str, **params: Any) -> dict[str, Any]:
        envelope = self.call(endpoint, **params)
        assert envelope["status"] == "success", envelope
        return envelope

    def error(self, endpoint: str, **params: Any) -> str:
        envelope = self.call(endpoint, **params)
        assert envelope["status"] == "error", envelope
        messages = envelope["errors"] if endpoint.startswith("edge/") else envelope["data"]
        assert len(messages) == 1
        return messages[0]
