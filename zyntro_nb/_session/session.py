"""The session: identifiers plus one shared HTTP client; what it is, and what it talks to.

Everything that talks to the API — namespaced methods, magics, widgets, the
CLI, paging — goes through :meth:`Session.call`. This module builds a session
(arguments, environment, the httpx client) and answers facts about it (backend,
sandbox, cassette, today, last exchange, history). The call path is in
``zyntro_nb._session.call`` (``call``, ``prepare``, ``iter_pages``, ``bulk``; its sends go to
``zyntro_nb._delivery``, the retry loop), discovery in ``zyntro_nb._session.discovery``
(``s.crm``, ``help``, ``find``, ``endpoints``, ``form``), the user id and org time zone learnt
on first need in ``zyntro_nb._session.learn``; ``zn.connect`` is in ``zyntro_nb._connect.connect``,
the exchange record and shared state in ``zyntro_nb._exchange``.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True)
    >>> df = s.call("crm", "fetchContact", contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890")
    >>> df.loc[0, "contact_id"]
    'a1b2c3d4-e5f6-7890-abcd-ef1234567890'
    >>> s.backend, s.last.endpoint
    ('sandbox (in-process)', 'crm/fetchContact')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._catalog.catalog import Catalog, default_catalog
from .._config import Config, redact, short_id
from .._defaults import (
    BULK_MAX_CONCURRENCY,
    CONNECT_TIMEOUT,
    POOL_TIMEOUT,
    READ_TIMEOUT,
    USER_AGENT,
    WRITE_TIMEOUT,
)
from .._errors import ConfigurationError
from .._exchange import Exchange, _Shared
from .._retry import RetryPolicy
from .._secret import hide_frames, plain

# _warned_uncatalogued: re-exported, tests and front-ends reset it from here.
from .call import SessionCalls, _warned_uncatalogued  # noqa: F401
from .discovery import SessionDiscovery
from .limits import check_count, check_seconds

if TYPE_CHECKING:
    import httpx
    import pandas as pd

    from .._replay.transport import CassetteTransport
    from ..sandbox import Sandbox

SANDBOX_BASE_URL = "http://sandbox.local"
_guarded = hide_frames


class Session(SessionCalls, SessionDiscovery):
    """A connection to the Zyntro API (or the sandbox) that returns DataFrames.

    Every argument defaults to ``None`` and then falls back to an environment
    variable (or a ``.env`` file in the working directory):

    - ``api_key`` — ``ZYNTRO_API_KEY``
    - ``developer_secret`` — ``ZYNTRO_DEVELOPER_SECRET`` (starts with ``zdk_``)
    - ``org_id`` — ``ZYNTRO_ORG_ID`` (UUID)
    - ``brand_id`` — ``ZYNTRO_BRAND_ID`` (number; sent as a string)
    - ``member_id`` — ``ZYNTRO_MEMBER_ID`` (UUID)
    - ``base_url`` — ``ZYNTRO_BASE_URL`` (default ``https://app.zyntrohq.com``)
    - ``user_id`` — ``ZYNTRO_USER_ID``: fills parameters the catalog marks ``fill: user_id``
      (calculateLeadScore's ``service_instance``). Without it, the first such call asks
      ``developers/fetchIdentifiers`` for it once (needs the developer secret).
    - ``profile`` — ``ZYNTRO_PROFILE``: a named profile (``zyntro-nb login --profile NAME``) whose
      identifiers come from the profiles file and whose secrets come from the OS keyring. Arguments
      and ``ZYNTRO_*`` variables win over it, and it wins over ``.env`` (``session.config.sources``
      says where each value came from).

    ``timeout`` (seconds per attempt, or an ``httpx.Timeout``), ``max_retries`` /
    ``retry`` (reads and idempotent writes only), ``deadline`` (one call's total
    seconds across attempts and waits, default 120), ``transport`` (an httpx
    transport: the network seam) and ``catalog`` are optional.

    Example::

        >>> s = Session(api_key="UYUJH-1", developer_secret="zdk_x",
        ...             org_id="42cc1aca-3aa5-4339-98d2-480b5b89937b", brand_id=1, env={})
        >>> s
        <Session org=42cc1aca… brand=1 member=- key=UYUJ…(redacted) base=https://app.zyntrohq.com>
    """

    @_guarded
    def __init__(
        self,
        api_key: str | None = None,
        developer_secret: str | None = None,
        org_id: str | None = None,
        brand_id: str | int | None = None,
        member_id: str | None = None,
        base_url: str | None = None,
        user_id: str | None = None,
        *,
        profile: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        catalog: Catalog | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        timeout = check_seconds("timeout", timeout, ConfigurationError, allow_timeout=True)
        max_retries = check_count("max_retries", max_retries, ConfigurationError)
        deadline = check_seconds("deadline", deadline, ConfigurationError)
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise ConfigurationError(f"retry must be a zn.RetryPolicy, not {type(retry).__name__}",
                                     fix="pass retry=zn.RetryPolicy(max_retries=…) or just max_retries=…", sent=False)
        if catalog is not None and not isinstance(catalog, Catalog):
            raise ConfigurationError(f"catalog must be a zn.Catalog, not {type(catalog).__name__}",
                                     fix="build one with zn.Catalog.from_file(path) or leave catalog out", sent=False)
        import httpx  # on the first session, not on `import zyntro_nb`

        if transport is not None and not isinstance(transport, httpx.BaseTransport):
            raise ConfigurationError(f"transport must be an httpx transport, not {type(transport).__name__}",
                                     fix="pass an httpx.BaseTransport (e.g. httpx.MockTransport(handler))", sent=False)
        self.config = Config.resolve(
            env=env,
            profile=profile,
            api_key=api_key,
            developer_secret=developer_secret,
            org_id=org_id,
            brand_id=brand_id,
            member_id=member_id,
            base_url=base_url,
            user_id=user_id,
        )
        self.catalog = catalog if catalog is not None else default_catalog()
        self.retry = (retry or RetryPolicy()).with_retries(max_retries).with_deadline(deadline)
        if timeout is None:
            timeout = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT, write=WRITE_TIMEOUT, pool=POOL_TIMEOUT)
        client = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Content-Type": "application/json"},
            # Bulk workers share this client: keep a connection alive for each of them.
            limits=httpx.Limits(max_connections=max(100, BULK_MAX_CONCURRENCY),
                                max_keepalive_connections=BULK_MAX_CONCURRENCY),
        )
        self._shared = _Shared(client=client, backend=self.config.shown_base_url)
        self.bootstrap_notes: tuple[str, ...] = ()

    # -- construction ------------------------------------------------------------
    @classmethod
    def _from(cls, other: Session, config: Config) -> Session:
        session = cls.__new__(cls)
        session.config = config
        session.catalog = other.catalog
        session.retry = other.retry
        session._shared = other._shared
        session.bootstrap_notes = getattr(other, "bootstrap_notes", ())
        return session

    @_guarded
    def using(self, **identifiers: Any) -> Session:
        """A session for another brand or member (same client, nothing re-read).

        A new ``api_key`` is another login: the user id learned from the old one is dropped
        (learned again from the new key when a call needs it) unless ``user_id`` is given too.

        Example::

            >>> s2 = s.using(brand_id=2)   # doctest: +SKIP
        """
        config = self.config.replace(**identifiers)
        if "user_id" not in identifiers and plain(config.api_key) != plain(self.config.api_key):
            config = config.replace(user_id=None)
        return Session._from(self, config)

    def close(self) -> None:
        """Close the HTTP client (and the in-process sandbox this session created).

        Guide: docs/guides/sessions.md
        """
        if not self._shared.closed:
            self._shared.client.close()
            self._shared.closed = True

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- facts -------------------------------------------------------------------
    @property
    def sandbox(self) -> Sandbox | None:
        """The in-process sandbox this session talks to, if any.

        Guide: docs/guides/sessions.md
        """
        return self._shared.sandbox

    @property
    def is_sandbox(self) -> bool:
        """True when the session talks to a sandbox, in-process or over HTTP (its repr says SANDBOX).

        Guide: docs/guides/sandbox.md
        """
        return self._shared.sandbox is not None or self._shared.backend.startswith("sandbox")

    @property
    def is_replay(self) -> bool:
        """True when answers come from a cassette (``zn.connect(replay=…)``), not from a backend.

        Guide: docs/guides/record-replay.md
        """
        cassette = self._shared.cassette
        return cassette is not None and cassette.mode != "record"

    @property
    def cassette(self) -> CassetteTransport | None:
        """The record/replay transport (``.path``, ``.mode``), if this session records or replays.

        Guide: docs/guides/record-replay.md
        """
        return self._shared.cassette

    def today(self) -> dt.date:
        """Today's date as this session's backend sees it: the recording's date in a replay, the
        sandbox's clock in an in-process sandbox, otherwise today in UTC. Use it instead of
        ``date.today()`` so a notebook replays on any day.

        Example::

            >>> import zyntro_nb as zn
            >>> zn.connect(sandbox=True).today().isoformat()
            '2026-04-01'
        """
        cassette = self._shared.cassette
        if cassette is not None and cassette.cassette is not None:
            recorded = str(cassette.cassette.header.get("today") or cassette.cassette.recorded_at)
            try:
                return dt.date.fromisoformat(recorded[:10])
            except ValueError:
                pass
        if self._shared.sandbox is not None:
            return self._shared.sandbox.clock.now().date()
        return dt.datetime.now(dt.timezone.utc).date()

    @property
    def backend(self) -> str:
        """``'sandbox (in-process)'``, ``'sandbox (http://127.0.0.1:8765)'`` or the API's base URL.

        Guide: docs/guides/sessions.md
        """
        return self._shared.backend

    @property
    def last(self) -> Exchange | None:
        """The last request and response (secrets redacted).

        Guide: docs/guides/sessions.md
        """
        return self._shared.last

    @property
    def history(self) -> pd.DataFrame:
        """The calls this session (and its :meth:`using` siblings) made, oldest first, secrets redacted.

        One row per call: time (UTC), endpoint, status (ok/error), HTTP status, attempts,
        elapsed seconds, rows answered, request id, parameters (identifiers left out) and
        the error's first line. The newest 1,000 calls are kept (``HISTORY_LIMIT``).

        Example::

            >>> s.history.tail(3)   # doctest: +SKIP
        """
        return self._shared.history.frame()

    def __repr__(self) -> str:
        c = self.config
        marker = "SANDBOX (demo data, not your CRM) " if self.is_sandbox else ""
        if self._shared.cassette is not None:
            marker = f"{self._shared.cassette.label} {marker}"
        base = self.backend if self.is_sandbox else c.shown_base_url
        return (
            f"<Session {marker}org={short_id(c.org_id)} brand={c.brand_id or '-'} "
            f"member={short_id(c.member_id)} key={redact(c.api_key)} base={base}>"
        )

    __str__ = __repr__

    @property
    def user_id(self) -> str | None:
        """The user id (``ZYNTRO_USER_ID``; else learnt from developers/fetchIdentifiers when first needed).

        Guide: docs/guides/sessions.md
        """
        return self.config.user_id
