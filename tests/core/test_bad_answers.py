"""Bad answers: every odd HTTP answer or transport failure becomes a typed error with a fitting fix.

One table of answers, run against a read (retried), an ordinary write (sent once; fate unknown
when the request may have arrived) and an idempotent write (retried like a read).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import zyntro_nb as zn
from tests.bad_support import FakeClock, assert_clear, counting_session

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OK = {"status": "success", "data": [{"wallet_id": "w1"}]}


def _r(status: int, text: str = "", headers: dict[str, str] | None = None, **kw: Any) -> Callable[..., httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        if "json" in kw:
            return httpx.Response(status, json=kw["json"], headers=headers)
        return httpx.Response(status, text=text, headers=headers)
    return answer


def _raise(exc_type: type[httpx.HTTPError], text: str = "boom") -> Callable[..., httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc_type(text, request=request)
    return answer


def _deep(levels: int) -> str:
    return '{"status": "success", "data": ' + "[" * levels + "]" * levels + "}"


HTML = "<!doctype html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
# id: (answer, error type, word the message must contain, retryable for reads, may have reached the server)
ANSWERS: dict[str, tuple[Callable[..., httpx.Response], type[zn.ZyntroError], str, bool, bool]] = {
    "502-html": (_r(502, HTML, {"content-type": "text/html"}), zn.ServerError, "HTTP 502", True, True),
    "500-envelope": (_r(500, json={"status": "error", "data": ["db down"]}), zn.ServerError, "HTTP 500", True, True),
    "503-empty": (_r(503), zn.ServerError, "HTTP 503", True, True),
    "504-text": (_r(504, "upstream timed out"), zn.ServerError, "HTTP 504", True, True),
    "501": (_r(501, "not implemented"), zn.ServerError, "HTTP 501", False, True),
    "200-html": (_r(200, "<html><title>Sign in</title></html>", {"content-type": "text/html"}),
                 zn.ResponseFormatError, "HTML page", True, True),
    "200-truncated": (_r(200, '{"status": "success", "data": [{"wallet_id": "w1", "na'), zn.ResponseFormatError,
                      "truncated", True, True),
    "200-truncated-at-brace": (_r(200, '{"status": "success", "data": [{'), zn.ResponseFormatError, "truncated",
                               True, True),
    "200-empty": (_r(200), zn.ResponseFormatError, "empty", True, True),
    "200-not-json": (_r(200, "hello"), zn.ResponseFormatError, "not JSON", False, True),
    "200-bare-string": (_r(200, json="just text"), zn.ResponseFormatError, "not the API's envelope", False, True),
    "200-bare-number": (_r(200, json=42), zn.ResponseFormatError, "not the API's envelope", False, True),
    "200-odd-status": (_r(200, json={"status": "maybe"}), zn.ResponseFormatError, "not the API's envelope", False,
                       True),
    "200-no-status-no-data": (_r(200, json={"result": 1}), zn.ResponseFormatError, "not the API's envelope", False,
                              True),
    "200-too-deep": (_r(200, _deep(100)), zn.ResponseFormatError, "levels deep", False, True),
    "200-far-too-deep": (_r(200, _deep(20000)), zn.ResponseFormatError, "levels deep", False, True),
    "301-redirect": (_r(301, headers={"location": "https://api.zyntrohq.com/x"}), zn.ResponseFormatError,
                     "redirected", False, False),
    "302-no-location": (_r(302), zn.ResponseFormatError, "redirected", False, False),
    "307-redirect": (_r(307, headers={"location": "/login"}), zn.ResponseFormatError, "redirected", False, False),
    "401-html": (_r(401, "<html>no</html>", {"content-type": "text/html"}), zn.AuthenticationError, "HTTP 401",
                 False, False),
    "401-text": (_r(401, "unauthorized"), zn.AuthenticationError, "HTTP 401", False, False),
    "401-envelope": (_r(401, json={"status": "error", "data": ["Invalid API Key"]}), zn.AuthenticationError,
                     "Invalid API Key", False, False),
    "401-odd-message": (_r(401, json={"status": "error", "data": ["Organization not found"]}),
                        zn.AuthenticationError, "HTTP 401", False, False),
    "403-html": (_r(403, "<html>Forbidden</html>"), zn.PermissionDeniedError, "HTTP 403", False, False),
    "403-json-detail": (_r(403, json={"detail": "Forbidden"}), zn.PermissionDeniedError, "Forbidden", False, False),
    "404-html": (_r(404, "<html><title>Not Found</title></html>"), zn.NotFoundError, "HTTP 404", False, False),
    "404-empty": (_r(404), zn.NotFoundError, "HTTP 404", False, False),
    "404-envelope": (_r(404, json={"status": "error", "errors": ["Billing customer not found"]}), zn.NotFoundError,
                     "Billing customer not found", False, False),
    "429-json": (_r(429, json={"status": "error", "data": ["slow down"]}), zn.RateLimitError, "HTTP 429", True,
                 False),
    "429-html": (_r(429, "<html>rate limited</html>"), zn.RateLimitError, "HTTP 429", True, False),
    "400-text": (_r(400, "bad request"), zn.APIError, "HTTP 400", False, False),
    "read-timeout": (_raise(httpx.ReadTimeout), zn.RequestTimeoutError, "timed out", True, True),
    "write-timeout": (_raise(httpx.WriteTimeout), zn.RequestTimeoutError, "timed out", True, True),
    "connect-timeout": (_raise(httpx.ConnectTimeout), zn.RequestTimeoutError, "timed out", True, False),
    "pool-timeout": (_raise(httpx.PoolTimeout), zn.RequestTimeoutError, "timed out", True, False),
    "dropped": (_raise(httpx.RemoteProtocolError, "Server disconnected"), zn.ConnectionFailedError, "dropped", True,
                True),
    "reset": (_raise(httpx.ReadError, "Connection reset by peer"), zn.ConnectionFailedError, "dropped", True, True),
    "refused": (_raise(httpx.ConnectError, "Connection refused"), zn.ConnectionFailedError, "could not connect",
                True, False),
}


@pytest.mark.parametrize("case", list(ANSWERS), ids=list(ANSWERS))
def test_a_read_gets_a_typed_error_and_is_retried_only_when_it_may_help(case: str) -> None:
    answer, error_type, word, retryable, _ = ANSWERS[case]
    session, server = counting_session(answer, max_retries=2)
    with pytest.raises(zn.ZyntroError) as info:
        session.call("account", "fetchWallets")
    assert_clear(info.value, error_type, word, sent=3 if retryable else 1, server=server)
    assert info.value.outcome_unknown is False
    assert "may have been applied" not in str(info.value)
    if error_type is not zn.ZyntroError and info.value.status_code is not None:
        assert str(info.value.status_code) in case or case.startswith("200")


@pytest.mark.parametrize("case", list(ANSWERS), ids=list(ANSWERS))
def test_a_write_is_sent_once_and_says_when_it_may_have_been_applied(case: str) -> None:
    answer, error_type, word, _, arrives = ANSWERS[case]
    session, server = counting_session(answer, max_retries=2)
    with pytest.raises(zn.ZyntroError) as info:
        session.call("crm", "addNotestoContact", contact_id=CONTACT, note="Called back")
    error = info.value
    assert_clear(error, error_type, word, sent=1, server=server)
    assert error.outcome_unknown is arrives
    if arrives:
        assert "may have been applied" in error.message
        assert f"fetchContact', contact_id='{CONTACT}', include_notes=1" in error.fix
        assert "do not simply send it again" in error.fix
    for blind in ("try again", "retry the", "call again in a moment", "retried automatically"):
        assert blind not in error.fix


@pytest.mark.parametrize("case", [c for c, v in ANSWERS.items() if v[3]], ids=[c for c, v in ANSWERS.items() if v[3]])
def test_an_idempotent_write_is_retried_like_a_read(case: str) -> None:
    answer, error_type, word, _, arrives = ANSWERS[case]
    session, server = counting_session(answer, max_retries=1)
    with pytest.raises(zn.ZyntroError) as info:
        session.call("edge", "enroll", billing_customer_id="bc_1", billable_item_id="bi_1", contact_id=CONTACT)
    assert_clear(info.value, error_type, word, sent=2, server=server)
    assert info.value.outcome_unknown is arrives
    if arrives:
        assert "sending it again is safe" in info.value.fix and "idempotent" in info.value.fix


def test_an_idempotent_write_recovers_from_one_lost_answer() -> None:
    session, server = counting_session(ANSWERS["dropped"][0], {"status": "success", "data": {"en_id": "e1"},
                                                               "existing": True})
    df = session.call("edge", "createCustomer", contact_id=CONTACT)
    assert len(server.requests) == 2 and df.attrs["zyntro"]["attempts"] == 2


def test_edge_fire_with_a_lost_answer_names_get_enrollments_with_its_ids() -> None:
    session, server = counting_session(ANSWERS["502-html"][0])
    with pytest.raises(zn.ServerError) as info:
        session.call("edge", "fire", billable_item_id="bi_9", billing_customer_id="bc_9")
    assert_clear(info.value, zn.ServerError, "may have been applied", sent=1, server=server)
    assert "getEnrollments', billing_customer_id='bc_9', billable_item_id='bi_9'" in info.value.fix


def test_an_uncatalogued_call_with_a_lost_answer_says_it_may_have_changed_data() -> None:
    session, server = counting_session(ANSWERS["dropped"][0])
    with pytest.warns(zn.UncataloguedEndpointWarning), pytest.raises(zn.ConnectionFailedError) as info:
        session.call("email", "sendEmail", to="a@example.com", force=True)
    assert_clear(info.value, zn.ConnectionFailedError, "email/sendEmail", sent=1, server=server)
    assert info.value.outcome_unknown and "if email/sendEmail changes data" in info.value.message


def test_a_read_recovers_when_a_later_attempt_succeeds() -> None:
    session, server = counting_session(ANSWERS["200-html"][0], ANSWERS["200-truncated"][0], OK)
    df = session.call("account", "fetchWallets")
    assert len(server.requests) == 3 and df.attrs["zyntro"]["attempts"] == 3


def test_a_read_that_keeps_failing_says_how_many_attempts_it_made() -> None:
    session, _ = counting_session(ANSWERS["503-empty"][0], max_retries=2)
    with pytest.raises(zn.ServerError) as info:
        session.call("account", "fetchWallets")
    assert "after 3 attempts" in info.value.message


def test_a_write_error_says_nothing_about_automatic_retries() -> None:
    session, _ = counting_session(ANSWERS["429-json"][0])
    with pytest.raises(zn.RateLimitError) as info:
        session.call("crm", "addNotestoContact", contact_id=CONTACT, note="x")
    assert "automatically" not in str(info.value) and "attempts" not in info.value.message


# -- the call's deadline and Retry-After ----------------------------------------------------------

RETRY_AFTERS = {
    "one-hour": ("3600", True, 3600.0),
    "year-2099": ("Fri, 01 Jan 2099 00:00:00 GMT", True, None),
    "beyond-the-cap": ("31", True, 31.0),
    "within": ("2", False, None),
    "negative": ("-5", False, None),
    "garbage": ("soon", False, None),
    "nan": ("nan", False, None),
    "past-date": ("Wed, 21 Oct 2015 07:28:00 GMT", False, None),
}


@pytest.mark.parametrize("case", list(RETRY_AFTERS), ids=list(RETRY_AFTERS))
def test_retry_after_is_honoured_only_within_the_budget(case: str) -> None:
    header, raises_at_once, seconds = RETRY_AFTERS[case]
    clock = FakeClock()
    limited = _r(429, json={"status": "error", "data": ["slow down"]}, headers={"Retry-After": header})
    session, server = counting_session(limited, OK, retry=zn.RetryPolicy(sleep=clock.sleep, clock=clock,
                                                                         random=lambda: 0.5))
    if raises_at_once:
        with pytest.raises(zn.RateLimitError) as info:
            session.call("account", "fetchWallets")
        assert_clear(info.value, zn.RateLimitError, "wait", sent=1, server=server)
        assert clock.sleeps == [] and info.value.retry_after is not None and info.value.retry_after > 30
        if seconds is not None:
            assert info.value.retry_after == seconds
    else:
        session.call("account", "fetchWallets")
        assert len(server.requests) == 2 and len(clock.sleeps) == 1
        assert clock.sleeps[0] == (2.0 if case == "within" else 0.375)  # absent: the usual backoff


def test_the_deadline_stops_retries_before_it_passes() -> None:
    clock = FakeClock()
    session, server = counting_session(ANSWERS["503-empty"][0], deadline=1.0,
                                       retry=zn.RetryPolicy(sleep=clock.sleep, clock=clock, random=lambda: 1.0,
                                                            max_retries=10))
    with pytest.raises(zn.ServerError) as info:
        session.call("account", "fetchWallets")
    assert clock.now < 1.0 and len(server.requests) == 2
    assert "deadline" in info.value.message


def test_a_per_call_deadline_overrides_the_session() -> None:
    clock = FakeClock()
    session, server = counting_session(ANSWERS["503-empty"][0],
                                       retry=zn.RetryPolicy(sleep=clock.sleep, clock=clock, random=lambda: 1.0))
    with pytest.raises(zn.ServerError):
        session.call("account", "fetchWallets", deadline=0.6)
    assert len(server.requests) == 2 and clock.now == 0.5


def test_each_attempt_waits_at_most_what_is_left_of_the_deadline() -> None:
    seen: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json=OK)

    clock = FakeClock()
    session, _ = counting_session(answer, deadline=7.0, retry=zn.RetryPolicy(sleep=clock.sleep, clock=clock))
    session.call("account", "fetchWallets")
    assert seen[0] == {"connect": 5.0, "read": 7.0, "write": 7.0, "pool": 7.0}


def test_redirect_fix_names_where_it_points() -> None:
    session, _ = counting_session(ANSWERS["301-redirect"][0])
    with pytest.raises(zn.ResponseFormatError) as info:
        session.call("account", "fetchWallets")
    assert info.value.kind == "redirect" and "https://api.zyntrohq.com" in info.value.fix
    assert info.value.status_code == 301


def test_a_deep_answer_does_not_reach_the_frames_or_the_last_exchange() -> None:
    session, _ = counting_session(ANSWERS["200-far-too-deep"][0])
    with pytest.raises(zn.ResponseFormatError):
        session.call("account", "fetchWallets", raw=True)
    assert session.last.response is None
    json.dumps(session.last.request)
