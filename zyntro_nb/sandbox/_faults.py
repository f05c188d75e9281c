"""Fault injection for the sandbox: the network and proxy failures a real client meets.

A :class:`FaultPlan` holds the faults armed on one sandbox. Each request asks
``plan.pick(module, action)`` for the fault to inject, if any; the sandbox then
plays it out (see ``Sandbox.handle``). Kinds:

===============  ==============================================================
``latency``      the answer is late by ``seconds`` (a client with a shorter read
                 timeout gives up)
``rate_limit``   HTTP 429 with ``Retry-After: retry_after`` and a JSON error body
``server_error`` HTTP ``status`` (500, 502, 503, 504); 502-504 come as the HTML
                 page a load balancer sends, 500 as a JSON error envelope
``drop``         the connection is cut without an answer
``not_json``     HTTP 200 with an HTML page instead of JSON
``truncated``    the real JSON answer cut in half
===============  ==============================================================

A fault is scoped to the whole sandbox (``endpoint=None``), one endpoint
(``"crm/fetchContact"``) or one module (``"edge/*"``). It fires on every
matching call, or with probability ``rate`` (drawn from ``random.Random(seed)``,
so a plan replays the same way for the same seed and call sequence), and at
most ``times`` times, after which it removes itself.

Faults compose. For each call, every matching ``latency`` rule is tried and the
delays of those that fire add up; independently, the failure rules (every other
kind) are tried in the order they were added and the first that fires is the
call's failure. So an always-on latency rule slows every call and still lets a
``server_error`` added after it fail some of them. A failure rule that fires on
every call of its scope (no ``rate``, no ``times``) does hide the failure rules
added after it on a narrower or equal scope: :meth:`FaultPlan.add` warns
(:class:`FaultShadowedWarning`) when it arms such a rule.

``after_apply=True`` makes the sandbox dispatch the request first (a write is
applied) and lose the answer afterwards: the ambiguous case a client must never
blindly retry for a write. Otherwise the fault happens before the application
sees the request. ``truncated`` is always after the fact: there must be a real
answer to cut.

Example::

    >>> plan = FaultPlan(seed=7)
    >>> fault = plan.add("rate_limit", "crm/fetchContact", times=1, retry_after=2)
    >>> plan.pick("crm", "fetchContact") is fault, plan.pick("crm", "fetchContact")
    (True, None)
    >>> fault.fired, len(plan)
    (1, 0)

Rules can also be written as text, as ``zyntro-nb sandbox --fault`` and the HTTP control
surface take them: ``KIND[:MODULE/ACTION][,key=value...]``::

    >>> parse_fault_spec("server_error:edge/getEnrollments,times=2,status=502")
    {'kind': 'server_error', 'endpoint': 'edge/getEnrollments', 'times': 2, 'status': 502}
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FAULT_KINDS",
    "Fault",
    "FaultDraw",
    "FaultPlan",
    "FaultShadowedWarning",
    "FaultSpecError",
    "parse_fault_spec",
    "replacement_answer",
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


class FaultShadowedWarning(UserWarning):
    """A fault rule was armed that can never fire: an earlier failure rule always wins on its scope."""


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


@dataclass(frozen=True)
class FaultDraw:
    """What the faults do to one call: ``delay`` seconds from the ``latencies`` that fired, and the
    ``failure`` (any other kind) that fired, if one did.

    Example::

        >>> FaultDraw().empty
        True
    """

    latencies: tuple[Fault, ...] = ()
    failure: Fault | None = None

    @property
    def delay(self) -> float:
        return float(sum(float(f.options["seconds"]) for f in self.latencies))

    @property
    def empty(self) -> bool:
        return not self.latencies and self.failure is None


class FaultPlan:
    """The faults armed on one sandbox; thread-safe.

    ``add`` arms a fault (``add_spec`` from ``--fault`` text), ``remove``/``clear`` disarm,
    ``pending`` lists those still armed, ``draw`` is consulted once per request (latency
    rules add up; the first failure rule that fires wins). ``repr`` lists the rules in
    force with their counts.

    Example::

        >>> plan = FaultPlan(seed=1)
        >>> _ = plan.add("server_error", status=502, rate=0.5)
        >>> [plan.pick("crm", "fetchContact") is not None for _ in range(4)]
        [True, False, False, True]
    """

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self._random = random.Random(seed)
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)  # rule numbers of this plan: #1, #2, ... (what DELETE /faults/N takes)

    def add(
        self,
        kind: str,
        endpoint: str | None = None,
        *,
        rate: float | None = None,
        times: int | None = None,
        after_apply: bool | None = None,
        **options: Any,
    ) -> Fault:
        """Arm a fault and return it (keep it to ``remove`` it or read ``fired``).

        ``endpoint``: ``None`` (every call), ``"module/action"`` or ``"module/*"``.
        ``rate``: probability in (0, 1] that a matching call triggers it (default 1).
        ``times``: fire at most this many times, then disarm. ``after_apply``:
        dispatch the request before losing the answer (default: False, except
        ``truncated``, which always dispatches). ``options`` depend on the kind:
        ``seconds`` (latency), ``retry_after`` (rate_limit), ``status`` (server_error).
        """
        if kind not in _KIND_OPTIONS:
            raise FaultSpecError(f"unknown fault kind {kind!r}; choose one of {', '.join(FAULT_KINDS)}")
        if endpoint is not None and not (isinstance(endpoint, str) and _ENDPOINT_PATTERN.match(endpoint)):
            raise FaultSpecError(f"endpoint must be 'module/action' or 'module/*', not {endpoint!r}")
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, (int, float))
                                 or not 0.0 < rate <= 1.0):
            raise FaultSpecError(f"rate must be a number in (0, 1], not {rate!r}")
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise FaultSpecError(f"times must be a whole number of at least 1, not {times!r}")
        if after_apply is not None and not isinstance(after_apply, bool):
            raise FaultSpecError(f"after_apply must be true or false, not {after_apply!r}")
        after_apply = _resolve_after_apply(kind, after_apply)
        resolved = _resolve_options(kind, options)
        with self._lock:
            fault = Fault(kind, endpoint, rate, times, after_apply, resolved, id=next(self._ids))
            shadow = self._shadowing(fault)
            self._faults.append(fault)
        if shadow is not None:
            warnings.warn(
                f"fault {fault.spec!r} can never fire: {shadow.spec!r} (#{shadow.id}), added before it, fails "
                "every call of its scope first; remove that rule or give it a rate or times",
                FaultShadowedWarning,
                stacklevel=2,
            )
        return fault

    def add_spec(self, spec: str) -> Fault:
        """Arm a fault written as text: ``KIND[:MODULE/ACTION][,key=value...]`` (see :func:`parse_fault_spec`).

        Example::

            >>> FaultPlan().add_spec("latency,seconds=0.5").options["seconds"]
            0.5
        """
        return self.add_rule(parse_fault_spec(spec))

    def add_rule(self, rule: Mapping[str, Any]) -> Fault:
        """Arm a fault given as data (``{"kind": ..., "endpoint": ..., "times": ..., option: ...}``).

        Raises :class:`FaultSpecError` naming the problem for anything that cannot be armed.
        """
        if not isinstance(rule, Mapping):
            raise FaultSpecError(f"a fault rule must be an object with a 'kind', not {type(rule).__name__}")
        settings = dict(rule)
        kind = settings.pop("kind", None)
        if not isinstance(kind, str) or not kind:
            raise FaultSpecError(f"a fault rule needs a 'kind' (one of {', '.join(FAULT_KINDS)})")
        endpoint = settings.pop("endpoint", None)
        if endpoint is not None and not isinstance(endpoint, str):
            raise FaultSpecError(f"endpoint must be 'module/action' or 'module/*', not {endpoint!r}")
        try:
            return self.add(kind, endpoint, **settings)
        except FaultSpecError:
            raise
        except (TypeError, ValueError) as exc:
            raise FaultSpecError(str(exc)) from None

    def _shadowing(self, fault: Fault) -> Fault | None:
        """The armed failure rule that always fires first on ``fault``'s whole scope, if any."""
        if fault.kind == "latency":
            return None
        return next((f for f in self._faults if f.kind != "latency" and f.always and f.covers(fault)), None)

    def remove(self, fault: Fault | int) -> bool:
        """Disarm ``fault`` (or the fault with that ``id``); False if it was not armed (any more)."""
        with self._lock:
            for armed in self._faults:
                if armed is fault or armed.id == fault:
                    self._faults.remove(armed)
                    return True
        return False

    def clear(self) -> None:
        """Disarm every fault."""
        with self._lock:
            self._faults.clear()

    @property
    def pending(self) -> list[Fault]:
        """The faults still armed, in the order they were added."""
        with self._lock:
            return list(self._faults)

    def __len__(self) -> int:
        with self._lock:
            return len(self._faults)

    def describe(self) -> list[dict[str, Any]]:
        """The rules in force as JSON-able data, in the order they were added."""
        return [f.to_dict() for f in self.pending]

    def __repr__(self) -> str:
        faults = self.pending
        if not faults:
            return f"<FaultPlan seed={self.seed}: no faults>"
        lines = [f"<FaultPlan seed={self.seed}: {len(faults)} fault{'s' if len(faults) != 1 else ''}"]
        lines += [f"  {fault!r}" for fault in faults]
        return "\n".join(lines) + ">"

    def draw(self, module: str, action: str) -> FaultDraw:
        """What the armed faults do to this call of ``module/action``.

        Every matching latency rule is tried (their delays add up); failure rules are
        tried in the order they were added until one fires. A rated rule draws one
        random number each time it is tried. Firing counts and disarms exhausted rules.
        """
        latencies: list[Fault] = []
        failure: Fault | None = None
        with self._lock:
            for fault in list(self._faults):
                if not fault.matches(module, action) or (failure is not None and fault.kind != "latency"):
                    continue
                if fault.rate is not None and self._random.random() >= fault.rate:
                    continue
                self._fire(fault)
                if fault.kind == "latency":
                    latencies.append(fault)
                else:
                    failure = fault
        return FaultDraw(tuple(latencies), failure)

    def pick(self, module: str, action: str) -> Fault | None:
        """The one fault for this call: its failure if one fires, else its first latency, else ``None``.

        A thin view of :meth:`draw` (which the sandbox uses), kept for callers that want one fault.
        """
        drawn = self.draw(module, action)
        return drawn.failure or (drawn.latencies[0] if drawn.latencies else None)

    def _fire(self, fault: Fault) -> None:
        fault.fired += 1
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining == 0:
                self._faults.remove(fault)


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


def _resolve_after_apply(kind: str, after_apply: bool | None) -> bool:
    if kind in _ALWAYS_AFTER_APPLY:
        if after_apply is False:
            raise FaultSpecError(f"a {kind} fault cuts a real answer, so the request is always applied")
        return True
    if kind in _NEVER_AFTER_APPLY and after_apply:
        raise FaultSpecError(f"a {kind} fault refuses the request; it cannot happen after applying it")
    return bool(after_apply)


def _resolve_options(kind: str, options: Mapping[str, Any]) -> dict[str, Any]:
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


_REASONS = {
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
}
_JSON = {"Content-Type": "application/json"}
_HTML = {"Content-Type": "text/html"}


def replacement_answer(fault: Fault) -> tuple[int, dict[str, str], bytes] | None:
    """The answer a fault puts in place of the application's, or ``None`` if it has none
    (``latency`` delays the real answer, ``truncated`` cuts it, ``drop`` sends nothing).

    Example::

        >>> status, headers, body = replacement_answer(Fault("rate_limit", options={"retry_after": 3}))
        >>> status, headers["Retry-After"]
        (429, '3')
    """
    if fault.kind == "rate_limit":
        seconds = fault.options["retry_after"]
        message = f"Too many requests; retry after {seconds} seconds"
        return 429, {**_JSON, "Retry-After": str(seconds)}, _json_error(message)
    if fault.kind == "server_error":
        status = fault.options["status"]
        if status == 500:
            return status, dict(_JSON), _json_error("Internal server error")
        return status, dict(_HTML), _proxy_page(status)
    if fault.kind == "not_json":
        return 200, dict(_HTML), _MAINTENANCE_PAGE
    return None


def _json_error(message: str) -> bytes:
    return json.dumps({"status": "error", "data": [message]}).encode()


def _proxy_page(status: int) -> bytes:
    # Shaped like the bare page nginx-style load balancers send for upstream failures.
    title = f"{status} {_REASONS[status]}"
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode()


_MAINTENANCE_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Zyntro - Scheduled maintenance</title></head>\n"
    b"<body><h1>We'll be right back</h1><p>Zyntro is undergoing scheduled maintenance.</p></body></html>\n"
)
