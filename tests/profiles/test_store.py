"""The profiles file: identifiers only, read strictly, written atomically, names checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CANARY_SECRET
from zyntro_nb._errors import ConfigurationError
from zyntro_nb._profiles.store import (
    Profile,
    check_name,
    read_profiles,
    remove_profile,
    save_profile,
    write_profiles,
)
from zyntro_nb._profiles.vault import SECRET_FIELDS

ORG = "42cc1aca-3aa5-4339-98d2-480b5b89937b"


def test_a_saved_profile_reads_back_with_every_field(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "profiles.toml"
    profile = Profile("acme", org_id=ORG, brand_id="2", member_id="m", user_id="u", base_url="http://x", note="n")
    save_profile(path, profile)
    assert read_profiles(path) == {"acme": profile}


def test_saving_one_profile_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    save_profile(path, Profile("acme", brand_id="1"))
    save_profile(path, Profile("globex", brand_id="7"))
    assert sorted(read_profiles(path)) == ["acme", "globex"]


def test_the_file_holds_no_secret_field_and_says_where_secrets_are(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    save_profile(path, Profile("acme", org_id=ORG))
    text = path.read_text(encoding="utf-8")
    assert "keyring" in text.splitlines()[0]
    assert not any(f"{field} =" in text for field in SECRET_FIELDS)


def test_writing_leaves_no_temporary_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    write_profiles(path, {"a": Profile("a"), "b": Profile("b")})
    assert [p.name for p in tmp_path.iterdir()] == ["profiles.toml"]


def test_a_missing_file_is_no_profiles(tmp_path: Path) -> None:
    assert read_profiles(tmp_path / "absent.toml") == {}


def test_removing_a_profile_returns_it_and_drops_it_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    save_profile(path, Profile("acme", brand_id="1"))
    assert remove_profile(path, "acme").brand_id == "1"
    assert read_profiles(path) == {}


@pytest.mark.parametrize("name", ["a/b", "two words", "", "   ", "-lead", "x" * 65, None],
                         ids=["slash", "space", "empty", "blank", "leading-dash", "too-long", "none"])
def test_a_bad_profile_name_is_refused_with_a_fix(name: object) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_name(name)
    assert "cannot name a profile" in caught.value.message
    assert "zyntro-nb login --profile" in caught.value.fix


@pytest.mark.parametrize("name", ["default", "acme", "acme-eu", "client_2", "v1.2"])
def test_plain_names_are_accepted(name: str) -> None:
    assert check_name(name) == name


def test_a_file_that_is_not_toml_names_the_line_and_stays_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    text = '[profiles.acme]\nbrand_id = "1"\nnote = "unclosed\n'
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        save_profile(path, Profile("globex"))
    assert "line 3" in caught.value.message
    assert "nothing was changed" in caught.value.fix
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("field", ["api_key", "developer_secret", "password"])
def test_a_secret_written_into_the_file_is_refused_showing_at_most_4_characters(tmp_path: Path, field: str) -> None:
    path = tmp_path / "profiles.toml"
    path.write_text(f'[profiles.acme]\n{field} = "{CANARY_SECRET}"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        read_profiles(path)
    assert "holds a secret" in caught.value.message
    assert "keyring" in caught.value.fix
    assert "CANARY" not in str(caught.value)


def test_an_unknown_field_is_named_with_the_close_one(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    path.write_text('[profiles.acme]\nbrand = "1"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="did you mean brand_id"):
        read_profiles(path)
