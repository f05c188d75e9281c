"""Contacts and entities in the store: field maps, reading, validated changes, answer records.

Three namings meet here, and this module is the one place that maps between them:

- inputs are camelCase as the v2 pages document them (``firstName``, ``customFields``);
- the store uses the API's internal column names (``cont_fname``, ``ent_name``), which
  also surface where the API shows them: a form field's ``maps_to`` and the legacy
  ``fetchCRMFieldHeaders``;
- answers name a contact as the overview's fetchContact example does (``contact_id``,
  ``first_name``, ``last_name``, ``email``, ``contact_status``), the other fields in
  the same style (``phone``, ``company``, ``tags``, ``custom_fields``, ``created_at``, …):
  :func:`contact_record` and :func:`entity_record` build them.

Example::

    changes = contact_changes(req, org_id, {"firstName": "Ada", "customFields": {"cf_budget": 5000}})
    # {'cont_fname': 'Ada', 'cont_custom_fields': {...merged...}}
    contact_record({"cont_id": "c1", "cont_fname": "Ada", ...}, company="Analytical Engines")
    # {'contact_id': 'c1', 'first_name': 'Ada', ..., 'company': 'Analytical Engines', ...}
"""

from __future__ import annotations

import re
from typing import Any

from . import _store
from ._request import ApiError, Request, placeholders

# camelCase name -> (column, kind)
CONTACT_FIELDS: dict[str, tuple[str, str]] = {
    "salutation": ("cont_salutation", "text"), "firstName": ("cont_fname", "text"),
    "lastName": ("cont_lname", "text"), "email": ("cont_primary_email", "email"),
    "secondaryEmail": ("cont_secondary_email", "email"), "phone": ("cont_primary_phone", "phone"),
    "secondaryPhone": ("cont_secondary_phone", "phone"), "roleLabel": ("cont_role_label", "text"),
    "status": ("cont_status", "text"), "source": ("cont_source", "text"),
    "stageId": ("cont_stage_id", "stage"), "owner": ("cont_owner", "member"),
    "address": ("cont_address", "text"), "addressLine2": ("cont_address_line2", "text"),
    "city": ("cont_city", "text"), "state": ("cont_state", "text"), "zip": ("cont_zip", "text"),
    "country": ("cont_country", "text"), "countryCode": ("cont_country_code", "text"),
    "timezone": ("cont_timezone", "text"), "emailOptout": ("cont_email_optout", "flag"),
    "smsOptout": ("cont_sms_optout", "flag"), "doNotCall": ("cont_do_not_call", "flag"),
    "doNotAutomate": ("cont_do_not_automate", "flag"), "emailVerified": ("cont_email_verified", "flag"),
    "phoneVerified": ("cont_phone_verified", "flag"), "isTestContact": ("cont_is_test_contact", "flag"),
    "autoEngage": ("cont_auto_engage", "flag"), "visibleToOthers": ("cont_visible_to_others", "flag"),
    "editableByOthers": ("cont_editable_by_others", "flag"), "tags": ("cont_tags", "tags"),
}
CONTACT_ALIASES = {"primaryEmail": "email", "primaryPhone": "phone", "role": "roleLabel"}
ENTITY_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("ent_name", "text"), "label": ("ent_label", "text"), "status": ("ent_status", "text"),
    "website": ("ent_website", "text"), "location": ("ent_location", "text"),
    "industry": ("ent_industry", "text"), "tags": ("ent_tags", "tags"), "socials": ("ent_socials", "object"),
}
# Store column -> answer field, in the order answers list them: the overview's five first.
CONTACT_RECORD: dict[str, str] = {
    "cont_id": "contact_id", "cont_fname": "first_name", "cont_lname": "last_name",
    "cont_primary_email": "email", "cont_status": "contact_status", "cont_primary_phone": "phone",
    "cont_salutation": "salutation", "cont_role_label": "contact_role_label",
    "cont_source": "contact_source", "cont_stage_id": "contact_stage_id", "cont_owner": "contact_owner",
    "cont_secondary_email": "secondary_email", "cont_secondary_phone": "secondary_phone",
    "cont_address": "address", "cont_address_line2": "address_line2", "cont_city": "city",
    "cont_state": "state", "cont_zip": "zip", "cont_country": "country", "cont_country_code": "country_code",
    "cont_timezone": "timezone", "cont_email_optout": "email_optout", "cont_sms_optout": "sms_optout",
    "cont_do_not_call": "do_not_call", "cont_do_not_automate": "do_not_automate",
    "cont_email_verified": "email_verified", "cont_phone_verified": "phone_verified",
    "cont_is_test_contact": "is_test_contact", "cont_auto_engage": "auto_engage",
    "cont_visible_to_others": "visible_to_others", "cont_editable_by_others": "editable_by_others",
    "cont_tags": "tags", "cont_custom_fields": "custom_fields", "cont_entity_id": "entity_id",
    "cont_orgid": "org_id", "cont_brandid": "brand_id", "cont_created_at": "created_at",
    "cont_updated_at": "updated_at",
}
ENTITY_RECORD: dict[str, str] = {
    "ent_id": "entity_id", "ent_name": "entity_name", "ent_label": "entity_label", "ent_status": "entity_status",
    "ent_website": "entity_website", "ent_location": "entity_location", "ent_industry": "entity_industry",
    "ent_tags": "entity_tags", "ent_socials": "entity_socials", "ent_custom_fields": "custom_fields",
    "ent_orgid": "org_id", "ent_created_at": "created_at", "ent_updated_at": "updated_at",
}
FREE_MAIL = frozenset({"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com",
                       "proton.me", "example.com"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def contact_record(row: dict[str, Any], company: str | None = None) -> dict[str, Any]:
    """A stored contact as the API answers it; ``company`` is its entity's name (``None``: no entity).

    Example::

        >>> record = contact_record({"cont_id": "c1", "cont_fname": "Jane", "cont_status": "Active"}, "Acme")
        >>> list(record)[:3], record["company"]
        (['contact_id', 'first_name', 'contact_status'], 'Acme')
    """
    out: dict[str, Any] = {}
    for column, name in CONTACT_RECORD.items():
        if column in row:
            out[name] = row[column]
        if column == "cont_primary_phone":
            out["company"] = company
    return out


def entity_record(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored entity as the API answers it (``entity_id``, ``entity_name``, …), ``None`` stays ``None``.

    Example::

        >>> entity_record({"ent_id": "e1", "ent_name": "Acme"})
        {'entity_id': 'e1', 'entity_name': 'Acme'}
    """
    if row is None:
        return None
    return {name: row[column] for column, name in ENTITY_RECORD.items() if column in row}


def field_names(columns: list[str]) -> list[str]:
    """Store columns as answer field names (contact or entity), for lists of changed fields.

    Example::

        >>> field_names(["cont_fname", "ent_website", "cont_custom_fields"])
        ['first_name', 'entity_website', 'custom_fields']
    """
    return [CONTACT_RECORD.get(c) or ENTITY_RECORD.get(c) or c for c in columns]


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def _value(req: Request, org_id: str, name: str, kind: str, value: Any) -> Any:
    if kind == "flag":
        if isinstance(value, bool) or value in (0, 1, "0", "1"):
            return int(value)
        raise ApiError(f"{name} must be 0 or 1")
    if kind == "tags":
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise ApiError(f"{name} must be a JSON array of strings")
        return value
    if kind == "object":
        if not isinstance(value, dict):
            raise ApiError(f"{name} must be a JSON object")
        return value
    if value is None:
        return None
    if isinstance(value, (dict, list, bool)):
        raise ApiError(f"{name} must be a string")
    text = str(value).strip()
    if kind == "email" and text:
        if not _EMAIL.match(text):
            raise ApiError(f"Invalid email '{text}': expected name@domain")
        return text.lower()
    if kind == "phone" and text and len(digits(text)) < 7:
        raise ApiError(f"Invalid phone '{text}': expected at least 7 digits")
    if kind == "stage" and text:
        stage = req.one(
            "SELECT s.stage_id FROM stages s JOIN boards b ON b.board_id = s.stage_boardid "
            "WHERE s.stage_id = ? AND b.board_orgid = ?", text, org_id)
        if stage is None:
            raise ApiError(f"Unknown stageId '{text}': use a stage_id from fetchPipelineStages")
    if kind == "member" and text:
        if req.one("SELECT 1 AS ok FROM members WHERE member_id = ? AND member_orgid = ?", text, org_id) is None:
            raise ApiError(f"Unknown owner '{text}': use a member_id of the organization")
    return text


def _custom(req: Request, org_id: str, applies_to: str, values: Any, current: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise ApiError("customFields must be a JSON object of cf_tag -> value")
    defined = {r["cf_tag"] for r in req.all(
        "SELECT cf_tag FROM custom_fields WHERE cf_orgid = ? AND cf_applies_to = ?", org_id, applies_to)}
    merged = dict(current or {})
    for tag, value in values.items():
        if tag not in defined:
            known = ", ".join(sorted(defined)) or "none"
            raise ApiError(f"Unknown custom field '{tag}' for {applies_to}s: defined fields are {known}")
        if value is None or value == "":
            merged.pop(tag, None)
        else:
            merged[tag] = value
    return merged


def contact_changes(req: Request, org_id: str, fields: dict[str, Any],
                    current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validated column changes for a contact from camelCase ``fields``."""
    changes: dict[str, Any] = {}
    for raw_name, value in fields.items():
        if raw_name == "customFields":
            existing = (current or {}).get("cont_custom_fields") or {}
            changes["cont_custom_fields"] = _custom(req, org_id, "contact", value, existing)
            continue
        name = CONTACT_ALIASES.get(raw_name, raw_name)
        if name not in CONTACT_FIELDS:
            raise ApiError(f"Unknown contact field '{raw_name}': send {{\"help\": true}} to "
                           "crm/updateFieldData for the field list")
        column, kind = CONTACT_FIELDS[name]
        changes[column] = _value(req, org_id, name, kind, value)
    return changes


def entity_changes(req: Request, org_id: str, fields: dict[str, Any],
                   current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validated column changes for an entity from camelCase ``fields``."""
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "customFields":
            existing = (current or {}).get("ent_custom_fields") or {}
            changes["ent_custom_fields"] = _custom(req, org_id, "entity", value, existing)
            continue
        if name not in ENTITY_FIELDS:
            raise ApiError(f"Unknown entity field '{name}': valid fields are "
                           f"{', '.join([*ENTITY_FIELDS, 'customFields'])}")
        column, kind = ENTITY_FIELDS[name]
        changes[column] = _value(req, org_id, name, kind, value)
    return changes


def apply(req: Request, table: str, row: dict[str, Any], changes: dict[str, Any]) -> list[str]:
    """Write the columns of ``changes`` that differ from ``row``; returns the changed columns."""
    key, stamp = ("cont_id", "cont_updated_at") if table == "contacts" else ("ent_id", "ent_updated_at")
    changed = {c: v for c, v in changes.items() if row.get(c) != v}
    if changed:
        _store.update(req.conn, table, key, row[key], {**changed, stamp: req.stamp})
        row.update(changed)
    return sorted(changed)


def find_contact(req: Request, contact_id: str) -> dict[str, Any]:
    """The contact with this id inside the caller's organizations, else ``Contact not found``."""
    return req.find("SELECT * FROM contacts WHERE cont_id = ?", "cont_orgid", contact_id, missing="Contact not found")


def find_entity(req: Request, entity_id: str) -> dict[str, Any]:
    return req.find("SELECT * FROM entities WHERE ent_id = ?", "ent_orgid", entity_id, missing="Entity not found")


def by_email(req: Request, org_id: str, email: str) -> dict[str, Any] | None:
    return req.one("SELECT * FROM contacts WHERE cont_orgid = ? AND lower(cont_primary_email) = ? "
                   "ORDER BY rowid LIMIT 1", org_id, email.strip().lower())


def by_phone(req: Request, org_id: str, phone: str) -> dict[str, Any] | None:
    wanted = digits(phone)
    for row in req.all("SELECT * FROM contacts WHERE cont_orgid = ? AND cont_primary_phone IS NOT NULL "
                       "ORDER BY rowid", org_id):
        if wanted and digits(row["cont_primary_phone"]).endswith(wanted[-10:]):
            return row
    return None


def default_brand(req: Request, org_id: str) -> str:
    if req.caller.brand_id:
        return req.caller.brand_id
    row = req.one("SELECT brand_id FROM brands WHERE brand_orgid = ? ORDER BY CAST(brand_id AS INTEGER)", org_id)
    return row["brand_id"] if row else ""


def first_stage(req: Request, org_id: str) -> str | None:
    row = req.one("SELECT s.stage_id FROM stages s JOIN boards b ON b.board_id = s.stage_boardid "
                  "WHERE b.board_orgid = ? ORDER BY s.stage_display_order LIMIT 1", org_id)
    return row["stage_id"] if row else None


def create_contact(req: Request, org_id: str, owner: str | None, changes: dict[str, Any]) -> dict[str, Any]:
    """Insert a new contact with sensible defaults, overridden by ``changes``."""
    row: dict[str, Any] = {
        "cont_id": req.new_id("contact"), "cont_orgid": org_id, "cont_brandid": default_brand(req, org_id),
        "cont_entity_id": None, "cont_owner": owner, "cont_salutation": "", "cont_fname": "",
        "cont_lname": "", "cont_primary_email": None, "cont_secondary_email": None,
        "cont_primary_phone": None, "cont_secondary_phone": None, "cont_role_label": "",
        "cont_status": "Lead", "cont_source": "API", "cont_stage_id": first_stage(req, org_id),
        "cont_address": "", "cont_address_line2": "", "cont_city": "", "cont_state": "", "cont_zip": "",
        "cont_country": "", "cont_country_code": "", "cont_timezone": "", "cont_email_optout": 0,
        "cont_sms_optout": 0, "cont_do_not_call": 0, "cont_do_not_automate": 0, "cont_email_verified": 0,
        "cont_phone_verified": 0, "cont_is_test_contact": 0, "cont_auto_engage": 0,
        "cont_visible_to_others": 1, "cont_editable_by_others": 0, "cont_tags": [], "cont_custom_fields": {},
        "cont_created_at": req.stamp, "cont_updated_at": req.stamp,
    }
    row.update(changes)
    _store.insert(req.conn, "contacts", row)
    return row


def auto_entity_name(email: str | None, first: str, last: str) -> str:
    """B2B mode names an entity from the email domain, or from the person for free-mail addresses."""
    domain = (email or "").rsplit("@", 1)[-1].lower() if email else ""
    if domain and domain not in FREE_MAIL:
        core = domain.split(".")[0]
        return core.replace("-", " ").title()
    return f"{first} {last}".strip() or "Unnamed company"


def upsert_entity(req: Request, org_id: str, fields: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Find an entity by name in the org and update it, or create it: returns (row, action)."""
    name = str(fields.get("name") or "").strip()
    if not name:
        raise ApiError("entity.name is required to create an entity")
    row = req.one("SELECT * FROM entities WHERE ent_orgid = ? AND lower(ent_name) = ?", org_id, name.lower())
    if row is not None:
        changed = apply(req, "entities", row, entity_changes(req, org_id, fields, row))
        return row, "updated" if changed else "linked"
    row = {"ent_id": req.new_id("entity"), "ent_orgid": org_id, "ent_name": name, "ent_label": "Company",
           "ent_status": "Prospect", "ent_website": "", "ent_location": "", "ent_industry": "",
           "ent_tags": [], "ent_socials": {}, "ent_custom_fields": {}, "ent_created_at": req.stamp,
           "ent_updated_at": req.stamp}
    row.update(entity_changes(req, org_id, fields))
    _store.insert(req.conn, "entities", row)
    return row, "created"


def visible_notes(req: Request, contact_id: str, viewer: str | None) -> list[dict[str, Any]]:
    """Notes the viewer may see: team-visible ones and the viewer's own."""
    return req.all("SELECT * FROM notes WHERE note_contid = ? AND (note_visibility = 1 OR note_memberid = ?) "
                   "ORDER BY note_created_at, rowid", contact_id, viewer or "")


def profiles(req: Request, contact_id: str) -> list[dict[str, Any]]:
    return req.all("SELECT * FROM profiles WHERE profile_contid = ? ORDER BY profile_id", contact_id)


def signals(req: Request, contact_id: str) -> dict[str, Any]:
    """Engagement signals derived from the timeline (comms, forms, events, notes)."""
    comms = req.all("SELECT comms_type, comms_created_at FROM comms WHERE comms_contid = ? "
                    "ORDER BY comms_created_at", contact_id)
    forms = req.all("SELECT sub_created_at FROM submissions WHERE sub_contid = ? ORDER BY sub_created_at",
                    contact_id)
    upcoming = req.one("SELECT COUNT(*) AS n FROM events WHERE ev_contid = ? AND ev_start_utc >= ? "
                       "AND ev_status = 'confirmed'", contact_id, req.stamp)
    by_type: dict[str, int] = {}
    for c in comms:
        by_type[c["comms_type"]] = by_type.get(c["comms_type"], 0) + 1
    touches = len(comms) + len(forms)
    return {
        "comms_count": len(comms), "comms_by_type": by_type,
        "last_comms_at": comms[-1]["comms_created_at"] if comms else None,
        "form_submissions": len(forms), "last_form_at": forms[-1]["sub_created_at"] if forms else None,
        "upcoming_events": upcoming["n"] if upcoming else 0,
        "engagement": "high" if touches >= 4 else "medium" if touches >= 2 else "low",
    }


def entity_of(req: Request, contact: dict[str, Any]) -> dict[str, Any] | None:
    if not contact.get("cont_entity_id"):
        return None
    return req.one("SELECT * FROM entities WHERE ent_id = ?", contact["cont_entity_id"])


def search(req: Request, text: str) -> dict[str, Any] | None:
    """The first contact matching ``text`` over id, names, role, emails, phones and entity name."""
    term = text.strip().lower()
    like, scope, number = f"%{term}%", req.caller.scope(), digits(term)
    phone_clause = ""
    args: list[Any] = [term, term, term, *scope, term, like, like, like, like, like, like, like]
    if len(number) >= 4:
        phone_clause = (" OR replace(replace(replace(replace(c.cont_primary_phone, '+', ''), ' ', ''), '-', ''),"
                        " '.', '') LIKE ? OR replace(replace(c.cont_secondary_phone, '+', ''), ' ', '') LIKE ?")
        args += [f"%{number}%", f"%{number}%"]
    sql = (
        "SELECT c.* , CASE WHEN lower(c.cont_id) = ? OR lower(c.cont_primary_email) = ? THEN 0 "
        "WHEN lower(c.cont_fname || ' ' || c.cont_lname) = ? THEN 1 ELSE 2 END AS _rank "
        "FROM contacts c LEFT JOIN entities e ON e.ent_id = c.cont_entity_id "
        f"WHERE c.cont_orgid IN ({placeholders(scope)}) AND (lower(c.cont_id) = ? "
        "OR lower(c.cont_primary_email) LIKE ? OR lower(c.cont_secondary_email) LIKE ? "
        "OR lower(c.cont_fname || ' ' || c.cont_lname) LIKE ? OR lower(c.cont_lname) LIKE ? "
        "OR lower(c.cont_role_label) LIKE ? OR lower(e.ent_name) LIKE ? OR lower(c.cont_fname) LIKE ?"
        f"{phone_clause}) ORDER BY _rank, c.cont_created_at, c.rowid LIMIT 1"
    )
    row = req.one(sql, *args)
    if row is not None:
        row.pop("_rank", None)
    return row
