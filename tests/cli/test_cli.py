from __future__ import annotations

import os
import subprocess
import sys

import pytest

from zyntro_nb._cli.main import build_parser, main


def test_demo_runs_against_the_sandbox_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "SANDBOX" in out.splitlines()[0]
    assert "Jane" in out and "149 enrollments in 3 pages" in out
    assert "AuthenticationError: Invalid API Key" in out and "Fix:" in out
    assert "zdk_your_developer_secret" not in out and "UYUJH-XXXXXXXXXXXX" not in out


def test_endpoints_lists_a_module_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["endpoints", "edge"]) == 0
    out = capsys.readouterr().out
    assert "getEnrollments" in out and "fetchContact" not in out


def test_endpoints_search_narrows_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["endpoints", "--search", "wallet"]) == 0
    out = capsys.readouterr().out
    assert "fetchWallets" in out and "getEnrollments" not in out


def test_help_describes_an_endpoint_and_suggests_on_typos(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["help", "crm", "fetchContact"]) == 0
    assert "contact_id (string; required)" in capsys.readouterr().out
    assert main(["help", "crm", "fetchContct"]) == 2
    assert "Did you mean fetchContact" in capsys.readouterr().err


def test_sandbox_command_defaults_to_loopback() -> None:
    args = build_parser().parse_args(["sandbox"])
    assert (args.host, args.port, args.db) == ("127.0.0.1", 8765, None)


def test_console_script_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "zyntro_nb._cli.main", "help", "edge", "getEnrollments"],
                            capture_output=True, text=True, check=True)
    assert "all_pages=True" in result.stdout


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_output_cut_by_the_reader_ends_quietly(buffered: bool) -> None:
    # `zyntro-nb endpoints | head -1` once head has exited: the pipe is closed; no traceback, the shell's code for it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "zyntro_nb._cli.main", "endpoints"], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60, env=env)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, "")
