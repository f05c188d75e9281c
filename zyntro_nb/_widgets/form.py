"""ipywidgets front-end for one endpoint: a form whose fields are checked before it runs.

A form gets one field per catalog parameter (chosen by the rules in
:mod:`zyntro_nb._widgets.rules`), shows the session's identifiers read-only and
redacted, checks the fields before sending, and runs the call through
:meth:`Session.call` — the only path that sends. Building a form does no I/O,
so tests fill ``form.fields`` and call ``form.run()`` without a browser.
Secrets never enter widget state: everything shown is passed through the
session's redaction first. Where widget state is missing (a saved notebook on
GitHub or nbviewer) the form shows a static HTML summary instead
(:mod:`zyntro_nb._widgets.static`). The catalog explorer is in :mod:`zyntro_nb._widgets.explorer`.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True)                                   # doctest: +SKIP
    >>> form = zn.form("crm", "fetchContact", contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890")  # doctest: +SKIP
    >>> form.run().loc[0, "first_name"]                             # doctest: +SKIP
    'Jane'
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .._catalog.catalog import BASE_IDENTIFIERS, Endpoint, Param
from .._catalog.definition import check_name
from .._config import ENV_VARS, redact_text
from .._defaults import FORM_MAX_ROWS
from .._errors import ParameterError, ZyntroError
from .._frames.snippets import Invalid, magic_line, python_call
from .._request import check_value, unknown_param
from .._session.partial_pages import partial_pages_shown, rows_of
from .rules import (
    HELP_STYLE,
    Field,
    FieldError,
    ParamsJsonField,
    error_html,
    field_for,
    is_json,
    problem_text,
)
from .static import _safe_url, _scrubbed_frame

if TYPE_CHECKING:
    import pandas as pd

    from .._session.session import Session

PARAMS_FIELD = "parameters"
RUN_LABEL, RUN_ICON = "Run", "play"
BUSY_LABEL, BUSY_ICON = "Running…", "spinner"


def _esc(text: Any) -> str:
    return html.escape(str(text))


def _display_data(html_text: str, plain: str) -> dict[str, Any]:
    return {"output_type": "display_data", "data": {"text/html": html_text, "text/plain": plain}, "metadata": {}}


class EndpointForm:
    """An ipywidgets form for one endpoint, run through ``session.call``.

    ``values`` prefill the fields (checked against the catalog first: unknown
    names and wrong types raise :class:`ParameterError` before any widget is
    built); identifiers among them switch the form to ``session.using(...)``.
    An uncatalogued ``module/action`` gets a single JSON box for all parameters.

    Attributes: ``widget`` (the root, for embedding), ``fields`` (param name ->
    :class:`~zyntro_nb._widgets.rules.Field`), ``run_button``, ``output`` (the
    result or error), ``status``, ``code_view``; after a run ``df``/``result``
    (None if the run failed) and ``error`` (None if it succeeded).
    ``max_rows`` limits the rows shown.

    Example::

        >>> form = EndpointForm(s, "crm", "fetchContact")                    # doctest: +SKIP
        >>> form.fields["contact_id"].value = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"  # doctest: +SKIP
        >>> form.value                                                       # doctest: +SKIP
        {'contact_id': 'a1b2c3d4-e5f6-7890-abcd-ef1234567890'}
        >>> df = form.run()                                                  # doctest: +SKIP
    """

    max_rows: int = FORM_MAX_ROWS

    def __init__(self, session: Session, module: str, action: str, /, **values: Any) -> None:
        identifiers = {k: values.pop(k) for k in list(values) if k in BASE_IDENTIFIERS}
        self.session = session.using(**identifiers) if identifiers else session
        self.module, self.action = module, action
        check_name("module", module)
        check_name("action", action)
        self.endpoint: Endpoint | None = self.session.catalog.get(module, action)
        self.df: pd.DataFrame | None = None
        self.error: BaseException | None = None
        self._secrets = self.session.config.secrets()

        self._check_prefill(values)  # the call is validated before widgets are built
        self.fields: dict[str, Field] = self._build_fields()
        for name, value in self._prefill_items(values):
            try:
                self.fields[name].put(value)
            except FieldError as err:
                raise ParameterError(str(err), param=name, endpoint=self.key,
                                     fix=f"pass {name} in a form the field accepts, or leave it out") from None
        for field in self.fields.values():
            field.observe(self._changed)

        self.header = widgets.HTML(self._header_html())
        self.identifiers = widgets.HTML(self._identifiers_html())
        self.run_button = widgets.Button(description=RUN_LABEL, icon=RUN_ICON, button_style="primary",
                                         tooltip=f"call {self.key} through session.call")
        self.run_button.on_click(lambda _button: self.run())
        self.status = widgets.HTML("")
        self.code_view = widgets.HTML("")
        self.output = widgets.Output()
        self.widget = widgets.VBox([
            self.header,
            self.identifiers,
            widgets.VBox([f.box for f in self.fields.values()]),
            widgets.HBox([self.run_button, self.status]),
            self.code_view,
            self.output,
        ])
        self._refresh_code()

    # -- building --------------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return f"{self.module}/{self.action}"

    def _check_prefill(self, values: Mapping[str, Any]) -> None:
        if self.endpoint is None:
            return
        known = {p.name: p for p in self.endpoint.params}
        for name, value in values.items():
            param = known.get(name)
            if param is None:
                raise unknown_param(self.endpoint, name)
            # JSON fields also take their text as typed; the field checks it.
            if value is not None and not (isinstance(value, str) and is_json(param)):
                check_value(param, value, self.endpoint)

    def _prefill_items(self, values: Mapping[str, Any]) -> list[tuple[str, Any]]:
        if self.endpoint is None:
            return [(PARAMS_FIELD, dict(values))] if values else []
        return list(values.items())

    def _build_fields(self) -> dict[str, Field]:
        if self.endpoint is None:
            param = Param(PARAMS_FIELD, "object", description=f"the body parameters of {self.key}")
            return {PARAMS_FIELD: ParamsJsonField(param)}
        return {p.name: field_for(p) for p in self.endpoint.params}

    def _header_html(self) -> str:
        endpoint = self.endpoint
        if endpoint is None:
            catalog = self.session.catalog
            close = catalog.suggest_actions(self.module, self.action) if self.module in catalog.modules() else []
            hint = f" Did you mean {' or '.join(_esc(c) for c in close)}?" if close else ""
            return (f"<b>{_esc(self.key)}</b> — not in the catalog: sent as-is, without parameter checks."
                    f"{hint}")
        kind = "read-only" if endpoint.read_only else "writes data"
        parts = [f"<b>{_esc(endpoint.key)}</b> — {_esc(endpoint.title)} "
                 f'<span style="{HELP_STYLE}">({kind})</span>']
        if endpoint.summary:
            parts.append(f"<div>{_esc(endpoint.summary)}</div>")
        if endpoint.notes:
            parts.append(f'<div style="{HELP_STYLE}">{_esc(endpoint.notes)}</div>')
        return "".join(parts)

    def _identifiers_html(self) -> str:
        shown = self.session.config.redacted()
        needed = self.endpoint.identifiers if self.endpoint is not None else ()
        items = []
        for name in BASE_IDENTIFIERS:
            value = shown.get(name, "-")
            if name in needed and value == "-":
                value = f'<span style="color:#b91c1c">missing (set {ENV_VARS[name]})</span>'
            else:
                value = f"<code>{_esc(redact_text(str(value), self._secrets))}</code>"
            items.append(f"{_esc(name)} {value}")
        backend = self.session.backend if self.session.is_sandbox else _safe_url(self.session.config.base_url)
        items.append(f"backend <code>{_esc(redact_text(backend, self._secrets))}</code>")
        return f'<div style="{HELP_STYLE}">From the session (read-only): {" · ".join(items)}</div>'

    # -- reading ---------------------------------------------------------------------------------
    @property
    def value(self) -> dict[str, Any]:
        """The parameters that are set (and valid), in catalog order — what Run sends."""
        if self.endpoint is None:
            return dict(self.fields[PARAMS_FIELD].value or {})
        return {name: field.value for name, field in self.fields.items() if field.value is not None}

    @property
    def result(self) -> pd.DataFrame | None:
        """Same as ``df``: the DataFrame of the last run, None if it failed or none ran."""
        return self.df

    @property
    def code(self) -> str:
        """The ``%zyntro`` line and the Python call equivalent to the filled form (secrets redacted).

        A field that is not valid yet is kept, marked ``<invalid: ...>``, and a
        comment line under the code says what to fix.
        """
        params: dict[str, Any] = {}
        notes: list[str] = []
        for name, field in self.fields.items():
            problem = field.problem()
            if problem is not None:
                params[name] = Invalid(field.typed())
                notes.append(f"# ✗ not valid yet: {problem}" + (f" (fix: {problem.fix})" if problem.fix else ""))
            elif field.value is not None:
                params[name] = field.value
        if self.endpoint is None:  # an uncatalogued endpoint: the JSON box holds all parameters
            params = params if notes else dict(params.get(PARAMS_FIELD) or {})
        lines = [magic_line(self.module, self.action, params), python_call(self.module, self.action, params), *notes]
        return redact_text("\n".join(lines), self._secrets)

    def _redact(self, text: str) -> str:
        return redact_text(text, self._secrets)

    def _changed(self, field: Field) -> None:
        field.check()
        self._refresh_code()

    def _refresh_code(self) -> None:
        self.code_view.value = (
            f'<div style="{HELP_STYLE}">As code:</div>'
            f'<pre style="margin:0;white-space:pre-wrap">{_esc(self.code)}</pre>'
        )

    # -- running ---------------------------------------------------------------------------------
    def _problems(self) -> list[tuple[str, str, str]]:
        """Check every field; show each problem with its own fix at its field; return (name, problem, fix)."""
        failing = []
        for name, field in self.fields.items():
            problem = field.problem()
            if problem is not None:
                message, fix = str(problem), problem.fix
            # A parameter the session fills (service_instance <- user_id) may stay empty here.
            elif field.param.required and not field.param.fill and field.value is None:
                message = f"{name} is required" + (f": {field.param.description}" if field.param.description else "")
                fix = f"fill in {name} (marked in the form)"
            else:
                field.show("")
                continue
            field.show(self._redact(problem_text(message, fix)))
            failing.append((name, message, fix))
        return failing

    def _checked_value(self) -> dict[str, Any] | ParameterError:
        """The parameters to send, or a ParameterError about the fields that need attention."""
        failing = self._problems()
        if not failing:
            return self.value
        name, message, fix = failing[0]
        if len(failing) > 1:
            names = ", ".join(n for n, _, _ in failing)
            message = f"{len(failing)} fields need attention: {names}; first: {message}"
            fix = "each field shows its own fix in the form"
        return ParameterError(message, param=name, endpoint=self.key, fix=fix)

    def run(self) -> pd.DataFrame | None:
        """Check the fields and call the endpoint; show and return the DataFrame.

        Never raises: a problem is kept in ``error`` and shown at its field (or
        below the form with its fix), and ``None`` is returned.
        """
        self.output.outputs = ()
        self.status.value = ""
        params = self._checked_value()
        if isinstance(params, ParameterError):  # each field already shows its problem and fix
            self.df, self.error = None, params
            names = [name for name, field in self.fields.items() if field.message.value]
            self.status.value = error_html(f"✗ see {', '.join(names)} above")
            return None
        self.run_button.disabled = True
        self.run_button.description, self.run_button.icon = BUSY_LABEL, BUSY_ICON
        self.status.value = f"calling {_esc(self.key)}…"
        try:
            with partial_pages_shown(lambda _warning: None):  # the status line says it (_show_frame)
                df = self.session.call(self.module, self.action, **params)
        except Exception as err:  # a form shows every failure rather than raising into the event loop
            # Kept without this frame, whose variables hold the field values (%xmode Verbose would print them).
            self._failed(err.with_traceback(err.__traceback__.tb_next if err.__traceback__ else None))
            return None
        finally:
            self.run_button.disabled = False
            self.run_button.description, self.run_button.icon = RUN_LABEL, RUN_ICON
        self.df, self.error = df, None
        self._show_frame(df)
        return df

    def _show_frame(self, df: pd.DataFrame) -> None:
        from .._frames.display import render_html, render_text

        shown = _scrubbed_frame(df, self._secrets)
        self.output.outputs = (_display_data(
            self._redact(render_html(shown, max_rows=self.max_rows)),
            self._redact(render_text(shown, max_rows=self.max_rows)),
        ),)
        rows = len(df)
        text = f'✓ {rows:,} row{"" if rows == 1 else "s"}'
        meta = df.attrs.get("zyntro") or {}
        paging = self.endpoint.paging if self.endpoint is not None else None
        if meta.get("partial") and paging is not None and isinstance(meta.get("total"), int):
            start = self.value.get(paging.offset) or 0
            text = f"✓ {rows_of(rows, meta['total'])} (one page) — set {paging.offset} to {start + rows} for the next"
        self.status.value = f'<span style="color:#15803d">{_esc(text)}</span>'

    def _failed(self, err: BaseException) -> None:
        self.df, self.error = None, err
        if isinstance(err, ZyntroError):
            text = self._redact(err.summary())
        else:
            text = self._redact(f"{type(err).__name__}: {err}")
        field = self._field_for_error(err)
        if field is not None:
            message = err.message if isinstance(err, ZyntroError) else str(err)
            fix = f"\nFix: {err.fix}" if isinstance(err, ZyntroError) and err.fix else ""
            field.show(self._redact(message + fix))
            self.status.value = error_html(f"✗ see {field.param.name} above")
        else:
            self.status.value = error_html(f"✗ {type(err).__name__}")
        if not isinstance(err, ParameterError) or field is None:
            self.output.outputs = (_display_data(error_html(text), text),)

    def _field_for_error(self, err: BaseException) -> Field | None:
        """The field an error is about: ``ParameterError.param``, else the one field its message names."""
        name = getattr(err, "param", None)
        if name in self.fields:
            return self.fields[name]
        if self.endpoint is None or not isinstance(err, ZyntroError):
            return None
        named = [f for n, f in self.fields.items() if re.search(rf"\b{re.escape(n)}\b", err.message)]
        return named[0] if len(named) == 1 else None

    # -- display ---------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The live widget, plus a static HTML and text summary for where widget state is missing."""
        from .static import form_html, form_text

        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = form_text(self)
        bundle["text/html"] = form_html(self)
        return bundle

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.value.items())
        return self._redact(f"<EndpointForm {self.key}({shown})>")
