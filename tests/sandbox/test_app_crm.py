"""CRM endpoints: contacts, updates, notes, profiles, comms, lead scores, contextualizeData."""

from __future__ import annotations

import pytest

from zyntro_nb.sandbox._handlers_crm import lead_score
from zyntro_nb.sandbox._handlers_ingest import extract

from .app_support import ORG2_CREDENTIALS, Api
from .make_seed import CARLOS_CONTACT, EMILY_CONTACT, JANE_CONTACT, JOHN_MEMBER, MAIN_WALLET


@pytest.fixture
def api() -> Api:
    return Api()


def test_published_example_contact_is_jane_smith_active(api):
    data = api.ok("crm/fetchContact", contact_id=JANE_CONTACT)["data"]
    assert (data["first_name"], data["last_name"], data["contact_status"]) == ("Jane", "Smith", "Active")
    assert not {"notes", "profile", "signals", "entity"} & set(data)


def _keys(value, path=""):
    """Every key at any depth of an answer, as dotted paths."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}{key}"
            yield from _keys(item, f"{path}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, path)


OVERVIEW_ANSWER = ["contact_id", "first_name", "last_name", "email", "contact_status"]


@pytest.mark.parametrize(("endpoint", "params"), [
    ("crm/fetchContact", {"contact_id": JANE_CONTACT, "include_notes": 1, "include_profile": 1,
                          "include_signals": 1, "include_entity": 1}),
    ("crm/lookupContact", {"search_string": "Jane Smith"}),
], ids=["fetchContact", "lookupContact"])
def test_contact_answers_use_the_overviews_field_names(api, endpoint, params):
    data = api.ok(endpoint, **params)["data"]
    assert list(data)[:5] == OVERVIEW_ANSWER
    assert [data[k] for k in OVERVIEW_ANSWER] == [JANE_CONTACT, "Jane", "Smith", "jane.smith@brightpath.example.com",
                                                  "Active"]
    assert (data["phone"], data["company"], data["tags"]) == ("+12125550142", "BrightPath Analytics", ["vip"])
    assert {"custom_fields", "created_at", "updated_at", "contact_owner", "entity_id"} <= set(data)
    internal = [k for k in _keys(data) if k.split(".")[-1].startswith(("cont_", "ent_"))]
    assert internal == []
    assert data["entity"]["entity_id"] == data["entity_id"]


def test_contact_without_entity_answers_company_none(api):
    created = api.ok("crm/addContactsFull", mode="insert", skip_entity=True,
                     contact={"firstName": "Solo", "email": "solo@nowhere.example.net"})["data"]
    data = api.ok("crm/fetchContact", contact_id=created["contact_id"], include_entity=1)["data"]
    assert (data["first_name"], data["company"], data["entity"]) == ("Solo", None, None)


@pytest.mark.parametrize(("switch", "key"), [("include_notes", "notes"), ("include_profile", "profile"),
                                             ("include_signals", "signals"), ("include_entity", "entity")],
                         ids=["notes", "profile", "signals", "entity"])
def test_fetch_contact_switches_add_related_data(api, switch, key):
    data = api.ok("crm/fetchContact", contact_id=JANE_CONTACT, **{switch: 1})["data"]
    assert data[key]
    if key == "entity":
        assert data["entity"]["entity_name"] == "BrightPath Analytics"


def test_fetch_contact_validates_switch_values_and_contact(api):
    assert api.error("crm/fetchContact", contact_id=JANE_CONTACT, include_notes=2) == \
        "Invalid include_notes '2': must be one of 0, 1"
    assert api.error("crm/fetchContact", contact_id=JANE_CONTACT, include_notes="yes") == \
        "include_notes must be an integer"
    assert api.error("crm/fetchContact") == "Missing contact_id"
    assert api.error("crm/fetchContact", contact_id="nope") == "Contact not found"


@pytest.mark.parametrize("search", ["jane.smith@brightpath.example.com", "Jane Smith", "BrightPath",
                                    "212-555-0142", JANE_CONTACT],
                         ids=["email", "name", "entity", "phone", "id"])
def test_lookup_contact_matches_many_fields_and_returns_everything(api, search):
    data = api.ok("crm/lookupContact", search_string=search)["data"]
    assert data["contact_id"] == JANE_CONTACT
    assert {"entity", "notes", "profile", "signals"} <= set(data)


def test_lookup_contact_without_match_is_not_found(api):
    assert api.error("crm/lookupContact", search_string="zz-no-such-person-zz") == "Contact not found"


def test_add_contacts_full_insert_creates_contact_and_entity_visible_in_lookup(api):
    data = api.ok("crm/addContactsFull", mode="insert", contact={"firstName": "Dana", "lastName": "Lee",
                  "email": "Dana.Lee@orbitworks.example.com", "customFields": {"cf_budget": 9000}},
                  entity={"name": "Orbit Works", "website": "https://orbitworks.example.com"})["data"]
    assert data["created"] and data["entity_created"] and data["mode"] == "insert"
    found = api.ok("crm/lookupContact", search_string="dana.lee@orbitworks.example.com")["data"]
    assert found["contact_id"] == data["contact_id"]
    assert found["entity"]["entity_name"] == "Orbit Works"
    assert found["custom_fields"] == {"cf_budget": 9000}
    assert found["contact_owner"] == api.credentials["member_id"]
    assert api.app.writes["crm/addContactsFull"] == 1


def test_add_contacts_full_modes_enforce_existence(api):
    existing = {"email": "jane.smith@brightpath.example.com", "firstName": "Jane"}
    assert api.error("crm/addContactsFull", mode="insert", contact=existing).startswith("Contact already exists")
    assert api.error("crm/addContactsFull", mode="update", contact={"email": "new@x.example.com"}).startswith(
        "Contact not found")
    assert api.error("crm/addContactsFull", mode="foo", contact=existing) == \
        "Invalid mode 'foo': must be one of insert, update, upsert"
    assert api.error("crm/addContactsFull", contact={"firstName": "NoEmail"}) == \
        "contact.email is required when lookup_by is email"
    assert api.app.writes_total == 0


def test_add_contacts_full_upsert_updates_and_identical_repeat_is_not_a_write(api):
    body = {"contact": {"email": "jane.smith@brightpath.example.com", "roleLabel": "COO"}, "skip_entity": True}
    first = api.ok("crm/addContactsFull", **body)["data"]
    assert (first["contact_id"], first["created"], first["updated_fields"]) == (JANE_CONTACT, False,
                                                                                ["contact_role_label"])
    again = api.ok("crm/addContactsFull", **body)["data"]
    assert again["updated_fields"] == []
    assert api.app.writes["crm/addContactsFull"] == 1
    assert api.ok("crm/fetchContact", contact_id=JANE_CONTACT)["data"]["contact_role_label"] == "COO"


def test_add_contacts_full_lookup_by_phone_and_contact_id_with_debug(api):
    by_phone = api.ok("crm/addContactsFull", lookup_by="phone", debug=True,
                      contact={"phone": "+1 (212) 555-0142", "city": "Brooklyn"}, skip_entity=True)["data"]
    assert by_phone["contact_id"] == JANE_CONTACT
    assert by_phone["debug"]["matched_contact_id"] == JANE_CONTACT
    assert by_phone["debug"]["requested_mode"] == "upsert"
    assert api.error("crm/addContactsFull", lookup_by="contact_id", contact={"contactId": "nope"}).startswith(
        "Contact not found")


def test_add_contacts_full_rejects_unknown_fields_and_bad_values(api):
    assert "Unknown contact field 'favouriteColour'" in api.error(
        "crm/addContactsFull", contact={"email": "a@b.example.com", "favouriteColour": "red"})
    assert api.error("crm/addContactsFull", contact={"email": "not-an-email"}) == \
        "Invalid email 'not-an-email': expected name@domain"
    assert api.error("crm/addContactsFull", contact="x") == "contact must be a JSON object"


def test_update_field_data_persists_contact_custom_and_entity_fields(api):
    data = api.ok("crm/updateFieldData", contact_id=EMILY_CONTACT, fields={
        "status": "Customer", "emailOptout": 1, "customFields": {"cf_budget": 12000, "cf_annual_revenue": 5000000},
        "website": "https://lumen.example.com"})["data"]
    assert data["updated"] == {"contact": ["contact_status", "custom_fields", "email_optout"],
                               "entity": ["custom_fields", "entity_website"]}
    fetched = api.ok("crm/fetchContact", contact_id=EMILY_CONTACT, include_entity=1)["data"]
    assert fetched["contact_status"] == "Customer" and fetched["email_optout"] == 1
    assert fetched["custom_fields"]["cf_budget"] == 12000
    assert fetched["entity"]["entity_website"] == "https://lumen.example.com"
    assert fetched["entity"]["custom_fields"]["cf_annual_revenue"] == 5000000
    assert api.app.writes["crm/updateFieldData"] == 1


def test_update_field_data_errors_name_the_problem(api):
    assert api.error("crm/updateFieldData", fields={"status": "x"}) == \
        "Missing contact_id or entity_id: send at least one"
    assert api.error("crm/updateFieldData", contact_id=JANE_CONTACT, fields={"emailOptout": 7}) == \
        "emailOptout must be 0 or 1"
    assert api.error("crm/updateFieldData", contact_id=JANE_CONTACT, fields={"customFields": {"cf_nope": 1}}) \
        .startswith("Unknown custom field 'cf_nope'")
    assert api.error("crm/updateFieldData", contact_id=JANE_CONTACT, fields={"stageId": "nope"}).startswith(
        "Unknown stageId 'nope'")


def test_update_field_data_help_needs_no_auth(api):
    data = api.ok("crm/updateFieldData", creds=False, help=True)["data"]
    assert data["contact_fields"]["firstName"] == "first_name"
    assert api.app.writes_total == 0


def test_add_note_creates_then_updates_by_note_id(api):
    note = api.ok("crm/addNotestoContact", contact_id=JANE_CONTACT, note="Call back Tuesday", note_visibility=1)
    note_id = note["data"]["note_id"]
    api.ok("crm/addNotestoContact", contact_id=JANE_CONTACT, note="Call back Wednesday", note_id=note_id,
           note_visibility=1)
    api.ok("crm/addNotestoContact", contact_id=JANE_CONTACT, note="Call back Wednesday", note_id=note_id,
           note_visibility=1)
    notes = api.ok("crm/fetchContact", contact_id=JANE_CONTACT, include_notes=1)["data"]["notes"]
    assert [n["note_content"] for n in notes if n["note_id"] == note_id] == ["Call back Wednesday"]
    assert api.app.writes["crm/addNotestoContact"] == 2
    assert api.error("crm/addNotestoContact", contact_id=JANE_CONTACT, note="x", note_id="nope") == "Note not found"


def test_private_note_of_another_member_is_hidden(api):
    john = {**api.credentials, "member_id": JOHN_MEMBER}
    api.ok("crm/addNotestoContact", contact_id=CARLOS_CONTACT, note="Private to John", note_visibility=0, **john)
    jane_view = api.ok("crm/fetchContact", contact_id=CARLOS_CONTACT, include_notes=1)["data"]["notes"]
    john_view = api.ok("crm/fetchContact", contact_id=CARLOS_CONTACT, include_notes=1, **john)["data"]["notes"]
    assert "Private to John" not in [n["note_content"] for n in jane_view]
    assert "Private to John" in [n["note_content"] for n in john_view]


def test_add_profile_stores_payload_shown_in_fetch(api):
    data = api.ok("crm/addProfileToContact", contact_id=JANE_CONTACT, profile_payload={"summary": "Likes golf"},
                  profile_source="Google")["data"]
    assert isinstance(data["profile_id"], int)
    profiles = api.ok("crm/fetchContact", contact_id=JANE_CONTACT, include_profile=1)["data"]["profile"]
    assert profiles[-1]["profile_payload"] == {"summary": "Likes golf"}
    assert api.error("crm/addProfileToContact", contact_id=JANE_CONTACT, profile_payload={"a": 1}) == \
        "Missing profile_source"


def test_add_comms_history_appends_to_signals(api):
    before = api.ok("crm/fetchContact", contact_id=JANE_CONTACT, include_signals=1)["data"]["signals"]
    api.ok("crm/addCommsHistory", contact_id=JANE_CONTACT, comms_type="call", comms_data={"minutes": 12})
    after = api.ok("crm/fetchContact", contact_id=JANE_CONTACT, include_signals=1)["data"]["signals"]
    assert after["comms_count"] == before["comms_count"] + 1
    assert api.error("crm/addCommsHistory", contact_id=JANE_CONTACT, comms_type="fax", comms_data="x") == \
        "Invalid comms_type 'fax': must be one of email, sms, call, message"
    assert api.error("crm/addCommsHistory", contact_id=JANE_CONTACT, comms_type="sms", comms_data="x",
                     comms_source="s" * 56) == "comms_source must be at most 55 characters"


@pytest.mark.parametrize(("contact", "score", "tier"), [
    ({"cont_custom_fields": {"a": 1, "b": 2}, "cont_email_verified": 1, "cont_phone_verified": 1}, 100, "Excellent"),
    ({"cont_custom_fields": {"a": 1}, "cont_email_verified": 1, "cont_phone_verified": 1}, 50, "Fair"),
    ({"cont_custom_fields": {"a": 1, "b": 2}, "cont_email_verified": 1, "cont_phone_verified": 1,
      "cont_do_not_call": 1}, 75, "Good"),
    ({"cont_custom_fields": {"a": 1, "b": 2}, "cont_email_verified": 1, "cont_phone_verified": 0}, 65, "Fair"),
    ({"cont_custom_fields": {"a": 1, "b": 2}, "cont_email_verified": 0, "cont_phone_verified": 1}, 50, "Fair"),
    ({"cont_custom_fields": {"a": 1, "b": 2}, "cont_email_verified": 1, "cont_phone_verified": 1,
      "cont_sms_optout": 1}, 65, "Fair"),
    ({"cont_custom_fields": {}, "cont_email_verified": 1, "cont_phone_verified": 1, "cont_email_optout": 1}, 0,
     "Danger"),
], ids=["complete", "half", "dnc", "phone-unverified", "email-unverified", "sms-optout", "clamped"])
def test_lead_score_rules(contact, score, tier):
    result = lead_score({"cont_id": "c", **contact}, ["a", "b"])
    assert (result["score"], result["tier"]) == (score, tier)


def test_calculate_lead_score_endpoint_reports_breakdown(api):
    data = api.ok("crm/calculateLeadScore", contact_id=CARLOS_CONTACT)["data"]
    assert data["breakdown"]["deductions"] == {"email_optout": -50, "sms_optout": -35}
    assert (data["score"], data["tier"]) == (15, "Danger")
    emily = api.ok("crm/calculateLeadScore", contact_id=EMILY_CONTACT)["data"]
    assert (emily["score"], emily["tier"]) == (60, "Fair")


@pytest.mark.parametrize(("raw", "email", "first"), [
    ("Met Dana Lee (dana.lee@orbit.example.com, +1 415 555 0101) at the expo", "dana.lee@orbit.example.com", "Dana"),
    ({"Email": "sam@river.example.com", "First Name": "Sam", "company": "River"}, "sam@river.example.com", "Sam"),
    ("first_name,last_name,email\nAva,Stone,ava.stone@peak.example.com\n", "ava.stone@peak.example.com", "Ava"),
    ('[{"note": "no email"}, {"email": "kim.park@x.example.com"}]', "kim.park@x.example.com", "Kim"),
], ids=["text", "dict", "csv", "json-list"])
def test_contextualize_extracts_contact_facts(raw, email, first):
    facts = extract(raw)
    assert (facts["email"], facts["first_name"]) == (email, first)


def test_contextualize_creates_contact_and_charges_wallet(api):
    data = api.ok("crm/contextualizeData", raw_data="Met Dana Lee (dana.lee@orbit.example.com) at the expo",
                  source="Trade show")["data"]
    assert data["created"] and data["charged"] == "0.25" and data["wallet_balance"] == "142.25"
    assert api.ok("account/fetchWallet", wallet_id=MAIN_WALLET)["data"]["wallet_balance"] == "142.25"
    contact = api.ok("crm/fetchContact", contact_id=data["contact_id"], include_notes=1)["data"]
    assert (contact["first_name"], contact["contact_source"]) == ("Dana", "Trade show")
    assert "at the expo" in contact["notes"][0]["note_content"]


def test_contextualize_refuses_low_balance_and_missing_email_without_charging(api):
    assert api.error("crm/contextualizeData", raw_data="no address here").startswith("No email address found")
    org2 = Api(credentials=ORG2_CREDENTIALS)
    message = org2.error("crm/contextualizeData", raw_data="x@y.example.com", ip="127.0.0.2")
    assert message.startswith("Insufficient wallet balance") and "holds 0.10" in message
    assert org2.app.writes_total == 0


def test_contextualize_help_is_free_and_unauthenticated(api):
    data = api.ok("crm/contextualizeData", creds=False, help=True)["data"]
    assert data["pricing"]["per_call"] == "0.25"
    assert api.ok("account/fetchWallet", wallet_id=MAIN_WALLET)["data"]["wallet_balance"] == "142.50"
