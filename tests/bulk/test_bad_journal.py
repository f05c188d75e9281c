"""Journals edited by hand or written for another call: refused by ``s.bulk`` before anything is sent.

Each refusal is a ``ConfigurationError`` with the fix; the journal file is left exactly as it was,
and no secret shows. A journal of this call with damaged lines is not refused (issue 21): it is
repaired with a warning naming the lines, its damaged text is kept beside it byte for byte, and a
row whose record the damage may hide is checked with a read before any write is sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session, leaks
from tests.conftest import CANARY_KEY
from zyntro_nb._bulk.journal import JournalRepairedWarning

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
ROWS = [{"contact_id": CONTACT, "note": "first", "ref": "r1"}]
EP = "crm/addNotestoContact"


def _header(**changes: Any) -> str:
    return json.dumps({"zyntro_bulk_journal": 1, "endpoint": EP, "key": "ref", "created": "2026-01-01", **changes})


def _line(**record: Any) -> str:
    return json.dumps(record)


# id: (the journal's text, culprit the message must name)
JOURNALS: dict[str, tuple[str | bytes, str]] = {
    "other-endpoint": (_header(endpoint="crm/fetchContact") + "\n", "written for crm/fetchContact"),
    "other-module": (_header(endpoint="edge/fire") + "\n", "written for edge/fire"),
    "other-key-column": (_header(key="email") + "\n", "keys rows by 'email'"),
    "hashed-key-then-column": (_header(key="hash") + "\n", "keys rows by 'hash'"),
    "no-endpoint-in-header": (json.dumps({"zyntro_bulk_journal": 1, "key": "ref"}) + "\n", "written for None"),
    "not-a-journal": (_line(key="r1", state="ok") + "\n", "not a zyntro_nb bulk journal"),
    "header-a-list": ("[1, 2]\n", "not a zyntro_nb bulk journal"),
    "csv-file": ("contact_id,note\nx,y\n", "not a zyntro_nb bulk journal"),
    "binary-file": (b"\x00\x01\x02\xff" * 10, "not a zyntro_nb bulk journal"),
}

# id: the journal's text, damaged at line 2
DAMAGED: dict[str, str] = {
    "damaged-middle-line": _header() + "\nnot json\n" + _line(key='"r1"', state="ok") + "\n",
    "unknown-state": _header() + "\n" + _line(key='"r1"', state="done") + "\n" + _line(key='"r2"', state="ok") + "\n",
    "key-not-text": _header() + "\n" + _line(key=1, state="ok") + "\n" + _line(key='"r2"', state="ok") + "\n",
    "record-a-list": _header() + "\n[1]\n" + _line(key='"r2"', state="ok") + "\n",
    "secret-in-damaged-line": _header() + f"\napi_key={CANARY_KEY}\n" + _line(key='"r2"', state="ok") + "\n",
}


@pytest.mark.parametrize("case", list(JOURNALS), ids=list(JOURNALS))
def test_a_journal_edited_by_hand_or_for_another_call_is_refused_and_left_as_it_was(case: str,
                                                                                     tmp_path: Path) -> None:
    content, culprit = JOURNALS[case]
    path = tmp_path / "add.journal"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = path.read_bytes()
    session, server = counting_session({"status": "success", "data": {"note_id": "n1"}})
    with pytest.raises(zn.ConfigurationError) as info:
        session.bulk("crm", "addNotestoContact", ROWS, key="ref", journal=path, progress=False)
    assert_clear(info.value, zn.ConfigurationError, culprit, sent=0, server=server)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["add.journal"]


@pytest.mark.parametrize("case", list(DAMAGED), ids=list(DAMAGED))
def test_a_damaged_journal_of_this_call_is_repaired_keeping_its_text_and_checks_before_any_write(
        case: str, tmp_path: Path) -> None:
    path = tmp_path / "add.journal"
    path.write_text(DAMAGED[case], encoding="utf-8")
    before = path.read_bytes()
    session, server = counting_session({"status": "success", "data": {"note_id": "n1"}})
    with pytest.warns(JournalRepairedWarning, match="line 2 is not a journal record") as caught:
        session.bulk("crm", "addNotestoContact", ROWS, key="ref", journal=path, progress=False)
    assert not leaks(" ".join(str(w.message) for w in caught))
    assert (tmp_path / "add.journal.damaged").read_bytes() == before  # what the user may want back
    assert all(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    paths = [request.url.path.rsplit("/", 1)[-1] for request in server.requests]
    if "addNotestoContact" in paths:  # only after the read that says it was not applied
        assert "fetchContact" in paths[:paths.index("addNotestoContact")]
