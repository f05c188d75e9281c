"""The session's call history: s.history and %zyntro history."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from tests.conftest import CANARY_KEY, CANARY_SECRET
from zyntro_nb._connect.current import set_current
from zyntro_nb._exchange import History

OK = {"status": "success", "data": [{"id": 1}, {"id": 2}]}
NOT_FOUND = {"status": "error", "data": ["Contact not found"]}


def test_each_call_is_one_row_with_outcome_and_rows(make_session: Callable[..., Any]) -> None:
    s, _ = make_session(OK, NOT_FOUND)
    s.call("edge", "getItems")
    with pytest.raises(zn.ZyntroError):
        s.call("crm", "fetchContact", contact_id="c1")
    h = s.history
    assert list(h["endpoint"]) == ["edge/getItems", "crm/fetchContact"]
    assert list(h["status"]) == ["ok", "error"]
    assert h.loc[0, "rows"] == 2 and h.loc[0, "request_id"] == "req_1"
    assert h.loc[1, "error"].startswith("Contact not found")
    assert h.loc[1, "params"] == '{"contact_id": "c1"}'
    assert str(h["time"].dtype).startswith("datetime64") and str(h["time"].dt.tz) == "UTC"


def test_a_retried_call_is_one_entry_with_its_attempts(make_session: Callable[..., Any]) -> None:
    s, server = make_session(httpx.Response(503, text="busy"), OK)
    s.call("edge", "getItems")
    assert len(server.requests) == 2
    assert len(s.history) == 1
    assert s.history.loc[0, "attempts"] == 2 and s.history.loc[0, "status"] == "ok"


def test_history_never_shows_secrets(make_session: Callable[..., Any]) -> None:
    s, _ = make_session(OK)
    s.call("edge", "getItems")
    s.call("crm", "fetchContact", contact_id=CANARY_KEY)
    text = s.history.to_string()
    assert CANARY_SECRET not in text
    assert CANARY_KEY not in text  # a secret passed as a value is redacted too


def test_sessions_made_with_using_share_one_history(make_session: Callable[..., Any]) -> None:
    s, _ = make_session(OK)
    s.using(brand_id=2).call("edge", "getItems")
    assert len(s.history) == 1


def test_history_keeps_only_the_newest_calls() -> None:
    history = History(limit=3)
    entries = [object() for _ in range(5)]
    for entry in entries:
        history.record(entry)  # type: ignore[arg-type]
    assert list(history) == entries[2:]
    assert history.dropped == 2


def test_history_frame_index_counts_calls_since_the_start(make_session: Callable[..., Any]) -> None:
    s, _ = make_session(OK)
    s._shared.history = History(limit=2)
    for _ in range(4):
        s.call("edge", "getItems")
    assert list(s.history.index) == [2, 3]


# -- %zyntro history ---------------------------------------------------------------------------


@pytest.fixture
def current(make_session: Callable[..., Any]) -> Iterator[zn.Session]:
    s, _ = make_session(OK)
    set_current(s)
    yield s
    set_current(None)


def test_magic_history_shows_the_last_n_calls(ip: InteractiveShell, current: zn.Session) -> None:
    for _ in range(3):
        current.call("edge", "getItems")
    shown = ip.run_line_magic("zyntro", "history -n 2")
    assert len(shown) == 2 and list(shown.index) == [1, 2]
    assert "history (last 2 of 3 calls)" in repr(shown)


def test_magic_history_before_any_call_says_so(ip: InteractiveShell, current: zn.Session, capsys: Any) -> None:
    assert ip.run_line_magic("zyntro", "history") is None
    assert "no request has been sent" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["0", "-3", "x"], ids=["zero", "negative", "text"])
def test_magic_history_n_must_be_a_positive_number(ip: InteractiveShell, current: zn.Session, value: str) -> None:
    with pytest.raises(UsageError, match="-n needs a whole number"):
        ip.run_line_magic("zyntro", f"history -n={value}")
