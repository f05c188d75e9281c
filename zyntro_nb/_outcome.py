"""Writes whose fate is unknown: the request may have reached the server, the answer did not come back.

After a timeout once the request was sent, a dropped connection, a 5xx, an HTML page,
an empty, truncated or non-envelope body, a write may or may not have been applied.
Its error then gets ``outcome_unknown = True``, says so in its message, and its fix
names the read that shows what happened (the catalog's ``verify`` hint, filled in
with the write's own values) — or, where no read in the API can tell, says so and
what to look at instead. It never advises simply sending the write again, except
for writes the contract documents as idempotent.

Example::

    >>> from zyntro_nb._catalog.catalog import Catalog
    >>> from zyntro_nb._errors import ServerError
    >>> fire = Catalog.builtin().get("edge", "fire")
    >>> err = settle(ServerError("HTTP 502 Bad Gateway", status_code=502), fire,
    ...              {"billing_customer_id": "bc_1", "billable_item_id": "bi_1"})
    >>> err.outcome_unknown, "getEnrollments" in err.fix
    (True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._catalog.catalog import Endpoint
from ._errors import RateLimitError, ResponseFormatError, ServerError, TransportError, ZyntroError

UNKNOWN_NOTE = "the write may have been applied"
REFUSED_NOTE = "the write was not applied"


def may_have_arrived(error: ZyntroError) -> bool:
    """Could the server have received (and acted on) the request that ended in ``error``?"""
    if isinstance(error, TransportError):
        return error.sent
    if isinstance(error, ServerError):
        return True
    if isinstance(error, ResponseFormatError):
        return error.kind != "redirect"
    return False


def settle(error: ZyntroError, endpoint: Endpoint, body: Mapping[str, Any]) -> ZyntroError:
    """Mark ``error`` as outcome-unknown when it ended a write that may have been applied.

    Reads are left alone. The fix names the read to check with; only documented-idempotent
    writes are said to be safe to send again.
    """
    if (endpoint.catalogued and endpoint.read_only):
        return error
    if isinstance(error, RateLimitError):
        return _refused_write(error, endpoint)
    if not may_have_arrived(error):
        return error
    error.outcome_unknown = True
    if UNKNOWN_NOTE not in error.message:
        if endpoint.catalogued:
            error.message = f"{error.message} — {UNKNOWN_NOTE}"
        else:
            error.message = f"{error.message} — if {endpoint.key} changes data, {UNKNOWN_NOTE}"
    check = endpoint.verify.render(body) if endpoint.verify else ""
    cannot = endpoint.verify.why_not(body) if endpoint.verify else ""
    if endpoint.catalogued and endpoint.idempotent:
        error.fix = (
            f"sending it again is safe: the API documents {endpoint.key} as idempotent (it returns the "
            "existing record with existing: true)"
            + (f"; to look first: {check}" if check else f"; it cannot be checked first: {cannot}" if cannot else "")
        )
    elif check:
        error.fix = f"do not simply send it again: first check with {check}; send it again only if it is missing"
    elif cannot:
        error.fix = (f"do not simply send it again: whether it was applied cannot be checked through the API — "
                     f"{cannot}; send it again only if it was not applied")
    elif endpoint.catalogued:
        error.fix = (
            f"do not simply send it again: first read back the record {endpoint.key} changes "
            "and send it again only if the change is missing"
        )
    else:
        error.fix = (
            f"{endpoint.key} is not in the catalog, so the toolkit cannot tell whether it changes data; "
            "if it does, read back what it changes before sending it again "
            "(zn.catalog.register({...}) with a 'verify' entry makes this message name the read)"
        )
    return error


def _refused_write(error: RateLimitError, endpoint: Endpoint) -> RateLimitError:
    """A 429 on a write: the server refused it before applying it; say so, and whether it was retried."""
    if REFUSED_NOTE in error.message:
        return error
    retried = endpoint.catalogued and endpoint.retried
    error.message += f" — {REFUSED_NOTE}" + ("" if retried else " and was not retried (writes are sent once)")
    wait = f"at least {error.retry_after:g} s" if error.retry_after is not None else "a little"
    error.fix = (f"wait {wait}, then send the same call again: a 429 means the server refused it before "
                 "applying it, so nothing is duplicated; for many calls, space them out (s.bulk paces itself)")
    return error
