"""The API's base address: its shape is checked before anything is sent.

Refused, each with a fix naming the corrected value: no scheme or another scheme,
no host, a port outside 1–65535, a query or fragment, whitespace, and a path that
already ends in the API's own prefix (``/apis/v2/public`` or ``/apis/public``),
which would otherwise be doubled in every request.

Example::

    >>> check_base_url("https://app.zyntrohq.com/")
    'https://app.zyntrohq.com'
    >>> try:
    ...     check_base_url("https://app.zyntrohq.com/apis/v2/public")
    ... except ConfigurationError as err:
    ...     print(err.fix)
    set ZYNTRO_BASE_URL to https://app.zyntrohq.com (the toolkit adds /apis/v2/public/MODULE/ACTION itself)
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

from ._defaults import DEFAULT_BASE_URL
from ._errors import ConfigurationError

API_PREFIXES = ("/apis/v2/public", "/apis/public", "/public")


def _refuse(message: str, fix: str, cause: str = "") -> ConfigurationError:
    return ConfigurationError(message, cause=cause, fix=fix, sent=False)


def _host(parts: SplitResult) -> str:
    """``host[:port]``, with any ``user:password@`` shown as ``…@`` (fix texts must not repeat a password)."""
    return ("…@" if "@" in parts.netloc else "") + parts.netloc.rpartition("@")[2]


def check_base_url(text: str) -> str:
    """``text`` without a trailing ``/`` if it is a usable base address; else a ConfigurationError."""
    example = f"set ZYNTRO_BASE_URL (or base_url=…) to e.g. {DEFAULT_BASE_URL}"
    if any(c.isspace() for c in text):
        raise _refuse("base_url contains whitespace", example)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise _refuse(f"base_url is not a valid address ({exc})", example) from None
    if parts.scheme not in ("http", "https"):
        shown = f"{parts.scheme}://" if parts.scheme and "://" in text else f"{text[:4]}…"
        raise _refuse(f"base_url must start with http:// or https:// (it starts with {shown!r})", example)
    if not parts.hostname:
        raise _refuse("base_url has no host name", example)
    if port is not None and not 1 <= port <= 65535:
        raise _refuse(f"base_url's port {port} is outside 1–65535", example)
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        clean = f"{parts.scheme}://{_host(parts)}{parts.path}".rstrip("/")
        raise _refuse("base_url has a query or fragment (?… or #…)",
                      f"set ZYNTRO_BASE_URL to {clean}; identifiers go in the request body, never the URL")
    path = parts.path.rstrip("/")
    for prefix in API_PREFIXES:
        if path.endswith(prefix):
            clean = f"{parts.scheme}://{_host(parts)}{path[: -len(prefix)]}"
            raise _refuse(f"base_url ends in the API's own path {prefix}",
                          f"set ZYNTRO_BASE_URL to {clean} (the toolkit adds /apis/v2/public/MODULE/ACTION itself)",
                          cause="the path would be doubled in every request")
    return text.rstrip("/")
