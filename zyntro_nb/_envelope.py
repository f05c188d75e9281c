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
from typing import TYPE_CHECKING, Any

from ._defaults import MAX_DEPTH
from ._errors import (
    DOCUMENTED_ERRORS,
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
from ._secret import json_default, may_hold_credentials, protect
from ._values import too_deep

if TYPE_CHECKING:
    import httpx

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def request_id_of(response: httpx.Response, envelope: Any = None) -> str | None:
    # One pass over the raw headers (each httpx lookup by name walks and decodes them all again).
    found: dict[bytes, list[bytes]] = {}
    for name, value in response.headers.raw:
        found.setdefault(name.lower(), []).append(value)
    for header in REQUEST_ID_HEADERS:
        values = found.get(header.encode())
        if values is not None:
            return ", ".join(v.decode(response.headers.encoding) for v in values)
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


_STATUS_TYPES: dict[int, tuple[type[APIError], str]] = {
    401: (AuthenticationError, "check api_key and developer_secret (zn.connect() reads ZYNTRO_* variables)"),
    403: (PermissionDeniedError, "check the IP whitelist of the developer key and the organization's access"),
    404: (NotFoundError, "check ZYNTRO_BASE_URL and the module/action name (s.find(...) searches the catalog)"),
}


def _status_error(response: httpx.Response, endpoint: str, envelope: Any, request_id: str | None) -> ZyntroError:
    """The typed error for an HTTP error status; 401/403/404/429/5xx keep their type whatever the body."""
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
            fix="wait a little before the next call"
            + (f" (at least {retry_after:g} s)" if retry_after is not None else "")
            + "; for many calls, space them out",
            retry_after=retry_after,
            **common,
        )
    if status >= 500:
        return ServerError(
            f"{label} from the server or a proxy in front of it",
            cause=detail,
            fix="usually temporary: wait a moment and call again; if it persists, the API is having trouble",
            **common,
        )
    if status in _STATUS_TYPES:
        error_class, fix = _STATUS_TYPES[status]
        if messages:
            documented = DOCUMENTED_ERRORS.get(messages[0])
            return error_class(
                messages[0],
                cause=f"{label}" + (f"; {documented.cause}" if documented else ""),
                fix=documented.fix if documented else fix,
                **common,
            )
        kind = "an HTML page" if _looks_html(response) else ("an empty body" if not response.text.strip() else
                                                              "a body that is not the API's envelope")
        return error_class(f"{label} with {kind}", cause=detail, fix=fix, **common)
    if messages:
        return error_from_message(messages[0], **common)
    return APIError(
        f"{label}",
        cause=detail or "the server rejected the request without an explanation",
        fix="check the parameters against s.help(module, action) and ZYNTRO_BASE_URL",
        **common,
    )


def _looks_html(response: httpx.Response) -> bool:
    return response.text.lstrip().startswith("<") or "html" in response.headers.get("content-type", "")


def _redirect_error(response: httpx.Response, common: dict[str, Any]) -> ResponseFormatError:
    import httpx

    target = response.headers.get("location", "")
    label = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    return ResponseFormatError(
        f"the server redirected the request ({label}" + (f" to {target}" if target else "") + ")",
        cause="the API answers POST requests at its own address; a redirect means ZYNTRO_BASE_URL points "
        "somewhere else (http:// instead of https://, an old host, a login page)",
        fix="set ZYNTRO_BASE_URL to the address the API really answers on"
        + (f" (the redirect points at {httpx.URL(target).scheme}://{httpx.URL(target).host})"
           if target.startswith(("http://", "https://")) else ""),
        kind="redirect",
        **common,
    )


def read_envelope(response: httpx.Response, endpoint: str, secret_fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """The success envelope of ``response``, or the typed error it stands for.

    Credential fields (see :func:`zyntro_nb._secret.protect`; plus ``secret_fields``)
    become :class:`~zyntro_nb.Secret` values here, once, so every later view is redacted.
    """
    if 200 <= response.status_code < 300:
        # The usual answer first: parsed from the bytes as httpx's .json() does (no charset sniffing).
        # Anything else — not JSON, not a success envelope, too deep — takes the full reading below.
        try:
            quick = json.loads(response.content)
        except (ValueError, RecursionError):
            quick = None
        if isinstance(quick, dict) and quick.get("status") == "success" and not too_deep(quick):
            # Credential fields become Secrets here, once; a look at the bytes spares most answers the walk.
            return protect(quick, secret_fields) if may_hold_credentials(response.content, secret_fields) else quick
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError):
        text = response.content.decode("utf-8", "replace")
    envelope: Any = None
    parse_error: json.JSONDecodeError | None = None
    deep = False
    if text.strip():
        try:
            envelope = json.loads(text)
        except json.JSONDecodeError as exc:
            parse_error = exc
        except RecursionError:
            deep = True
        else:
            deep = too_deep(envelope)
            # Credential fields become Secrets here, once; a quick look at the text spares big answers the walk.
            if not deep and may_hold_credentials(text, secret_fields):
                envelope = protect(envelope, secret_fields)
            elif deep:
                envelope = None
    request_id = request_id_of(response, envelope)
    common: dict[str, Any] = {"endpoint": endpoint, "request_id": request_id, "status_code": response.status_code}
    if 300 <= response.status_code < 400:
        raise _redirect_error(response, common)
    if response.status_code >= 400:
        raise _status_error(response, endpoint, envelope, request_id)
    if not text.strip():
        raise ResponseFormatError(
            f"empty response body (HTTP {response.status_code})",
            cause="the server or a proxy closed the answer without content",
            fix="call again in a moment; if it persists, check ZYNTRO_BASE_URL points at the Zyntro API",
            kind="empty",
            **common,
        )
    if deep:
        raise ResponseFormatError(
            f"the answer nests more than {MAX_DEPTH} levels deep",
            cause="no documented answer is that deep; the server sent something unexpected",
            fix="check ZYNTRO_BASE_URL points at the Zyntro API; raw=True cannot help with this answer",
            kind="too_deep",
            **common,
        )
    if parse_error is not None:
        stripped = text.lstrip()
        if _looks_html(response):
            title = _html_title(text)
            raise ResponseFormatError(
                "the server answered with an HTML page instead of JSON"
                + (f" ({title!r})" if title else ""),
                cause="a proxy, login page or wrong base URL answered instead of the API",
                fix="if it persists, check ZYNTRO_BASE_URL (default https://app.zyntrohq.com)",
                kind="html",
                **common,
            )
        # Cut off: the parser ran out of text (at the very end, or inside a string that never closes).
        looks_cut = stripped.startswith(("{", "[")) and (
            parse_error.pos >= len(text.rstrip()) - 1 or parse_error.msg.startswith("Unterminated string")
        )
        if looks_cut:
            raise ResponseFormatError(
                f"the JSON answer is truncated (it stops after {len(text.encode())} bytes, "
                f"line {parse_error.lineno}, column {parse_error.colno})",
                cause="the connection was cut mid-answer",
                fix="call again in a moment; if it persists, a proxy may be limiting answer sizes",
                kind="truncated",
                **common,
            )
        raise ResponseFormatError(
            f"the answer is not JSON (line {parse_error.lineno}, column {parse_error.colno}: {parse_error.msg})",
            cause="something other than the Zyntro API answered",
            fix="check ZYNTRO_BASE_URL points at the Zyntro API (default https://app.zyntrohq.com)",
            kind="not_json",
            **common,
        )
    if isinstance(envelope, list):
        return {"status": "success", "data": envelope}
    if not isinstance(envelope, dict):
        raise ResponseFormatError(
            f"the answer is JSON but not the API's envelope (a bare {type(envelope).__name__}: "
            f"{text.strip()[:40]!r})",
            cause="the API always answers an object with 'status' and 'data'",
            fix="check ZYNTRO_BASE_URL points at the Zyntro API",
            kind="not_envelope",
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
        keys = ", ".join(sorted(map(str, envelope))[:6]) or "none"
        raise ResponseFormatError(
            f"the answer is not the API's envelope (status {envelope.get('status')!r}, keys: {keys})",
            cause="expected status 'success' or 'error' with 'data'",
            fix="check ZYNTRO_BASE_URL points at the Zyntro API",
            kind="not_envelope",
            **common,
        )
    return envelope


def transport_error(exc: httpx.HTTPError, endpoint: str, read_only: bool) -> TransportError | ZyntroError:
    """The typed error for an httpx exception raised while sending."""
    import httpx

    after = (
        "call again in a moment"
        if read_only
        else "this was a write: it may or may not have been applied — check before sending it again"
    )
    if isinstance(exc, httpx.DecodingError):
        # The answer arrived but its Content-Encoding (gzip, deflate, br) does not decode: a bad answer, not a
        # failed request; retried like a truncated body, for reads only.
        return ResponseFormatError(
            "the answer's compressed body is broken and cannot be decoded",
            cause=_first_line(exc) or "the body does not match its Content-Encoding header",
            fix="call again in a moment; if it persists, a proxy between you and the API is damaging answers"
            if read_only else after,
            kind="undecodable",
            endpoint=endpoint,
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
