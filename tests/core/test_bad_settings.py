"""Bad settings: session arguments, identifiers, the base URL, environment variables and .env files.

Every case raises a typed error naming the culprit with a fix, shows no secret beyond 4
characters, and sends nothing (a counting transport stands behind every session).
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session
from tests.conftest import CANARY_KEY, CANARY_SECRET, MEMBER, ORG, Recorder

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@pytest.fixture(autouse=True)
def ambient_settings_removed(no_ambient_settings: Path) -> None:
    """No ZYNTRO_* settings around these tests."""


def _session(server: Recorder, **settings: Any) -> zn.Session:
    base: dict[str, Any] = {"api_key": CANARY_KEY, "developer_secret": CANARY_SECRET, "org_id": ORG,
                            "brand_id": 1, "member_id": MEMBER, "env": {}}
    base.update(settings)
    return zn.Session(transport=httpx.MockTransport(server), **base)


# id: (settings given to Session, error type, the culprit the message must name)
SESSION_SETTINGS: dict[str, tuple[dict[str, Any], type[zn.ZyntroError], str]] = {
    "timeout-text": ({"timeout": "30s"}, zn.ConfigurationError, "timeout"),
    "timeout-zero": ({"timeout": 0}, zn.ConfigurationError, "timeout"),
    "timeout-negative": ({"timeout": -1}, zn.ConfigurationError, "timeout"),
    "timeout-nan": ({"timeout": math.nan}, zn.ConfigurationError, "timeout"),
    "timeout-infinite": ({"timeout": math.inf}, zn.ConfigurationError, "timeout"),
    "timeout-bool": ({"timeout": True}, zn.ConfigurationError, "timeout"),
    "timeout-days": ({"timeout": 86400}, zn.ConfigurationError, "timeout"),
    "timeout-httpx-negative-read": ({"timeout": httpx.Timeout(5.0, read=-1.0)}, zn.ConfigurationError,
                                    "timeout.read"),
    "max-retries-text": ({"max_retries": "3"}, zn.ConfigurationError, "max_retries"),
    "max-retries-negative": ({"max_retries": -1}, zn.ConfigurationError, "max_retries"),
    "max-retries-float": ({"max_retries": 1.5}, zn.ConfigurationError, "max_retries"),
    "max-retries-huge": ({"max_retries": 1000}, zn.ConfigurationError, "max_retries"),
    "max-retries-bool": ({"max_retries": True}, zn.ConfigurationError, "max_retries"),
    "deadline-zero": ({"deadline": 0}, zn.ConfigurationError, "deadline"),
    "deadline-text": ({"deadline": "2m"}, zn.ConfigurationError, "deadline"),
    "deadline-infinite": ({"deadline": math.inf}, zn.ConfigurationError, "deadline"),
    "retry-not-a-policy": ({"retry": "fast"}, zn.ConfigurationError, "retry"),
    "catalog-not-a-catalog": ({"catalog": {}}, zn.ConfigurationError, "catalog"),
    "base-url-no-scheme": ({"base_url": "app.zyntrohq.com"}, zn.ConfigurationError, "http://"),
    "base-url-no-host": ({"base_url": "http://"}, zn.ConfigurationError, "host"),
    "base-url-bad-port": ({"base_url": "http://localhost:99999"}, zn.ConfigurationError, "port"),
    "base-url-query": ({"base_url": "https://app.zyntrohq.com?org=1"}, zn.ConfigurationError, "query"),
    "base-url-fragment": ({"base_url": "https://app.zyntrohq.com/#top"}, zn.ConfigurationError, "fragment"),
    "base-url-api-path": ({"base_url": "https://app.zyntrohq.com/apis/v2/public"}, zn.ConfigurationError,
                          "/apis/v2/public"),
    "base-url-legacy-path": ({"base_url": "https://app.zyntrohq.com/apis/public/"}, zn.ConfigurationError,
                             "/apis/public"),
    "base-url-ftp": ({"base_url": "ftp://files.example.com"}, zn.ConfigurationError, "https://"),
    "base-url-space": ({"base_url": "https://app.zyntro hq.com"}, zn.ConfigurationError, "whitespace"),
    "base-url-number": ({"base_url": 8080}, zn.ConfigurationError, "base_url"),
    "api-key-is-developer-secret": ({"api_key": CANARY_SECRET}, zn.ConfigurationError, "developer secret"),
    "api-key-whitespace": ({"api_key": "UYUJH-1 2"}, zn.ConfigurationError, "whitespace"),
    "api-key-number": ({"api_key": 12345}, zn.ConfigurationError, "api_key"),
    "secret-is-api-key": ({"developer_secret": CANARY_KEY}, zn.ConfigurationError, "zdk_"),
    "org-not-uuid": ({"org_id": "acme-corp"}, zn.ConfigurationError, "org_id"),
    "org-number": ({"org_id": 12345}, zn.ConfigurationError, "org_id"),
    "member-short-uuid": ({"member_id": "f2470c7f-60b1-4491-b117"}, zn.ConfigurationError, "member_id"),
    "member-uuid-with-junk": ({"member_id": MEMBER + "x"}, zn.ConfigurationError, "member_id"),
    "brand-word": ({"brand_id": "one"}, zn.ConfigurationError, "brand_id"),
    "brand-bool": ({"brand_id": True}, zn.ConfigurationError, "brand_id"),
    "brand-float": ({"brand_id": 1.5}, zn.ConfigurationError, "brand_id"),
    "brand-negative": ({"brand_id": "-1"}, zn.ConfigurationError, "brand_id"),
}


@pytest.mark.parametrize("case", list(SESSION_SETTINGS), ids=list(SESSION_SETTINGS))
def test_a_bad_session_setting_is_refused_before_anything_is_sent(case: str) -> None:
    settings, error_type, culprit = SESSION_SETTINGS[case]
    server = Recorder()
    with pytest.raises(zn.ZyntroError) as info:
        _session(server, **settings)
    assert_clear(info.value, error_type, culprit, sent=0, server=server)
    assert info.value.sent is False


# Keyword mistakes in connect/using: (call, error type, culprit)
def _connect(*args: Any, **kwargs: Any) -> Callable[[], Any]:
    return lambda: zn.connect(*args, env={}, current=False, **kwargs)


CONNECT_CASES: dict[str, tuple[Callable[[], Any], type[zn.ZyntroError], str]] = {
    "key-as-first-argument": (_connect(CANARY_KEY), zn.ConfigurationError, "api_key="),
    "secret-as-first-argument": (_connect(CANARY_SECRET), zn.ConfigurationError, "first argument"),
    "sandbox-word": (_connect("yes"), zn.ConfigurationError, "sandbox"),
    "brand-instead-of-brand-id": (_connect(brand=2), zn.ConfigurationError, "brand_id"),
    "apikey-instead-of-api-key": (_connect(apikey=CANARY_KEY), zn.ConfigurationError, "api_key"),
    "org-instead-of-org-id": (_connect(org=ORG), zn.ConfigurationError, "org_id"),
    "sandbox-and-typo": (_connect(sandbox=True, timout=5), zn.ConfigurationError, "timeout"),
}


@pytest.mark.parametrize("case", list(CONNECT_CASES), ids=list(CONNECT_CASES))
def test_connect_refuses_what_it_would_misread(case: str) -> None:
    make, error_type, culprit = CONNECT_CASES[case]
    with pytest.raises(zn.ZyntroError) as info:
        make()
    assert_clear(info.value, error_type, culprit)
    assert info.value.sent is False


USING_CASES: dict[str, tuple[dict[str, Any], str]] = {
    "brand": ({"brand": 2}, "brand_id"),
    "member": ({"member": MEMBER}, "member_id"),
    "bad-org": ({"org_id": "acme"}, "org_id"),
    "swapped-key": ({"api_key": CANARY_SECRET}, "developer secret"),
    "bad-brand": ({"brand_id": "two"}, "brand_id"),
}


@pytest.mark.parametrize("case", list(USING_CASES), ids=list(USING_CASES))
def test_using_refuses_unknown_or_bad_identifiers(case: str) -> None:
    changes, culprit = USING_CASES[case]
    session, server = counting_session()
    with pytest.raises(zn.ConfigurationError) as info:
        session.using(**changes)
    assert_clear(info.value, zn.ConfigurationError, culprit, sent=0, server=server)


CALL_OPTIONS: dict[str, tuple[dict[str, Any], str]] = {
    "timeout-text": ({"timeout": "30s"}, "timeout"),
    "timeout-negative": ({"timeout": -2}, "timeout"),
    "max-retries-text": ({"max_retries": "3"}, "max_retries"),
    "max-retries-negative": ({"max_retries": -1}, "max_retries"),
    "deadline-negative": ({"deadline": -5}, "deadline"),
    "deadline-nan": ({"deadline": math.nan}, "deadline"),
    "raw-text": ({"raw": "yes"}, "raw"),
    "all-pages-int": ({"all_pages": 1}, "all_pages"),
    "force-text": ({"force": "true"}, "force"),
}


@pytest.mark.parametrize("case", list(CALL_OPTIONS), ids=list(CALL_OPTIONS))
def test_a_bad_per_call_option_is_refused_before_sending(case: str) -> None:
    options, culprit = CALL_OPTIONS[case]
    session, server = counting_session()
    with pytest.raises(zn.ParameterError) as info:
        session.call("account", "fetchWallets", **options)
    assert_clear(info.value, zn.ParameterError, culprit, sent=0, server=server)


ENV_CASES: dict[str, tuple[dict[str, str], str]] = {
    "org": ({"ZYNTRO_ORG_ID": "acme"}, "ZYNTRO_ORG_ID"),
    "member": ({"ZYNTRO_MEMBER_ID": "123"}, "ZYNTRO_MEMBER_ID"),
    "brand": ({"ZYNTRO_BRAND_ID": "first"}, "ZYNTRO_BRAND_ID"),
    "base-url": ({"ZYNTRO_BASE_URL": "http://"}, "ZYNTRO_BASE_URL"),
    "base-url-doubled-path": ({"ZYNTRO_BASE_URL": "https://app.zyntrohq.com/apis/v2/public/"}, "ZYNTRO_BASE_URL"),
    "swapped-credentials": ({"ZYNTRO_API_KEY": CANARY_SECRET}, "ZYNTRO_API_KEY"),
    "secret-prefix": ({"ZYNTRO_DEVELOPER_SECRET": CANARY_KEY}, "ZYNTRO_DEVELOPER_SECRET"),
}


@pytest.mark.parametrize("case", list(ENV_CASES), ids=list(ENV_CASES))
def test_a_bad_environment_variable_is_named(case: str) -> None:
    env, culprit = ENV_CASES[case]
    server = Recorder()
    with pytest.raises(zn.ConfigurationError) as info:
        zn.Session(transport=httpx.MockTransport(server), env=env)
    assert_clear(info.value, zn.ConfigurationError, culprit, sent=0, server=server)


# -- .env files ------------------------------------------------------------------------------------

DOTENV_BAD: dict[str, tuple[bytes | None, str]] = {
    "unclosed-double-quote": (b'ZYNTRO_ORG_ID=' + ORG.encode() + b'\nZYNTRO_API_KEY="' + CANARY_KEY.encode()
                              + b'\n', "ZYNTRO_API_KEY"),
    "unclosed-single-quote": (b"export ZYNTRO_DEVELOPER_SECRET='" + CANARY_SECRET.encode() + b"\n",
                              "ZYNTRO_DEVELOPER_SECRET"),
    "not-utf8": ("ZYNTRO_BASE_URL=https://café.example\n".encode("latin-1") + b"\xff\xfe\xfa", ".env"),
    "a-directory": (None, ".env"),
    "bad-value-inside": (b"ZYNTRO_ORG_ID=not-a-uuid\n", "ZYNTRO_ORG_ID"),
}


@pytest.mark.parametrize("case", list(DOTENV_BAD), ids=list(DOTENV_BAD))
def test_an_unreadable_dotenv_is_reported_not_ignored(case: str, tmp_path: Path) -> None:
    content, culprit = DOTENV_BAD[case]
    if content is None:
        (tmp_path / ".env").mkdir()
    else:
        (tmp_path / ".env").write_bytes(content)
    server = Recorder()
    with pytest.raises(zn.ConfigurationError) as info:
        zn.Session(transport=httpx.MockTransport(server))
    assert_clear(info.value, zn.ConfigurationError, culprit, sent=0, server=server)


def _utf16(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


DOTENV_GOOD: dict[str, tuple[bytes, dict[str, str]]] = {
    "utf8-bom": (codecs.BOM_UTF8 + f"ZYNTRO_ORG_ID={ORG}\n".encode(), {"ZYNTRO_ORG_ID": ORG}),
    "utf16-bom": (_utf16(f"ZYNTRO_ORG_ID={ORG}\r\nZYNTRO_BRAND_ID=2\r\n"), {"ZYNTRO_ORG_ID": ORG,
                                                                         "ZYNTRO_BRAND_ID": "2"}),
    "utf16-no-bom": ("ZYNTRO_BRAND_ID=3\n".encode("utf-16-le"), {"ZYNTRO_BRAND_ID": "3"}),
    "export-and-quotes": (b"export ZYNTRO_BRAND_ID='4'\nZYNTRO_MEMBER_ID=\"" + MEMBER.encode() + b'"\n',
                          {"ZYNTRO_BRAND_ID": "4", "ZYNTRO_MEMBER_ID": MEMBER}),
    "comments-and-blank-lines": (b"# my settings\n\nZYNTRO_BRAND_ID=5  # the second brand\n", {"ZYNTRO_BRAND_ID": "5"}),
    "multiline-quoted": (b'OTHER="line one\nline two"\nZYNTRO_BRAND_ID=6\n', {"ZYNTRO_BRAND_ID": "6"}),
    "broken-line-of-another-tool": (b'OTHER_TOOL="never closed\nZYNTRO_BRAND_ID=7\n', {"ZYNTRO_BRAND_ID": "7"}),
}


@pytest.mark.parametrize("case", list(DOTENV_GOOD), ids=list(DOTENV_GOOD))
def test_dotenv_files_in_common_shapes_are_read(case: str, tmp_path: Path) -> None:
    content, expected = DOTENV_GOOD[case]
    (tmp_path / ".env").write_bytes(content)
    from zyntro_nb._config import environment

    found = environment({})
    assert {k: v for k, v in found.items() if k in expected} == expected


# -- judgement call: identifiers in other UUID spellings are normalised ------------------------------

UUID_SPELLINGS = {
    "braces": "{" + ORG + "}",
    "no-dashes": ORG.replace("-", ""),
    "upper-case": ORG.upper(),
    "urn": "urn:uuid:" + ORG,
    "spaces-around": f"  {ORG}  ",
}


@pytest.mark.parametrize("case", list(UUID_SPELLINGS), ids=list(UUID_SPELLINGS))
def test_uuid_spellings_are_normalised_to_the_canonical_form(case: str) -> None:
    session, server = counting_session(org_id=UUID_SPELLINGS[case], member_id=UUID_SPELLINGS[case])
    session.call("account", "fetchWallets", raw=True)
    assert server.bodies[0]["org_id"] == ORG and server.bodies[0]["member_id"] == ORG
