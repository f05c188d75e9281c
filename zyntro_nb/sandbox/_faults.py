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
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FAULT_KINDS", "Fault", "FaultPlan", "replacement_answer"]

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
_ids = itertools.count(1)


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


class FaultPlan:
    """The faults armed on one sandbox; thread-safe.

    ``add`` arms a fault, ``remove``/``clear`` disarm, ``pending`` lists those
    still armed, ``pick`` is consulted once per request.

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
            raise ValueError(f"unknown fault kind {kind!r}; choose one of {', '.join(FAULT_KINDS)}")
        if endpoint is not None and not _ENDPOINT_PATTERN.match(endpoint):
            raise ValueError(f"endpoint must be 'module/action' or 'module/*', not {endpoint!r}")
        if rate is not None and not 0.0 < rate <= 1.0:
            raise ValueError(f"rate must be in (0, 1], not {rate!r}")
        if times is not None and times < 1:
            raise ValueError(f"times must be at least 1, not {times!r}")
        after_apply = _resolve_after_apply(kind, after_apply)
        resolved = _resolve_options(kind, options)
        fault = Fault(kind, endpoint, rate, times, after_apply, resolved)
        with self._lock:
            self._faults.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        """Disarm ``fault`` (no error if it already disarmed itself)."""
        with self._lock:
            if fault in self._faults:
                self._faults.remove(fault)

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

    def __repr__(self) -> str:
        return f"<FaultPlan seed={self.seed} faults={len(self)}>"

    def pick(self, module: str, action: str) -> Fault | None:
        """The fault to inject into this call of ``module/action``, or ``None``.

        Faults are tried in the order they were added; the first that matches
        and triggers wins. A rated fault draws one random number each time it is
        tried. Picking counts the firing and disarms exhausted faults.
        """
        with self._lock:
            for fault in self._faults:
                if not fault.matches(module, action):
                    continue
                if fault.rate is not None and self._random.random() >= fault.rate:
                    continue
                fault.fired += 1
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                return fault
        return None


def _resolve_after_apply(kind: str, after_apply: bool | None) -> bool:
    if kind in _ALWAYS_AFTER_APPLY:
        if after_apply is False:
            raise ValueError(f"a {kind} fault cuts a real answer, so the request is always applied")
        return True
    if kind in _NEVER_AFTER_APPLY and after_apply:
        raise ValueError(f"a {kind} fault refuses the request; it cannot happen after applying it")
    return bool(after_apply)


def _resolve_options(kind: str, options: Mapping[str, Any]) -> dict[str, Any]:
    allowed = _KIND_OPTIONS[kind]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        accepted = ", ".join(allowed) or "none"
        raise TypeError(f"unknown option(s) {', '.join(unknown)} for a {kind} fault (accepted: {accepted})")
    resolved = {**allowed, **options}
    seconds, retry_after = resolved.get("seconds"), resolved.get("retry_after")
    if kind == "latency" and not (isinstance(seconds, (int, float)) and seconds >= 0):
        raise ValueError(f"latency seconds must be a number >= 0, not {seconds!r}")
    if kind == "rate_limit" and not (isinstance(retry_after, int) and retry_after >= 0):
        raise ValueError(f"retry_after must be a whole number of seconds >= 0, not {retry_after!r}")
    if kind == "server_error" and resolved["status"] not in SERVER_ERROR_STATUSES:
        choices = ", ".join(map(str, sorted(SERVER_ERROR_STATUSES)))
        raise ValueError(f"server_error status must be one of {choices}, not {resolved['status']!r}")
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
