"""The frame builder as it was before the columnar rewrite: slow, simple, the reference for property tests.

Kept verbatim (only imports adjusted) so that ``tests/test_frames_properties.py`` can check
that :func:`zyntro_nb._frames.frames.to_frame` builds exactly the same frames.

Example::

    >>> reference_to_frame([{"id": 1}, {"id": None}])["id"].dtype
    Int64Dtype()
"""


from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from zyntro_nb._frames.display import ResultFrame, is_missing

if TYPE_CHECKING:
    from zyntro_nb._catalog.catalog import Endpoint, RowRule

VALUE_COLUMN = "value"

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class _Empty:
    """Marks an empty nested object, so its key can become a column if nothing else does."""

    def __repr__(self) -> str:
        return "<empty object>"


_EMPTY = _Empty()


def reference_to_frame(
    data: Any,
    endpoint: Endpoint | None = None,
    meta: Mapping[str, Any] | None = None,
) -> ResultFrame:
    """Turn the ``data`` of a success envelope into a DataFrame; ``meta`` goes to ``df.attrs["zyntro"]``.

    ``endpoint`` supplies the documented ``fields`` (column order, and the columns
    of an empty result) and the ``rows`` rule. No row is ever dropped.

    """
    fields = tuple(endpoint.fields) if endpoint is not None else ()
    rule = endpoint.rows if endpoint is not None else None
    extra: dict[str, Any] = {}
    records: list[Mapping[str, Any]] | None = None
    if rule is not None:
        found = _rows_from_rule(data, rule)
        if found is not None:
            records, extra = found
    if records is None:
        records = _records(data)

    flat = [_flatten(record) for record in records]
    columns = _order_columns(fields, flat)
    frame = ResultFrame(
        {name: _column([row.get(name) for row in flat]) for name in columns},
        columns=columns,
        index=pd.RangeIndex(len(flat)),
    )
    frame.attrs["zyntro"] = _attrs(meta, extra)
    return frame


# -- shapes --------------------------------------------------------------------------------------


def _records(data: Any) -> list[Mapping[str, Any]]:
    """The general rule: object -> one row, list -> a row per item, scalar -> ``value``."""
    if data is None:
        return []
    if isinstance(data, Mapping):
        return [data] if data else []
    if isinstance(data, (list, tuple)):
        if any(isinstance(item, Mapping) for item in data):
            return [_as_record(item) for item in data]
        return [{VALUE_COLUMN: item} for item in data]
    return [{VALUE_COLUMN: data}]


def _as_record(item: Any, columns: tuple[str, ...] | None = None) -> Mapping[str, Any]:
    if isinstance(item, Mapping):
        return item
    if item is None:
        return {}  # a null item still counts as a row
    if columns and isinstance(item, (list, tuple)):
        names = [columns[i] if i < len(columns) else f"column_{i}" for i in range(len(item))]
        return dict(zip(names, item, strict=True))
    return {VALUE_COLUMN: item}


def _rows_from_rule(
    data: Any, rule: RowRule
) -> tuple[list[Mapping[str, Any]], dict[str, Any]] | None:
    """Rows at ``rule.path`` inside ``data`` plus its other keys, or None when the shape differs."""
    if rule.columns and isinstance(data, (list, tuple)) and data and all(
        isinstance(item, (list, tuple)) for item in data
    ):
        # The bare list of pairs, without its wrapper object.
        return [_as_record(item, rule.columns) for item in data], {}
    if not isinstance(data, Mapping):
        return None
    keys = rule.path.split(".")
    node: Any = data
    for key in keys:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    if node is None:
        node = []
    if not isinstance(node, (list, tuple)):
        return None
    extra = {str(k): v for k, v in data.items() if k != keys[0]}
    return [_as_record(item, rule.columns) for item in node], extra


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects to dotted keys; an empty object becomes the ``_EMPTY`` marker."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            if value:
                flat.update(_flatten(value, name))
            else:
                flat[name] = _EMPTY
        else:
            flat[name] = value
    return flat


def _order_columns(fields: Sequence[str], rows: list[dict[str, Any]]) -> list[str]:
    """Documented fields (each followed by its dotted children), then the rest in first-seen order."""
    first_seen: dict[str, None] = {}
    markers: set[str] = set()
    valued: set[str] = set()
    for row in rows:
        for name, value in row.items():
            first_seen.setdefault(name, None)
            (markers if value is _EMPTY else valued).add(name)
    # An empty object's key is a column only when no row gave it children or a value.
    seen = [
        name
        for name in first_seen
        if name in valued or not any(other.startswith(name + ".") for other in valued)
    ]
    for row in rows:
        for name in markers.intersection(row):
            if row[name] is _EMPTY:
                row[name] = None

    ordered: dict[str, None] = {}
    for field in fields:
        children = [name for name in seen if name.startswith(field + ".")]
        if field in seen or not children:
            ordered.setdefault(field, None)
        for child in children:
            ordered.setdefault(child, None)
    for name in seen:
        ordered.setdefault(name, None)
    return list(ordered)


# -- typing of one column ------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _is_float(value: Any) -> bool:
    return isinstance(value, (float, np.floating))


def _column(values: list[Any]) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """Values of one column to an exact array: no int becomes a float, no string becomes a number."""
    present = [v for v in values if not is_missing(v)]
    missing = len(present) < len(values)
    if present and all(_is_bool(v) for v in present):
        if missing:
            return pd.array([None if is_missing(v) else bool(v) for v in values], dtype="boolean")
        return np.array(values, dtype=bool)
    if present and all(_is_int(v) for v in present):
        if all(_INT64_MIN <= int(v) <= _INT64_MAX for v in present):
            if missing:
                return pd.array([None if is_missing(v) else int(v) for v in values], dtype="Int64")
            return np.array(values, dtype=np.int64)
        return _objects(values)  # beyond int64: Python ints keep every digit
    if present and all(_is_float(v) for v in present):
        return np.array([np.nan if is_missing(v) else float(v) for v in values], dtype=np.float64)
    if present and all(isinstance(v, str) for v in present):
        # pandas picks its default string dtype (``str`` in pandas 3, object before).
        return pd.Series([None if is_missing(v) else v for v in values]).array
    return _objects(values)


def _objects(values: list[Any]) -> np.ndarray:
    # Element by element, so lists stay single cells instead of becoming a 2-D array.
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = None if is_missing(value) else value
    return out


def _attrs(meta: Mapping[str, Any] | None, extra: Mapping[str, Any]) -> dict[str, Any]:
    attrs = dict(meta or {})
    merged = dict(attrs.get("extra") or {})
    merged.update(extra)
    if merged or "extra" in attrs:
        attrs["extra"] = merged
    return attrs


__all__ = ["reference_to_frame"]
