"""zn.Secret: a credential value that shows at most 4 characters anywhere, and the answers that carry it."""

from __future__ import annotations

import copy
import io
import json
import logging
import pickle
import warnings

import pandas as pd
import pytest
from tabulate import tabulate

import zyntro_nb as zn
from zyntro_nb._secret import is_credential_name, looks_like_credential, protect, redacted_copy, safe_url
from zyntro_nb.sandbox import Sandbox

VALUE = "CANARY-SECRETVALUE-q1w2e3r4t5y6-ZZZZZ"
PIECE = VALUE[4:12]  # any 8 characters past the visible 4 would be a leak


def shown_safely(text: str) -> bool:
    return PIECE not in text and VALUE not in text


@pytest.fixture
def key() -> zn.Secret:
    return zn.Secret(VALUE)


@pytest.mark.parametrize(
    "render",
    [str, repr, lambda s: f"{s}", lambda s: f"{s!r:>40}", lambda s: "{:>30}".format(s),  # noqa: UP032
     lambda s: "%s %r" % (s, s),  # noqa: UP031
     lambda s: s._repr_html_(), lambda s: str([s, {"k": s}]),
     lambda s: json.dumps({"k": s}, default=str, ensure_ascii=False), lambda s: s.redacted],
    ids=["str", "repr", "fstring", "format-spec", "str-format", "percent", "html", "containers", "json-default-str",
         "redacted"],
)
def test_every_text_form_shows_only_four_characters(key: zn.Secret, render) -> None:
    text = render(key)
    assert shown_safely(text)
    assert "CANA…(redacted)" in text


def test_reveal_gives_the_value_and_it_compares_and_hashes_like_it(key: zn.Secret) -> None:
    assert key.reveal() == VALUE
    assert key == VALUE and VALUE == key and key == zn.Secret(VALUE)
    assert key != "something else" and key != 1
    assert hash(key) == hash(VALUE) and {key: 1}[zn.Secret(VALUE)] == 1
    assert len(key) == len(VALUE) and bool(key)


def test_secret_is_immutable_and_not_a_string(key: zn.Secret) -> None:
    assert not isinstance(key, str)
    with pytest.raises(AttributeError):
        key._value = "x"  # type: ignore[misc]
    assert copy.copy(key) is key and copy.deepcopy(key) is key
    assert pickle.loads(pickle.dumps(key)) == key


def test_plain_json_refuses_a_secret_without_quoting_it(key: zn.Secret) -> None:
    with pytest.raises(TypeError) as info:
        json.dumps({"api_key": key})
    assert shown_safely(str(info.value)) and shown_safely(repr(info.value.args))


@pytest.mark.parametrize("bad", [None, "", "   ", "\n\t", 12345, b"bytes"], ids=["none", "empty", "spaces",
                                                                              "whitespace", "int", "bytes"])
def test_bad_secret_values_are_a_configuration_error_that_quotes_nothing(bad: object) -> None:
    with pytest.raises(zn.ConfigurationError) as info:
        zn.Secret(bad)  # type: ignore[arg-type]
    assert info.value.fix and "12345" not in str(info.value) and "bytes'" not in str(info.value)


def test_logging_shows_the_redacted_form(key: zn.Secret, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("anything").debug("key=%s %r", key, {"api_key": key})
    assert shown_safely(caplog.text) and "CANA…(redacted)" in caplog.text


@pytest.mark.parametrize(
    "render",
    [lambda df: df.to_string(), lambda df: df.to_csv(), lambda df: df.to_json(), lambda df: df.to_html(),
     lambda df: df.to_json(default_handler=str), lambda df: str(df.to_dict()), lambda df: str(df.T),
     lambda df: str(df.iloc[0]), lambda df: str(df.to_records()), lambda df: str(df.values),
     lambda df: tabulate(df, headers="keys"), lambda df: df.to_markdown(), lambda df: str(df.astype(str)),
     lambda df: df._repr_html_(), lambda df: str(df[["user", "api_key"]])],
    ids=["to_string", "to_csv", "to_json", "to_html", "to_json-default-str", "to_dict", "T", "iloc", "records",
         "values", "tabulate", "markdown", "astype-str", "repr-html", "column-subset"],
)
def test_pandas_and_tabulate_outputs_show_only_the_redacted_form(key: zn.Secret, render) -> None:
    df = pd.DataFrame({"user": ["ada@example.com"], "api_key": [key]})
    text = render(df)
    assert shown_safely(text)
    assert "CANA" in text


@pytest.mark.parametrize(
    ("name", "secret"),
    [("api_key", True), ("developer_secret", True), ("wh_secret", True), ("client_secret", True),
     ("access_token", True), ("refresh_token", True), ("password", True), ("db_password", True),
     ("wh_auth_data", True), ("service_instance", True), ("org_id", False), ("user_email", False),
     ("wh_auth_type", False), ("brand_name", False)],
    ids=lambda v: str(v),
)
def test_one_rule_names_the_credential_fields(name: str, secret: bool) -> None:
    assert is_credential_name(name) is secret


def test_protect_wraps_credentials_at_any_depth_and_leaves_the_rest() -> None:
    answer = {"data": [{"api_key": "K1-aaaa", "n": 1, "hooks": [{"wh_auth_data": {"token": "tok-123", "n": 3}}]}],
              "extra": {"client_secret": "seti_1_secret_2", "empty_token": "", "my_field": "x"}}
    protect(answer, extra=("my_field",))
    row = answer["data"][0]
    assert isinstance(row["api_key"], zn.Secret) and row["n"] == 1
    assert isinstance(row["hooks"][0]["wh_auth_data"]["token"], zn.Secret) and row["hooks"][0]["wh_auth_data"]["n"] == 3
    assert isinstance(answer["extra"]["client_secret"], zn.Secret) and answer["extra"]["empty_token"] == ""
    assert isinstance(answer["extra"]["my_field"], zn.Secret)


@pytest.mark.parametrize(
    "key",
    ["api_key", "API_KEY", "client_secret", "\\u0061pi_key", "wh_\\u0061uth_data", "my_field"],
    ids=["plain", "upper", "word", "escaped-key", "escaped-catalog-name", "catalog-marked"],
)
def test_a_success_answer_wraps_its_credential_fields_however_the_key_is_written(key: str) -> None:
    import httpx

    from zyntro_nb._envelope import read_envelope

    body = '{"status": "success", "data": {"first_name": "Ada", "%s": "%s"}}' % (key, VALUE)  # noqa: UP031
    envelope = read_envelope(httpx.Response(200, content=body.encode()), "crm/fetchContact", ("my_field",))
    field = json.loads(body.encode())["data"]
    name = next(k for k in field if k != "first_name")
    assert isinstance(envelope["data"][name], zn.Secret) and envelope["data"]["first_name"] == "Ada"


def test_an_answer_with_no_credential_field_is_read_unchanged() -> None:
    import httpx

    from zyntro_nb._envelope import read_envelope

    body = {"status": "success", "data": {"first_name": "Ada", "note": VALUE, "n": 1}}
    envelope = read_envelope(httpx.Response(200, json=body), "crm/fetchContact")
    assert envelope == body and not any(isinstance(v, zn.Secret) for v in envelope["data"].values())


def test_redacted_copy_hides_credential_fields_given_as_plain_text() -> None:
    body = {"api_key": zn.Secret(VALUE), "wh_auth_data": {"token": VALUE}, "contact_id": "c1", "list": [VALUE]}
    shown = redacted_copy(body)
    assert shown["api_key"] == shown["wh_auth_data"]["token"] == "CANA…(redacted)"
    assert shown["contact_id"] == "c1"
    assert shown["list"] == [VALUE]  # not a credential field, and not a Secret: left alone here


@pytest.mark.parametrize(("text", "credential"), [
    ("zdk_abcdef123456", True), ("UYUJH-ABCDEFGHIJKL-MNOPQRSTUVWX-YZ123", True),
    ("CANARY-NBKEY-q8w7e6r5t4-MUST-NOT-BE-PRINTED", True), ("42cc1aca-3aa5-4339-98d2-480b5b89937b", False),
    ("active", False), ("a1b2c3d4", False)], ids=["zdk", "key", "canary-key", "uuid", "word", "short"])
def test_credential_shapes_are_recognised(text: str, credential: bool) -> None:
    assert looks_like_credential(text) is credential


def test_urls_lose_their_user_and_password() -> None:
    assert safe_url("https://me:pw-1234567@api.example.com:8443/x?y=1") == "https://api.example.com:8443/x?y=1"
    assert safe_url("https://api.example.com") == "https://api.example.com"


# -- the session: answers carry Secrets, configuration accepts them ------------------------------


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


def test_fetch_identifiers_gives_the_api_key_as_a_secret_in_frames_and_envelopes(sandbox: Sandbox) -> None:
    s = zn.connect(sandbox=sandbox)
    df = s.developers.fetchIdentifiers()
    envelope = s.call("developers", "fetchIdentifiers", raw=True)
    key = sandbox.credentials["api_key"]
    assert isinstance(df.loc[0, "api_key"], zn.Secret) and df.loc[0, "api_key"] == key
    assert isinstance(envelope["data"]["api_key"], zn.Secret)
    for text in (str(envelope), str(df.T), str(df.iloc[0]), str(df.to_dict()), df.to_csv(), str(s.last)):
        assert key not in text


def test_a_secret_from_a_frame_connects_and_is_sent_revealed(sandbox: Sandbox) -> None:
    s = zn.connect(sandbox=sandbox)
    ids = s.developers.fetchIdentifiers()
    s2 = zn.connect(sandbox=sandbox, api_key=ids.loc[0, "api_key"], org_id=ids.loc[0, "org_id"])
    assert isinstance(s2.config.api_key, zn.Secret)
    assert len(s2.account.fetchOrganization()) == 1  # the server accepted the revealed key
    assert len(s.using(api_key=ids.loc[0, "api_key"]).account.fetchMembers()) >= 1
    assert len(s.call("account", "fetchMembers", api_key=zn.Secret(sandbox.credentials["api_key"]))) >= 1


def test_config_shows_secrets_redacted_even_on_direct_access() -> None:
    cfg = zn.Config.resolve(api_key=VALUE, developer_secret="zdk_" + PIECE + "xyz", env={})
    assert shown_safely(str(cfg.api_key)) and shown_safely(repr(cfg)) and shown_safely(str(vars(cfg)))
    assert cfg.api_key.reveal() == VALUE  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["org_id", "member_id", "brand_id", "base_url"])
def test_a_secret_where_an_identifier_belongs_is_refused_without_quoting(name: str) -> None:
    with pytest.raises(zn.ConfigurationError) as info:
        zn.Session(env={}, **{name: zn.Secret(VALUE)})
    assert shown_safely(str(info.value)) and shown_safely(repr(info.value.args)) and info.value.fix


@pytest.mark.parametrize("value", ["", "  "], ids=["empty", "spaces"])
def test_empty_credentials_still_mean_not_set(value: str) -> None:
    assert zn.Config.resolve(api_key=value, env={}).api_key is None


def test_no_warning_and_no_secret_when_a_frame_with_secrets_is_copied(key: zn.Secret) -> None:
    df = pd.DataFrame({"api_key": [key, key]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        copied = df.copy(deep=True).drop_duplicates()
    buffer = io.StringIO()
    copied.to_csv(buffer)
    assert len(copied) == 1 and shown_safely(buffer.getvalue())
