"""Tests for zyntro_nb._frames.frames: envelope data to exact DataFrames."""

from __future__ import annotations

import pandas as pd
import pytest

from zyntro_nb._catalog.catalog import Catalog, Endpoint, RowRule
from zyntro_nb._frames.display import ResultFrame
from zyntro_nb._frames.frames import to_frame

CUSTOMER = Endpoint(
    module="edge",
    action="getCustomer",
    fields=("bc_id", "bc_status", "bc_payment_data", "bc_allow_trigger"),
)
FORM_FIELDS = Endpoint(
    module="forms",
    action="getFormFields",
    rows=RowRule("fields"),
    fields=("answer_key", "label", "type", "required", "options"),
)
HEADERS = Endpoint(
    module="legacy",
    action="fetchCRMFieldHeaders",
    rows=RowRule("headers", ("column", "description")),
    fields=("column", "description"),
)
META = {
    "module": "edge",
    "action": "getCustomer",
    "endpoint": "edge/getCustomer",
    "request_id": "req_123",
    "elapsed": 0.012,
    "backend": "sandbox",
    "extra": {"count": 3},
    "status_code": 200,
}


# -- shapes --------------------------------------------------------------------------------------


def test_an_object_becomes_one_row():
    df = to_frame({"bc_id": "bc_1", "bc_status": "active"})
    assert len(df) == 1
    assert df.loc[0, "bc_id"] == "bc_1"


def test_a_list_of_objects_becomes_one_row_each():
    df = to_frame([{"id": "a"}, {"id": "b"}, {"id": "c"}])
    assert df["id"].tolist() == ["a", "b", "c"]


def test_a_list_of_scalars_becomes_a_value_column():
    df = to_frame(["x", "y"])
    assert list(df.columns) == ["value"]
    assert df["value"].tolist() == ["x", "y"]


def test_a_bare_scalar_becomes_a_one_cell_frame():
    df = to_frame(42)
    assert df["value"].tolist() == [42]


def test_null_items_in_a_list_of_objects_keep_their_rows():
    df = to_frame([{"id": 1}, None, {"id": 3}])
    assert len(df) == 3
    assert pd.isna(df.loc[1, "id"])


@pytest.mark.parametrize("data", [None, [], {}], ids=["none", "empty-list", "empty-object"])
def test_empty_data_gives_an_empty_frame_with_documented_columns(data):
    df = to_frame(data, CUSTOMER)
    assert isinstance(df, ResultFrame)
    assert len(df) == 0
    assert list(df.columns) == list(CUSTOMER.fields)


@pytest.mark.parametrize("data", [None, [], {}], ids=["none", "empty-list", "empty-object"])
def test_empty_data_without_an_endpoint_gives_a_frame_with_no_columns(data):
    df = to_frame(data)
    assert df.shape == (0, 0)


def test_empty_data_from_an_uncatalogued_endpoint_has_no_columns():
    df = to_frame([], Endpoint.uncatalogued("x", "y"))
    assert df.shape == (0, 0)


# -- nesting -------------------------------------------------------------------------------------


def test_nested_objects_flatten_to_dotted_columns_recursively():
    df = to_frame({"a": 1, "b": {"c": "x", "d": {"e": True}}})
    assert list(df.columns) == ["a", "b.c", "b.d.e"]
    assert df["b.d.e"].dtype == bool
    assert df["b.d.e"].tolist() == [True]


def test_empty_nested_object_does_not_drop_the_row():
    df = to_frame([{"id": 1, "pm": {}}, {"id": 2, "pm": {"pm_id": "pm_2"}}])
    assert df["id"].tolist() == [1, 2]
    assert list(df.columns) == ["id", "pm.pm_id"]
    assert pd.isna(df.loc[0, "pm.pm_id"])


def test_empty_nested_object_alone_still_gives_a_column():
    df = to_frame([{"id": 1, "pm": {}}])
    assert list(df.columns) == ["id", "pm"]
    assert df.loc[0, "pm"] is None


@pytest.mark.parametrize(
    "value",
    [["a", "b"], [{"x": 1}, {"x": 2}], []],
    ids=["scalars", "objects", "empty"],
)
def test_lists_stay_python_lists_in_one_cell(value):
    df = to_frame([{"id": 1, "tags": value}, {"id": 2, "tags": ["z"]}])
    assert len(df) == 2
    assert df.loc[0, "tags"] == value
    assert isinstance(df.loc[0, "tags"], list)
    assert df["tags"].dtype == object


def test_list_of_equal_length_lists_is_not_spread_into_a_2d_array():
    df = to_frame([{"pair": [1, 2]}, {"pair": [3, 4]}])
    assert df["pair"].tolist() == [[1, 2], [3, 4]]


# -- exact values and dtypes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "big",
    [2**63 + 5, -(2**63) - 1, 2**64],
    ids=["above-int64", "below-int64", "two-to-64"],
)
def test_ints_outside_int64_stay_exact_python_ints(big):
    df = to_frame([{"id": big}, {"id": 7}])
    assert df["id"].dtype == object
    assert df.loc[0, "id"] == big
    assert type(df.loc[0, "id"]) is int


def test_ints_beyond_float_precision_stay_exact():
    df = to_frame([{"id": 9007199254740993}, {"id": None}])
    assert df.loc[0, "id"] == 9007199254740993
    assert str(df["id"].dtype) == "Int64"


def test_int_column_without_missing_values_is_int64():
    df = to_frame([{"n": 1}, {"n": 2}])
    assert df["n"].dtype == "int64"


@pytest.mark.parametrize(
    "rows",
    [
        [{"n": 1}, {"n": None}],
        [{"n": 1}, {}],
        [{}, {"n": 5}],
    ],
    ids=["explicit-null", "absent-key", "absent-first"],
)
def test_int_column_with_missing_values_is_nullable_int64_not_float(rows):
    df = to_frame(rows)
    assert str(df["n"].dtype) == "Int64"
    assert df["n"].isna().sum() == 1


@pytest.mark.parametrize(
    "text",
    ["00123", "150.75", "1e5", "9223372036854775808123", "0x1F", "2026-03-30"],
    ids=["leading-zeros", "decimal", "exponent", "huge", "hex", "date"],
)
def test_numeric_looking_strings_stay_unchanged_strings(text):
    df = to_frame([{"v": text}, {"v": None}])
    assert df.loc[0, "v"] == text
    assert isinstance(df.loc[0, "v"], str)
    assert not pd.api.types.is_numeric_dtype(df["v"])


def test_booleans_stay_bool():
    df = to_frame([{"ok": True}, {"ok": False}])
    assert df["ok"].dtype == bool


def test_booleans_with_missing_values_are_nullable_boolean():
    df = to_frame([{"ok": True}, {"ok": None}])
    assert str(df["ok"].dtype) == "boolean"
    assert df["ok"].tolist()[0] is True


def test_ints_mixed_with_floats_are_not_coerced_to_float():
    df = to_frame([{"x": 200}, {"x": 200.5}])
    assert type(df.loc[0, "x"]) is int
    assert df.loc[1, "x"] == 200.5


def test_floats_stay_floats():
    df = to_frame([{"x": 1.5}, {"x": None}])
    assert df["x"].dtype == "float64"
    assert df.loc[0, "x"] == 1.5


def test_bools_and_ints_are_not_merged_into_one_numeric_type():
    df = to_frame([{"x": True}, {"x": 1}])
    assert df["x"].tolist() == [True, 1]
    assert type(df.loc[0, "x"]) is bool


def test_all_missing_column_is_object_of_none():
    df = to_frame([{"x": None}, {"x": None}])
    assert df["x"].dtype == object
    assert df["x"].tolist() == [None, None]


# -- rows rule -----------------------------------------------------------------------------------


def test_rows_path_takes_rows_from_the_list_and_other_keys_go_to_extra():
    data = {
        "form_id": 12,
        "title": "Signup",
        "fields": [
            {"answer_key": "email", "label": "Email", "type": "emailField", "required": True},
            {"answer_key": "plan", "type": "dropdownField", "options": ["a", "b"]},
        ],
    }
    df = to_frame(data, FORM_FIELDS, {"endpoint": "forms/getFormFields", "extra": {"count": 2}})
    assert df["answer_key"].tolist() == ["email", "plan"]
    assert df.loc[1, "options"] == ["a", "b"]
    assert df.attrs["zyntro"]["extra"] == {"count": 2, "form_id": 12, "title": "Signup"}


def test_rows_path_with_an_empty_list_keeps_documented_columns_and_extra():
    df = to_frame({"fields": [], "form_id": 3}, FORM_FIELDS)
    assert len(df) == 0
    assert list(df.columns) == list(FORM_FIELDS.fields)
    assert df.attrs["zyntro"]["extra"] == {"form_id": 3}


def test_rows_path_list_of_lists_becomes_the_named_columns():
    data = {"headers": [["cont_fname", "First name"], ["cont_email", "Email"]], "total": 2}
    df = to_frame(data, HEADERS)
    assert list(df.columns) == ["column", "description"]
    assert df["column"].tolist() == ["cont_fname", "cont_email"]
    assert df.loc[1, "description"] == "Email"
    assert df.attrs["zyntro"]["extra"] == {"total": 2}


def test_rows_columns_apply_to_a_bare_list_of_lists_too():
    df = to_frame([["cont_fname", "First name"]], HEADERS)
    assert df.loc[0, "column"] == "cont_fname"


def test_rows_rule_items_longer_than_columns_keep_every_value():
    df = to_frame({"headers": [["a", "b", "c"]]}, HEADERS)
    assert df.iloc[0].tolist() == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("data", "rows"),
    [
        ({"answer_key": "email"}, 1),
        ([{"answer_key": "email"}, {"answer_key": "name"}], 2),
        ({"fields": "not a list"}, 1),
        ("text", 1),
    ],
    ids=["object-without-path", "plain-list", "path-not-a-list", "scalar"],
)
def test_rows_rule_falls_back_to_the_general_rule_when_shape_differs(data, rows):
    df = to_frame(data, FORM_FIELDS)
    assert len(df) == rows


def test_builtin_catalog_example_for_get_form_fields_turns_into_rows():
    endpoint = Catalog.builtin().get("forms", "getFormFields")
    assert endpoint is not None
    df = to_frame(endpoint.example["data"], endpoint)
    assert len(df) == len(endpoint.example["data"]["fields"])
    assert list(df.columns[: len(endpoint.fields)]) == list(endpoint.fields)


# -- column order --------------------------------------------------------------------------------


def test_documented_fields_come_first_with_their_flattened_children_in_place():
    data = {
        "zz_extra": 1,
        "bc_payment_data": {"pm_id": "pm_1", "pm_label": "Visa"},
        "bc_allow_trigger": 1,
        "bc_id": "bc_1",
        "aa_extra": 2,
    }
    df = to_frame(data, CUSTOMER)
    assert list(df.columns) == [
        "bc_id",
        "bc_status",  # documented but absent: present as an empty column
        "bc_payment_data.pm_id",
        "bc_payment_data.pm_label",
        "bc_allow_trigger",
        "zz_extra",
        "aa_extra",
    ]


def test_undocumented_columns_follow_first_seen_order_across_rows():
    df = to_frame([{"b": 1, "a": 2}, {"c": 3, "a": 4}, {"d": 5}])
    assert list(df.columns) == ["b", "a", "c", "d"]


def test_column_order_is_stable_across_calls_with_differently_ordered_keys():
    one = to_frame({"bc_allow_trigger": 1, "bc_id": "x", "bc_status": "a"}, CUSTOMER)
    two = to_frame({"bc_status": "b", "bc_id": "y", "bc_allow_trigger": 0}, CUSTOMER)
    assert list(one.columns) == list(two.columns)


def test_documented_absent_column_is_all_missing():
    df = to_frame({"bc_id": "bc_1"}, CUSTOMER)
    assert df["bc_status"].isna().all()


# -- metadata ------------------------------------------------------------------------------------


def test_meta_goes_to_attrs_zyntro():
    df = to_frame({"bc_id": "bc_1"}, CUSTOMER, META)
    assert df.attrs["zyntro"] == META


def test_attrs_are_a_copy_not_the_callers_dict():
    meta = {"endpoint": "edge/getCustomer", "extra": {"count": 1}}
    df = to_frame({"a": 1}, meta=meta)
    df.attrs["zyntro"]["extra"]["count"] = 99
    assert meta["extra"]["count"] == 1


def test_attrs_survive_derived_frames():
    df = to_frame([{"a": 1}, {"a": 2}], meta=META)
    assert df.head(1).attrs["zyntro"]["request_id"] == "req_123"
    assert df[["a"]].attrs["zyntro"]["backend"] == "sandbox"


def test_to_frame_returns_a_result_frame_with_a_range_index():
    df = to_frame([{"a": 1}, {"a": 2}])
    assert type(df) is ResultFrame
    assert df.index.tolist() == [0, 1]
