"""The current-session rule: which session the magics use, and the shared in-process sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from zyntro_nb._connect.current import current_session, current_source, set_current
from zyntro_nb._ipython.magics import ZyntroMagicError

ADA = {"firstName": "Ada", "email": "ada.current@example.com"}


@pytest.fixture(autouse=True)
def clean(ip: InteractiveShell, no_ambient_settings: Any) -> Iterator[None]:
    set_current(None)
    yield
    set_current(None)
    for name in ("s", "t", "not_a_session"):
        ip.user_ns.pop(name, None)


def z(ip: InteractiveShell, line: str) -> Any:
    return ip.run_line_magic("zyntro", line)


def test_connect_becomes_current_only_when_there_is_none() -> None:
    first = zn.connect(sandbox=True)
    second = zn.connect(sandbox=True)
    assert current_session() is first
    assert current_source() == "zn.connect()"
    assert second is not first


@pytest.mark.parametrize(
    ("current", "expected"), [(True, "second"), (False, "first"), (None, "first")], ids=["true", "false", "default"]
)
def test_connect_current_argument_decides(current: bool | None, expected: str) -> None:
    sessions = {"first": zn.connect(sandbox=True)}
    sessions["second"] = zn.connect(sandbox=True, current=current)
    assert current_session() is sessions[expected]


def test_connect_current_false_never_sets_even_without_a_session() -> None:
    zn.connect(sandbox=True, current=False)
    assert current_session(required=False) is None


def test_a_closed_current_session_is_replaced_by_the_next_connect() -> None:
    first = zn.connect(sandbox=True)
    first.close()
    second = zn.connect(sandbox=True)
    assert current_session() is second


def test_a_throwaway_connect_does_not_break_the_magics(ip: InteractiveShell) -> None:
    z(ip, "connect --sandbox")
    zn.connect(sandbox=True, api_key="UYUJH-WRONG")
    df = z(ip, "account fetchOrganization")
    assert len(df) == 1


def test_python_and_magics_share_one_sandbox(ip: InteractiveShell) -> None:
    s = zn.connect(sandbox=True)
    created = s.crm.addContactsFull(contact=ADA)
    contact_id = created.loc[0, "contact_id"]
    z(ip, "connect --sandbox")
    assert current_session() is not s
    found = z(ip, f"crm fetchContact contact_id={contact_id}")
    assert len(found) == 1
    assert current_session().sandbox is s.sandbox


def test_connect_sandbox_new_starts_from_the_seed(ip: InteractiveShell) -> None:
    s = zn.connect(sandbox=True)
    contact_id = s.crm.addContactsFull(contact=ADA).loc[0, "contact_id"]
    z(ip, "connect --sandbox --new")
    assert current_session().sandbox is not s.sandbox
    with pytest.raises(ZyntroMagicError, match="not found"):
        z(ip, f"crm fetchContact contact_id={contact_id}")
    assert "fresh sandbox" in current_source()


def test_connect_new_alone_is_a_usage_error(ip: InteractiveShell) -> None:
    with pytest.raises(UsageError, match="--new applies to --sandbox"):
        z(ip, "connect --new")


def test_use_var_points_the_magics_at_a_python_session(ip: InteractiveShell, capsys: Any) -> None:
    z(ip, "connect --sandbox")
    ip.user_ns["t"] = t = zn.connect(sandbox=True, brand_id="2")
    z(ip, "use t")
    assert current_session() is t
    assert "the magics now use t" in capsys.readouterr().out
    z(ip, "whoami")
    out = capsys.readouterr().out
    assert "session          t" in out
    assert "made current by  %zyntro use t" in out
    assert "brand_id         2" in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("use nobody", "no variable 'nobody'"),
        ("use not_a_session", "is a int, not a zyntro session"),
        ("use s t", "one variable name"),
    ],
    ids=["unknown-variable", "not-a-session", "two-names"],
)
def test_use_var_mistakes_are_usage_errors(ip: InteractiveShell, line: str, message: str) -> None:
    ip.user_ns["not_a_session"] = 3
    with pytest.raises(UsageError, match=message):
        z(ip, line)


def test_use_var_of_a_closed_session_is_refused(ip: InteractiveShell) -> None:
    ip.user_ns["s"] = s = zn.connect(sandbox=True)
    s.close()
    with pytest.raises(UsageError, match="closed"):
        z(ip, "use s")


def test_whoami_names_the_variable_and_how_it_became_current(ip: InteractiveShell, capsys: Any) -> None:
    ip.user_ns["s"] = zn.connect(sandbox=True)
    z(ip, "whoami")
    out = capsys.readouterr().out
    assert "session          s" in out
    assert "made current by  zn.connect()" in out
    assert "SANDBOX" in out
