"""The rows of a bulk call: from a DataFrame or mappings to checked parameters and journal keys.

Columns named like the endpoint's parameters become parameters; a dotted column
(``contact.email``) fills a key inside an object parameter (``contact``); missing
values (NaN, None) are left out; ``constants`` apply to every row (an object parameter given
both as dotted columns and as a constant is merged key by key, the row's own value winning
for the same key: a row's data is never dropped). Anything else is
refused before a request is sent, with the row labels it concerns.

Example::

    >>> from zyntro_nb._catalog.catalog import Catalog
    >>> endpoint = Catalog.builtin().get("crm", "addContactsFull")
    >>> labels, _, params, _ = read_rows([{"contact.email": "ada@example.com", "contact.firstName": "Ada"}],
    ...                                  endpoint, {"mode": "upsert"}, key_columns=())
    >>> params[0]
    {'contact': {'email': 'ada@example.com', 'firstName': 'Ada'}, 'mode': 'upsert'}
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._catalog.catalog import BASE_IDENTIFIERS, Endpoint
from .._config import SECRET_FIELDS
from .._defaults import BULK_LABELS_SHOWN
from .._errors import ParameterError
from .._request import _is_missing

_ROWS_FIX = "pass a DataFrame, a list of dicts, or any iterable of mappings (one per call)"


def labels_text(labels: Sequence[Any], limit: int = BULK_LABELS_SHOWN) -> str:
    """``3, 7, 9`` or ``3, 7, … (and 12 more)``: row labels for a message."""
    shown = ", ".join(repr(label) if isinstance(label, str) else str(label) for label in labels[:limit])
    return shown + (f" (and {len(labels) - limit} more)" if len(labels) > limit else "")


def _table(rows: Any, endpoint: Endpoint) -> tuple[list[Any], list[Mapping[str, Any]], list[str], Any]:
    """Labels, row mappings, column names and the index (a DataFrame's, else None)."""
    if isinstance(rows, (str, bytes, Mapping)) or rows is None:
        what = "one mapping" if isinstance(rows, Mapping) else type(rows).__name__
        raise ParameterError(f"rows must be a table of calls, not {what}", fix=_ROWS_FIX + "; for one call use "
                             "session.call(...)", endpoint=endpoint.key)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(rows, pd.DataFrame):
        bad = [c for c in rows.columns if not isinstance(c, str)]
        if bad:
            raise ParameterError(f"column names must be text; these are not: {bad!r}",
                                 fix="rename them after the endpoint's parameters", endpoint=endpoint.key)
        if not rows.columns.is_unique:
            dupes = sorted({c for c in rows.columns if list(rows.columns).count(c) > 1})
            raise ParameterError(f"columns appear twice: {', '.join(dupes)}", fix="keep one of each",
                                 endpoint=endpoint.key)
        return list(rows.index), rows.to_dict("records"), list(rows.columns), rows.index
    if pd is not None and isinstance(rows, pd.Series):
        raise ParameterError("rows must be a table of calls, not a Series",
                             fix="pass series.to_frame(name) or a DataFrame of parameter columns",
                             endpoint=endpoint.key)
    if not isinstance(rows, Iterable):
        raise ParameterError(f"rows must be a table of calls, not {type(rows).__name__}", fix=_ROWS_FIX,
                             endpoint=endpoint.key)
    items = list(rows)
    bad = [i for i, item in enumerate(items) if not isinstance(item, Mapping)]
    if bad:
        raise ParameterError(
            f"rows {labels_text(bad)} are not mappings (the first is a {type(items[bad[0]]).__name__})",
            fix=_ROWS_FIX, endpoint=endpoint.key)
    columns: dict[str, None] = {}
    for item in items:
        columns.update(dict.fromkeys(str(k) for k in item))
    return list(range(len(items))), items, list(columns), None


def _check_columns(columns: list[str], endpoint: Endpoint, constants: Mapping[str, Any],
                   key_columns: Sequence[str]) -> None:
    if not endpoint.catalogued:
        return
    known = {p.name for p in endpoint.params} | set(BASE_IDENTIFIERS)
    objects = {p.name for p in endpoint.params if p.type == "object"}
    unknown = [c for c in columns if c not in known and c not in key_columns
               and c.partition(".")[0] not in objects]
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            if close:
                hints.append(f"{name!r} → {close[0]!r}?")
        documented = ", ".join(p.name for p in endpoint.params) or "none"
        plural = len(unknown) > 1
        raise ParameterError(
            f"column{'s' if plural else ''} {', '.join(map(repr, unknown))} name{'' if plural else 's'}"
            f" no parameter of {endpoint.key}",
            param=unknown[0],
            fix=(f"did you mean {'; '.join(hints)} " if hints else "")
            + f"(parameters: {documented}). Select the columns to send (rows[[...]]), rename them "
            "(rows.rename(columns={...})), or name a column in key= to use it only as the row's key",
            endpoint=endpoint.key,
        )
    both = sorted(set(columns) & set(constants))
    if both:
        raise ParameterError(f"{', '.join(both)} given both as a column and as a constant",
                             fix="drop the column or the keyword argument", endpoint=endpoint.key)
    inside = sorted({c for c in columns if c.partition(".")[0] in constants
                     and not isinstance(constants[c.partition(".")[0]], Mapping)})
    if inside:
        head = inside[0].partition(".")[0]
        raise ParameterError(
            f"column{'s' if len(inside) > 1 else ''} {', '.join(map(repr, inside))} fill keys inside {head}, "
            f"and {head}= is also given as a constant that is not an object ({type(constants[head]).__name__})",
            param=head,
            cause="the constant would replace the rows' values, so their data would be lost",
            fix=f"pass {head}= as a dict (its keys are merged into each row's; a row's own value wins for the same "
            "key), or drop the constant",
            endpoint=endpoint.key,
        )


def merge_constants(row: Mapping[str, Any], constants: Mapping[str, Any]) -> dict[str, Any]:
    """A row's parameters with the constants added; for an object given both ways, keys are merged and the
    row's own value wins for the same key (nothing the row holds is dropped).

    Example::

        >>> merge_constants({"contact": {"email": "ada@example.com"}},
        ...                 {"contact": {"tags": ["vip"], "email": "x@example.com"}, "mode": "upsert"})
        {'contact': {'email': 'ada@example.com', 'tags': ['vip']}, 'mode': 'upsert'}
    """
    merged = dict(row)
    for name, value in constants.items():
        mine = merged.get(name)
        if isinstance(value, Mapping) and isinstance(mine, Mapping):
            merged[name] = merge_constants(mine, value)
        elif name not in merged:
            merged[name] = value
    return merged


def _nest(row: Mapping[str, Any], objects: set[str]) -> dict[str, Any]:
    """Row values without missing ones; ``a.b`` columns go inside object parameter ``a``."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        name = str(name)
        if _is_missing(value):
            continue
        head, dot, rest = name.partition(".")
        if dot and head in objects:
            target = out.setdefault(head, {})
            if not isinstance(target, dict):
                target = out[head] = dict(target)
            node = target
            *parents, leaf = rest.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        elif isinstance(value, Mapping) and name in out:
            out[name] = {**value, **out[name]}
        else:
            out[name] = value
    return out


def read_rows(rows: Any, endpoint: Endpoint, constants: Mapping[str, Any], key_columns: Sequence[str]
              ) -> tuple[list[Any], list[Mapping[str, Any]], list[dict[str, Any]], Any]:
    """Row labels, the rows as given, each row's parameters (constants included, key-only columns
    left out) and the index the result keeps (a DataFrame's own, else None)."""
    labels, mappings, columns, index = _table(rows, endpoint)
    _check_columns(columns, endpoint, constants, key_columns)
    objects = {p.name for p in endpoint.params if p.type == "object"}
    sent = {p.name for p in endpoint.params} | set(BASE_IDENTIFIERS)
    only_key = {c for c in key_columns if c not in sent and c.partition(".")[0] not in objects}
    params = []
    for mapping in mappings:
        nested = _nest({k: v for k, v in mapping.items() if k not in only_key}, objects)
        params.append(merge_constants(nested, constants))
    return labels, mappings, params, index


def get_path(row: Mapping[str, Any], path: str) -> Any:
    """``row["a"]["b"]`` for ``"a.b"`` (a flat ``"a.b"`` key wins); None when absent."""
    if path in row:
        return row[path]
    node: Any = row
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def key_spec(key: str | Sequence[str] | None, endpoint: Endpoint) -> tuple[str, tuple[str, ...]]:
    """The journal's key description and the key columns (none for the default hash)."""
    if key is None:
        return "hash", ()
    columns = (key,) if isinstance(key, str) else tuple(key) if isinstance(key, (list, tuple)) else ()
    if not columns or not all(isinstance(c, str) and c for c in columns):
        raise ParameterError(f"key= must name one or more columns, not {key!r}",
                             fix="pass key='email' or key=['contact_id', 'note'], or leave it out to hash each row",
                             endpoint=endpoint.key)
    secret = [c for c in columns if c in SECRET_FIELDS]
    if secret:
        raise ParameterError(f"key= names a credential ({', '.join(secret)}); journals hold no secrets",
                             fix="key rows by another column", endpoint=endpoint.key)
    return ",".join(columns), columns


def row_keys(labels: list[Any], raw: list[Mapping[str, Any]], params: list[dict[str, Any]],
             columns: tuple[str, ...], endpoint: Endpoint) -> list[str]:
    """Each row's journal key: its key columns' values, or a hash of its parameters."""
    keys: list[str] = []
    if columns:
        missing = []
        for label, row in zip(labels, raw, strict=True):
            values = [get_path(row, c) for c in columns]
            if any(_is_missing(v) for v in values):
                missing.append(label)
            keys.append(json.dumps(values, ensure_ascii=False, default=str)[1:-1])
        if missing:
            raise ParameterError(f"rows {labels_text(missing)} have no value in the key column(s) "
                                 f"{', '.join(columns)}", fix="fill them in, or key rows by other columns",
                                 endpoint=endpoint.key)
    else:
        for row in params:
            shown = {k: v for k, v in row.items() if k not in SECRET_FIELDS}
            text = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str)
            keys.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:24])
    seen: dict[str, Any] = {}
    twice = []
    for label, key in zip(labels, keys, strict=True):
        if key in seen:
            twice.append((seen[key], label))
        seen.setdefault(key, label)
    if twice:
        pairs = ", ".join(f"{a!r} and {b!r}" for a, b in twice[:BULK_LABELS_SHOWN])
        raise ParameterError(
            f"rows {pairs} have the same journal key, so the journal could not tell them apart",
            fix="drop the duplicates (rows.drop_duplicates()), or pass key= naming columns that differ",
            endpoint=endpoint.key)
    return keys

