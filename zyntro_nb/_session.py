"""The session: identifiers plus one shared HTTP client, and the one function that sends requests.

Everything that talks to the API — namespaced methods, magics, widgets, the
CLI, paging — goes through :meth:`Session.call`. Its sends go through ``Session._send``,
which hands them to ``zyntro_nb._delivery`` (the retry loop); ``zn.connect`` is in
``zyntro_nb._connect``, the exchange record and shared state in ``zyntro_nb._exchange``.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True)
    >>> df = s.call("crm", "fetchContact", contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890")
    >>> df.loc[0, "contact_id"]
    'a1b2c3d4-e5f6-7890-abcd-ef1234567890'
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._catalog import Catalog, EndpointList, default_catalog
from ._config import Config, redact, redact_text, short_id
from ._defaults import (
    BULK_CONCURRENCY,
    BULK_MAX_CONCURRENCY,
    CONNECT_TIMEOUT,
    POOL_TIMEOUT,
    READ_TIMEOUT,
    USER_AGENT,
    WRITE_TIMEOUT,
)
from ._delivery import deliver, logger
from ._errors import ConfigurationError, ParameterError, ZyntroError
from ._exchange import Exchange, HelpText, UncataloguedEndpointWarning, _scrub, _Shared
from ._limits import check_count, check_seconds
from ._namespace import ModuleNamespace, describe
from ._request import PreparedCall, prepare
from ._retry import RetryPolicy
from ._secret import hide_frames, plain, protect_kwargs
from ._throttle import Throttle
from ._typos import unknown_endpoint

if TYPE_CHECKING:
    import httpx
    import pandas as pd

    from ._replay import CassetteTransport
    from .sandbox import Sandbox

SANDBOX_BASE_URL = "http://sandbox.local"
_warned_uncatalogued: set[str] = set()
_guarded = hide_frames


class Session:
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

        Example::

            >>> s2 = s.using(brand_id=2)   # doctest: +SKIP
        """
        return Session._from(self, self.config.replace(**identifiers))

    def close(self) -> None:
        """Close the HTTP client (and the in-process sandbox this session created)."""
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
        """The in-process sandbox this session talks to, if any."""
        return self._shared.sandbox

    @property
    def is_sandbox(self) -> bool:
        return self._shared.sandbox is not None or self._shared.backend.startswith("sandbox")

    @property
    def is_replay(self) -> bool:
        """True when answers come from a cassette (``zn.connect(replay=…)``), not from a backend."""
        cassette = self._shared.cassette
        return cassette is not None and cassette.mode != "record"

    @property
    def cassette(self) -> CassetteTransport | None:
        """The record/replay transport (``.path``, ``.mode``), if this session records or replays."""
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
        """``'sandbox (in-process)'``, ``'sandbox (http://127.0.0.1:8765)'`` or the API's base URL."""
        return self._shared.backend

    @property
    def last(self) -> Exchange | None:
        """The last request and response (secrets redacted)."""
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

    def __getattr__(self, name: str) -> ModuleNamespace:
        if not name.startswith("_") and name in self.catalog.modules():
            return ModuleNamespace(self, name)
        raise AttributeError(
            f"Session has no attribute {name!r}; catalogued modules: {', '.join(self.catalog.modules())}"
            " (any other module: session.call(module, action, ...))"
        )

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.catalog.modules()))

    def help(self, module: str, action: str) -> HelpText:
        """The endpoint's parameters, identifiers and an example call."""
        endpoint = self.catalog.get(module, action)
        if endpoint is None:
            raise self._unknown_endpoint(module, action)
        return HelpText(describe(endpoint))

    def find(self, text: str = "") -> EndpointList:
        """Endpoints matching every word of ``text`` (see ``Catalog.find``)."""
        return self.catalog.find(text)

    def endpoints(self, module: str | None = None, search: str = "") -> pd.DataFrame:
        """The catalog as a DataFrame (module, action, read_only, params, summary), shown as a fitted table.

        ``module`` keeps one module; ``search`` keeps endpoints matching every word
        (name, title, summary, parameter names), name matches first.

        Example::

            >>> s.endpoints("edge", search="customer")   # doctest: +SKIP
        """
        from ._display import ResultFrame

        frame = ResultFrame(self.catalog.to_frame(module, search))
        what = " ".join(x for x in (module or "", f'"{search}"' if search else "") if x)
        frame.attrs = {"zyntro": {"endpoint": f"endpoints{' ' + what if what else ''}"}}
        return frame

    def form(self, module: str, action: str, **values: Any) -> Any:
        """An ipywidgets form for the endpoint (see ``zyntro_nb.form``)."""
        from ._widgets import EndpointForm

        return EndpointForm(self, module, action, **values)

    def _unknown_endpoint(self, module: str, action: str) -> ParameterError:
        return unknown_endpoint(self.catalog, module, action)

    # -- the one call path ----------------------------------------------------------
    @_guarded
    def prepare(self, module: str, action: str | None = None, /, *, extra: Mapping[str, Any] | None = None,
                force: bool = False, **params: Any) -> PreparedCall:
        """Validate a call against the catalog and build it, without sending (a dry run)."""
        from ._types import prepare_times

        module, action = _split_endpoint(module, action)
        try:
            endpoint = self.catalog.resolve(module, action)
            params = prepare_times(endpoint, params, self._organization_zone)
            return prepare(self.catalog, self.config, module, action, params, extra, force=force)
        except ZyntroError as error:
            raise self._redacted(error) from None

    def _organization_zone(self) -> str | None:
        """The organization's IANA zone (``account/fetchOrganization``'s ``org_timezone``), read once."""
        shared = self._shared
        if shared.org_timezone is None:
            try:
                answer = self.call("account", "fetchOrganization", raw=True)
                data = answer.get("data") if isinstance(answer, dict) else None
                zone = data.get("org_timezone") if isinstance(data, dict) else None
            except ZyntroError:
                return None
            shared.org_timezone = zone if isinstance(zone, str) and zone else ""
        return shared.org_timezone or None

    @_guarded
    def call(
        self,
        module: str,
        action: str | None = None,
        /,
        *,
        raw: bool = False,
        all_pages: bool = False,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        extra: Mapping[str, Any] | None = None,
        force: bool = False,
        parse: bool | None = None,
        expand: str | None = None,
        **params: Any,
    ) -> Any:
        """Call ``module/action`` and return a DataFrame (or the envelope with ``raw=True``).

        ``params`` are checked against the catalog before sending; ``extra`` adds
        undocumented fields unchecked. Read-only endpoints and writes the contract
        documents as idempotent are retried on transient failures (``max_retries``
        overrides the session's count for this call); other writes are sent
        exactly once, and if their answer is lost the error has
        ``outcome_unknown=True`` and names the read that checks them.
        ``deadline`` bounds the whole call (attempts and waits; default the
        session's, 120 s). ``all_pages=True`` follows limit/offset paging and
        returns one DataFrame. A name that looks like a typo of a catalogued one
        is refused with a suggestion; ``force=True`` sends it as typed.
        ``s.call("crm/fetchContact", ...)`` is the same as ``s.call("crm", "fetchContact", ...)``.
        Time fields become datetimes and decimal-text
        amounts numbers (``zyntro_nb._types``); ``parse=False`` keeps the answer's
        text (default: ``%config ZyntroMagics.autoparse``, True). Datetimes sent
        are converted to the request's time zone (see ``_types.prepare_times``).
        ``expand="notes"`` returns the records of that list-of-records field as
        their own table keyed by the parent id (see :func:`zyntro_nb.expand`).

        Example::

            >>> df = s.call("edge", "getEnrollments", status="active", all_pages=True)  # doctest: +SKIP
        """
        if self._shared.closed:
            raise ConfigurationError(
                "this session is closed", fix="create a new one with zn.connect()", sent=False
            )
        params = protect_kwargs(params)  # a credential given to this call alone is a Secret from here on
        module, action = _split_endpoint(module, action)
        for flag, value in (("raw", raw), ("all_pages", all_pages), ("force", force)):
            if not isinstance(value, bool):
                raise ParameterError(f"{flag} must be True or False, not {type(value).__name__} ({value!r:.30})",
                                     fix=f"pass {flag}=True", param=flag, endpoint=f"{module}/{action}")
        if (expand is not None and (not isinstance(expand, str) or not expand)) or (expand and raw):
            raise ParameterError(
                f"expand={expand!r} needs the name of a list-of-records field (and no raw=True)",
                param="expand", fix='e.g. s.crm.fetchContact(contact_id=…, include_notes=1, expand="notes")',
            )
        timeout = check_seconds("timeout", timeout, ParameterError, allow_timeout=True)
        max_retries = check_count("max_retries", max_retries, ParameterError)
        deadline = check_seconds("deadline", deadline, ParameterError)
        prepared = self._checked(module, action, params, extra, stacklevel=3, force=force)
        endpoint = prepared.endpoint
        if expand:
            from ._expand import check_field

            check_field(endpoint, expand, prepared.body)
        policy = self.retry.with_retries(max_retries).with_deadline(deadline)
        if all_pages:
            from ._paging import fetch_all_pages, with_progress
            from ._settings import settings

            def send(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
                return self._send(prepared, policy, timeout, body=body)

            if settings().progress:
                total_key = endpoint.paging.total if endpoint.paging else None
                send = with_progress(send, endpoint.key, total_key)
            # Answers are typed while their frame is built (zyntro_nb._types: uniform missing text, and
            # time and amount fields parsed unless parse, or autoparse, says no).
            typed = self._parse(parse)
            result = fetch_all_pages(send, prepared, raw, parse=typed)
            return result if raw else self._expanded(result, expand, typed)
        envelope, meta = self._send(prepared, policy, timeout)
        if raw:
            return envelope
        from ._frames import to_frame
        from ._paging import note_total

        typed = self._parse(parse)
        frame = to_frame(envelope.get("data"), endpoint, meta, parse=typed)
        note_total(frame.attrs["zyntro"], prepared, envelope, len(frame))
        return self._expanded(frame, expand, typed)

    def _expanded(self, frame: pd.DataFrame, field: str | None, parse: bool | None) -> pd.DataFrame:
        if field is None:
            return frame
        from ._expand import expand
        from ._settings import settings

        return expand(frame, field, parse=settings().autoparse if parse is None else parse)

    @staticmethod
    def _parse(parse: bool | None) -> bool:
        """Whether answers get their time and amount fields parsed: ``parse``, else the autoparse setting."""
        from ._settings import settings

        return bool(settings().autoparse if parse is None else parse)

    @property
    def user_id(self) -> str | None:
        """The user id (``ZYNTRO_USER_ID``; else learnt from developers/fetchIdentifiers when first needed)."""
        return self.config.user_id

    def _learn_user_id(self, module: str, action: str, params: Mapping[str, Any],
                       extra: Mapping[str, Any] | None) -> None:
        """Ask developers/fetchIdentifiers for the user id once, when a call needs it to fill a parameter.

        Only for catalogued parameters marked ``fill: user_id`` that the call leaves out, and only
        with a developer secret (the one thing fetchIdentifiers needs). If the answer names no
        user id, the call fails before sending with the fix (set ZYNTRO_USER_ID).
        """
        if self.config.user_id or not self.config.developer_secret or params.get("help") is True:
            return
        endpoint = self.catalog.get(module, action)
        given = set(params) | set(extra or {})
        if endpoint is None or not any(p.fill == "user_id" and p.name not in given for p in endpoint.params):
            return
        logger().info("%s needs the user id: asking developers/fetchIdentifiers once", endpoint.key)
        data = self.call("developers", "fetchIdentifiers", raw=True).get("data")
        found = data.get("user_id") if isinstance(data, Mapping) else None
        if found:
            self.config = self.config.replace(user_id=plain(found))

    def iter_pages(
        self,
        module: str,
        action: str,
        /,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        extra: Mapping[str, Any] | None = None,
        **params: Any,
    ) -> Iterator[pd.DataFrame]:
        """One DataFrame per page of a limit/offset endpoint, each fetched when the loop asks for it.

        The call is checked now; pages are requested lazily from the call's own ``limit`` and
        ``offset`` (stop the loop early and no more are fetched). Each frame's ``attrs["zyntro"]``
        holds ``page``, ``offset``, ``limit`` and the reported total in ``extra["count"]``.

        Example::

            >>> for page in s.iter_pages("edge", "getEnrollments", status="active", limit=20):  # doctest: +SKIP
            ...     print(page.attrs["zyntro"]["page"], len(page))
        """
        from ._paging import iter_pages

        timeout = check_seconds("timeout", timeout, ParameterError, allow_timeout=True)
        max_retries = check_count("max_retries", max_retries, ParameterError)
        prepared = self._checked(module, action, params, extra)
        policy = self.retry.with_retries(max_retries)
        return iter_pages(lambda body: self._send(prepared, policy, timeout, body=body), prepared)

    def bulk(
        self,
        module: str,
        action: str,
        /,
        rows: Any,
        *,
        concurrency: int = BULK_CONCURRENCY,
        key: str | Sequence[str] | None = None,
        journal: str | os.PathLike[str] | None = None,
        progress: bool | None = None,
        stop_on_error: bool = False,
        resend_unknown: bool = False,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        **constants: Any,
    ) -> pd.DataFrame:
        """Call ``module/action`` once per row of ``rows`` on ``concurrency`` threads; one DataFrame back.

        ``rows``: a DataFrame (columns named like parameters become parameters; ``contact.email``
        fills a key of the object parameter ``contact``), a list of dicts, or any iterable of
        mappings; ``constants`` apply to every row. Every row is checked before anything is sent.

        The result has one row per input row, in input order with the input's index: ``_status``
        (``ok``, ``error``, ``skipped``, ``unknown``; ``not_sent`` after a stop), ``_error``,
        ``_error_type``, ``_request_id``, ``_attempts``, ``_elapsed``, then the answer's fields as
        ``call`` flattens them (a list answer in one ``data`` column). ``attrs["zyntro"]`` holds the
        counts, the wall time (``elapsed``) and the journal's path.

        Reads are retried as in ``call`` (``timeout``, ``max_retries`` and ``deadline`` apply to each
        row's call); writes are never resent on their own. A 429 seen by any
        worker pauses all of them (``Retry-After`` honoured). ``progress`` shows a tqdm bar (a widget
        in Jupyter), by default for more than one row. Errors are collected per row;
        ``stop_on_error=True`` stops at the first and raises it. Ctrl-C stops sending, waits for the
        calls in flight and re-raises; either way ``exc.partial`` holds the result so far.

        ``journal="imports/leads.journal"`` (JSON lines, see ``zyntro_nb._journal``) makes a re-run
        safe: rows done are ``skipped``; failed rows are sent again; a write whose outcome is unknown
        is checked first with the read the catalog names (or resent if the endpoint is idempotent),
        otherwise left ``unknown`` until you pass ``resend_unknown=True``. Rows are told apart by
        ``key`` (column name(s)) or, by default, a hash of their parameters.

        Example::

            >>> leads = pd.read_csv("leads.csv")                                   # doctest: +SKIP
            >>> done = s.bulk("crm", "addNotestoContact", leads[["contact_id"]],   # doctest: +SKIP
            ...               note="Attended the webinar", journal="notes.journal")
            >>> done["_status"].value_counts()                                     # doctest: +SKIP
        """
        from ._bulk import bulk

        return bulk(self, module, action, rows, concurrency=concurrency, key=key, journal=journal,
                    progress=progress, stop_on_error=stop_on_error, resend_unknown=resend_unknown,
                    timeout=timeout, max_retries=max_retries, deadline=deadline, constants=constants)

    def _checked(self, module: str, action: str, params: Mapping[str, Any], extra: Mapping[str, Any] | None,
                 stacklevel: int = 2, force: bool = False) -> PreparedCall:
        """Everything ``call`` checks before sending (open session, credentials, parameters), done once."""
        if self._shared.closed:
            raise ConfigurationError(
                "this session is closed", fix="create a new one with zn.connect()", sent=False
            )
        self._require_credentials(module, action, params)
        self._learn_user_id(module, action, params, extra)
        prepared = self.prepare(module, action, extra=extra, force=force, **params)
        endpoint = prepared.endpoint
        if not endpoint.catalogued and endpoint.key not in _warned_uncatalogued:
            _warned_uncatalogued.add(endpoint.key)
            warnings.warn(
                f"{endpoint.key} is not in the catalog: sent as-is to {endpoint.path}, with no parameter "
                "checks and no retries (add a definition with zn.catalog.register(...))",
                UncataloguedEndpointWarning,
                stacklevel=stacklevel + 1,
            )
        return prepared

    def _require_credentials(self, module: str, action: str, params: Mapping[str, Any]) -> None:
        if self.config.api_key or self.config.developer_secret or params.get("help") is True:
            return
        if {"api_key", "developer_secret"} & set(params):
            return
        raise ConfigurationError(
            "no Zyntro credentials are configured",
            cause="no api_key or developer_secret was given and ZYNTRO_API_KEY / ZYNTRO_DEVELOPER_SECRET "
            "are not set (nor in a .env file)",
            fix="set ZYNTRO_API_KEY, ZYNTRO_DEVELOPER_SECRET, ZYNTRO_ORG_ID, ZYNTRO_BRAND_ID and ZYNTRO_MEMBER_ID "
            "(or pass them to zn.connect(...)); to try the offline sandbox, use zn.connect(sandbox=True)",
            endpoint=f"{module}/{action}",
            sent=False,
        )

    def _redacted(self, error: ZyntroError, secrets: tuple[str, ...] | None = None) -> ZyntroError:
        secrets = self.config.secrets() if secrets is None else secrets
        for attr in ("message", "cause", "fix"):
            setattr(error, attr, redact_text(getattr(error, attr) or "", secrets))
        if getattr(error, "response", None) is not None:
            error.response = _scrub(error.response, secrets)  # type: ignore[attr-defined]
        error.args = (str(error),)
        return error

    def _send(
        self,
        prepared: PreparedCall,
        policy: RetryPolicy,
        timeout: Any,
        body: dict[str, Any] | None = None,
        throttle: Throttle | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The one send path (see ``_delivery.deliver``): the success envelope and frame metadata."""
        return deliver(self, prepared, policy, timeout, body, throttle)

    def _remember(self, exchange: Exchange) -> None:
        self._shared.last = exchange
        self._shared.history.record(exchange)


def _split_endpoint(module: Any, action: Any) -> tuple[Any, Any]:
    """``("crm", "fetchContact")`` from ``("crm/fetchContact", None)``; a missing action is a ParameterError."""
    if action is None:
        if isinstance(module, str) and module.count("/") == 1 and all(module.split("/")):
            return tuple(module.split("/"))  # type: ignore[return-value]
        raise ParameterError(
            f"no action given (module {module!r:.40})",
            fix="name both: s.call('crm', 'fetchContact', contact_id=…) or s.call('crm/fetchContact', …)",
            param="action",
        )
    return module, action
