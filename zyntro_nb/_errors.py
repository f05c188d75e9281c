"""Every error the toolkit raises, in one tree.

::

    ZyntroError                      base: message, cause, fix, endpoint, request_id
    ├── ConfigurationError           an identifier or setting is missing or malformed (nothing sent)
    │   └── CassetteError            a cassette file is missing, unreadable, invalid or unwritable
    ├── CatalogError                 an endpoint definition or catalog file is unusable
    ├── ParameterError               a call's parameters break the catalog's rules (nothing sent)
    ├── APIError                     the API answered ``status: error`` or an HTTP error status
    │   ├── AuthenticationError      missing/invalid api_key or developer_secret, inactive user
    │   ├── PermissionDeniedError    IP not whitelisted, organization or brand not accessible
    │   ├── NotFoundError            the record asked for does not exist
    │   ├── ValidationError          the API rejected a parameter or a missing identifier
    │   ├── RateLimitError           HTTP 429; ``retry_after`` in seconds when given
    │   └── ServerError              HTTP 5xx, including proxies' 502/503/504 pages
    ├── TransportError               the request did not complete
    │   ├── RequestTimeoutError      connect, read, write or pool timeout
    │   └── ConnectionFailedError    refused, reset or dropped connection
    ├── ResponseFormatError          the body is empty, HTML, undecodable, or not the JSON envelope
    ├── JournalBusyError             another bulk run holds the journal (nothing sent)
    └── ReplayMissError              a replay met a request its cassette has no answer for

Each error says what happened (``message``), why (``cause``) and what to do
(``fix``). Messages never contain a secret.

Example::

    >>> err = error_from_message("Missing brand ID", endpoint="forms/getFormFields")
    >>> type(err).__name__, err.fix
    ('ValidationError', 'include the brand ID from Me > API & Webhooks (brand_id, or ZYNTRO_BRAND_ID)')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class ZyntroError(Exception):
    """Base class of every toolkit error.

    Attributes: ``message`` (what happened), ``cause`` (why, when known), ``fix``
    (what to do), ``endpoint`` (``module/action``), ``request_id`` and
    ``status_code`` (when a response was received), ``sent`` (whether the
    request reached the network) and ``outcome_unknown`` (True when a write's
    request may have reached the server but its answer was lost or unreadable,
    so it may have been applied: check with the read the ``fix`` names before
    sending it again).

    Guide: docs/guides/errors.md
    """

    def __init__(
        self,
        message: str,
        *,
        cause: str = "",
        fix: str = "",
        endpoint: str | None = None,
        request_id: str | None = None,
        status_code: int | None = None,
        sent: bool = True,
        outcome_unknown: bool = False,
    ) -> None:
        self.message = message
        self.cause = cause
        self.fix = fix
        self.endpoint = endpoint
        self.request_id = request_id
        self.status_code = status_code
        self.sent = sent
        self.outcome_unknown = outcome_unknown
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = self.message
        if self.endpoint:
            text += f" [{self.endpoint}]"
        if self.cause:
            text += f": {self.cause}"
        if self.fix:
            text += f". Fix: {self.fix}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # keep keyword attributes when pickled (multiprocessing, caching)
        return (_rebuild, (type(self), self.__dict__.copy()))

    def summary(self) -> str:
        """A short one-or-two line text for notebooks and magics.

        Guide: docs/guides/errors.md
        """
        head = f"{type(self).__name__}: {self.message}"
        if self.endpoint:
            head += f" ({self.endpoint})"
        lines = [head]
        if self.fix:
            lines.append(f"Fix: {self.fix}")
        return "\n".join(lines)


def _rebuild(cls: type[ZyntroError], state: dict[str, Any]) -> ZyntroError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, ZyntroError.__str__(error))
    return error


class ConfigurationError(ZyntroError):
    """An identifier or setting is missing or malformed; nothing was sent.

    Guide: docs/guides/errors.md
    """


class CatalogError(ZyntroError):
    """An endpoint definition or catalog file cannot be used.

    Guide: docs/guides/catalog.md
    """


class ParameterError(ZyntroError):
    """A call's parameters break the catalog's rules; nothing was sent. ``param`` names the field.

    Guide: docs/guides/errors.md
    """

    def __init__(self, message: str, *, param: str | None = None, **kwargs: Any) -> None:
        self.param = param
        kwargs.setdefault("sent", False)
        super().__init__(message, **kwargs)


class APIError(ZyntroError):
    """The API reported an error. ``response`` holds the parsed envelope when there was one.

    Guide: docs/guides/errors.md
    """

    def __init__(self, message: str, *, response: Any = None, **kwargs: Any) -> None:
        self.response = response
        super().__init__(message, **kwargs)


class AuthenticationError(APIError):
    """The API key or developer secret is missing, unknown, or belongs to an inactive account.

    Guide: docs/guides/errors.md
    """


class PermissionDeniedError(APIError):
    """The credentials are valid but not allowed here (IP whitelist, organization, brand, owner).

    Guide: docs/guides/errors.md
    """


class NotFoundError(APIError):
    """The record asked for does not exist (or is not visible to this organization).

    Guide: docs/guides/errors.md
    """


class ValidationError(APIError):
    """The API rejected the request's content: a missing identifier or a bad parameter.

    Guide: docs/guides/errors.md
    """


class RateLimitError(APIError):
    """Too many requests (HTTP 429). ``retry_after`` is the server's wait hint in seconds.

    Guide: docs/guides/errors.md
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class ServerError(APIError):
    """The server or a proxy in front of it failed (HTTP 5xx).

    Guide: docs/guides/errors.md
    """


class TransportError(ZyntroError):
    """The request did not complete; for a write, it may or may not have been applied.

    Guide: docs/guides/errors.md
    """


class RequestTimeoutError(TransportError):
    """Connecting, sending or waiting for the answer took longer than the timeout.

    Guide: docs/guides/errors.md
    """


class ConnectionFailedError(TransportError):
    """The connection was refused, reset or dropped.

    Guide: docs/guides/errors.md
    """


class ResponseFormatError(ZyntroError):
    """The response is not the JSON envelope the API documents.

    ``kind`` says how: ``"redirect"``, ``"empty"``, ``"html"``, ``"truncated"``,
    ``"not_json"``, ``"not_envelope"``, ``"too_deep"`` or ``"undecodable"`` (a compressed body
    that does not decode).

    Guide: docs/guides/errors.md
    """

    def __init__(self, message: str, *, kind: str = "", **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(message, **kwargs)


class JournalBusyError(ZyntroError):
    """Another bulk run holds this journal; nothing was sent.

    ``path`` names the journal; ``holder`` is what the running one wrote about itself
    (``pid``, ``host``, ``started``), empty when it is not known. ``lock_timeout=`` on
    ``Session.bulk`` waits for it instead; see docs/guides/bulk-journals.md.

    Example::

        >>> err = JournalBusyError("another bulk run is using the journal 'a.journal'", path="a.journal",
        ...                        holder={"pid": 4242, "host": "box"})
        >>> err.holder["pid"], err.sent
        (4242, False)
    """

    def __init__(self, message: str, *, path: str = "", holder: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        self.path = path
        self.holder = dict(holder or {})
        kwargs.setdefault("sent", False)
        super().__init__(message, **kwargs)


class CassetteError(ConfigurationError):
    """A cassette file cannot be used: missing, truncated, invalid, another version or base URL, unwritable.

    ``path`` names the file.

    Guide: docs/guides/record-replay.md
    """

    def __init__(self, message: str, *, path: str = "", **kwargs: Any) -> None:
        self.path = path
        kwargs.setdefault("sent", False)
        super().__init__(message, **kwargs)


class ReplayMissError(ZyntroError):
    """A replaying session was asked for a request its cassette never recorded; nothing was sent.

    ``closest`` lists the nearest recorded requests (``{"endpoint": …, "request": …}``, placeholders
    instead of credentials).

    Guide: docs/guides/record-replay.md
    """

    def __init__(self, message: str, *, closest: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        self.closest = list(closest or [])
        kwargs.setdefault("sent", False)
        super().__init__(message, **kwargs)


@dataclass(frozen=True)
class DocumentedError:
    """A message the API documents, with its meaning and remedy."""

    error_class: type[APIError]
    cause: str
    fix: str


DOCUMENTED_ERRORS: dict[str, DocumentedError] = {
    "Missing developer_secret": DocumentedError(
        AuthenticationError,
        "developer_secret is missing or empty",
        "include the zdk_… secret from developer onboarding (developer_secret, or ZYNTRO_DEVELOPER_SECRET)",
    ),
    "Invalid developer_secret": DocumentedError(
        AuthenticationError,
        "the developer secret matches no active developer key",
        "check the secret; if it was lost, revoke the developer key and issue a new one",
    ),
    "IP address not whitelisted": DocumentedError(
        PermissionDeniedError,
        "the caller's IP address is not on the developer key's whitelist",
        "ask the account owner to add this machine's IP address to the developer key's whitelist",
    ),
    "Invalid API Key": DocumentedError(
        AuthenticationError,
        "the API key matches no active user account",
        "copy the key again from Me > API & Webhooks (api_key, or ZYNTRO_API_KEY)",
    ),
    "User is not active": DocumentedError(
        AuthenticationError,
        "the API key's user account is deactivated",
        "ask the organization admin to reactivate the account",
    ),
    "Missing service instance": DocumentedError(
        AuthenticationError,
        "api_key is missing or empty",
        "include a valid api_key in the body (api_key, or ZYNTRO_API_KEY)",
    ),
    "Missing org ID": DocumentedError(
        ValidationError,
        "org_id is missing or empty",
        "include the organization ID from Me > API & Webhooks (org_id, or ZYNTRO_ORG_ID)",
    ),
    "Missing brand ID": DocumentedError(
        ValidationError,
        "brand_id is missing or empty",
        "include the brand ID from Me > API & Webhooks (brand_id, or ZYNTRO_BRAND_ID)",
    ),
    "Missing wallet ID": DocumentedError(
        ValidationError,
        "wallet_id is missing or empty",
        "pass wallet_id=…; account/fetchWallets lists the organization's wallets",
    ),
    "No matching wallet found": DocumentedError(
        NotFoundError,
        "no wallet with that ID belongs to this organization",
        "list the wallets with account/fetchWallets and use one of their wallet_id values",
    ),
    "Billing customer not found": DocumentedError(
        NotFoundError,
        "no billing customer with that ID belongs to this organization",
        "create one with edge/createCustomer, or list enrollments with edge/getEnrollments",
    ),
    "Organization not found": DocumentedError(
        NotFoundError,
        "the org_id matches no organization",
        "copy the organization ID from Me > API & Webhooks, or run developers/fetchIdentifiers",
    ),
}

# Which identifier each documented "missing" message is about (used before sending).
MISSING_IDENTIFIER_MESSAGES = {
    "api_key": "Missing service instance",
    "developer_secret": "Missing developer_secret",
    "org_id": "Missing org ID",
    "brand_id": "Missing brand ID",
}

_PATTERNS: list[tuple[re.Pattern[str], type[APIError]]] = [
    (re.compile(r"not (active|whitelisted|allowed|permitted|accessible|authori[sz]ed)|does not belong|owner|forbidden",
                re.I),
     PermissionDeniedError),
    (re.compile(r"invalid (api key|developer_secret)|unauthori[sz]ed|authentication", re.I), AuthenticationError),
    (re.compile(r"unknown [\w ]*(field|parameter|value|mode|type|option)", re.I), ValidationError),
    (re.compile(r"not found|no matching|does not exist|unknown", re.I), NotFoundError),
    (re.compile(r"missing|invalid|must|required|expected|too (long|short|many)|not (a|an|one of)", re.I),
     ValidationError),
]


def classify_message(message: str) -> type[APIError]:
    """The error class for an API message: the documented table first, then wording."""
    documented = DOCUMENTED_ERRORS.get(message.strip())
    if documented:
        return documented.error_class
    for pattern, error_class in _PATTERNS:
        if pattern.search(message):
            return error_class
    return APIError


def error_from_message(message: str, **kwargs: Any) -> APIError:
    """Build the typed error for an API error message, with the documented cause and fix."""
    message = message.strip() or "The API reported an error without a message"
    documented = DOCUMENTED_ERRORS.get(message)
    if documented:
        kwargs.setdefault("cause", documented.cause)
        kwargs.setdefault("fix", documented.fix)
    error_class = classify_message(message)
    if "fix" not in kwargs:
        kwargs["fix"] = _generic_fix(error_class)
    return error_class(message, **kwargs)


def _generic_fix(error_class: type[APIError]) -> str:
    return {
        NotFoundError: "check the ID; it must belong to the session's organization",
        ValidationError: "check the parameters against session.help(module, action)",
        PermissionDeniedError: "check that these credentials may act on this organization, brand or record",
        AuthenticationError: "check api_key and developer_secret (zn.connect() reads ZYNTRO_* variables)",
    }.get(error_class, "see the message; the API gave no further detail")
