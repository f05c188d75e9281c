"""History after bad input: ``%zyntro history -n`` refuses what is no count; refused calls leave no row;
calls given credentials of their own show them redacted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from tests.bad_support import counting_session, leaks
from tests.conftest import CANARY_KEY, CANARY_SECRET
from zyntro_nb._connect.current import set_current

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OK = {"status": "success", "data": {"contact_id": CONTACT, "api_key": CANARY_KEY}}


@pytest.fixture
def session(ip: InteractiveShell, no_ambient_settings: Any) -> Iterator[zn.Session]:
    s, _ = counting_session(OK)
    set_current(s)
    yield s
    set_current(None)


@pytest.mark.parametrize("count", ["abc", "0", "-1", "1.5", "''", "1e3", "{None}"],
                         ids=["word", "zero", "negative", "fraction", "empty", "float-text", "none"])
def test_history_count_that_is_no_whole_number_above_zero_is_a_usage_error(ip: InteractiveShell,
                                                                           session: zn.Session,
                                                                           count: str) -> None:
    with pytest.raises(UsageError) as info:
        ip.run_line_magic("zyntro", f"history -n {count}")
    assert "-n" in str(info.value)


BAD_CALLS = {
    "unknown-parameter": lambda s: s.call("crm", "fetchContact", contact_idd=CONTACT),
    "flag-as-text": lambda s: s.call("crm", "fetchContact", contact_id=CONTACT, parse="no"),
    "bulk-flag-as-text": lambda s: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], resend_unknown="no"),
    "bulk-journal-true": lambda s: s.bulk("crm", "fetchContact", [{"contact_id": CONTACT}], journal=True),
    "expand-list": lambda s: s.call("crm", "fetchContact", contact_id=CONTACT, expand=["notes"]),
}


@pytest.mark.parametrize("case", list(BAD_CALLS), ids=list(BAD_CALLS))
def test_a_refused_call_leaves_no_row_in_the_history(session: zn.Session, case: str) -> None:
    with pytest.raises(zn.ZyntroError):
        BAD_CALLS[case](session)
    assert len(session.history) == 0 and session.last is None


def test_history_shows_a_call_own_credentials_redacted(ip: InteractiveShell, session: zn.Session) -> None:
    session.call("developers", "fetchIdentifiers", developer_secret=CANARY_SECRET)
    session.call("crm", "fetchContact", contact_id=CONTACT)
    frame = ip.run_line_magic("zyntro", "history -n 5")
    text = "\n".join([frame.to_string(), repr(session.history.to_dict()), repr(session.last)])
    assert len(frame) == 2 and not leaks(text)
