"""Reading an HTTP answer: the ``status/data/errors`` envelope becomes data or a typed error.

Handles both documented error forms (``data: [...]`` and Edge's ``errors: [...]``),
a plain string or object as the error, HTTP error statuses, HTML pages from
proxies, empty and truncated bodies, and httpx's own exceptions.

Example::

    >>> import httpx
    >>> r = httpx.Response(200, json={"status": "error", "errors": ["Billing customer not found"]})
    >>> try:
    ...     read_envelope(r, "edge/getCustomer")
    ... except NotFoundError as err:
    ...     print(err.message)
    Billing customer not found
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx

from ._errors import (
    APIError,
    AuthenticationError,
    ConnectionFailedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeoutError,
    ResponseFormatError,
    ServerError,
    TransportError,
    ZyntroError,
    error_from_message,
)
from ._retry import parse_retry_after
from ._secret import json_default, protect

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def request_id_of(response: httpx.Response, envelope: Any = None) -> str | None:
    for header in REQUEST_ID_HEADERS:
        if header in response.headers:
            return response.headers[header]
    if isinstance(envelope, dict) and isinstance(envelope.get("request_id"), str):
        return envelope["request_id"]
    return None


def error_messages(envelope: dict[str, Any]) -> list[str]:
    """The messages of an error envelope, whichever documented or undocumented form it takes."""
    raw = envelope.get("errors")
    if raw is None:
        raw = envelope.get("data", envelope.get("message", envelope.get("error")))
    items = raw if isinstance(raw, list) else [raw]
    messages = []
    for item in items:
        if isinstance(item, dict):
            item = (item.get("message") or item.get("error") or item.get("detail")
                    or json.dumps(item, default=json_default))
        if item is not None and str(item).strip():
            messages.append(str(item).strip())
    if not messages and isinstance(envelope.get("message"), str):
        messages.append(envelope["message"])
    return messages


def _html_title(text: str) -> str:
    match = _TITLE.search(text)
    title = html.unescape(match.group(1)).strip() if match else ""
    return re.sub(r"\s+", " ", title)[:80]


def _status_error(response: httpx.Response, endpoint: str, envelope: Any, request_id: str | None) -> APIError:
    status = response.status_code
    messages = error_messages(envelope) if isinstance(envelope, dict) else []
    detail = messages[0] if messages else (_html_title(response.text) or response.reason_phrase or "")
    common: dict[str, Any] = {
        "endpoint": endpoint,
        "request_id": request_id,
        "status_code": status,
        "response": envelope,
    }
    label = f"HTTP {status} {response.reason_phrase}".strip()
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        wait = f" (the server asks to wait {retry_after:g} s)" if retry_after is not None else ""
        return RateLimitError(
            f"{label}: too many requests{wait}",
            cause=detail or "the API's rate limit was reached",
            fix="slow down; reads are retried automatically, writes are not — retry them yourself later",
            retry_after=retry_after,
            **common,
        )
    if status >= 500:
        return ServerError(
            f"{label} from the server or a proxy in front of it",
            cause=detail,
            fix="usually temporary: reads are retried automatically; for a write, check whether it was "
            "applied before sending it again",
            **common,
        )
    if messages:
        return error_from_message(messages[0], **common)
    error_class, fix = {
        401: (AuthenticationError, "check api_key and developer_secret"),
        403: (PermissionDeniedError, "check the IP whitelist of the developer key and the organization"),
        404: (NotFoundError, "check the module/action name and ZYNTRO_BASE_URL"),
    }.get(status, (APIError, "check the request; the server rejected it"))
    return error_class(f"{label}", cause=detail, fix=fix, **common)


def read_envelope(response: httpx.Response, endpoint: str, secret_fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """The success envelope of ``response``, or the typed error it stands for.

    Credential fields (see :func:`zyntro_nb._secret.protect`; plus ``secret_fields``)
    become :class:`~zyntro_nb.Secret` values here, once, so every later view is redacted.
    """
    text = response.text
    envelope: Any = None
    parse_error: json.JSONDecodeError | None = None
    if text.strip():
        try:
            envelope = protect(json.loads(text), secret_fields)
        except json.JSONDecodeError as exc:
            parse_error = exc
    request_id = request_id_of(response, envelope)
    if response.status_code >= 400:
        raise _status_error(response, endpoint, envelope, request_id)
    common: dict[str, Any] = {"endpoint": endpoint, "request_id": request_id, "status_code": response.status_code}
    if not text.strip():
        raise ResponseFormatError(
            f"empty response body (HTTP {response.status_code})",
            cause="the server closed the answer without content",
            fix="try again; if it persists, check ZYNTRO_BASE_URL points at the Zyntro API",
            **common,
        )
    if parse_error is not None:
        stripped = text.lstrip()
        if stripped.startswith("<") or "html" in response.headers.get("content-type", ""):
            title = _html_title(text)
            raise ResponseFormatError(
                "the server answered with an HTML page instead of JSON"
                + (f" ({title!r})" if title else ""),
                cause="a proxy, login page or wrong base URL answered instead of the API",
                fix="check ZYNTRO_BASE_URL (default https://app.zyntrohq.com) and try again",
                **common,
            )
        looks_cut = stripped.startswith(("{", "[")) and parse_error.pos >= len(text.rstrip()) - 1
        raise ResponseFormatError(
            ("the JSON answer is truncated" if looks_cut else "the answer is not valid JSON")
            + f" (line {parse_error.lineno}, column {parse_error.colno}: {parse_error.msg})",
            cause="the connection was cut mid-answer or the server sent something else",
            fix="retry the read; for a write, check whether it was applied before sending it again",
            **common,
        )
    if isinstance(envelope, list):
        return {"status": "success", "data": envelope}
    if not isinstance(envelope, dict):
        raise ResponseFormatError(
            f"the answer is JSON but not an envelope object ({type(envelope).__name__})",
            fix="check ZYNTRO_BASE_URL points at the Zyntro API",
            **common,
        )
    status = str(envelope.get("status", "")).lower()
    if status == "error" or (status != "success" and "errors" in envelope):
        messages = error_messages(envelope)
        error = error_from_message(messages[0] if messages else "", response=envelope, **common)
        if len(messages) > 1:
            error.cause = "; ".join([error.cause, *messages[1:]] if error.cause else messages[1:])
        raise error
    if status not in ("success", "") or ("data" not in envelope and status != "success"):
        raise ResponseFormatError(
            f"unexpected envelope status {envelope.get('status')!r}",
            cause="expected status 'success' or 'error'",
            fix="check ZYNTRO_BASE_URL points at the Zyntro API",
            **common,
        )
    return envelope


def transport_error(exc: httpx.HTTPError, endpoint: str, read_only: bool) -> TransportError | ZyntroError:
    """The typed error for an httpx exception raised while sending."""
    after = (
        "reads are retried automatically"
        if read_only
        else "this was a write: it may or may not have been applied — check before sending it again"
    )
    if isinstance(exc, httpx.TimeoutException):
        phase = {
            httpx.ConnectTimeout: "connecting",
            httpx.ReadTimeout: "waiting for the answer",
            httpx.WriteTimeout: "sending the request",
            httpx.PoolTimeout: "waiting for a free connection",
        }.get(type(exc), "the request")
        sent = not isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout))
        return RequestTimeoutError(
            f"timed out while {phase}",
            cause=f"{type(exc).__name__}",
            fix=f"raise the timeout (Session(timeout=…) or call(..., timeout=…)); {after}",
            endpoint=endpoint,
            sent=sent,
        )
    if isinstance(exc, httpx.ConnectError):
        return ConnectionFailedError(
            "could not connect to the API",
            cause=_first_line(exc) or "connection refused or name not resolved",
            fix="check ZYNTRO_BASE_URL and the network; for the offline sandbox use zn.connect(sandbox=True)",
            endpoint=endpoint,
            sent=False,
        )
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.NetworkError)):
        return ConnectionFailedError(
            "the connection was dropped before the answer arrived",
            cause=_first_line(exc) or type(exc).__name__,
            fix=after,
            endpoint=endpoint,
        )
    return TransportError(
        f"the request failed ({type(exc).__name__})",
        cause=_first_line(exc),
        fix=after,
        endpoint=endpoint,
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else ""
