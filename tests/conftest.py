"""Shared fixtures: a session whose server side is a scripted httpx transport; the IPython shell for magics."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import zyntro_nb as zn

ORG = "42cc1aca-3aa5-4339-98d2-480b5b89937b"
MEMBER = "f2470c7f-60b1-4491-b117-8ba0e3e2a53b"
CANARY_KEY = "CANARY-KEY-7f3d9e2b1a-SHOULD-NEVER-SHOW"
CANARY_SECRET = "zdk_CANARYsecret7f3d9e2b1aNEVERSHOW"


class Recorder:
    """A scripted server: answers in order (the last answer repeats) and records every request."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers) or [{"status": "success", "data": []}]
        self.requests: list[httpx.Request] = []

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=answer, headers={"X-Request-Id": f"req_{len(self.requests)}"})


@pytest.fixture
def make_session() -> Callable[..., tuple[zn.Session, Recorder]]:
    """Build a session on a Recorder; retries never sleep."""

    def build(*answers: Any, **settings: Any) -> tuple[zn.Session, Recorder]:
        recorder = Recorder(*answers)
        defaults: dict[str, Any] = {
            "api_key": CANARY_KEY,
            "developer_secret": CANARY_SECRET,
            "org_id": ORG,
            "brand_id": 1,
            "member_id": MEMBER,
            "env": {},
            "retry": zn.RetryPolicy(sleep=lambda s: None, random=lambda: 0.5),
        }
        defaults.update(settings)
        return zn.Session(transport=httpx.MockTransport(recorder), **defaults), recorder

    return build


@pytest.fixture(autouse=True)
def fresh_shared_sandbox() -> Any:
    """Each test starts with no shared in-process sandbox, so one test's writes never reach another."""
    from zyntro_nb._current import reset_shared_sandbox

    reset_shared_sandbox()
    yield
    reset_shared_sandbox()


@pytest.fixture(scope="module")
def ip() -> Any:
    """The in-process IPython shell with ``%load_ext zyntro_nb`` done (magic tests; errors re-raised)."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "zyntro_nb")
    return shell
