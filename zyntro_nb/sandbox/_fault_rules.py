"""A fault rule: its kinds and options, the ``--fault`` text form, and the checks that refuse a bad one.

A :class:`Fault` is one rule — a kind (``latency``, ``rate_limit``, ``server_error``,
``drop``, ``not_json``, ``truncated``), a scope (every call, ``"module/action"`` or
``"module/*"``), how often it fires (``rate``, ``times``) and whether the request is
applied first (``after_apply``). :func:`parse_fault_spec` reads the text form that
``zyntro-nb sandbox --fault`` and the control surface take; anything that cannot be
armed is a :class:`FaultSpecError` naming the problem and what is accepted.
Arming, drawing and counting rules is :mod:`._faults`' business.

Example::

    >>> parse_fault_spec("server_error:edge/getEnrollments,times=2,status=502")
    {'kind': 'server_error', 'endpoint': 'edge/getEnrollments', 'times': 2, 'status': 502}
    >>> Fault("drop", endpoint="edge/*").matches("edge", "fire")
    True
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FAULT_KINDS",
    "SERVER_ERROR_STATUSES",
    "Fault",
    "FaultSpecError",
    "check_after_apply",
    "check_endpoint",
    "check_options",
    "parse_fault_spec",
]

# For each kind: its options with their defaults.
_KIND_OPTIONS: dict[str, dict[str, Any]] = {
    "latency": {"seconds": 1.0},
    "rate_limit": {"retry_after": 1},
    "server_error": {"status": 503},
    "drop": {},
    "not_json": {},
    "truncated": {},
}
FAULT_KINDS = tuple(_KIND_OPTIONS)
SERVER_ERROR_STATUSES = frozenset({500, 502, 503, 504})
# A 429 is a refusal: nothing can have been applied before it.
_NEVER_AFTER_APPLY = frozenset({"rate_limit"})
# A truncated answer needs a real answer to cut.
_ALWAYS_AFTER_APPLY = frozenset({"truncated"})

_ENDPOINT_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/([A-Za-z0-9_.-]+|\*)$")
# Settings every kind takes, besides its own options.
_COMMON_SETTINGS = ("rate", "times", "after_apply")
_ids = itertools.count(1)


class FaultSpecError(ValueError):
    """A fault rule that cannot be armed: unknown kind or option, bad value, malformed text.

    The message names the problem and what is accepted, e.g.
    ``unknown fault kind 'slow'; choose one of latency, rate_limit, ...``.
    """


@dataclass(eq=False)
class Fault:
    """One armed fault. ``fired`` counts how often it was injected; ``remaining`` is the
    number of firings left (``None`` = unlimited).

    Example::

        >>> f = Fault("drop", endpoint="edge/*")
        >>> f.matches("edge", "fire"), f.matches("crm", "fetchContact")
        (True, False)
    """

    kind: str
    endpoint: str | None = None
    rate: float | None = None
    times: int | None = None
    after_apply: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    fired: int = 0
    remaining: int | None = None
    id: int = field(default_factory=lambda: next(_ids))

    def __post_init__(self) -> None:
        if self.remaining is None:
            self.remaining = self.times

    def matches(self, module: str, action: str) -> bool:
        """Whether this fault applies to calls of ``module/action``."""
        if self.endpoint is None:
            return True
        want_module, _, want_action = self.endpoint.partition("/")
        return want_module == module and want_action in ("*", action)

    @property
    def always(self) -> bool:
        """Fires on every call of its scope, forever (no ``rate``, no ``times``)."""
        return self.rate is None and self.times is None

    def covers(self, other: Fault) -> bool:
        """Whether every call ``other`` applies to is also in this fault's scope."""
        if self.endpoint is None:
            return True
        if other.endpoint is None:
            return False
        mine, theirs = self.endpoint.partition("/"), other.endpoint.partition("/")
        return mine[0] == theirs[0] and mine[2] in ("*", theirs[2])

    def to_dict(self) -> dict[str, Any]:
        """The rule as JSON-able data (what ``GET /__sandbox/faults`` lists).

        Example::

            >>> Fault("drop", "edge/*", times=2, id=9).to_dict()["remaining"]
            2
        """
        return {"id": self.id, "kind": self.kind, "endpoint": self.endpoint, "rate": self.rate,
                "times": self.times, "remaining": self.remaining, "after_apply": self.after_apply,
                "options": dict(self.options), "fired": self.fired, "spec": self.spec}

    @property
    def spec(self) -> str:
        """The rule written as ``--fault`` text (``KIND[:SCOPE][,key=value...]``)."""
        parts = [self.kind + (f":{self.endpoint}" if self.endpoint else "")]
        parts += [f"{k}={_spec_value(v)}" for k, v in self.options.items()]
        if self.rate is not None:
            parts.append(f"rate={self.rate:g}")
        if self.times is not None:
            parts.append(f"times={self.times}")
        if self.after_apply and self.kind != "truncated":
            parts.append("after_apply=true")
        return ",".join(parts)

    def __repr__(self) -> str:
        scope = self.endpoint or "*"
        parts = [f"#{self.id} {self.kind} on {scope}"]
        parts += [f"{k}={v}" for k, v in self.options.items()]
        if self.rate is not None:
            parts.append(f"rate={self.rate:g}")
        if self.remaining is not None:
            parts.append(f"remaining={self.remaining}")
        if self.after_apply:
            parts.append("after_apply")
        parts.append(f"fired={self.fired}")
        return f"<Fault {' '.join(parts)}>"


def _spec_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _parse_value(key: str, text: str) -> Any:
    """A ``key=value`` value from a spec: true/false, whole numbers, decimals, else an error."""
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    try:
        return int(lowered)
    except ValueError:
        pass
    try:
        return float(lowered)
    except ValueError:
        raise FaultSpecError(f"{key}={text!r} is not a number or true/false") from None


def parse_fault_spec(spec: str) -> dict[str, Any]:
    """Read ``KIND[:MODULE/ACTION][,key=value...]`` into the arguments of :meth:`FaultPlan.add`.

    Keys are ``rate``, ``times``, ``after_apply`` and the kind's options (``seconds`` for
    latency, ``retry_after`` for rate_limit, ``status`` for server_error). Only the text's
    form is checked here; ``FaultPlan.add_spec`` also checks the values.

    Example::

        >>> parse_fault_spec("latency,seconds=2,rate=0.1")
        {'kind': 'latency', 'seconds': 2, 'rate': 0.1}
        >>> parse_fault_spec("drop:crm/addNotestoContact,times=1,after_apply=true")["after_apply"]
        True
    """
    if not isinstance(spec, str) or not spec.strip():
        raise FaultSpecError("empty fault spec: write KIND[:MODULE/ACTION][,key=value...], e.g. "
                             "server_error:edge/getEnrollments,times=2,status=503")
    head, *pairs = [part.strip() for part in spec.strip().split(",")]
    kind, _, endpoint = head.partition(":")
    kind = kind.strip()
    if kind not in _KIND_OPTIONS:
        raise FaultSpecError(f"unknown fault kind {kind!r} in {spec!r}; choose one of {', '.join(FAULT_KINDS)}")
    rule: dict[str, Any] = {"kind": kind}
    if endpoint:
        if not _ENDPOINT_PATTERN.match(endpoint.strip()):
            raise FaultSpecError(f"scope {endpoint!r} in {spec!r} must be MODULE/ACTION or MODULE/*")
        rule["endpoint"] = endpoint.strip()
    elif ":" in head:
        raise FaultSpecError(f"empty scope after ':' in {spec!r}: write KIND:MODULE/ACTION or leave out ':'")
    accepted = (*_COMMON_SETTINGS, *_KIND_OPTIONS[kind])
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise FaultSpecError(f"{pair!r} in {spec!r} is not key=value (accepted keys: {', '.join(accepted)})")
        if key not in accepted:
            raise FaultSpecError(f"unknown option {key!r} for a {kind} fault in {spec!r} "
                                 f"(accepted: {', '.join(accepted)})")
        if key in rule:
            raise FaultSpecError(f"{key!r} is given twice in {spec!r}")
        rule[key] = _parse_value(key, value)
    return rule


def check_after_apply(kind: str, after_apply: bool | None) -> bool:
    """Whether a ``kind`` fault applies the request first: ``truncated`` always, ``rate_limit`` never."""
    if kind in _ALWAYS_AFTER_APPLY:
        if after_apply is False:
            raise FaultSpecError(f"a {kind} fault cuts a real answer, so the request is always applied")
        return True
    if kind in _NEVER_AFTER_APPLY and after_apply:
        raise FaultSpecError(f"a {kind} fault refuses the request; it cannot happen after applying it")
    return bool(after_apply)


def check_options(kind: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The kind's options with defaults filled in; an unknown option is a ``TypeError``, a bad value a
    :class:`FaultSpecError`."""
    allowed = _KIND_OPTIONS[kind]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        accepted = ", ".join(allowed) or "none"
        raise TypeError(f"unknown option(s) {', '.join(unknown)} for a {kind} fault (accepted: {accepted})")
    resolved = {**allowed, **options}
    seconds, retry_after = resolved.get("seconds"), resolved.get("retry_after")
    if kind == "latency" and not (isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
                                  and seconds >= 0):
        raise FaultSpecError(f"latency seconds must be a number >= 0, not {seconds!r}")
    if kind == "rate_limit" and not (isinstance(retry_after, int) and not isinstance(retry_after, bool)
                                     and retry_after >= 0):
        raise FaultSpecError(f"retry_after must be a whole number of seconds >= 0, not {retry_after!r}")
    status = resolved.get("status")
    if kind == "server_error" and (isinstance(status, bool) or not isinstance(status, int)
                                   or status not in SERVER_ERROR_STATUSES):
        choices = ", ".join(map(str, sorted(SERVER_ERROR_STATUSES)))
        raise FaultSpecError(f"server_error status must be one of {choices}, not {resolved['status']!r}")
    return resolved


def check_endpoint(endpoint: Any) -> None:
    """Refuse a scope that is not ``None``, ``"module/action"`` or ``"module/*"``."""
    if endpoint is not None and not (isinstance(endpoint, str) and _ENDPOINT_PATTERN.match(endpoint)):
        raise FaultSpecError(f"endpoint must be 'module/action' or 'module/*', not {endpoint!r}")
