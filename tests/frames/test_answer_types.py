"""Answer fields typed by the catalog: empty answers keep their columns and dtypes; the catalog decides parsing."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

import zyntro_nb as zn
from zyntro_nb._catalog.catalog import Catalog, Endpoint
from zyntro_nb._frames.frames import to_frame
from zyntro_nb._session.session import SANDBOX_BASE_URL, Session
from zyntro_nb.sandbox import Sandbox


def _sandbox_reads() -> dict[str, dict[str, Any]]:
    """The calls tests/build_catalog.py types the answers from (it imports its neighbours as top-level modules)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    try:
        from build_catalog import SANDBOX_READS
    finally:
        sys.path.pop(0)
    return SANDBOX_READS


SANDBOX_READS = _sandbox_reads()
READS = [e for e in Catalog.builtin() if e.read_only]


class _Emptied(httpx.BaseTransport):
    """The sandbox's answer with nothing in it: ``data`` (or the list the rows come from) emptied."""

    def __init__(self, inner: httpx.BaseTransport, endpoint: Endpoint) -> None:
        self.inner, self.endpoint = inner, endpoint

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.inner.handle_request(request)
        envelope = json.loads(answer.read())
        data, rule = envelope.get("data"), self.endpoint.rows
        if rule is not None and isinstance(data, dict):
            envelope["data"] = {**data, rule.path: []}
        else:
            envelope["data"] = [] if isinstance(data, list) else {}
        if "count" in envelope:
            envelope["count"] = 0
        headers = {k: v for k, v in answer.headers.items() if k.lower() not in ("content-length", "content-encoding")}
        return httpx.Response(answer.status_code, headers=headers, json=envelope)


def _session(transport: httpx.BaseTransport | None = None, box: Sandbox | None = None) -> Session:
    box = box or Sandbox()
    return Session(**box.credentials, base_url=SANDBOX_BASE_URL, user_id=box.user_id,
                   transport=transport or box.transport(), env={})


def _call(session: Session, endpoint: Endpoint, parse: bool) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return session.call(endpoint.module, endpoint.action, parse=parse, **SANDBOX_READS[endpoint.key])


def test_every_catalogued_read_has_a_sandbox_call_and_typed_answer_fields() -> None:
    assert sorted(SANDBOX_READS) == sorted(e.key for e in READS)
    assert all(e.answer_fields for e in READS)


@pytest.mark.parametrize("parse", [True, False], ids=["parsed", "as-answered"])
@pytest.mark.parametrize("endpoint", READS, ids=[e.key for e in READS])
def test_an_empty_answer_has_the_columns_and_dtypes_of_a_full_one(endpoint: Endpoint, parse: bool) -> None:
    box = Sandbox()
    full = _call(_session(box=box), endpoint, parse)
    empty = _call(_session(_Emptied(box.transport(), endpoint), box), endpoint, parse)
    assert len(full) > 0 and len(empty) == 0
    assert list(empty.columns) == list(full.columns)
    assert empty.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict()
    assert empty.attrs["zyntro"]["endpoint"] == endpoint.key


def test_enrollments_matching_nothing_keep_consecutive_failures_as_integers() -> None:
    s = _session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        none = s.edge.getEnrollments(billing_customer_id="bc_no_such_customer", all_pages=True)
        some = s.edge.getEnrollments(all_pages=True)
    assert len(none) == 0 and len(some) > 0
    assert str(none["ts_consecutive_failures"].dtype) == str(some["ts_consecutive_failures"].dtype) == "int64"
    assert str(none["ts_dt"].dtype) == "datetime64[ns]"


@pytest.mark.parametrize(("kind", "value", "dtype"), [
    ("datetime", "2026-03-28 09:00:00", "datetime64[ns]"),
    ("datetime_utc", "2026-03-28T09:00:00Z", "datetime64[ns, UTC]"),
    ("date", "2026-03-28", "datetime64[ns]"),
    ("amount", "12.50", "float64"),
], ids=["datetime", "datetime_utc", "date", "amount"])
def test_a_field_the_catalog_types_is_parsed_whatever_its_name(kind: str, value: str, dtype: str) -> None:
    endpoint = Endpoint.from_dict({"module": "m", "action": "a", "answer_fields": {"when": kind}})
    assert str(to_frame([{"when": value}], endpoint, parse=True)["when"].dtype) == dtype


@pytest.mark.parametrize("name", ["created_at", "wallet_balance"], ids=["time-name", "amount-name"])
def test_a_field_the_catalog_types_as_text_is_not_guessed_from_its_name(name: str) -> None:
    endpoint = Endpoint.from_dict({"module": "m", "action": "a", "answer_fields": {name: "string"}})
    text = "2026-03-28 09:00:00" if name == "created_at" else "12.50"
    assert to_frame([{name: text}], endpoint, parse=True)[name].tolist() == [text]


def test_fields_the_catalog_does_not_know_are_still_guessed_by_name() -> None:
    endpoint = Endpoint.from_dict({"module": "m", "action": "a", "answer_fields": {"id": "string"}})
    frame = to_frame([{"id": "x", "created_at": "2026-03-28 09:00:00"}], endpoint, parse=True)
    assert str(frame["created_at"].dtype) == "datetime64[ns]"


def test_a_user_catalog_without_answer_fields_still_builds_frames() -> None:
    endpoint = Endpoint.from_dict({"module": "m", "action": "a", "fields": ["n"]})
    assert endpoint.answer_fields == {}
    assert list(to_frame([], endpoint, parse=True).columns) == ["n"]
    assert to_frame([{"n": 1}], endpoint, parse=True)["n"].tolist() == [1]


@pytest.mark.parametrize(("answer", "message"), [
    ({"n": "text"}, "answer_fields.n is 'text'"),
    (["n"], "answer_fields must be an object"),
], ids=["unknown-type", "not-an-object"])
def test_a_bad_answer_fields_definition_names_the_field(answer: Any, message: str) -> None:
    with pytest.raises(zn.CatalogError, match=message):
        Endpoint.from_dict({"module": "m", "action": "a", "answer_fields": answer})


def test_help_lists_the_answer_fields_with_their_types() -> None:
    text = str(zn.connect(sandbox=True, current=False).help("edge", "getEnrollments"))
    assert "Answer fields (the DataFrame's columns" in text
    assert "ts_consecutive_failures (integer)" in text
    assert "ts_dt (datetime)" in text
