"""Regenerate ``zyntro_nb/_catalog/endpoints.json`` from the API contract in ``../shared/zyntro-api``.

The shipped catalog is data derived from the contract; this script is the only
place that knows how the contract's files are laid out. ``tests/test_catalog.py``
checks that the shipped file equals what this script builds.

Example::

    python tests/build_catalog.py ../shared/zyntro-api > zyntro_nb/_catalog/endpoints.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from catalog_text import user_description, user_notes, user_response, user_summary

BASE_IDENTIFIERS = ("api_key", "developer_secret", "org_id", "brand_id", "member_id")
HELP_ENDPOINTS = {
    ("crm", "updateFieldData"),
    ("crm", "contextualizeData"),
    ("account", "createWebhook"),
    ("account", "fetchWebhooks"),
    ("account", "updateWebhook"),
    ("legacy", "contextualizeData"),
}
# How a payload becomes rows, where "one row per object" is not the right rule.
ROW_RULES: dict[tuple[str, str], dict[str, Any]] = {
    ("forms", "getFormFields"): {"path": "fields"},
    ("forms", "collectFormData"): {"path": "fields"},
    ("legacy", "fetchCRMFieldHeaders"): {"path": "headers", "columns": ["column", "description"]},
}
PAGING: dict[tuple[str, str], dict[str, Any]] = {
    ("edge", "getEnrollments"): {"limit": "limit", "offset": "offset", "total": "count", "page_size": 50},
}
# Row fields for endpoints whose rows come from a list inside ``data``.
ROW_FIELDS: dict[tuple[str, str], list[str]] = {
    ("forms", "getFormFields"): ["answer_key", "label", "type", "required", "maps_to", "placeholder", "options"],
    ("forms", "collectFormData"): ["answer_key", "label", "type", "required", "options"],
    ("legacy", "fetchCRMFieldHeaders"): ["column", "description"],
}
# A parameter the contract describes as the user id is filled from the session's user_id.
USER_ID_NOTE = re.compile(r"\buser id\b", re.IGNORECASE)
# Writes the contract documents as idempotent (README, "Other documented behaviour": createCustomer
# and enroll return the existing record with ``existing: true``): the client may resend them.
# edge/fire's 60-second cooldown is not idempotency (a resend after it charges again), so it is not here.
IDEMPOTENT_WRITES = {("edge", "createCustomer"), ("edge", "enroll")}
# For each write, how to tell whether it was applied when its answer was lost. Either the read
# that shows it — ``endpoint`` to call, ``from`` (read parameter -> dotted path into the write's body,
# or a list of paths: the first the body has), ``set`` (read parameter -> fixed value), ``look_for``
# (what a person looks for in the answer) — or ``cannot``: why no read in the contract can tell, and
# what the user can do instead (``{path}`` is filled from the write's body).
# Where a program can decide too (bulk re-runs check before resending): ``within`` (the list in the
# read's answer to search), ``match`` (answer field -> write body path; every one the write has must
# be equal), ``keep`` (write answer field -> answer field). Exactness: ``baseline`` names the answer
# field identifying an item when the write ADDS an item that may equal one already there (a second
# identical note): bulk notes which equal items exist before sending, and only a new one counts;
# ``needs`` (body paths without which only a person can decide), ``unseen`` (body paths the read does
# not show: a write setting one is decided by a person) and ``covers`` (body objects every key of
# which must be matched).
_NO_CUSTOMER_READ = ("no read in the API finds a billing customer by contact: getCustomer needs the bc_id that was in "
                     "the lost answer, and getEnrollments lists enrollments, which a new customer does not have")
_NOT_RECORDED = ("the API has no record of a contextualize run to read back: the contact it files the data under may "
                 "have existed before, and the notes, comms and profile it adds cannot be told from earlier ones; "
                 "each run is billed, so look at the contact in the Zyntro app (and the wallet's balance) first")
_PROFILE = {"endpoint": "crm/fetchContact", "from": {"contact_id": "contact_id"}, "set": {"include_profile": 1},
            "look_for": "a new profile with this source and payload", "within": "profile",
            "match": {"profile_source": "profile_source", "profile_payload": "profile_payload"},
            "keep": {"profile_id": "profile_id", "profile_source": "profile_source",
                     "profile_payload": "profile_payload"},
            "baseline": "profile_id"}
_NOTE = {"endpoint": "crm/fetchContact", "from": {"contact_id": "contact_id"}, "set": {"include_notes": 1},
         "look_for": "a new note with this text among the contact's notes", "within": "notes",
         "match": {"note_id": "note_id", "note_content": "note", "note_visibility": "note_visibility",
                   "note_editable": "note_editable"},
         "keep": {"note_id": "note_id", "note_content": "note_content", "note_visibility": "note_visibility",
                  "note_editable": "note_editable"},
         "baseline": "note_id"}
VERIFY: dict[tuple[str, str], dict[str, Any]] = {
    ("crm", "addContactsFull"): {"endpoint": "crm/lookupContact",
                                 "from": {"search_string": ["contact.email", "contact.phone", "contact.contactId"]},
                                 "look_for": "a contact with this email or phone and the names sent",
                                 "match": {"contact_id": "contact.contactId", "email": "contact.email",
                                           "phone": "contact.phone", "first_name": "contact.firstName",
                                           "last_name": "contact.lastName"},
                                 "keep": {"contact_id": "contact_id", "entity_id": "entity_id"}},
    ("crm", "updateFieldData"): {"endpoint": "crm/fetchContact", "from": {"contact_id": "contact_id"},
                                 "look_for": "the new field values",
                                 "match": {"contact_id": "contact_id", "first_name": "fields.firstName",
                                           "last_name": "fields.lastName", "email": "fields.email",
                                           "phone": "fields.phone"},
                                 "keep": {"contact_id": "contact_id"}, "covers": ["fields"]},
    ("crm", "addProfileToContact"): _PROFILE,
    ("crm", "addNotestoContact"): _NOTE,
    ("crm", "addCommsHistory"): {"cannot": "no read in the API lists a contact's communication history (fetchContact's "
                                           "signals are counts derived from it, not its entries); open the timeline "
                                           "of contact {contact_id} in the Zyntro app and look for this {comms_type} "
                                           "entry"},
    ("crm", "contextualizeData"): {"cannot": _NOT_RECORDED},
    ("calendar", "createEvent"): {"cannot": "no read in the API lists calendar events (checkAvailability needs a "
                                            "schedule_id and shows only whether slots are free, not whose event holds "
                                            "them); look in calendar {event_data.calendar_id} in the Zyntro app for "
                                            "an event at {event_data.event_start_time} with contact {contact_id}"},
    ("forms", "submitForm"): {"cannot": "no read in the API lists form submissions; look at the submissions "
                                        "of form {form_id} in the Zyntro app"},
    ("forms", "collectFormData"): {"cannot": "no read in the API lists form submissions (the get_fields phase changes "
                                             "nothing and may be run again); look at the submissions of form {form_id} "
                                             "in the Zyntro app"},
    ("account", "createWebhook"): {"endpoint": "account/fetchWebhooks",
                                   "look_for": "a new webhook with this wh_name and wh_endpoint (its signing secret "
                                               "was only in the lost answer)",
                                   "match": {"wh_name": "wh_name", "wh_endpoint": "wh_endpoint"},
                                   "keep": {"wh_id": "wh_id"}, "baseline": "wh_id"},
    ("account", "updateWebhook"): {"endpoint": "account/fetchWebhooks",
                                   "look_for": "the webhook with the new settings",
                                   "match": {"wh_id": "wh_id", "wh_name": "wh_name", "wh_endpoint": "wh_endpoint",
                                             "wh_events": "wh_events", "wh_auth_type": "wh_auth_type",
                                             "wh_timeout": "wh_timeout", "wh_status": "wh_status"},
                                   "keep": {"wh_id": "wh_id"}, "unseen": ["wh_auth_data"]},
    ("edge", "createCustomer"): {"cannot": _NO_CUSTOMER_READ + "; the answer to sending it again says existing: true "
                                           "if the lost one was applied"},
    ("edge", "buildCustomerProfileSetup"): {"cannot": _NO_CUSTOMER_READ + "; look in the Zyntro app (Edge billing) "
                                                      "for a pending billing customer of contact {contact_id}"},
    ("edge", "setupPaymentMethod"): {"cannot": "no read in the API shows a started setup (getCustomer shows a payment "
                                               "method only once confirmPaymentMethod attached it); look in the "
                                               "payment gateway's dashboard for a setup started for contact "
                                               "{contact_id}: an unconfirmed setup attaches nothing"},
    ("edge", "confirmPaymentMethod"): {"endpoint": "edge/getCustomer", "from": {"bc_id": "bc_id"},
                                       "look_for": "bc_status 'active' with this payment method in bc_payment_data",
                                       "match": {"bc_id": "bc_id", "bc_payment_data.pm_id": "payment_method_id"},
                                       "keep": {"bc_id": "bc_id", "bc_status": "bc_status",
                                                "bc_payment_data": "bc_payment_data"},
                                       "needs": ["payment_method_id"]},
    ("edge", "enroll"): {"endpoint": "edge/getEnrollments",
                         "from": {"billing_customer_id": "billing_customer_id", "billable_item_id": "billable_item_id"},
                         "set": {"status": "active"}, "look_for": "the active enrollment",
                         "match": {"ts_billing_customer_id": "billing_customer_id",
                                   "ts_billable_item_id": "billable_item_id", "ts_contid": "contact_id"},
                         "keep": {"ts_id": "ts_id", "ts_status": "ts_status", "ts_contid": "ts_contid"}},
    ("edge", "fire"): {"endpoint": "edge/getEnrollments",
                       "from": {"billing_customer_id": "billing_customer_id", "billable_item_id": "billable_item_id"},
                       "look_for": "ts_last_triggered_at: a time after you sent it means it fired "
                                   "(ts_last_charge_status says how the charge went; a resend within 60 s is "
                                   "refused, later it charges again)"},
    ("legacy", "createContact"): {"endpoint": "crm/lookupContact", "from": {"search_string": "email"},
                                  "look_for": "a contact with this email and the names sent",
                                  "match": {"email": "email", "first_name": "first_name", "last_name": "last_name"},
                                  "keep": {"contact_id": "contact_id", "entity_id": "entity_id"}},
    ("legacy", "addProfileToContact"): _PROFILE,
    ("legacy", "addNotestoContact"): {**_NOTE, "match": {k: v for k, v in _NOTE["match"].items() if k != "note_id"}},
    ("legacy", "contextualizeData"): {"cannot": _NOT_RECORDED},
}
# Answer fields holding lists of records (what expand= / --expand takes): a contact's notes and
# profiles (fetchContact's include_notes/include_profile; lookupContact "always includes" them) and
# the working hours the legacy organization page lists as [{day, start_time, end_time, is_open}].
RECORDS: dict[tuple[str, str], list[str]] = {
    ("crm", "fetchContact"): ["notes", "profile"],
    ("crm", "lookupContact"): ["notes", "profile"],
    ("legacy", "fetchOrganization"): ["org_working_hours"],
}
# Endpoints answering one contact record: their fields are the overview's documented answer.
CONTACT_ENDPOINTS = {("crm", "fetchContact"), ("crm", "lookupContact")}
CONFIRM_PAYMENT_PARAMS = [
    {"name": "bc_id", "type": "string", "required": True, "default": None, "enum": None,
     "description": "Billing customer from edge/setupPaymentMethod"},
    {"name": "payment_method_id", "type": "string", "required": False, "default": None, "enum": None,
     "description": "Gateway payment method or setup intent to attach"},
]


def documented_fields(shape: str | None) -> list[str]:
    """Top-level field names of ``data`` listed in a contract ``response_shape``, in order."""
    if not shape:
        return []
    match = re.search(r"data(\[\] of [^{]*)?\{", shape)
    if not match:
        return []
    depth, part, parts = 0, "", []
    for char in shape[match.end():]:
        if char in "{[":
            depth += 1
        elif char in "}]":
            if depth == 0:
                break
            depth -= 1
        if char == "," and depth == 0:
            parts.append(part)
            part = ""
        else:
            part += char
    parts.append(part)
    names: list[str] = []
    for item in parts:
        name = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)(\*?)", item)
        if name and not name.group(2) and name.group(1) not in names:
            names.append(name.group(1))
    return names


def overview_contact_fields(readme: str) -> list[str]:
    """The keys of the one contact record the overview documents (its fetchContact success answer)."""
    for block in re.findall(r"```json\n(.*?)```", readme, flags=re.DOTALL):
        try:
            example = json.loads(block)
        except ValueError:
            continue
        data = example.get("data") if isinstance(example, dict) else None
        if isinstance(data, dict) and "contact_id" in data:
            return list(data)
    return []


def convert(entry: dict[str, Any], legacy: bool, contact_fields: list[str] | None = None) -> dict[str, Any]:
    module, action = entry["module"], entry["action"]
    group = module
    if legacy:
        module = "legacy"
        action = {"contextualize-data": "contextualizeData"}.get(action, action.removesuffix(".php"))
        path = f"/apis/public/{action}.php"
    else:
        path = f"/apis/v2/public/{module}/{action}"
    key = (module, action)
    params = []
    for param in entry["params"]:
        if param["name"] in BASE_IDENTIFIERS:
            continue
        converted = {
            "name": param["name"],
            "type": param["type"],
            "required": bool(param["required"]),
            "default": param["default"],
            "enum": param["enum"],
            "description": user_description(param.get("note") or "", module, action, param["name"]),
        }
        if USER_ID_NOTE.search(param.get("note") or ""):
            converted["fill"] = "user_id"
        params.append(converted)
    identifiers = list(entry["identifiers"])
    if key == ("edge", "confirmPaymentMethod"):
        params = CONFIRM_PAYMENT_PARAMS
        identifiers = ["api_key", "org_id", "brand_id"]
    example = entry.get("example_response")
    fields = documented_fields(entry.get("response_shape"))
    if isinstance(example, dict) and isinstance(example.get("data"), dict):
        fields += [name for name in example["data"] if name not in fields]
    fields = ROW_FIELDS.get(key, fields)
    if key in CONTACT_ENDPOINTS and contact_fields:
        fields = [*contact_fields, *(name for name in fields if name not in contact_fields)]
    notes = user_notes(module, action, identifiers, legacy)  # written for users (tests/catalog_text.py)
    records = {"records": RECORDS[key]} if key in RECORDS else {}  # only where known: the key is optional
    return {
        "module": module,
        "action": action,
        "title": entry["title"],
        "summary": user_summary(module, action, entry["summary"]),
        "path": path,
        "read_only": bool(entry["read_only"]),
        "identifiers": identifiers,
        "params": params,
        "paging": PAGING.get(key),
        "rows": ROW_RULES.get(key),
        "fields": fields,
        "help": key in HELP_ENDPOINTS,
        "idempotent": key in IDEMPOTENT_WRITES,
        "verify": VERIFY.get(key),
        "legacy": legacy,
        "group": group,
        "response": user_response(entry.get("response_shape") or ""),
        "notes": notes,
        "example": example,
        "example_request": entry.get("example_request"),
        **records,
    }


def build(contract_dir: Path) -> list[dict[str, Any]]:
    current = json.loads((contract_dir / "endpoints.json").read_text())
    legacy = json.loads((contract_dir / "endpoints_legacy.json").read_text())
    readme = contract_dir / "README.md"
    contact_fields = overview_contact_fields(readme.read_text()) if readme.exists() else []
    return [convert(e, False, contact_fields) for e in current] + [convert(e, True) for e in legacy]


def render(contract_dir: Path) -> str:
    return json.dumps({"version": 1, "endpoints": build(contract_dir)}, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/zyntro-api")))
