"""The one call path: check a call against the catalog, send it, and turn the answer into a DataFrame.

``Session`` takes these from :class:`SessionCalls`: ``prepare`` (a dry run), ``call``,
``iter_pages`` and ``bulk``, and the inner steps every front-end shares — ``_checked``
(everything checked before sending), ``_send`` (handed to ``zyntro_nb._delivery``, the
retry loop), ``_redacted`` and ``_remember`` (the exchange kept as ``s.last`` and in
``s.history``).

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True, new=True, current=False)
    >>> s.prepare("crm/fetchContact", contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890").endpoint.key
    'crm/fetchContact'
    >>> s.call("crm", "fetchContact", contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890").loc[0, "first_name"]
    'Jane'
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from .._config import Config, redact_text
from .._defaults import BULK_CONCURRENCY
from .._delivery import deliver
from .._errors import ConfigurationError, ParameterError, ZyntroError
from .._exchange import Exchange, UncataloguedEndpointWarning, _scrub, _Shared
from .._request import PreparedCall, prepare
from .._retry import RetryPolicy
from .._secret import hide_frames, protect_kwargs
from .learn import learn_user_id, organization_zone
from .limits import check_count, check_flag, check_seconds

if TYPE_CHECKING:
    import httpx
    import pandas as pd

    from .._catalog.catalog import Catalog
    from .._throttle import Throttle
    from .session import Session

_warned_uncatalogued: set[str] = set()


def _session(mixin: SessionCalls) -> Session:
    """The session a mixin method runs on (``SessionCalls`` is only ever part of ``Session``)."""
    return cast("Session", mixin)
_guarded = hide_frames


class SessionCalls:
    """The call path of :class:`~zyntro_nb.Session` (a mixin: it uses the session's config, catalog,
    retry policy and shared state)."""

    config: Config
    catalog: Catalog
    retry: RetryPolicy
    _shared: _Shared

    @_guarded
    def prepare(self, module: str, action: str | None = None, /, *, extra: Mapping[str, Any] | None = None,
                force: bool = False, **params: Any) -> PreparedCall:
        """Validate a call against the catalog and build it, without sending (a dry run).

        Guide: docs/guides/calls-and-frames.md
        """
        from .._frames.types import prepare_times

        module, action = _split_endpoint(module, action)
        try:
            endpoint = self.catalog.resolve(module, action)
            params = prepare_times(endpoint, params, lambda: organization_zone(_session(self)))
            return prepare(self.catalog, self.config, module, action, params, extra, force=force)
        except ZyntroError as error:
            raise self._redacted(error) from None

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
        amounts numbers (``zyntro_nb._frames.types``); ``parse=False`` keeps the answer's
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
        parse = check_flag("parse", parse, ParameterError, optional=True)
        timeout = check_seconds("timeout", timeout, ParameterError, allow_timeout=True)
        max_retries = check_count("max_retries", max_retries, ParameterError)
        deadline = check_seconds("deadline", deadline, ParameterError)
        prepared = self._checked(module, action, params, extra, stacklevel=3, force=force)
        endpoint = prepared.endpoint
        if expand:
            from .._frames.expand import check_field

            check_field(endpoint, expand, prepared.body)
        policy = self.retry.with_retries(max_retries).with_deadline(deadline)
        if all_pages:
            from .._settings import settings
            from .paging import fetch_all_pages, with_progress

            def post(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
                return self._send(prepared, policy, timeout, body=body)

            send: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]] = post

            if settings().progress:
                total_key = endpoint.paging.total if endpoint.paging else None
                send = with_progress(send, endpoint.key, total_key)
            # Answers are typed while their frame is built (zyntro_nb._frames.types: uniform missing text, and
            # time and amount fields parsed unless parse, or autoparse, says no).
            typed = self._parse(parse)
            result = fetch_all_pages(send, prepared, raw, parse=typed)
            return result if raw else self._expanded(result, expand, typed)
        envelope, meta = self._send(prepared, policy, timeout)
        if raw:
            return envelope
        from .._frames.frames import to_frame
        from .paging import note_total

        typed = self._parse(parse)
        frame = to_frame(envelope.get("data"), endpoint, meta, parse=typed)
        note_total(frame.attrs["zyntro"], prepared, envelope, len(frame))
        return self._expanded(frame, expand, typed)

    def _expanded(self, frame: pd.DataFrame, field: str | None, parse: bool | None) -> pd.DataFrame:
        if field is None:
            return frame
        from .._frames.expand import expand
        from .._settings import settings

        return expand(frame, field, parse=settings().autoparse if parse is None else parse)

    @staticmethod
    def _parse(parse: bool | None) -> bool:
        """Whether answers get their time and amount fields parsed: ``parse``, else the autoparse setting."""
        from .._settings import settings

        return bool(settings().autoparse if parse is None else parse)

    def iter_pages(
        self,
        module: str,
        action: str,
        /,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        extra: Mapping[str, Any] | None = None,
        parse: bool | None = None,
        **params: Any,
    ) -> Iterator[pd.DataFrame]:
        """One DataFrame per page of a limit/offset endpoint, each fetched when the loop asks for it.

        The call is checked now; pages are requested lazily from the call's own ``limit`` and
        ``offset`` (stop the loop early and no more are fetched). Each frame's ``attrs["zyntro"]``
        holds ``page``, ``offset``, ``limit`` and the reported total in ``extra["count"]``.
        Time and amount fields are typed as in :meth:`call` (``parse=False`` keeps the text).

        Example::

            >>> for page in s.iter_pages("edge", "getEnrollments", status="active", limit=20):  # doctest: +SKIP
            ...     print(page.attrs["zyntro"]["page"], len(page))
        """
        from .paging import iter_pages

        parse = check_flag("parse", parse, ParameterError, optional=True)
        timeout = check_seconds("timeout", timeout, ParameterError, allow_timeout=True)
        max_retries = check_count("max_retries", max_retries, ParameterError)
        prepared = self._checked(module, action, params, extra)
        policy = self.retry.with_retries(max_retries)
        return iter_pages(lambda body: self._send(prepared, policy, timeout, body=body), prepared,
                          parse=self._parse(parse))

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
        lock_timeout: float | None = None,
        **constants: Any,
    ) -> pd.DataFrame:
        """Call ``module/action`` once per row of ``rows`` on ``concurrency`` threads; one DataFrame back.

        ``rows``: a DataFrame (columns named like parameters become parameters; ``contact.email``
        fills a key of the object parameter ``contact``), a list of dicts, or any iterable of
        mappings; ``constants`` apply to every row (``contact={"tags": [...]}`` with ``contact.email``
        columns merges the keys, the row's own value winning for the same key). Every row is checked
        before anything is sent. Flags (``progress``, ``stop_on_error``, ``resend_unknown``) take
        True or False; text such as ``"no"`` is refused.

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

        ``journal="imports/leads.journal"`` (JSON lines, see ``zyntro_nb._bulk.journal``) makes a re-run
        safe: rows done are ``skipped``; failed rows are sent again; a write whose outcome is unknown
        is checked first with the read the catalog names (or resent if the endpoint is idempotent),
        otherwise left ``unknown`` until you pass ``resend_unknown=True``. Rows are told apart by
        ``key`` (column name(s)) or, by default, a hash of their parameters. One run at a time
        holds a journal: another run on it raises ``JournalBusyError`` before sending anything,
        unless ``lock_timeout`` (seconds; ``math.inf``: as long as it takes) lets it wait.
        A damaged journal is repaired with a warning; rows whose records it lost are checked
        before any resend, or left ``unknown``.

        Example::

            >>> leads = pd.read_csv("leads.csv")                                   # doctest: +SKIP
            >>> done = s.bulk("crm", "addNotestoContact", leads[["contact_id"]],   # doctest: +SKIP
            ...               note="Attended the webinar", journal="notes.journal")
            >>> done["_status"].value_counts()                                     # doctest: +SKIP
        """
        from . import features

        return features.bulk(_session(self), module, action, rows, concurrency=concurrency, key=key, journal=journal,
                    progress=progress, stop_on_error=stop_on_error, resend_unknown=resend_unknown,
                    timeout=timeout, max_retries=max_retries, deadline=deadline, constants=constants,
                    lock_timeout=lock_timeout)

    def _checked(self, module: str, action: str, params: Mapping[str, Any], extra: Mapping[str, Any] | None,
                 stacklevel: int = 2, force: bool = False) -> PreparedCall:
        """Everything ``call`` checks before sending (open session, credentials, parameters), done once."""
        if self._shared.closed:
            raise ConfigurationError(
                "this session is closed", fix="create a new one with zn.connect()", sent=False
            )
        self._require_credentials(module, action, params)
        learn_user_id(_session(self), module, action, params, extra)
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

    # The one send path, ``_delivery.deliver`` bound as a method: ``self._send(prepared, policy, timeout,
    # body=None, throttle=None)`` answers the success envelope and frame metadata.
    if TYPE_CHECKING:
        def _send(self, prepared: PreparedCall, policy: RetryPolicy, timeout: Any, body: dict[str, Any] | None = None,
                  throttle: Throttle | None = None) -> tuple[dict[str, Any], dict[str, Any]]: ...
    else:
        _send = deliver

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
