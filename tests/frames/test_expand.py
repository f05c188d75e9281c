"""Nested lists of records: counted in tables, expanded to child tables keyed by the parent id."""

from __future__ import annotations

import pandas as pd
import pytest

import zyntro_nb as zn

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@pytest.fixture
def jane() -> pd.DataFrame:
    s = zn.connect(sandbox=True, current=False)
    return s.crm.fetchContact(contact_id=JANE, include_notes=1, include_profile=1)


def test_expand_gives_one_row_per_record_keyed_by_the_parent_id(jane: pd.DataFrame) -> None:
    notes = zn.expand(jane, "notes")
    assert list(notes.columns[:2]) == ["contact_id", "note_id"]
    assert set(notes["contact_id"]) == {JANE}
    assert len(notes) == len(jane.loc[0, "notes"])
    assert str(notes["note_created_at"].dtype) == "datetime64[ns]"
    assert repr(notes).splitlines()[0].startswith("crm/fetchContact → notes")


def test_expand_flattens_nested_objects_like_json_normalize() -> None:
    parent = pd.DataFrame({"id": [1, 2], "items": [[{"a": {"b": 1}}], [{"a": {"b": 2}}, {"a": {"b": 3}}]]})
    child = zn.expand(parent, "items")
    assert child.values.tolist() == [[1, 1], [2, 2], [2, 3]]
    assert list(child.columns) == ["id", "a.b"]


def test_call_expand_returns_the_child_table() -> None:
    s = zn.connect(sandbox=True, current=False)
    notes = s.crm.fetchContact(contact_id=JANE, include_notes=1, expand="notes")
    assert "note_content" in notes.columns and set(notes["contact_id"]) == {JANE}


@pytest.mark.parametrize(
    ("field", "message"),
    [("first_name", "holds str values, not lists of records"), ("nope", "has no column 'nope'")],
    ids=["not-records", "no-column"],
)
def test_expand_of_a_field_that_is_not_a_list_of_records_is_refused(
    jane: pd.DataFrame, field: str, message: str
) -> None:
    with pytest.raises(zn.ParameterError, match=message) as info:
        zn.expand(jane, field)
    assert info.value.param == "expand"
    assert "notes" in info.value.fix


def test_call_expand_of_a_wrong_field_is_a_parameter_error() -> None:
    s = zn.connect(sandbox=True, current=False)
    with pytest.raises(zn.ParameterError, match="expand"):
        s.account.fetchOrganization(expand="org_name")


@pytest.mark.parametrize(
    ("action", "params", "param", "message", "fix"),
    [
        ("fetchContact", {"contact_id": JANE, "include_notes": 1, "expand": "note"}, "expand",
         "answers no list of records named 'note'", "notes, profile"),
        ("fetchContact", {"contact_id": JANE, "expand": "notes"}, "include_notes",
         "only with include_notes=1", "add include_notes=1"),
        ("fetchContact", {"contact_id": JANE, "include_profile": 0, "expand": "profile"}, "include_profile",
         "only with include_profile=1", "add include_profile=1"),
    ],
    ids=["not-a-record-field", "notes-not-included", "profile-switched-off"],
)
def test_call_expand_the_catalog_rules_out_is_refused_before_sending(
    action: str, params: dict, param: str, message: str, fix: str
) -> None:
    s = zn.connect(sandbox=True, current=False)
    with pytest.raises(zn.ParameterError, match=message) as info:
        s.call("crm", action, **params)
    assert info.value.param == param and fix in info.value.fix
    assert len(s.history) == 0


def test_call_expand_of_a_field_the_catalog_does_not_document_is_refused_before_sending() -> None:
    s = zn.connect(sandbox=True, current=False)
    with pytest.raises(zn.ParameterError, match="answers no field named 'items'"):
        s.edge.getEnrollments(expand="items")
    assert len(s.history) == 0


# Enough parameters for the sandbox to answer each endpoint the catalog lists record fields for.
RECORD_CALLS = {
    "crm/fetchContact": {"contact_id": JANE, "include_notes": 1, "include_profile": 1},
    "crm/lookupContact": {"search_string": "Jane"},
    "legacy/fetchOrganization": {},
}


def test_every_record_field_the_catalog_names_expands_on_the_sandbox() -> None:
    from zyntro_nb._catalog.catalog import Catalog

    listed = {e.key: e.records for e in Catalog.builtin() if e.records}
    assert set(listed) == set(RECORD_CALLS)
    s = zn.connect(sandbox=True, current=False)
    for key, fields in listed.items():
        for field in fields:
            child = s.call(key, expand=field, **RECORD_CALLS[key])
            assert len(child) > 0, f"{key} → {field}"
