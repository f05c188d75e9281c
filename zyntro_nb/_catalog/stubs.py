"""Typed endpoint code for editors, generated from the catalog: ``zyntro_nb/_catalog/typed.py``.

Type checkers and editors (pyright, Pylance, mypy) cannot see methods made at run time, so
the catalog's endpoints are also written out as typed Protocols: one class per endpoint
whose ``__call__`` has the endpoint's parameters (types, enums as ``Literal``, required ones
without a default, descriptions in the docstring) and returns a ``pandas.DataFrame`` — or an
``Envelope`` with ``raw=True`` — and one class per module. ``Session`` declares its module
namespaces with them for type checkers only; at run time nothing changes.

Regenerate after the catalog changes (``tests/catalog/test_stubs.py`` fails until then)::

    python -m zyntro_nb._catalog.stubs          # rewrites zyntro_nb/_catalog/typed.py
    python -m zyntro_nb._catalog.stubs --check  # exit status 1 when it is out of date

Example::

    >>> from zyntro_nb._catalog.catalog import Catalog
    >>> text = render(Catalog.builtin())
    >>> "class CrmFetchContact(Protocol):" in text and "contact_id: str," in text
    True
"""

from __future__ import annotations

import keyword
import sys
from collections.abc import Iterable
from pathlib import Path

from .catalog import Catalog, Endpoint, Param

TARGET = Path(__file__).with_name("typed.py")
# The catalog's parameter types as Python annotations (a "string|integer" union takes each part).
_ANNOTATIONS = {"string": "str", "integer": "int", "float": "float", "number": "float", "boolean": "bool",
                "object": "dict[str, Any]", "array": "list[Any]", "mixed": "Any"}
# Keywords every call takes (Session.call's own), after the endpoint's parameters.
_CALL_OPTIONS = ("timeout: float | httpx.Timeout | None = ...", "max_retries: int | None = ...",
                 "deadline: float | None = ...", "extra: Mapping[str, Any] | None = ...", "force: bool = ...")
_IDENTIFIER_TYPES = {"brand_id": "str | int"}

_HEADER = '''"""Typed endpoints, generated from the catalog by ``python -m zyntro_nb._catalog.stubs``: do not edit.

What editors and type checkers see of ``session.<module>.<action>(...)``: one Protocol per
endpoint (its parameters, their types and descriptions; a DataFrame, or the ``Envelope`` with
``raw=True``) and one per module. ``Session`` uses them for type checking only; endpoints
added at run time (a user catalog) are still callable, untyped.

Example::

    >>> Envelope.__required_keys__
    frozenset({'status'})
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypedDict, overload

if TYPE_CHECKING:
    import httpx
    import pandas as pd


class _Status(TypedDict):
    status: str


class Envelope(_Status, total=False):
    """The API's answer as sent (``raw=True``): ``status``, ``data`` and the keys some endpoints add."""

    data: Any
    errors: list[str]
    message: str
    count: int
    existing: bool
    billing_customer_id: str
    ts_id: str
'''


def _class_name(*parts: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in parts if part).replace("-", "_")


def _annotation(param: Param) -> str:
    if param.enum:
        return f"Literal[{', '.join(repr(v) for v in param.enum)}]"
    kinds = [_ANNOTATIONS.get(part, "Any") for part in param.type.split("|")]
    if "Any" in kinds:
        return "Any"
    if "str" in kinds and _is_time_param(param.name):
        kinds.append("datetime.datetime")  # sent in the API's time format (zyntro_nb._frames.types.prepare_times)
    return " | ".join(dict.fromkeys(kinds))


def _is_time_param(name: str) -> bool:
    return ("date" in name or "time" in name) and not name.endswith("timezone")


def _typed_params(endpoint: Endpoint) -> list[Param]:
    return [p for p in endpoint.params if p.name.isidentifier() and not keyword.iskeyword(p.name)]


def _signature(endpoint: Endpoint, raw: bool) -> list[str]:
    """The keyword parameters of one ``__call__`` overload (``raw`` picks the DataFrame or the envelope one)."""
    params = _typed_params(endpoint)
    lines = [f"{p.name}: {_annotation(p)}," for p in params if p.required]
    lines += [f"{p.name}: {_annotation(p)} | None = ...," for p in params if not p.required]
    lines.append("raw: Literal[True]," if raw else "raw: Literal[False] = ...,")
    if endpoint.paging:
        lines.append("all_pages: bool = ...,")
    if not raw:
        lines += ["parse: bool | None = ...,", "expand: str | None = ...,"]
    if endpoint.help:
        lines.append("help: bool = ...,")
    lines += [f"{name}: {_IDENTIFIER_TYPES.get(name, 'str')} | None = ...," for name in endpoint.identifiers]
    lines += [f"{option}," for option in _CALL_OPTIONS]
    # A documented parameter wins over a call option of the same name (help).
    unique: dict[str, str] = {}
    for line in lines:
        unique.setdefault(line.split(":")[0], line)
    return list(unique.values())


def _docstring(endpoint: Endpoint, indent: str, raw: bool) -> list[str]:
    import textwrap

    def wrapped(text: str, first: str, rest: str) -> list[str]:
        return textwrap.wrap(text, width=110 - len(indent), initial_indent=first, subsequent_indent=rest,
                             break_on_hyphens=False, break_long_words=False) or [first.rstrip()]

    text = [f"{endpoint.title} — {endpoint.key}."]
    if endpoint.summary:
        text += ["", *wrapped(endpoint.summary, "", "")]
    params = _typed_params(endpoint)
    if params:
        text += ["", "Args:"]
        for p in params:
            bits = [p.description.strip() or p.type]
            if p.default is not None:
                bits.append(f"(server default {p.default!r})")
            text += wrapped(f"{p.name}: {' '.join(bits)}", "    ", "        ")
    text += ["", "Returns:"]
    if raw:
        text.append("    The API's answer as sent (status, data, …), credentials redacted.")
    elif endpoint.answer_fields:
        # One "name (type)" is never split across lines.
        items = [f"{name} ({kind})" for name, kind in endpoint.answer_fields.columns().items()]
        line = "    A DataFrame with the columns"
        for number, item in enumerate(items):
            item += "." if number == len(items) - 1 else ","
            if len(indent) + len(line) + 1 + len(item) > 110:
                text.append(line)
                line = "   "
            line += " " + item
        text.append(line)
    else:
        text.append("    A DataFrame of the answer.")
    body = "\n".join(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = body.splitlines()
    return [f'{indent}"""{lines[0]}', *[f"{indent}{line}" if line else "" for line in lines[1:]], f'{indent}"""']


def _endpoint_class(endpoint: Endpoint) -> list[str]:
    name = _class_name(endpoint.module, endpoint.action)
    out = ["", "", f"class {name}(Protocol):", f'    """``session.{endpoint.module}.{endpoint.action}(...)``."""']
    for raw in (False, True):
        returns = "Envelope" if raw else "pd.DataFrame"
        out += ["", "    @overload", "    def __call__(", "        self,", "        *,"]
        out += [f"        {line}" for line in _signature(endpoint, raw)]
        out.append(f"    ) -> {returns}:")
        out += _docstring(endpoint, "        ", raw)
    out += ["", "    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:",
            f'        """Call {endpoint.key} once per row of a DataFrame or list of dicts (``Session.bulk``)."""']
    if endpoint.paging:
        out += ["", "    def pages(self, **params: Any) -> Iterator[pd.DataFrame]:",
                f'        """One DataFrame per page of {endpoint.key}, fetched lazily (``Session.iter_pages``)."""']
    return out


def _module_class(module: str, endpoints: Iterable[Endpoint]) -> list[str]:
    out = ["", "", f"class {_class_name(module)}(Protocol):",
           f'    """``session.{module}``: the catalogued {module} endpoints (others: untyped, as attributes)."""']
    for endpoint in endpoints:
        kind = _class_name(endpoint.module, endpoint.action)
        out += ["", "    @property", f"    def {endpoint.action}(self) -> {kind}:",
                f'        """{endpoint.summary or endpoint.title}"""'.replace("\\", "\\\\")]
    out += ["", "    def __getattr__(self, action: str) -> Any:",
            '        """An action the catalog gained at run time (a user catalog), or an uncatalogued one."""']
    return out


def _typed(endpoints: list[Endpoint]) -> list[Endpoint]:
    return [e for e in endpoints if e.action.isidentifier() and not keyword.iskeyword(e.action)
            and e.module.isidentifier() and not keyword.iskeyword(e.module)]


def render(catalog: Catalog) -> str:
    """The text of ``typed.py`` for ``catalog`` (the builtin one is what ships)."""
    endpoints = _typed(list(catalog))
    modules = list(dict.fromkeys(e.module for e in endpoints))
    out = [_HEADER.rstrip("\n")]
    for endpoint in endpoints:
        out += _endpoint_class(endpoint)
    for module in modules:
        out += _module_class(module, [e for e in endpoints if e.module == module])
    out += ["", "", "class Modules:", '    """The catalogued modules as ``Session`` attributes, for type checkers."""',
            ""]
    out += [f"    {module}: {_class_name(module)}" for module in modules]
    out += ["", "", f"__all__ = {sorted(['Envelope', 'Modules'])!r}"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``typed.py`` from the builtin catalog; ``--check`` only says whether it is up to date."""
    args = sys.argv[1:] if argv is None else argv
    text = render(Catalog.builtin())
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if "--check" in args:
        if current != text:
            print(f"{TARGET} is out of date: run python -m zyntro_nb._catalog.stubs", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["TARGET", "main", "render"]
