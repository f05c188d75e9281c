from __future__ import annotations

import datetime as dt
import inspect
import json
import logging
import warnings

import httpx
import numpy as np
import pytest

import zyntro_nb as zn
from tests.conftest import CANARY_KEY, CANARY_SECRET, MEMBER, ORG
from zyntro_nb._session.session import _warned_uncatalogued

OK = {"status": "success", "data": {"contact_id": "c1", "contact_fname": "Jane"}}
CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


def test_call_posts_identifiers_and_params_as_json_to_the_catalog_path(make_session) -> None:
    session, server = make_session(OK)
    session.call("crm", "fetchContact", contact_id=CONTACT, include_notes=1, raw=True)
    request = server.requests[0]
    assert request.method == "POST"
    assert str(request.url) == "https://app.zyntrohq.com/apis/v2/public/crm/fetchContact"
    assert request.headers["content-type"] == "application/json"
    assert server.bodies[0] == {
        "api_key": CANARY_KEY, "developer_secret": CANARY_SECRET, "org_id": ORG, "brand_id": "1",
        "member_id": MEMBER, "contact_id": CONTACT, "include_notes": 1,
    }


def test_namespaced_method_is_the_same_call(make_session) -> None:
    session, server = make_session(OK)
    session.crm.fetchContact(contact_id=CONTACT, raw=True)
    session.call("crm", "fetchContact", contact_id=CONTACT, raw=True)
    assert server.bodies[0] == server.bodies[1]


def test_legacy_endpoint_uses_its_own_path(make_session) -> None:
    session, server = make_session({"status": "success", "data": {}})
    session.call("legacy", "fetchPipelineStages", raw=True)
    assert server.requests[0].url.path == "/apis/public/fetchPipelineStages.php"


def test_raw_returns_the_envelope(make_session) -> None:
    session, _ = make_session({"status": "success", "data": [], "count": 0})
    assert session.call("edge", "getEnrollments", raw=True) == {"status": "success", "data": [], "count": 0}


@pytest.mark.parametrize(
    ("missing", "endpoint", "message"),
    [
        ("brand_id", ("forms", "getFormFields"), "Missing brand ID"),
        ("org_id", ("account", "fetchOrganization"), "Missing org ID"),
        ("api_key", ("account", "fetchOrganization"), "Missing service instance"),
        ("developer_secret", ("crm", "lookupContact"), "Missing developer_secret"),
        ("member_id", ("crm", "fetchContact"), "Missing member ID"),
    ],
    ids=["brand", "org", "api-key", "secret", "member"],
)
def test_missing_identifier_gives_the_documented_message_before_sending(make_session, missing, endpoint, message):
    session, server = make_session(OK, **{missing: None})
    params = {"form_id": "f", "search_string": "x", "contact_id": "c"}
    known = {p.name for p in session.catalog.get(*endpoint).params}
    with pytest.raises(zn.ConfigurationError) as info:
        session.call(*endpoint, **{k: v for k, v in params.items() if k in known})
    assert info.value.message == message and info.value.fix and info.value.sent is False
    assert server.requests == []


def test_missing_required_param_is_named(make_session) -> None:
    session, server = make_session(OK)
    with pytest.raises(zn.ParameterError) as info:
        session.call("crm", "fetchContact")
    assert info.value.param == "contact_id" and "contact_id" in str(info.value)
    assert server.requests == []


def test_unknown_param_suggests_the_close_name(make_session) -> None:
    session, _ = make_session(OK)
    with pytest.raises(zn.ParameterError, match="did you mean 'contact_id'"):
        session.call("crm", "fetchContact", contactid=CONTACT)


def test_extra_sends_undocumented_fields_unchecked(make_session) -> None:
    session, server = make_session(OK)
    session.call("crm", "fetchContact", contact_id=CONTACT, extra={"beta_flag": 1}, raw=True)
    assert server.bodies[0]["beta_flag"] == 1


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"contact_id": CONTACT, "include_notes": 2}, "not one of"),
        ({"contact_id": CONTACT, "include_notes": "yes"}, "whole number"),
        ({"contact_id": 5}, "must be text"),
    ],
    ids=["enum", "int-type", "str-type"],
)
def test_wrong_types_and_enum_values_are_rejected_before_sending(make_session, params, words) -> None:
    session, server = make_session(OK)
    with pytest.raises(zn.ParameterError, match=words):
        session.call("crm", "fetchContact", **params)
    assert server.requests == []


def test_flags_accept_booleans_and_none_means_unset(make_session) -> None:
    session, server = make_session(OK)
    session.call("crm", "fetchContact", contact_id=CONTACT, include_notes=True, include_profile=None, raw=True)
    assert server.bodies[0]["include_notes"] == 1 and "include_profile" not in server.bodies[0]


def test_numpy_and_datetime_values_are_encoded(make_session) -> None:
    session, server = make_session({"status": "success", "data": []})
    session.call("edge", "getEnrollments", limit=np.int64(5), raw=True)
    session.call("calendar", "checkAvailability", calendar_id="c", schedule_id="s",
                 start_date=dt.datetime(2026, 4, 1, 9, 30), raw=True)
    assert server.bodies[0]["limit"] == 5
    assert server.bodies[1]["start_date"] == "2026-04-01 09:30:00"


def test_help_true_needs_no_identifiers(make_session) -> None:
    session, server = make_session({"status": "success", "data": {"usage": "…"}}, api_key=None,
                                   developer_secret=None, org_id=None)
    session.call("account", "createWebhook", help=True, raw=True)
    assert server.bodies[0] == {"brand_id": "1", "member_id": MEMBER, "help": True}


def test_no_credentials_explains_how_to_configure(make_session) -> None:
    session, server = make_session(OK, api_key=None, developer_secret=None)
    with pytest.raises(zn.ConfigurationError) as info:
        session.call("account", "fetchOrganization")
    assert "ZYNTRO_API_KEY" in info.value.fix and "sandbox=True" in info.value.fix
    assert server.requests == []


def test_uncatalogued_endpoint_is_sent_as_is_with_one_warning(make_session) -> None:
    _warned_uncatalogued.discard("email/sendEmail")
    session, server = make_session({"status": "success", "data": {"sent": True}})
    with pytest.warns(zn.UncataloguedEndpointWarning, match="not in the catalog"):
        session.call("email", "sendEmail", to="a@b.c", raw=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        session.call("email", "sendEmail", to="a@b.c", raw=True)
    assert server.requests[0].url.path == "/apis/v2/public/email/sendEmail"
    assert server.bodies[0]["to"] == "a@b.c"


def test_user_registered_endpoint_is_checked_like_a_builtin(make_session) -> None:
    catalog = zn.Catalog.builtin()
    catalog.register({"module": "email", "action": "sendEmail", "read_only": False,
                      "params": [{"name": "to", "type": "string", "required": True}]})
    session, server = make_session({"status": "success", "data": {}}, catalog=catalog)
    with pytest.raises(zn.ParameterError, match="'to'"):
        session.call("email", "sendEmail")
    session.email.sendEmail(to="x@y.z", raw=True)
    assert server.requests[0].url.path == "/apis/v2/public/email/sendEmail"


# -- retries -------------------------------------------------------------------------------------


def _status(code: int, **headers: str) -> httpx.Response:
    return httpx.Response(code, text="<html><title>busy</title></html>", headers=headers)


@pytest.mark.parametrize(
    "failure",
    [_status(502), _status(503), _status(504), _status(429), httpx.ConnectError("refused"),
     httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped")],
    ids=["502", "503", "504", "429", "connect", "read-timeout", "dropped"],
)
def test_reads_are_retried_on_transient_failures(make_session, failure) -> None:
    session, server = make_session(failure, failure, OK)
    assert session.call("crm", "fetchContact", contact_id=CONTACT, raw=True) == OK
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    "failure",
    [_status(502), _status(503), _status(429), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped")],
    ids=["502", "503", "429", "read-timeout", "dropped"],
)
def test_writes_are_never_retried(make_session, failure) -> None:
    session, server = make_session(failure, OK)
    with pytest.raises(zn.ZyntroError) as info:
        session.call("crm", "addNotestoContact", contact_id=CONTACT, note="hi")
    assert len(server.requests) == 1
    assert info.value.attempts == 1


def test_uncatalogued_calls_are_never_retried(make_session) -> None:
    session, server = make_session(_status(503), OK)
    with pytest.warns(zn.UncataloguedEndpointWarning), pytest.raises(zn.ServerError):
        session.call("brand", "fetchFacts", raw=True)
    assert len(server.requests) == 1


def test_retry_after_is_honoured_and_a_longer_one_raises_at_once(make_session) -> None:
    waits: list[float] = []
    policy = zn.RetryPolicy(sleep=waits.append, random=lambda: 0.5, retry_after_cap=30.0)
    session, server = make_session(_status(429, **{"Retry-After": "2"}), _status(429, **{"Retry-After": "600"}), OK,
                                   retry=policy)
    with pytest.raises(zn.RateLimitError) as info:
        session.call("account", "fetchWallets", raw=True)
    assert waits == [2.0] and len(server.requests) == 2
    assert info.value.retry_after == 600 and "600 s" in info.value.fix


def test_backoff_grows_between_tries(make_session) -> None:
    waits: list[float] = []
    session, _ = make_session(_status(503), _status(503), _status(503), OK,
                              retry=zn.RetryPolicy(sleep=waits.append, random=lambda: 1.0, base_delay=0.5))
    session.call("account", "fetchWallets", raw=True)
    assert waits == [0.5, 1.0, 2.0]


def test_retries_give_up_after_the_budget_and_say_how_many_tries(make_session) -> None:
    session, server = make_session(_status(503), max_retries=2)
    with pytest.raises(zn.ServerError) as info:
        session.call("account", "fetchWallets")
    assert len(server.requests) == 3 and info.value.attempts == 3


def test_per_call_max_retries_overrides_the_session(make_session) -> None:
    session, server = make_session(_status(503), OK)
    with pytest.raises(zn.ServerError):
        session.call("account", "fetchWallets", max_retries=0)
    assert len(server.requests) == 1


def test_error_from_api_is_not_retried_and_keeps_request_id(make_session) -> None:
    session, server = make_session({"status": "error", "data": ["No matching wallet found"]})
    with pytest.raises(zn.NotFoundError) as info:
        session.call("account", "fetchWallet", wallet_id="w")
    assert len(server.requests) == 1
    assert info.value.request_id == "req_1" and info.value.endpoint == "account/fetchWallet"


def test_errors_come_without_httpx_traceback_chain(make_session) -> None:
    session, _ = make_session(httpx.ConnectError("refused"), max_retries=0)
    with pytest.raises(zn.ConnectionFailedError) as info:
        session.call("account", "fetchWallets")
    assert info.value.__cause__ is None and info.value.__suppress_context__


# -- paging ---------------------------------------------------------------------------------------


def _pages(total: int):
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        rows = [{"ts_id": f"ts_{i}", "ts_status": body.get("status")}
                for i in range(body["offset"], min(body["offset"] + body["limit"], total))]
        return httpx.Response(200, json={"status": "success", "data": rows, "count": total})

    return answer


def test_all_pages_fetches_every_page_keeping_the_parameters(make_session) -> None:
    session, server = make_session(_pages(125))
    envelope = session.call("edge", "getEnrollments", status="active", all_pages=True, raw=True)
    assert len(envelope["data"]) == 125 and envelope["pages"] == 3
    assert [b["offset"] for b in server.bodies] == [0, 50, 100]
    assert all(b["status"] == "active" and b["limit"] == 50 for b in server.bodies)


def test_all_pages_respects_a_given_limit_and_offset(make_session) -> None:
    session, server = make_session(_pages(30))
    envelope = session.call("edge", "getEnrollments", limit=10, offset=5, all_pages=True, raw=True)
    assert [r["ts_id"] for r in envelope["data"]][:2] == ["ts_5", "ts_6"] and len(envelope["data"]) == 25
    assert [b["offset"] for b in server.bodies] == [5, 15, 25]


def test_all_pages_on_an_endpoint_without_paging_is_an_error(make_session) -> None:
    session, _ = make_session(OK)
    with pytest.raises(zn.ParameterError, match="does not page"):
        session.call("account", "fetchWallets", all_pages=True)


# -- sessions, names and secrets ------------------------------------------------------------------


def test_using_changes_identifiers_and_shares_the_client(make_session) -> None:
    session, server = make_session(OK)
    other = session.using(brand_id=2)
    other.call("account", "fetchMembers", raw=True)
    assert server.bodies[0]["brand_id"] == "2" and session.config.brand_id == "1"
    assert other._shared is session._shared


def test_generated_signatures_match_the_catalog(make_session) -> None:
    session, _ = make_session(OK)
    for endpoint in session.catalog:
        if not endpoint.action.isidentifier():
            continue
        method = getattr(getattr(session, endpoint.module), endpoint.action)
        parameters = inspect.signature(method).parameters
        for param in endpoint.params:
            assert parameters[param.name].default is (inspect.Parameter.empty if param.required else None)
        assert endpoint.summary in method.__doc__
    assert "fetchContact" in dir(session.crm) and "crm" in dir(session)


def test_unknown_module_attribute_lists_the_modules(make_session) -> None:
    session, _ = make_session(OK)
    with pytest.raises(AttributeError, match="catalogued modules"):
        _ = session.crmm


def test_help_describes_parameters_and_example(make_session) -> None:
    session, _ = make_session(OK)
    text = session.help("crm", "fetchContact")
    assert "contact_id (string; required)" in text and "session.crm.fetchContact(contact_id=" in text
    with pytest.raises(zn.ParameterError, match="did you mean fetchContact"):
        session.help("crm", "fetchContct")


def test_canary_secrets_never_appear_in_repr_errors_last_or_logs(make_session, caplog) -> None:
    echo = {"status": "error", "data": [f"Invalid API Key {CANARY_KEY} / {CANARY_SECRET}"]}
    session, _ = make_session(echo)
    caplog.set_level(logging.DEBUG, logger="zyntro_nb")
    with pytest.raises(zn.AuthenticationError) as info:
        session.call("account", "fetchWallets")
    texts = [repr(session), str(session), str(info.value), info.value.summary(), repr(info.value.response),
             repr(session.last), json.dumps(session.last.request), caplog.text,
             repr(session.prepare("crm", "fetchContact", contact_id="x"))]
    for text in texts:
        assert CANARY_KEY not in text and CANARY_SECRET not in text
        assert "7f3d9e2b1a" not in text


def test_closed_session_refuses_calls(make_session) -> None:
    session, _ = make_session(OK)
    with session:
        pass
    with pytest.raises(zn.ConfigurationError, match="closed"):
        session.call("account", "fetchWallets")


def test_connect_reads_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZYNTRO_API_KEY", "ENV-KEY-1")
    monkeypatch.setenv("ZYNTRO_ORG_ID", ORG)
    monkeypatch.setenv("ZYNTRO_BRAND_ID", "3")
    session = zn.connect()
    assert session.config.api_key == "ENV-KEY-1" and session.config.brand_id == "3"
    assert not session.is_sandbox and "ENV-KEY-1" not in repr(session)
