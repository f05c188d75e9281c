"""Bulk calls against the in-process sandbox: order, per-row errors, 429 storms, journals, interruptions."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

import zyntro_nb as zn
from zyntro_nb._session.session import SANDBOX_BASE_URL
from zyntro_nb.sandbox import Sandbox

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
NO_SLEEP = zn.RetryPolicy(sleep=lambda s: None, random=lambda: 0.5)
CANARY_KEY = "CANARY-BULKKEY-5a6b7c8d9e-MUST-STAY-HIDDEN"
CANARY_SECRET = "zdk_canary_bulk_5a6b7c8d9e_must_stay_hidden"


class Counting(httpx.BaseTransport):
    """The sandbox's transport, counting requests; ``on_request(n)`` runs before the n-th is answered."""

    def __init__(self, sandbox: Sandbox, on_request: Callable[[int], None] | None = None) -> None:
        self.inner = sandbox.transport()
        self.count = 0
        self.paths: list[str] = []
        self.on_request = on_request
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.count += 1
            self.paths.append(request.url.path.rsplit("/", 2)[-2] + "/" + request.url.path.rsplit("/", 1)[-1])
            number = self.count
        if self.on_request is not None:
            self.on_request(number)
        return self.inner.handle_request(request)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
def session(sandbox: Sandbox) -> zn.Session:
    return zn.connect(sandbox=sandbox, retry=NO_SLEEP)


def counted(sandbox: Sandbox, on_request: Callable[[int], None] | None = None,
            retry: zn.RetryPolicy = NO_SLEEP) -> tuple[zn.Session, Counting]:
    transport = Counting(sandbox, on_request)
    session = zn.Session(**sandbox.credentials, base_url=SANDBOX_BASE_URL, transport=transport, env={}, retry=retry)
    return session, transport


def new_contacts(session: zn.Session, n: int, prefix: str = "lead") -> list[str]:
    """Create ``n`` contacts owned by the session's member (so notes may be added) and return their ids."""
    rows = pd.DataFrame({"contact.email": [f"{prefix}{i}@bulk.example.com" for i in range(n)],
                         "contact.firstName": [f"Lead{i}" for i in range(n)]})
    done = session.bulk("crm", "addContactsFull", rows, progress=False)
    assert (done["_status"] == "ok").all(), done["_error"].tolist()
    return done["contact_id"].tolist()


def notes_with(session: zn.Session, contact_id: str, text: str) -> int:
    notes = session.crm.fetchContact(contact_id=contact_id, include_notes=1).loc[0, "notes"]
    return sum(n["note_content"] == text for n in notes)


# -- shape of the result -----------------------------------------------------------------------------------


def test_result_keeps_input_order_and_index_under_concurrency(session: zn.Session, sandbox: Sandbox) -> None:
    sandbox.faults.add("latency", "crm/fetchContact", seconds=0.002, rate=0.5)
    ids = [JANE, "missing-1", JANE, "missing-2"] * 5
    rows = pd.DataFrame({"contact_id": ids}, index=[f"r{i}" for i in range(len(ids))])
    df = session.bulk("crm", "fetchContact", rows, concurrency=8, progress=False)
    assert list(df.index) == list(rows.index)
    assert list(df["_status"]) == ["ok", "error", "ok", "error"] * 5
    assert list(df.columns[:6]) == ["_status", "_error", "_error_type", "_request_id", "_attempts", "_elapsed"]
    assert df.attrs["zyntro"]["counts"] == {"ok": 10, "error": 10, "skipped": 0, "unknown": 0}


def test_per_row_errors_are_collected_with_their_type(session: zn.Session) -> None:
    df = session.bulk("crm", "fetchContact", [{"contact_id": JANE}, {"contact_id": "nope"}], progress=False)
    assert df.loc[1, "_status"] == "error"
    assert df.loc[1, "_error_type"] == "NotFoundError" and "not found" in df.loc[1, "_error"].lower()
    assert df.loc[0, "_status"] == "ok" and df.loc[0, "_request_id"]


@pytest.mark.parametrize("make_rows", [
    lambda ids: [{"contact_id": i} for i in ids],
    lambda ids: ({"contact_id": i} for i in ids),
    lambda ids: pd.DataFrame({"contact_id": ids}),
], ids=["list-of-dicts", "generator", "dataframe"])
def test_rows_may_be_a_table_a_list_or_any_iterable_of_mappings(session: zn.Session, make_rows: Any) -> None:
    df = session.bulk("crm", "fetchContact", make_rows([JANE, JANE]), include_notes=1, progress=False)
    assert list(df["_status"]) == ["ok", "ok"]
    assert isinstance(df.loc[0, "notes"], list)  # the constant applied to every row


def test_dotted_columns_fill_an_object_parameter(session: zn.Session, sandbox: Sandbox) -> None:
    rows = pd.DataFrame({"contact.email": ["ada@bulk.example.com", "alan@bulk.example.com"],
                         "contact.firstName": ["Ada", None]})
    df = session.bulk("crm", "addContactsFull", rows, progress=False)
    assert list(df["_status"]) == ["ok", "ok"] and sandbox.writes["crm/addContactsFull"] == 2
    ada = session.crm.lookupContact(search_string="ada@bulk.example.com")
    assert ada.iloc[0].astype(str).str.contains("Ada").any()


def test_list_answers_stay_in_one_column(session: zn.Session) -> None:
    df = session.bulk("edge", "getEnrollments", [{"status": "active"}, {"status": "paused"}], progress=False)
    assert all(isinstance(v, list) for v in df["data"]) and "count" in df.columns


def test_namespaced_bulk_is_the_same_call(session: zn.Session) -> None:
    df = session.crm.fetchContact.bulk([{"contact_id": JANE}], progress=False)
    assert df.loc[0, "_status"] == "ok" and df.attrs["zyntro"]["endpoint"] == "crm/fetchContact"


# -- bad input: a clear error, nothing sent ----------------------------------------------------------------

BAD_INPUT = [
    ("text", dict(rows="contact_id"), "not str", None),
    ("one-mapping", dict(rows={"contact_id": JANE}), "not one mapping", None),
    ("number", dict(rows=5), "not int", None),
    ("non-mapping-items", dict(rows=[{"contact_id": JANE}, "x"]), "rows 1 are not mappings", None),
    ("unknown-column", dict(rows=[{"contact_id": JANE, "contact_idd": 1}]), "'contact_idd' names no parameter",
     "contact_id"),
    ("missing-required", dict(rows=pd.DataFrame({"contact_id": [JANE, None, JANE, None]}, index=list("abcd"))),
     "missing required parameter 'contact_id'", "'b', 'd'"),
    ("concurrency-zero", dict(rows=[{"contact_id": JANE}], concurrency=0), "concurrency must be", "1 to 64"),
    ("concurrency-huge", dict(rows=[{"contact_id": JANE}], concurrency=65), "concurrency must be", None),
    ("column-and-constant", dict(rows=[{"contact_id": JANE}], contact_id=JANE), "both as a column", None),
    ("bad-type", dict(rows=[{"contact_id": JANE, "include_notes": 7}]), "include_notes=7 is not one of", "rows 0"),
]


@pytest.mark.parametrize(("case", "kwargs", "message", "detail"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_is_refused_before_anything_is_sent(sandbox: Sandbox, case: str, kwargs: dict[str, Any],
                                                      message: str, detail: str | None) -> None:
    session, transport = counted(sandbox)
    with pytest.raises(zn.ZyntroError) as info:
        session.bulk("crm", "fetchContact", progress=False, **kwargs)
    assert message in str(info.value)
    if detail:
        assert detail in str(info.value)
    assert info.value.fix
    assert transport.count == 0


@pytest.mark.parametrize(("module", "action", "message"), [
    ("crm", "fetchContac", "did you mean fetchContact"),
    ("crmm", "fetchContact", "unknown module 'crmm'"),
], ids=["action-typo", "module-typo"])
def test_an_endpoint_typo_is_refused_instead_of_sent_per_row(sandbox: Sandbox, module: str, action: str,
                                                             message: str) -> None:
    session, transport = counted(sandbox)
    with pytest.raises(zn.ParameterError, match=message) as info:
        session.bulk(module, action, [{"contact_id": JANE}] * 3, progress=False)
    assert "zn.catalog.register" in info.value.fix and transport.count == 0


def test_no_rows_give_an_empty_result_with_the_status_columns(sandbox: Sandbox) -> None:
    session, transport = counted(sandbox)
    df = session.bulk("crm", "fetchContact", pd.DataFrame({"contact_id": []}), progress=True)
    assert len(df) == 0 and list(df.columns[:2]) == ["_status", "_error"] and transport.count == 0


def test_unwritable_journal_path_is_refused_before_sending(sandbox: Sandbox, tmp_path: Path) -> None:
    session, transport = counted(sandbox)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(zn.ConfigurationError, match="cannot use"):
        session.bulk("crm", "fetchContact", [{"contact_id": JANE}], journal=blocker / "j.journal", progress=False)
    with pytest.raises(zn.ConfigurationError, match="is a directory"):
        session.bulk("crm", "fetchContact", [{"contact_id": JANE}], journal=tmp_path, progress=False)
    assert transport.count == 0


def test_a_journal_for_another_endpoint_or_key_is_refused(sandbox: Sandbox, tmp_path: Path) -> None:
    session, transport = counted(sandbox)
    journal = tmp_path / "j.journal"
    session.bulk("crm", "fetchContact", [{"contact_id": JANE}], journal=journal, progress=False)
    sent = transport.count
    with pytest.raises(zn.ConfigurationError, match="written for crm/fetchContact, not crm/lookupContact"):
        session.bulk("crm", "lookupContact", [{"search_string": "Jane"}], journal=journal, progress=False)
    with pytest.raises(zn.ConfigurationError, match="keys rows by"):
        session.bulk("crm", "fetchContact", [{"contact_id": JANE}], journal=journal, key="contact_id",
                     progress=False)
    assert transport.count == sent


def test_rows_with_the_same_journal_key_are_refused(sandbox: Sandbox, tmp_path: Path) -> None:
    session, transport = counted(sandbox)
    with pytest.raises(zn.ParameterError, match="same journal key"):
        session.bulk("crm", "fetchContact", [{"contact_id": JANE}] * 2, journal=tmp_path / "j", progress=False)
    assert transport.count == 0


# -- 429 storms --------------------------------------------------------------------------------------------


def test_a_429_storm_slows_every_worker_and_the_bulk_finishes(sandbox: Sandbox) -> None:
    waits: list[float] = []
    session, transport = counted(sandbox, retry=zn.RetryPolicy(sleep=waits.append, random=lambda: 0.5))
    sandbox.faults.add("rate_limit", "crm/fetchContact", times=10, retry_after=2)
    df = session.bulk("crm", "fetchContact", [{"contact_id": JANE}] * 20, concurrency=8, progress=False)
    assert (df["_status"] == "ok").all()
    assert df["_attempts"].sum() == 20 + 10 == transport.count
    assert df.attrs["zyntro"]["throttled"] == 10
    assert waits and all(w <= 2.0 for w in waits) and max(waits) > 1.5  # Retry-After honoured, shared


def test_a_write_refused_with_429_is_not_resent_but_pauses_the_others(session: zn.Session, sandbox: Sandbox) -> None:
    ids = new_contacts(session, 3)
    sandbox.faults.add("rate_limit", "crm/addNotestoContact", times=1, retry_after=0)
    df = session.bulk("crm", "addNotestoContact", pd.DataFrame({"contact_id": ids}), note="hi", concurrency=1,
                      progress=False)
    assert list(df["_status"]) == ["error", "ok", "ok"]
    assert df.loc[0, "_error_type"] == "RateLimitError" and df.loc[0, "_attempts"] == 1
    assert sandbox.writes["crm/addNotestoContact"] == 2 and df.attrs["zyntro"]["throttled"] == 1


# -- journal: re-runs are safe ------------------------------------------------------------------------------


def test_rerun_skips_rows_done_and_restores_their_answers(session: zn.Session, sandbox: Sandbox,
                                                          tmp_path: Path) -> None:
    journal = tmp_path / "leads.journal"
    rows = pd.DataFrame({"contact.email": ["a@bulk.example.com", "b@bulk.example.com"]})
    first = session.bulk("crm", "addContactsFull", rows, journal=journal, key="contact.email", progress=False)
    again = session.bulk("crm", "addContactsFull", rows, journal=journal, key="contact.email", progress=False)
    assert list(again["_status"]) == ["skipped", "skipped"]
    assert list(again["contact_id"]) == list(first["contact_id"])
    assert list(again["_request_id"]) == list(first["_request_id"])
    assert sandbox.writes["crm/addContactsFull"] == 2
    assert again.attrs["zyntro"]["journal"] == str(journal)


def test_rows_with_a_definite_error_are_sent_again(session: zn.Session, sandbox: Sandbox, tmp_path: Path) -> None:
    ids = new_contacts(session, 2)
    journal = tmp_path / "notes.journal"
    sandbox.faults.add("rate_limit", "crm/addNotestoContact", times=1, retry_after=0)  # refused, not applied
    rows = pd.DataFrame({"contact_id": ids})
    first = session.bulk("crm", "addNotestoContact", rows, note="once", concurrency=1, journal=journal,
                         progress=False)
    assert sorted(first["_status"]) == ["error", "ok"]
    again = session.bulk("crm", "addNotestoContact", rows, note="once", journal=journal, progress=False)
    assert sorted(again["_status"]) == ["ok", "skipped"]
    assert all(notes_with(session, i, "once") == 1 for i in ids)


def test_a_lost_answer_is_never_resent_blindly(session: zn.Session, sandbox: Sandbox, tmp_path: Path) -> None:
    """No read in the API can check the write (a contact's comms history): the row stays unknown, saying why."""
    ids = new_contacts(session, 3)
    journal = tmp_path / "comms.journal"
    sandbox.faults.add("drop", "crm/addCommsHistory", times=1, after_apply=True)
    rows = pd.DataFrame({"contact_id": ids})
    first = session.bulk("crm", "addCommsHistory", rows, comms_type="call", comms_data="x", journal=journal,
                         concurrency=1, progress=False)
    assert list(first["_status"]) == ["unknown", "ok", "ok"]
    again = session.bulk("crm", "addCommsHistory", rows, comms_type="call", comms_data="x", journal=journal,
                         progress=False)
    assert list(again["_status"]) == ["unknown", "skipped", "skipped"]
    assert "resend_unknown=True" in again.loc[0, "_error"]
    assert "cannot be checked through the API" in again.loc[0, "_error"]
    assert f"timeline of contact '{ids[0]}' in the Zyntro app" in again.loc[0, "_error"]
    assert sandbox.writes["crm/addCommsHistory"] == 3
    forced = session.bulk("crm", "addCommsHistory", rows, comms_type="call", comms_data="x", journal=journal,
                          resend_unknown=True, progress=False)
    assert list(forced["_status"]) == ["ok", "skipped", "skipped"]


@pytest.mark.parametrize("after_apply", [True, False], ids=["applied-then-lost", "lost-before-applying"])
def test_a_lost_note_is_checked_on_rerun_and_applied_exactly_once(session: zn.Session, sandbox: Sandbox,
                                                                  tmp_path: Path, after_apply: bool) -> None:
    ids = new_contacts(session, 6)
    journal = tmp_path / "notes.journal"
    sandbox.faults.add("drop", "crm/addNotestoContact", times=2, after_apply=after_apply)
    rows = pd.DataFrame({"contact_id": ids}, index=[f"lead{i}" for i in range(6)])
    first = session.bulk("crm", "addNotestoContact", rows, note="Attended", journal=journal, concurrency=3,
                         progress=False)
    assert (first["_status"] == "unknown").sum() == 2 and (first["_status"] == "ok").sum() == 4
    lost = first.index[first["_status"] == "unknown"]
    assert all("checks crm/fetchContact" in first.loc[label, "_error"] for label in lost)
    applied = sandbox.writes["crm/addNotestoContact"]
    assert applied == (6 if after_apply else 4)

    again = session.bulk("crm", "addNotestoContact", rows, note="Attended", journal=journal, progress=False)
    assert sandbox.writes["crm/addNotestoContact"] == 6  # each note applied exactly once
    assert all(notes_with(session, i, "Attended") == 1 for i in ids)
    if after_apply:
        assert set(again["_status"]) == {"skipped"}  # found by the check: not sent again
        assert again.loc[lost, "note_id"].notna().all()
    else:
        assert list(again.loc[lost, "_status"]) == ["ok", "ok"]  # not found: sent


@pytest.mark.parametrize("after_apply", [True, False], ids=["applied-then-lost", "lost-before-applying"])
def test_an_older_equal_note_is_not_taken_for_the_lost_one(session: zn.Session, sandbox: Sandbox, tmp_path: Path,
                                                           after_apply: bool) -> None:
    """Each contact already has a note "Attended" added by hand; the bulk's own note is told apart from it."""
    ids = new_contacts(session, 3, prefix="again")
    for contact in ids:
        session.call("crm", "addNotestoContact", contact_id=contact, note="Attended")
    journal = tmp_path / "notes.journal"
    sandbox.faults.add("drop", "crm/addNotestoContact", times=3, after_apply=after_apply)
    rows = pd.DataFrame({"contact_id": ids})
    first = session.bulk("crm", "addNotestoContact", rows, note="Attended", journal=journal, progress=False)
    assert set(first["_status"]) == {"unknown"}
    sending = [json.loads(line) for line in journal.read_text().splitlines()[1:]]
    assert all(len(e["before"]) == 1 for e in sending if e["state"] == "sending")  # the older note, by id
    again = session.bulk("crm", "addNotestoContact", rows, note="Attended", journal=journal, progress=False)
    assert all(notes_with(session, i, "Attended") == 2 for i in ids)  # the older one and exactly one new
    assert list(again["_status"]) == (["skipped"] * 3 if after_apply else ["ok"] * 3)
    older = {e["before"][0] for e in sending if e["state"] == "sending"}
    assert not older & set(again["note_id"])  # the older notes were never taken for the bulk's own


def test_without_a_record_of_the_notes_before_an_equal_note_leaves_the_row_unknown(
        session: zn.Session, sandbox: Sandbox, tmp_path: Path) -> None:
    """The read before sending failed, so nothing says whether the equal note is older: not resent on a guess."""
    (contact,) = new_contacts(session, 1, prefix="blind")
    session.call("crm", "addNotestoContact", contact_id=contact, note="Attended")
    journal = tmp_path / "notes.journal"
    sandbox.faults.add("server_error", "crm/fetchContact", status=503)
    sandbox.faults.add("drop", "crm/addNotestoContact", times=1, after_apply=False)
    rows = pd.DataFrame({"contact_id": [contact]})
    first = session.bulk("crm", "addNotestoContact", rows, note="Attended", journal=journal, progress=False)
    assert list(first["_status"]) == ["unknown"]
    sandbox.faults.clear()
    again = session.bulk("crm", "addNotestoContact", rows, note="Attended", journal=journal, progress=False)
    assert list(again["_status"]) == ["unknown"] and sandbox.writes["crm/addNotestoContact"] == 1
    assert "no record of what was there before" in again.loc[0, "_error"]
    assert "resend_unknown=True" in again.loc[0, "_error"]
    forced = session.bulk("crm", "addNotestoContact", rows, note="Attended", journal=journal, resend_unknown=True,
                          progress=False)
    assert list(forced["_status"]) == ["ok"] and notes_with(session, contact, "Attended") == 2


def test_the_read_before_each_note_costs_one_request_and_only_with_a_journal(sandbox: Sandbox,
                                                                            tmp_path: Path) -> None:
    session, transport = counted(sandbox)
    ids = new_contacts(session, 3, prefix="cost")
    rows = pd.DataFrame({"contact_id": ids})
    transport.paths.clear()
    session.bulk("crm", "addNotestoContact", rows, note="a", progress=False)
    assert sorted(transport.paths) == ["crm/addNotestoContact"] * 3
    transport.paths.clear()
    session.bulk("crm", "addNotestoContact", rows, note="b", journal=tmp_path / "j", progress=False)
    assert sorted(transport.paths) == ["crm/addNotestoContact"] * 3 + ["crm/fetchContact"] * 3


def test_each_note_is_on_disk_as_sending_with_its_baseline_before_it_goes_out(sandbox: Sandbox,
                                                                             tmp_path: Path) -> None:
    journal = tmp_path / "notes.journal"
    seen: list[dict[str, Any]] = []

    def at_request(number: int) -> None:  # the journal's last line as each note reaches the server
        if transport.paths[number - 1] == "crm/addNotestoContact":
            seen.append(json.loads(journal.read_text().splitlines()[-1]))

    session, transport = counted(sandbox, on_request=at_request)
    ids = new_contacts(session, 2, prefix="disk")
    session.bulk("crm", "addNotestoContact", pd.DataFrame({"contact_id": ids}), note="x", journal=journal,
                 concurrency=1, progress=False)
    assert [(e["state"], e["before"]) for e in seen] == [("sending", []), ("sending", [])]
    assert "api_key" not in journal.read_text() and sandbox.credentials["api_key"] not in journal.read_text()


def test_a_lost_write_no_read_can_check_stays_unknown_with_the_reason(session: zn.Session, sandbox: Sandbox,
                                                                      tmp_path: Path) -> None:
    """buildCustomerProfileSetup: no read finds a billing customer by contact, so the row is not resent."""
    ids = new_contacts(session, 2, prefix="setup")
    journal = tmp_path / "setup.journal"
    sandbox.faults.add("drop", "edge/buildCustomerProfileSetup", times=1, after_apply=True)
    rows = pd.DataFrame({"contact_id": ids})
    first = session.bulk("edge", "buildCustomerProfileSetup", rows, journal=journal, concurrency=1, progress=False)
    assert list(first["_status"]) == ["unknown", "ok"]
    assert "cannot be checked through the API" in first.loc[0, "_error"]
    again = session.bulk("edge", "buildCustomerProfileSetup", rows, journal=journal, progress=False)
    assert list(again["_status"]) == ["unknown", "skipped"]
    assert sandbox.writes["edge/buildCustomerProfileSetup"] == 2
    reason = again.loc[0, "_error"]
    assert "no read in the API finds a billing customer by contact" in reason
    assert f"pending billing customer of contact '{ids[0]}'" in reason and "resend_unknown=True" in reason
    forced = session.bulk("edge", "buildCustomerProfileSetup", rows, journal=journal, resend_unknown=True,
                          progress=False)
    assert list(forced["_status"]) == ["ok", "skipped"]


def test_a_lost_contact_import_is_found_by_email_on_rerun(session: zn.Session, sandbox: Sandbox,
                                                          tmp_path: Path) -> None:
    journal = tmp_path / "import.journal"
    rows = pd.DataFrame({"contact.email": ["grace@bulk.example.com", "Alan@Bulk.example.com "],
                         "contact.firstName": ["Grace", "Alan"]})
    sandbox.faults.add("truncated", "crm/addContactsFull", times=2)
    first = session.bulk("crm", "addContactsFull", rows, journal=journal, progress=False)
    assert list(first["_status"]) == ["unknown", "unknown"]
    again = session.bulk("crm", "addContactsFull", rows, journal=journal, progress=False)
    assert list(again["_status"]) == ["skipped", "skipped"]
    assert again["contact_id"].notna().all() and sandbox.writes["crm/addContactsFull"] == 2


def test_an_idempotent_write_with_an_unknown_outcome_is_simply_sent_again(session: zn.Session, sandbox: Sandbox,
                                                                            tmp_path: Path) -> None:
    ids = new_contacts(session, 2)
    journal = tmp_path / "customers.journal"
    sandbox.faults.add("drop", "edge/createCustomer", times=1, after_apply=True)
    rows = pd.DataFrame({"contact_id": ids})
    first = session.bulk("edge", "createCustomer", rows, journal=journal, concurrency=1, progress=False,
                         max_retries=0)
    assert list(first["_status"]) == ["unknown", "ok"]
    again = session.bulk("edge", "createCustomer", rows, journal=journal, progress=False)
    assert list(again["_status"]) == ["ok", "skipped"] and bool(again.loc[0, "existing"]) is True
    assert sandbox.writes["edge/createCustomer"] == 2


def test_journal_holds_no_secret(sandbox: Sandbox, tmp_path: Path) -> None:
    ids = sandbox.add_account(CANARY_KEY, CANARY_SECRET)
    session = zn.connect(sandbox=sandbox, retry=NO_SLEEP, **ids)
    journal = tmp_path / "ids.journal"
    sandbox.faults.add("drop", "developers/fetchIdentifiers", times=1)
    df = session.bulk("developers", "fetchIdentifiers", [{"n": 1}, {"n": 2}, {"n": 3}], key="n", journal=journal,
                      concurrency=1, max_retries=0, progress=False)
    assert list(df["_status"]) == ["error", "ok", "ok"]
    assert str(df.loc[1, "api_key"]).startswith("CANA")  # the answer carried the key...
    text = journal.read_text()
    for secret in (CANARY_KEY, CANARY_SECRET):
        assert not any(secret[i:i + 8] in text for i in range(len(secret) - 7)), secret  # ...the journal does not
    assert "[redacted]" in text


# -- stopping --------------------------------------------------------------------------------------------------


def test_stop_on_error_raises_the_first_error_with_the_partial_result(session: zn.Session) -> None:
    rows = [{"contact_id": JANE}, {"contact_id": "nope"}, {"contact_id": JANE}, {"contact_id": JANE}]
    with pytest.raises(zn.NotFoundError) as info:
        session.bulk("crm", "fetchContact", rows, concurrency=1, stop_on_error=True, progress=False)
    partial = info.value.partial
    assert list(partial["_status"]) == ["ok", "error", "not_sent", "not_sent"]
    assert info.value.row == 1


def _bulk_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("zyntro-bulk-")]


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_ctrl_c_stops_waits_for_calls_in_flight_and_a_rerun_applies_every_row_once(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    setup = zn.connect(sandbox=sandbox, retry=NO_SLEEP)
    ids = new_contacts(setup, 12)
    base = sandbox.writes_total

    taken = threading.Event()  # set when the main thread has taken the Ctrl-C (however busy the machine is)
    python_handler = signal.getsignal(signal.SIGINT)

    def take_interrupt(signum: int, frame: Any) -> None:
        taken.set()
        assert callable(python_handler)
        python_handler(signum, frame)

    def interrupt(n: int) -> None:
        if n == 5:  # Ctrl-C: SIGINT to the main thread, as a terminal or Jupyter's "interrupt" sends it
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        elif n > 5:  # the calls already in flight finish only once the Ctrl-C is taken: some rows stay unsent
            taken.wait(10)

    sandbox.faults.add("latency", "crm/addNotestoContact", seconds=0.02)
    session, _ = counted(sandbox, on_request=interrupt)
    journal = tmp_path / "notes.journal"
    rows = pd.DataFrame({"contact_id": ids})
    signal.signal(signal.SIGINT, take_interrupt)
    try:
        with pytest.raises(KeyboardInterrupt) as info:
            session.bulk("crm", "addNotestoContact", rows, note="webinar", concurrency=3, journal=journal,
                         progress=False)
    finally:
        signal.signal(signal.SIGINT, python_handler)
    partial = info.value.partial
    assert _bulk_threads() == []
    assert set(partial["_status"]) <= {"ok", "not_sent"} and "not_sent" in set(partial["_status"])
    assert (partial["_status"] == "ok").sum() == sandbox.writes_total - base
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert lines[0]["endpoint"] == "crm/addNotestoContact"

    again = setup.bulk("crm", "addNotestoContact", rows, note="webinar", journal=journal, progress=False)
    assert set(again["_status"]) == {"ok", "skipped"}
    assert sandbox.writes["crm/addNotestoContact"] == 12
    assert all(notes_with(setup, i, "webinar") == 1 for i in ids)


# -- paging ------------------------------------------------------------------------------------------------------


def test_iter_pages_fetches_lazily_one_frame_per_page(sandbox: Sandbox) -> None:
    session, transport = counted(sandbox)
    pages = session.iter_pages("edge", "getEnrollments", limit=50)
    assert transport.count == 0
    first = next(pages)
    assert transport.count == 1 and len(first) == 50 and first.attrs["zyntro"]["page"] == 1
    rest = list(pages)
    total = first.attrs["zyntro"]["extra"]["count"]
    assert len(first) + sum(len(p) for p in rest) == total
    assert [p.attrs["zyntro"]["offset"] for p in rest] == [50 * (i + 1) for i in range(len(rest))]


@pytest.mark.parametrize("parse", [None, False], ids=["typed-by-default", "parse-false"])
def test_each_page_is_typed_as_the_whole_call_is(session: zn.Session, parse: bool | None) -> None:
    whole = session.call("edge", "getEnrollments", all_pages=True, parse=parse)
    pages = pd.concat(list(session.iter_pages("edge", "getEnrollments", limit=50, parse=parse)), ignore_index=True)
    assert dict(pages.dtypes.astype(str)) == dict(whole.dtypes.astype(str))
    times = [c for c in whole.columns if c.endswith(("_at", "_dt", "_date"))]
    assert times and all(str(whole[c].dtype).startswith("datetime64") is (parse is None) for c in times)


def test_namespaced_pages_and_non_paging_endpoints(session: zn.Session) -> None:
    sizes = [len(p) for p in session.edge.getEnrollments.pages(status="active", limit=20)]
    assert sum(sizes) == len(session.edge.getEnrollments(status="active", all_pages=True))
    assert not hasattr(session.crm.fetchContact, "pages")
    with pytest.raises(zn.ParameterError, match="does not page"):
        session.iter_pages("crm", "fetchContact", contact_id=JANE)


# -- progress ----------------------------------------------------------------------------------------------------


def test_progress_is_a_text_bar_in_a_terminal(session: zn.Session, capsys: pytest.CaptureFixture[str]) -> None:
    session.bulk("crm", "fetchContact", [{"contact_id": JANE}, {"contact_id": "nope"}, {"contact_id": JANE}])
    err = capsys.readouterr().err
    assert "crm/fetchContact" in err and "3/3" in err and "errors=1" in err


@pytest.mark.parametrize(("rows", "progress"), [(3, False), (1, None)], ids=["turned-off", "single-row"])
def test_no_progress_when_off_or_for_one_row(session: zn.Session, capsys: pytest.CaptureFixture[str],
                                             rows: int, progress: bool | None) -> None:
    session.bulk("crm", "fetchContact", [{"contact_id": JANE}] * rows, key=None, progress=progress)
    assert capsys.readouterr().err == ""


def test_progress_is_a_widget_in_a_notebook(tmp_path: Path) -> None:
    """Run in a real Jupyter kernel: the bar is an ipywidgets progress bar that ends full, nothing on stderr."""
    import nbformat
    from nbclient import NotebookClient

    from tests.notebook_support import rebuild_module

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import zyntro_nb as zn\n"
        "s = zn.connect(sandbox=True)\n"
        f"df = s.bulk('crm', 'fetchContact', [{{'contact_id': '{JANE}'}}, {{'contact_id': 'nope'}}] * 2)\n"
        "print(df['_status'].tolist())"
    )])
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                            store_widget_state=True)
    client.execute(env=rebuild_module().sandbox_env())
    outputs = nb.cells[0].outputs
    assert not [o for o in outputs if o.get("name") == "stderr" or o.output_type == "error"]
    widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets and "crm/fetchContact" in widgets[0]["data"]["text/plain"]
    states = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    bars = [m["state"] for m in states.values() if m["model_name"] == "FloatProgressModel"]
    assert bars and bars[0]["value"] == bars[0]["max"] == 4
    labels = " ".join(str(m["state"].get("value", "")) for m in states.values() if m["model_name"] == "HTMLModel")
    assert "errors=2" in labels
    assert "['ok', 'error', 'ok', 'error']" in "".join(o.get("text", "") for o in outputs)
