"""Bad parameters: endpoint names, typos, values the catalog or JSON cannot take — all refused before sending.

Every case raises a typed error naming the culprit with a fix, shows no secret beyond 4
characters, and the counting transport behind the session saw no request.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session
from zyntro_nb._session.session import _warned_uncatalogued

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OK = {"status": "success", "data": {"contact_id": CONTACT}}


@pytest.fixture(autouse=True)
def fresh_uncatalogued_warnings() -> Any:
    """These tests send uncatalogued names; other tests expect each name's warning once, so restore."""
    before = set(_warned_uncatalogued)
    yield
    _warned_uncatalogued.clear()
    _warned_uncatalogued.update(before)


def _nested(levels: int, leaf: Any = 1) -> Any:
    value = leaf
    for _ in range(levels):
        value = [value]
    return value


Call = Callable[[zn.Session], Any]

# id: (the call, error type, culprit the message must name)
BAD_CALLS: dict[str, tuple[Call, type[zn.ZyntroError], str]] = {
    # endpoint names
    "module-with-slash": (lambda s: s.call("crm/x", "fetchContact"), zn.ParameterError, "'/'"),
    "action-dot-dot": (lambda s: s.call("crm", "../admin/x"), zn.ParameterError, "action"),
    "module-dot-dot": (lambda s: s.call("..", "x"), zn.ParameterError, "module"),
    "module-space": (lambda s: s.call("c rm", "fetchContact"), zn.ParameterError, "space"),
    "action-space": (lambda s: s.call("crm", "fetch Contact"), zn.ParameterError, "space"),
    "module-empty": (lambda s: s.call("", "fetchContact"), zn.ParameterError, "empty"),
    "action-whitespace": (lambda s: s.call("crm", "   "), zn.ParameterError, "empty"),
    "module-none": (lambda s: s.call(None, "fetchContact"), zn.ParameterError, "NoneType"),
    "action-number": (lambda s: s.call("crm", 42), zn.ParameterError, "int"),
    "action-10000-chars": (lambda s: s.call("crm", "a" * 10_000), zn.ParameterError, "10000 characters"),
    "action-newline": (lambda s: s.call("crm", "fetchContact\n"), zn.ParameterError, "action"),
    "action-query": (lambda s: s.call("crm", "fetchContact?x=1"), zn.ParameterError, "'?'"),
    "no-action": (lambda s: s.call("crm"), zn.ParameterError, "no action"),
    "slash-form-with-two-slashes": (lambda s: s.call("crm/fetchContact/x"), zn.ParameterError, "action"),
    # likely typos of catalogued names
    "action-typo": (lambda s: s.call("crm", "fetchContct", contact_id=CONTACT), zn.ParameterError, "fetchContact"),
    "action-case": (lambda s: s.call("crm", "fetchcontact", contact_id=CONTACT), zn.ParameterError, "fetchContact"),
    "action-plural": (lambda s: s.call("crm", "fetchContacts"), zn.ParameterError, "crm/fetchContact"),
    "module-typo": (lambda s: s.call("crn", "fetchContact", contact_id=CONTACT), zn.ParameterError, "crm/fetchContact"),
    "module-case": (lambda s: s.call("CRM", "fetchContact"), zn.ParameterError, "crm/fetchContact"),
    "namespaced-typo": (lambda s: s.crm.fetchContct(contact_id=CONTACT), zn.ParameterError, "fetchContact"),
    "dry-run-typo": (lambda s: s.prepare("edge", "getEnrolments"), zn.ParameterError, "getEnrollments"),
    # call shape
    "positional-to-method": (lambda s: s.crm.fetchContact(CONTACT), zn.ParameterError, "contact_id=…"),
    "extra-not-mapping": (lambda s: s.call("crm", "fetchContact", contact_id=CONTACT, extra="x"), zn.ParameterError,
                          "extra"),
    "extra-a-list": (lambda s: s.call("crm", "fetchContact", contact_id=CONTACT, extra=[("a", 1)]),
                     zn.ParameterError, "extra"),
    "unknown-param": (lambda s: s.call("crm", "fetchContact", contct_id=CONTACT), zn.ParameterError, "contact_id"),
    "missing-required": (lambda s: s.call("crm", "fetchContact"), zn.ParameterError, "contact_id"),
    # NaN, infinities and pandas' missing markers
    "nan-override": (lambda s: s.call("edge", "fire", billable_item_id="bi", billing_customer_id="bc",
                                      override_amount=math.nan), zn.ParameterError, "override_amount"),
    "inf-override": (lambda s: s.call("edge", "fire", billable_item_id="bi", billing_customer_id="bc",
                                      override_amount=math.inf), zn.ParameterError, "Infinity"),
    "minus-inf-metric": (lambda s: s.call("edge", "fire", billable_item_id="bi", billing_customer_id="bc",
                                          metric_value=-math.inf), zn.ParameterError, "metric_value"),
    "numpy-nan": (lambda s: s.call("edge", "fire", billable_item_id="bi", billing_customer_id="bc",
                                   override_amount=np.float64("nan")), zn.ParameterError, "NaN"),
    "pandas-na": (lambda s: s.call("crm", "fetchContact", contact_id=pd.NA), zn.ParameterError, "pd.NA"),
    "pandas-nat": (lambda s: s.call("calendar", "checkAvailability", calendar_id="c", schedule_id="s",
                                    start_date=pd.NaT), zn.ParameterError, "NaT"),
    "nan-nested": (lambda s: s.call("crm", "addContactsFull", contact={"email": "a@b.c", "score": math.nan}),
                   zn.ParameterError, "contact.score"),
    "inf-in-list": (lambda s: s.call("account", "createWebhook", wh_name="w", wh_endpoint="https://x.y",
                                     wh_events=["new_contact", math.inf]), zn.ParameterError, "wh_events[1]"),
    "nan-in-extra": (lambda s: s.call("crm", "fetchContact", contact_id=CONTACT, extra={"score": math.nan}),
                     zn.ParameterError, "score"),
    "nan-uncatalogued": (lambda s: s.call("email", "sendEmail", to="a@b.c", weight=math.nan), zn.ParameterError,
                         "weight"),
    # whole columns and arrays
    "series": (lambda s: s.call("crm", "fetchContact", contact_id=pd.Series([CONTACT, CONTACT])), zn.ParameterError,
               "pandas Series"),
    "one-item-series": (lambda s: s.call("crm", "fetchContact", contact_id=pd.Series([CONTACT])),
                        zn.ParameterError, "pandas Series"),
    "series-as-integer": (lambda s: s.call("edge", "getEnrollments", limit=pd.Series([1, 2])), zn.ParameterError,
                          "limit"),
    "dataframe": (lambda s: s.call("crm", "addContactsFull", contact=pd.DataFrame({"a": [1]})), zn.ParameterError,
                  "DataFrame"),
    "numpy-array": (lambda s: s.call("account", "createWebhook", wh_name="w", wh_endpoint="https://x.y",
                                     wh_events=np.array(["new_contact"])), zn.ParameterError, "numpy array"),
    # depth
    "depth-65": (lambda s: s.call("crm", "addContactsFull", contact={"email": "a@b.c", "x": _nested(64)}),
                 zn.ParameterError, "64 levels"),
    "depth-5000": (lambda s: s.call("crm", "addContactsFull", contact={"x": _nested(5000)}), zn.ParameterError,
                   "contact"),
    "depth-uncatalogued": (lambda s: s.call("email", "sendEmail", body=_nested(3000)), zn.ParameterError, "body"),
    "depth-in-extra": (lambda s: s.call("crm", "fetchContact", contact_id=CONTACT, extra={"deep": _nested(200)}),
                       zn.ParameterError, "deep"),
    # Unicode
    "lone-surrogate-note": (lambda s: s.call("crm", "addNotestoContact", contact_id=CONTACT, note="Called \udc80"),
                            zn.ParameterError, "note"),
    "lone-surrogate-nested": (lambda s: s.call("crm", "addContactsFull", contact={"firstName": "\ud800"}),
                              zn.ParameterError, "contact.firstName"),
    "lone-surrogate-key": (lambda s: s.call("crm", "addContactsFull", contact={"\udfff": "x"}), zn.ParameterError,
                           "key"),
    # empty required text
    "empty-contact-id": (lambda s: s.call("crm", "fetchContact", contact_id=""), zn.ParameterError, "contact_id"),
    "blank-contact-id": (lambda s: s.call("crm", "fetchContact", contact_id="   "), zn.ParameterError,
                         "whitespace"),
    "empty-note": (lambda s: s.call("crm", "addNotestoContact", contact_id=CONTACT, note=""), zn.ParameterError,
                   "note"),
    "tab-search": (lambda s: s.call("crm", "lookupContact", search_string="\t"), zn.ParameterError,
                   "search_string"),
    # catalog types and enums
    "flag-as-text": (lambda s: s.call("crm", "fetchContact", contact_id=CONTACT, include_notes="yes"),
                     zn.ParameterError, "include_notes"),
    "limit-as-text": (lambda s: s.call("edge", "getEnrollments", limit="10"), zn.ParameterError, "limit"),
    "limit-fraction": (lambda s: s.call("edge", "getEnrollments", limit=1.5), zn.ParameterError, "limit"),
    "object-as-text": (lambda s: s.call("crm", "addContactsFull", contact="ada@example.com"), zn.ParameterError,
                       "contact"),
    "array-as-text": (lambda s: s.call("account", "createWebhook", wh_name="w", wh_endpoint="https://x.y",
                                       wh_events="new_contact"), zn.ParameterError, "wh_events"),
    "id-as-number": (lambda s: s.call("crm", "fetchContact", contact_id=123), zn.ParameterError, "contact_id"),
    "amount-as-text": (lambda s: s.call("edge", "fire", billable_item_id="bi", billing_customer_id="bc",
                                        override_amount="12.50"), zn.ParameterError, "override_amount"),
    "not-json-encodable": (lambda s: s.call("email", "sendEmail", to=object()), zn.ParameterError, "to"),
    # identifiers given per call
    "per-call-bad-org": (lambda s: s.call("account", "fetchWallets", org_id="acme"), zn.ConfigurationError,
                         "org_id"),
    "per-call-swapped-key": (lambda s: s.call("account", "fetchWallets", api_key="zdk_" + "x" * 20),
                             zn.ConfigurationError, "developer secret"),
}


@pytest.mark.parametrize("case", list(BAD_CALLS), ids=list(BAD_CALLS))
def test_a_bad_call_is_refused_before_anything_is_sent(case: str) -> None:
    make, error_type, culprit = BAD_CALLS[case]
    session, server = counting_session(OK)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zn.UncataloguedEndpointWarning)
        with pytest.raises(zn.ZyntroError) as info:
            make(session)
    assert_clear(info.value, error_type, culprit, sent=0, server=server)
    assert info.value.sent is False


# -- what still goes out -------------------------------------------------------------------------------

def test_force_sends_a_likely_typo_as_typed() -> None:
    _warned_uncatalogued.discard("crm/fetchContct")
    session, server = counting_session(OK)
    with pytest.warns(zn.UncataloguedEndpointWarning):
        session.call("crm", "fetchContct", contact_id=CONTACT, force=True, raw=True)
    assert server.requests[0].url.path.endswith("/crm/fetchContct") and "force" not in server.bodies[0]


@pytest.mark.parametrize(("module", "action"), [("email", "sendEmail"), ("brand", "fetchFacts"),
                                                ("calendar", "listCalendars"), ("crm", "createContact")],
                         ids=["email", "brand", "calendar-listing", "crm-create"])
def test_names_close_to_nothing_catalogued_go_out_with_the_warning(module: str, action: str) -> None:
    _warned_uncatalogued.discard(f"{module}/{action}")
    session, server = counting_session(OK)
    with pytest.warns(zn.UncataloguedEndpointWarning, match=f"{module}/{action}"):
        session.call(module, action, raw=True)
    assert len(server.requests) == 1


def test_one_string_module_slash_action_is_the_same_call() -> None:
    session, server = counting_session(OK, OK)
    session.call("crm/fetchContact", contact_id=CONTACT, raw=True)
    session.call("crm", "fetchContact", contact_id=CONTACT, raw=True)
    assert server.bodies[0] == server.bodies[1]


@pytest.mark.parametrize(("value", "sent"), [(None, None), (np.int64(7), 7), (7.0, 7)],
                         ids=["none-leaves-it-out", "numpy-int", "whole-float"])
def test_values_that_mean_something_clear_are_accepted(value: Any, sent: Any) -> None:
    session, server = counting_session(OK)
    session.call("edge", "getEnrollments", limit=value, raw=True)
    assert server.bodies[0].get("limit") == sent
