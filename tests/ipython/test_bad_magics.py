"""Bad input to %zyntro / %%zyntro: short typed errors (never a raw traceback), nothing sent.

ZyntroErrors come out as ``ZyntroMagicError`` (its ``.error`` is the typed error); syntax
mistakes as IPython's ``UsageError``. Each case names its culprit, carries a fix, shows
no secret beyond 4 characters, and the counting transport saw no request.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session, leaks, texts_of
from tests.conftest import CANARY_KEY
from zyntro_nb._connect.current import set_current
from zyntro_nb._ipython.magics import ZyntroMagicError

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OK = {"status": "success", "data": {"contact_id": CONTACT}}


@pytest.fixture(autouse=True)
def clean(ip: InteractiveShell, no_ambient_settings: Any) -> Iterator[None]:
    set_current(None)
    ip.user_ns["deep"] = [[[[[[1]]]]]]
    nested: Any = 1
    for _ in range(100):
        nested = [nested]
    ip.user_ns["too_deep"] = nested
    ip.user_ns["nan"] = math.nan
    ip.user_ns["note"] = "bad \udc80 text"
    yield
    set_current(None)


def _run(ip: InteractiveShell, line: str, cell: str | None) -> Any:
    if cell is None:
        return ip.run_line_magic("zyntro", line)
    return ip.run_cell_magic("zyntro", line, cell)


# id: (line, cell body or None, error type (a ZyntroError subclass, or UsageError), culprit)
CASES: dict[str, tuple[str, str | None, type[Exception], str]] = {
    "action-typo": (f"crm fetchContct contact_id={CONTACT}", None, UsageError, "fetchContact"),
    "module-typo": (f"crn fetchContact contact_id={CONTACT}", None, UsageError, "crm fetchContact"),
    "empty-required": ("crm fetchContact contact_id=''", None, zn.ParameterError, "contact_id"),
    "blank-required-in-cell": ("crm fetchContact", '{"contact_id": "   "}', zn.ParameterError, "contact_id"),
    "empty-required-line-json": ("crm fetchContact", 'contact_id: ""', zn.ParameterError, "contact_id"),
    "blank-required-cell-line": ("crm fetchContact", "contact_id:   ", zn.ParameterError, "contact_id"),
    "blank-required-cell-single-quotes": ("crm fetchContact", "contact_id: '   '", zn.ParameterError, "contact_id"),
    "blank-required-cell-double-quotes": ("crm fetchContact", 'contact_id: "  "', zn.ParameterError, "contact_id"),
    "empty-required-cell-single-quotes": ("crm fetchContact", "contact_id: ''", zn.ParameterError, "contact_id"),
    "nan-variable": ("edge fire billable_item_id=bi billing_customer_id=bc override_amount={nan}", None,
                     zn.ParameterError, "override_amount"),
    "nan-json-constant": ("edge fire billable_item_id=bi billing_customer_id=bc", '{"override_amount": NaN}',
                          UsageError, "NaN"),
    "duplicate-key-json-body": ("crm fetchContact", f'{{"contact_id": "{CONTACT}", "contact_id": "x"}}',
                                UsageError, "contact_id"),
    "duplicate-nested-key": ("crm addContactsFull", '{"contact": {"email": "a@b.c", "email": "d@e.f"}}',
                             UsageError, "email"),
    "duplicate-key-lines": ("crm fetchContact", f"contact_id: {CONTACT}\ncontact_id: x", UsageError,
                            "twice"),
    "duplicate-key-in-line-json": ('crm addContactsFull contact=\'{"email": "a@b.c", "email": "x@y.z"}\'', None,
                                   UsageError, "email"),
    "json-body-thousands-deep": ("crm addContactsFull", '{"contact": ' + "[" * 5000 + "]" * 5000 + "}",
                                 UsageError, "nests too deeply"),
    "json-body-100-deep": ("crm addContactsFull", '{"contact": {"x": ' + "[" * 100 + "]" * 100 + "}}",
                           zn.ParameterError, "64 levels"),
    "deep-variable": ("crm addContactsFull contact={too_deep}", None, zn.ParameterError, "contact"),
    "lone-surrogate-variable": (f"crm addNotestoContact contact_id={CONTACT} note={{note}}", None,
                                zn.ParameterError, "note"),
    "unknown-parameter": (f"crm fetchContact contct_id={CONTACT}", None, zn.ParameterError, "contact_id"),
    "wrong-type": (f"crm fetchContact contact_id={CONTACT} include_notes=yes", None, zn.ParameterError,
                   "include_notes"),
    "enum-value": ("edge getEnrollments status=sleeping", None, zn.ParameterError, "status"),
    "action-with-dots": ("crm ../admin", None, zn.ParameterError, "action"),
    "connect-bad-base-url": ("connect --base-url http://", None, zn.ConfigurationError, "host"),
    "connect-doubled-path": ("connect --base-url https://app.zyntrohq.com/apis/v2/public", None,
                             zn.ConfigurationError, "/apis/v2/public"),
    "expand-unknown-field": (f"crm fetchContact contact_id={CONTACT} include_notes=1 --expand bogus", None,
                             zn.ParameterError, "notes, profile"),
    "expand-without-its-include": (f"crm fetchContact contact_id={CONTACT} --expand notes", None, zn.ParameterError,
                                   "include_notes=1"),
    "expand-undocumented-field": ("edge getEnrollments --expand items", None, zn.ParameterError, "items"),
    "expand-with-raw": (f"crm fetchContact contact_id={CONTACT} include_notes=1 --expand notes --raw", None,
                        UsageError, "--raw"),
    "expand-without-a-field": (f"crm fetchContact contact_id={CONTACT} --expand=", None, UsageError, "field name"),
    "expand-as-a-pair": (f"crm fetchContact contact_id={CONTACT} expand=notes", None, UsageError, "--expand"),
    "expand-with-curl": (f"curl crm fetchContact contact_id={CONTACT} --expand notes", None, UsageError,
                         "curl makes no call"),
    "expand-with-form": (f"form crm fetchContact contact_id={CONTACT} --expand=notes", None, UsageError,
                         "form makes no call"),
    "raw-with-help": ("help crm fetchContact --raw", None, UsageError, "help makes no call"),
    "use-bad-org": ("use org_id=acme", None, zn.ConfigurationError, "org_id"),
    "use-unknown-setting": ("use brand=2", None, UsageError, "brand"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_magic_input_is_a_short_typed_error_and_nothing_is_sent(ip: InteractiveShell, case: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    line, cell, error_type, culprit = CASES[case]
    monkeypatch.setenv("ZYNTRO_API_KEY", CANARY_KEY)  # so `connect` gets as far as the base URL
    session, server = counting_session(OK)
    set_current(session)
    with pytest.raises((ZyntroMagicError, UsageError)) as info:
        _run(ip, line, cell)
    raised = info.value
    if issubclass(error_type, zn.ZyntroError):
        assert isinstance(raised, ZyntroMagicError), f"{type(raised).__name__}: {raised}"
        assert_clear(raised.error, error_type, culprit, sent=0, server=server)
        assert "Fix:" in str(raised)
    else:
        assert type(raised) is UsageError, f"{type(raised).__name__}: {raised}"
        text = texts_of(raised)
        assert culprit.lower() in text.lower() and not leaks(text)
        assert len(server.requests) == 0
    assert "Traceback" not in str(raised)


def test_force_sends_a_typo_from_the_magic(ip: InteractiveShell) -> None:
    session, server = counting_session(OK)
    set_current(session)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _run(ip, f"crm fetchContct contact_id={CONTACT} --force", None)
    assert len(server.requests) == 1 and server.requests[0].url.path.endswith("/crm/fetchContct")


def test_a_lost_write_answer_in_the_magic_says_it_may_have_been_applied(ip: InteractiveShell) -> None:
    import httpx

    def dropped(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected", request=request)

    session, server = counting_session(dropped)
    set_current(session)
    with pytest.raises(ZyntroMagicError) as info:
        _run(ip, f"crm addNotestoContact contact_id={CONTACT} note='Called back'", None)
    assert info.value.error.outcome_unknown and "fetchContact" in str(info.value)
    assert len(server.requests) == 1
