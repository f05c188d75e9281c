"""Checks for endpoint names and endpoint definitions, before they are used or sent.

``check_name`` guards the ``module`` and ``action`` that become part of a URL (no
``/``, ``..``, spaces, empty or overlong names); ``check_definition`` looks at one
catalog definition (``zn.catalog.register({...})`` or a ``ZYNTRO_CATALOG`` file) and
raises a :class:`CatalogError` naming the endpoint and the field at fault.

Example::

    >>> check_name("action", "fetchContact")
    'fetchContact'
    >>> try:
    ...     check_definition({"module": "crm", "action": "x", "params": [{"name": "a", "type": "text"}]})
    ... except CatalogError as err:
    ...     print(err.message)
    crm/x: params[0].type is 'text', not a known type
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .._errors import CatalogError, ParameterError, ZyntroError

NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
NAME_MAX = 64
PARAM_TYPES = frozenset({"string", "integer", "float", "number", "boolean", "object", "array", "mixed"})
PARAM_KEYS = frozenset({"name", "type", "required", "default", "enum", "description"})
_IDENTIFIERS = ("api_key", "developer_secret", "org_id", "brand_id", "member_id")
# What an answer field holds (``answer_fields``): "datetime" is the API's wall-clock text
# (``YYYY-MM-DD HH:MM:SS``), "datetime_utc" ISO 8601 with an offset (or ``T`` without one: UTC),
# "amount" decimal text (``"500.00"``), "list" a list of plain values, "records" a list of objects,
# "any" a field answered only empty so far.
ANSWER_TYPES = ("string", "integer", "number", "boolean", "datetime", "datetime_utc", "date", "amount", "object",
                "list", "records", "any")
VERIFY_KEYS = frozenset({"endpoint", "from", "set", "look_for", "within", "match", "keep", "baseline", "needs",
                         "unseen", "covers", "cannot"})


def check_name(kind: str, value: Any, error: type[ZyntroError] = ParameterError, endpoint: str | None = None) -> str:
    """``value`` if it is a usable module or action name, else ``error`` saying what is wrong."""
    fix = (f"pass the {kind} as plain text of letters, digits, '_' or '-', starting with a letter "
           "(s.find('words') searches the catalog)")
    if not isinstance(value, str):
        raise error(f"the {kind} must be text, not {type(value).__name__} ({value!r:.40})", fix=fix,
                    endpoint=endpoint, sent=False)
    if not value.strip():
        raise error(f"the {kind} is empty", fix=fix, endpoint=endpoint, sent=False)
    if len(value) > NAME_MAX:
        raise error(f"the {kind} is {len(value)} characters long (at most {NAME_MAX})", fix=fix,
                    endpoint=endpoint, sent=False)
    if not NAME_PATTERN.fullmatch(value):
        bad = next((c for c in value if not (c.isascii() and (c.isalnum() or c in "_-"))), value[:1])
        what = {"/": "a '/'", " ": "a space", ".": "a '.'"}.get(bad, f"{bad!r}")
        if kind == "module" and "/" in value:
            fix = "pass module and action separately: s.call('crm', 'fetchContact', ...)"
        raise error(f"the {kind} {value!r:.70} contains {what}, which cannot be part of an endpoint's address",
                    fix=fix, endpoint=endpoint, sent=False)
    return value


def _fail(key: str, what: str, fix: str) -> CatalogError:
    return CatalogError(f"{key}: {what}", fix=fix, endpoint=key, sent=False)


def _type_ok(kind: Any) -> bool:
    return isinstance(kind, str) and all(part in PARAM_TYPES for part in kind.split("|"))


def check_definition(data: Any, known_keys: frozenset[str] | None = None,
                     param_keys: frozenset[str] = PARAM_KEYS) -> None:
    """Raise a CatalogError naming the endpoint and field when ``data`` is not a usable definition."""
    if not isinstance(data, Mapping):
        raise CatalogError(f"an endpoint definition must be a JSON object (dict), not {type(data).__name__}",
                           fix='write {"module": "crm", "action": "myAction", ...}', sent=False)
    for kind in ("module", "action"):
        if kind not in data:
            raise CatalogError(f"an endpoint definition lacks {kind!r}",
                               fix="give every definition at least 'module' and 'action'", sent=False)
        check_name(kind, data[kind], CatalogError)
    key = f"{data['module']}/{data['action']}"
    if known_keys is not None:
        unknown = sorted(map(str, set(data) - known_keys))
        if unknown:
            raise _fail(key, f"unknown keys: {', '.join(unknown)}",
                        f"use only these keys: {', '.join(sorted(known_keys))}")
    for flag in ("read_only", "help", "idempotent", "legacy"):
        if flag in data and not isinstance(data[flag], bool):
            raise _fail(key, f"{flag} is {data[flag]!r:.40}, not true or false", f"write \"{flag}\": true or false")
    for text in ("title", "summary", "path", "group", "response", "notes"):
        if data.get(text) is not None and not isinstance(data[text], str):
            raise _fail(key, f"{text} must be text, not {type(data[text]).__name__}", f"write \"{text}\": \"…\"")
    path = data.get("path")
    if path and (not path.startswith("/") or any(c.isspace() for c in path) or ".." in path or "?" in path):
        raise _fail(key, f"path {path!r:.60} is not an absolute URL path", 'write "path": "/apis/v2/public/mod/act"')
    identifiers = data.get("identifiers") or []
    if not isinstance(identifiers, (list, tuple)) or any(i not in _IDENTIFIERS for i in identifiers):
        raise _fail(key, f"identifiers {identifiers!r:.60} names something other than the base identifiers",
                    f"list some of {', '.join(_IDENTIFIERS)}")
    _check_params(key, data.get("params"), param_keys)
    _check_parts(key, data)


def _check_params(key: str, params: Any, param_keys: frozenset[str]) -> None:
    if params is None:
        return
    if not isinstance(params, (list, tuple)):
        raise _fail(key, f"params must be a list, not {type(params).__name__}",
                    'write "params": [{"name": "contact_id", "type": "string", "required": true}]')
    seen: set[str] = set()
    for i, raw in enumerate(params):
        where = f"params[{i}]"
        if isinstance(raw, str):
            raw = {"name": raw}
        if not isinstance(raw, Mapping):
            raise _fail(key, f"{where} must be an object or a name, not {type(raw).__name__}",
                        'write {"name": "contact_id", "type": "string"}')
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _fail(key, f"{where} has no name", f'give {where} a "name"')
        if name in seen:
            raise _fail(key, f"{where}: parameter {name!r} is listed twice", "list each parameter once")
        seen.add(name)
        if name in _IDENTIFIERS:
            raise _fail(key, f"{where}: {name} is an identifier, not a parameter", 'list it under "identifiers"')
        extra = set(raw) - param_keys
        if extra:
            raise _fail(key, f"{where} ({name}) has unknown keys: {', '.join(sorted(map(str, extra)))}",
                        f"use {', '.join(sorted(param_keys))}")
        if raw.get("type") is not None and not _type_ok(raw["type"]):
            raise _fail(key, f"{where}.type is {raw['type']!r}, not a known type",
                        f"use one of {', '.join(sorted(PARAM_TYPES))}")
        if "required" in raw and not isinstance(raw["required"], bool):
            raise _fail(key, f"{where}.required is {raw['required']!r:.30}, not true or false",
                        '"required": true or false')
        enum = raw.get("enum")
        if enum is not None and (not isinstance(enum, (list, tuple)) or not enum
                                 or any(isinstance(v, (dict, list)) for v in enum)):
            raise _fail(key, f"{where}.enum must be a non-empty list of plain values", '"enum": ["a", "b"]')
        if raw.get("description") is not None and not isinstance(raw["description"], str):
            raise _fail(key, f"{where}.description must be text", '"description": "…"')


def _check_parts(key: str, data: Mapping[str, Any]) -> None:
    paging = data.get("paging")
    if paging is not None:
        allowed = {"limit", "offset", "total", "page_size"}
        if not isinstance(paging, Mapping) or set(paging) - allowed:
            raise _fail(key, "paging must be an object with limit, offset, total and page_size",
                        '"paging": {"limit": "limit", "offset": "offset", "total": "count", "page_size": 50}')
        size = paging.get("page_size", 50)
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise _fail(key, f"paging.page_size is {size!r:.30}, not a positive whole number", '"page_size": 50')
    rows = data.get("rows")
    if rows is not None and (not isinstance(rows, Mapping) or not isinstance(rows.get("path"), str)
                             or set(rows) - {"path", "columns"}):
        raise _fail(key, "rows must be an object with a 'path' (and optional 'columns')", '"rows": {"path": "fields"}')
    for listed in ("fields", "secret_fields", "records"):
        value = data.get(listed)
        if value is not None and (not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value)):
            raise _fail(key, f"{listed} must be a list of names", f'"{listed}": ["a", "b"]')
    _check_answer_fields(key, data.get("answer_fields"))
    verify = data.get("verify")
    if verify is not None:
        if not isinstance(verify, Mapping) or set(verify) - VERIFY_KEYS:
            raise _fail(key, f"verify must be an object with some of {', '.join(sorted(VERIFY_KEYS))}",
                        '"verify": {"endpoint": "crm/fetchContact", "from": {"contact_id": "contact_id"}}')
        for part in ("within", "baseline", "cannot", "look_for"):
            if verify.get(part) is not None and not isinstance(verify[part], str):
                raise _fail(key, f"verify.{part} must be text", '"within": "notes"')
        for part in ("needs", "unseen", "covers"):
            value = verify.get(part)
            if value is not None and (not isinstance(value, (list, tuple))
                                      or not all(isinstance(v, str) for v in value)):
                raise _fail(key, f"verify.{part} must be a list of paths in the write's body", f'"{part}": ["fields"]')
        target = verify.get("endpoint")
        if target is None and verify.get("cannot"):
            pass  # no read can tell: "cannot" says why and what to do
        elif not isinstance(target, str) or target.count("/") != 1:
            raise _fail(key, f"verify.endpoint is {target!r:.40}, not 'module/action'",
                        '"endpoint": "crm/fetchContact"')
        for part in ("from", "set", "match", "keep"):
            if verify.get(part) is not None and not isinstance(verify[part], Mapping):
                raise _fail(key, f"verify.{part} must be an object", f'"{part}": {{"contact_id": "contact_id"}}')


def _check_answer_fields(key: str, answer: Any) -> None:
    if answer is None:
        return
    if not isinstance(answer, Mapping) or not all(isinstance(k, str) and k for k in answer):
        raise _fail(key, "answer_fields must be an object of field name -> type",
                    '"answer_fields": {"ts_id": "string"}')
    for name, kind in answer.items():
        if kind not in ANSWER_TYPES:
            raise _fail(key, f"answer_fields.{name} is {kind!r:.40}, not a known answer type",
                        f"use one of {', '.join(ANSWER_TYPES)}")
