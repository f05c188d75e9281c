"""``zn.expand`` given what it cannot read: typed errors naming the way to get a frame it can, no secret shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, counting_session
from tests.conftest import CANARY_KEY

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
NOTES = [{"note_id": "n1", "note": "hello"}, {"note_id": "n2", "note": "again"}]
PARENT = pd.DataFrame({"contact_id": [CONTACT], "notes": [NOTES], "email": ["a@example.com"]})

# id: (the expand call, culprit the message must name, words the fix must hold)
BAD_EXPAND: dict[str, tuple[Callable[[], Any], str, str]] = {
    "raw-envelope": (lambda: zn.expand({"status": "success", "data": {"notes": NOTES}}, "notes"), "raw envelope",
                     "raw=True"),
    "none": (lambda: zn.expand(None, "notes"), "None", "DataFrame a call returned"),
    "list-of-dicts": (lambda: zn.expand([{"contact_id": CONTACT, "notes": NOTES}], "notes"), "list of dicts",
                      "pd.DataFrame"),
    "one-dict": (lambda: zn.expand({"contact_id": CONTACT}, "notes"), "dict", "DataFrame"),
    "series": (lambda: zn.expand(PARENT["notes"], "notes"), "Series", "DataFrame"),
    "text": (lambda: zn.expand("notes", "notes"), "str", "DataFrame"),
    "numpy-array": (lambda: zn.expand(np.array([1]), "notes"), "ndarray", "DataFrame"),
    "empty-list": (lambda: zn.expand([], "notes"), "list", "DataFrame"),
    "field-none": (lambda: zn.expand(PARENT, None), "column name", "notes"),
    "field-empty": (lambda: zn.expand(PARENT, ""), "column name", "notes"),
    "field-list": (lambda: zn.expand(PARENT, ["notes"]), "column name", "notes"),
    "field-int": (lambda: zn.expand(PARENT, 1), "column name", "notes"),
    "field-missing": (lambda: zn.expand(PARENT, "phases"), "no column 'phases'", "notes"),
    "field-not-records": (lambda: zn.expand(PARENT, "email"), "not lists of records", "notes"),
    "key-list": (lambda: zn.expand(PARENT, "notes", key=["contact_id"]), "key=", "key='contact_id'"),
    "key-int": (lambda: zn.expand(PARENT, "notes", key=0), "key=", "key='contact_id'"),
    "key-missing-column": (lambda: zn.expand(PARENT, "notes", key="id"), "key='id'", "contact_id"),
    "parse-text": (lambda: zn.expand(PARENT, "notes", parse="no"), "parse", "parse=False"),
    "secret-column-name-text": (lambda: zn.expand(PARENT.assign(api_key=CANARY_KEY), "api_key"), "api_key",
                                "notes"),
}


@pytest.mark.parametrize("case", list(BAD_EXPAND), ids=list(BAD_EXPAND))
def test_expand_refuses_what_it_cannot_read_with_a_typed_error_and_the_way_out(case: str) -> None:
    call, culprit, fix_words = BAD_EXPAND[case]
    with pytest.raises(zn.ParameterError) as info:
        call()
    assert_clear(info.value, zn.ParameterError, culprit)
    assert fix_words in info.value.fix


@pytest.mark.parametrize("expand", [["notes"], 5, ""], ids=["list", "int", "empty"])
def test_a_call_expand_argument_that_is_not_a_field_name_sends_nothing(expand: Any) -> None:
    session, server = counting_session({"status": "success", "data": {"contact_id": CONTACT}})
    with pytest.raises(zn.ParameterError) as info:
        session.call("crm", "fetchContact", contact_id=CONTACT, include_notes=1, expand=expand)
    assert_clear(info.value, zn.ParameterError, "expand", sent=0, server=server)


def test_expand_of_a_good_frame_still_works() -> None:
    child = zn.expand(PARENT, "notes")
    assert list(child["note_id"]) == ["n1", "n2"] and list(child["contact_id"]) == [CONTACT, CONTACT]
