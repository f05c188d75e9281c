"""Honest pages: a paged endpoint's first page says it is one page of more."""

from __future__ import annotations

import warnings

import pytest

import zyntro_nb as zn
from zyntro_nb import _paging
from zyntro_nb._display import render_html


@pytest.fixture(autouse=True)
def forget_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_paging, "_warned_partial", set())


def test_first_page_caption_says_how_many_exist() -> None:
    with pytest.warns(zn.PartialPageWarning):
        df = zn.connect(sandbox=True, current=False).edge.getEnrollments()
    assert len(df) == 50
    assert df.attrs["zyntro"]["total"] == 133
    assert "50 of 133 rows — all_pages=True for all" in repr(df).splitlines()[0]
    assert "50 of 133 rows — all_pages=True for all" in render_html(df)


def test_partial_page_warns_once_per_endpoint_and_points_at_the_caller() -> None:
    s = zn.connect(sandbox=True, current=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s.edge.getEnrollments()
        s.edge.getEnrollments(status="active")
    partial = [w for w in caught if issubclass(w.category, zn.PartialPageWarning)]
    assert len(partial) == 1
    assert partial[0].filename == __file__
    assert "50 of 133" in str(partial[0].message) and "all_pages=True" in str(partial[0].message)


@pytest.mark.parametrize(
    ("params", "rows"),
    [({"all_pages": True}, 133), ({"offset": 100}, 33), ({"limit": 200}, 133)],
    ids=["all-pages", "last-page", "one-big-page"],
)
def test_complete_results_do_not_warn(params: dict, rows: int) -> None:
    s = zn.connect(sandbox=True, current=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", zn.PartialPageWarning)
        df = s.edge.getEnrollments(**params)
    assert len(df) == rows
    assert df.attrs["zyntro"]["total"] == 133
    assert "of 133" not in repr(df).splitlines()[0]


def test_endpoints_that_do_not_page_have_no_total() -> None:
    df = zn.connect(sandbox=True, current=False).edge.getItems()
    assert "total" not in df.attrs["zyntro"]
