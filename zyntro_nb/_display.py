"""Rendering of results: a tabulate table for terminals, pandas' HTML for notebooks.

Every call returns a :class:`ResultFrame`, a DataFrame that shows a one-line caption
(endpoint, row and column counts, backend) above its table. Frames derived from it
(``df.head()``, ``df[cols]``, ``groupby``, ``merge``) are ordinary DataFrames again.
:func:`render_text` and :func:`render_html` work on any DataFrame, so magics and
widgets use them too.

Example::

    >>> import pandas as pd
    >>> print(render_text(pd.DataFrame({"id": [1, 2]}), title="demo"))
    demo · 2 rows · 1 column
          id
    --  ----
    0      1
    1      2
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pandas as pd

from ._defaults import DISPLAY_MAX_COLUMNS, DISPLAY_MAX_COLWIDTH, DISPLAY_MAX_ROWS

ELLIPSIS = "…"
SANDBOX = "sandbox"
REPLAY = "REPLAY"  # a replaying session's backend reads "REPLAY (file.zyntro.json)"

_SANDBOX_BADGE = (
    '<span style="background:#fde68a;color:#78350f;font-weight:bold;'
    'padding:0 .35em;border-radius:3px">SANDBOX</span>'
)


_REPLAY_BADGE = (
    '<span style="background:#bfdbfe;color:#1e3a8a;font-weight:bold;'
    'padding:0 .35em;border-radius:3px">REPLAY</span>'
)


class ResultFrame(pd.DataFrame):
    """The DataFrame every endpoint call returns: a plain DataFrame that renders with a caption.

    Metadata lives in ``df.attrs["zyntro"]`` (module, action, request_id, elapsed,
    backend, extra, status_code). Anything computed from a ResultFrame is a plain
    :class:`pandas.DataFrame`, so it displays the pandas way; ``attrs`` carries over.

    Example::

        >>> df = ResultFrame({"id": [1]})
        >>> type(df.head()) is pd.DataFrame
        True
    """

    # No extra instance state: everything worth keeping is in ``attrs``, which pandas propagates.
    _metadata: ClassVar[list[str]] = []

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        # Derived frames are ordinary DataFrames: the caption describes the call's result,
        # not a slice or aggregate of it.
        return pd.DataFrame

    def __repr__(self) -> str:
        return render_text(self)

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)


# -- caption -------------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _safe_backend(backend: Any) -> str:
    """The backend's name: ``sandbox``, or the base URL without user info, query or fragment."""
    text = str(backend)
    if text == SANDBOX or "://" not in text:
        return text
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}".rstrip("/")


def _endpoint_name(meta: Mapping[str, Any]) -> str | None:
    if meta.get("endpoint"):
        return str(meta["endpoint"])
    if meta.get("module") and meta.get("action"):
        return f"{meta['module']}/{meta['action']}"
    return None


def caption(df: pd.DataFrame, title: str | None = None, shown_columns: int | None = None) -> str:
    """The one-line caption: ``endpoint · N rows · M columns · backend``.

    Only the endpoint name, counts and backend are used, never request bodies, so no
    secret can reach it. With ``shown_columns`` below the total it reads ``showing k of M columns``.

    Example::

        >>> df = pd.DataFrame({"a": [1]})
        >>> df.attrs["zyntro"] = {"endpoint": "crm/fetchContact", "backend": "sandbox"}
        >>> caption(df)
        'crm/fetchContact · 1 row · 1 column · sandbox'
    """
    meta = df.attrs.get("zyntro") if isinstance(df.attrs.get("zyntro"), Mapping) else {}
    parts = []
    name = title if title is not None else _endpoint_name(meta)
    if name:
        parts.append(name)
    total = meta.get("total")
    if isinstance(total, int) and total > len(df) and meta.get("partial"):
        parts.append(f"{len(df):,} of {total:,} rows — all_pages=True for all")
    else:
        parts.append(_plural(len(df), "row"))
    n_cols = len(df.columns)
    if shown_columns is not None and shown_columns < n_cols:
        parts.append(f"showing {shown_columns} of {n_cols:,} columns")
    else:
        parts.append(_plural(n_cols, "column"))
    if meta.get("backend"):
        parts.append(_safe_backend(meta["backend"]))
    return " · ".join(parts)


# -- cells ---------------------------------------------------------------------------------------


_NEVER_MISSING = frozenset({str, int, bool, list, dict})


def is_missing(value: Any) -> bool:
    """True for None, NaN, ``pd.NA`` and ``NaT``; False for containers such as lists."""
    if type(value) in _NEVER_MISSING:  # the common JSON types, decided without pandas
        return False
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, bytes, list, tuple, dict, set, Mapping)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # array-likes have no single truth value
        return False


def format_cell(value: Any, width: int | None = DISPLAY_MAX_COLWIDTH) -> str:
    """One cell as a single line: empty when missing, JSON-ish for lists and dicts, shortened with ``…``.

    Example::

        >>> format_cell(["a", 1])
        '["a", 1]'
        >>> format_cell("x" * 50, width=8)
        'xxxxxxx…'
    """
    if is_missing(value):
        text = ""
    elif isinstance(value, (list, tuple, dict)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    # One table row per record: embedded line breaks would tear the table apart.
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if width is not None and width > 0 and len(text) > width:
        text = text[: width - 1] + ELLIPSIS
    return text


def _label(label: Any) -> str:
    if isinstance(label, tuple):
        return ".".join(str(part) for part in label)
    return "" if label is None else str(label)


# -- renderers -----------------------------------------------------------------------------------

# Answers from the session already hold credentials as Secrets (shown redacted by str()); frames built
# elsewhere (read from a CSV, made by hand) get the same rule by column name: api_key, *secret*, *token*, ….
def _is_secret_column(column: object) -> bool:
    from ._secret import is_credential_name

    return isinstance(column, str) and is_credential_name(column.rsplit(".", 1)[-1])


def _masked(df: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy of ``df`` with secret-looking columns redacted, for display only."""
    from ._config import redact

    secret_columns = [c for c in df.columns if _is_secret_column(c)]
    if not secret_columns:
        return df
    shown = pd.DataFrame(df).copy(deep=False)
    for column in secret_columns:
        shown[column] = [v if is_missing(v) else redact(v if isinstance(v, str) else str(v))
                         for v in df[column].tolist()]
    shown.attrs = df.attrs
    return shown


def render_text(
    df: pd.DataFrame,
    max_rows: int | None = None,
    title: str | None = None,
    max_columns: int | None = None,
) -> str:
    """A caption line and a tabulate table of at most ``max_rows`` rows and ``max_columns`` columns.

    Missing values show as empty cells, long cells end in ``…``, numbers are printed
    as stored (no re-parsing, so ``"00123"`` stays ``00123``). When rows are left out a
    last line says ``… N more rows``; an empty frame shows ``(no rows)``.

    Example::

        >>> print(render_text(pd.DataFrame({"x": range(30)}), max_rows=1).splitlines()[-1])
        … 29 more rows
    """
    from tabulate import tabulate

    df = _masked(df)
    max_rows = DISPLAY_MAX_ROWS if max_rows is None else max(0, max_rows)
    max_columns = DISPLAY_MAX_COLUMNS if max_columns is None else max(1, max_columns)
    n_rows, n_cols = len(df), len(df.columns)
    shown_cols = min(n_cols, max_columns)
    head = caption(df, title=title, shown_columns=shown_cols)
    if n_rows == 0:
        return f"{head}\n(no rows)"
    if n_cols == 0:
        return f"{head}\n(no columns)"

    if n_rows == 1 and n_cols > shown_cols:
        # One wide record (fetchContact, fetchOrganization): a field/value listing shows all of it.
        return _render_record(df, head=caption(df, title=title), tabulate=tabulate)

    part = df.iloc[:max_rows, :shown_cols]
    columns = [[format_cell(v) for v in part.iloc[:, i].tolist()] for i in range(shown_cols)]
    body = [list(row) for row in zip(*columns, strict=True)] if columns else []
    headers = [format_cell(_label(c)) for c in part.columns]
    index = [format_cell(_label(i)) for i in part.index]
    align = ["left"] + [
        "right" if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype) else "left"
        for dtype in part.dtypes
    ]
    table = tabulate(
        body,
        headers=headers,
        showindex=index,
        tablefmt="simple",
        disable_numparse=True,
        colalign=align,
    )
    lines = [head, table]
    hidden = n_rows - len(part)
    if hidden > 0:
        lines.append(f"{ELLIPSIS} {_plural(hidden, 'more row')}")
    return "\n".join(lines)


def _render_record(df: pd.DataFrame, head: str, tabulate: Any) -> str:
    """A single row as a two-column ``field  value`` table, skipping empty fields."""
    row = df.iloc[0]
    pairs = [[format_cell(_label(c)), format_cell(v, width=DISPLAY_MAX_COLWIDTH * 2)]
             for c, v in zip(df.columns, row.tolist(), strict=True) if not is_missing(v) and v != ""]
    empty = len(df.columns) - len(pairs)
    table = tabulate(pairs, headers=["field", "value"], tablefmt="simple", disable_numparse=True)
    tail = f"\n({_plural(empty, 'empty field')} not shown)" if empty else ""
    return f"{head}\n{table}{tail}"


def render_html(df: pd.DataFrame, max_rows: int | None = None, title: str | None = None) -> str:
    """The caption as a small paragraph above pandas' own HTML table (values escaped).

    A sandbox backend is marked with a visible SANDBOX badge; cells use the same
    one-line formatting as :func:`render_text`.

    Example::

        >>> "<table" in render_html(pd.DataFrame({"a": ["<b>"]}))
        True
    """
    df = _masked(df)
    max_rows = DISPLAY_MAX_ROWS if max_rows is None else max(1, max_rows)
    text = html.escape(caption(df, title=title))
    meta = df.attrs.get("zyntro") if isinstance(df.attrs.get("zyntro"), Mapping) else {}
    if meta.get("backend") == SANDBOX:
        # The caption ends with the backend; swap the plain word for the badge.
        text = text[: -len(SANDBOX)] + _SANDBOX_BADGE
    elif str(meta.get("backend", "")).startswith(REPLAY):
        text = text.replace(REPLAY, _REPLAY_BADGE, 1) if text.count(REPLAY) == 1 else text
    para = f'<p class="zyntro-caption" style="font-size:smaller;margin:0 0 .4em 0">{text}</p>'
    if len(df) == 0:
        return f"<div>{para}<p><em>(no rows)</em></p></div>"
    formatters: Sequence[Any] = [format_cell] * len(df.columns)
    table = pd.DataFrame(df).to_html(
        max_rows=max_rows,
        escape=True,
        formatters=list(formatters),
        show_dimensions=False,
        notebook=True,
    )
    return f"<div>{para}{table}</div>"


__all__ = ["ResultFrame", "caption", "format_cell", "is_missing", "render_html", "render_text"]
