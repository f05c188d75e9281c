"""Shared fixtures: a session whose server side is a scripted httpx transport; the IPython shell for magics."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
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
    from zyntro_nb._connect.current import reset_shared_sandbox

    reset_shared_sandbox()
    yield
    reset_shared_sandbox()


@pytest.fixture(autouse=True)
def no_user_profiles(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the profiles file of the person running the tests, nor a ZYNTRO_PROFILE they set."""
    monkeypatch.setenv("ZYNTRO_PROFILES_FILE", str(tmp_path_factory.getbasetemp() / "no-profiles" / "profiles.toml"))
    monkeypatch.delenv("ZYNTRO_PROFILE", raising=False)


@pytest.fixture
def memory_keyring() -> Any:
    """An in-memory keyring backend for this test (``.entries`` holds what was stored); restored after."""
    import keyring

    from tests.keyring_support import MemoryKeyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def profiles_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """``ZYNTRO_PROFILES_FILE`` in a temporary config folder (the file does not exist yet)."""
    path = tmp_path / "config" / "zyntro-nb" / "profiles.toml"
    monkeypatch.setenv("ZYNTRO_PROFILES_FILE", str(path))
    return path


@pytest.fixture
def no_ambient_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No ZYNTRO_* variables and no .env: the test runs in an empty temporary directory (returned)."""
    from zyntro_nb._config import ENV_VARS

    for var in ENV_VARS.values():
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("ZYNTRO_PROFILE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def ip() -> Any:
    """The in-process IPython shell with ``%load_ext zyntro_nb`` done (magic tests; errors re-raised)."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "zyntro_nb")
    return shell


# -- no test leaves files in notebooks/ (bulk journals of notebook 07 used to stay in notebooks/imports/) ----
_NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
_SKIPPED_PARTS = frozenset({"__pycache__", ".ipynb_checkpoints"})


def _notebook_files() -> set[Path]:
    return {p for p in _NOTEBOOKS.rglob("*") if not _SKIPPED_PARTS & set(p.parts)}


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_NOTEBOOK_FILES] = _notebook_files()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_NOTEBOOK_FILES, None)
    if before is None:
        return
    left = sorted(str(p.relative_to(_NOTEBOOKS)) for p in _notebook_files() - before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = f"tests left files in notebooks/ (write them to a tmp_path instead): {', '.join(left[:10])}"
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_NOTEBOOK_FILES = pytest.StashKey[set[Path]]()
