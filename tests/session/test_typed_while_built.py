"""A call's answer typed while its columns are built is the frame that typing the finished frame gives."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.frames.test_frames_properties import OPAQUE, assert_same_frame
from zyntro_nb._catalog.catalog import Endpoint
from zyntro_nb._frames.frames import to_frame
from zyntro_nb._frames.types import parse_frame, uniform_missing

NAMES = ["created_at", "updated", "ts_dt", "due_date", "wallet_last_update", "at", "wallet_balance", "price",
         "total_amount", "contact_id", "note", "nest.created_at", "nest.price"]
TIMES = ["2026-03-28 09:00:00", "2025-06-12 14:03:00", "2026-03-01", "2026-03-30T10:22:00Z",
         "2026-03-30T10:22:00+02:00", "2026-03-30T10:22", "2026-03-30T10:22:00.5-0500"]
ODD_TIMES = ["2026-02-30", "2026-02-30 10:00:00", "0000-00-00 00:00:00", "2026-03-28 24:00:00", "1500-01-01",
             "9999-12-31 00:00:00", "2262-04-12 00:00:00", "2026-3-1", "yesterday", ""]
AMOUNTS = ["500.00", "-3", "0.1", "12345678901234567890.5", "1e5", "n/a", ".5", ""]
OTHERS = [None, "", " ", "None", 0, 7, 2**70, 1.5, float("nan"), True, ["a"], [], OPAQUE, decimal.Decimal("1.10")]


def _value(name: str) -> st.SearchStrategy[Any]:
    if name.endswith(("_at", "updated", "_dt", "_date", "_update", "at")):
        usual = TIMES
    elif name.endswith(("balance", "price", "amount")):
        usual = AMOUNTS[:4]
    else:
        usual = ["00123", "text"]
    return st.one_of(st.sampled_from(usual), st.none(), st.sampled_from(ODD_TIMES + AMOUNTS + OTHERS))


@st.composite
def answers(draw: st.DrawFn) -> Any:
    """A one-row answer or a few records, each column mostly one kind of value, with odd ones."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    usual = {name: draw(_value(name)) for name in names}
    records = []
    for _ in range(draw(st.sampled_from([1, 1, 2, 3, 6]))):
        record: dict[str, Any] = {}
        for name in names:
            if draw(st.integers(0, 9)) == 0:
                continue  # absent from this record
            value = usual[name] if draw(st.booleans()) else draw(_value(name))
            if name.startswith("nest."):
                record.setdefault("nest", {})[name[5:]] = value
            else:
                record[name] = value
        records.append(record)
    return records[0] if len(records) == 1 and draw(st.booleans()) else records


def typed_afterwards(data: Any, endpoint: Endpoint | None, parse: bool) -> pd.DataFrame:
    """What the session did before: build the frame, then type it."""
    frame = to_frame(data, endpoint, {"endpoint": "m/a"})
    uniform_missing(frame)
    if parse:
        parse_frame(frame)
    return frame


def outcome(build: Any) -> tuple[str, Any]:
    try:
        return "frame", build()
    except Exception as exc:  # malformed times fail alike on both paths (same type and message)
        return "error", (type(exc), str(exc))


def assert_same_outcome(data: Any, endpoint: Endpoint | None, parse: bool) -> None:
    ours = outcome(lambda: to_frame(data, endpoint, {"endpoint": "m/a"}, parse=parse))
    before = outcome(lambda: typed_afterwards(data, endpoint, parse))
    assert ours[0] == before[0], (ours, before)
    if ours[0] == "frame":
        assert_same_frame(ours[1], before[1])
    else:
        assert ours[1] == before[1]


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers(), st.booleans(), st.booleans())
def test_typed_while_built_equals_typed_afterwards(data: Any, parse: bool, documented: bool) -> None:
    endpoint = Endpoint(module="m", action="a", fields=("wallet_balance", "created_at", "contact_id")) \
        if documented else None
    assert_same_outcome(data, endpoint, parse)


@pytest.mark.parametrize(
    ("data", "dtype"),
    [
        ({"created_at": "2025-06-12 14:03:00"}, "datetime64[ns]"),
        ({"due_date": "2026-03-01"}, "datetime64[ns]"),
        ({"captured_at": "2026-03-30T10:22:00+02:00"}, "datetime64[ns, UTC]"),
        ({"wallet_balance": "500.00"}, "float64"),
        ({"created_at": "2026-03-28 09:00:00 "}, None),
        ({"note": None, "email": None}, None),
    ],
    ids=["naive-time", "date", "iso-offset", "decimal-amount", "not-a-time", "all-missing"],
)
@pytest.mark.parametrize("parse", [True, False], ids=["parse", "no-parse"])
def test_one_row_answers_are_typed_as_before(data: dict[str, Any], dtype: str | None, parse: bool) -> None:
    assert_same_outcome(data, None, parse)
    frame = to_frame(data, None, parse=parse)
    if parse and dtype is not None:
        assert str(frame.dtypes.iloc[0]) == dtype
    elif dtype is not None:
        assert frame.iloc[0, 0] == next(iter(data.values()))  # parse=False leaves the text as answered


@pytest.mark.parametrize("data", [None, [], {}], ids=["null", "empty-list", "empty-object"])
@pytest.mark.parametrize("parse", [True, False], ids=["parse", "no-parse"])
def test_empty_answers_keep_their_typed_documented_columns(data: Any, parse: bool) -> None:
    endpoint = Endpoint(module="m", action="a", fields=("created_at", "wallet_balance", "name"))
    assert_same_outcome(data, endpoint, parse)
    frame = to_frame(data, endpoint, parse=parse)
    assert list(frame.columns) == ["created_at", "wallet_balance", "name"]
    assert (str(frame["created_at"].dtype) == "datetime64[ns]") is parse


def test_text_columns_of_many_rows_are_built_alike() -> None:
    records = [{"contact_id": f"{i:05d}", "email": None if i % 3 else f"u{i}@x.example", "n": i}
               for i in range(3000)]
    for count in (1, 2, 2048, 2049, 3000):
        assert_same_outcome(records[:count], None, True)
        frame = to_frame(records[:count], None, parse=True)
        assert frame["contact_id"].tolist() == [r["contact_id"] for r in records[:count]]


@pytest.mark.parametrize(
    "value", [dt.datetime(2026, 1, 2, 3, 4), dt.timedelta(days=1), pd.Period("2026-01", freq="M")],
    ids=["datetime", "timedelta", "period"],
)
def test_objects_pandas_2_would_convert_keep_the_column_they_had(value: Any) -> None:
    # pandas 2's DataFrame constructor turns such object columns into its own types; frames are built
    # without that constructor only when every object column holds plain JSON-like values.
    frame = to_frame([{"v": value, "n": 1}])
    by_constructor = pd.DataFrame({"v": np.array([value], dtype=object)})["v"].dtype
    expected = by_constructor if pd.__version__.startswith("2.") else np.dtype(object)
    assert frame["v"].dtype == expected
    assert frame["v"].tolist() == [value]


@pytest.mark.parametrize(
    ("module", "action", "params"),
    [("crm", "fetchContact", {"contact_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890"}),
     ("account", "fetchWallets", {}), ("edge", "getEnrollments", {"all_pages": True})],
    ids=["one-row", "wallets", "all-pages"],
)
@pytest.mark.parametrize("parse", [True, False], ids=["parse", "no-parse"])
def test_session_answers_are_the_frames_typed_afterwards(module: str, action: str, params: dict[str, Any],
                                                         parse: bool) -> None:
    import zyntro_nb as zn

    with zn.connect(sandbox=True, new=True, current=False) as s:
        frame = s.call(module, action, parse=parse, **params)
        raw = s.call(module, action, raw=True, **params)
        endpoint = s.catalog.get(module, action)
    before = typed_afterwards(raw["data"], endpoint, parse)
    before.attrs = frame.attrs
    assert_same_frame(frame, before)
