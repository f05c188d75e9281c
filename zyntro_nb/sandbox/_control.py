"""The sandbox's control surface: faults, writes, clock and reset over HTTP, for loopback clients only.

It lives under ``/__sandbox/``, apart from the API's paths, so a client of the API can
never reach it by accident, and it answers only requests from 127.0.0.1 or ::1: another
process on the same machine (a second notebook, a curl script, a client in another
language) can arm faults on a running ``zyntro-nb sandbox``; nobody else can.

=======================  =======  ========================================================
path                     method   does
=======================  =======  ========================================================
``/__sandbox/faults``    GET      the rules in force, with their counts
``/__sandbox/faults``    POST     arm rules: ``{"spec": "KIND[:MODULE/ACTION][,k=v...]"}``,
                                  ``{"kind": ..., "endpoint": ..., "times": ..., ...}``
                                  or a list of them (all or none are armed)
``/__sandbox/faults``    DELETE   disarm every rule
``/__sandbox/faults/N``  DELETE   disarm rule N (GET shows it)
``/__sandbox/writes``    GET      applied writes: total and per endpoint
``/__sandbox/clock``     GET      the sandbox's time
``/__sandbox/clock``     POST     ``{"advance": SECONDS}`` moves it ahead (cooldowns)
``/__sandbox/reset``     POST     seed data back, write counts and clock reset (faults and
                                  added accounts stay; ``{"keep_accounts": false}`` drops those)
``/__sandbox/``          GET      this table
=======================  =======  ========================================================

Answers use the API's envelope: ``{"status": "success", "data": ...}`` or
``{"status": "error", "data": ["<message naming the problem>"]}`` with HTTP 400 (bad
input), 403 (not loopback), 404 (no such control path or rule) or 405 (wrong method).
A refused request changes nothing.

Example::

    >>> from zyntro_nb.sandbox import Sandbox
    >>> sb = Sandbox()
    >>> answer = sb.control("POST", "/__sandbox/faults", b'{"spec": "drop:crm/fetchContact,times=1"}')
    >>> answer.status, json.loads(answer.body)["data"]["armed"][0]["kind"]
    (200, 'drop')
    >>> sb.control("GET", "/__sandbox/writes", client_ip="10.1.2.3").status
    403
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._faults import FaultPlan, FaultSpecError

if TYPE_CHECKING:
    from . import Sandbox, SandboxResponse

__all__ = ["CONTROL_PREFIX", "LOOPBACK_ADDRESSES", "answer", "is_control_path"]

CONTROL_PREFIX = "/__sandbox"
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
_HEADERS = {"Content-Type": "application/json", "X-Zyntro-Sandbox": "1"}
_TABLE = [
    {"path": "/__sandbox/faults", "method": "GET", "does": "the fault rules in force, with their counts"},
    {"path": "/__sandbox/faults", "method": "POST",
     "does": 'arm rules: {"spec": "KIND[:MODULE/ACTION][,key=value...]"}, {"kind": ..., "endpoint": ..., '
             '"times": ..., option: ...} or a list of them (all or none are armed)'},
    {"path": "/__sandbox/faults", "method": "DELETE", "does": "disarm every rule"},
    {"path": "/__sandbox/faults/N", "method": "GET, DELETE", "does": "show or disarm rule N"},
    {"path": "/__sandbox/writes", "method": "GET", "does": "applied writes: total and per endpoint"},
    {"path": "/__sandbox/clock", "method": "GET", "does": "the sandbox's time"},
    {"path": "/__sandbox/clock", "method": "POST", "does": '{"advance": SECONDS} moves the clock ahead'},
    {"path": "/__sandbox/reset", "method": "POST",
     "does": "seed data back, write counts and clock reset; fault rules stay (DELETE /__sandbox/faults) and "
             'so do accounts added with add_account ({"keep_accounts": false} removes them)'},
]


class _Refused(Exception):
    """A control request that is answered with an error and changes nothing."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def is_control_path(path: str) -> bool:
    """Whether ``path`` belongs to the control surface (``/__sandbox`` and below)."""
    clean = path.split("?", 1)[0]
    return clean == CONTROL_PREFIX or clean.startswith(CONTROL_PREFIX + "/")


def answer(sandbox: Sandbox, method: str, path: str, body: bytes, client_ip: str) -> SandboxResponse:
    """Answer one control request; never raises for bad input (it becomes an error answer)."""
    try:
        if client_ip not in LOOPBACK_ADDRESSES:
            raise _Refused(403, f"The sandbox control surface answers only clients on 127.0.0.1 or ::1, "
                                f"not {client_ip}: run the control request on the sandbox's machine")
        parts = [p for p in path.split("?", 1)[0][len(CONTROL_PREFIX):].split("/") if p]
        route, method = _route(parts), method.upper()
        handlers = _ROUTES[route]
        handler = handlers.get(method)
        if handler is None:
            allowed = ", ".join(sorted(handlers))
            raise _Refused(405, f"{method} is not accepted on {path}; use {allowed}", {"Allow": allowed})
        data = handler(sandbox, parts[1:], body)
    except _Refused as refused:
        return _reply(refused.status, {"status": "error", "data": [refused.message]}, refused.headers)
    return _reply(200, {"status": "success", "data": data})


def _route(parts: list[str]) -> str:
    if not parts:
        return ""
    name = parts[0]
    if name == "faults" and len(parts) == 2:
        return "faults/N"
    if name in ("faults", "writes", "clock", "reset") and len(parts) == 1:
        return name
    known = ", ".join(sorted({row["path"] for row in _TABLE}))
    raise _Refused(404, f"No control path /__sandbox/{'/'.join(parts)}; known: {known} (GET /__sandbox/ "
                        "describes them)")


def _reply(status: int, payload: dict[str, Any], extra: dict[str, str] | None = None) -> SandboxResponse:
    from . import SandboxResponse  # the facade imports this module

    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return SandboxResponse(status, {**_HEADERS, **(extra or {})}, body, dispatched=False)


def _json(body: bytes, *, required: bool = True) -> Any:
    if not body.strip():
        if required:
            raise _Refused(400, "This control request needs a JSON body")
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _Refused(400, f"Request body must be JSON: {exc}") from None


# -- handlers: (sandbox, rest of the path, body) -> data ------------------------------------------


def _help(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    return _TABLE


def _list_faults(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    return sandbox.faults.describe()


def _add_faults(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    payload = _json(body)
    rules = payload if isinstance(payload, list) else [payload]
    if not rules:
        raise _Refused(400, "No fault rules given: send {\"spec\": \"KIND[:MODULE/ACTION][,key=value...]\"} "
                            "or a list of rules")
    parsed: list[dict[str, Any]] = []
    for n, rule in enumerate(rules, 1):
        where = f"rule {n}: " if len(rules) > 1 else ""
        try:
            if isinstance(rule, dict) and "spec" in rule:
                if set(rule) != {"spec"}:
                    raise FaultSpecError("give either 'spec' or the rule's fields, not both")
                from ._faults import parse_fault_spec

                rule = parse_fault_spec(rule["spec"])
            # Check every rule on a scratch plan first, so that a bad one arms none.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                FaultPlan().add_rule(rule)
        except FaultSpecError as exc:
            raise _Refused(400, f"{where}{exc}") from None
        parsed.append(rule)
    armed, notes = [], []
    for rule in parsed:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            armed.append(sandbox.faults.add_rule(rule))
        notes += [str(w.message) for w in caught]
    return {"armed": [f.to_dict() for f in armed], "warnings": notes, "faults": sandbox.faults.describe()}


def _clear_faults(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    removed = len(sandbox.faults)
    sandbox.faults.clear()
    return {"removed": removed, "faults": []}


def _fault_id(rest: list[str]) -> int:
    try:
        return int(rest[0])
    except ValueError:
        raise _Refused(404, f"No fault rule {rest[0]!r}: rule ids are numbers (GET /__sandbox/faults)") from None


def _show_fault(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    wanted = _fault_id(rest)
    for rule in sandbox.faults.describe():
        if rule["id"] == wanted:
            return rule
    raise _Refused(404, f"No fault rule {wanted} is armed (GET /__sandbox/faults lists them)")


def _remove_fault(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    wanted = _fault_id(rest)
    if not sandbox.faults.remove(wanted):
        raise _Refused(404, f"No fault rule {wanted} is armed (GET /__sandbox/faults lists them)")
    return {"removed": 1, "faults": sandbox.faults.describe()}


def _writes(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    return {"total": sandbox.writes_total, "by_endpoint": dict(sorted(sandbox.writes.items()))}


def _clock_data(sandbox: Sandbox) -> dict[str, Any]:
    clock = sandbox.clock
    return {"now": clock.now().isoformat(timespec="seconds"), "advanced_by": getattr(clock, "offset", None)}


def _clock(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    return _clock_data(sandbox)


def _advance(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    payload = _json(body)
    if not isinstance(payload, dict) or set(payload) != {"advance"}:
        raise _Refused(400, 'Send {"advance": SECONDS} to move the sandbox clock ahead')
    seconds = payload["advance"]
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) \
            or seconds < 0:
        raise _Refused(400, f"advance must be a number of seconds >= 0, not {seconds!r} (the clock never goes back)")
    advance = getattr(sandbox.clock, "advance", None)
    if not callable(advance):
        raise _Refused(400, "This sandbox's clock cannot be moved")
    advance(seconds)
    return _clock_data(sandbox)


def _reset(sandbox: Sandbox, rest: list[str], body: bytes) -> Any:
    payload = _json(body, required=False)
    if payload is None:
        payload = {}
    if not isinstance(payload, dict) or set(payload) - {"keep_accounts"}:
        raise _Refused(400, 'POST /__sandbox/reset takes only {"keep_accounts": true|false} (or no body)')
    keep = payload.get("keep_accounts", True)
    if not isinstance(keep, bool):
        raise _Refused(400, f"keep_accounts must be true or false, not {keep!r}")
    sandbox.reset(keep_accounts=keep)
    accounts = getattr(sandbox.app, "added_accounts", [])
    return {"reset": True, "writes": 0, "clock": _clock_data(sandbox), "faults": sandbox.faults.describe(),
            "added_accounts": len(accounts)}


_Handler = Callable[["Sandbox", list[str], bytes], Any]
_ROUTES: dict[str, dict[str, _Handler]] = {
    "": {"GET": _help},
    "faults": {"GET": _list_faults, "POST": _add_faults, "DELETE": _clear_faults},
    "faults/N": {"GET": _show_fault, "DELETE": _remove_fault},
    "writes": {"GET": _writes},
    "clock": {"GET": _clock, "POST": _advance},
    "reset": {"POST": _reset},
}
