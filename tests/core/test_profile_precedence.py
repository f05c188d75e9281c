"""The one precedence rule: argument > ZYNTRO_* variable > profile (file, then keyring) > .env."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zyntro_nb._config import Config
from zyntro_nb._errors import ConfigurationError
from zyntro_nb._profiles.store import Profile, save_profile
from zyntro_nb._profiles.vault import set_secret

PROFILE_ORG = "11111111-1111-4111-8111-111111111111"
DOTENV_ORG = "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def acme(memory_keyring: Any, profiles_file: Path, no_ambient_settings: Path) -> Path:
    """Profile acme (brand 5, its own org) with both secrets in the keyring; a .env with brand 9 and another org."""
    save_profile(profiles_file, Profile("acme", org_id=PROFILE_ORG, brand_id="5", base_url="http://acme.test"))
    set_secret("acme", "api_key", "ACME-KEY-1")
    set_secret("acme", "developer_secret", "zdk_acme")
    (no_ambient_settings / ".env").write_text(
        f"ZYNTRO_BRAND_ID=9\nZYNTRO_ORG_ID={DOTENV_ORG}\nZYNTRO_USER_ID=dotenv-user\nZYNTRO_API_KEY=DOTENV-KEY-1\n",
        encoding="utf-8")
    return profiles_file


def where(path: Path) -> dict[str, str]:
    """``env=`` replaces the process environment, so it names the profiles file too."""
    return {"ZYNTRO_PROFILES_FILE": str(path)}


CASES = [
    # (arguments, variables, profile named in the call?, expected brand_id, its source)
    pytest.param({"brand_id": 3}, {"ZYNTRO_BRAND_ID": "4"}, True, "3", "argument", id="argument-beats-all"),
    pytest.param({}, {"ZYNTRO_BRAND_ID": "4"}, True, "5", "profile acme", id="profile-in-call-beats-variable"),
    pytest.param({}, {"ZYNTRO_BRAND_ID": "4", "ZYNTRO_PROFILE": "acme"}, False, "4", "ZYNTRO_BRAND_ID",
                 id="variable-beats-profile-named-by-variable"),
    pytest.param({}, {}, True, "5", "profile acme", id="profile-in-call-beats-dotenv"),
    pytest.param({}, {"ZYNTRO_PROFILE": "acme"}, False, "5", "profile acme", id="profile-by-variable-beats-dotenv"),
]


@pytest.mark.parametrize(("arguments", "variables", "in_call", "brand", "source"), CASES)
def test_each_value_comes_from_the_first_layer_that_has_it(acme: Path, arguments: dict[str, Any],
                                                           variables: dict[str, str], in_call: bool, brand: str,
                                                           source: str) -> None:
    config = Config.resolve(env={**variables, **where(acme)}, profile="acme" if in_call else None, **arguments)
    assert (config.brand_id, config.sources["brand_id"]) == (brand, source)


def test_a_profile_named_in_the_call_never_mixes_with_an_exported_key(acme: Path) -> None:
    env = {"ZYNTRO_API_KEY": "SHELL-KEY-1", "ZYNTRO_ORG_ID": DOTENV_ORG, **where(acme)}
    config = Config.resolve(env=env, profile="acme")
    assert (config.api_key, config.org_id) == ("ACME-KEY-1", PROFILE_ORG)
    assert config.sources["api_key"] == "keyring (profile acme)" and config.sources["org_id"] == "profile acme"


def test_the_profile_fills_from_file_and_keyring_and_dotenv_fills_only_what_is_left(acme: Path) -> None:
    config = Config.resolve(env=where(acme), profile="acme")
    assert config.org_id == PROFILE_ORG and config.api_key == "ACME-KEY-1"
    assert config.user_id == "dotenv-user"
    assert config.sources == {
        "api_key": "keyring (profile acme)", "developer_secret": "keyring (profile acme)",
        "org_id": "profile acme", "brand_id": "profile acme", "user_id": ".env (ZYNTRO_USER_ID)",
        "base_url": "profile acme", "profile": "argument"}


def test_without_a_named_profile_the_dotenv_applies(acme: Path) -> None:
    config = Config.resolve(env=where(acme))
    assert (config.profile, config.brand_id, config.sources["brand_id"]) == (None, "9", ".env (ZYNTRO_BRAND_ID)")


@pytest.mark.parametrize(("env", "dotenv_line", "named_by"), [
    ({"ZYNTRO_PROFILE": "acme"}, "", "ZYNTRO_PROFILE"),
    ({}, "ZYNTRO_PROFILE=acme\n", "ZYNTRO_PROFILE (.env)"),
], ids=["variable", "dotenv"])
def test_zyntro_profile_names_the_profile(acme: Path, no_ambient_settings: Path, env: dict[str, str],
                                          dotenv_line: str, named_by: str) -> None:
    with (no_ambient_settings / ".env").open("a", encoding="utf-8") as out:
        out.write(dotenv_line)
    config = Config.resolve(env={**env, **where(acme)})
    assert (config.profile, config.brand_id, config.sources["profile"]) == ("acme", "5", named_by)


def test_the_profile_argument_beats_zyntro_profile(acme: Path, memory_keyring: Any) -> None:
    save_profile(acme, Profile("globex", brand_id="8"))
    set_secret("globex", "api_key", "GLOBEX-KEY-1")
    config = Config.resolve(env={"ZYNTRO_PROFILE": "acme", **where(acme)}, profile="globex")
    assert (config.profile, config.brand_id) == ("globex", "8")


def test_secrets_given_by_argument_are_not_asked_of_the_keyring(acme: Path, memory_keyring: Any) -> None:
    memory_keyring.entries.clear()
    config = Config.resolve(env=where(acme), profile="acme", api_key="ARG-KEY-1", developer_secret="zdk_arg")
    assert config.sources["api_key"] == "argument" and config.brand_id == "5"


def test_a_profile_whose_secrets_left_the_keyring_says_how_to_store_them_again(acme: Path,
                                                                              memory_keyring: Any) -> None:
    memory_keyring.entries.clear()
    with pytest.raises(ConfigurationError) as caught:
        Config.resolve(env=where(acme), profile="acme")
    assert "no secrets in the keyring" in caught.value.message
    assert "zyntro-nb login --profile acme --force" in caught.value.fix


def test_an_unknown_profile_suggests_the_close_name_and_lists_all(acme: Path) -> None:
    save_profile(acme, Profile("globex"))
    with pytest.raises(ConfigurationError) as caught:
        Config.resolve(env={"ZYNTRO_PROFILE": "acem", **where(acme)})
    assert caught.value.message == "ZYNTRO_PROFILE: unknown profile 'acem' (profiles: acme, globex)"
    assert "did you mean 'acme'" in caught.value.fix


def test_a_malformed_value_in_a_profile_names_the_profile(acme: Path) -> None:
    acme.write_text('[profiles.acme]\nbrand_id = "five"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"^profile acme: brand_id is not numeric"):
        Config.resolve(env=where(acme), profile="acme")


def test_using_another_brand_marks_it_as_an_argument(acme: Path) -> None:
    config = Config.resolve(env=where(acme), profile="acme").replace(brand_id=2)
    assert config.sources["brand_id"] == "argument" and config.profile == "acme"
