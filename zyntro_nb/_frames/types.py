"""Types both ways: answers' time and amount fields to pandas types; datetimes in requests to the API's format.

Answers (applied by the session after the frame is built; ``parse=False`` or
``%config ZyntroMagics.autoparse = False`` opts out). The catalog decides first: a field its
``answer_fields`` types as ``datetime``, ``datetime_utc`` or ``date`` is a time field, one typed
``amount`` an amount, and a field it types otherwise is left as answered. The name rules below
only guess at fields the catalog does not know (an uncatalogued endpoint, a new field):

- A **time field** is a column named like one (``created_at``, ``*_at``, ``*_dt``,
  ``*_date``, ``*_last_update``, ``*_last_triggered``) whose every value is text in one
  of the API's time formats. ISO 8601 values (``2026-04-02T18:30:00+00:00``, ``…Z``, or a
  ``T`` without an offset, which the API uses for UTC) become tz-aware UTC datetimes. The
  API's naive ``YYYY-MM-DD HH:MM:SS`` values become *naive* datetimes — wall-clock time
  as the API wrote it, no zone assumed (``df[c].dt.tz_localize(zone)`` when you know it).
  ``YYYY-MM-DD`` becomes a date at midnight. MySQL's "no date" (``0000-00-00``, with or
  without a time) is read as missing (NaT). A column mixing formats, holding a date that
  does not exist (``2026-02-30``), one beyond ``datetime64[ns]`` (``9999-12-31``, after
  2262) or anything else, is left exactly as answered — never half converted.
- An **amount** (``*balance``, ``*amount``, ``*price``) sent as decimal text (``"500.00"``)
  becomes a float; ids and other text are never reinterpreted.
- An empty answer keeps its documented columns, time fields as ``datetime64`` columns and
  amounts as ``float64``, so ``df["wallet_balance"].sum()`` works on no rows too.

Requests: see :func:`prepare_times`.

Example::

    >>> import pandas as pd
    >>> df = parse_frame(pd.DataFrame({"ts_dt": ["2026-03-28 09:00:00"], "wallet_balance": ["500.00"],
    ...                                "captured_at": ["2026-03-30T10:22:00Z"], "ts_id": ["00123"]}))
    >>> [str(t) for t in df.dtypes[:3]], df.loc[0, "ts_id"]
    (['datetime64[ns]', 'float64', 'datetime64[ns, UTC]'], '00123')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

    from .._catalog.catalog import Endpoint
    from .._catalog.endpoint import FieldTypes

API_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
TIME_NAME = re.compile(r"(^|[._])(created|updated|[a-z]*_at|at|dt|date|last_update|last_triggered)$", re.I)
AMOUNT_NAME = re.compile(r"(^|[._])[a-z_]*(balance|amount|price)$", re.I)
_NAIVE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
# MySQL's "no date": read as missing in a time field (the rest of the column is still parsed).
ZERO_DATES = frozenset({"0000-00-00", "0000-00-00 00:00:00", "0000-00-00T00:00:00", "0000-00-00T00:00:00Z"})
# The span of datetime64[ns] in whole seconds since 1970 (1677-09-21T00:12:44 to 2262-04-11T23:47:16),
# and numpy's NaT as an integer.
_NS_FIRST, _NS_LAST, _NAT = -9223372036, 9223372036, -(2**63)


# The catalog's answer types that these rules parse, and the rule each takes.
TIME_TYPES = frozenset({"datetime", "datetime_utc", "date"})
_RULES = {**dict.fromkeys(TIME_TYPES, "time"), "amount": "amount"}


def rule_for(name: Any, types: Mapping[str, str] | None = None) -> str | None:
    """"time", "amount" or None: what ``name`` is parsed as — the catalog's type first, else a guess by name."""
    kind = types.get(name) if types and isinstance(name, str) else None
    if kind is not None:
        return _RULES.get(kind)
    return "time" if is_time_name(name) else "amount" if is_amount_name(name) else None


def is_time_name(name: Any) -> bool:
    return isinstance(name, str) and _matches(TIME_NAME, name)


def is_amount_name(name: Any) -> bool:
    return isinstance(name, str) and _matches(AMOUNT_NAME, name)


@lru_cache(maxsize=4096)
def _matches(pattern: re.Pattern[str], name: str) -> bool:
    # Column names repeat from call to call; the searches cost more than the lookups.
    return bool(pattern.search(name))


def _texts(values: list[Any]) -> list[str] | None:
    """The present values if every one is text (None otherwise, or when all are missing)."""
    import pandas as pd

    present = [v for v in values if not (v is None or v is pd.NA or (isinstance(v, float) and v != v))]
    if not present or not all(isinstance(v, str) for v in present):
        return None
    return present


def _wall_clock_times(values: list[Any]) -> Any:
    """``YYYY-MM-DD[ HH:MM:SS]`` texts parsed by numpy (a hundred times quicker than ``pd.to_datetime``).

    A ``datetime64[ns]`` array, or None when numpy refuses a value or one falls outside
    ``datetime64[ns]``: then pandas decides, as before.
    """
    import numpy as np

    texts = [v if isinstance(v, str) else "NaT" for v in values]
    try:
        parsed = np.array(texts, dtype="datetime64[s]")
    except ValueError:
        return None
    seconds = parsed.view("i8")
    if ((seconds != _NAT) & ((seconds < _NS_FIRST) | (seconds > _NS_LAST))).any():
        return None
    return parsed.astype("datetime64[ns]")


def _quick_times(column: pd.Series) -> pd.Series | None:
    import pandas as pd

    quick = _wall_clock_times(column.tolist())
    return None if quick is None else pd.Series(quick, index=column.index, name=column.name)


def parse_column(name: Any, column: pd.Series, rule: str | None = "guess") -> pd.Series | None:
    """The parsed column, or None when the rule does not apply (the column stays as answered).

    ``rule`` is "time", "amount" or None (see :func:`rule_for`); by default it is guessed from ``name``.
    """
    import pandas as pd

    if rule == "guess":
        rule = rule_for(name)
    if rule == "time":
        if len(column) == 0:
            return column.astype("datetime64[ns]")
        texts = _texts(column.tolist())
        if texts is None:
            return None
        if not ZERO_DATES.isdisjoint(texts):  # "no date" in the MySQL way: missing, like None
            column = column.map(lambda v: None if v in ZERO_DATES else v)
            texts = _texts(column.tolist())
            if texts is None:
                return None
        try:
            return _time_column(column, texts)
        except (ValueError, OverflowError):  # a date that does not exist (2026-02-30) or beyond 2262
            return None  # the column stays as answered: nothing lost, nothing half-converted
    if rule == "amount":
        if len(column) == 0:
            return column.astype("float64")
        texts = _texts(column.tolist())
        if texts is None or not all(_DECIMAL.match(t) for t in texts):
            return None
        return pd.to_numeric(column, errors="raise").astype("float64")
    return None


def _time_column(column: pd.Series, texts: list[str]) -> pd.Series | None:
    """The time column parsed by its one format (ValueError when a value is not a real time)."""
    import pandas as pd

    if all(_ISO.match(t) for t in texts):
        values = [t if t.endswith("Z") or re.search(r"[+-]\d{2}:?\d{2}$", t) else t + "+00:00" for t in texts]
        mapping = dict(zip(texts, values, strict=True))
        source = column.map(lambda v: mapping.get(v) if isinstance(v, str) else None)
        return pd.to_datetime(source, utc=True, format="ISO8601").astype("datetime64[ns, UTC]")
    if all(_NAIVE.match(t) for t in texts):
        quick = _quick_times(column)
        return pd.to_datetime(column, format=API_TIME_FORMAT).astype("datetime64[ns]") if quick is None else quick
    if all(_DATE.match(t) for t in texts):
        quick = _quick_times(column)
        return pd.to_datetime(column, format="%Y-%m-%d").astype("datetime64[ns]") if quick is None else quick
    return None


def uniform_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing text shows the same under every pandas: NaN (pandas 3's text dtype has no None).

    pandas 2 keeps text in ``object`` columns with ``None`` for missing values, which
    renders as ``None``; pandas 3's ``str`` columns render ``NaN``. Object columns holding
    only text and missing values get ``NaN`` for missing, so tables and saved notebook
    outputs read the same under both. In place; returns ``frame``.
    """
    import numpy as np

    # Only object columns can hold None; their values are read as stored, without a Series each.
    for position, dtype in enumerate(frame.dtypes.tolist()):
        if not (isinstance(dtype, np.dtype) and dtype.kind == "O"):
            continue
        if _text_with_gaps(_column_values(frame, position).tolist()):
            column = frame.iloc[:, position]
            frame.isetitem(position, column.where(column.notna(), np.nan))
    return frame


def _text_with_gaps(values: list[Any]) -> bool:
    """Whether an object column's values are text and None only, with at least one of each."""
    return any(v is None for v in values) and all(v is None or isinstance(v, str) for v in values) \
        and any(isinstance(v, str) for v in values)


def parse_frame(frame: pd.DataFrame, types: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Parse the time and amount columns of ``frame`` in place (see the module's rules); returns it.

    ``types`` are the endpoint's ``answer_fields``: what they type is not guessed from its name.
    """
    import pandas as pd

    for position, name in enumerate(list(frame.columns)):
        rule = rule_for(name, types)
        if rule is None:
            continue  # parse_column leaves every other column as answered: skip taking it out
        # A plain Series of the column (frame.iloc would also deep-copy the frame's attrs for it).
        column = pd.Series(_column_values(frame, position), index=frame.index, name=name, copy=False)
        parsed = parse_column(name, column, rule)
        if parsed is not None:
            if len(parsed):
                frame.isetitem(position, parsed.to_numpy())
            else:
                frame.isetitem(position, parsed.astype(parsed.dtype))  # type: ignore[arg-type]  # stubs omit Series
    return frame


def _column_values(frame: pd.DataFrame, position: int) -> Any:
    """The column's array as stored (no Series built), through pandas' accessor where it has one."""
    get = getattr(frame, "_get_column_array", None)
    return frame.iloc[:, position].array if get is None else get(position)


# -- the same rules on the columns of a frame being built ---------------------------------------


def typed_columns(names: list[str], arrays: list[Any], parse: bool, types: FieldTypes | None = None) -> list[Any]:
    """The column arrays of a frame about to be built, as ``uniform_missing`` (and ``parse_frame``, when
    ``parse``) would leave them once the frame exists.

    Same rules, applied to the arrays before the frame is made: no column is taken out of a
    finished frame and put back, and a one-row answer costs a few list operations per
    time or amount column. For frames of at least one row (an empty frame takes the
    frame-level functions).

    Example::

        >>> import numpy as np
        >>> arrays = typed_columns(["created_at", "n"], [np.array(["2026-03-28 09:00:00"], dtype=object),
        ...                                               np.array([1])], parse=True)
        >>> [str(a.dtype) for a in arrays]
        ['datetime64[ns]', 'int64']
    """
    import numpy as np
    import pandas as pd

    out = list(arrays)
    numpy_backed, ndarray = pd.arrays.NumpyExtensionArray, np.ndarray
    for position, array in enumerate(out):
        # Object columns: numpy's, or a plain numpy-backed pandas array (pandas 2's text), stored as numpy's.
        kind = type(array)
        if (kind is ndarray or kind is numpy_backed) and array.dtype.kind == "O":
            values = array.tolist()
            if _text_with_gaps(values):
                filled = np.empty(len(values), dtype=object)
                filled[:] = [np.nan if v is None else v for v in values]
                out[position] = filled
    if parse:
        for position, rule in _candidates(tuple(names), types):
            parsed = _parsed_array(names[position], out[position], rule)
            if parsed is not None:
                out[position] = parsed
    return out


@lru_cache(maxsize=512)
def _candidates(names: tuple[Any, ...], types: FieldTypes | None) -> tuple[tuple[int, str], ...]:
    """Positions and rules of the time and amount columns (a frame's names repeat call after call)."""
    found = ((i, rule_for(name, types)) for i, name in enumerate(names))
    return tuple((i, rule) for i, rule in found if rule is not None)


def _parsed_array(name: Any, array: Any, rule: str) -> Any:
    """``parse_column``'s result for one column array, as the frame would store it (None: left as is)."""
    import pandas as pd

    values = array.tolist()
    texts = _texts(values)
    if texts is None:
        return None
    if rule == "time" and not all(_ISO.match(t) for t in texts) and (
            all(_NAIVE.match(t) for t in texts) or all(_DATE.match(t) for t in texts)):
        quick = _wall_clock_times(values)
        if quick is not None:
            return quick
    # The rest (ISO times, amounts, what numpy refuses) exactly as parse_frame does it, on a Series.
    parsed = parse_column(name, pd.Series(array, copy=False), rule)
    if parsed is None:
        return None
    return parsed.array if isinstance(parsed.dtype, pd.DatetimeTZDtype) else parsed.to_numpy()


# -- requests ----------------------------------------------------------------------------------


def zone_of(name: str, param: str, endpoint: str) -> dt.tzinfo:
    """The IANA zone ``name``; an unknown one is a ParameterError naming ``param`` and the fix."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ParameterError(
            f"{param}={name!r} is not a known time zone",
            param=param,
            fix="use an IANA time-zone name such as 'America/New_York', 'Europe/Berlin' or 'UTC'",
            endpoint=endpoint,
        ) from None


def _zone_param(endpoint: Endpoint) -> str | None:
    """The request's time-zone parameter: the documented one whose name ends in ``timezone`` and that
    the catalog describes as interpreting the request's times (else the only ``*timezone`` one)."""
    zones = [p for p in endpoint.params if p.name.endswith("timezone")]
    interpreting = [p for p in zones if "interpret" in p.description.lower()]
    chosen = interpreting or zones
    return chosen[0].name if len(chosen) == 1 or interpreting else None


def _is_datetime(value: Any) -> bool:
    # pd.NaT is a datetime that equals nothing: it is left to the request checks, which refuse it.
    return isinstance(value, dt.datetime) and value == value


def prepare_times(endpoint: Endpoint, params: Mapping[str, Any],
                  organization_zone: Callable[[], str | None]) -> dict[str, Any]:
    """Datetimes in ``params`` formatted as the API expects (``YYYY-MM-DD HH:MM:SS``), never losing a zone.

    An aware datetime (``datetime`` with ``tzinfo``, tz-aware ``pd.Timestamp``) is converted
    to the zone the request names in its time-zone parameter (``current_timezone`` for
    ``calendar/checkAvailability``), else that parameter's documented default, else the
    organization's zone (``organization_zone()``, read once per session from
    ``account/fetchOrganization``). A naive datetime is sent as the wall-clock time it
    shows, which the API reads in that same zone — except where a catalogued endpoint has
    no time-zone parameter: there a naive datetime is ambiguous and refused with a
    ParameterError. Zone names given are checked (an unknown one is a ParameterError).

    Example::

        >>> from zyntro_nb._catalog.catalog import Catalog
        >>> from zoneinfo import ZoneInfo
        >>> ep = Catalog.builtin().get("calendar", "checkAvailability")
        >>> berlin = dt.datetime(2026, 4, 6, 12, tzinfo=ZoneInfo("Europe/Berlin"))
        >>> prepare_times(ep, {"start_date": berlin, "current_timezone": "America/New_York"}, lambda: None)
        {'start_date': '2026-04-06 06:00:00', 'current_timezone': 'America/New_York'}
    """
    out = dict(params)
    zone_param = _zone_param(endpoint)
    for name in [p.name for p in endpoint.params if p.name.endswith("timezone")]:
        if isinstance(out.get(name), str):
            zone_of(out[name], name, endpoint.key)
    if not any(_is_datetime(v) for v in out.values()):
        return out
    zone: dt.tzinfo | None = None
    for name, value in out.items():
        if not _is_datetime(value):
            continue
        if value.tzinfo is not None and value.utcoffset() is not None:
            if zone is None:
                zone = _target_zone(endpoint, zone_param, out, organization_zone)
            value = value.astimezone(zone).replace(tzinfo=None)
        elif endpoint.catalogued and zone_param is None and endpoint.param(name) is not None:
            raise ParameterError(
                f"{name} is a naive datetime ({value}), and {endpoint.key} has no time-zone parameter "
                "to say which zone it is in",
                param=name,
                fix=f"give it a zone, e.g. {name}=datetime(…, tzinfo=ZoneInfo('Europe/Berlin')) (sent in the "
                "organization's zone), or pass the text 'YYYY-MM-DD HH:MM:SS' as the API should read it",
                endpoint=endpoint.key,
            )
        out[name] = value.strftime(API_TIME_FORMAT)
    return out


def _target_zone(endpoint: Endpoint, zone_param: str | None, params: Mapping[str, Any],
                 organization_zone: Callable[[], str | None]) -> dt.tzinfo:
    if zone_param is not None:
        given = params.get(zone_param)
        if isinstance(given, str) and given:
            return zone_of(given, zone_param, endpoint.key)
        default = endpoint.param(zone_param).default  # type: ignore[union-attr]
        if isinstance(default, str) and default:
            return zone_of(default, zone_param, endpoint.key)
    name = organization_zone()
    if not name:
        raise ParameterError(
            "an aware datetime needs a time zone to be converted to, and none is known",
            cause=f"{endpoint.key} names no time-zone parameter and the organization's zone could not be read",
            fix="pass the time as text in the zone the API expects ('YYYY-MM-DD HH:MM:SS'), or a naive datetime",
            endpoint=endpoint.key,
        )
    return zone_of(name, "org_timezone", endpoint.key)


__all__ = ["API_TIME_FORMAT", "TIME_TYPES", "is_amount_name", "is_time_name", "parse_column", "parse_frame",
           "prepare_times", "rule_for", "typed_columns", "uniform_missing", "zone_of"]
