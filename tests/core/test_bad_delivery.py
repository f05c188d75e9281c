"""What became of a call: a 429 on a write says it was not applied and not retried; a broken compressed
body is a bad answer (``ResponseFormatError``), retried for reads only; flags of a call take a bool.
"""

from __future__ import annotations

import gzip
import math
import zlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OK = {"status": "success", "data": {"contact_id": CONTACT}}
WRITES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "add-note": ("crm", "addNotestoContact", {"contact_id": CONTACT, "note": "hello"}),
    "fire": ("edge", "fire", {"billing_customer_id": "bc_1", "billable_item_id": "bi_1"}),
    "add-contact": ("crm", "addContactsFull", {"contact": {"email": "ada@example.com"}}),
}


def _429(retry_after: str | None) -> Callable[[httpx.Request], httpx.Response]:
    headers = {"Retry-After": retry_after} if retry_after else {}
    return lambda request: httpx.Response(429, json={"status": "error", "data": ["Too many requests"]},
                                          headers=headers)


@pytest.mark.parametrize("retry_after", [None, "3"], ids=["no-hint", "retry-after-3"])
@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_a_429_on_a_write_says_it_was_not_applied_and_not_retried(write: str, retry_after: str | None) -> None:
    module, action, params = WRITES[write]
    session, server = counting_session(_429(retry_after))
    with pytest.raises(zn.RateLimitError) as info:
        session.call(module, action, **params)
    error = info.value
    assert_clear(error, zn.RateLimitError, "was not applied", sent=1, server=server)
    assert "not retried" in error.message and error.outcome_unknown is False
    assert "send the same call again" in error.fix and ("3 s" in error.fix) == bool(retry_after)


def test_a_429_on_a_read_is_retried_and_does_not_talk_of_writes() -> None:
    session, server = counting_session(_429(None), _429(None), OK)
    df = session.call("crm", "fetchContact", contact_id=CONTACT)
    assert len(df) == 1 and len(server.requests) == 3
    session, server = counting_session(_429(None))
    with pytest.raises(zn.RateLimitError) as info:
        session.call("crm", "fetchContact", contact_id=CONTACT)
    assert "not applied" not in info.value.message


def _compressed(body: bytes, encoding: str = "gzip") -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(200, content=body, headers={"Content-Encoding": encoding,
                                                                        "Content-Type": "application/json"})


# id: (the answer, the ResponseFormatError kind: a body that ends early once decoded is a truncated one)
BROKEN_BODIES: dict[str, tuple[Callable[[httpx.Request], httpx.Response], str]] = {
    "gzip-garbage": (_compressed(b"\x1f\x8bnot really gzip"), "undecodable"),
    "gzip-cut-short": (_compressed(gzip.compress(b'{"status": "success", "data": []}' * 50)[:-40]), "truncated"),
    "gzip-plain-json": (_compressed(b'{"status": "success", "data": []}'), "undecodable"),
    "deflate-garbage": (_compressed(b"definitely not deflate", "deflate"), "undecodable"),
    "gzip-magic-only": (_compressed(b"\x1f\x8b"), "empty"),
}


@pytest.mark.parametrize("case", list(BROKEN_BODIES), ids=list(BROKEN_BODIES))
def test_a_broken_compressed_body_on_a_read_is_a_format_error_retried(case: str) -> None:
    answer, kind = BROKEN_BODIES[case]
    session, server = counting_session(answer)
    with pytest.raises(zn.ResponseFormatError) as info:
        session.call("crm", "fetchContact", contact_id=CONTACT)
    assert_clear(info.value, zn.ResponseFormatError, "4 attempts")
    assert info.value.kind == kind and len(server.requests) == session.retry.max_retries + 1
    assert not isinstance(info.value, zn.TransportError) and "call again" in info.value.fix


@pytest.mark.parametrize("case", list(BROKEN_BODIES), ids=list(BROKEN_BODIES))
def test_a_broken_compressed_body_on_a_write_is_sent_once_and_its_outcome_unknown(case: str) -> None:
    session, server = counting_session(BROKEN_BODIES[case][0])
    with pytest.raises(zn.ResponseFormatError) as info:
        session.call("crm", "addNotestoContact", contact_id=CONTACT, note="hello")
    assert_clear(info.value, zn.ResponseFormatError, "may have been applied", sent=1, server=server)
    assert info.value.outcome_unknown is True and "fetchContact" in info.value.fix


def test_a_broken_body_recovers_when_the_next_answer_is_good() -> None:
    good = zlib.compress(b'{"status": "success", "data": {"contact_id": "x"}}')
    session, server = counting_session(BROKEN_BODIES["gzip-garbage"][0], _compressed(good, "deflate"))
    df = session.call("crm", "fetchContact", contact_id=CONTACT)
    assert df.loc[0, "contact_id"] == "x" and len(server.requests) == 2


CALL_FLAGS: dict[str, tuple[str, Any]] = {
    "parse-text-no": ("parse", "no"),
    "parse-int": ("parse", 0),
    "parse-nan": ("parse", math.nan),
    "raw-text": ("raw", "yes"),
    "raw-int": ("raw", 1),
    "all-pages-text": ("all_pages", "false"),
    "force-text": ("force", "no"),
}


@pytest.mark.parametrize("case", list(CALL_FLAGS), ids=list(CALL_FLAGS))
def test_a_call_flag_takes_a_bool_and_anything_else_is_refused(case: str) -> None:
    flag, value = CALL_FLAGS[case]
    session, server = counting_session(OK)
    with pytest.raises(zn.ParameterError) as info:
        session.call("crm", "fetchContact", contact_id=CONTACT, **{flag: value})
    assert_clear(info.value, zn.ParameterError, flag, sent=0, server=server)


@pytest.mark.parametrize("value", ["no", 1, [], "True"], ids=["text-no", "int", "list", "text-true"])
def test_iter_pages_parse_takes_a_bool(value: Any) -> None:
    session, server = counting_session(OK)
    with pytest.raises(zn.ParameterError) as info:
        session.iter_pages("edge", "getEnrollments", parse=value)
    assert_clear(info.value, zn.ParameterError, "parse", sent=0, server=server)


CONNECT_FLAGS: dict[str, tuple[str, Any]] = {
    "current-text": ("current", "no"),
    "current-int": ("current", 0),
    "new-text": ("new", "yes"),
    "new-none": ("new", None),
    "bootstrap-text": ("bootstrap", "no"),
    "bootstrap-int": ("bootstrap", 1),
    "record-missing-text": ("record_missing", "no"),
}


@pytest.mark.parametrize("case", list(CONNECT_FLAGS), ids=list(CONNECT_FLAGS))
def test_a_connect_flag_takes_a_bool_and_anything_else_is_refused(case: str, no_ambient_settings: Any) -> None:
    flag, value = CONNECT_FLAGS[case]
    with pytest.raises(zn.ConfigurationError) as info:
        zn.connect(sandbox=True, **{flag: value})
    assert_clear(info.value, zn.ConfigurationError, flag)
    assert info.value.sent is False


ODD_CASSETTES: dict[str, tuple[str, Any]] = {
    "record-true": ("record", True),
    "record-false": ("record", False),
    "record-int": ("record", 3),
    "record-empty": ("record", ""),
    "replay-true": ("replay", True),
    "replay-list": ("replay", ["a.json"]),
    "replay-blank": ("replay", "   "),
}


@pytest.mark.parametrize("case", list(ODD_CASSETTES), ids=list(ODD_CASSETTES))
def test_record_and_replay_take_a_file_path(case: str, no_ambient_settings: Any) -> None:
    name, value = ODD_CASSETTES[case]
    with pytest.raises(zn.ConfigurationError) as info:
        zn.connect(**{name: value}, current=False)
    assert_clear(info.value, zn.ConfigurationError, f"{name}=")
    assert "path" in info.value.fix and not list(no_ambient_settings.iterdir())
