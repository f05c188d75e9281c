"""Forms endpoints: published field schemas, submissions, and the two-phase agent wrapper.

A submission matches answers by ``answer_key``; unknown keys are ignored, no match at
all is rejected, required fields are enforced. The submitter becomes a contact: the
one named by ``contact_id``, else the org's contact with the answered email (blank
fields filled in), else a new contact.

Example::

    >>> body = {**creds, "form_id": FORM, "answers": {"first_name": "Dana", "email": "dana@x.example.com",
    ...         "interest": "Pricing"}, "ip_data": IP}                                  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from . import _contacts as C
from . import _store
from ._request import ApiError, Reply, Request

IP_KEYS = ("ip_address", "city", "country", "country_code", "timezone", "lattitude", "longitude")
STUB_IP = {"ip_address": "0.0.0.0", "city": "", "country": "", "country_code": "", "timezone": "UTC",
           "lattitude": "", "longitude": ""}
_COLUMN_TO_FIELD = {column: name for name, (column, _) in C.CONTACT_FIELDS.items()}
AGENT_INSTRUCTIONS = (
    "Ask the person for each field below, in order, using the label as the question. Required fields must "
    "be answered; for fields with options, offer only those options. Then call forms/collectFormData with "
    "phase 'submit', the same form_id, and answers keyed by answer_key."
)


def find_form(req: Request, form_id: str, *, published: bool = True) -> dict[str, Any]:
    form = req.in_scope("SELECT * FROM forms WHERE form_id = ?", "form_orgid", form_id)
    if form is None or (req.caller.brand_id and form["form_brandid"] != req.caller.brand_id):
        raise ApiError("Form not found")
    if published and form["form_status"] != "published":
        raise ApiError("Form is not published")
    return form


def get_form_fields(req: Request) -> Reply:
    form = find_form(req, req.params["form_id"])
    return Reply({"form_id": form["form_id"], "form_name": form["form_name"], "fields": form["form_fields"]})


def _check_answers(form: dict[str, Any], answers: dict[str, Any]) -> tuple[list[str], list[str]]:
    fields = form["form_fields"]
    keys = [f["answer_key"] for f in fields]
    matched = [k for k in answers if k in keys]
    ignored = [k for k in answers if k not in keys]
    if not matched:
        raise ApiError(f"No answers match this form: key answers by answer_key ({', '.join(keys)})")
    for f in fields:
        value = answers.get(f["answer_key"])
        if f.get("required") and (value is None or str(value).strip() == ""):
            raise ApiError(f"Missing required answer '{f['answer_key']}' ({f['label']})")
        if value not in (None, "") and f.get("options") and value not in f["options"]:
            raise ApiError(f"Invalid answer for '{f['answer_key']}': must be one of {', '.join(f['options'])}")
    return matched, ignored


def _mapped(form: dict[str, Any], answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str | None]:
    """Contact fields (camelCase), custom fields and entity name the answers map to."""
    fields: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    entity = None
    for f in form["form_fields"]:
        value, target = answers.get(f["answer_key"]), f.get("maps_to")
        if value in (None, "") or not target:
            continue
        if target in _COLUMN_TO_FIELD:
            fields[_COLUMN_TO_FIELD[target]] = value
        elif target.startswith("cf_"):
            custom[target] = value
        elif target == "ent_name":
            entity = str(value)
    if "firstName" in fields and "lastName" not in fields and " " in str(fields["firstName"]).strip():
        fields["firstName"], fields["lastName"] = str(fields["firstName"]).strip().split(" ", 1)
    return fields, custom, entity


def submit(req: Request, form: dict[str, Any], answers: dict[str, Any], ip_data: dict[str, Any],
           contact_id: str | None, member_id: str | None) -> Reply:
    """Record a submission and create or link its contact (shared by submitForm and collectFormData)."""
    missing = [k for k in IP_KEYS if k not in ip_data]
    if missing:
        raise ApiError(f"ip_data is missing keys: {', '.join(missing)} (all of {', '.join(IP_KEYS)} are "
                       "required; empty strings are allowed)")
    matched, ignored = _check_answers(form, answers)
    org_id = form["form_orgid"]
    fields, custom, entity_name = _mapped(form, answers)
    if custom:
        fields["customFields"] = custom
    created = False
    contact: dict[str, Any] | None
    if contact_id:
        contact = C.find_contact(req, contact_id)
    else:
        contact = C.by_email(req, org_id, str(fields["email"])) if fields.get("email") else None
        if contact is None:
            changes = C.contact_changes(req, org_id, fields)
            contact = C.create_contact(req, org_id, member_id, {**changes, "cont_source": f"Form: {form['form_name']}"})
            created = True
            if entity_name:
                entity, _ = C.upsert_entity(req, org_id, {"name": entity_name})
                C.apply(req, "contacts", contact, {"cont_entity_id": entity["ent_id"]})
    if not created:
        changes = C.contact_changes(req, org_id, fields, contact)
        C.apply(req, "contacts", contact, {k: v for k, v in changes.items() if not contact.get(k)
                                           or k == "cont_custom_fields"})
    sub_id = req.new_id("submission")
    _store.insert(req.conn, "submissions", {"sub_id": sub_id, "sub_formid": form["form_id"],
                                            "sub_contid": contact["cont_id"], "sub_answers": answers,
                                            "sub_ip_data": ip_data, "sub_created_at": req.stamp})
    return Reply({"submission_id": sub_id, "form_id": form["form_id"], "contact_id": contact["cont_id"],
                  "contact_created": created, "matched_answers": matched, "ignored_answers": ignored}, wrote=True)


def submit_form(req: Request) -> Reply:
    p = req.params
    form = find_form(req, p["form_id"])
    return submit(req, form, p["answers"], p["ip_data"], p["contact_id"], req.caller.member_id)


def collect_form_data(req: Request) -> Reply:
    """Phase ``get_fields``: simplified fields plus instructions; phase ``submit``: a stubbed-IP submission."""
    p = req.params
    form = find_form(req, p["form_id"])
    if p["phase"] == "get_fields":
        fields = [{"answer_key": f["answer_key"], "label": f["label"], "type": f["type"],
                   "required": bool(f.get("required")), "options": f.get("options")} for f in form["form_fields"]]
        return Reply({"form_id": form["form_id"], "form_name": form["form_name"], "fields": fields,
                      "instructions": AGENT_INSTRUCTIONS})
    if not p["answers"]:
        raise ApiError("Missing answers: the submit phase needs answers keyed by answer_key")
    owner = req.one("SELECT member_id FROM members WHERE member_orgid = ? ORDER BY member_is_owner DESC, rowid",
                    form["form_orgid"])
    return submit(req, form, p["answers"], dict(STUB_IP), p["contact_id"],
                  req.caller.member_id or (owner or {}).get("member_id"))


HANDLERS = {
    ("forms", "getFormFields"): get_form_fields,
    ("forms", "submitForm"): submit_form,
    ("forms", "collectFormData"): collect_form_data,
}
