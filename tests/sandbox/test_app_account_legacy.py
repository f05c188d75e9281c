"""Account endpoints (webhooks, members, organization, wallets) and the legacy .php endpoints."""

from __future__ import annotations

import pytest

from .app_support import Api
from .make_seed import CARLOS_CONTACT, JANE_CONTACT, JANE_MEMBER, JANE_WALLET, MAIN_WALLET, PRIYA_MEMBER

SEEDED_WEBHOOK = "d4e5f6a7-b8c9-0123-defg-456789012345"
NEW_HOOK = {"wh_name": "Orders", "wh_endpoint": "https://hooks.example.com/zyntro", "wh_events": ["new_contact"]}


@pytest.fixture
def api() -> Api:
    return Api()


def test_create_webhook_shows_secret_once_and_lists_it(api):
    created = api.ok("account/createWebhook", wh_auth_type="bearer", wh_auth_data={"value": "t0k"}, **NEW_HOOK)
    assert created["data"]["wh_secret"].startswith("whsec_")
    listed = {w["wh_id"]: w for w in api.ok("account/fetchWebhooks")["data"]}
    assert set(listed) == {SEEDED_WEBHOOK, created["data"]["wh_id"]}
    assert "wh_secret" not in listed[created["data"]["wh_id"]]
    assert api.app.writes["account/createWebhook"] == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"wh_endpoint": "http://hooks.example.com/x"}, "wh_endpoint must be a public HTTPS URL "
                                                     "(got 'http://hooks.example.com/x')"),
    ({"wh_endpoint": "https://127.0.0.1/x"}, "wh_endpoint must be a public HTTPS URL (got 'https://127.0.0.1/x')"),
    ({"wh_events": []}, "wh_events must contain at least one event"),
    ({"wh_events": ["party"]}, "Unknown event 'party'"),
    ({"wh_timeout": 3}, "wh_timeout must be between 5 and 120"),
    ({"wh_auth_type": "basic", "wh_auth_data": {"username": "u"}}, "wh_auth_data for basic needs: username, "
                                                                   "password (missing password)"),
    ({"wh_name": "n" * 101}, "wh_name must be at most 100 characters"),
], ids=["http", "loopback", "no-events", "unknown-event", "timeout", "auth-data", "name"])
def test_create_webhook_validation(api, changes, message):
    assert api.error("account/createWebhook", **{**NEW_HOOK, **changes}).startswith(message)


def test_update_webhook_is_partial_and_replaces_events(api):
    data = api.ok("account/updateWebhook", wh_id=SEEDED_WEBHOOK, wh_events=["subscription.created"])
    assert data["updated"] == ["wh_events"]
    hook = next(w for w in api.ok("account/fetchWebhooks")["data"] if w["wh_id"] == SEEDED_WEBHOOK)
    assert hook["wh_events"] == ["subscription.created"] and hook["wh_name"] == "CRM Sync Webhook"
    assert api.ok("account/updateWebhook", wh_id=SEEDED_WEBHOOK, wh_events=["subscription.created"])["updated"] == []
    assert api.app.writes["account/updateWebhook"] == 1
    assert api.error("account/updateWebhook", wh_id="nope", wh_name="x") == "Webhook not found"


@pytest.mark.parametrize("endpoint", ["account/createWebhook", "account/fetchWebhooks", "account/updateWebhook"])
def test_webhook_help_lists_events_without_auth(api, endpoint):
    assert "invoice_paid" in api.ok(endpoint, creds=False, help=True)["data"]["events"]


def test_fetch_members_lists_active_members_only(api):
    members = api.ok("account/fetchMembers")["data"]
    assert members[0] == {"member_id": JANE_MEMBER, "member_name": "Jane Smith"}
    assert PRIYA_MEMBER not in [m["member_id"] for m in members]
    assert api.error("account/fetchMembers", brand_id="") == "Missing brand ID"


def test_fetch_organization_v2_and_legacy_shapes(api):
    v2 = api.ok("account/fetchOrganization")["data"]
    legacy = api.ok("legacy/fetchOrganization")["data"]
    assert v2["default_wallet"] == MAIN_WALLET and v2["org_admins"] == [JANE_MEMBER]
    assert v2["org_working_hours"]["monday"] == {"start": "09:00", "end": "17:00"}
    assert legacy["org_working_hours"][0] == {"day": "Monday", "start_time": "09:00", "end_time": "17:00",
                                              "is_open": True}
    assert legacy["org_working_hours"][6]["is_open"] is False


def test_wallets(api):
    assert api.ok("account/fetchWallet", wallet_id=MAIN_WALLET)["data"] == {
        "wallet_id": MAIN_WALLET, "wallet_label": "Main Wallet", "wallet_balance": "142.50",
        "wallet_last_update": "2026-03-31T18:30:00+00:00"}
    assert api.error("account/fetchWallet") == "Missing wallet ID"
    wallets = api.ok("account/fetchWallets")["data"]
    assert wallets[0]["wallet_type"] == "organization"
    assert {w["wallet_id"]: w["wallet_memberid"] for w in wallets}[JANE_WALLET] == JANE_MEMBER
    assert api.ok("legacy/fetchWalletBalance", wallet_id=JANE_WALLET)["data"]["wallet_balance"] == "75.25"
    assert api.error("legacy/fetchWalletBalance", wallet_id="nope") == "No matching wallet found"


def test_legacy_create_contact_creates_then_updates_on_email(api):
    body = {"email": "lena@fjord.example.com", "first_name": "Lena", "entity_name": "Fjord Labs"}
    created = api.ok("legacy/createContact", **body)
    updated = api.ok("legacy/createContact", **{**body, "contact_status": "Customer"})
    assert created["data"]["contact_id"] == updated["data"]["contact_id"]
    assert created["data"]["entity_id"] == updated["data"]["entity_id"]
    assert api.ok("crm/fetchContact", contact_id=created["data"]["contact_id"])["data"]["contact_status"] == "Customer"
    api.ok("legacy/createContact", **{**body, "contact_status": "Customer"})
    assert api.app.writes["legacy/createContact"] == 2
    assert api.error("legacy/createContact", email="x@y.example.com") == "Missing first_name"


def test_legacy_pipeline_headers_audiences_and_member(api):
    board = api.ok("legacy/fetchPipelineStages")["data"]
    assert list(board["phases"]) == ["Acquisition", "Conversion", "Retention"]
    assert board["phases"]["Acquisition"][0]["stage_name"] == "New Lead"
    headers = api.ok("legacy/fetchCRMFieldHeaders")["data"]["headers"]
    assert ["cont_fname", "Contact first name"] in headers and ["cf_budget", "Budget (USD)"] in headers
    audiences = api.ok("legacy/fetchAudiences")
    assert audiences["message"].startswith("3 audience segments") and len(audiences["data"]) == 3
    assert api.error("legacy/fetchAudiences", brand_id="2") == "No audience segments have been defined for this brand"
    member = api.ok("legacy/fetchMember")["data"]
    assert (member["member_fname"], member["member_role"]) == ("Jane", "Admin")


def test_legacy_notes_profiles_and_contextualize_help(api):
    note = api.ok("legacy/addNotestoContact", contact_id=JANE_CONTACT, note="legacy note")["data"]
    assert note["note_content"] == "legacy note"
    profile = api.ok("legacy/addProfileToContact", contact_id=JANE_CONTACT, profile_payload={"summary": "s"})["data"]
    assert profile["profile_source"] == "API"
    assert api.error("legacy/addNotestoContact", contact_id=CARLOS_CONTACT, note="x") == \
        "Only the contact owner can do this"
    assert api.ok("legacy/contextualizeData", creds=False, help=True)["data"]["pricing"]["per_call"] == "0.25"
    assert api.error("legacy/contextualizeData").startswith("This legacy endpoint only answers")
