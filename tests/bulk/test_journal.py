"""The bulk journal file: states, crash safety, refusals, compaction, no secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zyntro_nb as zn
from zyntro_nb._bulk.journal import REDACTED, Journal, JournalRepairedWarning, scrub
from zyntro_nb._secret import Secret

EP = "crm/addNotestoContact"


def test_a_rows_state_is_its_last_record_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    with Journal.open(path, EP, "hash") as journal:
        journal.record("a", "sending", row="0", durable=True)
        journal.record("a", "ok", row="0", request_id="req_1", data={"note_id": "n1"})
        journal.record("b", "sending", row="1", durable=True)
    again = Journal.open(path, EP, "hash")
    assert again.state("a")["state"] == "ok" and again.state("a")["data"] == {"note_id": "n1"}
    assert again.state("b")["state"] == "sending" and again.state("c") is None
    assert again.counts() == {"sending": 1, "ok": 1, "error": 0, "unknown": 0}
    again.close()


def test_a_torn_last_line_from_a_crash_makes_its_row_unknown_and_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    with Journal.open(path, EP, "hash") as journal:
        journal.record("a", "ok", row="0", durable=True)
        journal.record("b", "error", row="1", durable=True)
    with path.open("ab") as out:
        out.write(b'{"key": "b", "state": "o')  # the process died in the middle of a write
    with pytest.warns(JournalRepairedWarning, match="line 4 is not a journal record"):
        reopened = Journal.open(path, EP, "hash")
    assert reopened.state("a")["state"] == "ok"
    assert reopened.state("b")["state"] == "unknown" and reopened.state("b")["damaged"] == [4]
    reopened.close()
    assert path.read_bytes().endswith(b"\n") and (tmp_path / "j.journal.damaged").exists()
    Journal.open(path, EP, "hash").close()  # the next run reads it cleanly: no warning


@pytest.mark.parametrize(("content", "message"), [
    ('{"key": "a", "state": "ok"}\n', "not a zyntro_nb bulk journal"),
    ('{"zyntro_bulk_journal": 1, "endpoint": "crm/fetchContact", "key": "hash"}\n', "written for crm/fetchContact"),
    ('{"zyntro_bulk_journal": 1, "endpoint": "crm/addNotestoContact", "key": "email"}\n', "keys rows by 'email'"),
], ids=["not-a-journal", "other-endpoint", "other-key"])
def test_unusable_journals_are_refused_with_a_fix(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "j.journal"
    path.write_text(content)
    with pytest.raises(zn.ConfigurationError, match=message) as info:
        Journal.open(path, EP, "hash")
    assert info.value.fix


def test_opening_a_long_journal_rewrites_it_compactly(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    with Journal.open(path, EP, "hash") as journal:
        for n in range(30):
            journal.record("a", "error", row="0", error=f"try {n}")
        journal.record("b", "ok", row="1")
    Journal.open(path, EP, "hash").close()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == 3 and lines[1]["error"] == "try 29"
    assert not list(tmp_path.glob("*.tmp"))


def test_answers_are_scrubbed_of_credentials_before_writing(tmp_path: Path) -> None:
    data = {"api_key": "UYUJH-AAAAAAAAAAAA-BBBBBBBBBBBB-CCCCC", "wh_secret": "whsec_123456789",
            "nested": {"token": "tok_abcdef"}, "echo": "key is zdk_mysecret_12345", "ok": 1,
            "card": Secret("pm_secret_value_1")}
    clean = scrub(data, ("zdk_mysecret_12345",))
    assert clean["api_key"] == REDACTED and clean["wh_secret"] == REDACTED and clean["nested"]["token"] == REDACTED
    assert "zdk_mysecret_12345" not in clean["echo"] and clean["ok"] == 1
    assert "secret_value" not in json.dumps(clean)
