"""Turning ``module, action, **params`` into a checked request body, before anything is sent.

Checks come from the catalog: required identifiers (with the API's own message
for a missing one), required parameters, unknown names (with a suggestion),
types and enum values. Nothing here touches the network.

Example::

    >>> from zyntro_nb._catalog.catalog import Catalog
    >>> from zyntro_nb._config import Config
    >>> cfg = Config.resolve(api_key="K-1", org_id="42cc1aca-3aa5-4339-98d2-480b5b89937b", env={})
    >>> call = prepare(Catalog.builtin(), cfg, "account", "fetchWallet", {"wallet_id": "w1"})
    >>> call.url, call.body["wallet_id"]
    ('https://app.zyntrohq.com/apis/v2/public/account/fetchWallet', 'w1')
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._catalog.catalog import BASE_IDENTIFIERS, Catalog, Endpoint, Param
from ._catalog.definition import check_name
from ._config import ENV_VARS, Config
from ._defaults import MAX_DEPTH
from ._errors import (
    DOCUMENTED_ERRORS,
    MISSING_IDENTIFIER_MESSAGES,
    ConfigurationError,
    ParameterError,
    ZyntroError,
)
from ._secret import Secret, looks_like_credential, preview, redacted_copy, secrets_in
from ._values import first_problem


def _is_decimal(value: Any) -> bool:
    # No Decimal can exist before the decimal module is loaded, so it need not be imported here.
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "float": "a number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a JSON object (dict)",
    "array": "a list",
}


@dataclass(frozen=True)
class PreparedCall:
    """A validated request, ready to send. ``body`` holds real secrets: show ``redacted_body``."""

    endpoint: Endpoint
    url: str
    body: dict[str, Any] = field(repr=False)

    @property
    def redacted_body(self) -> dict[str, Any]:
        """The body with every credential (identifiers, ``*secret*``/``*token*`` fields) as redacted text."""
        return redacted_copy(self.body)

    def secrets(self) -> tuple[str, ...]:
        """The plain credentials this call sends (the session's and any given to this call alone)."""
        return secrets_in(self.body)

    def encode(self) -> bytes:
        """The JSON body as sent: the one place a Secret is revealed."""
        return json.dumps(self.body, default=_sending_default, ensure_ascii=False).encode("utf-8")

    def __repr__(self) -> str:
        return f"PreparedCall({self.endpoint.key}, url={self.url!r}, body={self.redacted_body!r})"


def json_default(value: Any) -> Any:
    """Encode values that plain ``json`` refuses: numpy scalars, timestamps, decimals, sets; Secrets redacted."""
    if isinstance(value, Secret):
        return str(value)
    if hasattr(value, "item") and callable(value.item):  # numpy / pandas scalars
        return value.item()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if _is_decimal(value):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} values cannot be sent as JSON")


def _sending_default(value: Any) -> Any:
    return value.reveal() if isinstance(value, Secret) else json_default(value)


def _is_missing(value: Any) -> bool:
    """A blank cell of a table: None, NaN, NaT or pd.NA (bulk rows leave these out).

    A single call is stricter: only ``None`` means "not given" there, and NaN or NaT
    are refused (see :func:`check_plain`), since a NaN amount silently left out of a
    charge is a charge without the override.
    """
    if value is None:
        return True
    try:
        return (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "NaT")
    except Exception:  # pragma: no cover - exotic objects
        return False


def _pandas_missing(value: Any) -> str | None:
    """A name for pandas' and float's missing markers (NaN, NaT, pd.NA), which are refused, not dropped."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if type(value).__name__ in ("NAType", "NaTType"):
        return "pd.NA" if type(value).__name__ == "NAType" else "NaT"
    return None


def _container_kind(value: Any) -> str | None:
    """'a pandas Series', 'a DataFrame', 'a numpy array' for values that are whole columns or tables."""
    module = type(value).__module__.split(".")[0]
    if module == "pandas" and type(value).__name__ in ("Series", "DataFrame", "Index"):
        return f"a pandas {type(value).__name__}"
    if module == "numpy" and getattr(value, "ndim", None):
        return "a numpy array"
    return None


def _numpy_scalar(value: Any) -> Any:
    """The Python value of a numpy scalar (``np.int64(3)`` -> ``3``), else ``None``."""
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        return value.item()
    return None


def check_plain(name: str, value: Any, endpoint: Endpoint) -> None:
    """Refuse values that cannot be sent faithfully: missing markers, whole columns, NaN/±Infinity,
    nesting deeper than the limit, invalid Unicode (at any depth)."""
    missing = _pandas_missing(value)
    if missing:
        raise ParameterError(
            f"{name} is {missing} (a missing value), which JSON cannot carry",
            cause="sending it would drop the field silently or send null",
            fix=f"pass {name}=None (or leave it out) to send nothing, or give a real value",
            param=name,
            endpoint=endpoint.key,
        )
    kind = _container_kind(value)
    if kind:
        raise ParameterError(
            f"{name} is {kind}, not a single value",
            fix=f"pass one value (e.g. {name}=series.iloc[0]) or a list ({name}=series.tolist()); "
            "for one call per row, loop over the rows",
            param=name,
            endpoint=endpoint.key,
        )
    problem = first_problem(value, name)
    if problem:
        where, what = problem
        raise ParameterError(
            f"{where} {what}",
            fix="pass finite numbers (None to leave a field out), text without lone surrogates, "
            f"and at most {MAX_DEPTH} levels of nesting",
            param=name,
            endpoint=endpoint.key,
        )


def _missing_identifier(name: str, endpoint: Endpoint) -> ConfigurationError:
    message = MISSING_IDENTIFIER_MESSAGES.get(name, f"Missing {name.replace('_id', ' ID')}")
    documented = DOCUMENTED_ERRORS.get(message)
    env_var = "ZYNTRO_" + name.upper()
    return ConfigurationError(
        message,
        cause=documented.cause if documented else f"{endpoint.key} needs {name} and the session has none",
        fix=(documented.fix if documented else f"set {env_var} or use session.using({name}=…)"),
        endpoint=endpoint.key,
        sent=False,
    )


def _missing_param(param: Param, endpoint: Endpoint) -> ZyntroError:
    described = f" ({param.description})" if param.description else ""
    if param.fill:
        env_var = ENV_VARS.get(param.fill, "ZYNTRO_" + param.fill.upper())
        return ConfigurationError(
            f"missing required parameter {param.name!r}{described}",
            cause=f"{endpoint.key} authenticates with {param.name}, which the session fills from its "
            f"{param.fill}, and the session has none",
            fix=f"set {env_var} or connect with {param.fill}=… (developers/fetchIdentifiers returns it), "
            f"or pass {param.name}=…",
            endpoint=endpoint.key,
            sent=False,
        )
    return ParameterError(
        f"missing required parameter {param.name!r}{described}",
        param=param.name,
        fix=f"pass {param.name}={_example(param)}",
        endpoint=endpoint.key,
    )


def unknown_param(endpoint: Endpoint, name: str) -> ParameterError:
    """The error for a parameter the catalog does not document, suggesting the closest name."""
    import difflib

    known = [p.name for p in endpoint.params]
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return ParameterError(
        f"{endpoint.key} has no parameter {name!r}",
        param=name,
        fix=f"{hint}documented: {', '.join(known) or 'none'}; "
        "to send an undocumented field anyway, pass it in extra={...}",
        endpoint=endpoint.key,
    )


def check_value(param: Param, value: Any, endpoint: Endpoint) -> Any:
    """Validate one value against its catalog entry; returns the value to send."""
    kind = param.type
    if param.is_flag and isinstance(value, bool):
        value = int(value)
    ok = True
    scalar = _numpy_scalar(value)
    if scalar is not None:
        value = scalar
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok and isinstance(value, float) and value.is_integer() and math.isfinite(value):
            value, ok = int(value), True  # 3.0 from a float column is the whole number 3
    elif kind in ("float", "number"):
        ok = (isinstance(value, (int, float)) or _is_decimal(value)) and not isinstance(value, bool)
        if ok and not math.isfinite(float(value)):
            raise ParameterError(
                f"{param.name} is {value!r}, not a finite number",
                fix=f"pass a finite number such as {param.name}=1.5 (None to leave it out)",
                param=param.name,
                endpoint=endpoint.key,
            )
    elif kind == "boolean":
        ok = isinstance(value, bool) or value in (0, 1)
    elif kind == "string":
        ok = isinstance(value, (str, Secret, dt.date, dt.datetime))
    elif kind == "object":
        ok = isinstance(value, Mapping)
    elif kind == "array":
        ok = isinstance(value, (list, tuple))
    if not ok:
        expected = _TYPE_NAMES.get(kind, kind)
        raise ParameterError(
            f"{param.name} must be {expected}, not {type(value).__name__} ({_short(value)})",
            param=param.name,
            fix=f"pass {param.name}={_example(param)}",
            endpoint=endpoint.key,
        )
    if kind == "string" and param.required and isinstance(value, str) and not value.strip():
        raise ParameterError(
            f"{param.name} is {'empty' if not value else 'only whitespace'}, but it is required",
            fix=f"pass the real {param.name}" + (f" ({param.description})" if param.description else ""),
            param=param.name,
            endpoint=endpoint.key,
        )
    if param.enum is not None and value not in param.enum:
        choices = ", ".join(repr(c) for c in param.enum)
        raise ParameterError(
            f"{param.name}={_short(value)} is not one of {choices}",
            param=param.name,
            fix=f"use one of {choices}",
            endpoint=endpoint.key,
        )
    return value


def _unencodable(body: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first field that cannot be encoded, and why (never quoting the value: it may be a secret)."""
    try:  # the usual case in one pass; field by field only to name the one that fails
        json.dumps(body, default=_sending_default, ensure_ascii=False).encode("utf-8")
        return None
    except (UnicodeError, TypeError, ValueError):
        pass
    for name, value in body.items():
        try:
            json.dumps(value, default=_sending_default, ensure_ascii=False).encode("utf-8")
        except UnicodeError:
            return name, "it holds a character that cannot be written as UTF-8 (a lone surrogate)"
        except (TypeError, ValueError) as exc:
            return name, str(exc).splitlines()[0][:120]
    return None


def _short(value: Any) -> str:
    if isinstance(value, str) and looks_like_credential(value):
        return repr(preview(value))
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _example(param: Param) -> str:
    if param.enum:
        return repr(param.enum[0])
    return {
        "integer": "1",
        "float": "1.5",
        "number": "1.5",
        "boolean": "True",
        "object": "{...}",
        "array": "[...]",
    }.get(param.type, "'…'")


def prepare(
    catalog: Catalog,
    config: Config,
    module: str,
    action: str,
    params: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
    force: bool = False,
) -> PreparedCall:
    """Check a call against the catalog and build its URL and JSON body (identifiers + params).

    Names are checked first (a likely typo of a catalogued name is refused unless ``force``),
    then every value (see :func:`check_plain`), then the catalog's rules.
    """
    check_name("module", module)
    check_name("action", action)
    key = f"{module}/{action}"
    if not force:
        close = catalog.likely_typos(module, action)
        if close:
            raise ParameterError(
                f"{key} is not in the catalog",
                cause=f"it looks like a typo of {' or '.join(close)}",
                fix=f"did you mean {' or '.join(close)}? (force=True sends {key} as typed)",
                endpoint=key,
            )
    if extra is not None and not isinstance(extra, Mapping):
        raise ParameterError(
            f"extra must be a mapping (dict) of field names to values, not {type(extra).__name__}",
            fix="pass extra={'field': value}",
            param="extra",
            endpoint=key,
        )
    endpoint = catalog.resolve(module, action)
    for name, value in [*params.items(), *(extra or {}).items()]:
        if not isinstance(name, str) or not name:
            raise ParameterError(f"a parameter name is {name!r}, not text", fix="use text keys", endpoint=key)
        check_plain(name, value, endpoint)
    params = {k: v for k, v in params.items() if v is not None}
    overrides = {k: params.pop(k) for k in list(params) if k in BASE_IDENTIFIERS}
    if overrides:
        config = config.replace(**overrides)
    body: dict[str, Any] = dict(config.identifiers())
    help_only = endpoint.help and params.get("help") is True
    if endpoint.catalogued:
        if not help_only:
            for name in endpoint.identifiers:
                if not getattr(config, name, None):
                    raise _missing_identifier(name, endpoint)
        known = {p.name: p for p in endpoint.params}
        for name, value in params.items():
            param = known.get(name)
            if param is None:
                raise unknown_param(endpoint, name)
            body[name] = check_value(param, value, endpoint)
        for param in endpoint.params:
            # A parameter the catalog fills from a session identifier (service_instance <- user_id).
            if param.fill and param.name not in body and param.name not in (extra or {}):
                value = getattr(config, param.fill, None)
                if value:
                    body[param.name] = value
        if not help_only:
            for param in endpoint.required_params:
                if param.name not in body and param.name not in (extra or {}):
                    raise _missing_param(param, endpoint)
    else:
        body.update(params)
    if extra:
        body.update(extra)
    problem = _unencodable(body)
    if problem:
        name, reason = problem
        raise ParameterError(
            f"{name} cannot be sent as JSON: {reason}",
            param=name,
            fix="pass text, numbers, booleans, lists, dicts, dates or None",
            endpoint=endpoint.key,
        )
    return PreparedCall(endpoint=endpoint, url=config.base_url + endpoint.path, body=body)
