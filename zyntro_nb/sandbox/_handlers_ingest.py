"""crm/contextualizeData: a deterministic stand-in for the API's AI ingestion.

Parses emails, names, phones and companies out of JSON, CSV or free text, upserts
one contact by email, keeps the raw data as a note and a profile, and charges the
organization's default wallet a fixed sandbox price (only when it succeeds).

Example::

    >>> extract("Met Dana Lee (dana.lee@orbit.example.com) at the expo")["email"]
    'dana.lee@orbit.example.com'
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from . import _contacts as C
from . import _store
from ._help import CONTEXTUALIZE_PRICE_CENTS
from ._request import ApiError, Reply, Request

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
_NAME_LABEL = re.compile(r"(?:^|\b)(?:name|contact)\s*[:=]\s*([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)", re.I)
_NAME_BEFORE = re.compile(r"([A-Z][a-z'-]+)\s+([A-Z][a-z'-]+)\s*[(<,]\s*[A-Za-z0-9._%+-]+@")
_COMPANY = re.compile(r"(?:company|organi[sz]ation|employer)\s*[:=]\s*([^\n,;]+)", re.I)
_KEYS = {
    "email": ("email", "emailaddress", "mail", "primaryemail"),
    "first_name": ("firstname", "first", "fname", "givenname"),
    "last_name": ("lastname", "last", "lname", "surname", "familyname"),
    "name": ("name", "fullname", "contactname"),
    "phone": ("phone", "phonenumber", "mobile", "tel", "telephone"),
    "company": ("company", "organization", "organisation", "entity", "companyname", "employer"),
    "role": ("title", "role", "jobtitle", "position"),
}


def _norm(key: str) -> str:
    return re.sub(r"[^a-z]", "", key.lower())


def _from_mapping(record: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    flat = {_norm(k): v for k, v in record.items() if isinstance(v, (str, int, float)) and str(v).strip()}
    for target, names in _KEYS.items():
        for name in names:
            if name in flat:
                found[target] = str(flat[name]).strip()
                break
    if "email" not in found:
        hit = _EMAIL.search(json.dumps(record))
        if hit:
            found["email"] = hit.group(0)
    return found


def _from_text(text: str) -> dict[str, str]:
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            return _from_any(json.loads(stripped))
        except json.JSONDecodeError:
            pass
    first_line = stripped.splitlines()[0] if stripped else ""
    if "," in first_line and "email" in first_line.lower() and "@" not in first_line:
        for row in csv.DictReader(io.StringIO(stripped)):
            from_row = _from_mapping(row)
            if from_row.get("email"):
                return from_row
    found: dict[str, str] = {}
    if hit := _EMAIL.search(text):
        found["email"] = hit.group(0)
    if hit := _PHONE.search(_EMAIL.sub(" ", text)):
        found["phone"] = re.sub(r"[^\d+]", "", hit.group(0))
    if hit := _NAME_LABEL.search(text):
        found["name"] = hit.group(1)
    elif hit := _NAME_BEFORE.search(text):
        found["first_name"], found["last_name"] = hit.group(1), hit.group(2)
    if hit := _COMPANY.search(text):
        found["company"] = hit.group(1).strip()
    return found


def _from_any(raw: Any) -> dict[str, str]:
    if isinstance(raw, dict):
        return _from_mapping(raw)
    if isinstance(raw, list):
        for item in raw:
            found = _from_any(item)
            if found.get("email"):
                return found
        return {}
    return _from_text(str(raw))


def extract(raw: Any) -> dict[str, str]:
    """Contact facts found in ``raw`` (dict, list, JSON/CSV text or prose); names split and filled in."""
    found = _from_any(raw)
    if "name" in found and "first_name" not in found:
        first, _, last = found.pop("name").partition(" ")
        found["first_name"] = first
        if last.strip():
            found.setdefault("last_name", last.strip())
    if found.get("email") and "first_name" not in found:
        local = re.split(r"[._-]", found["email"].split("@")[0])
        found["first_name"] = local[0].title()
        if len(local) > 1:
            found.setdefault("last_name", local[1].title())
    found["email"] = found.get("email", "").lower()
    return {k: v for k, v in found.items() if v}


def contextualize(req: Request) -> Reply:
    p, org_id = req.params, req.caller.org_id or ""
    facts = extract(p["raw_data"])
    if not facts.get("email"):
        raise ApiError("No email address found in raw_data: contextualizeData needs one to match or create a contact")
    org = req.one("SELECT default_wallet FROM orgs WHERE org_id = ?", org_id) or {}
    wallet = req.one("SELECT * FROM wallets WHERE wallet_id = ? AND wallet_orgid = ?", org.get("default_wallet"),
                     org_id)
    if wallet is None:
        raise ApiError("No matching wallet found")
    if wallet["wallet_cents"] < CONTEXTUALIZE_PRICE_CENTS:
        raise ApiError(f"Insufficient wallet balance: contextualizeData costs {CONTEXTUALIZE_PRICE_CENTS / 100:.2f} "
                       f"per call and wallet {wallet['wallet_id']} holds {wallet['wallet_cents'] / 100:.2f}; "
                       "top up the organization's default wallet")
    fields = {"email": facts["email"], "firstName": facts.get("first_name"), "lastName": facts.get("last_name"),
              "phone": facts.get("phone"), "roleLabel": facts.get("role")}
    fields = {k: v for k, v in fields.items() if v}
    existing = C.by_email(req, org_id, facts["email"])
    if existing is None:
        contact = C.create_contact(req, org_id, req.caller.member_id,
                                   {**C.contact_changes(req, org_id, fields), "cont_source": p["source"]})
        entity, _ = C.upsert_entity(req, org_id, {"name": facts.get("company") or C.auto_entity_name(
            facts["email"], contact["cont_fname"], contact["cont_lname"])})
        C.apply(req, "contacts", contact, {"cont_entity_id": entity["ent_id"]})
    else:
        contact = existing
        blanks = {k: v for k, v in C.contact_changes(req, org_id, fields, contact).items() if not contact.get(k)}
        C.apply(req, "contacts", contact, blanks)
    raw_text = p["raw_data"] if isinstance(p["raw_data"], str) else json.dumps(p["raw_data"])
    note_id = req.new_id("note")
    note = f"Contextualized from {p['source']}: {raw_text[:500]}"
    if p["instructions"]:
        note += f"\nInstructions: {p['instructions']}"
    _store.insert(req.conn, "notes", {"note_id": note_id, "note_contid": contact["cont_id"],
                                      "note_memberid": req.caller.member_id, "note_content": note,
                                      "note_visibility": 1, "note_editable": 0, "note_created_at": req.stamp,
                                      "note_updated_at": req.stamp})
    profile_id = _store.insert(req.conn, "profiles", {
        "profile_contid": contact["cont_id"], "profile_source": p["source"],
        "profile_payload": {"summary": raw_text[:200], "extracted": facts}, "profile_created_at": req.stamp})
    if p["enrich"]:
        domain = facts["email"].split("@")[1]
        _store.insert(req.conn, "profiles", {
            "profile_contid": contact["cont_id"], "profile_source": "Zyntro Enrichment",
            "profile_payload": {"summary": f"Works at {domain}", "company_domain": domain,
                                "company_name": C.auto_entity_name(facts["email"], "", "")},
            "profile_created_at": req.stamp})
    balance = wallet["wallet_cents"] - CONTEXTUALIZE_PRICE_CENTS
    _store.update(req.conn, "wallets", "wallet_id", wallet["wallet_id"],
                  {"wallet_cents": balance, "wallet_last_update": req.iso})
    _store.insert(req.conn, "wallet_ledger", {"wl_id": req.new_id("ledger"), "wl_walletid": wallet["wallet_id"],
                                              "wl_cents": -CONTEXTUALIZE_PRICE_CENTS,
                                              "wl_reason": "data_contextualizer", "wl_created_at": req.iso})
    return Reply({"contact_id": contact["cont_id"], "created": existing is None, "extracted": facts,
                  "note_id": note_id, "profile_id": profile_id, "charged": f"{CONTEXTUALIZE_PRICE_CENTS / 100:.2f}",
                  "wallet_id": wallet["wallet_id"], "wallet_balance": f"{balance / 100:.2f}"}, wrote=True)


HANDLERS = {("crm", "contextualizeData"): contextualize}
