"""One-step bootstrap: from a developer secret alone to a complete session (developers/fetchIdentifiers)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from zyntro_nb._connect.bootstrap import BootstrapChoiceWarning, identifiers_from
from zyntro_nb._connect.current import current_session, set_current
from zyntro_nb._session.session import SANDBOX_BASE_URL
from zyntro_nb.sandbox import Sandbox

CANARY_KEY = "CANARY-BOOTKEY-z9x8c7v6b5-NEVER-SHOWN"
CANARY_SECRET = "zdk_canary_boot_z9x8c7v6b5_never_shown"
ORG_A = "11111111-1111-4111-8111-111111111111"
ORG_B = "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as box:
        yield box


def _secret_only(box: Sandbox, secret: str | None = None, **settings: object) -> zn.Session:
    """``zn.connect(developer_secret=…)`` against the sandbox as if it were the real API (nothing else set)."""
    return zn.connect(developer_secret=secret or box.credentials["developer_secret"], base_url=SANDBOX_BASE_URL,
                      transport=box.transport(), env={}, **settings)


def test_a_developer_secret_alone_gives_a_complete_session(sandbox: Sandbox) -> None:
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        s = _secret_only(sandbox)
    c, expected = s.config, sandbox.credentials
    assert isinstance(c.api_key, zn.Secret) and c.api_key == expected["api_key"]
    assert (c.org_id, c.brand_id, c.member_id) == (expected["org_id"], expected["brand_id"], expected["member_id"])
    assert s.user_id and current_session() is s
    created = s.crm.addContactsFull(contact={"firstName": "Boot", "email": "boot@example.com"})  # needs all five
    assert len(created) == 1


def test_bootstrap_true_ignores_other_credentials_and_asks_the_api(sandbox: Sandbox) -> None:
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        s = zn.connect(sandbox=sandbox, bootstrap=True)
    assert s.config.api_key == sandbox.credentials["api_key"] and s.user_id
    assert s.last is not None and s.last.endpoint == "developers/fetchIdentifiers"


def test_several_brands_and_members_take_the_first_and_say_how_to_choose(sandbox: Sandbox) -> None:
    with pytest.warns(BootstrapChoiceWarning) as caught:
        s = _secret_only(sandbox)
    text = str(caught[0].message)
    assert "2 brands: using 'Acme Corp' (1)" in text and "brand_id=…" in text and "member_id=…" in text
    assert s.bootstrap_notes and s.config.brand_id == "1"


def test_a_choice_given_by_the_caller_is_used_and_checked(sandbox: Sandbox) -> None:
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert _secret_only(sandbox, bootstrap=True, brand_id=2).config.brand_id == "2"
    with pytest.raises(zn.ConfigurationError, match="brand_id=99 is not among the account's brands") as info:
        _secret_only(sandbox, bootstrap=True, brand_id=99)
    assert "'Acme Labs' (2)" in info.value.cause


def test_identifiers_set_beside_the_developer_secret_are_choices(sandbox: Sandbox) -> None:
    s = _secret_only(sandbox, brand_id=2, member_id=sandbox.credentials["member_id"])
    assert s.config.brand_id == "2" and s.config.api_key == sandbox.credentials["api_key"]


def test_several_organizations_take_the_answer_own_first_and_list_the_others() -> None:
    data = {"api_key": "K-1", "user_id": "u1", "org_id": ORG_B,
            "organizations": [{"org_id": ORG_A, "org_name": "Alpha"}, {"org_id": ORG_B, "org_name": "Beta"}],
            "brands": [{"brand_id": "3", "org_id": ORG_A}, {"brand_id": "7", "org_id": ORG_B}],
            "members": [{"member_id": "m-a", "org_id": ORG_A}, {"member_id": "m-b", "org_id": ORG_B}]}
    chosen, notes = identifiers_from(data)
    assert (chosen["org_id"], chosen["brand_id"], chosen["member_id"]) == (ORG_B, "7", "m-b")
    assert notes == ["2 organizations: using 'Beta' (22222222…); others: 'Alpha' (11111111…) (choose with org_id=…)"]
    chosen, notes = identifiers_from({**data, "org_id": None}, org_id=ORG_A)
    assert (chosen["org_id"], chosen["brand_id"], chosen["member_id"]) == (ORG_A, "3", "m-a") and notes == []
    chosen, _ = identifiers_from({k: v for k, v in data.items() if k != "org_id"})
    assert chosen["org_id"] == ORG_A  # no preference in the answer: the first


@pytest.mark.parametrize("data", [{"organizations": []}, "text", None], ids=["no-api-key", "text", "nothing"])
def test_an_answer_without_identifiers_is_a_clear_error(data: object) -> None:
    with pytest.raises(zn.ConfigurationError) as info:
        identifiers_from(data)
    assert info.value.fix and "ZYNTRO_API_KEY" in info.value.fix


def test_bootstrap_without_a_developer_secret_says_what_to_set(sandbox: Sandbox) -> None:
    with pytest.raises(zn.ConfigurationError, match="needs a developer secret"):
        zn.connect(bootstrap=True, env={})


def test_a_wrong_developer_secret_fails_typed_and_redacted(sandbox: Sandbox) -> None:
    with pytest.raises(zn.AuthenticationError) as info:
        _secret_only(sandbox, CANARY_SECRET)
    assert CANARY_SECRET[4:12] not in repr(info.value.args) and "Invalid developer_secret" in str(info.value)


def test_bootstrapped_canary_credentials_never_show(sandbox: Sandbox) -> None:
    sandbox.add_account(api_key=CANARY_KEY, developer_secret=CANARY_SECRET)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = _secret_only(sandbox, CANARY_SECRET)
    shown = " ".join([repr(s), str(s.config), str(vars(s.config)), str(s.last), str(s.last.response),
                      *(str(w.message) for w in caught), str(s.developers.fetchIdentifiers().T)])
    for secret in (CANARY_KEY, CANARY_SECRET):
        assert secret[4:12] not in shown
    assert s.config.api_key == CANARY_KEY


# -- magics ------------------------------------------------------------------------------------------


@pytest.fixture
def ip(no_ambient_settings: object) -> Iterator[InteractiveShell]:
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "zyntro_nb")
    set_current(None)
    yield shell
    set_current(None)


def test_magic_connect_bootstrap_prints_the_choices(ip: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", BootstrapChoiceWarning)  # printed, not warned
        ip.run_line_magic("zyntro", "connect --sandbox --bootstrap")
    out = capsys.readouterr().out
    assert "SANDBOX" in out and "bootstrap: 2 brands: using 'Acme Corp' (1)" in out
    assert "%zyntro use org_id=… brand_id=… member_id=…" in out
    assert current_session().user_id


def test_magic_connect_bootstrap_from_the_environment(ip: InteractiveShell, sandbox: Sandbox,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    server = sandbox.serve(port=0)
    monkeypatch.setenv("ZYNTRO_DEVELOPER_SECRET", sandbox.credentials["developer_secret"])
    monkeypatch.setenv("ZYNTRO_API_KEY", "ignored-by-bootstrap")
    monkeypatch.setenv("ZYNTRO_BASE_URL", server.url)
    ip.run_line_magic("zyntro", "connect --bootstrap")
    assert current_session().config.api_key == sandbox.credentials["api_key"]
    assert "ignored" not in capsys.readouterr().out


def test_magic_use_accepts_every_identifier_including_a_secret_variable(ip: InteractiveShell,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    ip.run_line_magic("zyntro", "connect --sandbox")
    box = current_session().sandbox
    assert box is not None
    ip.user_ns["k"] = zn.Secret(box.credentials["api_key"])
    ip.run_line_magic("zyntro", f"use api_key={{k}} developer_secret={box.credentials['developer_secret']} "
                                f"org_id={box.credentials['org_id']} brand_id=2")
    s = current_session()
    assert s.config.api_key == box.credentials["api_key"] and s.config.brand_id == "2"
    assert box.credentials["api_key"][4:12] not in capsys.readouterr().out
