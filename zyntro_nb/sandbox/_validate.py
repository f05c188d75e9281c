"""Generic parameter validation from the catalog: presence, type, enum, defaults.

One function serves every endpoint; endpoint-specific rules live in the handlers.
Messages name the field and the fix, e.g. ``Missing contact_id`` or
``Invalid mode 'foo': must be one of insert, update, upsert``.

Example::

    >>> params = validate_params(catalog.get("crm", "addContactsFull"), {"contact": {}})  # doctest: +SKIP
    >>> params["mode"]                                                                       # doctest: +SKIP
    'upsert'
"""

from __future__ import annotations

import re
from typing import Any

from zyntro_nb._catalog.catalog import BASE_IDENTIFIERS, Endpoint, Param

from ._request import ApiError

_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?\d+(\.\d+)?$")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}
# Documented wordings that differ from the generic "Missing <name>".
_MISSING_MESSAGES = {"wallet_id": "Missing wallet ID"}


def _integer(p: Param, value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT.match(value.strip()):
        return int(value.strip())
    raise ApiError(f"{p.name} must be an integer")


def _number(p: Param, value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and _NUM.match(value.strip()):
        return float(value.strip())
    raise ApiError(f"{p.name} must be a number")


def _boolean(p: Param, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ApiError(f"{p.name} must be true or false")


def _string(p: Param, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ApiError(f"{p.name} must be a string")


def _convert(p: Param, value: Any) -> Any:
    kind = p.type
    if kind == "integer":
        return _integer(p, value)
    if kind in ("float", "number"):
        return _number(p, value)
    if kind == "boolean":
        return _boolean(p, value)
    if kind == "object":
        if not isinstance(value, dict):
            raise ApiError(f"{p.name} must be a JSON object")
        return value
    if kind == "array":
        if not isinstance(value, list):
            raise ApiError(f"{p.name} must be a JSON array")
        return value
    if kind == "string|object":
        if isinstance(value, dict):
            return value
        return _string(p, value)
    if kind == "mixed":
        return value
    return _string(p, value)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate_params(endpoint: Endpoint, body: dict[str, Any]) -> dict[str, Any]:
    """The endpoint's parameters from ``body``: converted, checked against enums, defaults filled.

    Identifiers and ``help`` are left out (authentication handles identifiers).
    Unknown body keys are ignored, as the API does.
    """
    params: dict[str, Any] = {}
    for p in endpoint.params:
        if p.name in BASE_IDENTIFIERS or p.name == "help" or p.fill:  # identities: checked by _auth
            continue
        value = body.get(p.name)
        if _missing(value):
            if p.required:
                raise ApiError(_MISSING_MESSAGES.get(p.name, f"Missing {p.name}"))
            params[p.name] = p.default
            continue
        value = _convert(p, value)
        if p.enum is not None and value not in p.enum:
            allowed = ", ".join(str(v) for v in p.enum)
            raise ApiError(f"Invalid {p.name} '{value}': must be one of {allowed}")
        params[p.name] = value
    return params


def require_range(name: str, value: float, low: float, high: float) -> None:
    """Raise ``<name> must be between <low> and <high>`` when ``value`` is outside."""
    if not low <= value <= high:
        raise ApiError(f"{name} must be between {low:g} and {high:g}")
