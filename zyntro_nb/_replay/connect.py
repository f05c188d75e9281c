"""How ``zn.connect`` records to or replays from a cassette: the mode, the checks, the session on the transport.

:func:`resolve_cassette` decides what a ``connect`` call means — explicit
``record=``/``replay=``/``record_missing=`` arguments, else ``ZYNTRO_RECORD``,
``ZYNTRO_REPLAY`` and ``ZYNTRO_RECORD_MISSING`` — and refuses contradictory
settings before anything is sent. :func:`connect_cassette` builds the session on
a :class:`~zyntro_nb._replay.transport.CassetteTransport`: a recording one writes the
cassette's header and sends through the backend it would have used anyway; a
replaying one takes its identifiers from the cassette, needs no credentials and
never waits between retries; ``record_missing`` extends an existing cassette.

Example::

    >>> mode, path = resolve_cassette(None, "cassettes/billing.zyntro.json", None, sandbox=False, env={})
    >>> mode, path.name
    ('replay', 'billing.zyntro.json')
    >>> resolve_cassette(None, None, None, sandbox=False, env={"ZYNTRO_RECORD": "run.zyntro.json"})[0]
    'record'
    >>> resolve_cassette(None, None, None, sandbox=True, env={"ZYNTRO_RECORD": "run.zyntro.json"}) is None
    True
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from .._config import env_base_url, env_cassette, short_id
from .._errors import CassetteError, ConfigurationError
from .cassette import Cassette, CassetteWriter, read_cassette
from .transport import CassetteTransport, _now

if TYPE_CHECKING:
    from .._session.session import Session
    from ..sandbox import Sandbox

__all__ = ["connect_cassette", "resolve_cassette"]

# Placeholder credentials of a replaying session: never sent anywhere, rewritten to "<api_key>" before matching.
_REPLAY_CREDENTIALS = {"api_key": "REPLAY-NO-KEY-NEEDED", "developer_secret": "zdk_none"}


def _safe_base(url: str) -> str:
    """A base URL without ``user:password@`` (never stored)."""
    return re.sub(r"(://)[^/@]*@", r"\1", url).rstrip("/")


class _ClientTransport(httpx.BaseTransport):
    """The live network as a plain httpx client would reach it (environment proxies and certificates honoured)."""

    def __init__(self) -> None:
        self._client = httpx.Client()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._client.send(request)

    def close(self) -> None:
        self._client.close()


# -- connect ----------------------------------------------------------------------------------------


def _check_path(name: str, value: Any) -> None:
    """A cassette is named by a file path; ``record=True`` and the like are refused with the form to use."""
    if value is None or (isinstance(value, (str, os.PathLike)) and str(os.fspath(value)).strip()):
        return
    shown = repr(value) if isinstance(value, (str, bool)) else type(value).__name__
    raise CassetteError(
        f"{name}= takes the cassette's file path, not {shown}",
        cause="a cassette is a file of recorded exchanges, so it needs a name",
        fix=f"pass {name}='cassettes/demo.json' (a path), or leave {name} out",
    )


def resolve_cassette(
    record: str | os.PathLike[str] | None,
    replay: str | os.PathLike[str] | None,
    record_missing: bool | None,
    *,
    sandbox: bool,
    env: Mapping[str, str] | None = None,
) -> tuple[str, Path] | None:
    """Which cassette mode a ``connect`` call means: explicit arguments, else the ``ZYNTRO_*`` variables.

    The environment applies only to a plain ``zn.connect()`` (no sandbox, no record/replay argument).
    """
    for name, value in (("record", record), ("replay", replay)):
        _check_path(name, value)
    if record is not None and replay is not None:
        raise ConfigurationError(
            "record= and replay= were both given",
            fix="pick one; to replay and record only what is missing, use replay=FILE, record_missing=True",
            sent=False,
        )
    if record is None and replay is None and not sandbox:
        found = env_cassette(env)
        if found["record"] and found["replay"]:
            raise ConfigurationError(
                "ZYNTRO_RECORD and ZYNTRO_REPLAY are both set",
                fix="unset one; to replay and record what is missing set ZYNTRO_REPLAY and ZYNTRO_RECORD_MISSING=1",
                sent=False,
            )
        record, replay = found["record"], found["replay"]
        record_missing = found["record_missing"] if record_missing is None else record_missing
    if record_missing and replay is None:
        raise ConfigurationError(
            "record_missing=True needs the cassette to extend",
            fix="pass replay=FILE, record_missing=True (or set ZYNTRO_REPLAY=FILE)", sent=False,
        )
    if record is not None:
        return "record", Path(record)
    if replay is not None:
        if sandbox and not record_missing:
            raise ConfigurationError(
                "sandbox=True with replay= uses neither: a replay sends nothing",
                fix="drop sandbox=True, or add record_missing=True to send what the cassette lacks to the sandbox",
                sent=False,
            )
        return ("replay+record" if record_missing else "replay"), Path(replay)
    return None


def _check_base_url(cassette: Cassette, wanted: str | None) -> None:
    if wanted and _safe_base(wanted) != _safe_base(cassette.base_url):
        raise CassetteError(
            f"the cassette was recorded for {cassette.base_url}, this session is set up for {_safe_base(wanted)}: "
            f"{cassette.path}",
            fix=f"unset ZYNTRO_BASE_URL (or base_url=) to replay it, set it to {cassette.base_url}, "
            "or record the cassette again against this base URL",
            path=str(cassette.path),
        )


def _replay_settings(cassette: Cassette, settings: dict[str, Any]) -> dict[str, Any]:
    """A replaying session's identifiers: explicit arguments, else the recorded ones; placeholder credentials."""
    recorded_org, wanted_org = cassette.identifiers.get("org_id"), settings.get("org_id")
    if recorded_org and wanted_org and str(wanted_org).strip().lower() != recorded_org.lower():
        # The recorded answers are that organization's data; replaying them as another's would mislead.
        raise CassetteError(
            f"the cassette was recorded for organization {short_id(recorded_org)}, and this replay asks for "
            f"{short_id(str(wanted_org))}: {cassette.path}",
            cause="a cassette's answers are the data of the organization it was recorded for",
            fix="leave org_id out to replay as the recorded organization, or record a cassette for the other one "
            "(zn.connect(record=…, org_id=…))",
            path=str(cassette.path),
        )
    chosen = {name: settings.get(name) or value for name, value in cassette.identifiers.items()}
    for name in cassette.credentials:
        if name in _REPLAY_CREDENTIALS:
            chosen[name] = settings.get(name) or _REPLAY_CREDENTIALS[name]
    return chosen


def connect_cassette(
    mode: str, path: Path, sandbox: bool | Sandbox, settings: dict[str, Any], make_session: Any
) -> Session:
    """Build a recording or replaying session (``zn.connect`` calls this). ``make_session(transport, sandbox,
    settings)`` builds the session on a transport, as ``connect`` would without a cassette."""
    from .._retry import RetryPolicy

    settings = dict(settings)
    if mode == "record":
        transport = CassetteTransport(path)
        session: Session = make_session(transport, sandbox, settings)
        _start_recording(session, transport)
        return session
    cassette = read_cassette(path)
    if mode == "replay":
        _check_base_url(cassette, settings.get("base_url") or env_base_url(settings.get("env")))
        identity = _replay_settings(cassette, settings)
        options = {k: v for k, v in settings.items() if k not in identity and k != "base_url"}
        policy = options.pop("retry", None) or RetryPolicy()
        options["retry"] = replace(policy, sleep=lambda seconds: None)  # a replay never waits
        transport = CassetteTransport(path, cassette=cassette)
        session = make_session(transport, False, {**identity, **options, "base_url": cassette.base_url, "env": {}})
        transport.bind(session.config, session.catalog)
        session._shared.backend = transport.label
        session._shared.cassette = transport
        return session
    transport = CassetteTransport(path, cassette=cassette)
    session = make_session(transport, sandbox, settings)
    try:
        _check_base_url(cassette, session.config.base_url)
        transport.writer = CassetteWriter.extend(cassette)
    except CassetteError:
        session.close()
        raise
    transport.inner = _inner_of(session)
    transport.bind(session.config, session.catalog)
    session._shared.cassette = transport
    return session


def _inner_of(session: Session) -> httpx.BaseTransport:
    sandbox = session.sandbox
    return sandbox.transport() if sandbox is not None else _ClientTransport()


def _start_recording(session: Session, transport: CassetteTransport) -> None:
    config = session.config
    base = config.base_url
    header = {
        "base_url": _safe_base(base),
        "recorded_at": _now(),
        "today": session.today().isoformat(),  # what session.today() answers when this is replayed
        "backend": session.backend,
        "toolkit": "zyntro_nb",
        "identifiers": {name: str(getattr(config, name)) for name in ("org_id", "brand_id", "member_id", "user_id")
                        if getattr(config, name, None)},
        "credentials": [name for name in ("api_key", "developer_secret") if getattr(config, name, None)],
    }
    try:
        transport.writer = CassetteWriter.create(transport.path, header)
    except CassetteError:
        session.close()
        raise
    transport.inner = _inner_of(session)
    transport.bind(config, session.catalog)
    session._shared.cassette = transport
