"""Usage documentation answered for ``{"help": true}`` (no authentication, no charge).

The parameter list comes from the catalog; a few endpoints add their own reference
(webhook events, the updateFieldData field map, contextualizeData pricing).

Example::

    >>> build_help(catalog.get("account", "createWebhook"))["events"][:2]   # doctest: +SKIP
    ['new_contact', 'contact_updated']
"""

from __future__ import annotations

from typing import Any

from zyntro_nb._catalog.catalog import Endpoint

from ._contacts import CONTACT_FIELDS, ENTITY_FIELDS, field_names

WEBHOOK_EVENTS = (
    "new_contact", "contact_updated", "form_filled", "appointment_booked", "appointment_cancelled",
    "invoice_paid", "note_added", "subscription.created", "subscription.cancelled", "trigger.captured",
    "trigger.failed",
)
WEBHOOK_AUTH_SHAPES = {
    "none": None,
    "bearer": {"value": "token"},
    "basic": {"username": "user", "password": "secret"},
    "api_key": {"header": "X-Api-Key", "value": "key"},
    "custom_header": {"header": "X-Custom", "value": "value"},
}
CONTEXTUALIZE_PRICE_CENTS = 25


def _extras(endpoint: Endpoint) -> dict[str, Any]:
    key = (endpoint.module, endpoint.action)
    if endpoint.module == "account" and "Webhook" in endpoint.action:
        return {"events": list(WEBHOOK_EVENTS), "auth_data_shapes": WEBHOOK_AUTH_SHAPES,
                "rules": ["wh_endpoint must be a public https:// URL", "wh_events needs at least one event",
                          "wh_timeout is 5 to 120 seconds", "updateWebhook replaces wh_events wholesale",
                          "the signing secret (wh_secret) is returned once, by createWebhook"]}
    if key == ("crm", "updateFieldData"):
        # Input name -> the field of fetchContact's answer it changes.
        return {"contact_fields": {name: field_names([col])[0] for name, (col, _) in CONTACT_FIELDS.items()},
                "entity_fields": {name: field_names([col])[0] for name, (col, _) in ENTITY_FIELDS.items()},
                "custom_fields": "fields.customFields = {cf_tag: value}; merged into existing values, "
                                 "null or '' removes a value; tags replace the whole list",
                "example": {"contact_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                            "fields": {"status": "Customer", "customFields": {"cf_budget": 25000}}}}
    if endpoint.action == "contextualizeData":
        return {"pricing": {"tier": "data_contextualizer", "per_call": f"{CONTEXTUALIZE_PRICE_CENTS / 100:.2f}",
                            "charged_to": "the organization's default wallet, only on success"},
                "pipeline": ["auth", "wallet check", "parse raw_data (JSON, CSV, text)", "upsert contact by email",
                             "note + profile with the raw data", "charge wallet"],
                "example": {"raw_data": "Met Dana Lee (dana.lee@orbit.example.com, +1 415 555 0101) at the "
                                        "expo; wants a demo.", "source": "Trade show"}}
    if key == ("edge", "confirmPaymentMethod"):
        return {"sandbox_assumption": "The published page for this endpoint is unavailable. The sandbox takes "
                                      "bc_id (required) and payment_method_id (optional; pm_card_chargeDeclined "
                                      "attaches a card that always declines), stores the payment method, "
                                      "activates the billing customer and auto-enrolls a pending bi_id."}
    return {}


def build_help(endpoint: Endpoint) -> dict[str, Any]:
    """Usage documentation for one endpoint, built from its catalog definition."""
    doc: dict[str, Any] = {
        "endpoint": endpoint.key,
        "path": endpoint.path,
        "title": endpoint.title,
        "summary": endpoint.summary,
        "identifiers": list(endpoint.identifiers),
        "params": [
            {"name": p.name, "type": p.type, "required": p.required, "default": p.default,
             "enum": list(p.enum) if p.enum else None, "description": p.description}
            for p in endpoint.params if p.name != "help"
        ],
    }
    doc.update(_extras(endpoint))
    return doc
