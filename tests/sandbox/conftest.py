"""Fixtures for the sandbox facade, transport and server tests.

``sandbox`` wraps the real ``SandboxApp`` when it is importable, else ``FakeApp``
(the same interface, a few endpoints); ``fake_sandbox`` always wraps ``FakeApp``.
``calls`` builds a read (``developers/fetchIdentifiers``) and a write
(``crm/addCommsHistory``) that succeed against either.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from zyntro_nb.sandbox import Sandbox

CREDENTIALS = {
    "api_key": "UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX",
    "developer_secret": "zdk_your_developer_secret",
    "org_id": "42cc1aca-3aa5-4339-98d2-480b5b89937b",
    "brand_id": "1",
    "member_id": "f2470c7f-60b1-4491-b117-8ba0e3e2a53b",
}
CONTACT_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
_ROUTES = (
    re.compile(r"^/apis/v2/public/(\w+)/(\w+)$"),
    re.compile(r"^/public/(\w+)/(\w+)$"),
)
_LEGACY = re.compile(r"^/apis/public/(\w+)\.php$")
_FAKE_WRITES = frozenset({"crm/addCommsHistory", "crm/addNotestoContact"})


class _Clock:
    def now(self) -> datetime:
        return datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


class FakeApp:
    """A stand-in for ``SandboxApp``: same attributes, three behaviours (auth on the
    developer secret, writes counted, reads echoed)."""

    def __init__(self) -> None:
        self.clock = _Clock()
        self.credentials = dict(CREDENTIALS)
        self.writes: Counter[str] = Counter()
        self.client_ips: list[str] = []
        self.closed = False
        self._lock = threading.Lock()

    @property
    def writes_total(self) -> int:
        return sum(self.writes.values())

    def route(self, path: str) -> tuple[str, str] | None:
        for pattern in _ROUTES:
            match = pattern.match(path)
            if match:
                return match.group(1), match.group(2)
        match = _LEGACY.match(path)
        return ("legacy", match.group(1)) if match else None

    def dispatch(
        self, path: str, body: bytes, client_ip: str = "127.0.0.1"
    ) -> tuple[int, dict[str, str], bytes]:
        self.client_ips.append(client_ip)
        endpoint = self.route(path)
        if endpoint is None:
            return self._answer({"status": "error", "data": ["Unknown endpoint"]}, status=404)
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            return self._answer({"status": "error", "data": ["Invalid JSON body"]})
        if params.get("developer_secret") != CREDENTIALS["developer_secret"]:
            return self._answer({"status": "error", "data": ["Invalid developer_secret"]})
        name = "/".join(endpoint)
        if name in _FAKE_WRITES:
            with self._lock:
                self.writes[name] += 1
        return self._answer({"status": "success", "data": {"endpoint": name, "echo": params}})

    def close(self) -> None:
        self.closed = True

    @staticmethod
    def _answer(envelope: dict, status: int = 200) -> tuple[int, dict[str, str], bytes]:
        content = json.dumps(envelope).encode()
        return status, {"Content-Type": "application/json", "Content-Length": str(len(content))}, content


def _real_app_available() -> bool:
    try:
        from zyntro_nb.sandbox._app import SandboxApp  # noqa: F401
    except ImportError:
        return False
    return True


REAL_APP = _real_app_available()


@dataclass(frozen=True)
class Calls:
    """Paths and JSON bodies for one read and one write that succeed in the sandbox."""

    credentials: dict[str, str]
    read_path: str = "/apis/v2/public/developers/fetchIdentifiers"
    write_path: str = "/apis/v2/public/crm/addCommsHistory"
    write_name: str = "crm/addCommsHistory"

    def read_json(self) -> dict[str, str]:
        return {"developer_secret": self.credentials["developer_secret"]}

    def write_json(self, n: int = 0) -> dict[str, object]:
        return {
            **self.credentials,
            "contact_id": CONTACT_ID,
            "comms_type": "email",
            "comms_data": f"sandbox test message {n}",
        }

    def read_body(self) -> bytes:
        return json.dumps(self.read_json()).encode()

    def write_body(self, n: int = 0) -> bytes:
        return json.dumps(self.write_json(n)).encode()


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A sandbox on the real application when it exists, else on ``FakeApp``."""
    sb = Sandbox(seed=1234) if REAL_APP else Sandbox(seed=1234, app=FakeApp())
    yield sb
    sb.close()


@pytest.fixture
def fake_app_factory() -> type[FakeApp]:
    """The ``FakeApp`` class, for tests that build their own sandbox around it."""
    return FakeApp


@pytest.fixture
def fake_sandbox() -> Iterator[Sandbox]:
    sb = Sandbox(seed=1234, app=FakeApp())
    yield sb
    sb.close()


@pytest.fixture
def calls(sandbox: Sandbox) -> Calls:
    return Calls(sandbox.credentials)
