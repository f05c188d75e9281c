"""Honest pages: a paged endpoint's first page says it is one page of more."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

import zyntro_nb as zn
from zyntro_nb._connect.current import current_session, set_current
from zyntro_nb._frames.display import render_html
from zyntro_nb._session import paging as _paging
from zyntro_nb._session.partial_pages import partial_page_line, partial_pages_shown


@pytest.fixture(autouse=True)
def forget_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_paging, "_warned_partial", set())


def test_first_page_caption_says_how_many_exist() -> None:
    with pytest.warns(zn.PartialPageWarning):
        df = zn.connect(sandbox=True, current=False).edge.getEnrollments()
    assert len(df) == 50
    assert df.attrs["zyntro"]["total"] == 149
    assert "50 of 149 rows — all_pages=True for all" in repr(df).splitlines()[0]
    assert "50 of 149 rows — all_pages=True for all" in render_html(df)


def test_partial_page_warns_once_per_endpoint_and_points_at_the_caller() -> None:
    s = zn.connect(sandbox=True, current=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s.edge.getEnrollments()
        s.edge.getEnrollments(status="active")
    partial = [w for w in caught if issubclass(w.category, zn.PartialPageWarning)]
    assert len(partial) == 1
    assert partial[0].filename == __file__
    assert "50 of 149" in str(partial[0].message) and "all_pages=True" in str(partial[0].message)


@pytest.mark.parametrize(
    ("params", "rows"),
    [({"all_pages": True}, 149), ({"offset": 100}, 49), ({"limit": 200}, 149)],
    ids=["all-pages", "last-page", "one-big-page"],
)
def test_complete_results_do_not_warn(params: dict, rows: int) -> None:
    s = zn.connect(sandbox=True, current=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", zn.PartialPageWarning)
        df = s.edge.getEnrollments(**params)
    assert len(df) == rows
    assert df.attrs["zyntro"]["total"] == 149
    assert "of 149" not in repr(df).splitlines()[0]


def test_endpoints_that_do_not_page_have_no_total() -> None:
    df = zn.connect(sandbox=True, current=False).edge.getItems()
    assert "total" not in df.attrs["zyntro"]


# -- front-ends: the magic and forms show the warning in their own words ----------------------------


def partial(rows: int = 50, total: int = 149) -> zn.PartialPageWarning:
    warning = zn.PartialPageWarning("edge/getEnrollments answered part")
    warning.endpoint, warning.rows, warning.total = "edge/getEnrollments", rows, total
    return warning


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (250, "edge/getEnrollments: 50 of 149 rows (one page) — add --all-pages for all"),
        (60, "50 of 149 rows (one page) — add --all-pages for all"),
        (45, "50 of 149 rows — add --all-pages for all"),
        (30, "50 of 149 rows — add --all-pa…"),
    ],
    ids=["wide", "narrow", "narrower", "cut"],
)
def test_partial_page_line_is_the_longest_form_that_fits(width: int, expected: str) -> None:
    line = partial_page_line(partial(), "add --all-pages for all", width=width)
    assert line == expected and len(line) <= width


def test_partial_page_line_follows_the_width_tables_use() -> None:
    import pandas as pd

    with pd.option_context("display.width", 50):  # no terminal here: the width pandas renders to
        assert partial_page_line(partial(), "add --all-pages for all") == "50 of 149 rows — add --all-pages for all"


def test_partial_page_line_of_a_warning_without_counts_is_its_first_line() -> None:
    warning = zn.PartialPageWarning("some page was partial\nmore detail")
    assert partial_page_line(warning, "x", width=80) == "some page was partial"


def test_other_warnings_pass_through_while_partial_pages_are_shown_differently() -> None:
    shown: list[zn.PartialPageWarning] = []
    with pytest.warns(UserWarning, match="unrelated") as caught:
        with partial_pages_shown(shown.append):
            warnings.warn(partial(), stacklevel=1)
            warnings.warn("unrelated", UserWarning, stacklevel=1)
    assert [w.category for w in caught] == [UserWarning]
    assert [(w.rows, w.total) for w in shown] == [(50, 149)]


def test_ignored_partial_page_warnings_are_not_shown_by_front_ends() -> None:
    shown: list[zn.PartialPageWarning] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zn.PartialPageWarning)
        with partial_pages_shown(shown.append):
            warnings.warn(partial(), stacklevel=1)
    assert shown == []


@pytest.fixture
def sandbox_magics(ip: Any) -> Iterator[Any]:
    set_current(None)
    ip.run_line_magic("zyntro", "connect --sandbox")
    yield ip
    set_current(None)


def test_magic_shows_one_short_line_naming_its_flag_instead_of_the_warning(
    sandbox_magics: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught, pd.option_context("display.width", 100):
        warnings.simplefilter("always")
        df = sandbox_magics.run_line_magic("zyntro", "edge getEnrollments")
    err = capsys.readouterr().err
    assert len(df) == 50
    assert "50 of 149 rows — --all-pages for all" in repr(df).splitlines()[0]
    assert err == "edge/getEnrollments: 50 of 149 rows (one page) — add --all-pages for all\n"
    assert not [w for w in caught if issubclass(w.category, zn.PartialPageWarning)]


def test_magic_line_fits_a_narrow_terminal(sandbox_magics: Any, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    with pd.option_context("display.width", 40):
        sandbox_magics.run_cell_magic("zyntro", "edge getEnrollments", "status: active\n")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 39 and lines[0].startswith("50 of ")


def test_magic_with_all_pages_says_nothing(sandbox_magics: Any, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    df = sandbox_magics.run_line_magic("zyntro", "edge getEnrollments --all-pages")
    assert len(df) == 149 and capsys.readouterr().err == ""


def test_magic_respects_a_filter_that_ignores_partial_pages(sandbox_magics: Any,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zn.PartialPageWarning)
        sandbox_magics.run_line_magic("zyntro", "edge getEnrollments")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("offset", "status"),
    [(None, "✓ 50 of 149 rows (one page) — set offset to 50 for the next"),
     ("50", "✓ 50 of 149 rows (one page) — set offset to 100 for the next"),
     ("100", "✓ 49 rows")],
    ids=["first-page", "middle-page", "last-page"],
)
def test_form_status_line_says_how_many_rows_exist(offset: str | None, status: str) -> None:
    from zyntro_nb._widgets.form import EndpointForm

    form = EndpointForm(zn.connect(sandbox=True, current=False), "edge", "getEnrollments")
    if offset is not None:
        form.fields["offset"].value = offset
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        form.run()
    assert re.sub("<[^>]+>", "", form.status.value) == status
    assert not [w for w in caught if issubclass(w.category, zn.PartialPageWarning)]
    assert "PartialPageWarning" not in str(form.output.outputs)


def test_python_callers_still_get_the_warning_once_after_front_ends_showed_pages(sandbox_magics: Any) -> None:
    from zyntro_nb._widgets.form import EndpointForm

    s = current_session()
    EndpointForm(s, "edge", "getEnrollments").run()
    sandbox_magics.run_line_magic("zyntro", "edge getEnrollments")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s.edge.getEnrollments()
        s.edge.getEnrollments()
    assert [w.category for w in caught] == [zn.PartialPageWarning]


def test_magic_shows_every_partial_page_even_after_python_was_warned(
    sandbox_magics: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.warns(zn.PartialPageWarning):
        current_session().edge.getEnrollments()
    capsys.readouterr()
    for _ in range(2):
        sandbox_magics.run_line_magic("zyntro", "edge getEnrollments")
    assert capsys.readouterr().err.count("50 of 149 rows") == 2
