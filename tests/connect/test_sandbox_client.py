"""The client against the in-process sandbox: every endpoint, faults, retries, and writes applied once."""

from __future__ import annotations

import json

import httpx
import pytest

import zyntro_nb as zn
from tests.sandbox_calls import (  # noqa: F401  (names the tests below use)
    CALENDAR,
    EMILY,
    FORM,
    IP_DATA,
    ITEM,
    JANE,
    JANE_BC,
    SCHEDULE,
    SUCCESS_CALLS,
    USER_ID,
    WALLET,
)
from zyntro_nb.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
def session(sandbox: Sandbox) -> zn.Session:
    return zn.connect(sandbox=sandbox, retry=zn.RetryPolicy(sleep=lambda s: None))


def test_the_table_covers_every_catalogued_endpoint() -> None:
    assert set(SUCCESS_CALLS) == {e.key for e in zn.Catalog.builtin()}


@pytest.mark.parametrize("key", sorted(SUCCESS_CALLS))
def test_every_endpoint_succeeds_through_the_client(session: zn.Session, sandbox: Sandbox, key: str) -> None:
    module, action = key.split("/")
    before = sandbox.writes_total
    df = session.call(module, action, **SUCCESS_CALLS[key])
    assert df.attrs["zyntro"]["endpoint"] == key and df.attrs["zyntro"]["backend"] == "sandbox"
    assert len(df) >= 1
    endpoint = session.catalog.get(module, action)
    if endpoint.read_only:
        assert sandbox.writes_total == before
    elif key not in ("legacy/contextualizeData", "forms/collectFormData"):  # help / get_fields change nothing
        assert sandbox.writes_total == before + 1


@pytest.mark.parametrize("key", sorted(k for k in SUCCESS_CALLS if k != "legacy/contextualizeData"))
def test_every_endpoint_refuses_a_wrong_key_with_a_typed_error(sandbox: Sandbox, key: str) -> None:
    module, action = key.split("/")
    wrong = zn.connect(sandbox=sandbox, api_key="SBX-WRONG-KEY", developer_secret="zdk_wrong_secret_value")
    params = dict(SUCCESS_CALLS[key])
    if "service_instance" in params:
        params["service_instance"] = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(zn.AuthenticationError) as info:
        wrong.call(module, action, **params)
    assert info.value.message in ("Invalid API Key", "Invalid developer_secret")
    assert info.value.fix and sandbox.writes_total == 0


def test_published_example_answers_jane_smith(session: zn.Session) -> None:
    df = session.crm.fetchContact(contact_id=JANE)
    assert (df.loc[0, "first_name"], df.loc[0, "last_name"], df.loc[0, "contact_status"]) == ("Jane", "Smith", "Active")


def test_contact_frame_reads_like_the_overview(session: zn.Session) -> None:
    df = session.crm.fetchContact(contact_id=JANE, include_entity=1)
    assert list(df.columns[:5]) == ["contact_id", "first_name", "last_name", "email", "contact_status"]
    assert (df.first_name[0], df.company[0], df["entity.entity_name"][0]) == ("Jane", "BrightPath Analytics",
                                                                              "BrightPath Analytics")
    assert not [c for c in df.columns if c.startswith("cont_") or ".ent_" in c]


def test_created_contact_shows_up_in_lookup_and_fetch(session: zn.Session) -> None:
    created = session.crm.addContactsFull(contact={"firstName": "Ada", "email": "ada@ex.example.com"},
                                          mode="insert", raw=True)["data"]
    found = session.crm.lookupContact(search_string="ada@ex.example.com")
    assert found.loc[0, "contact_id"] == created["contact_id"]
    with pytest.raises(zn.ZyntroError):
        session.crm.addContactsFull(contact={"email": "ada@ex.example.com"}, mode="insert")


def test_paging_through_the_client_matches_count(session: zn.Session) -> None:
    df = session.edge.getEnrollments(all_pages=True)
    meta = df.attrs["zyntro"]
    assert len(df) == meta["extra"]["count"] == 149 and meta["pages"] == 3
    assert df["ts_id"].is_unique


def test_documented_missing_brand_comes_back_from_the_server_too(sandbox: Sandbox) -> None:
    no_brand = zn.connect(sandbox=sandbox)
    with pytest.raises(zn.ValidationError, match="Missing brand ID"):
        no_brand.call("forms", "getFormFields", form_id=FORM, extra={"brand_id": ""})


def test_ip_not_whitelisted_is_a_permission_error(sandbox: Sandbox) -> None:
    far = zn.Session(**sandbox.credentials, base_url="http://sandbox.local",
                     transport=sandbox.transport(client_ip="203.0.113.9"), env={})
    with pytest.raises(zn.PermissionDeniedError, match="IP address not whitelisted") as info:
        far.crm.fetchContact(contact_id=JANE)
    assert "whitelist" in info.value.fix


# -- faults: reads retried, writes sent once ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options"),
    [("server_error", {"status": 503}), ("server_error", {"status": 502}), ("rate_limit", {"retry_after": 1}),
     ("drop", {})],
    ids=["503", "502", "429", "drop"],
)
def test_reads_recover_from_transient_faults(session: zn.Session, sandbox: Sandbox, kind: str, options) -> None:
    sandbox.faults.add(kind, "account/fetchWallets", times=2, **options)
    df = session.account.fetchWallets()
    assert len(df) >= 1 and df.attrs["zyntro"]["attempts"] == 3


@pytest.mark.parametrize(
    ("kind", "error"),
    [("not_json", zn.ResponseFormatError), ("truncated", zn.ResponseFormatError),
     ("server_error", zn.ServerError)],
    ids=["html", "truncated", "500"],
)
def test_reads_retry_odd_answers_and_give_typed_errors_when_they_persist(
    session: zn.Session, sandbox: Sandbox, kind: str, error
) -> None:
    options = {"status": 500} if kind == "server_error" else {}
    sandbox.faults.add(kind, "account/fetchWallets", times=1, **options)
    assert session.account.fetchWallets().attrs["zyntro"]["attempts"] == 2
    sandbox.faults.add(kind, "account/fetchWallets", times=10, **options)
    with pytest.raises(error) as info:
        session.call("account", "fetchWallets", max_retries=1)
    assert info.value.attempts == 2 and not info.value.outcome_unknown


def test_latency_beyond_the_timeout_is_a_timeout_error_and_reads_retry(session: zn.Session, sandbox: Sandbox):
    sandbox.faults.add("latency", "account/fetchWallets", times=1, seconds=30)
    df = session.call("account", "fetchWallets", timeout=5)
    assert df.attrs["zyntro"]["attempts"] == 2


@pytest.mark.parametrize("kind", ["drop", "server_error", "truncated"])
def test_a_write_whose_answer_is_lost_is_applied_once_and_not_resent(session, sandbox, kind) -> None:
    sandbox.faults.add(kind, "crm/addNotestoContact", times=1, after_apply=True)
    with pytest.raises(zn.ZyntroError) as info:
        session.crm.addNotestoContact(contact_id=JANE, note="exactly once")
    assert sandbox.writes["crm/addNotestoContact"] == 1
    assert info.value.attempts == 1
    notes = session.crm.fetchContact(contact_id=JANE, include_notes=1).loc[0, "notes"]
    assert sum(n["note_content"] == "exactly once" for n in notes) == 1


def test_a_write_refused_before_applying_is_not_applied(session: zn.Session, sandbox: Sandbox) -> None:
    sandbox.faults.add("server_error", "edge/fire", times=1, status=503)
    with pytest.raises(zn.ServerError):
        session.edge.fire(billable_item_id=ITEM, billing_customer_id=JANE_BC)
    assert sandbox.writes_total == 0


def test_fire_cooldown_protects_against_a_manual_double_charge(session: zn.Session, sandbox: Sandbox) -> None:
    first = session.edge.fire(billable_item_id=ITEM, billing_customer_id=JANE_BC, raw=True)
    again = session.edge.fire(billable_item_id=ITEM, billing_customer_id=JANE_BC, raw=True)
    assert first["data"]["status"] == "captured"
    assert again.get("cooldown") is True and sandbox.writes["edge/fire"] == 1
    sandbox.clock.advance(61)
    session.edge.fire(billable_item_id=ITEM, billing_customer_id=JANE_BC)
    assert sandbox.writes["edge/fire"] == 2


def test_served_sandbox_over_loopback_http_is_recognised(sandbox: Sandbox) -> None:
    with sandbox.serve(port=0) as server:
        session = zn.Session(**sandbox.credentials, base_url=server.url, env={})
        df = session.account.fetchOrganization()
        assert df.loc[0, "org_name"] == "Acme Corp"
        assert session.is_sandbox and "SANDBOX" in repr(session)
        session.close()


def test_raw_and_frame_agree(session: zn.Session) -> None:
    envelope = session.call("edge", "getItems", raw=True)
    df = session.call("edge", "getItems")
    assert list(df["bi_id"]) == [item["bi_id"] for item in envelope["data"]]
    # Plain JSON data except credential fields, which are Secrets: default=str writes them redacted.
    assert "(redacted)" in json.dumps(envelope, default=str)


def test_transport_is_the_only_seam_no_sockets(monkeypatch: pytest.MonkeyPatch, session: zn.Session) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the in-process sandbox must not open sockets")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    assert len(session.account.fetchMembers()) >= 1
