"""The answers a fault puts in place of the application's: a 429, a proxy's error page, a maintenance page.

What a real client meets when something between it and the API fails: rate limits
answer JSON with ``Retry-After``; a 500 is the API's JSON error envelope; 502-504
come as the bare HTML page a load balancer sends; ``not_json`` is a maintenance
page with status 200.

Example::

    >>> from ._fault_rules import Fault
    >>> status, headers, body = replacement_answer(Fault("server_error", options={"status": 502}))
    >>> status, headers["Content-Type"], body.startswith(b"<html>")
    (502, 'text/html', True)
"""

from __future__ import annotations

import json

from ._fault_rules import Fault

__all__ = ["replacement_answer"]

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
