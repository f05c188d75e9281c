"""Bad input to widget forms: typed errors at the field (or the form), nothing sent.

Prefills raise ``ParameterError`` naming the field with a fix; a field setter given a value the
field cannot take shows the problem and its fix at the field (and the form will not run); ``form.run()``
never raises and keeps the typed error in ``form.error``. The counting transport saw no request.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session
from zyntro_nb._catalog.catalog import Param
from zyntro_nb._widgets.rules import field_for

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OK = {"status": "success", "data": {"contact_id": CONTACT}}

# Building a form: (module, action, prefill, error type, culprit)
BUILD_CASES: dict[str, tuple[str, str, dict[str, Any], type[zn.ZyntroError], str]] = {
    "name-with-slash": ("crm", "fetch/Contact", {}, zn.ParameterError, "'/'"),
    "name-empty": ("", "fetchContact", {}, zn.ParameterError, "empty"),
    "unknown-prefill": ("crm", "fetchContact", {"contct_id": CONTACT}, zn.ParameterError, "contact_id"),
    "prefill-wrong-type": ("crm", "fetchContact", {"contact_id": 123}, zn.ParameterError, "contact_id"),
    "prefill-enum": ("edge", "getEnrollments", {"status": "sleeping"}, zn.ParameterError, "status"),
    "prefill-nan-amount": ("edge", "fire", {"override_amount": math.nan}, zn.ParameterError, "override_amount"),
    "prefill-inf-amount": ("edge", "fire", {"override_amount": math.inf}, zn.ParameterError, "override_amount"),
    "prefill-bad-identifier": ("crm", "fetchContact", {"org_id": "acme"}, zn.ConfigurationError, "org_id"),
}


@pytest.mark.parametrize("case", list(BUILD_CASES), ids=list(BUILD_CASES))
def test_a_form_with_bad_input_is_not_built(case: str) -> None:
    module, action, prefill, error_type, culprit = BUILD_CASES[case]
    session, server = counting_session(OK)
    with pytest.raises(zn.ZyntroError) as info:
        zn.form(module, action, session=session, **prefill)
    assert_clear(info.value, error_type, culprit, sent=0, server=server)


# Setting a field's value: (parameter, value, culprit)
SETTER_CASES: dict[str, tuple[Param, Any, str]] = {
    "required-int-word": (Param("n", "integer", required=True), "lots", "n"),
    "required-int-none-like": (Param("n", "integer", required=True), object(), "n"),
    "required-int-nan": (Param("n", "integer", required=True), math.nan, "n"),
    "required-float-word": (Param("amount", "float", required=True), "twelve", "amount"),
    "required-float-list": (Param("amount", "float", required=True), [1.0], "amount"),
    "choice-outside-enum": (Param("mode", enum=("free", "busy")), "maybe", "mode"),
    "date-word": (Param("start_date"), "now", "start_date"),
    "date-number": (Param("start_date"), 20240601, "start_date"),
    "flag-series": (Param("include_notes", "integer", enum=(0, 1)), pd.Series([1, 0]), "include_notes"),
    "json-unencodable": (Param("contact", "object", required=True), {"x": object()}, "contact"),
}


@pytest.mark.parametrize("case", list(SETTER_CASES), ids=list(SETTER_CASES))
def test_a_field_setter_shows_the_problem_and_its_fix_at_the_field_instead_of_raising(case: str) -> None:
    param, value, culprit = SETTER_CASES[case]
    field = field_for(param)
    field.value = value  # never raises out of the assignment
    problem = field.problem()
    assert problem is not None and culprit in str(problem) and problem.fix
    assert field.value is None and field.error == str(problem)
    assert "Fix:" in field.message.value and html.escape(culprit) in field.message.value


def _fill(form: Any, **raw: Any) -> Any:
    for name, text in raw.items():
        form.fields[name].widget.value = text
    return form


# Running a form: (module, action, how to fill it, culprit)
RUN_CASES: dict[str, tuple[str, str, Callable[[Any], Any], str]] = {
    "required-empty": ("crm", "fetchContact", lambda f: f, "contact_id"),
    # a likely typo gets the free-form box (its header suggests the name), but running it is refused
    "typo-action": ("crm", "fetchContct", lambda f: _fill(f, parameters=f'{{"contact_id": "{CONTACT}"}}'),
                    "crm/fetchContact"),
    "typo-module": ("crn", "fetchContact", lambda f: f, "crm/fetchContact"),
    "required-blank": ("crm", "fetchContact", lambda f: _fill(f, contact_id="   "), "contact_id"),
    "json-nan": ("crm", "addContactsFull", lambda f: _fill(f, contact='{"email": "a@b.c", "score": NaN}'),
                 "NaN"),
    "json-invalid": ("crm", "addContactsFull", lambda f: _fill(f, contact='{"email": }'), "contact"),
    "json-duplicate-free-but-deep": ("crm", "addContactsFull",
                                     lambda f: _fill(f, contact='{"x": ' + "[" * 100 + "]" * 100 + "}"),
                                     "64 levels"),
    "json-thousands-deep": ("crm", "addContactsFull",
                            lambda f: _fill(f, contact='{"x": ' + "[" * 5000 + "]" * 5000 + "}"), "contact"),
    "number-as-word": ("edge", "getEnrollments", lambda f: _fill(f, limit="ten"), "limit"),
    "lone-surrogate": ("crm", "addNotestoContact", lambda f: _fill(f, contact_id=CONTACT, note="x \udc80"),
                       "note"),
}


@pytest.mark.parametrize("case", list(RUN_CASES), ids=list(RUN_CASES))
def test_running_a_form_with_bad_fields_keeps_a_typed_error_and_sends_nothing(case: str) -> None:
    module, action, fill, culprit = RUN_CASES[case]
    session, server = counting_session(OK)
    form = fill(zn.form(module, action, session=session))
    assert form.run() is None
    assert_clear(form.error, zn.ParameterError, culprit, sent=0, server=server)


def test_a_form_whose_write_answer_is_lost_says_so_and_names_the_read() -> None:
    import httpx

    def dropped(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    session, server = counting_session(dropped)
    form = _fill(zn.form("crm", "addNotestoContact", session=session), contact_id=CONTACT, note="Called back")
    assert form.run() is None
    assert_clear(form.error, zn.RequestTimeoutError, "may have been applied", sent=1, server=server)
    assert form.error.outcome_unknown and "include_notes=1" in form.error.fix


def test_a_date_field_still_takes_real_dates() -> None:
    field = field_for(Param("start_date"))
    field.value = dt.date(2026, 4, 1)
    assert field.value == "2026-04-01 00:00:00"


# A value assigned in code that the field cannot take: (module, action, prefill, field, value)
FORM_ASSIGN_CASES: dict[str, tuple[str, str, dict[str, Any], str, Any]] = {
    "mode-bogus": ("crm", "addContactsFull", {"contact": {"email": "a@example.com"}}, "mode", "bogus"),
    "enum-number": ("crm", "fetchContact", {"contact_id": CONTACT}, "include_notes", 7),
    "status-not-in-enum": ("edge", "getEnrollments", {}, "status", "sleeping"),
    "date-word": ("calendar", "checkAvailability", {}, "start_date", "tomorrow-ish"),
}


@pytest.mark.parametrize("case", list(FORM_ASSIGN_CASES), ids=list(FORM_ASSIGN_CASES))
def test_a_value_assigned_to_a_form_field_is_shown_at_the_field_and_the_form_does_not_run(case: str) -> None:
    module, action, prefill, name, value = FORM_ASSIGN_CASES[case]
    session, server = counting_session(OK)
    form = zn.form(module, action, session=session, **prefill)
    form.fields[name].value = value  # does not raise
    field = form.fields[name]
    assert "Fix:" in field.message.value and field.value is None
    assert "not valid yet" in form.code and name in form.code
    assert form.run() is None and len(server.requests) == 0
    assert_clear(form.error, zn.ParameterError, name)
