"""End to end: a real ``ipython`` process in a pseudo-terminal, driven with pexpect, on the sandbox."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

IPYTHON = shutil.which("ipython", path=str(Path(sys.executable).parent)) or shutil.which("ipython")
PROMPT = r"In \[\d+\]: "
CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


pytestmark = pytest.mark.skipif(IPYTHON is None, reason="the ipython command is not installed")


@pytest.fixture
def terminal(tmp_path: Path, request: pytest.FixtureRequest):
    columns = getattr(request, "param", 250)  # parametrize indirectly for another width
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYNTRO_")}
    env.update(IPYTHONDIR=str(tmp_path / "ipython"), TERM="dumb", COLUMNS=str(columns), LINES="50")
    child = pexpect.spawn(
        IPYTHON, ["--no-banner", "--colors=NoColor", "--simple-prompt", "--HistoryManager.enabled=False"],
        cwd=str(tmp_path), env=env, encoding="utf-8", timeout=60, dimensions=(50, columns),
    )
    child.expect(PROMPT)
    yield child
    child.sendline("exit")
    child.expect(pexpect.EOF)
    child.close()


def run(child, line: str) -> str:
    child.sendline(line)
    child.expect(PROMPT)
    return child.before


def test_magic_shows_a_table_with_jane_in_a_terminal(terminal) -> None:
    assert "Error" not in run(terminal, "%load_ext zyntro_nb")
    connected = run(terminal, "%zyntro connect --sandbox")
    assert "SANDBOX" in connected and "(redacted)" in connected
    out = run(terminal, f"%zyntro crm fetchContact contact_id={CONTACT}")
    assert "crm/fetchContact · 1 row" in out
    lines = out.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.strip() and set(line.replace(" ", "")) == {"-"})
    # One wide record prints as a tabulate field/value table: header row above its rule of dashes.
    assert lines[rule - 1].split() == ["field", "value"]
    rows = {line.split()[0]: line.split()[1] for line in lines[rule + 1:] if len(line.split()) == 2}
    assert (rows["first_name"], rows["last_name"]) == ("Jane", "Smith")
    assert "<table" not in out


def test_errors_are_short_in_a_terminal(terminal) -> None:
    run(terminal, "%load_ext zyntro_nb")
    out = run(terminal, f"%zyntro crm fetchContact contact_id={CONTACT}")
    assert "ConfigurationError: no Zyntro session and no credentials configured" in out
    assert "Traceback" not in out and "\x1b[" not in out
    usage = run(terminal, "%zyntro crm fetchContact --bogus")
    assert "UsageError: unknown option '--bogus'" in usage


@pytest.mark.parametrize(
    ("terminal", "note"),
    [(250, "edge/getEnrollments: 50 of 149 rows (one page) — add --all-pages for all"),
     (56, "50 of 149 rows (one page) — add --all-pages for all")],
    ids=["wide", "narrow"], indirect=["terminal"],
)
def test_one_page_of_more_is_one_short_line_in_a_terminal(terminal, note: str) -> None:
    run(terminal, "%load_ext zyntro_nb")
    run(terminal, "%zyntro connect --sandbox")
    out = run(terminal, "%zyntro edge getEnrollments")
    lines = [line.rstrip() for line in out.splitlines()]
    assert note in lines
    assert "PartialPageWarning" not in out and ".py:" not in out
    assert out.index(note) < out.index("Out[") < out.index("ts_id")  # the line, then the table
    all_pages = run(terminal, "%zyntro edge getEnrollments --all-pages")
    assert "edge/getEnrollments · 149 rows" in all_pages and "one page" not in all_pages
