"""Authentication order, identifier rules and isolation between organizations."""

from __future__ import annotations

import pytest

from .app_support import INACTIVE_API_KEY, ORG2_CREDENTIALS, REVOKED_SECRET, Api
from .make_seed import (
    BC_JANE,
    CARLOS_CONTACT,
    JANE_CONTACT,
    JANE_USER,
    LIAM_CONTACT,
    MAIN_WALLET,
    OLIVIA_MEMBER,
    ORG2,
    ORG2_WALLET,
)

UNKNOWN_ORG = "00000000-0000-4000-8000-000000000000"

# Each case breaks one check and also everything checked after it: the first failure must win.
FETCH_CONTACT_MATRIX = [
    ("missing-api-key", {"api_key": "", "developer_secret": "zdk_nope", "org_id": ""}, "203.0.113.9",
     "Missing service instance"),
    ("unknown-api-key", {"api_key": "SBX-NOPE", "developer_secret": "", "org_id": ""}, "127.0.0.1",
     "Invalid API Key"),
    ("inactive-user", {"api_key": INACTIVE_API_KEY, "developer_secret": ""}, "127.0.0.1", "User is not active"),
    ("missing-developer-secret", {"developer_secret": "", "org_id": ""}, "127.0.0.1", "Missing developer_secret"),
    ("unknown-developer-secret", {"developer_secret": "zdk_nope", "org_id": ""}, "203.0.113.9",
     "Invalid developer_secret"),
    ("revoked-developer-secret", {"developer_secret": REVOKED_SECRET}, "127.0.0.1", "Invalid developer_secret"),
    ("ip-not-whitelisted", {"org_id": "", "member_id": ""}, "203.0.113.9", "IP address not whitelisted"),
    ("127.0.0.2-not-on-primary-key", {}, "127.0.0.2", "IP address not whitelisted"),
    ("missing-org", {"org_id": "", "member_id": ""}, "127.0.0.1", "Missing org ID"),
    ("unknown-org", {"org_id": UNKNOWN_ORG, "member_id": ""}, "127.0.0.1", "Organization not found"),
    ("org-of-another-account", {"org_id": ORG2, "member_id": ""}, "127.0.0.1", "Organization not accessible"),
    ("missing-member", {"member_id": ""}, "127.0.0.1", "Missing member ID"),
    ("member-of-another-org", {"member_id": OLIVIA_MEMBER}, "127.0.0.1", "Member does not belong to organization"),
]


@pytest.mark.parametrize(("changes", "ip", "message"), [c[1:] for c in FETCH_CONTACT_MATRIX],
                         ids=[c[0] for c in FETCH_CONTACT_MATRIX])
def test_fetch_contact_auth_failures_come_in_documented_order(changes, ip, message):
    api = Api()
    assert api.error("crm/fetchContact", ip=ip, contact_id=JANE_CONTACT, **changes) == message
    assert api.app.writes_total == 0


BRAND_MATRIX = [
    ("missing-org-before-brand", {"org_id": "", "brand_id": ""}, "Missing org ID"),
    ("missing-brand", {"brand_id": "", "member_id": ""}, "Missing brand ID"),
    ("brand-of-another-org", {"brand_id": "3", "member_id": OLIVIA_MEMBER}, "Brand does not belong to organization"),
]


@pytest.mark.parametrize(("changes", "message"), [c[1:] for c in BRAND_MATRIX], ids=[c[0] for c in BRAND_MATRIX])
def test_brand_scoped_endpoint_checks_brand_after_org(changes, message):
    assert Api().error("crm/contextualizeData", raw_data="a@b.example.com", **changes) == message


@pytest.mark.parametrize("ip", ["127.0.0.1", "::1", "testclient"], ids=["ipv4", "ipv6", "testclient"])
def test_primary_developer_key_accepts_its_whitelisted_addresses(ip):
    assert Api().ok("crm/fetchContact", ip=ip, contact_id=JANE_CONTACT)["data"]["first_name"] == "Jane"


def test_second_developer_key_allows_127_0_0_2_for_its_own_org():
    api = Api(credentials=ORG2_CREDENTIALS)
    data = api.ok("crm/fetchContact", ip="127.0.0.2", contact_id=LIAM_CONTACT)["data"]
    assert data["last_name"] == "O'Connor"


def test_fetch_identifiers_needs_only_the_developer_secret():
    api = Api()
    data = api.ok("developers/fetchIdentifiers", creds=False, developer_secret="zdk_your_developer_secret")["data"]
    assert data["api_key"] == "UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX"
    assert data["user_id"] == JANE_USER
    assert data["org_id"] == api.credentials["org_id"]
    assert [b["brand_id"] for b in data["brands"]] == ["1", "2"]
    assert "f2470c7f-60b1-4491-b117-8ba0e3e2a53b" in [m["member_id"] for m in data["members"]]


@pytest.mark.parametrize(("secret", "ip", "message"), [
    ("", "127.0.0.1", "Missing developer_secret"),
    ("zdk_nope", "127.0.0.1", "Invalid developer_secret"),
    ("zdk_your_developer_secret", "203.0.113.9", "IP address not whitelisted"),
], ids=["missing", "unknown", "ip"])
def test_fetch_identifiers_rejects_bad_secret_or_address(secret, ip, message):
    assert Api().error("developers/fetchIdentifiers", creds=False, ip=ip, developer_secret=secret) == message


def test_lead_score_takes_service_instance_instead_of_api_key():
    api = Api()
    body = {"developer_secret": "zdk_your_developer_secret", "contact_id": JANE_CONTACT}
    assert api.ok("crm/calculateLeadScore", creds=False, service_instance=JANE_USER, **body)["data"]["score"] == 100
    assert api.ok("crm/calculateLeadScore", creds=False, api_key=api.credentials["api_key"], **body)["data"]["tier"] \
        == "Excellent"
    assert api.error("crm/calculateLeadScore", creds=False, **body) == "Missing service instance"
    assert api.error("crm/calculateLeadScore", creds=False, service_instance="nobody", **body) == "Invalid API Key"


def test_api_key_only_endpoint_still_checks_a_supplied_developer_secret():
    api = Api()
    body = {"api_key": api.credentials["api_key"], "bc_id": BC_JANE}
    assert api.ok("edge/getCustomer", creds=False, **body)["data"]["bc_id"] == BC_JANE
    assert api.error("edge/getCustomer", creds=False, developer_secret="zdk_nope", **body) == "Invalid developer_secret"


def test_owner_only_writes_refuse_other_members():
    api = Api()
    assert api.error("crm/addNotestoContact", contact_id=CARLOS_CONTACT, note="hi") == \
        "Only the contact owner can do this"
    assert api.error("crm/addProfileToContact", contact_id=CARLOS_CONTACT, profile_payload={"a": 1},
                     profile_source="x") == "Only the contact owner can do this"
    assert api.app.writes_total == 0


@pytest.mark.parametrize(("endpoint", "params", "message"), [
    ("crm/fetchContact", {"contact_id": LIAM_CONTACT}, "Contact not found"),
    ("crm/updateFieldData", {"contact_id": LIAM_CONTACT, "fields": {"status": "Churned"}}, "Contact not found"),
    ("crm/calculateLeadScore", {"contact_id": LIAM_CONTACT}, "Contact not found"),
    ("account/fetchWallet", {"wallet_id": ORG2_WALLET}, "No matching wallet found"),
    ("crm/lookupContact", {"search_string": "O'Connor"}, "Contact not found"),
], ids=["fetch", "update", "score", "wallet", "lookup"])
def test_one_organization_cannot_reach_another_organizations_data(endpoint, params, message):
    assert Api().error(endpoint, **params) == message


def test_second_organization_sees_its_data_and_not_the_first():
    api = Api(credentials=ORG2_CREDENTIALS)
    assert api.ok("account/fetchWallet", wallet_id=ORG2_WALLET)["data"]["wallet_balance"] == "0.10"
    assert api.error("account/fetchWallet", wallet_id=MAIN_WALLET) == "No matching wallet found"
    assert api.error("edge/getCustomer", bc_id=BC_JANE) == "Billing customer not found"
    assert api.error("crm/fetchContact", contact_id=JANE_CONTACT) == "Contact not found"


def test_added_account_authenticates_with_its_own_credentials_in_the_primary_org() -> None:
    import zyntro_nb as zn
    from zyntro_nb.sandbox import Sandbox

    sandbox = Sandbox()
    ids = sandbox.add_account("CANARY-KEY-0001", "zdk_canary_secret_0001")
    session = zn.Session(**ids, base_url="http://sandbox.local", transport=sandbox.transport(), env={})
    assert session.call("account", "fetchOrganization").loc[0, "org_name"] == "Acme Corp"
    identifiers = session.call("developers", "fetchIdentifiers", raw=True)["data"]
    assert identifiers["api_key"] == "CANARY-KEY-0001" and identifiers["member_id"] == ids["member_id"]
