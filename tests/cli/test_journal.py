"""``zyntro-nb journal FILE [--repair]``: rows by state, damaged lines, last run, lock holder; exit 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import zyntro_nb as zn
from zyntro_nb._bulk.journal import Journal
from zyntro_nb._bulk.lock import JournalLock
from zyntro_nb._cli.main import main
from zyntro_nb.sandbox import Sandbox

ROWS = pd.DataFrame({"contact.email": [f"j{i}@cli.example.com" for i in range(3)], "contact.firstName": "J"})


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    sandbox = Sandbox()
    session = zn.connect(sandbox=sandbox, current=False)
    path = tmp_path / "contacts.journal"
    session.bulk("crm", "addContactsFull", ROWS, journal=path, key="contact.email", progress=False)
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zyntro_nb._cli.main", "journal", *args], capture_output=True,
                          text=True, timeout=60)


def test_a_clean_journal_reports_rows_by_state_last_run_and_a_free_lock(journal: Path) -> None:
    result = run(str(journal))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "crm/addContactsFull (rows keyed by contact.email)" in out and "rows      3: ok 3" in out
    assert "last run  20" in out and "lock      free" in out and "damaged" not in out


def test_a_held_journal_names_its_holder(journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lock = JournalLock(journal)
    lock.acquire()
    try:
        assert main(["journal", str(journal)]) == 0
    finally:
        lock.release()
    assert "held by PID" in capsys.readouterr().out


def test_a_damaged_journal_exits_1_naming_the_lines_and_repair_fixes_it_without_sending(journal: Path) -> None:
    lines = journal.read_bytes().splitlines(keepends=True)
    lines.insert(2, b"garbage\n")
    journal.write_bytes(b"".join(lines)[:-20])  # and the last record torn
    damaged = run(str(journal))
    assert damaged.returncode == 1
    assert "damaged   line 3, 8 are not a journal record" in damaged.stdout and "--repair" in damaged.stdout
    repaired = run(str(journal), "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "repaired" in repaired.stdout and "nothing was sent" in repaired.stdout
    assert (journal.parent / "contacts.journal.damaged").exists()
    again = run(str(journal))
    assert again.returncode == 0 and "earlier repair found damage" in again.stdout
    assert "unknown 1" in again.stdout  # the torn row: a re-run checks it before sending it again
    assert all(json.loads(line) for line in journal.read_text().splitlines())
    with Journal.open(journal, "crm/addContactsFull", "contact.email") as reopened:  # no warning: it is clean
        assert reopened.counts()["ok"] == 2


def test_repair_refuses_while_a_run_holds_the_journal(journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal.write_bytes(journal.read_bytes() + b"garbage\n")
    before = journal.read_bytes()
    lock = JournalLock(journal)
    lock.acquire()
    try:
        assert main(["journal", str(journal), "--repair"]) == 1
    finally:
        lock.release()
    assert "another bulk run is using the journal" in capsys.readouterr().err and journal.read_bytes() == before


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: p.write_text("hello\n"), "not a zyntro_nb bulk journal"),
], ids=["missing", "directory", "not-a-journal"])
def test_usage_errors_exit_2(tmp_path: Path, make: object, message: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.journal"
    make(path)  # type: ignore[operator]
    assert main(["journal", str(path)]) == 2
    assert message in capsys.readouterr().err
