"""``zn.connect(profile=…)``, ``zn.profiles()`` and login's Python side, on the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import zyntro_nb as zn
from tests.conftest import CANARY_KEY, CANARY_SECRET
from zyntro_nb._connect.profiles import login_profile
from zyntro_nb._profiles.store import read_profiles
from zyntro_nb.sandbox import Sandbox

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


def pieces(secret: str) -> list[str]:
    """Every 8-character piece of ``secret`` (the scan's rule: that many in a row are a leak)."""
    return [secret[i:i + 8] for i in range(len(secret) - 7)]


@pytest.fixture
def box() -> Any:
    with Sandbox() as sandbox:
        sandbox.add_account(CANARY_KEY, CANARY_SECRET)
        yield sandbox


@pytest.fixture
def env(profiles_file: Path, memory_keyring: Any, no_ambient_settings: Path) -> dict[str, str]:
    return {"ZYNTRO_PROFILES_FILE": str(profiles_file)}


def login(box: Sandbox, env: dict[str, str], name: str = "acme", secret: str = CANARY_SECRET,
          **options: Any) -> Any:
    return login_profile(name, secret, base_url="http://sandbox.local", transport=box.transport(), env=env, **options)


def test_login_stores_identifiers_in_the_file_and_secrets_in_the_keyring(box: Sandbox, env: dict[str, str],
                                                                          memory_keyring: Any) -> None:
    profile, _session = login(box, env, note="Acme Corp")
    assert read_profiles(Path(env["ZYNTRO_PROFILES_FILE"]))["acme"] == profile
    assert profile.org_id == box.credentials["org_id"] and profile.brand_id and profile.member_id
    assert profile.user_id and profile.note == "Acme Corp"
    assert {v for v in memory_keyring.entries.values()} == {CANARY_KEY, CANARY_SECRET}
    text = Path(env["ZYNTRO_PROFILES_FILE"]).read_text(encoding="utf-8")
    assert not any(piece in text for piece in pieces(CANARY_KEY) + pieces(CANARY_SECRET))


def test_login_chooses_brand_and_member_as_connect_does_or_as_given(box: Sandbox, env: dict[str, str]) -> None:
    first, session = login(box, env)
    assert session.bootstrap_notes and first.brand_id == "1"
    chosen, _ = login(box, env, name="acme-labs", brand_id="2")
    assert chosen.brand_id == "2"


def test_a_profile_connects_and_calls(box: Sandbox, env: dict[str, str]) -> None:
    login(box, env)
    s = zn.connect(profile="acme", env=env, transport=box.transport(), current=False)
    assert s.config.profile == "acme" and s.config.sources["api_key"] == "keyring (profile acme)"
    assert s.crm.fetchContact(contact_id=CONTACT).loc[0, "contact_id"] == CONTACT


def test_zyntro_profile_picks_the_profile_for_connect(box: Sandbox, env: dict[str, str]) -> None:
    login(box, env)
    s = zn.connect(env={**env, "ZYNTRO_PROFILE": "acme"}, transport=box.transport(), current=False)
    assert s.config.profile == "acme" and s.config.sources["profile"] == "ZYNTRO_PROFILE"


def test_profiles_frame_lists_identifiers_and_keyring_state_but_no_secret(box: Sandbox, env: dict[str, str],
                                                                          memory_keyring: Any) -> None:
    login(box, env)
    login(box, env, name="gone")
    memory_keyring.entries = {k: v for k, v in memory_keyring.entries.items() if not k[1].startswith("gone/")}
    frame = zn.profiles(env=env)
    assert list(frame["profile"]) == ["acme", "gone"]
    assert list(frame["secrets"]) == ["api_key, developer_secret", "missing"]
    assert frame.loc[0, "org_id"] == box.credentials["org_id"]
    shown = frame.to_string() + frame.to_html() + repr(frame.to_dict())
    assert not any(piece in shown for piece in pieces(CANARY_KEY) + pieces(CANARY_SECRET))


def test_profiles_frame_without_a_keyring_says_the_state_is_unknown(box: Sandbox, env: dict[str, str]) -> None:
    import keyring
    from keyring.backends import fail

    login(box, env)
    keyring.set_keyring(fail.Keyring())  # the memory_keyring fixture restores the machine's afterwards
    assert list(zn.profiles(env=env)["secrets"]) == ["unknown: no keyring backend"]


def test_a_wrong_developer_secret_stores_nothing(box: Sandbox, env: dict[str, str], memory_keyring: Any) -> None:
    with pytest.raises(zn.AuthenticationError, match="Invalid developer_secret"):
        login(box, env, secret="zdk_" + "WRONG" * 4)
    assert not Path(env["ZYNTRO_PROFILES_FILE"]).exists() and memory_keyring.entries == {}


def test_a_second_login_needs_force_and_force_replaces(box: Sandbox, env: dict[str, str]) -> None:
    login(box, env)
    with pytest.raises(zn.ConfigurationError, match="already exists") as caught:
        login(box, env, brand_id="2")
    assert "--force" in caught.value.fix
    assert login(box, env, brand_id="2", force=True)[0].brand_id == "2"


def test_connect_refuses_a_profile_with_the_sandbox(env: dict[str, str]) -> None:
    with pytest.raises(zn.ConfigurationError, match="both sandbox and profile") as caught:
        zn.connect(sandbox=True, profile="acme")
    assert "zn.connect(profile=" in caught.value.fix
