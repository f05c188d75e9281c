"""``%zyntro connect --profile NAME`` (with Tab completion of the names) and ``%zyntro doctor`` on a profile."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from tests.conftest import CANARY_KEY, CANARY_SECRET
from zyntro_nb._connect.current import current_session, set_current
from zyntro_nb._connect.profiles import login_profile
from zyntro_nb._profiles.store import Profile, save_profile
from zyntro_nb.sandbox import Sandbox

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with Sandbox() as box, box.serve(port=0) as server:
        box.add_account(CANARY_KEY, CANARY_SECRET)
        yield server.url


@pytest.fixture
def acme(ip: InteractiveShell, served: str, profiles_file: Path, memory_keyring: Any,
         no_ambient_settings: Path) -> Iterator[Path]:
    """Profile acme (logged in on the HTTP sandbox) and an empty one, globex; no current session."""
    login_profile("acme", CANARY_SECRET, base_url=served)
    save_profile(profiles_file, Profile("globex"))
    set_current(None)
    yield profiles_file
    set_current(None)


def test_connect_profile_makes_the_profile_current_and_calls_work(ip: InteractiveShell, acme: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ip.run_line_magic("zyntro", "connect --profile acme")
    session = current_session()
    assert session.config.profile == "acme"
    ip.run_line_magic("zyntro", f"crm fetchContact contact_id={CONTACT} -o jane")
    assert ip.user_ns["jane"].loc[0, "contact_id"] == CONTACT
    out = capsys.readouterr().out
    assert CANARY_SECRET[4:12] not in out and CANARY_KEY[4:12] not in out


def test_doctor_says_which_profile_and_where_each_value_came_from(ip: InteractiveShell, acme: Path) -> None:
    ip.run_line_magic("zyntro", "connect --profile acme")
    text = ip.run_line_magic("zyntro", "doctor").to_text()
    assert "profile in use: acme (named by argument)" in text
    assert "api_key ← keyring (profile acme)" in text and "org_id ← profile acme" in text
    assert CANARY_SECRET[4:12] not in text


@pytest.mark.parametrize("line", ["connect --profile acme --sandbox", "connect --profile acme --base-url http://x"],
                         ids=["sandbox", "base-url"])
def test_connect_profile_refuses_options_that_name_another_account(ip: InteractiveShell, acme: Path,
                                                                   line: str) -> None:
    with pytest.raises(UsageError, match="--profile cannot be combined"):
        ip.run_line_magic("zyntro", line)


@pytest.mark.parametrize(("line", "expected"), [
    ("%zyntro connect --profile ", ["acme", "globex"]),
    ("%zyntro connect --profile gl", ["globex"]),
], ids=["all", "prefix"])
def test_tab_completes_profile_names(ip: InteractiveShell, acme: Path, line: str, expected: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        _, matches = ip.complete("", line, len(line))
    assert [m for m in matches if m in ("acme", "globex")] == expected


def test_tab_offers_the_profile_option_after_connect(ip: InteractiveShell, acme: Path) -> None:
    line = "%zyntro connect --pro"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        _, matches = ip.complete("", line, len(line))
    assert "--profile" in matches


def test_whoami_names_the_profile_in_use(ip: InteractiveShell, acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ip.run_line_magic("zyntro", "connect --profile acme")
    capsys.readouterr()
    ip.run_line_magic("zyntro", "whoami")
    out = capsys.readouterr().out
    assert "profile          acme" in out and CANARY_KEY[4:12] not in out
