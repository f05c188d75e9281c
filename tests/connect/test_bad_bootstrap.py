"""Credentials given are used or refused with a reason, never ignored; bootstrap refuses what every call would.

Developer secrets that cannot be real are refused before anything is sent; a secret the sandbox
knows is bootstrapped into its own account (not the demo's); an account with no organization or no
brand is refused at bootstrap with the fix, not by its first call. No secret shows anywhere.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session
from tests.conftest import ORG, Recorder
from zyntro_nb._connect.bootstrap import BootstrapChoiceWarning
from zyntro_nb._session.session import SANDBOX_BASE_URL
from zyntro_nb.sandbox import Sandbox

GUEST_KEY = "GUEST-KEY-q1w2e3r4t5-NEVER-SHOWN"
GUEST_SECRET = "zdk_guest_q1w2e3r4t5_never_shown"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as box:
        yield box


@pytest.fixture(autouse=True)
def quiet(no_ambient_settings: Any) -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BootstrapChoiceWarning)
        yield


IMPOSSIBLE_SECRETS = {
    "prefix-alone": ("zdk_", "only the prefix"),
    "prefix-and-blank": ("zdk_   ", "only the prefix"),
    "readme-ellipsis": ("zdk_…", "placeholder"),
    "three-dots": ("zdk_...", "placeholder"),
    "angle-placeholder": ("zdk_<your_developer_secret>", "placeholder"),
    "braces-placeholder": ("zdk_{secret}", "placeholder"),
    "inner-space": ("zdk_abc def", "whitespace"),
    "inner-tab": ("zdk_abc\tdef", "whitespace"),
    "inner-newline": ("zdk_abc\ndef", "whitespace"),
    "no-prefix": ("abc123", "does not start with"),
}


@pytest.mark.parametrize("how", ["session", "connect", "sandbox", "environment"])
@pytest.mark.parametrize("case", list(IMPOSSIBLE_SECRETS), ids=list(IMPOSSIBLE_SECRETS))
def test_a_developer_secret_that_cannot_be_real_is_refused_before_sending(case: str, how: str,
                                                                           sandbox: Sandbox) -> None:
    secret, culprit = IMPOSSIBLE_SECRETS[case]
    server = Recorder()
    transport = httpx.MockTransport(server)
    with pytest.raises(zn.ConfigurationError) as info:
        if how == "session":
            zn.Session(developer_secret=secret, transport=transport, env={})
        elif how == "connect":
            zn.connect(developer_secret=secret, transport=transport, env={}, current=False)
        elif how == "sandbox":
            zn.connect(sandbox=sandbox, developer_secret=secret, current=False)
        else:
            zn.connect(transport=transport, env={"ZYNTRO_DEVELOPER_SECRET": secret}, current=False)
    assert_clear(info.value, zn.ConfigurationError, culprit, sent=0, server=server)
    assert "developer_secret" in str(info.value) or "ZYNTRO_DEVELOPER_SECRET" in str(info.value)
    assert sandbox.writes_total == 0 and info.value.sent is False


def test_a_developer_secret_given_with_a_sandbox_is_bootstrapped_into_its_own_account(sandbox: Sandbox) -> None:
    ids = sandbox.add_account(GUEST_KEY, GUEST_SECRET)
    s = zn.connect(sandbox=sandbox, developer_secret=GUEST_SECRET, current=False)
    assert s.config.api_key == GUEST_KEY and s.config.member_id == ids["member_id"]
    assert s.last is not None and s.last.endpoint == "developers/fetchIdentifiers"
    assert GUEST_KEY not in repr(s) and GUEST_SECRET not in repr(s)


def test_a_developer_secret_the_sandbox_does_not_know_is_refused_with_the_reason(sandbox: Sandbox) -> None:
    with pytest.raises(zn.AuthenticationError) as info:
        zn.connect(sandbox=sandbox, developer_secret=GUEST_SECRET, current=False)
    assert_clear(info.value, zn.AuthenticationError, "developer_secret")
    assert "Invalid developer_secret" in info.value.message


def test_another_login_secret_with_bootstrap_false_is_refused_not_ignored(sandbox: Sandbox) -> None:
    sandbox.add_account(GUEST_KEY, GUEST_SECRET)
    with pytest.raises(zn.ConfigurationError) as info:
        zn.connect(sandbox=sandbox, developer_secret=GUEST_SECRET, bootstrap=False, current=False)
    assert_clear(info.value, zn.ConfigurationError, "bootstrap=False")
    assert info.value.sent is False


def test_the_sandbox_own_developer_secret_keeps_the_demo_account(sandbox: Sandbox) -> None:
    s = zn.connect(sandbox=sandbox, developer_secret=sandbox.credentials["developer_secret"], current=False)
    assert s.config.api_key == sandbox.credentials["api_key"]


@pytest.mark.parametrize(("membership", "culprit"), [("none", "no organization"), ("no_brand", "no brand")],
                         ids=["no-organization", "no-brand"])
@pytest.mark.parametrize("how", ["sandbox-argument", "as-real-api", "bootstrap-true"])
def test_bootstrap_of_an_account_every_call_would_fail_for_says_so_with_the_fix(
        sandbox: Sandbox, membership: str, culprit: str, how: str) -> None:
    sandbox.add_account(GUEST_KEY, GUEST_SECRET, membership=membership)
    with pytest.raises(zn.ConfigurationError) as info:
        if how == "sandbox-argument":
            zn.connect(sandbox=sandbox, developer_secret=GUEST_SECRET, current=False)
        elif how == "as-real-api":
            zn.connect(developer_secret=GUEST_SECRET, base_url=SANDBOX_BASE_URL, transport=sandbox.transport(),
                       env={}, current=False)
        else:
            zn.connect(sandbox=sandbox, developer_secret=GUEST_SECRET, bootstrap=True, current=False)
    assert_clear(info.value, zn.ConfigurationError, culprit)
    assert info.value.endpoint == "developers/fetchIdentifiers" and "connect again" in info.value.fix
    assert sandbox.writes_total == 0


IDENTIFIER_ANSWERS: dict[str, tuple[Any, str]] = {
    "no-organizations-at-all": ({"api_key": "K-1", "user_id": "u1"}, "no organization"),
    "empty-organizations": ({"api_key": "K-1", "organizations": []}, "no organization"),
    "organizations-without-ids": ({"api_key": "K-1", "organizations": [{"org_name": "A"}]}, "no organization"),
    "org-without-brands": ({"api_key": "K-1", "organizations": [{"org_id": ORG}]}, "no brand"),
    "org-with-empty-brands": ({"api_key": "K-1", "organizations": [{"org_id": ORG}], "brands": []}, "no brand"),
    "brands-only-in-another-org": ({"api_key": "K-1", "organizations": [{"org_id": ORG}],
                                    "brands": [{"brand_id": "3", "org_id": "other"}]}, "no brand"),
    "brand-without-id": ({"api_key": "K-1", "org_id": ORG, "brands": [{"brand_name": "B"}]}, "no brand"),
    "no-api-key": ({"organizations": [{"org_id": ORG}]}, "no api_key"),
    "answer-is-text": ("nothing here", "without the identifiers"),
}


@pytest.mark.parametrize("case", list(IDENTIFIER_ANSWERS), ids=list(IDENTIFIER_ANSWERS))
def test_an_incomplete_identifiers_answer_is_refused_at_bootstrap(case: str) -> None:
    data, culprit = IDENTIFIER_ANSWERS[case]
    session, server = counting_session({"status": "success", "data": data}, api_key=None, org_id=None,
                                       brand_id=None, member_id=None)
    from zyntro_nb._connect.bootstrap import bootstrap_session

    with pytest.raises(zn.ConfigurationError) as info:
        bootstrap_session(session)
    assert_clear(info.value, zn.ConfigurationError, culprit, sent=1, server=server)
    assert server.bodies[0].get("api_key") is None


def test_an_api_key_changed_with_using_drops_the_old_login_user_id(sandbox: Sandbox) -> None:
    s = zn.connect(sandbox=sandbox, current=False)
    assert s.user_id
    switched = s.using(api_key=GUEST_KEY)
    assert switched.config.api_key == GUEST_KEY and switched.config.user_id is None
    assert s.using(brand_id=1).config.user_id == s.config.user_id


@pytest.mark.parametrize("membership", ["member", "none", "no_brand"])
def test_added_accounts_keep_their_shape_across_a_reset(sandbox: Sandbox, membership: str) -> None:
    ids = sandbox.add_account(GUEST_KEY, GUEST_SECRET, membership=membership)
    sandbox.reset()
    asking = zn.connect(sandbox=sandbox, current=False).using(api_key=None, org_id=None, brand_id=None,
                                                              member_id=None, developer_secret=GUEST_SECRET)
    answer = asking.call("developers", "fetchIdentifiers", raw=True)["data"]
    assert (answer["org_id"] or "") == ids["org_id"] and (answer["brand_id"] or "") == ids["brand_id"]


def test_an_unknown_account_shape_is_refused(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="membership must be one of"):
        sandbox.add_account(GUEST_KEY, GUEST_SECRET, membership="owner")
