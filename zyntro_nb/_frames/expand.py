"""Nested lists of records (a contact's ``notes``, a pipeline's ``phases``) as their own table.

In a result table such a field shows as a count (``2 notes``); :func:`expand` turns
it into a child table with one row per record, keyed by the parent's id — like
``pandas.json_normalize(record_path=…)`` with the parent id as ``meta``. Nested
objects inside the records flatten to dotted columns; time fields are parsed as in
any result.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True, current=False)
    >>> jane = s.crm.fetchContact(contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890", include_notes=1)
    >>> notes = zn.expand(jane, "notes")
    >>> list(notes.columns[:2]), len(notes)
    (['contact_id', 'note_id'], 2)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

    from .._catalog.catalog import Endpoint

_KEY = re.compile(r"(^|_)id$")


def _is_records(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(item, Mapping) for item in value)


def _missing(value: Any) -> bool:
    from .display import is_missing

    return is_missing(value)


def record_fields(df: pd.DataFrame) -> list[str]:
    """The columns of ``df`` holding lists of records (what :func:`expand` accepts)."""
    found = []
    for name in df.columns:
        values = [v for v in df[name].tolist() if not _missing(v)]
        if values and all(_is_records(v) for v in values) and any(v for v in values):
            found.append(str(name))
    return found


def parent_key(df: pd.DataFrame) -> str | None:
    """The parent frame's id column: the first column named ``id`` or ``…_id`` whose values are all present."""
    for name in df.columns:
        if isinstance(name, str) and "." not in name and _KEY.search(name):
            if not any(_missing(v) for v in df[name].tolist()):
                return name
    return None


def check_field(endpoint: Endpoint, field: str, body: Mapping[str, Any]) -> None:
    """Refuse, before sending, an ``expand=`` field the catalog says this call's answer will not hold.

    Where the catalog lists the endpoint's list-of-records fields (``Endpoint.records``), ``field``
    must be one of them, and an ``include_<field>`` switch the endpoint has must be on; where it
    lists none but documents the answer's fields, ``field`` must be one of those. Otherwise the
    answer decides (:func:`expand` names the fields that hold records).

    Example::

        >>> from zyntro_nb._catalog.catalog import Catalog
        >>> try:
        ...     check_field(Catalog.builtin().get("crm", "fetchContact"), "notes", {"include_notes": 0})
        ... except ParameterError as error:
        ...     print(error.message, "|", error.fix)
        notes are in crm/fetchContact's answer only with include_notes=1 | add include_notes=1
    """
    key = endpoint.key
    if endpoint.records:
        if field not in endpoint.records:
            raise ParameterError(f"{key} answers no list of records named {field!r}", param="expand",
                                 endpoint=key, fix=f"expand one of: {', '.join(endpoint.records)}")
        switch = endpoint.param(f"include_{field}")
        if switch is not None and body.get(switch.name) in (None, 0, False, "0"):
            raise ParameterError(f"{field} are in {key}'s answer only with {switch.name}=1", param=switch.name,
                                 endpoint=key, fix=f"add {switch.name}=1")
    elif endpoint.fields and field not in endpoint.fields:
        raise ParameterError(f"{key} answers no field named {field!r}, and the catalog knows no list of "
                             "records in its answer", param="expand", endpoint=key,
                             fix="leave out the expansion, or check the field's name in the full result")


def _check_arguments(df: Any, field: Any, key: Any, parse: Any) -> None:
    """Refuse what ``expand`` cannot read (an envelope, None, a list, a non-text field or key) with the way
    to get what it can."""
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        if isinstance(df, Mapping) and "data" in df:
            what, fix = "the raw envelope of a call (a dict with 'data')", (
                "call without raw=True to get the DataFrame, then expand it; or use "
                f"s.call(..., expand={field!r}) directly")
        elif isinstance(df, (list, tuple)) and df and all(isinstance(item, Mapping) for item in df):
            what, fix = "a list of dicts", "make it a frame first: zn.expand(pd.DataFrame(records), …)"
        else:
            what = "None" if df is None else f"a {type(df).__name__}"
            fix = "pass the DataFrame a call returned, e.g. zn.expand(s.crm.fetchContact(…, include_notes=1), 'notes')"
        raise ParameterError(f"expand takes a DataFrame, not {what}", param="df", fix=fix)
    if not isinstance(field, str) or not field:
        raise ParameterError(f"expand's field must be a column name (text), not {type(field).__name__} "
                             f"({field!r:.40})", param="expand",
                             fix="name one column holding lists of records, e.g. zn.expand(df, 'notes')")
    if key is not None and not isinstance(key, str):
        raise ParameterError(f"key= names one parent column (text), not {type(key).__name__} ({key!r:.40})",
                             param="key", fix="pass key='contact_id' (one column), or leave it out to use the id")
    if not isinstance(parse, bool):
        raise ParameterError(f"parse must be True or False, not {type(parse).__name__} ({parse!r:.40})",
                             param="parse", fix="pass parse=False to keep the answer's text, or leave it out")


def expand(df: pd.DataFrame, field: str, key: str | None = None, parse: bool = True) -> pd.DataFrame:
    """The records in ``df[field]`` as one table, each row keyed by its parent's ``key`` (default: its id).

    ``key`` names the parent column to carry (default: the first ``id``/``…_id`` column,
    else the parent's row number as ``parent_row``). A field that does not hold lists of
    records is a :class:`~zyntro_nb.ParameterError` naming the fields that do.

    Example::

        >>> import pandas as pd
        >>> parent = pd.DataFrame({"board_id": ["b1"], "phases": [[{"phase": "New"}, {"phase": "Won"}]]})
        >>> expand(parent, "phases").values.tolist()
        [['b1', 'New'], ['b1', 'Won']]
    """
    import pandas as pd

    from .display import ResultFrame

    _check_arguments(df, field, key, parse)
    candidates = record_fields(df)
    hint = f"fields holding lists of records here: {', '.join(candidates)}" if candidates else (
        "this frame has no field holding lists of records (fetch them first, e.g. include_notes=1)")
    if field not in df.columns:
        raise ParameterError(f"expand={field!r}: the frame has no column {field!r}", param="expand", fix=hint)
    values = df[field].tolist()
    if not all(_missing(v) or _is_records(v) for v in values):
        sample = next(v for v in values if not (_missing(v) or _is_records(v)))
        raise ParameterError(
            f"expand={field!r}: {field} holds {type(sample).__name__} values, not lists of records",
            param="expand",
            fix=hint,
        )
    if key is not None and key not in df.columns:
        raise ParameterError(f"key={key!r} is not a column of the parent frame", param="key",
                             fix=f"use one of: {', '.join(map(str, df.columns))}")
    key = key or parent_key(df)
    parents = df[key].tolist() if key else list(range(len(df)))
    name = key or "parent_row"
    records: list[dict[str, Any]] = []
    for parent, items in zip(parents, values, strict=True):
        for item in items if not _missing(items) else ():
            records.append(dict(item))
            records[-1]["\x00parent"] = parent
    child = pd.json_normalize(records, sep=".") if records else pd.DataFrame()
    out_name = name if name not in child.columns else f"parent_{name}"
    parent_values = child.pop("\x00parent") if "\x00parent" in child.columns else pd.Series([], dtype=object)
    child.insert(0, out_name, parent_values.tolist())
    result = ResultFrame(child)
    meta = df.attrs.get("zyntro") if isinstance(df.attrs.get("zyntro"), Mapping) else {}
    result.attrs["zyntro"] = {**{k: v for k, v in meta.items() if k in ("backend", "module", "action")},
                              "endpoint": f"{meta.get('endpoint') or 'frame'} → {field}", "expanded": field}
    if parse:
        from .types import parse_frame, uniform_missing

        uniform_missing(parse_frame(result))
    return result


__all__ = ["check_field", "expand", "parent_key", "record_fields"]
