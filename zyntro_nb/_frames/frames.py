"""From a success envelope's ``data`` to a DataFrame, exactly.

Shapes: an object is one row, a list of objects is one row each, a list of scalars is
one ``value`` column, and ``None``/``[]``/``{}`` is an empty frame with the endpoint's
documented columns. When the catalog says rows live in a list inside ``data``
(``RowRule``), that list gives the rows and the other keys go to
``attrs["zyntro"]["extra"]``.

Values are never reinterpreted: integer IDs stay integers (``Int64`` when some are
missing, Python ints when beyond int64), numeric-looking strings stay strings,
booleans stay booleans, lists stay lists in one cell. Nested objects flatten to
dotted columns. Columns come in catalog order first, then in first-seen order.

How it stays fast: one pass over the records stores each value straight into its
column (preallocated lists, keys matched per nested level, so no per-row dicts and
no per-value name building); then each column's dtype is decided once
(:mod:`zyntro_nb._frames.columns`) and same-dtype columns share one block.

Example::

    >>> df = to_frame([{"id": 1, "pm": {"id": "pm_1"}}, {"id": None}])
    >>> list(df.columns), str(df["id"].dtype)
    (['id', 'pm.id'], 'Int64')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._defaults import MAX_DEPTH
from .._errors import ResponseFormatError
from .columns import EMPTY, build_frame, typed_arrays

if TYPE_CHECKING:
    from .._catalog.catalog import Endpoint, RowRule
    from .display import ResultFrame

VALUE_COLUMN = "value"

# Value types that are certainly not nested objects (checked before the slower Mapping test).
_LEAF_TYPES = frozenset({str, int, float, bool, type(None), list})


def to_frame(
    data: Any,
    endpoint: Endpoint | None = None,
    meta: Mapping[str, Any] | None = None,
    *,
    parse: bool | None = None,
) -> ResultFrame:
    """Turn the ``data`` of a success envelope into a DataFrame; ``meta`` goes to ``df.attrs["zyntro"]``.

    ``endpoint`` supplies the documented ``fields`` (column order, and the columns
    of an empty result) and the ``rows`` rule. No row is ever dropped. Objects nested
    deeper than ``MAX_DEPTH`` levels raise :class:`ResponseFormatError`.

    ``parse`` types the answer as the session does (:mod:`zyntro_nb._frames.types`): missing
    text made uniform, and with ``parse=True`` time and amount fields parsed — the same
    frame as ``uniform_missing`` and ``parse_frame`` give afterwards, typed while the
    columns are built. None (the default) leaves every value as answered.

    Example::

        >>> df = to_frame({"bc_id": "bc_1", "bc_payment_data": {"pm_id": "pm_1"}},
        ...               meta={"endpoint": "edge/getCustomer", "backend": "sandbox"})
        >>> list(df.columns)
        ['bc_id', 'bc_payment_data.pm_id']
        >>> df.attrs["zyntro"]["backend"]
        'sandbox'
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

    key = endpoint.key if endpoint is not None else None
    types = endpoint.answer_fields if endpoint is not None and endpoint.answer_fields else None
    if not records and endpoint is not None and endpoint.answer_fields:
        # No rows: the frame of one answer holding every catalogued field, less its row, so that an empty
        # answer has the columns and dtypes of a full one.
        return _empty_like(endpoint, endpoint.answer_fields, meta, extra, parse)
    columns = _Collector(records, key).collect()
    kinds = {name: set(map(type, values)) for name, values in columns.items()}
    if any(_other_mapping(kind) for found in kinds.values() for kind in found):
        # A Mapping that is not a plain dict was kept whole: read again, nesting every Mapping.
        columns = _Collector(records, key, exact=True).collect()
        kinds = {name: set(map(type, values)) for name, values in columns.items()}
    names = _order_columns(fields, list(columns))
    length = len(records)
    arrays = typed_arrays([columns.get(name) for name in names], [kinds.get(name) for name in names], length)
    if parse is not None and length:
        from .types import typed_columns

        arrays = typed_columns(names, arrays, parse, types)
    frame = build_frame(names, arrays, length)
    frame.attrs["zyntro"] = _attrs(meta, extra)
    if parse is not None and not length:  # an empty answer's documented columns get their types
        from .types import parse_frame, uniform_missing

        uniform_missing(frame)
        if parse:
            parse_frame(frame, types)
    return frame


# Values standing for each answer type in the one-row answer an empty answer's frame is made from.
_SAMPLES: dict[str, Any] = {
    "string": "text", "integer": 0, "number": 0.5, "boolean": False, "datetime": "2026-01-01 00:00:00",
    "datetime_utc": "2026-01-01T00:00:00+00:00", "date": "2026-01-01", "amount": "0.00", "list": [],
    "records": [], "any": None,
}


def _sample_record(types: Mapping[str, str]) -> dict[str, Any]:
    """One answer record holding a value of its type in every field ``types`` lists (nested by dotted names)."""
    record: dict[str, Any] = {}
    for name, kind in types.items():
        node = record
        *parents, last = name.split(".")
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        if kind == "object":
            node.setdefault(last, {})
        elif not isinstance(node.get(last), dict):
            node[last] = _SAMPLES.get(kind)
    return record


def _empty_like(endpoint: Endpoint, types: Mapping[str, str], meta: Mapping[str, Any] | None,
                extra: Mapping[str, Any], parse: bool | None) -> ResultFrame:
    from .._secret import protect
    from .display import ResultFrame

    sample = protect(_sample_record(types), endpoint.secret_fields)  # credentials as the envelope reader leaves them
    full = to_frame([sample], endpoint, parse=parse)
    # Columns as a full answer orders them: documented fields first, then as a row-by-row reading meets them
    # (``types`` lists the fields so; nesting them in one record would group a nested object's parts).
    seen = [name for name in types if name in full.columns]
    order = list(_order_columns(tuple(endpoint.fields), seen))
    order += [name for name in full.columns if name not in order]
    frame = ResultFrame(full[order].iloc[:0])
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


# -- records to columns --------------------------------------------------------------------------


def _other_mapping(kind: type) -> bool:
    return kind is not dict and kind not in _LEAF_TYPES and issubclass(kind, Mapping)


def _child(prefix: str, key: Any) -> str:
    if type(key) is str:
        return prefix + "." + key if prefix else key
    return f"{prefix}.{key}" if prefix else str(key)


class _Level:
    """The columns under one nested path: a key leads to a column of values, a nested level, or both."""

    __slots__ = ("leaves", "levels", "path", "prefix")

    def __init__(self, prefix: str, path: tuple[Any, ...]) -> None:
        self.prefix = prefix
        self.path = path
        self.leaves: dict[Any, list[Any]] = {}
        self.levels: dict[Any, _Level] = {}


class _Collector:
    """Records to columns in one pass, each value stored straight into its column's row.

    Columns are created on first sight, filled with None, so their order is the order in
    which a row-by-row reading first meets each name. Keys are matched per nested level,
    so a dotted name is built once per column, not once per value. Two paths that flatten
    to the same name (a key ``"a.b"`` beside ``{"a": {"b": …}}``) share one column, the
    later value in a row winning.

    The quick pass treats plain dicts as nested objects; ``exact=True`` treats every
    Mapping so (used when a column turns out to hold some other Mapping).
    """

    def __init__(self, records: Sequence[Mapping[Any, Any]], endpoint: str | None, exact: bool = False) -> None:
        self.records = records
        self.endpoint = endpoint
        self.exact = exact
        self.columns: dict[str, list[Any]] = {}
        self.marked: set[str] = set()  # names that held an empty object somewhere
        self.top = _Level("", ())

    def collect(self) -> dict[str, list[Any]]:
        """Columns by name in first-seen order; absent cells are None."""
        fill = self._fill_exact if self.exact else self._fill
        top = self.top
        for row, record in enumerate(self.records):
            if record:
                fill(top, record, row)
        self._settle()
        return self.columns

    def _fill(self, level: _Level, mapping: Mapping[Any, Any], row: int) -> None:
        leaves = level.leaves
        for key, value in mapping.items():
            if type(value) is not dict:
                column = leaves.get(key)
                if column is None:
                    column = self._column(level, key)
                column[row] = value
            elif value:
                sub = level.levels.get(key)
                self._fill(self._level(level, key) if sub is None else sub, value, row)
            else:
                self._empty(level, key, row)

    def _fill_exact(self, level: _Level, mapping: Mapping[Any, Any], row: int) -> None:
        for key, value in mapping.items():
            if not isinstance(value, Mapping):
                column = level.leaves.get(key)
                if column is None:
                    column = self._column(level, key)
                column[row] = value
            elif value:
                sub = level.levels.get(key)
                self._fill_exact(self._level(level, key) if sub is None else sub, value, row)
            else:
                self._empty(level, key, row)

    def _empty(self, level: _Level, key: Any, row: int) -> None:
        column = level.leaves.get(key)
        if column is None:
            column = self._column(level, key)
        column[row] = EMPTY
        self.marked.add(_child(level.prefix, key))

    def _column(self, level: _Level, key: Any) -> list[Any]:
        name = _child(level.prefix, key)
        column = self.columns.get(name)
        if column is None:
            column = self.columns[name] = [None] * len(self.records)
        level.leaves[key] = column
        return column

    def _level(self, level: _Level, key: Any) -> _Level:
        if len(level.path) >= MAX_DEPTH:
            raise self._too_deep(_child(level.prefix, key))
        sub = level.levels[key] = _Level(_child(level.prefix, key), (*level.path, key))
        return sub

    # -- empty objects ----------------------------------------------------------------------------

    def _settle(self) -> None:
        """An empty object's key is a column only when no row gave it children or a value."""
        if not self.marked:
            return
        columns = self.columns
        blank = {name for name in self.marked if not self._valued(columns[name])}
        valued = [name for name in columns if name not in blank]
        for name in blank:
            if any(other.startswith(name + ".") for other in valued):
                del columns[name]

    def _valued(self, column: list[Any]) -> bool:
        """Whether some row holds a value here, not just empty objects (None may be absent or given)."""
        if any(value is not None and value is not EMPTY for value in column):
            return True
        rows = [row for row, value in enumerate(column) if value is None]
        return bool(rows) and any(
            self._given(level.path, key, rows) for level in self._levels() for key in level.leaves
            if level.leaves[key] is column
        )

    def _given(self, path: tuple[Any, ...], key: Any, rows: list[int]) -> bool:
        """Whether a row among ``rows`` has a value (null included) at ``path`` + ``key``."""
        nested = (lambda v: isinstance(v, Mapping)) if self.exact else (lambda v: type(v) is dict)
        for row in rows:
            node: Any = self.records[row]
            for part in path:
                node = node.get(part)
                if not nested(node):
                    break
            else:
                if key in node and not nested(node[key]):
                    return True
        return False

    def _levels(self) -> list[_Level]:
        found, pending = [], [self.top]
        while pending:
            level = pending.pop()
            found.append(level)
            pending.extend(level.levels.values())
        return found

    def _too_deep(self, name: str) -> ResponseFormatError:
        return ResponseFormatError(
            f"the answer nests more than {MAX_DEPTH} levels deep (objects, at {name[:80]!r}…)",
            cause="no documented answer is that deep; the data is malformed or not from the API",
            fix="check the data passed in; use raw=True to look at the answer as it came",
            kind="too_deep",
            endpoint=self.endpoint,
        )


# -- column order --------------------------------------------------------------------------------


def _order_columns(fields: Sequence[str], seen: list[str]) -> list[str]:
    """Documented fields (each followed by its dotted children), then the rest in first-seen order."""
    return list(_ordered(tuple(fields), tuple(seen)))


@lru_cache(maxsize=256)
def _ordered(fields: tuple[str, ...], seen: tuple[str, ...]) -> tuple[str, ...]:
    # An endpoint's answers have the same columns call after call: the order is worked out once.
    ordered: dict[str, None] = {}
    for field in fields:
        children = [name for name in seen if name.startswith(field + ".")]
        if field in seen or not children:
            ordered.setdefault(field, None)
        for child in children:
            ordered.setdefault(child, None)
    for name in seen:
        ordered.setdefault(name, None)
    return tuple(ordered)


def _attrs(meta: Mapping[str, Any] | None, extra: Mapping[str, Any]) -> dict[str, Any]:
    attrs = dict(meta or {})
    merged = dict(attrs.get("extra") or {})
    merged.update(extra)
    if merged or "extra" in attrs:
        attrs["extra"] = merged
    return attrs


__all__ = ["VALUE_COLUMN", "to_frame"]
