"""Edge billing endpoints: billing customers, payment-method setup, enrollments, items.

Errors here use the Edge envelope (``{"status": "error", "errors": [...]}``); the
application picks the envelope by module. ``edge/fire`` lives in ``_billing``.

Example::

    >>> body = {**creds, "contact_id": "e3b0c442-98fc-4c14-9afb-f4c8996fb924"}     # doctest: +SKIP
    >>> app.dispatch("/apis/v2/public/edge/createCustomer", json.dumps(body).encode())  # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import Any

from . import _contacts as C
from . import _store
from ._request import ApiError, Reply, Request
from ._validate import require_range

DECLINING_PM = "pm_card_chargeDeclined"  # Stripe's test name for a card that always declines
CUSTOMER_FIELDS = ("bc_dt", "bc_id", "bc_orgid", "bc_contid", "bc_status", "bc_gateway", "bc_payment_data",
                   "bc_allow_trigger", "bc_initial_charged")
ENROLLMENT_FIELDS = ("ts_dt", "ts_id", "ts_contid", "ts_status", "ts_billable_item_id", "ts_last_triggered_at",
                     "ts_last_charge_status", "ts_billing_customer_id", "ts_consecutive_failures")


def settings(req: Request, org_id: str) -> dict[str, Any]:
    row = req.one("SELECT edge_settings FROM orgs WHERE org_id = ?", org_id)
    return (row or {}).get("edge_settings") or {}


def find_customer(req: Request, bc_id: str) -> dict[str, Any]:
    return req.find("SELECT * FROM billing_customers WHERE bc_id = ?", "bc_orgid", bc_id,
                    missing="Billing customer not found")


def find_item(req: Request, bi_id: str) -> dict[str, Any]:
    return req.find("SELECT * FROM billable_items WHERE bi_id = ? AND bi_status = 'active' AND bi_type = 'trigger'",
                    "bi_orgid", bi_id, missing="Billable item not found")


def customer_out(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row[k] for k in CUSTOMER_FIELDS}
    pm = row["bc_payment_data"] or {}
    out["bc_payment_data"] = {k: pm.get(k) for k in ("pm_id", "pm_label", "customer_id")} if pm else None
    return out


def enrollment_out(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ENROLLMENT_FIELDS}


def payment_method(pm_id: str, bc_id: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A stored payment method; ``pm_card_chargeDeclined`` (or last4 0002) is a card that always declines."""
    data = data or {}
    last4 = "0002" if pm_id == DECLINING_PM else str(data.get("last4") or "4242")
    return {"pm_id": pm_id, "pm_label": data.get("pm_label") or f"Visa •••• {last4}",
            "customer_id": data.get("customer_id") or f"cus_sbx_{bc_id[3:11]}", "last4": last4}


def declines(customer: dict[str, Any]) -> bool:
    return (customer.get("bc_payment_data") or {}).get("last4") == "0002"


def _existing_customer(req: Request, org_id: str, contact_id: str) -> dict[str, Any] | None:
    return req.one("SELECT * FROM billing_customers WHERE bc_orgid = ? AND bc_contid = ? ORDER BY rowid",
                   org_id, contact_id)


def _new_customer(req: Request, contact: dict[str, Any], gateway: str, **fields: Any) -> dict[str, Any]:
    row = {"bc_id": req.new_id("billing_customer", "bc_"), "bc_orgid": contact["cont_orgid"],
           "bc_brandid": req.caller.brand_id, "bc_contid": contact["cont_id"], "bc_status": "pending",
           "bc_gateway": gateway, "bc_payment_data": {}, "bc_allow_trigger": 0, "bc_initial_charged": 0,
           "bc_notes": "", "bc_meta": {}, "bc_dt": req.stamp}
    row.update(fields)
    _store.insert(req.conn, "billing_customers", row)
    return row


def record_charge(req: Request, customer: dict[str, Any], amount: float, item_id: str | None,
                  enrollment_id: str | None, response: dict[str, Any]) -> None:
    _store.insert(req.conn, "charges", {
        "charge_id": response["charge_id"], "ch_orgid": customer["bc_orgid"], "ch_bi_id": item_id,
        "ch_bc_id": customer["bc_id"], "ch_ts_id": enrollment_id, "ch_amount": amount,
        "ch_status": response["status"], "ch_success": int(response["success"]), "ch_gateway": customer["bc_gateway"],
        "ch_currency": response["currency"], "ch_invoice_id": response.get("invoice_id"),
        "ch_gateway_ref": response.get("gateway_ref"), "ch_failure_code": response.get("failure_code"),
        "ch_captured_at": response.get("captured_at"), "ch_epoch": req.now.timestamp(),
        "ch_response": json.dumps(response)})


def create_customer(req: Request) -> Reply:
    """Create a billing customer for a contact; idempotent per contact and org (``existing: true``)."""
    p, org_id = req.params, req.caller.org_id or ""
    contact = C.find_contact(req, p["contact_id"])
    found = _existing_customer(req, org_id, contact["cont_id"])
    if found is not None:
        return Reply(customer_out(found), extra={"existing": True, "billing_customer_id": found["bc_id"]})
    edge = settings(req, org_id)
    minimum = float(edge.get("min_initial_amount") or 0)
    if p["require_initial"] and p["initial_amount"] < minimum:
        raise ApiError(f"initial_amount must be at least {minimum:.2f}")
    customer = _new_customer(req, contact, p["gateway"], bc_allow_trigger=p["allow_trigger"],
                             bc_notes=p["notes"] or "", bc_meta=p["meta"] or {})
    extra: dict[str, Any] = {"existing": False, "billing_customer_id": customer["bc_id"]}
    pm_data = p["payment_data"] or {}
    if pm_data.get("pm_id"):
        customer["bc_payment_data"] = payment_method(str(pm_data["pm_id"]), customer["bc_id"], pm_data)
        charged = False
        if p["require_initial"]:
            charged = not declines(customer)
            response = {"charge_id": req.new_id("charge", "sc_"), "status": "captured" if charged else "failed",
                        "success": charged, "currency": edge.get("currency", "USD"),
                        "captured_at": req.iso if charged else None,
                        "failure_code": None if charged else "card_declined"}
            record_charge(req, customer, p["initial_amount"], None, None, response)
            extra["billing_message"] = ("Initial charge captured" if charged
                                        else "Initial charge declined: card_declined")
        active = charged or not p["require_initial"]
        customer.update(bc_status="active" if active else "pending", bc_initial_charged=int(charged))
        _store.update(req.conn, "billing_customers", "bc_id", customer["bc_id"], {
            "bc_payment_data": customer["bc_payment_data"], "bc_status": customer["bc_status"],
            "bc_initial_charged": customer["bc_initial_charged"]})
    return Reply(customer_out(customer), extra=extra, wrote=True)


def _setup_url(req: Request, customer: dict[str, Any]) -> str:
    number = settings(req, customer["bc_orgid"]).get("setup_brand_number", 1)
    return f"https://app.zyntrohq.com/public/edge/setup-billing/{number}/{customer['bc_orgid']}/{customer['bc_id']}"


def build_profile_setup(req: Request) -> Reply:
    """A pending billing customer plus the hosted page where the customer adds a payment method."""
    p, org_id = req.params, req.caller.org_id or ""
    contact = C.find_contact(req, p["contact_id"])
    if p["bi_id"]:
        find_item(req, p["bi_id"])
    found = _existing_customer(req, org_id, contact["cont_id"])
    if found is not None:
        return Reply({"existing": True, "setup_url": _setup_url(req, found), "billing_customer_id": found["bc_id"]})
    meta = {**(p["bc_meta"] or {}), "_gateway": p["gateway"]}
    if p["bi_id"]:
        meta["_auto_enroll_bi"] = p["bi_id"]
    customer = _new_customer(req, contact, p["gateway"], bc_meta=meta, bc_allow_trigger=1)
    return Reply({"existing": False, "setup_url": _setup_url(req, customer), "billing_customer_id": customer["bc_id"]},
                 wrote=True)


def setup_payment_method(req: Request) -> Reply:
    """Start a Stripe SetupIntent or a PayPal vault order.

    Gateway detection: the ``gateway`` parameter, else the customer's stored gateway
    (``bc_meta._gateway`` or ``bc_gateway``), else the org's default integration.
    """
    p, org_id = req.params, req.caller.org_id or ""
    contact = C.find_contact(req, p["contact_id"])
    customer = find_customer(req, p["bc_id"]) if p["bc_id"] else _existing_customer(req, org_id, contact["cont_id"])
    if customer is not None and customer["bc_contid"] != contact["cont_id"]:
        raise ApiError("bc_id belongs to another contact: pass the billing customer of this contact_id")
    stored = (customer or {}).get("bc_meta", {}).get("_gateway") or (customer or {}).get("bc_gateway")
    gateway = p["gateway"] or stored or settings(req, org_id).get("default_gateway")
    if not gateway:
        raise ApiError("No payment gateway configured for this organization: pass gateway 'stripe' or 'paypal'")
    if customer is None:
        customer = _new_customer(req, contact, gateway, bc_allow_trigger=1)
    bc_id = customer["bc_id"]
    if gateway == "stripe":
        seti = req.new_id("setup_intent", "seti_")
        data = {"gateway": "stripe", "client_secret": f"{seti}_secret_sbx", "publishable_key": "pk_test_sandbox",
                "setup_intent_id": seti, "stripe_customer_id": f"cus_sbx_{bc_id[3:11]}", "billing_customer_id": bc_id}
        setup = {"gateway": "stripe", "id": seti}
    else:
        order = "PAYPAL_ORDER_" + req.new_id("paypal_order", "x")[1:].upper()
        data = {"gateway": "paypal", "order_id": order,
                "approval_url": f"https://www.sandbox.paypal.com/checkoutnow?token={order}",
                "billing_customer_id": bc_id}
        setup = {"gateway": "paypal", "id": order}
    meta = {**(customer["bc_meta"] or {}), "_setup": setup}
    _store.update(req.conn, "billing_customers", "bc_id", bc_id, {"bc_meta": meta, "bc_gateway": gateway})
    return Reply(data, wrote=True)


def confirm_payment_method(req: Request) -> Reply:
    """Attach a payment method and activate the customer (sandbox assumption; the page is unpublished).

    Takes ``bc_id`` and optionally ``payment_method_id`` (default: one derived from the
    pending setup). Re-confirming the same method is a no-op. A ``bi_id`` given to
    buildCustomerProfileSetup is enrolled now.
    """
    p = req.params
    customer = find_customer(req, p["bc_id"])
    meta = dict(customer["bc_meta"] or {})
    setup = meta.get("_setup")
    pm_id = p["payment_method_id"] or (f"pm_sbx_{setup['id'][-8:]}" if setup else None)
    if not pm_id:
        raise ApiError("No payment method to confirm: call setupPaymentMethod first or pass payment_method_id")
    current = customer["bc_payment_data"] or {}
    if customer["bc_status"] == "active" and current.get("pm_id") == pm_id:
        return Reply(customer_out(customer), extra={"enrolled": None})
    changes: dict[str, Any] = {"bc_payment_data": payment_method(pm_id, customer["bc_id"]), "bc_status": "active"}
    if setup:
        changes["bc_gateway"] = setup["gateway"]
    meta.pop("_setup", None)
    auto = meta.pop("_auto_enroll_bi", None)
    changes["bc_meta"] = meta
    _store.update(req.conn, "billing_customers", "bc_id", customer["bc_id"], changes)
    customer.update(changes)
    enrolled = None
    if auto and not req.one("SELECT ts_id FROM enrollments WHERE ts_billing_customer_id = ? AND "
                            "ts_billable_item_id = ? AND ts_status != 'cancelled'", customer["bc_id"], auto):
        enrolled = _new_enrollment(req, customer, auto)["ts_id"]
    return Reply(customer_out(customer), extra={"enrolled": enrolled}, wrote=True)


def _new_enrollment(req: Request, customer: dict[str, Any], item_id: str) -> dict[str, Any]:
    row = {"ts_id": req.new_id("enrollment", "ts_"), "ts_orgid": customer["bc_orgid"],
           "ts_contid": customer["bc_contid"], "ts_status": "active", "ts_billable_item_id": item_id,
           "ts_billing_customer_id": customer["bc_id"], "ts_dt": req.stamp, "ts_last_triggered_at": None,
           "ts_last_charge_status": None, "ts_consecutive_failures": 0}
    _store.insert(req.conn, "enrollments", row)
    return row


def enroll(req: Request) -> Reply:
    """Enroll a billing customer in a trigger item; one live enrollment per pair (``existing: true``)."""
    p = req.params
    customer = find_customer(req, p["billing_customer_id"])
    item = find_item(req, p["billable_item_id"])
    contact = C.find_contact(req, p["contact_id"])
    if customer["bc_contid"] != contact["cont_id"]:
        raise ApiError("contact_id does not match the billing customer's contact")
    found = req.one("SELECT * FROM enrollments WHERE ts_billing_customer_id = ? AND ts_billable_item_id = ? "
                    "AND ts_status != 'cancelled' ORDER BY rowid", customer["bc_id"], item["bi_id"])
    if found is not None:
        return Reply(_enroll_view(found), extra={"ts_id": found["ts_id"], "existing": True})
    if customer["bc_status"] != "active":
        raise ApiError("Billing customer is not active: confirm a payment method first (edge/confirmPaymentMethod)")
    if not customer["bc_allow_trigger"]:
        raise ApiError("Billing customer does not allow trigger billing (bc_allow_trigger is 0)")
    row = _new_enrollment(req, customer, item["bi_id"])
    return Reply(_enroll_view(row), extra={"ts_id": row["ts_id"], "existing": False}, wrote=True)


def _enroll_view(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("ts_dt", "ts_id", "ts_contid", "ts_status", "ts_billable_item_id", "ts_billing_customer_id",
            "ts_consecutive_failures")
    return {k: row[k] for k in keys}


def get_customer(req: Request) -> Reply:
    customer = find_customer(req, req.params["bc_id"])
    rows = req.all("SELECT * FROM enrollments WHERE ts_billing_customer_id = ? ORDER BY ts_dt, rowid",
                   customer["bc_id"])
    keys = ("ts_id", "ts_status", "ts_billable_item_id", "ts_last_triggered_at", "ts_consecutive_failures")
    return Reply(customer_out(customer), extra={"enrollments": [{k: r[k] for k in keys} for r in rows]})


def get_enrollments(req: Request) -> Reply:
    """Enrollments of the org, filtered; ``count`` is the total matching, ``limit``/``offset`` page."""
    p = req.params
    require_range("limit", p["limit"], 1, 200)
    if p["offset"] < 0:
        raise ApiError("offset must be 0 or more")
    where, args = ["ts_orgid = ?"], [req.caller.org_id]
    for column, key in (("ts_status", "status"), ("ts_billing_customer_id", "billing_customer_id"),
                        ("ts_billable_item_id", "billable_item_id")):
        if p[key]:
            where.append(f"{column} = ?")
            args.append(p[key])
    clause = " AND ".join(where)
    total = req.one(f"SELECT COUNT(*) AS n FROM enrollments WHERE {clause}", *args)["n"]  # type: ignore[index]
    rows = req.all(f"SELECT * FROM enrollments WHERE {clause} ORDER BY ts_dt, ts_id LIMIT ? OFFSET ?",
                   *args, p["limit"], p["offset"])
    return Reply([enrollment_out(r) for r in rows], extra={"count": total})


def get_items(req: Request) -> Reply:
    """Active trigger items of the brand, each with a ready-to-edit ``edge/fire`` call."""
    rows = req.all("SELECT * FROM billable_items WHERE bi_orgid = ? AND bi_brandid = ? AND bi_status = 'active' "
                   "AND bi_type = 'trigger' ORDER BY rowid", req.caller.org_id, req.caller.brand_id)
    items = []
    for r in rows:
        body: dict[str, Any] = {"org_id": r["bi_orgid"], "api_key": "{your_api_key}", "brand_id": r["bi_brandid"],
                                "billable_item_id": r["bi_id"], "billing_customer_id": "{bc_id}"}
        if r["bi_allow_amount_override"]:
            body["override_amount"] = r["bi_unit_price"]
        if r["bi_trigger_mode"] == "threshold":
            body["metric_value"] = r["bi_trigger_threshold"]
        items.append({"bi_id": r["bi_id"], "bi_name": r["bi_name"],
                      "api_sample": {"body": body, "endpoint": "POST /apis/public/edge/fire.php"},
                      "bi_unit_price": r["bi_unit_price"], "bi_capture_mode": r["bi_capture_mode"],
                      "bi_trigger_mode": r["bi_trigger_mode"], "bi_trigger_condition": r["bi_trigger_condition"],
                      "bi_trigger_threshold": r["bi_trigger_threshold"],
                      "bi_trigger_description": r["bi_trigger_description"],
                      "bi_allow_amount_override": r["bi_allow_amount_override"]})
    return Reply(items, extra={"count": len(items)})


HANDLERS = {
    ("edge", "createCustomer"): create_customer,
    ("edge", "buildCustomerProfileSetup"): build_profile_setup,
    ("edge", "setupPaymentMethod"): setup_payment_method,
    ("edge", "confirmPaymentMethod"): confirm_payment_method,
    ("edge", "enroll"): enroll,
    ("edge", "getCustomer"): get_customer,
    ("edge", "getEnrollments"): get_enrollments,
    ("edge", "getItems"): get_items,
}
