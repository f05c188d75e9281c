"""The older ``/apis/public/<name>.php`` endpoints, over the same store as v2.

Example::

    >>> app.dispatch("/apis/public/fetchPipelineStages.php", json.dumps(creds).encode())   # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from . import _contacts as C
from ._handlers_account import find_wallet, organization, wallet_out
from ._handlers_crm import add_note, add_profile
from ._request import ApiError, Reply, Request

# legacy flat snake_case -> v2 camelCase
CONTACT_KEYS = {
    "first_name": "firstName", "last_name": "lastName", "email": "email", "salutation": "salutation",
    "contact_status": "status", "contact_source": "source", "contact_role_label": "roleLabel",
    "contact_stage_id": "stageId", "contact_owner": "owner", "secondary_email": "secondaryEmail",
    "phone": "phone", "secondary_phone": "secondaryPhone", "address": "address", "address_line2": "addressLine2",
    "city": "city", "state": "state", "zip": "zip", "country": "country", "country_code": "countryCode",
    "timezone": "timezone", "is_test_contact": "isTestContact", "do_not_call": "doNotCall",
    "do_not_automate": "doNotAutomate", "email_verified": "emailVerified", "phone_verified": "phoneVerified",
    "auto_engage": "autoEngage", "email_optout": "emailOptout", "sms_optout": "smsOptout",
    "visible_to_others": "visibleToOthers", "editable_by_others": "editableByOthers",
}
ENTITY_KEYS = {"entity_name": "name", "entity_label": "label", "entity_status": "status",
               "entity_location": "location", "entity_website": "website", "entity_tags": "tags",
               "entity_socials": "socials"}
FIELD_HEADERS = (
    ("cont_fname", "Contact first name"), ("cont_lname", "Contact last name"),
    ("cont_salutation", "Salutation (Mr., Ms., Dr.)"), ("cont_primary_email", "Primary email address"),
    ("cont_secondary_email", "Secondary email address"), ("cont_primary_phone", "Primary phone number"),
    ("cont_secondary_phone", "Secondary phone number"), ("cont_role_label", "Job title or role"),
    ("cont_status", "Lifecycle status (Lead, Active, Customer, Churned)"), ("cont_source", "Lead source"),
    ("cont_stage_id", "Pipeline stage id"), ("cont_owner", "Owning member id"), ("cont_city", "City"),
    ("cont_state", "State or region"), ("cont_country", "Country"), ("cont_timezone", "IANA time zone"),
    ("cont_email_optout", "1 if opted out of email"), ("cont_sms_optout", "1 if opted out of SMS"),
    ("cont_do_not_call", "1 if on the do-not-call list"), ("ent_name", "Company name"),
    ("ent_label", "Entity label"), ("ent_status", "Entity status"), ("ent_website", "Company website"),
    ("ent_location", "Company location"), ("ent_industry", "Company industry"),
)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def create_contact(req: Request) -> Reply:
    """Create or update a contact matched on email, with its entity, from the flat legacy payload."""
    p, org_id = req.params, req.caller.org_id or ""
    fields = {camel: p.get(snake, req.body.get(snake)) for snake, camel in CONTACT_KEYS.items()}
    fields = {k: v for k, v in fields.items() if v is not None}
    if p.get("full_name") and not p.get("last_name"):
        fields.setdefault("lastName", str(p["full_name"]).partition(" ")[2])
    entity_fields = {camel: p[snake] for snake, camel in ENTITY_KEYS.items() if p.get(snake) is not None}
    existing = C.by_email(req, org_id, p["email"])
    log = []
    if existing is None:
        contact = C.create_contact(req, org_id, req.caller.member_id, C.contact_changes(req, org_id, fields))
        changed, wrote = True, True
        log.append("contact created")
    else:
        contact = existing
        changed = bool(C.apply(req, "contacts", contact, C.contact_changes(req, org_id, fields, contact)))
        wrote = changed
        log.append("contact updated" if changed else "contact unchanged")
    if entity_fields.get("name"):
        entity, action = C.upsert_entity(req, org_id, entity_fields)
        if contact["cont_entity_id"] != entity["ent_id"]:
            C.apply(req, "contacts", contact, {"cont_entity_id": entity["ent_id"]})
            wrote = True
        wrote = wrote or action in ("created", "updated")
        log.append(f"entity {action}")
    return Reply({"contact_id": contact["cont_id"], "entity_id": contact["cont_entity_id"]},
                 extra={"log": "; ".join(log)}, wrote=wrote)


def fetch_pipeline_stages(req: Request) -> Reply:
    board = req.one("SELECT * FROM boards WHERE board_orgid = ? ORDER BY rowid", req.caller.org_id)
    if board is None:
        raise ApiError("No pipeline board defined for this organization")
    phases: dict[str, list[dict[str, Any]]] = {}
    for s in req.all("SELECT * FROM stages WHERE stage_boardid = ? ORDER BY stage_phase_order, stage_display_order",
                     board["board_id"]):
        phases.setdefault(s["stage_phase"], []).append({k: s[k] for k in (
            "stage_id", "stage_name", "stage_description", "stage_entry_criteria", "stage_exit_criteria",
            "stage_fulfillment", "stage_display_order")})
    return Reply({"board_id": board["board_id"], "board_name": board["board_name"],
                  "board_description": board["board_description"], "phases": phases})


def fetch_field_headers(req: Request) -> Reply:
    custom = req.all("SELECT cf_tag, cf_label FROM custom_fields WHERE cf_orgid = ? AND (cf_brandid = ? OR "
                     "cf_brandid IS NULL) ORDER BY cf_applies_to, rowid", req.caller.org_id, req.caller.brand_id)
    headers = [list(h) for h in FIELD_HEADERS] + [[c["cf_tag"], c["cf_label"]] for c in custom]
    return Reply({"headers": headers})


def fetch_audiences(req: Request) -> Reply:
    rows = req.all("SELECT seg_doc FROM audiences WHERE seg_brandid = ? ORDER BY rowid", req.caller.brand_id)
    if not rows:
        raise ApiError("No audience segments have been defined for this brand")
    message = (f"{len(rows)} audience segments have been defined for your brand. You can ask your member "
               "in-charge to add more audiences if you like.")
    return Reply([r["seg_doc"] for r in rows], extra={"message": message})


def fetch_member(req: Request) -> Reply:
    member = req.one("SELECT * FROM members WHERE member_id = ?", req.caller.member_id)
    keys = [f for f in req.endpoint.fields if f in (member or {})]
    return Reply({k: member[k] for k in keys} if member else {})


def fetch_organization(req: Request) -> Reply:
    data = organization(req, req.caller.org_id or "")
    hours = data["org_working_hours"] or {}
    data["org_working_hours"] = [
        {"day": day.title(), "start_time": hours.get(day, {}).get("start", ""),
         "end_time": hours.get(day, {}).get("end", ""), "is_open": day in hours} for day in DAYS]
    return Reply(data)


def fetch_wallet_balance(req: Request) -> Reply:
    return Reply(wallet_out(find_wallet(req, req.params["wallet_id"])))


def contextualize_help_only(req: Request) -> Reply:
    raise ApiError("This legacy endpoint only answers {\"help\": true}: send data to "
                   "/apis/v2/public/crm/contextualizeData")


HANDLERS = {
    ("legacy", "createContact"): create_contact,
    ("legacy", "addProfileToContact"): add_profile,
    ("legacy", "addNotestoContact"): add_note,
    ("legacy", "fetchPipelineStages"): fetch_pipeline_stages,
    ("legacy", "fetchCRMFieldHeaders"): fetch_field_headers,
    ("legacy", "fetchAudiences"): fetch_audiences,
    ("legacy", "contextualizeData"): contextualize_help_only,
    ("legacy", "fetchMember"): fetch_member,
    ("legacy", "fetchOrganization"): fetch_organization,
    ("legacy", "fetchWalletBalance"): fetch_wallet_balance,
}
