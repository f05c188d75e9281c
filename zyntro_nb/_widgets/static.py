"""Static views of a form and of the explorer, for wherever widget state is missing.

A notebook saved without widget state (the usual case), seen on GitHub, in
nbviewer or by a colleague before re-running it, cannot show live widgets. The
``text/html`` and ``text/plain`` parts of a form's ``_repr_mimebundle_`` fill
that gap with a readable summary: the endpoint, the session's identifiers
(shortened and redacted as everywhere else), each parameter with its value,
the equivalent code, the last result, and "run the cell to use the form".
Live front-ends prefer the widget view, so this is only seen where it cannot load.

Example::

    >>> form = zn.form("crm", "fetchContact", session=s)           # doctest: +SKIP
    >>> "run the cell to use the form" in form_html(form)          # doctest: +SKIP
    True
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._exchange import _scrub
from .field import ERROR_STYLE, HELP_STYLE, Field, _show

if TYPE_CHECKING:
    import pandas as pd

    from .explorer import Explorer
    from .form import EndpointForm

BOX_STYLE = "border:1px solid #d1d5db;border-radius:4px;padding:8px 12px;margin:2px 0;max-width:960px"
CELL_STYLE = "text-align:left;vertical-align:top;padding:2px 10px 2px 0"
LIVE_NOTE = "Static view: run the cell to use the form (widgets need a live kernel)."
EXPLORER_NOTE = "Static view: run the cell to search the catalog and use the forms (widgets need a live kernel)."
LISTED_MATCHES = 12


def _safe_url(url: str) -> str:
    """The URL without user info, query or fragment (a base URL may carry credentials)."""
    parts = urlsplit(url)
    if not parts.scheme:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def _scrubbed_frame(df: pd.DataFrame, secrets: tuple[str, ...]) -> pd.DataFrame:
    """A copy of ``df`` for display with every secret in a text or nested cell redacted.

    Scrubbed before rendering because rendering shortens long cells, and a
    shortened secret would no longer match for a text-level redaction.
    """
    if not secrets:
        return df
    shown = df.copy()
    for column in shown.columns:
        if shown[column].dtype == object or str(shown[column].dtype) in ("string", "str"):
            shown[column] = shown[column].map(lambda v: _scrub(v, secrets))
    return shown


def _esc(text: Any) -> str:
    return html.escape(str(text))


def _shown_value(field: Field) -> tuple[str, str]:
    """(kind, text) of what a field holds: ("invalid", typed), ("set", value) or ("unset", default note)."""
    problem = field.problem()
    if problem is not None:
        return "invalid", f"{field.typed()} — {problem}" + (f" (fix: {problem.fix})" if problem.fix else "")
    value = field.value
    if value is not None:
        return "set", _show(value)
    if field.param.fill:
        return "unset", f"from the session's {field.param.fill}"
    if field.param.default is not None:
        return "unset", f"default: {_show(field.param.default)}"
    return "unset", "required, not filled" if field.param.required else "not set"


def _identifiers(form: EndpointForm) -> list[tuple[str, str]]:
    shown = form.session.config.redacted()
    items = []
    for name, value in shown.items():
        if name == "base_url" or value in ("-", ""):
            continue
        items.append((name, value))  # secrets redacted, UUIDs shortened (as in the session repr)
    items.append(("backend", form.session.backend if form.session.is_sandbox else _base(form)))
    return items


def _base(form: EndpointForm) -> str:
    return _safe_url(form.session.config.base_url)


def _result_html(form: EndpointForm) -> str:
    if form.error is not None:
        from .._errors import ZyntroError

        error = form.error
        text = error.summary() if isinstance(error, ZyntroError) else f"{type(error).__name__}: {error}"
        return f'<div style="{ERROR_STYLE};white-space:pre-wrap">Last run failed: {_esc(text)}</div>'
    if form.df is None:
        return ""
    from .._frames.display import render_html

    rows = len(form.df)
    table = render_html(_scrubbed_frame(form.df, form._secrets), max_rows=form.max_rows)
    return f"<div>Last run: ✓ {rows:,} row{'' if rows == 1 else 's'}</div>{table}"


def form_html(form: EndpointForm, note: str = LIVE_NOTE) -> str:
    """The form as static HTML: header, identifiers, parameters and values, code, last result."""
    rows = []
    for name, field in form.fields.items():
        kind, text = _shown_value(field)
        style = {"invalid": ERROR_STYLE, "unset": HELP_STYLE}.get(kind, "")
        value = f'<span style="{style}">{_esc(text)}</span>' if style else f"<code>{_esc(text)}</code>"
        mark = f' <span style="{ERROR_STYLE}">*</span>' if field.param.required else ""
        rows.append(
            f'<tr><td style="{CELL_STYLE}"><b>{_esc(name)}</b>{mark}</td>'
            f'<td style="{CELL_STYLE}">{_esc(field.param.type)}</td>'
            f'<td style="{CELL_STYLE}">{value}</td>'
            f'<td style="{CELL_STYLE};{HELP_STYLE}">{_esc(field.param.description)}</td></tr>'
        )
    identifiers = " · ".join(f"{_esc(k)} <code>{_esc(v)}</code>" for k, v in _identifiers(form))
    head = "".join(f'<th style="{CELL_STYLE}">{h}</th>' for h in ("parameter", "type", "value", "about"))
    table = (f'<table style="border-collapse:collapse;margin:6px 0"><thead><tr>{head}</tr></thead>'
             f"<tbody>{''.join(rows)}</tbody></table>") if rows else "<div><em>No parameters.</em></div>"
    text = (
        f'<div class="zyntro-form-static" style="{BOX_STYLE}">'
        f"{form._header_html()}"
        f'<div style="{HELP_STYLE}">From the session: {identifiers}</div>'
        f"{table}"
        f'<div style="{HELP_STYLE}">As code:</div><pre style="margin:0;white-space:pre-wrap">{_esc(form.code)}</pre>'
        f"{_result_html(form)}"
        + (f'<div style="{HELP_STYLE};margin-top:4px"><em>{note}</em></div>' if note else "")
        + "</div>"
    )
    return form._redact(text)


def form_text(form: EndpointForm) -> str:
    """The form as plain text, for terminals and text-only viewers."""
    endpoint = form.endpoint
    kind = "" if endpoint is None else (" (read-only)" if endpoint.read_only else " (writes data)")
    title = f" — {endpoint.title}" if endpoint is not None and endpoint.title else ""
    lines = [f"{form.key}{title}{kind}",
             "  " + " · ".join(f"{k} {v}" for k, v in _identifiers(form))]
    width = max((len(n) + 1 for n in form.fields), default=0)
    for name, field in form.fields.items():
        label = name + ("*" if field.param.required else "")
        state, text = _shown_value(field)
        lines.append(f"  {label:<{width}}  {'✗ ' if state == 'invalid' else ''}{text}")
    lines += form.code.splitlines()
    if form.df is not None:
        lines.append(f"last run: ✓ {len(form.df):,} row{'' if len(form.df) == 1 else 's'} (form.df)")
    elif form.error is not None:
        lines.append(f"last run failed: {form.error}")
    lines.append(LIVE_NOTE)
    return form._redact("\n".join(lines))


def explorer_html(explorer: Explorer) -> str:
    """The explorer as static HTML: the search, what matches, and the chosen endpoint's form."""
    found = explorer.matches()
    query = explorer.search.value.strip()
    said = f"search {_esc(repr(query))}: {len(found)} of {len(explorer.catalog)} endpoints" if query else \
        f"{len(explorer.catalog)} endpoints"
    items = "".join(f"<li><code>{_esc(e.key)}</code> — {_esc(e.summary or e.title)}</li>"
                    for e in found[:LISTED_MATCHES])
    more = f"<li>… {len(found) - LISTED_MATCHES} more</li>" if len(found) > LISTED_MATCHES else ""
    form = form_html(explorer.form, note="") if explorer.form is not None else "<div><em>No endpoint chosen.</em></div>"
    return (
        f'<div class="zyntro-explorer-static" style="{BOX_STYLE}">'
        f"<div><b>Endpoint explorer</b> — {said}</div>"
        f'<ul style="margin:4px 0">{items}{more}</ul>{form}'
        f'<div style="{HELP_STYLE};margin-top:4px"><em>{EXPLORER_NOTE}</em></div>'
        "</div>"
    )


def explorer_text(explorer: Explorer) -> str:
    """The explorer as plain text: the search, what matches, the chosen endpoint's form."""
    found = explorer.matches()
    lines = [repr(explorer)] + [f"  {e.key}" for e in found[:LISTED_MATCHES]]
    if len(found) > LISTED_MATCHES:
        lines.append(f"  … {len(found) - LISTED_MATCHES} more")
    if explorer.form is not None:
        lines.append(form_text(explorer.form))
    return "\n".join(lines)
