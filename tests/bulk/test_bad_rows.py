"""Bad bulk input: rows, flags, keys, journals and constants — refused before anything is sent or written.

Every refusal is a typed error naming the culprit with a fix, shows no secret beyond 4 characters;
the counting transport saw no request and no journal file was created. Constants that share an
object with dotted row columns are merged, the row's own value winning: a row's data is never dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session
from tests.conftest import CANARY_KEY, CANARY_SECRET

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OTHER = "b2c3d4e5-f6a7-8901-bcde-f12345678901"
OK = {"status": "success", "data": {"contact_id": CONTACT}}
NOTE_ROWS = [{"contact_id": CONTACT, "note": "first"}, {"contact_id": OTHER, "note": "second"}]


def _gen() -> Iterator[Any]:
    yield {"contact_id": CONTACT}
    yield "not a mapping"


Bulk = Callable[[zn.Session, Path], Any]

# id: (the bulk call, given the session and a journal path; culprit the message must name)
BAD_BULK: dict[str, tuple[Bulk, str]] = {
    # rows that are not a table of calls
    "rows-none": (lambda s, j: s.bulk("crm", "fetchContact", None), "rows"),
    "rows-text": (lambda s, j: s.bulk("crm", "fetchContact", "contact_id"), "rows"),
    "rows-bytes": (lambda s, j: s.bulk("crm", "fetchContact", b"x"), "rows"),
    "rows-one-dict": (lambda s, j: s.bulk("crm", "fetchContact", {"contact_id": CONTACT}), "one mapping"),
    "rows-int": (lambda s, j: s.bulk("crm", "fetchContact", 5), "int"),
    "rows-series": (lambda s, j: s.bulk("crm", "fetchContact", pd.Series([CONTACT])), "Series"),
    "rows-list-of-text": (lambda s, j: s.bulk("crm", "fetchContact", [CONTACT]), "not mappings"),
    "rows-list-of-lists": (lambda s, j: s.bulk("crm", "fetchContact", [[CONTACT]]), "not mappings"),
    "rows-list-with-none": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}, None]),
                            "not mappings"),
    "rows-generator-with-text": (lambda s, j: s.bulk("crm", "fetchContact", _gen()), "not mappings"),
    # columns
    "column-unknown": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_idd": CONTACT}]), "contact_idd"),
    "column-unknown-frame": (lambda s, j: s.bulk("crm", "fetchContact", pd.DataFrame({"id": [CONTACT]})), "'id'"),
    "column-number-name": (lambda s, j: s.bulk("crm", "fetchContact", pd.DataFrame({0: [CONTACT]})),
                           "column names must be text"),
    "column-twice": (lambda s, j: s.bulk("crm", "fetchContact",
                                         pd.DataFrame([[CONTACT, CONTACT]], columns=["contact_id", "contact_id"])),
                     "twice"),
    "column-also-constant": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}],
                                                 contact_id=CONTACT), "both as a column and as a constant"),
    "dotted-under-text-constant": (lambda s, j: s.bulk("crm", "addContactsFull",
                                                       [{"contact.email": "ada@example.com"}], contact="x"),
                                   "contact.email"),
    "dotted-under-list-constant": (lambda s, j: s.bulk("crm", "addContactsFull",
                                                       [{"contact.email": "ada@example.com"}], contact=["x"]),
                                   "not an object"),
    "dotted-under-non-object": (lambda s, j: s.bulk("crm", "addNotestoContact",
                                                    [{"note.text": "x", "contact_id": CONTACT}]), "note.text"),
    "secret-column": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT, "apikey": CANARY_KEY}]),
                      "apikey"),
    # values each row is checked for (like a single call)
    "value-int-for-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": 5}]), "contact_id"),
    "value-float-for-text": (lambda s, j: s.bulk("crm", "fetchContact", pd.DataFrame({"contact_id": [1.5]})),
                             "contact_id"),
    "value-bool-for-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": True}]), "contact_id"),
    "value-bad-enum": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT, "include_notes": 7}]),
                       "include_notes"),
    "value-inf": (lambda s, j: s.bulk("edge", "fire", [{"billing_customer_id": "bc", "billable_item_id": "bi",
                                                         "override_amount": math.inf}]), "override_amount"),
    "value-required-all-nan": (lambda s, j: s.bulk("crm", "fetchContact", pd.DataFrame({"contact_id": [np.nan]})),
                               "contact_id"),
    "value-required-pd-na": (lambda s, j: s.bulk("crm", "fetchContact",
                                                 pd.DataFrame({"contact_id": pd.array([pd.NA], dtype="string")})),
                             "contact_id"),
    "value-required-none": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": None}]), "contact_id"),
    "value-list-for-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": [CONTACT]}]), "contact_id"),
    "value-object-in-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": object()}]), "contact_id"),
    "value-bad-in-row-100000": (lambda s, j: s.bulk("crm", "fetchContact",
                                                    [{"contact_id": CONTACT}] * 99_999 + [{"contact_id": 5}]),
                                "99999"),
    # endpoint names
    "endpoint-typo": (lambda s, j: s.bulk("crm", "fetchContactt", [{"contact_id": CONTACT}]), "fetchContact"),
    "module-typo": (lambda s, j: s.bulk("crn", "fetchContact", [{"contact_id": CONTACT}]), "crn"),
    # key=
    "key-int": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], key=5, journal=j), "key="),
    "key-empty-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], key="", journal=j),
                       "key="),
    "key-empty-list": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], key=[], journal=j),
                       "key="),
    "key-list-with-int": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], key=["a", 1],
                                              journal=j), "key="),
    "key-dict": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], key={"a": 1}, journal=j),
                 "key="),
    "key-set": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], key={"contact_id"},
                                    journal=j), "key="),
    "key-credential": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], key="api_key",
                                           journal=j), "credential"),
    "key-missing-value": (lambda s, j: s.bulk("crm", "addNotestoContact",
                                              [{**NOTE_ROWS[0], "ref": "r1"}, {**NOTE_ROWS[1], "ref": None}],
                                              key="ref", journal=j), "no value in the key column"),
    "key-duplicate-values": (lambda s, j: s.bulk("crm", "addNotestoContact",
                                                 [{"contact_id": CONTACT, "note": "a"}, {"contact_id": CONTACT,
                                                                                         "note": "b"}],
                                                 key="contact_id", journal=j), "same journal key"),
    "duplicate-rows-hashed": (lambda s, j: s.bulk("crm", "addNotestoContact", [NOTE_ROWS[0], NOTE_ROWS[0]],
                                                  journal=j), "same journal key"),
    "duplicate-rows-frame": (lambda s, j: s.bulk("crm", "addNotestoContact", pd.DataFrame([NOTE_ROWS[0]] * 3),
                                                 journal=j), "same journal key"),
    # journal=
    "journal-true": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], journal=True), "journal="),
    "journal-false": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], journal=False),
                      "journal="),
    "journal-int": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], journal=1), "journal="),
    "journal-empty-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], journal=""),
                           "journal="),
    "journal-blank-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], journal="  "),
                           "journal="),
    "journal-list": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], journal=[str(j)]),
                     "journal="),
    "journal-a-directory": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}],
                                                journal=j.parent.parent), "directory"),
    # numbers
    "concurrency-zero": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], concurrency=0),
                         "concurrency"),
    "concurrency-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], concurrency="8"),
                         "concurrency"),
    "concurrency-bool": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], concurrency=True),
                         "concurrency"),
    "concurrency-huge": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], concurrency=10_000),
                         "concurrency"),
    "timeout-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], timeout="30s"),
                     "timeout"),
    "timeout-negative": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], timeout=-1),
                         "timeout"),
    "max-retries-text": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], max_retries="3"),
                         "max_retries"),
    "deadline-nan": (lambda s, j: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], deadline=math.nan),
                     "deadline"),
}


@pytest.mark.parametrize("case", list(BAD_BULK), ids=list(BAD_BULK))
def test_bad_bulk_input_is_refused_before_anything_is_sent_or_written(case: str, tmp_path: Path) -> None:
    call, culprit = BAD_BULK[case]
    session, server = counting_session(OK)
    journal = tmp_path / "imports" / "run.journal"
    with pytest.raises(zn.ZyntroError) as info:
        call(session, journal)
    assert_clear(info.value, zn.ZyntroError, culprit, sent=0, server=server)
    assert info.value.sent is False
    assert not journal.exists()


FLAG_VALUES: dict[str, Any] = {
    "text-no": "no", "text-false": "False", "text-yes": "yes", "text-empty": "", "int-zero": 0, "int-one": 1,
    "float-nan": math.nan, "list": [], "pd-na": pd.NA,
}


@pytest.mark.parametrize("flag", ["resend_unknown", "stop_on_error", "progress"])
@pytest.mark.parametrize("value", list(FLAG_VALUES.values()), ids=list(FLAG_VALUES))
def test_a_bulk_flag_takes_a_bool_and_anything_else_is_refused(flag: str, value: Any, tmp_path: Path) -> None:
    session, server = counting_session(OK)
    journal = tmp_path / "add.journal"
    with pytest.raises(zn.ParameterError) as info:
        session.bulk("crm", "addNotestoContact", NOTE_ROWS, journal=journal, **{flag: value})
    assert_clear(info.value, zn.ParameterError, flag, sent=0, server=server)
    assert f"{flag}=True" in info.value.fix
    assert not journal.exists()


def test_numpy_bools_from_a_frame_are_flags_too() -> None:
    session, server = counting_session(OK)
    df = session.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], progress=np.bool_(False),
                      stop_on_error=np.bool_(True))
    assert list(df["_status"]) == ["ok"] and len(server.requests) == 1


@pytest.mark.parametrize(("constant", "expected"), [
    ({"tags": ["vip"]}, {"email": "ada@example.com", "firstName": "Ada", "tags": ["vip"]}),
    ({"email": "constant@example.com", "tags": ["vip"]}, {"email": "ada@example.com", "firstName": "Ada",
                                                          "tags": ["vip"]}),
    ({"address": {"city": "Porto"}}, {"email": "ada@example.com", "firstName": "Ada",
                                      "address": {"city": "Porto"}}),
], ids=["disjoint-keys", "same-key-row-wins", "nested-object"])
def test_a_constant_object_is_merged_into_dotted_row_columns_and_the_row_wins(constant: dict[str, Any],
                                                                              expected: dict[str, Any]) -> None:
    session, server = counting_session({"status": "success", "data": {"contact_id": CONTACT}})
    rows = pd.DataFrame({"contact.email": ["ada@example.com"], "contact.firstName": ["Ada"]})
    session.bulk("crm", "addContactsFull", rows, contact=constant, progress=False)
    assert server.bodies[0]["contact"] == expected


def test_a_constant_object_merges_row_by_row_when_some_rows_lack_a_value() -> None:
    session, server = counting_session({"status": "success", "data": {"contact_id": CONTACT}})
    rows = pd.DataFrame({"contact.email": ["ada@example.com", "bob@example.com"],
                         "contact.firstName": ["Ada", np.nan]})
    session.bulk("crm", "addContactsFull", rows, contact={"firstName": "Friend"}, progress=False)
    assert [b["contact"]["firstName"] for b in server.bodies] == ["Ada", "Friend"]
    assert [b["contact"]["email"] for b in server.bodies] == ["ada@example.com", "bob@example.com"]


@pytest.mark.parametrize("rows", [
    pd.DataFrame(), pd.DataFrame(columns=["contact_id"]), [], (), iter([]),
], ids=["empty-frame", "frame-no-rows", "empty-list", "empty-tuple", "empty-iterator"])
def test_an_empty_table_sends_nothing_and_returns_an_empty_result(rows: Any) -> None:
    session, server = counting_session(OK)
    df = session.bulk("crm", "fetchContact", rows, progress=False)
    assert len(df) == 0 and "_status" in df.columns and len(server.requests) == 0


def test_a_generator_of_rows_is_read_once_and_every_row_sent() -> None:
    session, server = counting_session(OK)
    df = session.bulk("crm", "fetchContact", ({"contact_id": c} for c in (CONTACT, OTHER)), progress=False)
    assert list(df["_status"]) == ["ok", "ok"] and len(server.requests) == 2


def test_missing_values_of_every_kind_are_left_out_of_the_request() -> None:
    session, server = counting_session(OK)
    rows = pd.DataFrame({"contact_id": [CONTACT] * 3,
                         "include_notes": pd.array([pd.NA, 1, pd.NA], dtype="Int64")})
    session.bulk("crm", "fetchContact", rows, progress=False)
    assert ["include_notes" in b for b in server.bodies] == [False, True, False]


def test_a_refusal_naming_a_secret_column_never_shows_the_secret() -> None:
    session, server = counting_session(OK)
    with pytest.raises(zn.ParameterError) as info:
        session.bulk("crm", "fetchContact", [{"contact_id": CONTACT, "secret": CANARY_SECRET}])
    assert_clear(info.value, zn.ParameterError, "secret", sent=0, server=server)
