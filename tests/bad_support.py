"""Shared checks for the bad-input test families (settings, parameters, answers, magics, widgets).

``assert_clear`` is the contract every error in those files meets: the right type, the culprit
named, a fix present, no secret beyond its first 4 characters, and — through the counting
transport — whether a request went out.
"""

from __future__ import annotations

from typing import Any

import httpx

import zyntro_nb as zn
from tests.conftest import CANARY_KEY, CANARY_SECRET, MEMBER, ORG, Recorder

SECRETS = (CANARY_KEY, CANARY_SECRET)


def texts_of(error: BaseException) -> str:
    """Everything a user can see of an error: str, repr, summary and each text attribute."""
    parts = [str(error), repr(error)]
    if isinstance(error, zn.ZyntroError):
        parts += [error.summary(), error.message, error.cause, error.fix, str(getattr(error, "response", ""))]
    return "\n".join(parts)


def leaks(text: str) -> list[str]:
    """Pieces of a canary secret longer than its first 4 characters found in ``text``."""
    found = []
    for secret in SECRETS:
        if secret[:5] in text:
            found.append(secret[:5])
        found += [secret[i:i + 8] for i in range(4, len(secret) - 7) if secret[i:i + 8] in text]
    return found


def assert_clear(error: BaseException, error_type: type[BaseException], culprit: str, *,
                 sent: int | None = None, server: Recorder | None = None) -> None:
    """The error contract of issue 11 (see the module docstring)."""
    assert type(error) is error_type or isinstance(error, error_type), f"{type(error).__name__}: {error}"
    assert isinstance(error, zn.ZyntroError), f"not a ZyntroError: {type(error).__name__}: {error}"
    text = texts_of(error)
    assert culprit.lower() in text.lower(), f"{culprit!r} not named in: {error}"
    assert error.fix.strip(), f"no fix in: {error}"
    assert not leaks(text), f"secret shown: {leaks(text)}"
    if server is not None and sent is not None:
        assert len(server.requests) == sent, f"{len(server.requests)} requests sent, expected {sent}"


def counting_session(*answers: Any, **settings: Any) -> tuple[zn.Session, Recorder]:
    """A session on a counting, scripted transport whose retries never sleep."""
    recorder = Recorder(*answers)
    defaults: dict[str, Any] = {
        "api_key": CANARY_KEY, "developer_secret": CANARY_SECRET, "org_id": ORG, "brand_id": 1,
        "member_id": MEMBER, "env": {},
        "retry": zn.RetryPolicy(sleep=lambda s: None, random=lambda: 0.5),
    }
    defaults.update(settings)
    return zn.Session(transport=httpx.MockTransport(recorder), **defaults), recorder


class FakeClock:
    """A clock that only moves when the test (or the retry's sleep) moves it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
