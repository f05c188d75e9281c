"""``%zyntro curl`` lines that run as printed: credentials as ``$ZYNTRO_…`` references, served or in-process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from zyntro_nb._catalog.catalog import Catalog
from zyntro_nb._connect.current import set_current
from zyntro_nb._frames.snippets import curl_command
from zyntro_nb._request import PreparedCall
from zyntro_nb.sandbox import Sandbox

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@pytest.fixture
def ip() -> Iterator[InteractiveShell]:
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "zyntro_nb")
    set_current(None)
    yield shell
    set_current(None)


def _shell_env(credentials: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYNTRO_")}
    env.update({"ZYNTRO_API_KEY": credentials["api_key"], "ZYNTRO_DEVELOPER_SECRET": credentials["developer_secret"]})
    return env


def test_credentials_become_shell_variable_references() -> None:
    call = PreparedCall(Catalog.builtin().get("crm", "fetchContact"), "http://127.0.0.1:1/x",
                        {"api_key": "KEY-that-is-secret", "developer_secret": "zdk_secret_value", "note": "it's"})
    line = curl_command(call)
    assert "KEY-that-is-secret" not in line and "zdk_secret_value" not in line
    assert '"api_key": "\'"$ZYNTRO_API_KEY"\'"' in line
    assert '"developer_secret": "\'"$ZYNTRO_DEVELOPER_SECRET"\'"' in line


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_the_shell_rebuilds_the_exact_body() -> None:
    call = PreparedCall(Catalog.builtin().get("crm", "fetchContact"), "http://127.0.0.1:1/x",
                        {"api_key": "K-1", "developer_secret": "zdk_2", "note": "it's \"quoted\" $HOME"})
    line = curl_command(call)
    # Replace curl by printf of its last argument: what the shell would hand to curl as the body.
    script = "curl() { for last; do :; done; printf %s \"$last\"; }\n" + line
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True,
                          env={"ZYNTRO_API_KEY": "K-1", "ZYNTRO_DEVELOPER_SECRET": "zdk_2", "PATH": os.defpath},
                          timeout=30)
    assert json.loads(done.stdout) == {"api_key": "K-1", "developer_secret": "zdk_2", "note": "it's \"quoted\" $HOME"}


@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("sh") is None, reason="needs curl and a shell")
def test_a_printed_line_runs_with_curl_against_a_served_sandbox(ip, capsys) -> None:
    with Sandbox() as sandbox, sandbox.serve(port=0) as server:
        session = zn.connect(base_url=server.url, **sandbox.credentials, current=False)
        set_current(session)
        ip.run_line_magic("zyntro", f"curl crm fetchContact contact_id={JANE}")
        line = capsys.readouterr().out
        assert line.startswith(f"curl -X POST {server.url}/apis/v2/public/crm/fetchContact")
        assert sandbox.credentials["api_key"] not in line and "$ZYNTRO_API_KEY" in line
        done = subprocess.run(["sh", "-c", line], capture_output=True, text=True,  # exactly as printed
                              env=_shell_env(sandbox.credentials), timeout=60)
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        assert (answer["status"], answer["data"]["first_name"]) == ("success", "Jane")


def test_in_process_sandbox_says_so_and_shows_the_line_for_a_served_one(ip, capsys) -> None:
    ip.run_line_magic("zyntro", "connect --sandbox --new")
    capsys.readouterr()
    ip.run_line_magic("zyntro", f"curl crm fetchContact contact_id={JANE}")
    out = capsys.readouterr().out
    assert "in-process" in out and "zyntro-nb sandbox --port 8765" in out
    assert "curl -X POST http://127.0.0.1:8765/apis/v2/public/crm/fetchContact" in out
    assert "sandbox.local" not in out and "$ZYNTRO_DEVELOPER_SECRET" in out
