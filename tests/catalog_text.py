"""The catalog's text for users: what ``tests/build_catalog.py`` writes into ``summary``, ``notes``,
``response`` and parameter descriptions.

The contract (``../shared/zyntro-api``) records what its authors could and could not see on the
API's pages ("Page says: …", "not shown in the available reference", "Path lacks …"). A user of a
form, ``help``, the explorer, the catalog table or the documentation site needs facts to act on
instead, so each endpoint's notes are written here, the authentication sentence is built from the
identifiers the endpoint takes, and any remaining phrase about our sources is removed.
``SOURCE_PHRASES`` lists those phrases; ``tests/catalog/test_user_text.py`` checks that none reaches
a user.

Example::

    >>> auth_sentence(["api_key", "developer_secret", "org_id"], legacy=False)
    "Authenticates with api_key and developer_secret; your IP must be on the developer key's whitelist. \
No member_id needed."
    >>> user_description("Seen in example payload; optionality inferred")
    ''
"""

from __future__ import annotations

import re
from typing import Any

# Phrases that describe our sources rather than the API: none may reach a user.
SOURCE_PHRASES = (
    "page says", "not shown", "not visible", "available reference", "path lacks", "errors table",
    "error table", "table not", "seen in example", "optionality inferred", "inferred", "truncated",
    "published page", "sandbox assumption", "tip-documented", "described as", "absent from visible",
    "page claims", "contradiction", "judgement", "detail page", "unpublished", "(sic)", "mcp context",
    "url slug", "rest not shown", "rest of note", "conflicts with", "per page", "v1 docs", "no v2 equivalent page",
    "example json damaged", "example begins",
)

# What each endpoint's page tells a user beyond its summary, as facts to act on (authentication is added).
FACTS: dict[tuple[str, str], str] = {
    ("crm", "fetchContact"): "include_notes, include_profile, include_signals and include_entity (1) add the "
                             "contact's notes, profile, signals and company entity to the answer.",
    ("crm", "lookupContact"): "Searches ids, names, role, emails, phones and the company; answers the first match, "
                              "always with its entity, notes, profile and signals.",
    ("crm", "addContactsFull"): "mode insert fails when the contact exists, update fails when it does not, upsert "
                                "does either; lookup_by picks the field that finds an existing contact. contact "
                                "takes camelCase fields (firstName, lastName, email, …); entity takes name, label, "
                                "status and website. debug=true adds debug information to the answer.",
    ("crm", "updateFieldData"): "Pass contact_id or entity_id. fields holds camelCase field names; custom fields go "
                                "under fields.customFields ({\"cf_tag\": value}). help=true returns the field "
                                "reference (no credentials needed).",
    ("crm", "addProfileToContact"): "member_id must be the contact's owner.",
    ("crm", "calculateLeadScore"): "Authenticates with service_instance (your user id, filled from the session) and "
                                   "developer_secret; no api_key, org_id, brand_id or member_id. The score starts "
                                   "at the contact's custom-field completion (%) and loses 50 for an email opt-out, "
                                   "35 for an SMS opt-out, 25 for do-not-call, 50 for an unverified email and 35 "
                                   "for an unverified phone. Tiers: Excellent 90–100, Good 70–89, Fair 50–69, "
                                   "Poor 30–49, Danger 0–29.",
    ("crm", "addNotestoContact"): "The action is spelled addNotestoContact (lower-case 'to'). member_id must be the "
                                  "contact's owner. With note_id it updates that note instead of adding one.",
    ("crm", "addCommsHistory"): "Adds an entry to the contact's timeline; existing entries cannot be changed.",
    ("crm", "contextualizeData"): "Paid: each call is charged to the wallet at the data_contextualizer price. It "
                                  "creates or updates a contact (matched by email) with notes, comms history and "
                                  "a profile. help=true returns usage documentation instead, without a charge.",
    ("developers", "fetchIdentifiers"): "The first call after developer onboarding: it needs only developer_secret "
                                        "and answers your api_key, organization, team members (member_id) and "
                                        "brands (brand_id). zn.connect(developer_secret=…) makes it for you.",
    ("calendar", "checkAvailability"): "start_date is YYYY-MM-DD HH:MM:SS in current_timezone; slots come back in "
                                       "target_timezone (default: the calendar's zone) and follow the schedule's "
                                       "rules, blocking events and its maximum slots per day. No org_id needed.",
    ("calendar", "createEvent"): "event_data holds calendar_id, event_title, event_description, event_start_time "
                                 "and event_end_time (YYYY-MM-DD HH:MM:SS), event_timezone (IANA), location_type "
                                 "(e.g. video) and attendee_data, a list of {contact_id, contact_role, "
                                 "contact_email, contact_fname, contact_lname, contact_timezone}. Times are stored "
                                 "in UTC; attendees get calendar invitations with reschedule and cancel links; a "
                                 "video event gets a Google Meet link when Google is connected.",
    ("forms", "getFormFields"): "The form must be published: a draft answers an error.",
    ("forms", "submitForm"): "answers are keyed by the form's answer_key merge tags (from getFormFields), not field "
                             "ids; unknown keys are ignored, and a submission matching no key is refused. ip_data "
                             "needs every key — ip_address, city, country, country_code, timezone, lattitude "
                             "(spelled so), longitude — but they may be empty strings.",
    ("forms", "collectFormData"): "Two steps: phase get_fields answers the form's fields and instructions; phase "
                                  "submit sends answers keyed by those fields (with placeholder IP data). org_id, "
                                  "member_id and brand_id are optional.",
    ("account", "createWebhook"): "The answer holds the webhook's id and its signing secret, shown only this once "
                                  "(zyntro_nb keeps it redacted: .reveal() gives the value). wh_auth_data by "
                                  "wh_auth_type: bearer {value}; api_key {header, value}; basic {username, "
                                  "password}. Events include new_contact, form_filled, appointment_booked and "
                                  "invoice_paid; help=true lists them all.",
    ("account", "fetchWebhooks"): "Each webhook with its delivery health (last status, failures, retries); the "
                                  "signing secret is not returned here.",
    ("account", "updateWebhook"): "Fields you leave out stay as they are; wh_events replaces the whole event list "
                                  "(e.g. add subscription.created by sending the full list with it).",
    ("account", "fetchOrganization"): "The organization's profile, working hours, members, admins and default "
                                      "wallet.",
    ("account", "fetchWallet"): "wallet_balance is a decimal text (a float in the DataFrame); wallet_last_update "
                                "is ISO 8601 with an offset (a UTC datetime).",
    ("edge", "createCustomer"): "Idempotent: one billing customer per contact and organization; a repeat answers "
                                "the existing one with existing: true, so it is safe to resend.",
    ("edge", "buildCustomerProfileSetup"): "The billing customer starts as pending until the person completes the "
                                           "hosted setup page at setup_url.",
    ("edge", "setupPaymentMethod"): "Step 1 of 2, followed by edge/confirmPaymentMethod. The gateway is the one you "
                                    "pass, else the subscription settings' one, else an active integration; with "
                                    "none, the call is refused. Stripe answers a SetupIntent (client_secret, "
                                    "publishable_key, setup_intent_id), PayPal a vault order (order_id, "
                                    "approval_url).",
    ("edge", "confirmPaymentMethod"): "Step 2 of 2 after edge/setupPaymentMethod. The API publishes no page for it: "
                                      "the parameters and answer here are the sandbox's.",
    ("edge", "enroll"): "Idempotent: one active enrollment per customer and item; a repeat answers the existing one "
                        "with existing: true. Pausing, resuming and cancelling are done in the Zyntro app.",
    ("edge", "fire"): "A repeat for the same item and customer within 60 seconds does not charge again. capture "
                      "mode off_session charges at once (status captured); client_confirm sends an invoice (status "
                      "pending_client_action). An enrollment pauses after 3 consecutive failed charges.",
    ("edge", "getCustomer"): "Errors from Edge endpoints arrive under errors instead of data; zyntro_nb reads both.",
    ("edge", "getEnrollments"): "Pages with limit (default 50) and offset; count is the total. all_pages=True "
                                "fetches every page.",
    ("edge", "getItems"): "Each item's api_sample is a ready edge/fire request; it has override_amount only when the "
                          "item allows an override, metric_value only in threshold mode.",
    ("legacy", "createContact"): "v1: flat snake_case fields (v2's crm/addContactsFull nests camelCase ones); a "
                                 "contact with the same email is updated.",
    ("legacy", "addProfileToContact"): "v1: member_id must own the contact; a summary key in profile_payload is "
                                       "recommended.",
    ("legacy", "addNotestoContact"): "v1: member_id must own the contact. To update a note use crm/addNotestoContact "
                                     "with note_id.",
    ("legacy", "fetchPipelineStages"): "v1 only: the pipeline board, its phases and each phase's stages in order.",
    ("legacy", "fetchCRMFieldHeaders"): "v1 only: the CRM's column names (cont_fname, cont_primary_email, "
                                        "ent_name, …) and the brand's custom fields, each with a description.",
    ("legacy", "fetchAudiences"): "v1 only: a brand without segments answers an error.",
    ("legacy", "contextualizeData"): "v1 help mode: help=true returns a sample request and answer, without "
                                     "credentials or charge. Use crm/contextualizeData to process data.",
    ("legacy", "fetchMember"): "v1 only: one member's profile, role, signatures and status.",
    ("legacy", "fetchOrganization"): "v1: working hours are a list of {day, start_time, end_time, is_open} (v2 "
                                     "keys them by weekday).",
    ("legacy", "fetchWalletBalance"): "v1: the organization must be active. The API key is under Me > API Keys.",
}

# Summaries that say something about our sources instead of the endpoint.
SUMMARIES: dict[tuple[str, str], str] = {
    ("legacy", "contextualizeData"): "Legacy: usage documentation for the AI ingestion of raw contact data.",
}

# Parameter descriptions rewritten for users: (module, action, name) -> text ("" drops it).
DESCRIPTIONS: dict[tuple[str, str, str], str] = {
    ("crm", "addContactsFull", "contact"): "camelCase contact fields: firstName, lastName, email, phone, …",
    ("crm", "updateFieldData", "help"): "true returns the field reference; no credentials needed",
    ("account", "createWebhook", "help"): "true returns usage docs and the event list",
    ("account", "fetchWebhooks", "help"): "true returns usage docs and a sample",
    ("account", "updateWebhook", "help"): "true returns usage docs and the event list",
    ("edge", "setupPaymentMethod", "brand_id"): "Brand id",
    ("forms", "collectFormData", "org_id"): "Organization UUID (optional)",
    ("forms", "collectFormData", "member_id"): "Acting member UUID (optional)",
    ("forms", "collectFormData", "brand_id"): "Brand id (optional)",
    ("legacy", "createContact", "first_name"): "First name; required",
    ("legacy", "addProfileToContact", "profile_source"): "Label for where the data came from",
    ("edge", "confirmPaymentMethod", "bc_id"): "Billing customer from edge/setupPaymentMethod",
    ("edge", "confirmPaymentMethod", "payment_method_id"): "Gateway payment method or setup intent to attach",
}


def auth_sentence(identifiers: list[str], legacy: bool) -> str:
    """How the endpoint authenticates, from the identifiers it takes (the session sends them)."""
    ids = set(identifiers)
    if "api_key" in ids and "developer_secret" in ids:
        text = "Authenticates with api_key and developer_secret; your IP must be on the developer key's whitelist."
    elif "developer_secret" in ids:
        text = "Authenticates with developer_secret alone; your IP must be on the developer key's whitelist."
    elif "api_key" in ids:
        text = "Authenticates with api_key" + (" (v1: no developer_secret)." if legacy else " alone.")
    else:
        return ""
    if "api_key" in ids and "org_id" not in ids:
        text += " No org_id needed."
    elif "org_id" in ids and "member_id" not in ids and "developer_secret" in ids:
        text += " No member_id needed."
    return text


def clean(text: str) -> str:
    """``text`` without the sentences, clauses and brackets that speak about our sources."""
    text = re.sub(r"\s*\(([^)]*)\)", lambda m: "" if _about_sources(m.group(1)) else m.group(0), text or "")
    parts = re.split(r"(?<=[.;])\s+", text)
    kept = [p.strip() for p in parts if p.strip() and not _about_sources(p) and not re.search(r"\w\.\.\.$", p.strip())]
    return " ".join(kept).strip().removesuffix(";").strip()


def _about_sources(text: str) -> bool:
    lowered = text.lower()
    return any(phrase in lowered for phrase in SOURCE_PHRASES)


def user_notes(module: str, action: str, identifiers: list[str], legacy: bool) -> str:
    """The notes a user reads for an endpoint: how it authenticates, then the facts its page gives."""
    if (module, action) == ("crm", "calculateLeadScore"):
        return FACTS[(module, action)]
    return " ".join(x for x in (auth_sentence(identifiers, legacy), FACTS.get((module, action), "")) if x)


def user_summary(module: str, action: str, summary: str) -> str:
    return SUMMARIES.get((module, action), summary)


def user_description(description: str, module: str = "", action: str = "", name: str = "") -> str:
    """A parameter's description for users: rewritten where needed, else the contract's without source talk."""
    if (module, action, name) in DESCRIPTIONS:
        return DESCRIPTIONS[(module, action, name)]
    return clean(description)


def user_response(shape: str) -> str:
    """The answer's shape as documented, without what the contract says about its sources ("" when unknown)."""
    if shape.lower().startswith(("unknown", "not ")):
        return ""
    return clean(shape)


def user_texts(entry: dict[str, Any]) -> list[str]:
    """Every text of a catalog entry a user can read (summary, notes, response, parameter descriptions)."""
    texts = [entry.get(name) or "" for name in ("title", "summary", "notes", "response")]
    texts += [p.get("description") or "" for p in entry.get("params") or ()]
    return texts
