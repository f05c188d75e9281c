"""The pre-flight checklist: format checks, live calls, and which item a documented error disproves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

import zyntro_nb as zn
from tests.conftest import CANARY_KEY, CANARY_SECRET, MEMBER, ORG
from zyntro_nb._cli.doctor import DoctorReport, format_checks, run_doctor
from zyntro_nb._connect.current import set_current

IDENTIFIERS = {
    "status": "success",
    "data": {
        "orgs": [{"org_id": ORG, "org_name": "Acme"}],
        "members": [{"member_id": MEMBER, "member_name": "Jane Smith"}],
        "brands": [{"brand_id": "1"}, {"brand_id": "2"}],
    },
}
MEMBERS = {"status": "success", "data": [{"member_id": MEMBER, "member_name": "Jane Smith"}]}


def error(message: str) -> dict[str, Any]:
    return {"status": "error", "data": [message]}


@pytest.fixture(autouse=True)
def no_current_session(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Any:
    monkeypatch.chdir(tmp_path)  # no .env file is read
    yield
    set_current(None)


def test_all_items_pass_when_everything_is_right(make_session: Callable[..., Any]) -> None:
    session, server = make_session(IDENTIFIERS, MEMBERS)
    report = run_doctor(session)
    assert report.ok, report.to_text()
    assert [i.mark for i in report.items] == ["✓"] * 11
    assert [r.url.path.rsplit("/", 2)[-2:] for r in server.requests] == [
        ["developers", "fetchIdentifiers"], ["account", "fetchMembers"]
    ]
    assert report.summary() == "11 of 11 checks passed — ready"


def test_report_never_shows_a_secret(make_session: Callable[..., Any]) -> None:
    session, _ = make_session(error("Invalid developer_secret"), error("Invalid API Key"))
    report = run_doctor(session)
    for text in (report.to_text(), report.to_html(), repr(report)):
        assert CANARY_KEY not in text and CANARY_SECRET not in text


@pytest.mark.parametrize(
    ("answers", "failed"),
    [
        ((error("Invalid developer_secret"), MEMBERS), {"secret_live"}),
        ((error("Missing developer_secret"), MEMBERS), {"secret_live"}),
        ((error("IP address not whitelisted"), MEMBERS), {"ip"}),
        ((IDENTIFIERS, error("Invalid API Key")), {"key_live"}),
        ((IDENTIFIERS, error("User is not active")), {"key_live"}),
        ((IDENTIFIERS, error("Missing brand ID")), {"key_live"}),
        ((error("Brand does not belong to organization"), MEMBERS), {"visible"}),
        ((httpx.ConnectError("refused"),), {"reachable"}),
        ((httpx.Response(502, text="<html>Bad gateway</html>"),), {"reachable"}),
    ],
    ids=["invalid-secret", "missing-secret", "ip-not-whitelisted", "invalid-key", "inactive-user",
         "missing-brand", "brand-not-in-org", "connection-refused", "proxy-page"],
)
def test_documented_errors_fail_the_item_they_disprove(
    make_session: Callable[..., Any], answers: tuple[Any, ...], failed: set[str]
) -> None:
    session, _ = make_session(*answers, max_retries=0)
    report = run_doctor(session)
    assert {i.key for i in report.failed()} == failed, report.to_text()
    assert all(i.fix for i in report.failed())


def test_ip_refusal_still_proves_the_secret(make_session: Callable[..., Any]) -> None:
    session, _ = make_session(error("IP address not whitelisted"), MEMBERS)
    report = run_doctor(session)
    assert report.item("secret_live").ok is True
    assert "whitelist" in report.item("ip").fix


def test_configured_brand_missing_from_the_identifiers_fails_visibility(make_session: Callable[..., Any]) -> None:
    session, _ = make_session(IDENTIFIERS, MEMBERS, brand_id=9)
    item = run_doctor(session).item("visible")
    assert item.ok is False
    assert "brand 9 not among 1, 2" in item.detail


def test_unreachable_api_skips_the_later_live_checks(make_session: Callable[..., Any]) -> None:
    session, server = make_session(httpx.ConnectError("refused"), max_retries=0)
    report = run_doctor(session)
    assert report.item("reachable").ok is False
    assert report.item("key_live").ok is None
    assert len(server.requests) == 1


def test_request_format_item_passes_by_construction() -> None:
    item = run_doctor(env={}).item("format")
    assert item.ok is True and "by construction" in item.detail


@pytest.mark.parametrize(
    ("values", "key", "detail"),
    [
        ({}, "key", "not set"),
        ({"api_key": "has space"}, "key", "whitespace"),
        ({"api_key": "nodashes"}, "key", "not shaped like"),
        ({"developer_secret": "abc_123"}, "secret", "does not start with 'zdk_'"),
        ({"org_id": "acme"}, "org", "not a UUID"),
        ({"brand_id": "one"}, "brand", "not numeric"),
        ({"member_id": "42"}, "member", "not a UUID"),
    ],
    ids=["missing-key", "key-with-space", "key-shape", "secret-prefix", "org-not-uuid", "brand-not-numeric",
         "member-not-uuid"],
)
def test_format_checks_report_each_malformed_identifier(values: dict[str, str], key: str, detail: str) -> None:
    item = next(i for i in format_checks(values) if i.key == key)
    assert item.ok is False
    assert detail in item.detail
    assert item.fix


def test_doctor_from_a_malformed_environment_reports_every_item_without_calling() -> None:
    env = {"ZYNTRO_API_KEY": "UYUJH-AAAA-BBBB", "ZYNTRO_DEVELOPER_SECRET": "secret", "ZYNTRO_ORG_ID": "acme",
           "ZYNTRO_BRAND_ID": "1"}
    report = run_doctor(env=env)
    assert {i.key for i in report.failed()} == {"secret", "org", "member"}
    assert report.item("reachable").ok is None
    assert "secr…(redacted): developer_secret does not start with 'zdk_'" in report.to_text()


def test_report_renders_text_and_html() -> None:
    report = run_doctor(env={})
    assert isinstance(report, DoctorReport)
    assert report.to_text().splitlines()[0].startswith("Zyntro pre-flight check")
    assert "✗ API key present and well-formed — not set" in report.to_text()
    assert "<table>" in report._repr_html_() and "#b91c1c" in report._repr_html_()


def test_doctor_on_the_sandbox_passes() -> None:
    session = zn.connect(sandbox=True)
    report = run_doctor(session)
    assert report.ok, report.to_text()
    assert report.item("visible").detail == "org, brand, member found"


def test_doctor_on_the_sandbox_finds_a_brand_of_another_org() -> None:
    session = zn.connect(sandbox=True)
    report = run_doctor(session.using(brand_id=999))
    assert report.item("visible").ok is False
    assert report.item("key_live").ok is False
