"""Types both ways: time and amount fields parsed, empty answers typed, datetimes sent in the right zone."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

import zyntro_nb as zn
from zyntro_nb import _settings
from zyntro_nb._frames.types import parse_frame

BERLIN_NOON = dt.datetime(2026, 4, 6, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
CALENDAR = {"calendar_id": "3d21426f-9042-40d9-a0b2-94037f551d51", "schedule_id": "s1"}


@pytest.mark.parametrize(
    ("name", "values", "dtype", "first"),
    [
        ("ts_dt", ["2026-03-28 09:00:00", None], "datetime64[ns]", pd.Timestamp("2026-03-28 09:00:00")),
        ("captured_at", ["2026-03-30T10:22:00Z"], "datetime64[ns, UTC]", pd.Timestamp("2026-03-30 10:22", tz="UTC")),
        ("wallet_last_update", ["2026-04-02T18:30:00+02:00"], "datetime64[ns, UTC]",
         pd.Timestamp("2026-04-02 16:30", tz="UTC")),
        ("due_date", ["2026-04-02"], "datetime64[ns]", pd.Timestamp("2026-04-02")),
        ("wallet_balance", ["500.00", "75.25"], "float64", 500.0),
    ],
    ids=["naive-api-format", "iso-z", "iso-offset", "date", "decimal-amount"],
)
def test_time_and_amount_fields_are_parsed(name: str, values: list, dtype: str, first: Any) -> None:
    df = parse_frame(pd.DataFrame({name: values}))
    assert str(df[name].dtype) == dtype
    assert df[name].iloc[0] == first


@pytest.mark.parametrize(
    ("name", "values"),
    [("ts_dt", ["2026-03-28 09:00:00", "2026-03-30T10:22:00Z"]), ("created_at", ["yesterday"]),
     ("contact_id", ["00123"]), ("wallet_balance", ["n/a"]), ("note", ["2026-03-28 09:00:00"])],
    ids=["mixed-formats", "not-a-time", "id-stays-text", "amount-not-a-number", "name-not-a-time-field"],
)
def test_other_columns_stay_exactly_as_answered(name: str, values: list) -> None:
    df = parse_frame(pd.DataFrame({name: values}))
    assert df[name].tolist() == values


def test_calls_parse_times_and_parse_false_opts_out() -> None:
    s = zn.connect(sandbox=True, current=False)
    parsed = s.account.fetchWallets()
    assert str(parsed["wallet_last_update"].dtype) == "datetime64[ns, UTC]"
    assert parsed["wallet_balance"].dtype == "float64"
    raw_text = s.account.fetchWallets(parse=False)
    assert isinstance(raw_text.loc[0, "wallet_last_update"], str)


def test_autoparse_setting_is_the_default_for_parse() -> None:
    s = zn.connect(sandbox=True, current=False)
    _settings.update(autoparse=False)
    try:
        df = s.edge.getEnrollments(all_pages=True)
    finally:
        _settings.update(autoparse=True)
    assert isinstance(df.loc[0, "ts_dt"], str)


def test_all_pages_results_are_parsed_too() -> None:
    df = zn.connect(sandbox=True, current=False).edge.getEnrollments(all_pages=True)
    assert str(df["ts_last_triggered_at"].dtype) == "datetime64[ns]"


def test_empty_answer_keeps_documented_columns_with_dtypes(make_session: Callable[..., Any]) -> None:
    s, _ = make_session({"status": "success", "data": [], "count": 0})
    df = s.edge.getEnrollments(status="cancelled")
    assert len(df) == 0
    assert "ts_status" in df.columns and df["ts_status"].tolist() == []
    assert str(df["ts_dt"].dtype) == "datetime64[ns]"
    s2, _ = make_session({"status": "success", "data": []})
    wallets = s2.account.fetchWallets()
    assert wallets["wallet_balance"].dtype == "float64" and wallets["wallet_balance"].sum() == 0


# -- sending -------------------------------------------------------------------------------------


def test_aware_datetime_is_converted_to_the_request_zone_and_last_shows_it(make_session: Callable[..., Any]) -> None:
    s, server = make_session({"status": "success", "data": []})
    s.calendar.checkAvailability(**CALENDAR, start_date=BERLIN_NOON, current_timezone="America/New_York")
    assert server.bodies[0]["start_date"] == "2026-04-06 06:00:00"
    assert s.last.request["start_date"] == "2026-04-06 06:00:00"
    assert s.last.request == {k: v for k, v in s.last.request.items()}  # plain JSON values only
    json.dumps(s.last.request)


def test_aware_datetime_without_a_zone_parameter_uses_the_documented_default(make_session: Callable[..., Any]) -> None:
    s, server = make_session({"status": "success", "data": []})
    s.calendar.checkAvailability(**CALENDAR, start_date=BERLIN_NOON)  # current_timezone defaults to UTC
    assert server.bodies[0]["start_date"] == "2026-04-06 10:00:00"


def test_aware_pandas_timestamp_is_converted_too(make_session: Callable[..., Any]) -> None:
    s, server = make_session({"status": "success", "data": []})
    start = pd.Timestamp("2026-04-06 12:00", tz="Europe/Berlin")
    s.calendar.checkAvailability(**CALENDAR, start_date=start, current_timezone="Asia/Tokyo")
    assert server.bodies[0]["start_date"] == "2026-04-06 19:00:00"


def test_naive_datetime_is_sent_as_its_wall_clock_time(make_session: Callable[..., Any]) -> None:
    s, server = make_session({"status": "success", "data": []})
    s.calendar.checkAvailability(**CALENDAR, start_date=dt.datetime(2026, 4, 6, 12), current_timezone="Asia/Tokyo")
    assert server.bodies[0]["start_date"] == "2026-04-06 12:00:00"


def test_without_a_zone_parameter_the_organizations_zone_is_used() -> None:
    s = zn.connect(sandbox=True, current=False)
    s.catalog = s.catalog.copy()
    s.catalog.register({"module": "calendar", "action": "logCall", "read_only": False,
                        "params": [{"name": "at", "type": "string"}]})
    org_zone = s.account.fetchOrganization().loc[0, "org_timezone"]
    prepared = s.prepare("calendar", "logCall", at=BERLIN_NOON)
    expected = BERLIN_NOON.astimezone(ZoneInfo(org_zone)).strftime("%Y-%m-%d %H:%M:%S")
    assert prepared.body["at"] == expected


def test_naive_datetime_where_no_zone_can_be_named_is_refused() -> None:
    s = zn.connect(sandbox=True, current=False)
    s.catalog = s.catalog.copy()
    s.catalog.register({"module": "calendar", "action": "logCall", "read_only": False,
                        "params": [{"name": "at", "type": "string"}]})
    with pytest.raises(zn.ParameterError, match="at is a naive datetime") as info:
        s.prepare("calendar", "logCall", at=dt.datetime(2026, 4, 6, 12))
    assert "tzinfo=ZoneInfo" in info.value.fix


@pytest.mark.parametrize(
    "params", [{"current_timezone": "Mars/Base"}, {"target_timezone": "Nowhere"}], ids=["current", "target"]
)
def test_unknown_time_zone_is_a_parameter_error_and_nothing_is_sent(
    make_session: Callable[..., Any], params: dict
) -> None:
    s, server = make_session({"status": "success", "data": []})
    with pytest.raises(zn.ParameterError, match="is not a known time zone") as info:
        s.calendar.checkAvailability(**CALENDAR, start_date=BERLIN_NOON, **params)
    assert info.value.param in params
    assert "IANA" in info.value.fix
    assert server.requests == []


@pytest.mark.parametrize(
    "text",
    ["2026-03-28 09:00:00", "1677-09-21 00:12:44", "2262-04-11 23:47:16", "1677-09-21 00:12:43",
     "2262-04-11 23:47:17", "0001-01-01 00:00:00", "2025-02-30 10:00:00", "2025-06-12 23:59:60", "2026-03-28"],
    ids=["plain", "first-ns-second", "last-ns-second", "before-ns", "after-ns", "year-1", "no-such-day",
         "leap-second", "date"],
)
def test_quick_wall_clock_parsing_gives_what_pandas_gives(text):
    import pandas as pd

    from zyntro_nb._frames.types import API_TIME_FORMAT, parse_column

    column = pd.Series([text, None], name="created_at")
    fmt = API_TIME_FORMAT if " " in text else "%Y-%m-%d"
    try:
        expected = pd.to_datetime(column, format=fmt).astype("datetime64[ns]")
    except (ValueError, OverflowError):
        # numpy's refusal hands over to pandas; what pandas refuses leaves the column as answered
        assert parse_column("created_at", column) is None
        return
    pd.testing.assert_series_equal(parse_column("created_at", column), expected)


@pytest.mark.parametrize(
    ("values", "dtype", "shown"),
    [
        (["0000-00-00 00:00:00", "2026-01-02 03:04:05"], "datetime64[ns]", [None, "2026-01-02 03:04:05"]),
        (["0000-00-00", "2026-01-02"], "datetime64[ns]", [None, "2026-01-02 00:00:00"]),
        (["2026-02-30 00:00:00", "2026-01-02 03:04:05"], "text", ["2026-02-30 00:00:00", "2026-01-02 03:04:05"]),
        (["9999-12-31 00:00:00", "2026-01-02 03:04:05"], "text", ["9999-12-31 00:00:00", "2026-01-02 03:04:05"]),
        (["2026-02-30T10:00:00Z", "2026-01-02T03:04:05Z"], "text", ["2026-02-30T10:00:00Z", "2026-01-02T03:04:05Z"]),
        (["9999-12-31", "2026-01-02"], "text", ["9999-12-31", "2026-01-02"]),
    ],
    ids=["zero-datetime", "zero-date", "no-such-day", "beyond-2262", "no-such-day-iso", "beyond-2262-date"],
)
@pytest.mark.parametrize("rows", [1, 2], ids=["first-row-only", "both-rows"])
def test_odd_dates_in_an_answer_never_break_the_call_nor_lose_a_value(
    make_session: Callable[..., Any], values: list[str], dtype: str, shown: list[Any], rows: int
) -> None:
    """MySQL's zero date is missing; a date that cannot be a datetime64 leaves its column as answered."""
    values, shown = values[:rows] if rows == 1 else values, shown[:rows] if rows == 1 else shown
    answer = {"status": "success", "data": [{"contact_id": f"c{i}", "created_at": v} for i, v in enumerate(values)]}
    s, _ = make_session(answer)
    df = s.call("crm", "lookupContact", search_string="a@b.c")
    column = df["created_at"]
    if dtype == "text" or (rows == 1 and shown[0] is None):
        assert column.tolist() == values  # as answered: nothing converted, nothing lost
    else:
        assert str(column.dtype) == dtype
        assert [None if pd.isna(v) else str(v) for v in column] == shown
