"""One run per journal: real processes on one journal, a killed holder, waiting, and what is refused."""

from __future__ import annotations

import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import zyntro_nb as zn
from zyntro_nb._bulk.lock import JournalLock, current_holder, holder_path, lock_path
from zyntro_nb.sandbox import Sandbox

CHILD = Path(__file__).with_name("bulk_child.py")
JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


def start_child(journal: Path, rows: int, latency: float, *extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYNTRO_")}
    return subprocess.Popen([sys.executable, str(CHILD), str(journal), str(rows), str(latency), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def result(child: subprocess.Popen[str], timeout: float = 120) -> dict[str, Any]:
    out, err = child.communicate(timeout=timeout)
    assert out.strip(), err
    return json.loads(out.strip().splitlines()[-1])


def wait_for_sending(journal: Path, child: subprocess.Popen[str], timeout: float = 60) -> None:
    """Until the child has journalled a row as sending (so it holds the lock and is mid-run)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if journal.exists() and b'"sending"' in journal.read_bytes():
            return
        assert child.poll() is None, child.communicate()
        time.sleep(0.05)
    raise AssertionError("the child never started sending")


def rows(n: int) -> list[dict[str, str]]:
    return [{"contact.email": f"p{i}@lock.example.com", "contact.firstName": "P"} for i in range(n)]


def test_a_second_process_on_a_busy_journal_stops_before_sending_and_names_the_holder(tmp_path: Path) -> None:
    journal = tmp_path / "contacts.journal"
    first = start_child(journal, 10, 1.0)  # 10 s of work: time for a second process to start, even when busy
    try:
        wait_for_sending(journal, first)
        second = result(start_child(journal, 10, 0.0))
    finally:
        done = result(first)
    assert second["error"] == "JournalBusyError" and second["writes"] == 0
    assert str(journal) in second["message"] and f"PID {first.pid} on host {socket.gethostname()}" in \
        second["message"]
    assert second["holder"]["pid"] == first.pid and "another journal" in second["fix"]
    assert done == {"counts": {"ok": 10}, "writes": 10, "pid": first.pid}  # every row once, by the holder only


def test_a_run_in_this_process_is_refused_while_another_process_holds_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "contacts.journal"
    holder = start_child(journal, 6, 0.5)
    sandbox = Sandbox()
    session = zn.connect(sandbox=sandbox, current=False)
    try:
        wait_for_sending(journal, holder)
        before = journal.read_bytes()
        with pytest.raises(zn.JournalBusyError) as info:
            session.bulk("crm", "addContactsFull", rows(6), journal=journal, key="contact.email", progress=False)
        assert journal.read_bytes()[:len(before)] == before  # only the holder appends
    finally:
        result(holder)
    assert sandbox.writes_total == 0 and info.value.sent is False and info.value.holder["pid"] == holder.pid
    assert "lock_timeout" in info.value.fix


def test_with_lock_timeout_a_second_run_waits_for_the_first_and_then_skips_its_rows(tmp_path: Path) -> None:
    journal = tmp_path / "contacts.journal"
    first = start_child(journal, 5, 1.0)
    try:
        wait_for_sending(journal, first)
        second = result(start_child(journal, 5, 0.0, "120"))
    finally:
        done = result(first)
    assert done["counts"] == {"ok": 5}
    assert second["counts"] == {"skipped": 5} and second["writes"] == 0


def test_a_holder_killed_with_sigkill_never_blocks_the_next_run(tmp_path: Path) -> None:
    journal = tmp_path / "contacts.journal"
    doomed = start_child(journal, 20, 5.0)  # each answer 5 s late: it is killed mid-row
    wait_for_sending(journal, doomed)
    assert current_holder(journal)["pid"] == doomed.pid
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(30)
    assert current_holder(journal) is None  # its note is still on disk, but the OS lock died with it
    sandbox = Sandbox()
    session = zn.connect(sandbox=sandbox, current=False)
    again = session.bulk("crm", "addContactsFull", rows(20), journal=journal, key="contact.email",
                         progress=False)
    # The row in flight was checked first (not applied in this sandbox), then sent; nothing was refused.
    assert set(again["_status"]) == {"ok"} and sandbox.writes_total == 20
    assert not holder_path(journal).exists()  # released at the end of the run


def test_two_runs_in_one_process_on_one_journal_are_refused_too(tmp_path: Path) -> None:
    journal = tmp_path / "j.journal"
    held = JournalLock(journal)
    held.acquire()
    try:
        session = zn.connect(sandbox=Sandbox(), current=False)
        with pytest.raises(zn.JournalBusyError, match=f"PID {os.getpid()}"):
            session.bulk("crm", "fetchContact", [{"contact_id": JANE}], journal=journal, progress=False)
    finally:
        held.release()
    assert not journal.exists()  # refused before the journal was created


@pytest.mark.parametrize("value", [-1, -0.5, math.nan, "5", True], ids=["negative", "negative-float", "nan",
                                                                         "text", "bool"])
def test_a_bad_lock_timeout_is_refused_before_anything_is_sent(tmp_path: Path, value: Any) -> None:
    sandbox = Sandbox()
    session = zn.connect(sandbox=sandbox, current=False)
    journal = tmp_path / "j.journal"
    with pytest.raises(zn.ParameterError, match="lock_timeout must be a number of seconds") as info:
        session.bulk("crm", "addContactsFull", rows(2), journal=journal, key="contact.email", progress=False,
                     lock_timeout=value)
    assert "nothing was sent" in info.value.fix and sandbox.writes_total == 0
    assert not journal.exists() and not lock_path(journal).exists()


@pytest.mark.parametrize(("make", "kind"), [
    (lambda p: p.mkdir(), "a directory"),
    pytest.param(lambda p: os.mkfifo(p), "not a regular file",
                 marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")),
], ids=["directory", "fifo"])
def test_a_lock_path_that_is_not_a_lock_file_is_refused_with_a_fix(tmp_path: Path, make: Any, kind: str) -> None:
    journal = tmp_path / "j.journal"
    journal.write_text('{"zyntro_bulk_journal": 1, "endpoint": "crm/addContactsFull", "key": "contact.email"}\n')
    before = journal.read_bytes()
    make(lock_path(journal))
    sandbox = Sandbox()
    session = zn.connect(sandbox=sandbox, current=False)
    with pytest.raises(zn.ConfigurationError, match=f"is not a lock file \\({kind}\\)") as info:
        session.bulk("crm", "addContactsFull", rows(2), journal=journal, key="contact.email", progress=False)
    assert "move" in info.value.fix and sandbox.writes_total == 0 and journal.read_bytes() == before


def test_a_holder_note_that_is_garbage_still_gives_a_busy_error(tmp_path: Path) -> None:
    journal = tmp_path / "j.journal"
    held = JournalLock(journal)
    held.acquire()
    holder_path(journal).write_text("not json")
    try:
        with pytest.raises(zn.JournalBusyError, match="another run \\(it did not say which\\)"):
            JournalLock(journal).acquire(0.05)
    finally:
        held.release()
