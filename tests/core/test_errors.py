from __future__ import annotations

import pickle
import re
from pathlib import Path

import httpx
import pytest

import zyntro_nb as zn
from zyntro_nb._envelope import error_messages, read_envelope, transport_error
from zyntro_nb._errors import DOCUMENTED_ERRORS, error_from_message

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "zyntro-api" / "README.md"

EXPECTED_CLASS = {
    "Missing developer_secret": zn.AuthenticationError,
    "Invalid developer_secret": zn.AuthenticationError,
    "IP address not whitelisted": zn.PermissionDeniedError,
    "Invalid API Key": zn.AuthenticationError,
    "User is not active": zn.AuthenticationError,
    "Missing service instance": zn.AuthenticationError,
    "Missing org ID": zn.ValidationError,
    "Missing brand ID": zn.ValidationError,
    "Missing wallet ID": zn.ValidationError,
    "No matching wallet found": zn.NotFoundError,
    "Billing customer not found": zn.NotFoundError,
    "Organization not found": zn.NotFoundError,
}


@pytest.mark.parametrize("message", sorted(EXPECTED_CLASS), ids=lambda m: m.replace(" ", "-"))
def test_each_documented_message_maps_to_its_class_with_cause_and_fix(message: str) -> None:
    error = error_from_message(message, endpoint="crm/fetchContact", request_id="req_9")
    assert type(error) is EXPECTED_CLASS[message]
    assert error.message == message
    assert error.cause and error.fix
    assert error.endpoint == "crm/fetchContact" and error.request_id == "req_9"
    assert "Fix:" in str(error) and "req_9" in str(error)


def test_the_table_in_the_contract_is_fully_mapped() -> None:
    if not CONTRACT.exists():
        pytest.skip("the API contract (../shared/zyntro-api) is not beside this checkout")
    table = CONTRACT.read_text().split("Documented error messages", 1)[1].split("\n\n", 2)[1]
    documented = set(re.findall(r"^\| `([^`]+)` \|", table, re.M))
    assert documented and documented <= set(DOCUMENTED_ERRORS)


@pytest.mark.parametrize(
    ("message", "cls"),
    [
        ("Contact not found", zn.NotFoundError),
        ("Organization not accessible", zn.PermissionDeniedError),
        ("Brand does not belong to organization", zn.PermissionDeniedError),
        ("Missing contact_id", zn.ValidationError),
        ("Something odd happened", zn.APIError),
    ],
    ids=["not-found", "not-accessible", "not-belong", "missing-param", "unknown"],
)
def test_undocumented_messages_are_classified_by_wording(message: str, cls: type) -> None:
    assert type(error_from_message(message)) is cls


@pytest.mark.parametrize(
    ("envelope", "expected"),
    [
        ({"status": "error", "data": ["Missing brand ID"]}, ["Missing brand ID"]),
        ({"status": "error", "errors": ["Billing customer not found"]}, ["Billing customer not found"]),
        ({"status": "error", "data": "Invalid API Key"}, ["Invalid API Key"]),
        ({"status": "error", "data": {"message": "User is not active"}}, ["User is not active"]),
        ({"status": "error", "errors": [{"message": "a"}, "b"]}, ["a", "b"]),
        ({"status": "error", "message": "plain"}, ["plain"]),
    ],
    ids=["data-list", "errors-list", "plain-string", "object", "mixed-list", "message-key"],
)
def test_error_messages_in_every_envelope_form(envelope: dict, expected: list[str]) -> None:
    assert error_messages(envelope) == expected


def _response(status: int = 200, **kwargs) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request("POST", "https://x/apis"), **kwargs)


@pytest.mark.parametrize(
    ("response", "cls", "words"),
    [
        (_response(200, json={"status": "error", "errors": ["Billing customer not found"]}), zn.NotFoundError,
         "Billing customer"),
        (_response(502, text="<html><title>502 Bad Gateway</title></html>", headers={"content-type": "text/html"}),
         zn.ServerError, "502"),
        (_response(503, text=""), zn.ServerError, "503"),
        (_response(429, json={"status": "error", "data": ["slow down"]}, headers={"Retry-After": "7"}),
         zn.RateLimitError, "7 s"),
        (_response(200, text=""), zn.ResponseFormatError, "empty"),
        (_response(200, text="<!doctype html><title>Sign in</title>"), zn.ResponseFormatError, "HTML"),
        (_response(200, text='{"status": "success", "data": [{"a": 1'), zn.ResponseFormatError, "truncated"),
        (_response(200, text="hello"), zn.ResponseFormatError, "not JSON"),
        (_response(200, json="just a string"), zn.ResponseFormatError, "not the API's envelope"),
        (_response(404, text="nope"), zn.NotFoundError, "404"),
        (_response(401, json={"status": "error", "data": ["Invalid API Key"]}), zn.AuthenticationError,
         "Invalid API Key"),
        (_response(200, json={"status": "weird"}), zn.ResponseFormatError, "weird"),
    ],
    ids=["edge-errors", "html-502", "empty-503", "429", "empty-200", "html-200", "truncated", "not-json",
         "json-string", "404", "401-envelope", "odd-status"],
)
def test_bad_answers_become_typed_errors(response: httpx.Response, cls: type, words: str) -> None:
    with pytest.raises(cls) as info:
        read_envelope(response, "crm/fetchContact")
    assert words in str(info.value)
    assert info.value.fix
    assert info.value.endpoint == "crm/fetchContact"


def test_rate_limit_keeps_retry_after_and_request_id() -> None:
    response = _response(429, text="", headers={"Retry-After": "4", "X-Request-Id": "abc"})
    with pytest.raises(zn.RateLimitError) as info:
        read_envelope(response, "edge/getItems")
    assert info.value.retry_after == 4.0 and info.value.request_id == "abc"


def test_success_envelope_and_bare_list_are_returned() -> None:
    assert read_envelope(_response(json={"status": "success", "data": {"a": 1}, "count": 2}), "x/y")["count"] == 2
    assert read_envelope(_response(json=[{"a": 1}]), "x/y")["data"] == [{"a": 1}]


@pytest.mark.parametrize(
    ("exc", "cls", "sent"),
    [
        (httpx.ConnectError("refused"), zn.ConnectionFailedError, False),
        (httpx.ConnectTimeout("slow"), zn.RequestTimeoutError, False),
        (httpx.ReadTimeout("slow"), zn.RequestTimeoutError, True),
        (httpx.RemoteProtocolError("Server disconnected"), zn.ConnectionFailedError, True),
    ],
    ids=["refused", "connect-timeout", "read-timeout", "dropped"],
)
def test_transport_failures_become_typed_errors(exc: httpx.HTTPError, cls: type, sent: bool) -> None:
    error = transport_error(exc, "crm/addContactsFull", read_only=False)
    assert type(error) is cls and error.sent is sent
    assert error.fix


def test_write_transport_error_warns_it_may_have_been_applied() -> None:
    error = transport_error(httpx.ReadTimeout("slow"), "edge/fire", read_only=False)
    assert "may or may not have been applied" in error.fix


def test_errors_survive_pickling_with_their_fields() -> None:
    error = error_from_message("Missing brand ID", endpoint="forms/getFormFields", request_id="r1")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is zn.ValidationError and copy.fix == error.fix and copy.request_id == "r1"


def test_summary_is_short_and_names_the_fix() -> None:
    text = error_from_message("Invalid API Key", endpoint="account/fetchMembers").summary()
    assert text.splitlines()[0] == "AuthenticationError: Invalid API Key (account/fetchMembers)"
    assert text.splitlines()[1].startswith("Fix: ")


def test_hierarchy_roots() -> None:
    for cls in (zn.ConfigurationError, zn.APIError, zn.TransportError, zn.ResponseFormatError, zn.CatalogError):
        assert issubclass(cls, zn.ZyntroError)
    assert issubclass(zn.RequestTimeoutError, zn.TransportError)
    assert not issubclass(zn.RequestTimeoutError, TimeoutError)  # no shadowing of built-ins
