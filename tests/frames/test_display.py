"""Tests for zyntro_nb._frames.display: captions, tabulate text, HTML, and the ResultFrame subclass."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from zyntro_nb._defaults import DISPLAY_MAX_COLWIDTH
from zyntro_nb._frames.display import ResultFrame, caption, format_cell, render_html, render_text
from zyntro_nb._frames.frames import to_frame

META = {
    "module": "crm",
    "action": "fetchContact",
    "endpoint": "crm/fetchContact",
    "request_id": "req_1",
    "backend": "sandbox",
    "extra": {},
}


def _result(rows: list[dict], meta: dict | None = None) -> ResultFrame:
    return to_frame(rows, meta=META if meta is None else meta)


# -- caption -------------------------------------------------------------------------------------


def test_caption_names_endpoint_counts_and_backend():
    df = _result([{"a": 1, "b": 2}])
    assert caption(df) == "crm/fetchContact · 1 row · 2 columns · sandbox"


def test_caption_builds_the_endpoint_from_module_and_action():
    df = _result([{"a": 1}, {"a": 2}], {"module": "edge", "action": "fire"})
    assert caption(df) == "edge/fire · 2 rows · 1 column"


def test_caption_uses_a_given_title():
    df = _result([{"a": 1}])
    assert caption(df, title="My query").startswith("My query · 1 row")


@pytest.mark.parametrize(
    "backend",
    ["https://user:pw@api.example.com/base?api_key=zdk_secret#frag", "https://api.example.com/base"],
    ids=["with-credentials", "plain"],
)
def test_caption_shows_the_base_url_without_credentials_or_query(backend):
    df = _result([{"a": 1}], {"endpoint": "crm/x", "backend": backend})
    text = caption(df)
    assert text.endswith("https://api.example.com/base")
    assert "pw" not in text
    assert "zdk_" not in text


def test_caption_ignores_request_details_that_could_hold_secrets():
    meta = {**META, "params": {"api_key": "zdk_live_secret"}, "extra": {"token": "zdk_x"}}
    df = _result([{"a": 1}], meta)
    assert "zdk_" not in render_text(df)
    assert "zdk_" not in render_html(df)


def test_caption_of_a_plain_dataframe_has_only_counts():
    assert caption(pd.DataFrame({"a": [1, 2, 3]})) == "3 rows · 1 column"


# -- cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (math.nan, ""),
        (pd.NA, ""),
        (pd.NaT, ""),
        (["a", 1], '["a", 1]'),
        ({"k": "v"}, '{"k": "v"}'),
        ([], "[]"),
        ("00123", "00123"),
        (True, "True"),
        (2**63 + 5, str(2**63 + 5)),
        ("line\nbreak", "line break"),
    ],
    ids=["none", "nan", "na", "nat", "list", "dict", "empty-list", "numeric-string", "bool", "big-int",
         "newline"],
)
def test_format_cell(value, text):
    assert format_cell(value) == text


def test_format_cell_shortens_long_text_with_an_ellipsis():
    text = format_cell("x" * 100)
    assert len(text) == DISPLAY_MAX_COLWIDTH
    assert text.endswith("…")


# -- text ----------------------------------------------------------------------------------------


def test_repr_is_a_tabulate_table_under_the_caption():
    df = _result([{"id": "c_1", "name": "Ada"}, {"id": "c_2", "name": "Bob"}])
    lines = repr(df).splitlines()
    assert lines[0] == "crm/fetchContact · 2 rows · 2 columns · sandbox"
    assert lines[1].split() == ["id", "name"]
    assert set(lines[2].replace(" ", "")) == {"-"}  # tabulate "simple" rule under the headers
    assert lines[3].split() == ["0", "c_1", "Ada"]
    assert str(df) == repr(df)


def test_repr_follows_pandas_max_and_min_rows():
    df = _result([{"n": i} for i in range(70)])
    with pd.option_context("display.max_rows", 60, "display.min_rows", 10):
        lines = repr(df).splitlines()
    assert lines[-1] == "… 60 more rows"
    assert lines[-2].split() == ["9", "9"]
    with pd.option_context("display.max_rows", 500):
        lines = repr(df).splitlines()
    assert lines[-1].split() == ["69", "69"]


@pytest.mark.parametrize(("limit", "shown"), [(5, 5), (0, 70)], ids=["five", "zero-is-all"])
def test_displaylimit_setting_overrides_pandas(limit: int, shown: int):
    from zyntro_nb import _settings

    df = _result([{"n": i} for i in range(70)])
    _settings.update(displaylimit=limit)
    try:
        lines = repr(df).splitlines()
    finally:
        _settings.update(displaylimit=None)
    assert sum(1 for line in lines if line.split()[:1] and line.split()[0].isdigit()) == shown


def test_render_text_says_more_row_in_the_singular():
    text = render_text(pd.DataFrame({"n": [1, 2]}), max_rows=1)
    assert text.splitlines()[-1] == "… 1 more row"


def test_render_text_shortens_long_cells():
    df = _result([{"note": "word " * 40}])
    text = repr(df)
    assert "word " * 40 not in text
    assert ("word " * 8)[: DISPLAY_MAX_COLWIDTH - 1] + "…" in text


def test_render_text_shows_lists_and_dicts_compactly():
    df = _result([{"tags": ["vip", "new"], "pm": {"a": []}}])
    text = repr(df)
    assert '["vip", "new"]' in text


def test_render_text_shows_missing_values_as_empty_cells():
    df = _result([{"a": 1, "b": "x"}, {"a": None, "b": None}])
    last = repr(df).splitlines()[-1]
    assert last.split() == ["1"]
    assert "nan" not in repr(df).lower()
    assert "<NA>" not in repr(df)


def test_render_text_keeps_numeric_looking_strings_as_stored():
    df = _result([{"zip": "00123", "balance": "150.70"}])
    text = repr(df)
    assert "00123" in text
    assert "150.70" in text


def test_empty_frame_text_is_caption_and_no_rows():
    df = to_frame([], meta=META)
    assert repr(df) == "crm/fetchContact · 0 rows · 0 columns · sandbox\n(no rows)"


@pytest.mark.parametrize("width", [80, 120, 200], ids=["80", "120", "200"])
def test_wide_frame_fits_the_width_and_names_the_hidden_columns(width: int):
    row = {f"column_{i:02d}": f"value-{i:02d}-" + "x" * 10 for i in range(30)}
    text = render_text(_result([row, row]), width=width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    header = lines[next(i for i, line in enumerate(lines) if set(line) <= {"-", " "} and line) - 1]
    assert 0 < len(header.split()) < 30
    assert f"showing {len(header.split())} of 30 columns" in text
    footer = " ".join(lines[lines.index(next(x for x in lines if x.startswith("hidden"))):])
    assert f"hidden ({30 - len(header.split())}):" in footer
    cut = [word[:-1] for word in header.split() if word.endswith("…")]  # a shortened last column
    assert all(
        f"column_{i:02d}" in header.split() or f"column_{i:02d}" in footer
        or any(f"column_{i:02d}".startswith(c) for c in cut)
        for i in range(30)
    )


def test_max_columns_option_limits_the_columns():
    row = {f"c{i}": i for i in range(10)}
    with pd.option_context("display.max_columns", 3):
        text = render_text(_result([row, row]), width=200)
    assert "showing 3 of 10 columns" in text
    assert text.splitlines()[1].split() == ["c0", "c1", "c2"]


def test_max_colwidth_option_shortens_cells():
    df = _result([{"a": "y" * 30}, {"a": "z"}])
    with pd.option_context("display.max_colwidth", 10):
        text = render_text(df, width=80)
        html_text = render_html(df)
    assert "y" * 9 + "…" in text and "y" * 10 not in text
    assert "y" * 9 + "…" in html_text and "y" * 10 not in html_text


def test_identifying_columns_come_first_and_nested_parts_and_empty_columns_last():
    row = {"note": "n" * 30, "pm.brand": "visa" * 8, "blank": None, "contact_id": "c" * 30, "status": "active"}
    text = render_text(_result([row, row]), width=60)
    header = text.splitlines()[1].split()
    assert "contact_id" in header and "status" in header
    assert "pm.brand" not in header and "blank" not in header
    assert text.splitlines()[-1] == "hidden (2): pm.brand, blank"


def test_lists_of_records_show_as_counts():
    df = _result([{"id": 1, "notes": [{"n": 1}, {"n": 2}]}, {"id": 2, "notes": [{"n": 3}]}])
    text = render_text(df, width=80)
    assert "2 notes" in text and "1 note" in text
    assert "2 notes" in render_html(df)


def test_one_wide_record_is_listed_field_by_field_naming_empty_ones():
    long_name = "custom_fields." + "very_long_field_name_" * 3
    row = {f"c{i}": "v" * 20 for i in range(12)}
    row[long_name] = "x"
    row["blank"] = None
    row["also_blank"] = ""
    lines = render_text(_result([row]), width=80).splitlines()
    assert lines[1].split() == ["field", "value"]
    names = [line.split()[0] for line in lines[3:-1]]
    assert names[:12] == [f"c{i}" for i in range(12)]
    assert long_name in names  # never cut
    assert lines[-1] == "(2 empty fields not shown: blank, also_blank)"


def test_html_follows_pandas_max_rows():
    df = _result([{"n": i} for i in range(70)])
    with pd.option_context("display.max_rows", 500):
        assert render_html(df).count("<tr") == 71
    with pd.option_context("display.max_rows", 60, "display.min_rows", 10):
        html_text = render_html(df)
    assert html_text.count("<tr") == 11 and "60 more rows" in html_text


def test_render_text_works_on_plain_dataframes_with_titles_and_multiindex():
    df = pd.DataFrame({"k": ["a", "a", "b"], "v": [1, 2, 3]}).groupby("k").agg({"v": ["sum", "max"]})
    text = render_text(df, title="totals")
    assert text.splitlines()[0] == "totals · 2 rows · 2 columns"
    assert "v.sum" in text


# -- HTML ----------------------------------------------------------------------------------------


def test_html_has_the_caption_and_a_table():
    df = _result([{"id": "c_1"}])
    html = df._repr_html_()
    assert "<table" in html
    assert "crm/fetchContact · 1 row · 1 column" in html
    assert html.index("zyntro-caption") < html.index("<table")


def test_html_marks_the_sandbox_visibly():
    html = _result([{"id": 1}])._repr_html_()
    assert ">SANDBOX</span>" in html


def test_html_does_not_mark_a_real_backend_as_sandbox():
    html = _result([{"id": 1}], {"endpoint": "crm/x", "backend": "https://app.zyntrohq.com"})._repr_html_()
    assert "SANDBOX" not in html
    assert "https://app.zyntrohq.com" in html


@pytest.mark.parametrize(
    "value",
    ["<script>alert(1)</script>", '<img src=x onerror="x">'],
    ids=["script", "img"],
)
def test_html_escapes_values(value):
    html = _result([{"name": value}])._repr_html_()
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;" in html


def test_html_escapes_the_title():
    html = render_html(pd.DataFrame({"a": [1]}), title="<b>x</b>")
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_html_limits_rows():
    df = _result([{"n": f"row{i}"} for i in range(100)])
    html = render_html(df, max_rows=10)
    assert "row0<" in html
    assert "row50<" not in html
    assert "100 rows" in html


def test_html_for_an_empty_frame_says_no_rows():
    html = to_frame(None, meta=META)._repr_html_()
    assert "(no rows)" in html


# -- subclass behaviour --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "derive",
    [
        lambda df: df.head(1),
        lambda df: df[["k", "v"]],
        lambda df: df[df["v"] > 1],
        lambda df: df.groupby("k").sum(),
        lambda df: df.merge(df, on="k"),
        lambda df: df.copy(),
        lambda df: df.assign(w=1),
        lambda df: df.sort_values("v"),
        lambda df: df.iloc[:1],
        lambda df: df.T,
    ],
    ids=["head", "columns", "filter", "groupby", "merge", "copy", "assign", "sort", "iloc", "transpose"],
)
def test_derived_frames_are_plain_dataframes(derive):
    df = _result([{"k": "a", "v": 1}, {"k": "b", "v": 2}])
    derived = derive(df)
    assert type(derived) is pd.DataFrame
    assert "crm/fetchContact" not in repr(derived)  # pandas' own rendering, no caption


def test_a_column_of_a_result_frame_is_a_plain_series():
    df = _result([{"v": 1}])
    assert type(df["v"]) is pd.Series


def test_attrs_travel_to_derived_frames():
    df = _result([{"k": "a", "v": 1}])
    assert df.head().attrs["zyntro"]["endpoint"] == "crm/fetchContact"


def test_result_frame_is_still_a_dataframe_for_computation():
    df = _result([{"v": 1}, {"v": 2}])
    assert isinstance(df, pd.DataFrame)
    assert df["v"].sum() == 3
    assert np.array_equal(df.to_numpy().ravel(), [1, 2])


def test_secret_columns_are_redacted_in_text_and_html_but_kept_in_the_frame() -> None:
    from zyntro_nb._frames.frames import to_frame

    df = to_frame({"api_key": "SECRETKEY-123456", "wh_secret": "whsec_abcdef123", "org_id": "o1"})
    for text in (render_text(df), render_html(df), repr(df)):
        assert "SECRETKEY-123456" not in text and "whsec_abcdef123" not in text
        assert "SECR…(redacted)" in text
    assert df.loc[0, "api_key"] == "SECRETKEY-123456"
