"""A real JupyterLab 4 or Notebook 7 on 127.0.0.1 and a headless Chromium driven by Playwright, for the browser tests.

The ``lab`` fixture is parametrized over both front-ends (ids ``jupyterlab`` and ``notebook``), so every
browser test runs in each, through the same helpers. Needs the ``browser`` extra
(``pip install -e '.[browser]'``: jupyterlab, notebook, playwright) and
Debian's Chromium (``apt-get install -y chromium``); Playwright's own browser download is
never used. Where either is missing the tests are skipped and the reason is printed.

The server gets its own config, data, runtime, settings and workspace directories in a
temporary directory, a random token, no ``ZYNTRO_*`` variables (so the notebooks take
their sandbox path), and serves a *copy* of ``notebooks/`` so nothing it saves can touch
the committed notebooks. A failing test leaves a screenshot in ``BROWSER_ARTIFACTS``
(default: ``<tmp>/zyntro-nb-browser``); ``BROWSER_SCREENSHOTS=always`` keeps one per test.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
SERVER_START_SECONDS = 90
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", Path(tempfile.gettempdir()) / "zyntro-nb-browser"))

# Lab settings for an unattended run: no news pop-up, no autosave of the notebooks under test.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_requirement() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for module, what in (("jupyterlab", "jupyterlab"), ("notebook", "notebook"), ("playwright", "playwright")):
        if importlib.util.find_spec(module) is None:
            return f"{what} is not installed: pip install -e '.[browser]'"
    if chromium_path() is None:
        return "Chromium is not installed: apt-get install -y chromium (.ci/run does this)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The front-ends the browser tests drive: the Python module that starts each, and its application's config class.
FRONTENDS = {"jupyterlab": ("jupyterlab", "LabApp"), "notebook": ("notebook", "JupyterNotebookApp")}


@dataclass
class Lab:
    """A running JupyterLab or Notebook 7 (``app``): its address, token and log."""

    url: str
    token: str
    root: Path
    log: Path
    app: str = "jupyterlab"

    def workspace_url(self, notebook: str) -> str:
        """The notebook's page: in JupyterLab, in a fresh, uniquely named workspace (no layout left from
        another test); in Notebook 7, its own page (a notebook per page, no workspace)."""
        if self.app == "notebook":
            return f"{self.url}/notebooks/{notebook}?token={self.token}"
        return f"{self.url}/lab/workspaces/t{secrets.token_hex(4)}/tree/{notebook}?token={self.token}"


@pytest.fixture(scope="module", params=list(FRONTENDS))  # stopped as soon as a front-end's tests are done
def lab(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    reason = missing_requirement()
    if reason:
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("jupyterlab")
    root = home / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".env", ".ipynb_checkpoints", "__pycache__"))
    dirs = {name: home / name for name in ("config", "data", "runtime", "settings", "workspaces", "ipython")}
    for path in dirs.values():
        path.mkdir()
    for name, values in LAB_SETTINGS.items():
        target = dirs["settings"] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYNTRO_")}
    env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]), IPYTHONDIR=str(dirs["ipython"]))
    port, token = _free_port(), secrets.token_hex(16)
    module, app = FRONTENDS[request.param]
    command = [sys.executable, "-m", module, "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", f"--{app}.workspaces_dir={dirs['workspaces']}",
               f"--{app}.user_settings_dir={dirs['settings']}", f"--{app}.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = home / f"{request.param}.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, f"{url}/api/status?token={token}", log)
        yield Lab(url, token, root, log, request.param)
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


def _wait_until_up(server: subprocess.Popen, status_url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(status_url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within {SERVER_START_SECONDS} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def browser(lab: Lab) -> Iterator[Any]:
    # Module scope, not session: Playwright's sync API keeps an asyncio loop running in this thread
    # while it is open, which would break later tests that call asyncio.run().
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"], headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Console:
    """What the page logged: console errors and uncaught exceptions, as text."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def ours(self) -> list[str]:
        """Errors that come from the widgets or the kernel side of this project, not from Lab's own chatter."""
        return [e for e in self.errors if OUR_ERRORS.search(e)]


OUR_ERRORS = re.compile(r"widget|zyntro|ipywidgets|jupyter-widgets|model not found|comm|kernel|Traceback",
                        re.IGNORECASE)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)  # read by screenshot_on_failure


def screenshot_on_failure(request: pytest.FixtureRequest, page: Any, name: str) -> None:
    """Save a full-page screenshot if the test failed (or always, with BROWSER_SCREENSHOTS=always)."""
    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    if failed or os.environ.get("BROWSER_SCREENSHOTS") == "always":
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}-{request.node.name}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
            print(f"\nscreenshot: {path}")
        except Exception as err:  # a dead page must not hide the test's own failure
            print(f"\nno screenshot ({err})")
