"""The columnar frame builder against the slow reference, on random nested records, plus bad input."""

from __future__ import annotations

import copy
import decimal
import math
import random
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.frames_reference import reference_to_frame
from zyntro_nb._catalog.catalog import Endpoint, RowRule
from zyntro_nb._defaults import MAX_DEPTH
from zyntro_nb._errors import ResponseFormatError
from zyntro_nb._frames.frames import to_frame


class Opaque:
    """Stands for a value the frame builder must carry untouched (e.g. a credential object)."""

    def __str__(self) -> str:  # would show up if anything turned the value into text
        raise AssertionError("str() called on an opaque value")

    __format__ = __str__  # type: ignore[assignment]

    def __repr__(self) -> str:  # hypothesis shows drawn examples with repr
        return "<opaque>"


OPAQUE = Opaque()
TEXT_DTYPE = str(pd.Series(["a"]).dtype)  # "str" with pandas 3, "object" with pandas 2
FIELDS_ENDPOINT = Endpoint(module="m", action="a", fields=("b", "a.x", "zz", "c"))


def same_cell(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left) and math.isnan(right):
        return True
    return type(left) is type(right) and (left is right or left == right)


def assert_same_frame(ours: pd.DataFrame, reference: pd.DataFrame) -> None:
    assert type(ours) is type(reference)
    assert list(ours.columns) == list(reference.columns)
    assert ours.columns.dtype == reference.columns.dtype
    assert list(ours.index) == list(reference.index)
    assert [str(t) for t in ours.dtypes] == [str(t) for t in reference.dtypes]
    for position in range(ours.shape[1]):
        mine, theirs = ours.iloc[:, position].tolist(), reference.iloc[:, position].tolist()
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs, strict=True):
            assert same_cell(a, b), (ours.columns[position], a, b)
    assert ours.attrs == reference.attrs


def check(data: Any, endpoint: Endpoint | None = None, meta: dict[str, Any] | None = None) -> pd.DataFrame:
    try:
        before = copy.deepcopy(data) if not _has_opaque(data) else None
    except TypeError:  # e.g. a mappingproxy
        before = None
    ours = to_frame(data, endpoint, meta)
    if before is not None:
        assert data == before or _has_nan(data), "to_frame must not modify its input"
    assert_same_frame(ours, reference_to_frame(data, endpoint, meta))
    return ours


def _has_opaque(data: Any) -> bool:
    if data is OPAQUE or isinstance(data, decimal.Decimal):
        return True
    if isinstance(data, dict):
        return any(_has_opaque(v) for v in data.values())
    if isinstance(data, (list, tuple)):
        return any(_has_opaque(v) for v in data)
    return False


def _has_nan(data: Any) -> bool:
    if isinstance(data, float):
        return math.isnan(data)
    if isinstance(data, dict):
        return any(_has_nan(v) for v in data.values())
    if isinstance(data, (list, tuple)):
        return any(_has_nan(v) for v in data)
    return False


# -- random data ---------------------------------------------------------------------------------

KEYS = st.sampled_from(["a", "ab", "b", "c", "id", "x", "a.x", "zz"])
ODD_KEYS = st.one_of(KEYS, st.sampled_from([1, 2, None, "1", "a.b"]))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-5, max_value=5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
    st.sampled_from(["007", "1e5", "2026-03-30", ""]),
    st.lists(st.integers(0, 3), max_size=3),
    st.just(OPAQUE),
    st.just(decimal.Decimal("1.10")),
    st.just(np.int64(7)),
    st.just((1, 2)),
)


def nested(keys: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(SCALARS, lambda inner: st.dictionaries(keys, inner, max_size=4), max_leaves=12)


RECORDS = st.lists(st.one_of(st.none(), st.dictionaries(KEYS, nested(KEYS), max_size=5)), max_size=8)
ODD_RECORDS = st.lists(st.dictionaries(ODD_KEYS, nested(ODD_KEYS), max_size=5), max_size=6)


@st.composite
def shaped_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Records sharing one shape (the fast, columnar path), with some values varied per row."""
    template = draw(st.dictionaries(KEYS, nested(KEYS), min_size=1, max_size=5))
    count = draw(st.integers(1, 8))
    records = []
    for _ in range(count):
        record = {k: _vary(v, draw) for k, v in template.items()}
        if draw(st.booleans()):
            record = dict(reversed(list(record.items())))  # same keys, another order
        records.append(record)
    return records


def _vary(template: Any, draw: st.DrawFn) -> Any:
    if isinstance(template, dict):
        if template and draw(st.integers(0, 9)) == 0:
            return draw(st.one_of(st.none(), st.just({})))  # a nested object that is sometimes null
        return {k: _vary(v, draw) for k, v in template.items()}
    return draw(SCALARS) if draw(st.booleans()) else template


PROPERTY = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(RECORDS)
def test_random_nested_records_give_the_reference_frame(records):
    check(records)


@PROPERTY
@given(shaped_records())
def test_records_of_one_shape_give_the_reference_frame(records):
    check(records)


@PROPERTY
@given(shaped_records())
def test_documented_fields_order_the_same_way_as_the_reference(records):
    check(records, FIELDS_ENDPOINT, {"endpoint": "m/a", "extra": {"count": 1}})


@PROPERTY
@given(ODD_RECORDS)
def test_non_string_and_dotted_keys_give_the_reference_frame(records):
    check(records)


@PROPERTY
@given(st.one_of(nested(KEYS), st.lists(nested(KEYS), max_size=5)))
def test_any_data_shape_gives_the_reference_frame(data):
    check(data)


def test_large_seeded_records_with_random_damage_give_the_reference_frame():
    rng = random.Random(2026)
    records: list[Any] = []
    for i in range(400):
        record: dict[str, Any] = {
            "id": f"{i:05d}",
            "n": rng.choice([i, None, 2**63 + i]) if i % 50 == 0 else i,
            "pm": {"pm_id": f"pm_{i}", "exp": {"m": rng.randrange(1, 13), "y": 2030}},
            "tags": ["a"] * (i % 3),
            "ok": rng.random() < 0.5,
        }
        if i % 7 == 0:
            record["pm"] = None
        if i % 11 == 0 and record["pm"]:
            record["pm"]["exp"] = {}
        if i % 13 == 0:
            record[f"late_{i % 3}"] = 1.5
        records.append(record)
    check(records)
    check(records[:1] * 50)


@pytest.mark.parametrize(
    ("endpoint", "data"),
    [
        (Endpoint(module="f", action="g", rows=RowRule("fields"), fields=("k", "v")),
         {"form_id": 1, "fields": [{"k": "a", "v": {"x": 1}}, {"k": "b", "v": None}]}),
        (Endpoint(module="l", action="h", rows=RowRule("headers", ("column", "description")),
                  fields=("column", "description")),
         {"headers": [["c1", "d1"], ["c2", "d2", "extra"]], "total": 2}),
    ],
    ids=["rows-path", "rows-columns"],
)
def test_rows_rules_give_the_reference_frame(endpoint, data):
    check(data, endpoint, {"endpoint": endpoint.key})


# -- bad input: the same typed outcome on both paths ---------------------------------------------


def deep(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(levels):
        value = {"n": value}
    return value


@pytest.mark.parametrize(
    "records",
    [
        [deep(MAX_DEPTH + 5)],
        [deep(MAX_DEPTH + 5), {"n": None}],
        [{"id": 1, "x": deep(5000)}, {"id": 2, "x": {"other": deep(5000)}}],
    ],
    ids=["one-shape", "rows-differ", "far-too-deep"],
)
def test_objects_nested_too_deeply_raise_a_response_format_error(records):
    with pytest.raises(ResponseFormatError, match=f"nests more than {MAX_DEPTH} levels deep") as caught:
        to_frame(records, Endpoint(module="crm", action="fetchContact"))
    assert caught.value.kind == "too_deep"
    assert caught.value.endpoint == "crm/fetchContact"


def test_nesting_up_to_the_limit_still_flattens():
    df = to_frame([deep(MAX_DEPTH - 1)])
    assert df.shape == (1, 1)
    assert df.columns[0].count(".") == MAX_DEPTH - 1


@pytest.mark.parametrize(
    ("records", "dtype"),
    [
        ([{"x": 1}, {"x": "1"}], "object"),
        ([{"x": 1}, {"x": 1.5}], "object"),
        ([{"x": True}, {"x": 0}], "object"),
        ([{"x": [1]}, {"x": "a"}, {"x": None}], "object"),
        ([{"x": float("nan")}, {"x": 3}], "Int64"),
        ([{"x": float("nan")}, {"x": "a"}], TEXT_DTYPE),
        ([{"x": np.int64(3)}, {"x": 4}], "int64"),
        ([{"x": decimal.Decimal("1.5")}, {"x": None}], "object"),
        ([{"x": OPAQUE}, {"x": None}], "object"),
    ],
    ids=["int-and-str", "int-and-float", "bool-and-int", "list-and-str", "nan-and-int", "nan-and-str",
         "numpy-and-int", "decimal", "opaque-object"],
)
def test_mixed_types_in_a_column_match_the_reference(records, dtype):
    df = check(records)
    assert str(df["x"].dtype) == dtype


def test_opaque_values_are_carried_untouched_never_turned_into_text():
    df = to_frame([{"key": OPAQUE, "n": 1}, {"key": OPAQUE, "n": 2}])
    assert df["key"].dtype == object
    assert df.loc[0, "key"] is OPAQUE


def test_non_string_keys_become_text_column_names_as_before():
    df = check({1: "a", None: "b", "x": {2: "c", "y": {None: True}}})
    assert list(df.columns) == ["1", "None", "x.2", "x.y.None"]


def test_a_dotted_key_and_a_nested_path_to_the_same_name_share_one_column_like_the_reference():
    df = check([{"a.b": 1, "a": {"b": 2}}, {"a": {"b": 3}, "a.b": 4}])
    assert df["a.b"].tolist() == [2, 4]


@pytest.mark.parametrize(
    ("records", "columns"),
    [
        ([{"pm": {}}, {"pm": None}, {"pm": {"x": 1}}], ["pm", "pm.x"]),
        ([{"pm": {}}, {}, {"pm": {"x": 1}}], ["pm.x"]),
        ([{"pm": {}}, {"pm": {}}], ["pm"]),
        ([{"a": {"b": {}}}, {"a": {"b": None}}, {"a": {"b": {"c": 1}}}], ["a.b", "a.b.c"]),
        ([{"a.b": None, "a": {"b": {}}}, {"a": {"b": {"c": 1}}}], ["a.b.c"]),
    ],
    ids=["null-keeps-the-column", "absent-does-not", "only-empty", "nested-null", "null-overwritten-by-empty"],
)
def test_a_key_that_held_an_empty_object_is_a_column_only_when_some_row_gave_it_a_value(records, columns):
    assert list(check(records).columns) == columns


@pytest.mark.parametrize(
    "inner",
    [
        lambda: __import__("collections").OrderedDict(x=1, y={"z": 2}),
        lambda: __import__("types").MappingProxyType({"x": 1}),
        lambda: __import__("collections").defaultdict(int, x=1),
    ],
    ids=["ordered-dict", "mapping-proxy", "defaultdict"],
)
def test_nested_mappings_that_are_not_plain_dicts_flatten_like_dicts(inner):
    df = check([{"id": 1, "m": inner()}, {"id": 2, "m": {"x": 5}}])
    assert "m.x" in df.columns
    assert "m" not in df.columns


# -- the same typed outcomes through a call ------------------------------------------------------


def test_a_call_whose_answer_nests_too_deeply_raises_the_too_deep_response_format_error(make_session):
    session, _ = make_session({"status": "success", "data": [deep(MAX_DEPTH + 5)]})
    with pytest.raises(ResponseFormatError) as caught:
        session.call("crm", "fetchContact", contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890")
    assert caught.value.kind == "too_deep"


def test_a_call_whose_answer_mixes_types_in_a_column_keeps_every_value_as_sent(make_session):
    rows = [{"id": "1", "n": 1, "v": 1}, {"id": 2, "n": None, "v": "x"}, {"id": None, "n": 2**64, "v": [1]}]
    session, _ = make_session({"status": "success", "data": rows})
    df = session.call("crm", "fetchContact", contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890")
    assert df["id"].tolist() == ["1", 2, None]
    assert df["n"].tolist() == [1, None, 2**64]
    assert df["v"].tolist() == [1, "x", [1]]
    assert_same_frame(df, reference_to_frame(rows, df_endpoint(session), df.attrs["zyntro"]))


def df_endpoint(session: Any) -> Endpoint:
    endpoint = session.catalog.get("crm", "fetchContact")
    assert endpoint is not None
    return endpoint
