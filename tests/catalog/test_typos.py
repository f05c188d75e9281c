"""Typo suggestions for endpoint names (``zyntro_nb._catalog.typos``), asked of the shipped catalog."""

from __future__ import annotations

import pytest

from zyntro_nb._catalog.catalog import Catalog
from zyntro_nb._catalog.typos import likely_typos, unknown_endpoint

CATALOG = Catalog.builtin()


@pytest.mark.parametrize(
    ("module", "action", "expected"),
    [
        ("crm", "fetchContct", ["crm/fetchContact"]),
        ("crm", "FETCHCONTACT", ["crm/fetchContact"]),
        ("crn", "fetchContact", ["crm/fetchContact"]),
        ("CRM", "fetchContact", ["crm/fetchContact"]),
        ("crm", "fetchContact", []),
        ("crm", "somethingElseEntirely", []),
        ("email", "sendEmail", []),
    ],
    ids=["action-typo", "action-case", "module-typo", "module-case", "catalogued", "close-to-nothing",
         "unknown-module"],
)
def test_likely_typos_names_the_catalogued_endpoint_a_name_is_close_to(module, action, expected) -> None:
    assert likely_typos(CATALOG.names(), module, action) == expected
    assert CATALOG.likely_typos(module, action) == expected


@pytest.mark.parametrize(
    ("module", "action", "message", "fix_start"),
    [
        ("crn", "fetchContact", "unknown module 'crn'", "did you mean crm? modules: "),
        ("crm", "fetchContct", "unknown action 'fetchContct' in module 'crm'", "did you mean fetchContact"),
        ("crm", "zzzzzz", "unknown action 'zzzzzz' in module 'crm'", "actions: "),
    ],
    ids=["module", "action", "action-close-to-nothing"],
)
def test_unknown_endpoint_names_what_is_unknown_and_the_choices(module, action, message, fix_start) -> None:
    error = unknown_endpoint(CATALOG.names(), module, action)
    assert error.message == message and error.fix.startswith(fix_start)
    assert error.endpoint == f"{module}/{action}" and not error.sent
