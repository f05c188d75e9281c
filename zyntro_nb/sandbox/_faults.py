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
surface take them: ``KIND[:MODULE/ACTION][,key=value...]`` (see :mod:`._fault_rules`, which
also holds :class:`Fault` and the checks); the answers faults put in place of the
application's are in :mod:`._fault_answers`::

    >>> plan.add_spec("server_error:edge/getEnrollments,times=2,status=502").options
    {'status': 502}
"""

from __future__ import annotations

import itertools
import random
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._fault_answers import replacement_answer
from ._fault_rules import (
    FAULT_KINDS,
    Fault,
    FaultSpecError,
    check_after_apply,
    check_endpoint,
    check_options,
    parse_fault_spec,
)

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


class FaultShadowedWarning(UserWarning):
    """A fault rule was armed that can never fire: an earlier failure rule always wins on its scope."""


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
        if kind not in FAULT_KINDS:
            raise FaultSpecError(f"unknown fault kind {kind!r}; choose one of {', '.join(FAULT_KINDS)}")
        check_endpoint(endpoint)
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, (int, float))
                                 or not 0.0 < rate <= 1.0):
            raise FaultSpecError(f"rate must be a number in (0, 1], not {rate!r}")
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise FaultSpecError(f"times must be a whole number of at least 1, not {times!r}")
        if after_apply is not None and not isinstance(after_apply, bool):
            raise FaultSpecError(f"after_apply must be true or false, not {after_apply!r}")
        after_apply = check_after_apply(kind, after_apply)
        resolved = check_options(kind, options)
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
