"""``%zyntro use`` with credentials: a credential given is used (a developer secret alone is bootstrapped)
or refused with the reason, never kept silently beside the old login's identifiers; nothing shows a secret.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from tests.bad_support import assert_clear, leaks
from zyntro_nb._connect.current import current_session, set_current
from zyntro_nb._ipython.magics import ZyntroMagicError
from zyntro_nb.sandbox import Sandbox

GUEST_KEY = "GUEST-KEY-q1w2e3r4t5-NEVER-SHOWN"
GUEST_SECRET = "zdk_guest_q1w2e3r4t5_never_shown"


@pytest.fixture
def box(ip: InteractiveShell, no_ambient_settings: Any) -> Iterator[Sandbox]:
    with Sandbox() as sandbox, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        set_current(zn.connect(sandbox=sandbox, current=False))
        yield sandbox
        set_current(None)


def test_use_developer_secret_bootstraps_that_login(ip: InteractiveShell, box: Sandbox, capsys: Any) -> None:
    ids = box.add_account(GUEST_KEY, GUEST_SECRET)
    ip.run_line_magic("zyntro", f"use developer_secret={GUEST_SECRET}")
    session = current_session()
    assert session.config.api_key == GUEST_KEY and session.config.member_id == ids["member_id"]
    out = capsys.readouterr().out
    assert "bootstrapped" in out and not leaks(out) and GUEST_SECRET[5:] not in out and GUEST_KEY[5:] not in out


def test_use_api_key_uses_the_key_and_says_what_it_kept(ip: InteractiveShell, box: Sandbox, capsys: Any) -> None:
    before = current_session()
    ip.run_line_magic("zyntro", f"use api_key={GUEST_KEY}")
    session = current_session()
    assert session.config.api_key == GUEST_KEY and session.config.user_id is None
    out = capsys.readouterr().out
    assert "api_key: the new key is used" in out and "member_id" in out and GUEST_KEY[5:] not in out
    assert before.config.api_key != GUEST_KEY  # the earlier session is left as it was


def test_use_with_a_key_the_server_does_not_know_fails_on_the_call_with_the_reason(ip: InteractiveShell,
                                                                                  box: Sandbox) -> None:
    ip.run_line_magic("zyntro", f"use api_key={GUEST_KEY}")
    with pytest.raises(zn.AuthenticationError) as info:
        current_session().call("account", "fetchMembers")
    assert_clear(info.value, zn.AuthenticationError, "Invalid API Key")


BAD_USE: dict[str, tuple[str, type[Exception], str]] = {
    "secret-unknown-to-the-server": (f"use developer_secret={GUEST_SECRET}", zn.AuthenticationError,
                                     "developer_secret"),
    "secret-placeholder": ("use developer_secret=zdk_…", zn.ConfigurationError, "placeholder"),
    "secret-prefix-only": ("use developer_secret=zdk_", zn.ConfigurationError, "prefix"),
    "secret-angle-placeholder": ("use developer_secret=zdk_<your_developer_secret>", zn.ConfigurationError,
                                 "placeholder"),
    "key-is-a-secret": (f"use api_key={GUEST_SECRET}", zn.ConfigurationError, "developer secret"),
    "org-not-uuid": ("use org_id=acme", zn.ConfigurationError, "org_id"),
    "brand-not-number": ("use brand_id=main", zn.ConfigurationError, "brand_id"),
}


@pytest.mark.parametrize("case", list(BAD_USE), ids=list(BAD_USE))
def test_a_credential_that_cannot_be_used_is_refused_and_the_current_session_kept(
        ip: InteractiveShell, box: Sandbox, case: str) -> None:
    line, error_type, culprit = BAD_USE[case]
    before = current_session()
    with pytest.raises(ZyntroMagicError) as info:
        ip.run_line_magic("zyntro", line)
    assert_clear(info.value.error, error_type, culprit)
    assert "Fix:" in str(info.value) and not leaks(str(info.value))
    assert current_session() is before and box.writes_total == 0


@pytest.mark.parametrize("line", ["use api_key", "use token=x", "use s t"], ids=["no-value", "unknown-name",
                                                                                 "two-names"])
def test_a_malformed_use_line_is_a_usage_error(ip: InteractiveShell, box: Sandbox, line: str) -> None:
    before = current_session()
    with pytest.raises(UsageError):
        ip.run_line_magic("zyntro", line)
    assert current_session() is before
