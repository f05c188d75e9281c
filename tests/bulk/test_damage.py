"""Damaged journals: a torn last record, garbage lines, cut records — never trusted, never a doubled write."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import zyntro_nb as zn
from zyntro_nb._bulk.journal import Journal, JournalRepairedWarning
from zyntro_nb._bulk.lock import lock_path
from zyntro_nb._session.session import SANDBOX_BASE_URL
from zyntro_nb.sandbox import Sandbox

from .test_bulk import new_contacts, notes_with

NO_SLEEP = zn.RetryPolicy(sleep=lambda s: None, random=lambda: 0.5)
OTHER_ORG = "0b7d6c1e-1111-4222-8333-944455556666"


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
def session(sandbox: Sandbox) -> zn.Session:
    return zn.connect(sandbox=sandbox, retry=NO_SLEEP, current=False)


def contacts(n: int) -> pd.DataFrame:
    return pd.DataFrame({"contact.email": [f"d{i}@damage.example.com" for i in range(n)],
                         "contact.firstName": [f"D{i}" for i in range(n)]})


def cut(journal: Path, keep_of_last: float, lines_back: int = 1) -> None:
    """Cut the journal inside its ``lines_back``-th line from the end, keeping that fraction of it."""
    lines = journal.read_bytes().splitlines(keepends=True)
    target = lines[-lines_back]
    journal.write_bytes(b"".join(lines[:-lines_back]) + target[:int(len(target) * keep_of_last)])


def add_contacts(session: zn.Session, rows: pd.DataFrame, journal: Path) -> pd.DataFrame:
    return session.bulk("crm", "addContactsFull", rows, journal=journal, key="contact.email", concurrency=1,
                        mode="upsert", progress=False)


@pytest.mark.parametrize(("keep", "lines_back"), [(0.5, 1), (0.1, 1), (0.6, 2)],
                         ids=["ok-record-torn", "ok-record-barely-begun", "sending-record-torn-ok-lost"])
def test_a_contact_whose_last_record_was_torn_is_verified_not_created_twice(
        session: zn.Session, sandbox: Sandbox, tmp_path: Path, keep: float, lines_back: int) -> None:
    journal = tmp_path / "contacts.journal"
    assert set(add_contacts(session, contacts(3), journal)["_status"]) == {"ok"}
    cut(journal, keep, lines_back)
    with pytest.warns(JournalRepairedWarning, match=r"line \d+ is not a journal record") as caught:
        again = add_contacts(session, contacts(3), journal)
    assert sandbox.writes["crm/addContactsFull"] == 3  # the lookup found it applied: nothing doubled
    assert list(again["_status"]) == ["skipped", "skipped", "skipped"]
    assert "rewritten" in str(caught[0].message)
    third = add_contacts(session, contacts(3), journal)  # the next run reads it cleanly, like any re-run
    assert list(third["_status"]) == ["skipped"] * 3


def test_a_note_whose_ok_record_was_torn_is_found_by_the_verify_read_and_not_doubled(
        session: zn.Session, sandbox: Sandbox, tmp_path: Path) -> None:
    ids = new_contacts(session, 2, prefix="torn")
    journal = tmp_path / "notes.journal"
    rows = pd.DataFrame({"contact_id": ids})
    session.bulk("crm", "addNotestoContact", rows, note="Torn", journal=journal, concurrency=1, progress=False)
    cut(journal, 0.5)
    with pytest.warns(JournalRepairedWarning):
        again = session.bulk("crm", "addNotestoContact", rows, note="Torn", journal=journal, progress=False)
    assert list(again["_status"]) == ["skipped", "skipped"]
    assert sandbox.writes["crm/addNotestoContact"] == 2 and all(notes_with(session, i, "Torn") == 1 for i in ids)


def test_a_note_whose_sending_record_was_torn_is_left_unknown_with_a_fix_not_resent(
        session: zn.Session, sandbox: Sandbox, tmp_path: Path) -> None:
    ids = new_contacts(session, 2, prefix="tornsend")
    journal = tmp_path / "notes.journal"
    rows = pd.DataFrame({"contact_id": ids})
    session.bulk("crm", "addNotestoContact", rows, note="Torn", journal=journal, concurrency=1, progress=False)
    cut(journal, 0.6, lines_back=2)  # what was there before it was sent is lost with the sending record
    with pytest.warns(JournalRepairedWarning):
        again = session.bulk("crm", "addNotestoContact", rows, note="Torn", journal=journal, progress=False)
    assert list(again["_status"]) == ["skipped", "unknown"]
    error = again["_error"].iloc[1]
    assert "resend_unknown=True" in error and "cannot tell" in error and "record was damaged" in error
    assert sandbox.writes["crm/addNotestoContact"] == 2


@pytest.mark.parametrize("where", ["middle", "end", "nul-bytes-at-end", "two-records-run-together"])
def test_garbage_lines_are_reported_by_number_and_unsure_rows_are_checked_first(
        session: zn.Session, sandbox: Sandbox, tmp_path: Path, where: str) -> None:
    journal = tmp_path / "contacts.journal"
    add_contacts(session, contacts(3), journal)
    lines = journal.read_bytes().splitlines(keepends=True)
    if where == "middle":
        lines.insert(2, b"this is not json\n")
        bad = 3
    elif where == "end":
        lines.append(b"{\"garbage\": tru\n")
        bad = len(lines)
    elif where == "nul-bytes-at-end":
        lines.append(b"\x00" * 40)
        bad = len(lines)
    else:  # a torn record that a later append ran into
        lines.append(b'{"key": "zzz", "sta' + b'{"key": "yyy", "state": "error"}\n')
        bad = len(lines)
    journal.write_bytes(b"".join(lines))
    with pytest.warns(JournalRepairedWarning, match=f"line {bad} is not a journal record"):
        again = add_contacts(session, contacts(4), journal)  # a fourth row the journal has never seen
    assert list(again["_status"]) == ["skipped", "skipped", "skipped", "ok"]
    assert sandbox.writes["crm/addContactsFull"] == 4
    kept = (tmp_path / "contacts.journal.damaged").read_bytes()
    assert kept == b"".join(lines)  # the damaged file is kept, not lost
    reread = [json.loads(line) for line in journal.read_text().splitlines()]  # every line a record now
    assert reread[0]["endpoint"] == "crm/addContactsFull"


def test_an_unsure_row_no_read_can_check_is_not_resent_and_says_what_to_do(
        session: zn.Session, sandbox: Sandbox, tmp_path: Path) -> None:
    contact = new_contacts(session, 1, prefix="comms")[0]
    journal = tmp_path / "comms.journal"
    rows = pd.DataFrame({"contact_id": [contact, contact], "comms_data": ["a", "b"]})
    session.bulk("crm", "addCommsHistory", rows.iloc[:1], comms_type="call", journal=journal, progress=False)
    with journal.open("ab") as out:
        out.write(b"garbage\n")
    writes = sandbox.writes_total
    with pytest.warns(JournalRepairedWarning):
        again = session.bulk("crm", "addCommsHistory", rows, comms_type="call", journal=journal, progress=False)
    assert list(again["_status"]) == ["skipped", "unknown"] and sandbox.writes_total == writes
    assert "may have sent it" in again["_error"].iloc[1] and "resend_unknown=True" in again["_error"].iloc[1]
    forced = session.bulk("crm", "addCommsHistory", rows, comms_type="call", journal=journal, progress=False,
                          resend_unknown=True)
    assert list(forced["_status"]) == ["skipped", "ok"]


def test_a_journal_from_an_earlier_version_is_still_read(session: zn.Session, sandbox: Sandbox,
                                                         tmp_path: Path) -> None:
    journal = tmp_path / "old.journal"
    first = add_contacts(session, contacts(2), journal)
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    lines[0].pop("org")  # headers before this version named no organization
    journal.write_text("".join(json.dumps(line) + "\n" for line in lines))
    again = add_contacts(session, contacts(2), journal)
    assert list(again["_status"]) == ["skipped", "skipped"] and list(again["contact_id"]) == \
        list(first["contact_id"])


# -- bad input: a typed error, nothing sent, the journal untouched -------------------------------------------


def header(endpoint: str = "crm/addContactsFull", key: str = "contact.email", org: str | None = None) -> str:
    from zyntro_nb._bulk.journal import org_mark

    line: dict[str, Any] = {"zyntro_bulk_journal": 1, "endpoint": endpoint, "key": key}
    if org:
        line["org"] = org_mark(org)
    return json.dumps(line) + '\n{"key": "\\"d0@damage.example.com\\"", "state": "ok"}\n'


@pytest.mark.parametrize(("content", "message", "fix"), [
    (header(endpoint="crm/fetchContact"), "written for crm/fetchContact", "separate journal"),
    (header(key="contact.phone"), "keys rows by 'contact.phone'", "same key="),
    (header(org=OTHER_ORG), "written for another organization", "separate journal for each organization"),
    ("not a journal at all\n", "not a zyntro_nb bulk journal", "new file name"),
], ids=["other-endpoint", "other-key-column", "other-organization", "not-a-journal"])
def test_a_journal_for_something_else_is_refused_untouched(session: zn.Session, sandbox: Sandbox, tmp_path: Path,
                                                           content: str, message: str, fix: str) -> None:
    journal = tmp_path / "j.journal"
    journal.write_text(content)
    with pytest.raises(zn.ConfigurationError, match=message) as info:
        add_contacts(session, contacts(2), journal)
    assert fix in info.value.fix and info.value.sent is False
    assert sandbox.writes_total == 0 and journal.read_text() == content and not lock_path(journal).exists()


def test_a_journal_path_that_is_a_directory_is_refused(session: zn.Session, sandbox: Sandbox,
                                                       tmp_path: Path) -> None:
    with pytest.raises(zn.ConfigurationError, match="is a directory") as info:
        add_contacts(session, contacts(2), tmp_path)
    assert "file path" in info.value.fix and sandbox.writes_total == 0 and list(tmp_path.iterdir()) == []


def test_an_unreadable_journal_is_refused_untouched(session: zn.Session, sandbox: Sandbox, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    journal = tmp_path / "j.journal"
    journal.write_text(header())
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == journal:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(zn.ConfigurationError, match="Permission denied") as info:
        add_contacts(session, contacts(2), journal)
    monkeypatch.undo()
    assert "folder you can write to" in info.value.fix and sandbox.writes_total == 0
    assert journal.read_text() == header() and not lock_path(journal).exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads and writes anything")
@pytest.mark.parametrize("existing", [True, False], ids=["existing-journal", "new-journal"])
def test_a_journal_in_a_read_only_folder_is_refused(session: zn.Session, sandbox: Sandbox, tmp_path: Path,
                                                    existing: bool) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    journal = folder / "j.journal"
    if existing:
        journal.write_text(header())
    folder.chmod(0o555)
    try:
        with pytest.raises(zn.ConfigurationError, match="not writable") as info:
            add_contacts(session, contacts(2), journal)
    finally:
        folder.chmod(0o755)
    assert "folder you can write to" in info.value.fix and sandbox.writes_total == 0
    assert sorted(p.name for p in folder.iterdir()) == (["j.journal"] if existing else [])


@pytest.mark.parametrize("existing", [True, False], ids=["existing-journal", "new-journal"])
def test_a_journal_in_a_folder_the_os_will_not_let_us_write_is_refused(
        session: zn.Session, sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        existing: bool) -> None:
    """The same refusal where the test runs as root (chmod does not stop root): the OS's answer is faked."""
    journal = tmp_path / "j.journal"
    if existing:
        journal.write_text(header())
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK and Path(p) == tmp_path
                        else real_access(p, mode, **kw))
    with pytest.raises(zn.ConfigurationError, match="not writable") as info:
        add_contacts(session, contacts(2), journal)
    monkeypatch.undo()
    assert "folder you can write to" in info.value.fix and sandbox.writes_total == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == (["j.journal"] if existing else [])


def test_another_organizations_session_is_refused_a_journal(sandbox: Sandbox, tmp_path: Path) -> None:
    journal = tmp_path / "j.journal"
    mine = zn.connect(sandbox=sandbox, current=False)
    add_contacts(mine, contacts(1), journal)
    before = journal.read_bytes()
    other = zn.Session(**{**sandbox.credentials, "org_id": OTHER_ORG}, base_url=SANDBOX_BASE_URL,
                       transport=sandbox.transport(), env={})
    writes = sandbox.writes_total
    with pytest.raises(zn.ConfigurationError, match="another organization"):
        add_contacts(other, contacts(1), journal)
    assert sandbox.writes_total == writes and journal.read_bytes() == before
    Journal.open(journal, "crm/addContactsFull", "contact.email", org=sandbox.credentials["org_id"]).close()
