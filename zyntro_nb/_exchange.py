"""What a session keeps and warns about: the exchange record, the state its siblings share, redaction.

:class:`Exchange` is one request and its answer (``s.last``, ``s.history``), secrets
redacted; :class:`_Shared` is the state a session and its :meth:`~zyntro_nb.Session.using`
siblings share (client, backend, last exchange, history); ``_scrub`` replaces secrets at
any depth. The warnings a call may issue live here too, so modules that only need them
(paging) do not import the session.

Example::

    >>> _scrub({"note": "key abc123"}, ("abc123",))["note"]
    'key abc1…(redacted)'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._config import redact_text
from ._history import History

if TYPE_CHECKING:
    import httpx

    from ._replay import CassetteTransport
    from ._wire import Wire
    from .sandbox import Sandbox


class UncataloguedEndpointWarning(UserWarning):
    """A call names a ``module/action`` the catalog does not know; it is sent as-is, never retried."""


class PartialPageWarning(UserWarning):
    """A paged endpoint answered one page of a longer result; ``all_pages=True`` fetches every row.

    Issued once per endpoint per process; the frame's caption (``50 of 133 rows``) and
    ``df.attrs["zyntro"]["total"]`` say it every time. ``endpoint``, ``rows`` and ``total``
    hold the facts, so front-ends word it their own way (``%zyntro`` names ``--all-pages``).
    """

    endpoint: str = ""
    rows: int | None = None
    total: int | None = None


class HelpText(str):
    """Text that IPython shows as text (not as a quoted string)."""

    def __repr__(self) -> str:
        return str(self)


@dataclass
class Exchange:
    """The last request and answer of a session, secrets redacted (``%zyntro last``).

    ``request`` may be given as a function that makes it: the redacted copy of the body
    sent is then built when first read (``s.last``, history), not on every call.
    """

    endpoint: str
    url: str
    request: dict[str, Any] | Callable[[], dict[str, Any]]
    status_code: int | None = None
    raw_response: Any = field(default=None, repr=False)
    request_id: str | None = None
    elapsed: float | None = None
    error: str | None = None
    attempts: int = 1
    started: dt.datetime | None = None
    total_elapsed: float | None = None
    rows: int | None = None
    # A closure, not the secret strings, so vars()/asdict() of an exchange cannot leak them.
    redactor: Callable[[Any], Any] = field(default=lambda value: value, repr=False, compare=False)

    def __post_init__(self) -> None:
        if callable(self.request):  # kept aside; made by __getattr__ when first read
            self._make_request = self.request
            del self.request

    def __getattr__(self, name: str) -> Any:
        if name == "request" and "_make_request" in self.__dict__:
            self.request = self.__dict__.pop("_make_request")()
            return self.request
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def response(self) -> Any:
        """The parsed answer with secrets redacted (computed on access, so calls stay cheap)."""
        return self.redactor(self.raw_response)


@dataclass
class _Shared:
    """State shared by a session and the sessions made from it with :meth:`Session.using`."""

    client: httpx.Client
    sandbox: Sandbox | None = None
    backend: str = ""
    last: Exchange | None = None
    closed: bool = False
    history: History = field(default_factory=History)
    org_timezone: str | None = None  # read once when an aware datetime needs it
    cassette: CassetteTransport | None = None  # record/replay (zyntro_nb._replay)
    wire: Wire = field(init=False, repr=False)  # the lean POST path over ``client`` (zyntro_nb._wire)

    def __post_init__(self) -> None:
        from ._wire import Wire

        self.wire = Wire(self.client)


def _scrub(value: Any, secrets: tuple[str, ...]) -> Any:
    """A copy of ``value`` with every secret replaced by its redacted form, at any depth."""
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    return value
