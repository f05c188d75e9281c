"""Checks for a session's or a call's numeric settings: ``timeout``, ``max_retries``, ``deadline``.

Each returns the value to use or raises the given error class (``ConfigurationError``
for a session, ``ParameterError`` for one call) naming the setting and the fix, so
``timeout="30s"`` is refused before anything is sent rather than failing inside httpx.

Example::

    >>> from zyntro_nb._errors import ConfigurationError
    >>> check_seconds("timeout", 30, ConfigurationError)
    30.0
    >>> try:
    ...     check_count("max_retries", "3", ConfigurationError)
    ... except ConfigurationError as err:
    ...     print(err.fix)
    pass max_retries=3 (a number, not text)
"""

from __future__ import annotations

import math
import sys
from typing import Any

from .._errors import ZyntroError

MAX_RETRIES_LIMIT = 10
MAX_SECONDS = 3600.0


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_seconds(name: str, value: Any, error: type[ZyntroError], *, allow_timeout: bool = False) -> Any:
    """A positive, finite number of seconds (at most an hour); for ``timeout`` also an ``httpx.Timeout``."""
    if value is None:
        return None
    httpx = sys.modules.get("httpx")  # not imported yet: then value cannot be an httpx.Timeout
    if allow_timeout and httpx is not None and isinstance(value, httpx.Timeout):
        for part in ("connect", "read", "write", "pool"):
            seconds = getattr(value, part)
            if seconds is not None:
                check_seconds(f"{name}.{part}", seconds, error)
        return value
    hint = f"pass {name}=30 (seconds, a number" + (" or an httpx.Timeout)" if allow_timeout else ")")
    if not _is_number(value):
        raise error(f"{name} must be a number of seconds, not {type(value).__name__} ({value!r:.40})",
                    fix=hint, sent=False)
    if not math.isfinite(value) or value <= 0 or value > MAX_SECONDS:
        raise error(f"{name} must be more than 0 and at most {MAX_SECONDS:g} seconds, not {value!r}",
                    cause="a zero, negative, endless or unbounded wait is refused",
                    fix=hint, sent=False)
    return float(value)


def check_count(name: str, value: Any, error: type[ZyntroError]) -> int | None:
    """A whole number from 0 to ``MAX_RETRIES_LIMIT``."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_RETRIES_LIMIT:
        shown = f"{type(value).__name__} ({value!r:.40})" if not isinstance(value, int) else repr(value)
        raise error(f"{name} must be a whole number from 0 to {MAX_RETRIES_LIMIT}, not {shown}",
                    fix=f"pass {name}=3 (a number, not text)" if isinstance(value, str) else f"pass {name}=3",
                    sent=False)
    return value


def check_flag(name: str, value: Any, error: type[ZyntroError], *, optional: bool = False) -> bool | None:
    """``True`` or ``False`` (or ``None`` when ``optional``); text such as ``"no"`` is refused, not read as true.

    Example::

        >>> from zyntro_nb._errors import ParameterError
        >>> try:
        ...     check_flag("resend_unknown", "no", ParameterError)
        ... except ParameterError as err:
        ...     print(err.message)
        resend_unknown must be True or False, not str ('no')
    """
    if isinstance(value, bool) or (optional and value is None):
        return value
    numpy = sys.modules.get("numpy")  # not imported yet: then value cannot be a numpy bool
    if numpy is not None and isinstance(value, numpy.bool_):  # a yes/no read from a frame
        return bool(value)
    allowed = "True, False or None" if optional else "True or False"
    raise error(f"{name} must be {allowed}, not {type(value).__name__} ({value!r:.40})",
                cause="only a bool is read as a flag: text such as 'no' would otherwise count as true",
                fix=f"pass {name}=True or {name}=False", sent=False)
