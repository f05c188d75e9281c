"""Namespaced methods generated from the catalog: ``session.crm.fetchContact(contact_id=...)``.

Each method has a real signature and docstring built from the endpoint's
definition, so IPython's ``?`` and Tab completion show its parameters. All of
them call :meth:`Session.call`.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True)
    >>> import inspect
    >>> "contact_id" in inspect.signature(s.crm.fetchContact).parameters
    True
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._catalog.catalog import Endpoint
from .._errors import ParameterError
from .._secret import hide_frames

if TYPE_CHECKING:
    from .session import Session

_ANNOTATIONS = {
    "string": "str",
    "integer": "int",
    "float": "float",
    "number": "float",
    "boolean": "bool",
    "object": "dict",
    "array": "list",
}


def describe(endpoint: Endpoint) -> str:
    """A help text for an endpoint: summary, parameters, identifiers, paging, an example."""
    lines = [f"{endpoint.title} — {endpoint.key}", "", endpoint.summary or "(no summary)", ""]
    lines.append(f"{'Read-only (retried on transient failures).' if endpoint.read_only else 'Write (never retried).'}")
    if endpoint.identifiers:
        lines.append(f"Identifiers required: {', '.join(endpoint.identifiers)} (taken from the session)")
    if endpoint.params:
        lines += ["", "Parameters:"]
        for p in endpoint.params:
            bits = [p.type, "required" if p.required else "optional"]
            if p.default is not None:
                bits.append(f"server default {p.default!r}")
            if p.enum:
                bits.append("one of " + ", ".join(repr(v) for v in p.enum))
            lines.append(f"  {p.name} ({'; '.join(bits)})" + (f": {p.description}" if p.description else ""))
    else:
        lines += ["", "Parameters: none documented."]
    lines += answer_lines(endpoint)
    if endpoint.paging:
        paging = endpoint.paging
        lines += ["", f"Pages with {paging.limit}/{paging.offset}; pass all_pages=True for every page."]
    if endpoint.help:
        lines.append("help=True returns the API's own usage text (no credentials needed).")
    if endpoint.notes:
        lines += ["", f"Notes: {endpoint.notes}"]
    lines += ["", "Example:", f"  {example_call(endpoint)}"]
    return "\n".join(lines)


def answer_lines(endpoint: Endpoint, width: int = 100) -> list[str]:
    """The answer's fields with their types, as wrapped help lines (none when the catalog does not know them)."""
    import textwrap

    if not endpoint.answer_fields:
        return []
    # A no-break space keeps each "name (type)" on one line; it is a plain space again once wrapped.
    text = ", ".join(f"{name}\u00a0({kind})" for name, kind in endpoint.answer_fields.columns().items())
    lines = textwrap.wrap(text, width=width, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)
    return ["", "Answer fields (the DataFrame's columns; nested objects as dotted names):",
            *(line.replace("\u00a0", " ") for line in lines)]


def example_call(endpoint: Endpoint) -> str:
    args = ", ".join(f"{p.name}={_placeholder(p)}" for p in endpoint.required_params)
    return f"session.{endpoint.module}.{endpoint.action}({args})"


def _placeholder(param: Any) -> str:
    if param.enum:
        return repr(param.enum[0])
    return {"integer": "1", "float": "1.0", "boolean": "True", "object": "{...}", "array": "[...]"}.get(
        param.type, "'…'"
    )


def make_method(session: Session, endpoint: Endpoint) -> Callable[..., Any]:
    """A function calling ``session.call(module, action, ...)`` with the endpoint's signature."""

    @hide_frames
    def method(*args: Any, **params: Any) -> Any:
        if args:
            names = ", ".join(f"{p.name}=…" for p in endpoint.required_params) or "name=value"
            raise ParameterError(
                f"{endpoint.key} takes keyword arguments only, and was given {len(args)} positional",
                cause="the API's fields have names; a bare value cannot say which field it is",
                fix=f"name each value: {endpoint.module}.{endpoint.action}({names})",
                endpoint=endpoint.key,
            )
        return session.call(endpoint.module, endpoint.action, **params)

    parameters = []
    for p in endpoint.params:
        if not p.name.isidentifier() or keyword.iskeyword(p.name):
            continue
        parameters.append(
            inspect.Parameter(
                p.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=inspect.Parameter.empty if p.required else None,
                annotation=_ANNOTATIONS.get(p.type, "Any"),
            )
        )
    parameters.append(inspect.Parameter("raw", inspect.Parameter.KEYWORD_ONLY, default=False, annotation="bool"))
    if endpoint.paging:
        parameters.append(
            inspect.Parameter("all_pages", inspect.Parameter.KEYWORD_ONLY, default=False, annotation="bool")
        )
    method.__signature__ = inspect.Signature(parameters, return_annotation="pandas.DataFrame")  # type: ignore[attr-defined]
    method.bulk = _bulk_method(session, endpoint)  # type: ignore[attr-defined]
    if endpoint.paging:
        method.pages = _pages_method(session, endpoint)  # type: ignore[attr-defined]
    method.__name__ = endpoint.action if endpoint.action.isidentifier() else "call"
    method.__qualname__ = f"{endpoint.module}.{method.__name__}"
    method.__doc__ = describe(endpoint)
    return method


def _bulk_method(session: Session, endpoint: Endpoint) -> Callable[..., Any]:
    """``session.crm.addNotestoContact.bulk(rows, ...)``: ``session.bulk`` for this endpoint."""

    def bulk(rows: Any, **options: Any) -> Any:
        return session.bulk(endpoint.module, endpoint.action, rows, **options)

    bulk.__name__ = "bulk"
    bulk.__qualname__ = f"{endpoint.module}.{endpoint.action}.bulk"
    bulk.__doc__ = (f"Call {endpoint.key} once per row of a DataFrame or list of dicts; "
                    f"see Session.bulk.\n\nExample:\n  {example_call(endpoint).replace('(', '.bulk(rows, ', 1)}")
    return bulk


def _pages_method(session: Session, endpoint: Endpoint) -> Callable[..., Any]:
    """``session.edge.getEnrollments.pages(...)``: ``session.iter_pages`` for this endpoint."""

    def pages(**params: Any) -> Any:
        return session.iter_pages(endpoint.module, endpoint.action, **params)

    pages.__name__ = "pages"
    pages.__qualname__ = f"{endpoint.module}.{endpoint.action}.pages"
    pages.__doc__ = f"One DataFrame per page of {endpoint.key}, fetched lazily; see Session.iter_pages."
    return pages


class ModuleNamespace:
    """The endpoints of one module as methods; uncatalogued actions are callable too."""

    def __init__(self, session: Session, module: str) -> None:
        self._session = session
        self._module = module

    def _endpoints(self) -> list[Endpoint]:
        catalog = self._session.catalog
        return [e for a in catalog.actions(self._module) if (e := catalog.get(self._module, a))]

    def __getattr__(self, action: str) -> Callable[..., Any]:
        if action.startswith("_"):
            raise AttributeError(action)
        endpoint = self._session.catalog.resolve(self._module, action)
        return make_method(self._session, endpoint)

    def __dir__(self) -> list[str]:
        return sorted({e.action for e in self._endpoints() if e.action.isidentifier()})

    def __repr__(self) -> str:
        actions = ", ".join(self.__dir__()) or "no catalogued actions"
        return f"<zyntro module {self._module}: {actions}>"
