"""``zn.connect``: a session from the environment, the offline sandbox or a cassette.

:func:`connect` checks its arguments, builds the session on the chosen backend
(``_make_session``: the configured API, the in-process sandbox, or a record/replay
transport from ``zyntro_nb._replay.transport``), bootstraps identifiers from a developer secret
when needed, and offers the session as the current one.

Example::

    >>> import zyntro_nb as zn
    >>> zn.connect(sandbox=True).backend
    'sandbox (in-process)'
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._config import redact, unknown_settings
from .._errors import ConfigurationError
from .._secret import hide_frames, plain
from .._session.session import SANDBOX_BASE_URL, Session

if TYPE_CHECKING:
    import httpx

    from ..sandbox import Sandbox

_CONNECT_SOURCE = "zn.connect()"


def _check_connect_arguments(sandbox: Any, settings: Mapping[str, Any]) -> None:
    """Refuse what ``connect`` would otherwise misread: a key as the first argument, unknown settings."""
    if not isinstance(sandbox, bool):
        from ..sandbox import Sandbox

        if not isinstance(sandbox, Sandbox):
            shown = f"text starting {redact(sandbox)!r}" if isinstance(sandbox, str) else type(sandbox).__name__
            raise ConfigurationError(
                f"connect's first argument is sandbox=True/False, and it was given {shown}",
                cause="a credential passed positionally would otherwise silently start the offline sandbox",
                fix="name the settings: zn.connect(api_key=…, developer_secret=…), or set ZYNTRO_API_KEY; "
                "zn.connect(sandbox=True) for the sandbox",
                sent=False,
            )
    if sandbox is not False and settings.get("profile") is not None:
        raise ConfigurationError(
            "connect was given both sandbox and profile",
            cause="a profile names a real account; the sandbox has its own demo credentials",
            fix="zn.connect(profile=…) for the account, or zn.connect(sandbox=True) for the sandbox",
            sent=False,
        )
    allowed = [name for name in inspect.signature(Session.__init__).parameters if name != "self"]
    unknown = set(settings) - set(allowed)
    if unknown:
        raise unknown_settings(unknown, [*allowed, "current", "new", "bootstrap", "record", "replay", "record_missing"])


def _check_flags(**flags: Any) -> None:
    """``current``, ``new``, ``bootstrap``, ``record_missing`` take a bool (or None): ``"no"`` is not read as true."""
    from .._session.limits import check_flag

    for name, value in flags.items():
        check_flag(name, value, ConfigurationError, optional=name != "new")


@hide_frames
def connect(
    sandbox: bool | Sandbox = False,
    *,
    current: bool | None = None,
    new: bool = False,
    bootstrap: bool | None = None,
    record: str | os.PathLike[str] | None = None,
    replay: str | os.PathLike[str] | None = None,
    record_missing: bool | None = None,
    **settings: Any,
) -> Session:
    """A session from the environment (``ZYNTRO_*`` variables, ``.env``) or the offline sandbox.

    ``sandbox=True`` uses the process's shared in-process sandbox, seeded with demo
    data (no network, nothing real touched), so Python and ``%zyntro`` see the same
    data; ``new=True`` starts a fresh one; pass a ``Sandbox`` to use that one. Other
    keyword arguments go to :class:`Session`.

    The session becomes the current one (the one the magics and forms use) only when
    there is none yet; ``current=True`` always makes it current, ``current=False`` never.

    Profiles: ``profile="acme"`` (or ``ZYNTRO_PROFILE=acme``) takes the identifiers stored by
    ``zyntro-nb login --profile acme`` and the secrets from the OS keyring. Arguments win over it; a
    profile named here also wins over ``ZYNTRO_*`` variables, one named by ``ZYNTRO_PROFILE`` does not;
    either wins over ``.env`` (the rule: ``zyntro_nb._config``)::

        >>> s = zn.connect(profile="acme")                     # doctest: +SKIP

    Bootstrap: with a developer secret and no API key (or ``bootstrap=True``),
    ``developers/fetchIdentifiers`` fills in the API key (as a :class:`~zyntro_nb.Secret`),
    organization, brand, member and ``session.user_id``; with several of one kind it
    takes the first and warns which (choose with ``org_id=…``, ``brand_id=…``, ``member_id=…``)::

        >>> s = zn.connect(developer_secret="zdk_…")            # doctest: +SKIP

    Cassettes (see ``zyntro_nb._replay.transport``): ``record=FILE`` stores every exchange
    (credentials replaced by placeholders); ``replay=FILE`` answers from the file
    with no network and no credentials; ``replay=FILE, record_missing=True`` sends
    only what the file lacks and appends it. Without these arguments (and without
    ``sandbox``), ``ZYNTRO_RECORD`` / ``ZYNTRO_REPLAY`` / ``ZYNTRO_RECORD_MISSING=1`` apply.

    Example::

        >>> import zyntro_nb as zn
        >>> zn.connect(sandbox=True).is_sandbox
        True
    """
    from .._replay.connect import connect_cassette, resolve_cassette
    from .bootstrap import bootstrap_session, needs_bootstrap
    from .current import offer_current

    _check_connect_arguments(sandbox, settings)
    _check_flags(current=current, new=new, bootstrap=bootstrap, record_missing=record_missing)

    def make(transport: httpx.BaseTransport | None, box: bool | Sandbox, options: dict[str, Any]) -> Session:
        return _make_session(transport, box, options, new=new, bootstrap=bootstrap)

    chosen = resolve_cassette(record, replay, record_missing, sandbox=bool(sandbox), env=settings.get("env"))
    session = make(None, sandbox, settings) if chosen is None else connect_cassette(*chosen, sandbox, settings, make)
    if bootstrap or (bootstrap is None and needs_bootstrap(session)):
        # The developer secret alone asks; org, brand and member already set are choices, checked.
        session = bootstrap_session(session)
        if session.cassette is not None:  # the identifiers it found get placeholders from now on
            session.cassette.bind(session.config)
    offer_current(session, current, _CONNECT_SOURCE)
    return session


def _make_session(transport: httpx.BaseTransport | None, sandbox: bool | Sandbox, settings: dict[str, Any], *,
                  new: bool = False, bootstrap: bool | None = None) -> Session:
    """A session on the configured backend (or the sandbox); ``transport`` replaces the network seam if given."""
    from .current import shared_sandbox

    if not sandbox:
        return Session(**settings) if transport is None else Session(**settings, transport=transport)
    from ..sandbox import Sandbox

    box = sandbox if isinstance(sandbox, Sandbox) else shared_sandbox(new=new)
    credentials = {**box.credentials, **{k: v for k, v in settings.items() if k in box.credentials}}
    own_secret = settings.get("developer_secret")
    if own_secret is not None and settings.get("api_key") is None and plain(own_secret) != box.credentials.get(
            "developer_secret"):
        # Another account's secret: its identifiers come from bootstrap, never the demo account's (S is used,
        # or refused by the sandbox with the reason).
        if bootstrap is False:
            raise ConfigurationError(
                "developer_secret belongs to another login than the sandbox's demo account, and bootstrap=False "
                "would leave it unused",
                cause="with a sandbox, a developer secret alone is bootstrapped into its own account",
                fix="leave bootstrap out (or pass bootstrap=True) to use that account; or pass its api_key=… too",
                sent=False,
            )
        bootstrap = True
    if bootstrap:  # only the developer secret, and the caller's own choices of org, brand and member
        credentials = {k: v for k, v in settings.items() if k in ("org_id", "brand_id", "member_id")}
        credentials["developer_secret"] = settings.get("developer_secret") or box.credentials["developer_secret"]
    options = {k: v for k, v in settings.items() if k not in box.credentials and k != "base_url"}
    same_login = credentials.get("api_key") is not None and plain(credentials["api_key"]) == box.credentials.get(
        "api_key")
    if same_login and "user_id" not in options:
        options["user_id"] = box.user_id  # the sandbox account's; another login learns its own
    session = Session(**credentials, base_url=SANDBOX_BASE_URL, transport=transport or box.transport(), env={},
                      **options)
    session._shared.sandbox = box
    session._shared.backend = "sandbox (in-process)"
    return session
