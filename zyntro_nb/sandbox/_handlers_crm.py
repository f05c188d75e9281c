"""CRM endpoints: contacts, notes, profiles, communications history and lead scores.

Example::

    >>> app.dispatch("/apis/v2/public/crm/fetchContact", json.dumps({
    ...     **creds, "contact_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "include_entity": 1}).encode())
    ...                                                               # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import Any

from . import _contacts as C
from . import _store
from ._request import ApiError, Reply, Request

LEAD_DEDUCTIONS = (
    ("email_optout", "cont_email_optout", 1, -50),
    ("sms_optout", "cont_sms_optout", 1, -35),
    ("do_not_call", "cont_do_not_call", 1, -25),
    ("email_unverified", "cont_email_verified", 0, -50),
    ("phone_unverified", "cont_phone_verified", 0, -35),
)
LEAD_TIERS = ((90, "Excellent"), (70, "Good"), (50, "Fair"), (30, "Poor"), (0, "Danger"))


def _viewer(req: Request, org_id: str) -> str | None:
    """The member reading: the one named in the body, else the api_key user's member in the org."""
    if req.caller.member_id:
        return req.caller.member_id
    row = req.one("SELECT member_id FROM members WHERE member_userid = ? AND member_orgid = ?",
                  req.caller.user_id or "", org_id)
    return row["member_id"] if row else None


def _with_related(req: Request, contact: dict[str, Any], *, notes: bool, profile: bool, signals: bool,
                  entity: bool) -> dict[str, Any]:
    """The contact as the API answers it (``contact_id``, ``first_name``, …) plus what was asked for."""
    linked = C.entity_of(req, contact)
    out = C.contact_record(contact, company=linked["ent_name"] if linked else None)
    if notes:
        out["notes"] = C.visible_notes(req, contact["cont_id"], _viewer(req, contact["cont_orgid"]))
    if profile:
        out["profile"] = C.profiles(req, contact["cont_id"])
    if signals:
        out["signals"] = C.signals(req, contact["cont_id"])
    if entity:
        out["entity"] = C.entity_record(linked)
    return out


def fetch_contact(req: Request) -> Reply:
    p = req.params
    contact = C.find_contact(req, p["contact_id"])
    return Reply(_with_related(req, contact, notes=bool(p["include_notes"]), profile=bool(p["include_profile"]),
                               signals=bool(p["include_signals"]), entity=bool(p["include_entity"])))


def lookup_contact(req: Request) -> Reply:
    contact = C.search(req, req.params["search_string"])
    if contact is None:
        raise ApiError("Contact not found")
    return Reply(_with_related(req, contact, notes=True, profile=True, signals=True, entity=True))


def _lookup(req: Request, org_id: str, lookup_by: str, fields: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    if lookup_by == "contact_id":
        wanted = str(fields.get("contactId") or fields.get("contact_id") or fields.get("id") or "")
        if not wanted:
            raise ApiError("contact.contactId is required when lookup_by is contact_id")
        row = req.one("SELECT * FROM contacts WHERE cont_id = ? AND cont_orgid = ?", wanted, org_id)
        return wanted, row
    key = "email" if lookup_by == "email" else "phone"
    value = fields.get(key) or fields.get("primaryEmail" if key == "email" else "primaryPhone")
    if not value:
        raise ApiError(f"contact.{key} is required when lookup_by is {lookup_by}")
    value = str(value)
    return value, (C.by_email(req, org_id, value) if key == "email" else C.by_phone(req, org_id, value))


def add_contacts_full(req: Request) -> Reply:
    """Insert, update or upsert one contact (and its entity) matched by ``lookup_by``."""
    p, org_id = req.params, req.caller.org_id or ""
    fields = dict(p["contact"])
    mode, lookup_by = p["mode"], p["lookup_by"]
    if mode == "insert" and lookup_by == "contact_id":
        raise ApiError("mode insert cannot use lookup_by contact_id: contact ids are assigned by the API")
    lookup_value, existing = _lookup(req, org_id, lookup_by, fields)
    for key in ("contactId", "contact_id", "id"):
        fields.pop(key, None)
    if existing is not None and mode == "insert":
        raise ApiError(f"Contact already exists ({existing['cont_id']}): use mode update or upsert")
    if existing is None and (mode == "update" or lookup_by == "contact_id"):
        raise ApiError(f"Contact not found ({lookup_by} = {lookup_value}): use mode insert or upsert to create it")
    changes = C.contact_changes(req, org_id, fields, existing)
    wrote = False
    if existing is None:
        if not changes.get("cont_primary_email") and not changes.get("cont_primary_phone"):
            raise ApiError("contact needs an email or a phone")
        contact = C.create_contact(req, org_id, req.caller.member_id, changes)
        created, changed, wrote = True, sorted(changes), True
    else:
        contact, created = existing, False
        changed = C.apply(req, "contacts", contact, changes)
        wrote = bool(changed)
    entity_action = "skipped"
    entity_created = False
    if not p["skip_entity"]:
        entity_fields = p["entity"]
        if entity_fields is None and created:
            entity_fields = {"name": C.auto_entity_name(contact["cont_primary_email"], contact["cont_fname"],
                                                        contact["cont_lname"])}
        if entity_fields is not None:
            if not entity_fields.get("name") and contact["cont_entity_id"]:
                entity = C.find_entity(req, contact["cont_entity_id"])
                entity_action = "updated" if C.apply(req, "entities", entity,
                                                     C.entity_changes(req, org_id, entity_fields, entity)) \
                    else "unchanged"
            else:
                entity, entity_action = C.upsert_entity(req, org_id, entity_fields)
            entity_created = entity_action == "created"
            if contact["cont_entity_id"] != entity["ent_id"]:
                C.apply(req, "contacts", contact, {"cont_entity_id": entity["ent_id"]})
                changed.append("cont_entity_id")
            wrote = wrote or entity_action in ("created", "updated") or "cont_entity_id" in changed
        else:
            entity_action = "unchanged"
    data: dict[str, Any] = {
        "contact_id": contact["cont_id"], "entity_id": contact["cont_entity_id"],
        "mode": "insert" if created else "update", "created": created, "entity_created": entity_created,
        "updated_fields": sorted(C.field_names(changed)),
    }
    if p["debug"]:
        data["debug"] = {"requested_mode": mode, "lookup_by": lookup_by, "lookup_value": lookup_value,
                         "matched_contact_id": existing["cont_id"] if existing else None,
                         "columns_written": changed, "entity_action": entity_action}
    return Reply(data, wrote=wrote)


def update_field_data(req: Request) -> Reply:
    """Patch fields on a contact and/or entity; ``customFields`` merge, ``tags`` replace."""
    p = req.params
    if not p["contact_id"] and not p["entity_id"]:
        raise ApiError("Missing contact_id or entity_id: send at least one")
    if not p["fields"]:
        raise ApiError("fields must not be empty")
    contact = C.find_contact(req, p["contact_id"]) if p["contact_id"] else None
    entity = C.find_entity(req, p["entity_id"]) if p["entity_id"] else None
    if entity is None and contact is not None and contact["cont_entity_id"]:
        entity = req.one("SELECT * FROM entities WHERE ent_id = ?", contact["cont_entity_id"])
    org_id = (contact or entity or {}).get("cont_orgid") or (entity or {}).get("ent_orgid") or ""
    to_contact: dict[str, Any] = {}
    to_entity: dict[str, Any] = {}
    contact_cf = {r["cf_tag"] for r in req.all(
        "SELECT cf_tag FROM custom_fields WHERE cf_orgid = ? AND cf_applies_to = 'contact'", org_id)}
    for name, value in p["fields"].items():
        if name == "customFields" and isinstance(value, dict):
            for tag, v in value.items():
                target = to_contact if (contact is not None and (tag in contact_cf or entity is None)) else to_entity
                target.setdefault("customFields", {})[tag] = v
        elif contact is not None and (name in C.CONTACT_FIELDS or name in C.CONTACT_ALIASES):
            to_contact[name] = value
        elif entity is not None and name in C.ENTITY_FIELDS:
            to_entity[name] = value
        elif contact is not None:
            to_contact[name] = value  # reported as an unknown contact field
        else:
            to_entity[name] = value
    if to_entity and entity is None:
        raise ApiError("The contact has no entity: send entity_id or create one with addContactsFull")
    changed_contact = C.apply(req, "contacts", contact, C.contact_changes(req, org_id, to_contact, contact)) \
        if contact is not None and to_contact else []
    changed_entity = C.apply(req, "entities", entity, C.entity_changes(req, org_id, to_entity, entity)) \
        if entity is not None and to_entity else []
    data = {"contact_id": contact["cont_id"] if contact else None, "entity_id": entity["ent_id"] if entity else None,
            "updated": {"contact": sorted(C.field_names(changed_contact)),
                        "entity": sorted(C.field_names(changed_entity))},
            "changed": bool(changed_contact or changed_entity)}
    return Reply(data, wrote=bool(changed_contact or changed_entity))


def _owned_contact(req: Request) -> dict[str, Any]:
    contact = C.find_contact(req, req.params["contact_id"])
    if contact["cont_owner"] != req.caller.member_id:
        raise ApiError("Only the contact owner can do this")
    return contact


def add_profile(req: Request) -> Reply:
    contact = _owned_contact(req)
    p = req.params
    source = p.get("profile_source") or "API"
    profile_id = _store.insert(req.conn, "profiles", {
        "profile_contid": contact["cont_id"], "profile_source": source,
        "profile_payload": p["profile_payload"], "profile_created_at": req.stamp})
    return Reply({"profile_id": profile_id, "profile_payload": p["profile_payload"], "profile_source": source},
                 wrote=True)


def add_note(req: Request) -> Reply:
    """Create a note, or update the note named by ``note_id`` (unchanged text is not a write)."""
    contact = _owned_contact(req)
    p = req.params
    values = {"note_content": p["note"], "note_visibility": p["note_visibility"],
              "note_editable": p["note_editable"]}
    note_id = p.get("note_id")
    wrote = True
    if note_id:
        note = req.one("SELECT * FROM notes WHERE note_id = ? AND note_contid = ?", note_id, contact["cont_id"])
        if note is None:
            raise ApiError("Note not found")
        changed = {k: v for k, v in values.items() if note[k] != v}
        wrote = bool(changed)
        if changed:
            _store.update(req.conn, "notes", "note_id", note_id, {**changed, "note_updated_at": req.stamp})
    else:
        note_id = req.new_id("note")
        _store.insert(req.conn, "notes", {"note_id": note_id, "note_contid": contact["cont_id"],
                                          "note_memberid": req.caller.member_id, **values,
                                          "note_created_at": req.stamp, "note_updated_at": req.stamp})
    return Reply({"note_id": note_id, **values, "contact_id": contact["cont_id"]}, wrote=wrote)


def add_comms_history(req: Request) -> Reply:
    p = req.params
    contact = C.find_contact(req, p["contact_id"])
    if p["comms_source"] and len(p["comms_source"]) > 55:
        raise ApiError("comms_source must be at most 55 characters")
    data = p["comms_data"]
    row = {"comms_id": req.new_id("comms"), "comms_contid": contact["cont_id"],
           "comms_memberid": req.caller.member_id, "comms_type": p["comms_type"],
           "comms_data": json.dumps(data) if isinstance(data, dict) else data,
           "comms_source": p["comms_source"] or "External API", "comms_sentiment": p["comms_sentiment"],
           "comms_next": p["comms_next"], "comms_status": p["comms_status"], "comms_created_at": req.stamp}
    _store.insert(req.conn, "comms", row)
    return Reply({**row, "comms_data": data}, wrote=True)


def lead_score(contact: dict[str, Any], defined: list[str]) -> dict[str, Any]:
    """Score a contact by the documented rules (pure function, easy to test).

    Base is the custom-field completion percentage (100 when the org defines none);
    deductions: email opt-out -50, SMS opt-out -35, DNC -25, email unverified -50,
    phone unverified -35; clamped to 0-100.
    """
    values = contact.get("cont_custom_fields") or {}
    filled = [t for t in defined if values.get(t) not in (None, "")]
    base = round(100 * len(filled) / len(defined)) if defined else 100
    deductions = {name: points for name, column, when, points in LEAD_DEDUCTIONS
                  if int(contact.get(column) or 0) == when}
    score = max(0, min(100, base + sum(deductions.values())))
    tier = next(label for floor, label in LEAD_TIERS if score >= floor)
    return {"contact_id": contact["cont_id"], "score": score, "tier": tier, "breakdown": {
        "custom_field_completion": base, "custom_fields_filled": len(filled),
        "custom_fields_defined": len(defined), "deductions": deductions,
        "total_deductions": sum(deductions.values())}}


def calculate_lead_score(req: Request) -> Reply:
    contact = C.find_contact(req, req.params["contact_id"])
    defined = [r["cf_tag"] for r in req.all(
        "SELECT cf_tag FROM custom_fields WHERE cf_orgid = ? AND cf_applies_to = 'contact' ORDER BY cf_tag",
        contact["cont_orgid"])]
    return Reply(lead_score(contact, defined))


HANDLERS = {
    ("crm", "fetchContact"): fetch_contact,
    ("crm", "lookupContact"): lookup_contact,
    ("crm", "addContactsFull"): add_contacts_full,
    ("crm", "updateFieldData"): update_field_data,
    ("crm", "addProfileToContact"): add_profile,
    ("crm", "calculateLeadScore"): calculate_lead_score,
    ("crm", "addNotestoContact"): add_note,
    ("crm", "addCommsHistory"): add_comms_history,
}
