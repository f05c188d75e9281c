"""Rendering of results: a table that fits the terminal, pandas' HTML for notebooks.

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
    -  --
    0   1
    1   2
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pandas as pd

from .._defaults import DISPLAY_MAX_COLWIDTH
from .._settings import DEFAULT_WIDTH, DisplaySettings, display_settings

ELLIPSIS = "…"
SANDBOX = "sandbox"
REPLAY = "REPLAY"  # the backend of a replaying session's results (zyntro_nb._replay.transport)

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
    meta = found if isinstance(found := df.attrs.get("zyntro"), Mapping) else {}
    parts = []
    name = title if title is not None else _endpoint_name(meta)
    if name:
        parts.append(name)
    total = meta.get("total")
    if isinstance(total, int) and total > len(df) and meta.get("partial"):
        # How to get the rest, in the words of the front-end that fetched it (the magic: --all-pages).
        parts.append(f"{len(df):,} of {total:,} rows — {meta.get('more') or 'all_pages=True for all'}")
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


def format_cell(value: Any, width: int | None = DISPLAY_MAX_COLWIDTH, column: Any = None) -> str:
    """One cell as a single line: empty when missing, JSON-ish for lists and dicts, shortened with ``…``.

    A list of records (``notes``, ``phases``) shows as a count named after its column.

    Example::

        >>> format_cell(["a", 1])
        '["a", 1]'
        >>> format_cell("x" * 50, width=8)
        'xxxxxxx…'
        >>> format_cell([{"note_id": "n1"}, {"note_id": "n2"}], column="notes")
        '2 notes'
    """
    if is_missing(value):
        text = ""
    elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Mapping) for v in value):
        text = count_label(len(value), column)
    elif isinstance(value, (list, tuple, dict)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    # One table row per record: embedded line breaks would tear the table apart.
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return shorten(text, width)


def shorten(text: str, width: int | None) -> str:
    """``text`` cut to ``width`` characters, ending in ``…`` when cut."""
    if width is not None and width > 0 and len(text) > width:
        return text[: width - 1] + ELLIPSIS
    return text


def count_label(n: int, column: Any) -> str:
    """``3 notes`` / ``1 note``: the size of a list of records, named after its column."""
    name = _label(column).rsplit(".", 1)[-1] if column is not None else ""
    if not name:
        return _plural(n, "record")
    if n == 1 and name.endswith("s") and not name.endswith("ss"):
        name = name[:-1]
    return f"{n:,} {name}"


def _label(label: Any) -> str:
    if isinstance(label, tuple):
        return ".".join(str(part) for part in label)
    return "" if label is None else str(label)


# -- renderers -----------------------------------------------------------------------------------

# Answers from the session already hold credentials as Secrets (shown redacted by str()); frames built
# elsewhere (read from a CSV, made by hand) get the same rule by column name: api_key, *secret*, *token*, ….
def _is_secret_column(column: object) -> bool:
    from .._secret import is_credential_name

    return isinstance(column, str) and is_credential_name(column.rsplit(".", 1)[-1])


def _masked(df: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy of ``df`` with secret-looking columns redacted, for display only."""
    from .._config import redact

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
    *,
    width: int | None = None,
    settings: DisplaySettings | None = None,
) -> str:
    """A caption and a table that fits ``width`` columns (default: the terminal's width).

    Limits come from pandas' display options and ``%config ZyntroMagics`` (see
    ``zyntro_nb._settings``); ``max_rows`` / ``max_columns`` override them. Columns are
    chosen to fit — identifying ones first (ids, names, status), nested-object parts,
    bookkeeping timestamps and empty columns last — and shown in the frame's order;
    long cells end in ``…``; no line is wider than ``width`` and a row never wraps. The
    hidden columns are named under the table, as is ``… N more rows``. Missing values
    are empty cells; numbers print as stored (``"00123"`` stays ``00123``). One wide
    record is listed field by field instead. The DataFrame itself is never cut.

    Example::

        >>> print(render_text(pd.DataFrame({"x": range(30)}), max_rows=1, width=80).splitlines()[-1])
        … 29 more rows
    """
    d = settings or display_settings(width)
    if width is not None:
        d = replace(d, width=max(20, width))
    if max_rows is not None:
        d = replace(d, max_rows=max(0, max_rows), min_rows=max(0, max_rows))
    if max_columns is not None:
        d = replace(d, max_columns=max(1, max_columns))
    df = _masked(df)
    n_rows, n_cols = len(df), len(df.columns)
    if n_rows == 0 or n_cols == 0:
        empty = "(no rows)" if n_rows == 0 else "(no columns)"
        return "\n".join([*_wrap_caption(caption(df, title=title), d.width), empty])

    shown_rows = d.rows_shown(n_rows) if d.max_rows != 0 else 0
    part = df.iloc[:shown_rows]
    index = [_label(i) for i in part.index]
    index_w = max((len(i) for i in index), default=0)
    cells = [[format_cell(v, None, column=c) for v in part.iloc[:, i].tolist()] for i, c in enumerate(df.columns)]
    colwidth = d.max_colwidth or d.width
    natural = [min(colwidth, max([len(_label(c)), *map(len, col)])) for c, col in zip(df.columns, cells, strict=True)]
    chosen = _choose_columns(df, natural, d.width - index_w, d.max_columns)
    hidden = [c for i, c in enumerate(df.columns) if i not in chosen]
    if n_rows == 1 and hidden:
        # One wide record (fetchContact, fetchOrganization): a field/value listing shows all of it.
        return _render_record(df, caption(df, title=title), d.width)

    order = sorted(chosen)
    widths = [chosen[i] for i in order]
    numeric = [_is_numeric(df.dtypes.iloc[i]) for i in order]
    headers = [shorten(_label(df.columns[i]), chosen[i]) for i in order]
    rows = [[shorten(cells[i][r], chosen[i]) for i in order] for r in range(len(part))]
    lines = _wrap_caption(caption(df, title=title, shown_columns=len(order)), d.width)
    lines += _grid(headers, rows, widths, numeric, index, index_w)
    more = n_rows - len(part)
    if more > 0:
        lines.append(f"{ELLIPSIS} {_plural(more, 'more row')}")
    if hidden:
        lines += _wrap_list(f"hidden ({len(hidden)}):", [_label(c) for c in hidden], d.width)
    return "\n".join(lines)


_IDENTIFYING = re.compile(r"(^|[._])(id|name|fname|lname|status|label|title|email|type)$", re.I)
_BOOKKEEPING = re.compile(r"(^|[._])(created|updated)(_at|_dt)?$", re.I)
MIN_SHORTENED = 8  # a column narrower than this says too little to be worth showing


def _rank(df: pd.DataFrame, i: int) -> int:
    """0: identifying, 1: other fields, 2: bookkeeping times, 3: parts of nested objects, 4: empty."""
    name = _label(df.columns[i])
    column = df.iloc[:, i]
    if len(column) and all(is_missing(v) or v == "" for v in column.tolist()):
        return 4
    if "." in name:
        return 3
    if _BOOKKEEPING.search(name):
        return 2
    return 0 if _IDENTIFYING.search(name) else 1


def _choose_columns(df: pd.DataFrame, natural: list[int], room: int, max_columns: int | None) -> dict[int, int]:
    """Column positions to show, each with its width, fitting ``room`` characters (2 between columns).

    Rank by rank (see :func:`_rank`), every column that fits at its natural width is taken;
    when one of a rank does not fit, the first such is shortened into the space left and
    lower ranks are not shown at all, so boilerplate never displaces a useful column.
    """
    by_rank: dict[int, list[int]] = {}
    for i in range(len(natural)):
        by_rank.setdefault(_rank(df, i), []).append(i)
    chosen: dict[int, int] = {}
    used = 0
    for rank in sorted(by_rank):
        skipped: list[int] = []
        for i in by_rank[rank]:
            if max_columns is not None and len(chosen) >= max_columns:
                return chosen
            if used + 2 + natural[i] <= room:
                chosen[i] = natural[i]
                used += 2 + natural[i]
            else:
                skipped.append(i)
        if skipped:
            left = room - used - 2
            if left >= MIN_SHORTENED and (max_columns is None or len(chosen) < max_columns):
                chosen[skipped[0]] = left
            break
    if not chosen and natural:
        chosen[min(range(len(natural)), key=lambda i: (_rank(df, i), i))] = max(1, room - 2)
    return chosen


def _is_numeric(dtype: Any) -> bool:
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _grid(headers: list[str], rows: list[list[str]], widths: list[int], numeric: list[bool],
          index: list[str], index_w: int) -> list[str]:
    """A plain table: header, dashes, rows; two spaces between columns; nothing wider than planned."""

    def line(first: str, values: list[str]) -> str:
        cells = [first.ljust(index_w)] + [
            v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(cells).rstrip()

    out = [line("", headers), "  ".join(["-" * index_w, *("-" * w for w in widths)]).lstrip()]
    if index_w == 0:
        out[1] = "  ".join("-" * w for w in widths)
    out += [line(i, row) for i, row in zip(index, rows, strict=True)]
    return out


def _wrap_caption(text: str, width: int) -> list[str]:
    """The caption on as many lines as it needs, broken between its `` · `` parts."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return [shorten(line, width) for line in lines]


def _wrap_list(label: str, names: list[str], width: int) -> list[str]:
    """``label a, b, c`` over as many lines as needed; names are never cut."""
    import textwrap

    return textwrap.wrap(f"{label} {', '.join(names)}", width=width, break_long_words=False,
                         break_on_hyphens=False) or [label]


def _render_record(df: pd.DataFrame, head: str, width: int) -> str:
    """A single row as a ``field  value`` listing: full field names, empty fields named underneath."""
    row = df.iloc[0]
    present = [(_label(c), c, v) for c, v in zip(df.columns, row.tolist(), strict=True)
               if not (is_missing(v) or (isinstance(v, str) and v == ""))]
    empty = [_label(c) for c, v in zip(df.columns, row.tolist(), strict=True)
             if is_missing(v) or (isinstance(v, str) and v == "")]
    name_w = max([len("field"), *(len(n) for n, _, _ in present)])
    value_w = max(MIN_SHORTENED, width - name_w - 2)
    lines = _wrap_caption(head, width)
    lines.append(f"{'field'.ljust(name_w)}  value")
    lines.append(f"{'-' * name_w}  {'-' * min(value_w, 40)}")
    lines += [f"{n.ljust(name_w)}  {format_cell(v, value_w, column=c)}".rstrip() for n, c, v in present]
    if empty:
        lines += _wrap_list(f"({_plural(len(empty), 'empty field')} not shown:", empty, width)
        lines[-1] += ")"
    return "\n".join(lines)


def render_html(df: pd.DataFrame, max_rows: int | None = None, title: str | None = None,
                settings: DisplaySettings | None = None) -> str:
    """The caption as a small paragraph above pandas' own HTML table (values escaped).

    Rows, columns and cell widths follow pandas' display options (``display.max_rows``,
    ``min_rows``, ``max_columns``, ``max_colwidth``) and ``ZyntroMagics.displaylimit``;
    ``max_rows`` overrides them. A sandbox backend is marked with a visible SANDBOX badge;
    cells use the same one-line formatting as :func:`render_text`.

    Example::

        >>> "<table" in render_html(pd.DataFrame({"a": ["<b>"]}))
        True
    """
    d = settings or display_settings(width=DEFAULT_WIDTH)
    if max_rows is not None:
        d = replace(d, max_rows=max(1, max_rows), min_rows=max(1, max_rows))
    df = _masked(df)
    text = html.escape(caption(df, title=title))
    meta = found if isinstance(found := df.attrs.get("zyntro"), Mapping) else {}
    if meta.get("backend") == SANDBOX:
        # The caption ends with the backend; swap the plain word for the badge.
        text = text[: -len(SANDBOX)] + _SANDBOX_BADGE
    elif meta.get("backend") == REPLAY:
        text = text[: -len(REPLAY)] + _REPLAY_BADGE
    para = f'<p class="zyntro-caption" style="font-size:smaller;margin:0 0 .4em 0">{text}</p>'
    if len(df) == 0:
        return f"<div>{para}<p><em>(no rows)</em></p></div>"
    shown = pd.DataFrame(df)
    more = 0
    rows = d.rows_shown(len(shown))
    if rows < len(shown):
        more = len(shown) - rows
        shown = shown.iloc[:rows]
    formatters = [
        (lambda value, column=column: format_cell(value, d.max_colwidth, column=column)) for column in shown.columns
    ]
    with pd.option_context("display.max_colwidth", None):  # cells are already cut by format_cell
        table = shown.to_html(
            escape=True,
            formatters=formatters,
            show_dimensions=False,
            notebook=True,
            max_cols=d.max_columns,
        )
    tail = f'<p style="font-size:smaller">{ELLIPSIS} {_plural(more, "more row")}</p>' if more else ""
    return f"<div>{para}{table}{tail}</div>"


__all__ = ["ResultFrame", "caption", "format_cell", "is_missing", "render_html", "render_text"]
