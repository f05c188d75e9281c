"""Every verify mark against the sandbox: a write whose answer was lost is found applied exactly when it was.

Each case arms the sandbox's ``drop`` fault (the connection is cut without an answer, after
or before the write is applied), sends the write once, then asks the catalog's check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import zyntro_nb as zn
from zyntro_nb._bulk.verify import Check, verifier_for
from zyntro_nb._outcome import settle
from zyntro_nb.sandbox import Sandbox

NO_SLEEP = zn.RetryPolicy(sleep=lambda s: None, random=lambda: 0.5)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
def session(sandbox: Sandbox) -> zn.Session:
    return zn.connect(sandbox=sandbox, retry=NO_SLEEP)


def new_contact(s: zn.Session, email: str, first: str = "Vera") -> str:
    """A contact owned by the session's member (notes and profiles need the owner)."""
    df = s.call("crm", "addContactsFull", contact={"email": email, "firstName": first, "lastName": "Fy"},
                mode="insert")
    return str(df.loc[0, "contact_id"])


def active_customer(s: zn.Session, email: str) -> tuple[str, str]:
    contact = new_contact(s, email)
    created = s.call("edge", "createCustomer", contact_id=contact, gateway="stripe", allow_trigger=1,
                     payment_data={"pm_id": "pm_verify_1"})
    return contact, str(created.loc[0, "bc_id"])


def trigger_item(s: zn.Session) -> str:
    return str(s.call("edge", "getItems").loc[0, "bi_id"])


# Each case: the write's parameters, after any setup (which may add an item equal to the write's).
Case = Callable[[zn.Session], dict[str, Any]]


def _contacts_full_insert(s: zn.Session) -> dict[str, Any]:
    return {"contact": {"email": "vera.insert@verify.example.com", "firstName": "Vera"}, "mode": "upsert"}


def _contacts_full_update(s: zn.Session) -> dict[str, Any]:
    new_contact(s, "vera.update@verify.example.com", first="Old")
    return {"contact": {"email": "vera.update@verify.example.com", "firstName": "New"}, "mode": "update"}


def _update_fields(s: zn.Session) -> dict[str, Any]:
    return {"contact_id": new_contact(s, "vera.fields@verify.example.com"), "fields": {"firstName": "Renamed"}}


def _profile(module: str) -> Case:
    def case(s: zn.Session) -> dict[str, Any]:
        contact = new_contact(s, f"vera.profile.{module}@verify.example.com")
        params = {"contact_id": contact, "profile_source": "Clearbit", "profile_payload": {"title": "VP"}}
        s.call(module, "addProfileToContact", **params)  # an equal profile is there already
        return params
    return case


def _note(module: str) -> Case:
    def case(s: zn.Session) -> dict[str, Any]:
        contact = new_contact(s, f"vera.note.{module}@verify.example.com")
        params = {"contact_id": contact, "note": "Called back"}
        s.call(module, "addNotestoContact", **params)  # an equal note, added by hand earlier
        return params
    return case


def _note_update(s: zn.Session) -> dict[str, Any]:
    contact = new_contact(s, "vera.note.update@verify.example.com")
    note = s.call("crm", "addNotestoContact", contact_id=contact, note="Draft")
    return {"contact_id": contact, "note_id": str(note.loc[0, "note_id"]), "note": "Final"}


def _create_webhook(s: zn.Session) -> dict[str, Any]:
    params = {"wh_name": "Verify hook", "wh_endpoint": "https://example.com/verify-hook", "wh_events": ["new_contact"]}
    s.call("account", "createWebhook", **params)  # an equal webhook is there already
    return params


def _update_webhook(s: zn.Session) -> dict[str, Any]:
    created = s.call("account", "createWebhook", wh_name="Before", wh_endpoint="https://example.com/before",
                     wh_events=["new_contact"])
    return {"wh_id": str(created.loc[0, "wh_id"]), "wh_name": "After", "wh_timeout": 45}


def _confirm(s: zn.Session) -> dict[str, Any]:
    contact = new_contact(s, "vera.confirm@verify.example.com")
    setup = s.call("edge", "setupPaymentMethod", contact_id=contact, gateway="stripe")
    return {"bc_id": str(setup.loc[0, "billing_customer_id"]), "payment_method_id": "pm_verify_confirm"}


def _enroll(s: zn.Session) -> dict[str, Any]:
    contact, bc_id = active_customer(s, "vera.enroll@verify.example.com")
    return {"billing_customer_id": bc_id, "billable_item_id": trigger_item(s), "contact_id": contact}


def _legacy_contact(s: zn.Session) -> dict[str, Any]:
    return {"email": "vera.legacy@verify.example.com", "first_name": "Vera", "last_name": "Legacy"}


CASES: dict[str, tuple[str, Case]] = {
    "crm/addContactsFull insert": ("crm/addContactsFull", _contacts_full_insert),
    "crm/addContactsFull update": ("crm/addContactsFull", _contacts_full_update),
    "crm/updateFieldData": ("crm/updateFieldData", _update_fields),
    "crm/addProfileToContact": ("crm/addProfileToContact", _profile("crm")),
    "crm/addNotestoContact": ("crm/addNotestoContact", _note("crm")),
    "crm/addNotestoContact note_id": ("crm/addNotestoContact", _note_update),
    "account/createWebhook": ("account/createWebhook", _create_webhook),
    "account/updateWebhook": ("account/updateWebhook", _update_webhook),
    "edge/confirmPaymentMethod": ("edge/confirmPaymentMethod", _confirm),
    "edge/enroll": ("edge/enroll", _enroll),
    "legacy/createContact": ("legacy/createContact", _legacy_contact),
    "legacy/addProfileToContact": ("legacy/addProfileToContact", _profile("legacy")),
    "legacy/addNotestoContact": ("legacy/addNotestoContact", _note("legacy")),
}


def lose_answer(session: zn.Session, sandbox: Sandbox, key: str, params: dict[str, Any], applied: bool) -> None:
    sandbox.faults.add("drop", key, times=1, after_apply=applied)
    with pytest.raises(zn.ZyntroError) as info:
        session.call(*key.split("/"), max_retries=0, **params)
    assert info.value.outcome_unknown


def check_for(session: zn.Session, key: str) -> Check:
    check = verifier_for(session.catalog, session.catalog.get(*key.split("/")))
    assert check is not None
    return check


def test_every_mark_a_program_can_decide_has_a_sandbox_case() -> None:
    catalog = zn.Session(api_key="x", developer_secret="zdk_x", env={}).catalog
    automatic = {e.key for e in catalog if verifier_for(catalog, e) is not None}
    assert automatic == {key for key, _ in CASES.values()}


@pytest.mark.parametrize("applied", [True, False], ids=["applied", "not-applied"])
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_the_check_says_applied_exactly_when_the_lost_write_was(session: zn.Session, sandbox: Sandbox, case: str,
                                                               applied: bool) -> None:
    key, setup = CASES[case]
    params = setup(session)
    check = check_for(session, key)
    body = session.prepare(*key.split("/"), **params).body
    assert check.undecidable(body) == ""
    before = check.existing(session, body, NO_SLEEP, None) if check.counts_new_items(body) else None
    writes = sandbox.writes.get(key, 0)
    lose_answer(session, sandbox, key, params, applied)
    assert sandbox.writes.get(key, 0) == writes + applied
    verdict = check.verdict(session, body, NO_SLEEP, None, before=before)
    assert verdict.applied is applied, verdict.reason
    if applied:
        assert verdict.data and all(v is not None for k, v in verdict.data.items() if k != "entity_id"), verdict.data


@pytest.mark.parametrize("case", ["crm/addNotestoContact", "crm/addProfileToContact", "account/createWebhook"])
def test_an_equal_older_item_without_a_record_of_before_is_not_taken_for_the_write(
        session: zn.Session, sandbox: Sandbox, case: str) -> None:
    key, setup = CASES[case]
    params = setup(session)  # an equal item exists: the API shows no creation time or author to tell them apart
    check = check_for(session, key)
    body = session.prepare(*key.split("/"), **params).body
    lose_answer(session, sandbox, key, params, applied=False)
    verdict = check.verdict(session, body, NO_SLEEP, None, before=None)
    assert verdict.applied is None and "no record of what was there before" in verdict.reason


def test_an_item_another_row_claimed_is_not_this_writes(session: zn.Session, sandbox: Sandbox) -> None:
    """Two rows add the same note to one contact; the one whose answer came back owns its note."""
    key, setup = CASES["crm/addNotestoContact"]
    params = setup(session)  # plus an older equal note, added by hand
    check = check_for(session, key)
    body = session.prepare(*key.split("/"), **params).body
    before = check.existing(session, body, NO_SLEEP, None)
    other = session.call("crm", "addNotestoContact", **params)  # the other row's note, answered
    lose_answer(session, sandbox, key, params, applied=False)
    claimed = {other.loc[0, "note_id"]}
    assert check.verdict(session, body, NO_SLEEP, None, before=before, claimed=claimed).applied is False
    lose_answer(session, sandbox, key, params, applied=True)
    found = check.verdict(session, body, NO_SLEEP, None, before=before, claimed=claimed)
    assert found.applied is True and found.data is not None and found.data["note_id"] not in before
    assert found.data["note_id"] in claimed  # a third equal row could not take the same note


@pytest.mark.parametrize(("body", "reason"), [
    ({"contact_id": "c-1", "fields": {"firstName": "A", "customFields": {"cf_x": 1}}},
     "does not show fields.customFields"),
    ({"entity_id": "e-1", "fields": {"firstName": "A"}}, "no value for contact_id"),
], ids=["a-field-the-read-does-not-show", "entity-only"])
def test_a_partial_view_of_a_state_write_is_not_called_applied(session: zn.Session, body: dict[str, Any],
                                                              reason: str) -> None:
    check = check_for(session, "crm/updateFieldData")
    assert reason in check.undecidable(body)


def test_webhook_auth_changes_and_unnamed_payment_methods_are_left_to_a_person(session: zn.Session) -> None:
    hook = check_for(session, "account/updateWebhook")
    assert "wh_auth_data" in hook.undecidable({"wh_id": "w", "wh_auth_type": "bearer", "wh_auth_data": {"value": "t"}})
    confirm = check_for(session, "edge/confirmPaymentMethod")
    assert "without payment_method_id" in confirm.undecidable({"bc_id": "bc_1"})


# -- writes no read can check ------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "params", "shown"), [
    ("edge/buildCustomerProfileSetup", {"contact_id": "c-1"}, "pending billing customer of contact 'c-1'"),
    ("crm/addCommsHistory", {"contact_id": "c-1", "comms_type": "call", "comms_data": "x"},
     "timeline of contact 'c-1'"),
    ("calendar/createEvent", {"contact_id": "c-1", "event_data": {"calendar_id": "cal-1",
                                                                 "event_start_time": "2026-04-07 10:00:00"}},
     "calendar 'cal-1'"),
    ("forms/submitForm", {"form_id": "f-1", "answers": {}, "ip_data": {}}, "form 'f-1'"),
    ("edge/setupPaymentMethod", {"contact_id": "c-1"}, "for contact 'c-1'"),
    ("crm/contextualizeData", {"raw_data": "x"}, "each run is billed"),
], ids=lambda v: v if isinstance(v, str) and "/" in v else "")
def test_a_lost_answer_no_read_can_check_says_so_and_what_to_look_at(session: zn.Session, key: str,
                                                                    params: dict[str, Any], shown: str) -> None:
    endpoint = session.catalog.get(*key.split("/"))
    error = settle(zn.ServerError("HTTP 502 Bad Gateway", status_code=502), endpoint, params)
    assert error.outcome_unknown
    assert "cannot be checked through the API" in error.fix and shown in error.fix
    assert "s.call(" not in error.fix and "send it again only if it was not applied" in error.fix


def test_create_customer_is_resent_because_it_is_idempotent_not_because_a_read_checked_it(
        session: zn.Session) -> None:
    endpoint = session.catalog.get("edge", "createCustomer")
    error = settle(zn.ServerError("HTTP 502 Bad Gateway", status_code=502), endpoint, {"contact_id": "c-1"})
    assert error.fix.startswith("sending it again is safe")
    assert "cannot be checked first: no read in the API finds a billing customer by contact" in error.fix
    assert "getEnrollments(" not in error.fix and "s.call(" not in error.fix


def test_a_lost_charge_is_shown_by_the_enrollments_last_trigger_time(session: zn.Session, sandbox: Sandbox) -> None:
    """edge/fire stays a person's decision (a charge is never resent on a guess), but its read does show it."""
    contact, bc_id = active_customer(session, "vera.fire@verify.example.com")
    item = trigger_item(session)
    session.call("edge", "enroll", billing_customer_id=bc_id, billable_item_id=item, contact_id=contact)
    endpoint = session.catalog.get("edge", "fire")
    assert verifier_for(session.catalog, endpoint) is None
    params = {"billing_customer_id": bc_id, "billable_item_id": item}
    hint = endpoint.verify
    assert hint is not None

    def last_fired() -> Any:
        return session.call(hint.endpoint.split("/")[0], hint.endpoint.split("/")[1],
                            **hint.arguments(params)).loc[0, "ts_last_triggered_at"]

    before = last_fired()
    lose_answer(session, sandbox, "edge/fire", params, applied=False)
    assert last_fired() == before
    lose_answer(session, sandbox, "edge/fire", params, applied=True)
    assert last_fired() != before and "ts_last_triggered_at" in hint.look_for
