"""One successful call per catalogued endpoint, with values from the sandbox's seed data.

Shared by the tests (every endpoint through the client, the canary sweep) and the documentation
site's endpoint reference (docs/hooks.py), whose example requests run as printed against the sandbox.
Plain data: importing it imports nothing else.

Example::

    >>> SUCCESS_CALLS["crm/fetchContact"]["contact_id"] == JANE
    True
"""

from __future__ import annotations

from typing import Any

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
EMILY = "e3b0c442-98fc-4c14-9afb-f4c8996fb924"
USER_ID = "7d3f0b6e-2c4a-4f1e-9a57-3c1d2e8b9f10"
CALENDAR = "3d21426f-9042-40d9-a0b2-94037f551d51"
SCHEDULE = "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"
FORM = "f1a2b3c4-d5e6-7890-abcd-ef1234567890"
WALLET = "e8932389-bca5-4e6e-b9f1-bf46e16e8435"
ITEM = "bi_4f2a9c1e7b3d5a80"
JANE_BC = "bc_7f3a9c2e5b1d4a60"
IP_DATA = {"ip_address": "198.51.100.7", "city": "Boston", "country": "United States", "country_code": "US",
           "timezone": "America/New_York", "lattitude": "42.36", "longitude": "-71.06"}

# One successful call per catalogued endpoint, with parameters from the seed data.
SUCCESS_CALLS: dict[str, dict[str, Any]] = {
    "crm/fetchContact": {"contact_id": JANE, "include_notes": 1},
    "crm/lookupContact": {"search_string": "Jane Smith"},
    "crm/addContactsFull": {"contact": {"firstName": "Ada", "lastName": "Lovelace",
                                        "email": "ada@analytical.example.com"}},
    "crm/updateFieldData": {"contact_id": JANE, "fields": {"roleLabel": "CRO"}},
    "crm/addProfileToContact": {"contact_id": JANE, "profile_payload": {"summary": "x"}, "profile_source": "test"},
    "crm/calculateLeadScore": {"service_instance": USER_ID, "contact_id": JANE},
    "crm/addNotestoContact": {"contact_id": JANE, "note": "Called back"},
    "crm/addCommsHistory": {"contact_id": JANE, "comms_type": "call", "comms_data": "Discussed pricing"},
    "crm/contextualizeData": {"raw_data": "Grace Hopper, grace@navy.example.com, +1 202 555 0100"},
    "developers/fetchIdentifiers": {},
    "calendar/checkAvailability": {"calendar_id": CALENDAR, "schedule_id": SCHEDULE,
                                   "start_date": "2026-04-06 00:00:00", "days_ahead": 1,
                                   "current_timezone": "America/New_York"},
    "calendar/createEvent": {"contact_id": JANE, "event_data": {
        "calendar_id": CALENDAR, "event_title": "Demo", "event_start_time": "2026-04-07 13:00:00",
        "event_end_time": "2026-04-07 13:30:00", "event_timezone": "America/New_York"}},
    "forms/getFormFields": {"form_id": FORM},
    "forms/submitForm": {"form_id": FORM, "ip_data": IP_DATA, "answers": {
        "first_name": "Alan", "email": "alan@turing.example.com", "interest": "Pricing"}},
    "forms/collectFormData": {"phase": "get_fields", "form_id": FORM},
    "account/createWebhook": {"wh_name": "Sync", "wh_endpoint": "https://example.com/hook",
                              "wh_events": ["new_contact"]},
    "account/fetchWebhooks": {},
    "account/updateWebhook": {"wh_id": "d4e5f6a7-b8c9-0123-defg-456789012345", "wh_status": "paused"},
    "account/fetchMembers": {},
    "account/fetchOrganization": {},
    "account/fetchWallet": {"wallet_id": WALLET},
    "account/fetchWallets": {},
    "edge/createCustomer": {"contact_id": "304d11c7-ce8d-4b7f-886d-acb2e9ff205e"},
    "edge/buildCustomerProfileSetup": {"contact_id": "e657d79e-f624-4f05-bf85-9551a6a5317c"},
    "edge/setupPaymentMethod": {"contact_id": JANE},
    "edge/confirmPaymentMethod": {"bc_id": "bc_9e8d7c6b5a4f3e21", "payment_method_id": "pm_card_visa"},
    "edge/enroll": {"billing_customer_id": JANE_BC, "billable_item_id": "bi_5a3b0d2f8c4e6b91", "contact_id": JANE},
    "edge/fire": {"billable_item_id": ITEM, "billing_customer_id": JANE_BC},
    "edge/getCustomer": {"bc_id": JANE_BC},
    "edge/getEnrollments": {"status": "active"},
    "edge/getItems": {},
    "legacy/createContact": {"email": "linus@kernel.example.com", "first_name": "Linus"},
    "legacy/addProfileToContact": {"contact_id": JANE, "profile_payload": {"summary": "x"}},
    "legacy/addNotestoContact": {"contact_id": JANE, "note": "legacy note"},
    "legacy/fetchPipelineStages": {},
    "legacy/fetchCRMFieldHeaders": {},
    "legacy/fetchAudiences": {},
    "legacy/contextualizeData": {"help": True},
    "legacy/fetchMember": {},
    "legacy/fetchOrganization": {},
    "legacy/fetchWalletBalance": {"wallet_id": WALLET},
}
