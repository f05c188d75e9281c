"""Edge billing: customers, setup, enrollments, paging, fire cooldown and failure pausing."""

from __future__ import annotations

import pytest

from .app_support import Api
from .make_seed import (
    BC_DECLINE,
    BC_JANE,
    BC_PENDING,
    BI_INVOICE,
    BI_OVERAGE,
    BI_THRESHOLD,
    BI_TOPUP,
    CARLOS_CONTACT,
    EMILY_CONTACT,
    JANE_CONTACT,
)


@pytest.fixture
def api() -> Api:
    return Api()


def test_edge_errors_use_the_errors_envelope(api):
    envelope = api.call("edge/getCustomer", bc_id="bc_nope")
    assert envelope == {"status": "error", "errors": ["Billing customer not found"]}


def test_create_customer_is_idempotent_per_contact(api):
    jane = api.ok("edge/createCustomer", contact_id=JANE_CONTACT)
    assert (jane["existing"], jane["data"]["bc_id"]) == (True, BC_JANE)
    new = api.ok("edge/createCustomer", contact_id="c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d")
    assert new["existing"] is True  # Carlos already has one in the seed
    contact = api.ok("crm/addContactsFull", contact={"email": "pay@newco.example.com", "firstName": "Pat"})
    first = api.ok("edge/createCustomer", contact_id=contact["data"]["contact_id"], allow_trigger=1,
                   payment_data={"pm_id": "pm_sbx_visa"})
    again = api.ok("edge/createCustomer", contact_id=contact["data"]["contact_id"])
    assert (first["existing"], again["existing"]) == (False, True)
    assert first["data"]["bc_status"] == "active" and first["data"]["bc_initial_charged"] == 1
    assert again["data"]["bc_id"] == first["data"]["bc_id"]
    assert api.app.writes["edge/createCustomer"] == 1


def test_create_customer_validates_amount_and_contact(api):
    assert api.error("edge/createCustomer", contact_id="nope") == "Contact not found"
    contact = api.ok("crm/addContactsFull", contact={"email": "low@newco.example.com"})["data"]["contact_id"]
    assert api.error("edge/createCustomer", contact_id=contact, initial_amount=0.5) == \
        "initial_amount must be at least 1.00"
    assert api.error("edge/createCustomer", contact_id=contact, gateway="venmo") == \
        "Invalid gateway 'venmo': must be one of stripe, paypal"


def test_profile_setup_then_confirm_activates_and_auto_enrolls(api):
    contact = api.ok("crm/addContactsFull", contact={"email": "setup@newco.example.com"})["data"]["contact_id"]
    setup = api.ok("edge/buildCustomerProfileSetup", contact_id=contact, bi_id=BI_TOPUP)["data"]
    bc_id = setup["billing_customer_id"]
    assert setup["existing"] is False and setup["setup_url"].endswith(f"/{bc_id}")
    assert api.ok("edge/getCustomer", bc_id=bc_id)["data"]["bc_status"] == "pending"
    stripe = api.ok("edge/setupPaymentMethod", contact_id=contact)["data"]
    assert stripe["gateway"] == "stripe" and stripe["setup_intent_id"].startswith("seti_")
    confirmed = api.ok("edge/confirmPaymentMethod", bc_id=bc_id)
    assert confirmed["data"]["bc_status"] == "active" and confirmed["enrolled"].startswith("ts_")
    customer = api.ok("edge/getCustomer", bc_id=bc_id)
    assert [e["ts_billable_item_id"] for e in customer["enrollments"]] == [BI_TOPUP]
    again = api.ok("edge/confirmPaymentMethod", bc_id=bc_id, payment_method_id=confirmed["data"]["bc_payment_data"]
                   ["pm_id"])
    assert again["enrolled"] is None
    assert api.app.writes["edge/confirmPaymentMethod"] == 1


def test_setup_payment_method_paypal_and_gateway_detection(api):
    paypal = api.ok("edge/setupPaymentMethod", contact_id=EMILY_CONTACT, bc_id=BC_PENDING, gateway="paypal")["data"]
    assert paypal["order_id"].startswith("PAYPAL_ORDER_") and paypal["billing_customer_id"] == BC_PENDING
    assert api.error("edge/setupPaymentMethod", contact_id=JANE_CONTACT, bc_id=BC_PENDING).startswith(
        "bc_id belongs to another contact")
    assert api.error("edge/confirmPaymentMethod", bc_id="bc_nope") == "Billing customer not found"
    assert "sandbox_assumption" in api.ok("edge/confirmPaymentMethod", creds=False, help=True)["data"]


def test_enroll_is_idempotent_and_checks_customer_state(api):
    first = api.ok("edge/enroll", billing_customer_id=BC_JANE, billable_item_id=BI_OVERAGE, contact_id=JANE_CONTACT)
    again = api.ok("edge/enroll", billing_customer_id=BC_JANE, billable_item_id=BI_OVERAGE, contact_id=JANE_CONTACT)
    assert (first["existing"], again["existing"], again["ts_id"]) == (False, True, first["ts_id"])
    assert api.app.writes["edge/enroll"] == 1
    assert api.error("edge/enroll", billing_customer_id=BC_PENDING, billable_item_id=BI_TOPUP,
                     contact_id=EMILY_CONTACT).startswith("Billing customer is not active")
    assert api.error("edge/enroll", billing_customer_id=BC_JANE, billable_item_id="bi_nope",
                     contact_id=JANE_CONTACT) == "Billable item not found"
    assert api.error("edge/enroll", billing_customer_id=BC_JANE, billable_item_id=BI_TOPUP,
                     contact_id=EMILY_CONTACT) == "contact_id does not match the billing customer's contact"


def test_get_enrollments_pages_with_limit_offset_and_total_count(api):
    first = api.ok("edge/getEnrollments")
    second = api.ok("edge/getEnrollments", offset=50)
    last = api.ok("edge/getEnrollments", offset=100)
    assert first["count"] == second["count"] == last["count"] >= 120
    assert (len(first["data"]), len(second["data"])) == (50, 50)
    assert len(last["data"]) == first["count"] - 100
    ids = [e["ts_id"] for page in (first, second, last) for e in page["data"]]
    assert len(set(ids)) == first["count"]


def test_get_enrollments_filters(api):
    paused = api.ok("edge/getEnrollments", status="paused", limit=200)
    assert paused["count"] == len(paused["data"]) > 0
    assert {e["ts_status"] for e in paused["data"]} == {"paused"}
    mine = api.ok("edge/getEnrollments", billing_customer_id=BC_JANE)
    assert [e["ts_billable_item_id"] for e in mine["data"]] == [BI_TOPUP]
    assert api.error("edge/getEnrollments", limit=0) == "limit must be between 1 and 200"
    assert api.error("edge/getEnrollments", status="zombie") == \
        "Invalid status 'zombie': must be one of active, paused, cancelled"


def test_get_items_lists_active_items_with_fire_samples(api):
    envelope = api.ok("edge/getItems")
    by_id = {i["bi_id"]: i for i in envelope["data"]}
    assert envelope["count"] == 4 and set(by_id) == {BI_TOPUP, BI_OVERAGE, BI_THRESHOLD, BI_INVOICE}
    assert by_id[BI_TOPUP]["api_sample"]["endpoint"] == "POST /apis/public/edge/fire.php"
    assert "override_amount" in by_id[BI_OVERAGE]["api_sample"]["body"]
    assert "metric_value" in by_id[BI_THRESHOLD]["api_sample"]["body"]
    assert "metric_value" not in by_id[BI_TOPUP]["api_sample"]["body"]


def test_fire_charges_once_within_cooldown_and_again_after(api):
    body = {"billable_item_id": BI_TOPUP, "billing_customer_id": BC_JANE}
    first = api.ok("edge/fire", **body)
    assert first["data"]["status"] == "captured" and first["data"]["amount"] == 200
    api.clock.advance(30)
    repeat = api.ok("edge/fire", **body)
    assert repeat["cooldown"] is True and repeat["retry_after"] == 30
    assert repeat["data"]["charge_id"] == first["data"]["charge_id"]
    assert api.app.writes["edge/fire"] == 1
    api.clock.advance(31)
    later = api.ok("edge/fire", **body)
    assert "cooldown" not in later and later["data"]["charge_id"] != first["data"]["charge_id"]
    assert api.app.writes["edge/fire"] == 2


def test_fire_pauses_enrollment_after_three_consecutive_failures(api):
    body = {"billable_item_id": BI_TOPUP, "billing_customer_id": BC_DECLINE}
    statuses = []
    for _ in range(3):
        data = api.ok("edge/fire", **body)["data"]
        statuses.append((data["success"], data["consecutive_failures"], data["enrollment_status"]))
        api.clock.advance(61)
    assert statuses == [(False, 1, "active"), (False, 2, "active"), (False, 3, "paused")]
    assert api.error("edge/fire", **body).startswith("Enrollment ts_")
    enrollment = api.ok("edge/getCustomer", bc_id=BC_DECLINE)["enrollments"][0]
    assert (enrollment["ts_status"], enrollment["ts_consecutive_failures"]) == ("paused", 3)


def test_fire_modes_threshold_variable_and_invoice(api):
    for item in (BI_OVERAGE, BI_THRESHOLD, BI_INVOICE):
        api.ok("edge/enroll", billing_customer_id=BC_JANE, billable_item_id=item, contact_id=JANE_CONTACT)
    base = {"billing_customer_id": BC_JANE}
    assert api.error("edge/fire", billable_item_id=BI_THRESHOLD, **base) == \
        "metric_value is required for threshold items"
    not_met = api.ok("edge/fire", billable_item_id=BI_THRESHOLD, metric_value=3, **base)["data"]
    assert (not_met["status"], not_met["amount"]) == ("not_triggered", 0)
    assert api.ok("edge/fire", billable_item_id=BI_THRESHOLD, metric_value=12, **base)["data"]["amount"] == 25
    assert api.ok("edge/fire", billable_item_id=BI_OVERAGE, override_amount=120, **base)["data"]["amount"] == 120
    assert api.error("edge/fire", billable_item_id=BI_TOPUP, override_amount=5, **base).startswith(
        "override_amount is not allowed")
    invoice = api.ok("edge/fire", billable_item_id=BI_INVOICE, **base)["data"]
    assert (invoice["status"], invoice["amount"]) == ("pending_client_action", 1500)


def test_fire_without_enrollment_is_refused(api):
    assert api.error("edge/fire", billable_item_id=BI_INVOICE, billing_customer_id=BC_DECLINE).startswith(
        "Enrollment not found")
    assert api.error("edge/fire", billable_item_id=BI_TOPUP, billing_customer_id="bc_nope") == \
        "Billing customer not found"
    assert api.ok("edge/getCustomer", bc_id=BC_DECLINE)["data"]["bc_contid"] == CARLOS_CONTACT
