from __future__ import annotations

from pathlib import Path

import pytest

from zyntro_nb import ConfigurationError
from zyntro_nb._config import Config, env_has_credentials, read_dotenv, redact, redact_text

ORG = "42cc1aca-3aa5-4339-98d2-480b5b89937b"
MEMBER = "f2470c7f-60b1-4491-b117-8ba0e3e2a53b"
GOOD_ENV = {
    "ZYNTRO_API_KEY": "UYUJH-AAAA-BBBB-CCCC",
    "ZYNTRO_DEVELOPER_SECRET": "zdk_example_secret",
    "ZYNTRO_ORG_ID": ORG,
    "ZYNTRO_BRAND_ID": "1",
    "ZYNTRO_MEMBER_ID": MEMBER,
}


def test_values_come_from_env_when_no_arguments(tmp_path: Path) -> None:
    cfg = Config.resolve(env=GOOD_ENV, dotenv=tmp_path / "none")
    assert (cfg.api_key, cfg.org_id, cfg.brand_id, cfg.member_id) == ("UYUJH-AAAA-BBBB-CCCC", ORG, "1", MEMBER)
    assert cfg.base_url == "https://app.zyntrohq.com"


def test_explicit_arguments_win_over_env(tmp_path: Path) -> None:
    cfg = Config.resolve(env=GOOD_ENV, dotenv=tmp_path / "none", brand_id=7, api_key="OTHER-KEY")
    assert cfg.brand_id == "7" and cfg.api_key == "OTHER-KEY"


def test_dotenv_file_is_read_and_env_overrides_it(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nexport ZYNTRO_API_KEY='FROM-FILE'\nZYNTRO_BRAND_ID=3 # trailing\nZYNTRO_ORG_ID=\"" + ORG + "\"\n"
    )
    assert read_dotenv(dotenv)["ZYNTRO_API_KEY"] == "FROM-FILE"
    cfg = Config.resolve(env={"ZYNTRO_BRAND_ID": "4"}, dotenv=dotenv)
    assert (cfg.api_key, cfg.brand_id, cfg.org_id) == ("FROM-FILE", "4", ORG)


@pytest.mark.parametrize(
    ("setting", "value", "names"),
    [
        ("org_id", "not-a-uuid", "org_id"),
        ("member_id", "1234", "member_id"),
        ("developer_secret", "secret_without_prefix", "zdk_"),
        ("brand_id", "one", "brand_id"),
        ("brand_id", 1.5, "brand_id"),
        ("brand_id", True, "brand_id"),
        ("api_key", "has space", "api_key"),
        ("base_url", "app.zyntrohq.com", "base_url"),
    ],
    ids=["org-not-uuid", "member-not-uuid", "secret-no-prefix", "brand-not-numeric", "brand-float",
         "brand-bool", "key-whitespace", "url-no-scheme"],
)
def test_malformed_identifier_raises_configuration_error_naming_it(setting: str, value: object, names: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        Config.resolve(env={}, **{setting: value})
    assert names in str(info.value)
    assert info.value.fix
    assert info.value.sent is False


def test_malformed_env_variable_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="ZYNTRO_ORG_ID"):
        Config.resolve(env={"ZYNTRO_ORG_ID": "nope"}, dotenv=tmp_path / "none")


def test_bad_secret_is_not_echoed_in_the_error() -> None:
    with pytest.raises(ConfigurationError) as info:
        Config.resolve(env={}, developer_secret="totally-secret-value-123")
    assert "totally-secret-value-123" not in str(info.value)


def test_brand_id_int_or_str_is_sent_as_string() -> None:
    assert Config.resolve(env={}, brand_id=2).identifiers() == {"brand_id": "2"}
    assert Config.resolve(env={}, brand_id=" 2 ").brand_id == "2"


def test_repr_and_str_never_show_secrets() -> None:
    cfg = Config.resolve(env=GOOD_ENV)
    for text in (repr(cfg), str(cfg), str(cfg.redacted())):
        assert "AAAA-BBBB" not in text and "example_secret" not in text
    assert redact("UYUJH-AAAA") == "UYUJ…(redacted)"


def test_replace_validates_like_resolve() -> None:
    cfg = Config.resolve(env=GOOD_ENV)
    assert cfg.replace(brand_id=2).brand_id == "2"
    with pytest.raises(ConfigurationError):
        cfg.replace(member_id="bad")


def test_unknown_setting_is_rejected() -> None:
    with pytest.raises(ConfigurationError, match="unknown setting"):
        Config.resolve(env={}, apikey="x")


def test_env_has_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert env_has_credentials({}) is False
    assert env_has_credentials({"ZYNTRO_DEVELOPER_SECRET": "zdk_x"}) is True


def test_redact_text_replaces_every_occurrence() -> None:
    assert redact_text("a SECRETVALUE b SECRETVALUE", ["SECRETVALUE"]) == "a SECR…(redacted) b SECR…(redacted)"
