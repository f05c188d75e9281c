"""edge/fire: charge an enrolled customer for a trigger item.

Rules:

- the amount follows the item's trigger mode: ``fixed`` and ``event`` charge the unit
  price, ``variable`` the ``override_amount`` (default the unit price), ``threshold``
  charges only when ``metric_value`` meets the item's condition (else ``not_triggered``,
  nothing charged); ``override_amount`` is refused unless the item allows it, and capped;
- ``off_session`` items charge the stored card at once (``captured``); ``client_confirm``
  items raise an invoice the customer pays (``pending_client_action``);
- **cooldown**: a repeat fire for the same item and customer within 60 seconds (by the
  app's clock) charges nothing and answers the previous result again, with top-level
  ``cooldown: true`` and ``retry_after`` (seconds). This keeps a retried request safe;
- a declined card (last4 0002) answers ``success: false, status: failed`` and counts a
  consecutive failure; after 3 in a row the enrollment pauses and further fires are
  refused. A success resets the count.

Example::

    >>> body = {**creds, "billable_item_id": "bi_4f2a9c1e7b3d5a80",
    ...         "billing_customer_id": "bc_7f3a9c2e5b1d4a60"}                  # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
import operator
from typing import Any

from . import _store
from ._handlers_edge import declines, find_customer, find_item, record_charge, settings
from ._request import ApiError, Reply, Request

COOLDOWN_SECONDS = 60
PAUSE_AFTER_FAILURES = 3
CONDITIONS = {"lte": operator.le, "lt": operator.lt, "gte": operator.ge, "gt": operator.gt, "eq": operator.eq}


def _amount(req: Request, item: dict[str, Any]) -> tuple[float | None, str | None]:
    """(amount, reason-not-triggered) for this fire."""
    p = req.params
    override = p["override_amount"]
    if override is not None:
        if not item["bi_allow_amount_override"]:
            raise ApiError("override_amount is not allowed for this item (bi_allow_amount_override is 0)")
        if override <= 0:
            raise ApiError("override_amount must be greater than 0")
        if item["bi_max_amount"] is not None and override > item["bi_max_amount"]:
            raise ApiError(f"override_amount exceeds this item's cap of {item['bi_max_amount']:.2f}")
    if item["bi_trigger_mode"] == "threshold":
        if p["metric_value"] is None:
            raise ApiError("metric_value is required for threshold items")
        compare = CONDITIONS.get(item["bi_trigger_condition"] or "gte", operator.ge)
        if not compare(p["metric_value"], item["bi_trigger_threshold"]):
            return None, (f"metric_value {p['metric_value']:g} does not meet "
                          f"{item['bi_trigger_condition']} {item['bi_trigger_threshold']:g}")
    return (override if override is not None else float(item["bi_unit_price"])), None


def fire(req: Request) -> Reply:
    item = find_item(req, req.params["billable_item_id"])
    customer = find_customer(req, req.params["billing_customer_id"])
    enrollment = req.one("SELECT * FROM enrollments WHERE ts_billing_customer_id = ? AND ts_billable_item_id = ? "
                         "AND ts_status != 'cancelled' ORDER BY rowid DESC", customer["bc_id"], item["bi_id"])
    if enrollment is None:
        raise ApiError("Enrollment not found: enroll the billing customer in this item first (edge/enroll)")
    if enrollment["ts_status"] == "paused":
        raise ApiError(f"Enrollment {enrollment['ts_id']} is paused after "
                       f"{enrollment['ts_consecutive_failures']} consecutive failures: resume it in the Edge dashboard")
    if customer["bc_status"] != "active":
        raise ApiError("Billing customer is not active: confirm a payment method first (edge/confirmPaymentMethod)")
    if not customer["bc_allow_trigger"]:
        raise ApiError("Billing customer does not allow trigger billing (bc_allow_trigger is 0)")
    now = req.now.timestamp()
    previous = req.one("SELECT ch_response, ch_epoch FROM charges WHERE ch_bi_id = ? AND ch_bc_id = ? "
                       "AND ch_epoch > ? ORDER BY ch_epoch DESC, rowid DESC", item["bi_id"], customer["bc_id"],
                       now - COOLDOWN_SECONDS)
    if previous is not None:
        wait = math.ceil(previous["ch_epoch"] + COOLDOWN_SECONDS - now)
        return Reply(json.loads(previous["ch_response"]), extra={"cooldown": True, "retry_after": wait})
    amount, not_met = _amount(req, item)
    currency = settings(req, customer["bc_orgid"]).get("currency", "USD")
    if amount is None:
        return Reply({"amount": 0, "status": "not_triggered", "success": False, "currency": currency,
                      "reason": not_met})
    charge_id = req.new_id("charge", "sc_")
    data: dict[str, Any] = {"amount": amount, "status": "captured", "gateway": customer["bc_gateway"],
                            "success": True, "currency": currency, "charge_id": charge_id,
                            "invoice_id": req.new_id("invoice", "inv_"), "captured_at": None, "gateway_ref": None}
    failures = enrollment["ts_consecutive_failures"] or 0
    if item["bi_capture_mode"] == "client_confirm":
        data.update(status="pending_client_action",
                    payment_url=f"https://app.zyntrohq.com/public/edge/pay/{data['invoice_id']}")
        charge_status = "pending_client_action"
    elif declines(customer):
        failures += 1
        data.update(status="failed", success=False, failure_code="card_declined",
                    failure_message="Your card was declined.")
        charge_status = "failed"
    else:
        failures = 0
        data.update(captured_at=req.now.strftime("%Y-%m-%dT%H:%M:%SZ"), gateway_ref=req.new_id("intent", "pi_"))
        charge_status = "succeeded"
    status = "paused" if failures >= PAUSE_AFTER_FAILURES else enrollment["ts_status"]
    _store.update(req.conn, "enrollments", "ts_id", enrollment["ts_id"], {
        "ts_last_triggered_at": req.stamp, "ts_last_charge_status": charge_status,
        "ts_consecutive_failures": failures, "ts_status": status})
    data.update(enrollment_id=enrollment["ts_id"], enrollment_status=status, consecutive_failures=failures)
    if req.params["override_description"]:
        data["description"] = req.params["override_description"]
    record_charge(req, customer, amount, item["bi_id"], enrollment["ts_id"], data)
    return Reply(data, wrote=True)


HANDLERS = {("edge", "fire"): fire}
