"""Which session the magics use: ``%zyntro connect``, ``use`` and ``whoami``, and the first call's session.

The magics talk to the *current* session (``zyntro_nb._connect.current``). ``%zyntro connect …``
makes one and makes it current; ``%zyntro use s`` points the magics at the session in
``s``; ``%zyntro use brand_id=2`` switches an identifier; ``%zyntro whoami`` says which
session it is and how it became current. Without one, the first call connects from the
``ZYNTRO_*`` settings if there are any (and says so), else says what to set.

Example (in IPython)::

    %zyntro connect --sandbox
    %zyntro connect --profile acme     # a profile stored by zyntro-nb login
    %zyntro use brand_id=2
    %zyntro whoami
"""

from __future__ import annotations

import sys
import warnings
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from .._connect.current import current_session, set_current
from .._errors import ConfigurationError
from .._secret import redacted_copy, safe_url
from .args import Args, parse_pairs
from .complete import USE_IDENTIFIERS

if TYPE_CHECKING:
    from .._session.session import Session
    from .magics import ZyntroMagics


def session_for() -> Session:
    """The current session; from ``ZYNTRO_*`` settings on first use, never silently from nothing."""
    session = current_session(required=False)
    if session is not None:
        return session
    from .._config import env_has_credentials

    if not env_has_credentials():
        raise ConfigurationError(
            "no Zyntro session and no credentials configured",
            fix="set ZYNTRO_API_KEY, ZYNTRO_DEVELOPER_SECRET, ZYNTRO_ORG_ID, ZYNTRO_BRAND_ID and "
            "ZYNTRO_MEMBER_ID (or put them in .env), then run %zyntro connect; "
            "to try the offline sandbox: %zyntro connect --sandbox",
            sent=False,
        )
    from .._connect.connect import connect

    session = connect(current=True)
    set_current(session, "the first %zyntro call (ZYNTRO_* settings)")
    print(f"zyntro: connected with the ZYNTRO_* settings: {session!r}", file=sys.stderr)
    return session


def do_connect(magics: ZyntroMagics, args: Args, cell: str | None) -> None:
    """``%zyntro connect [--sandbox [--new] | --env | --base-url URL] [--bootstrap] [--record/--replay FILE]``."""
    from .._config import env_has_credentials
    from .._connect.bootstrap import BootstrapChoiceWarning
    from .._connect.connect import connect

    if args.positional or args.pairs:
        raise UsageError("%zyntro connect takes only --sandbox [--new], --env, --base-url URL, --profile NAME, "
                         "--bootstrap, --record FILE, --replay FILE and --record-missing")
    options = args.options
    if options.get("profile") is not None:
        _connect_profile(options)
        return
    # --bootstrap: only the developer secret is used; developers/fetchIdentifiers gives the rest.
    bootstrap = True if options.get("bootstrap") else None
    cassette = {"record": options.get("record"), "replay": options.get("replay"),
                "record_missing": True if options.get("record_missing") else None}
    if cassette["record"] and cassette["replay"]:
        raise UsageError("--record and --replay cannot be combined (--replay FILE --record-missing extends FILE)")
    if cassette["record_missing"] and not cassette["replay"]:
        raise UsageError("--record-missing needs --replay FILE (the cassette to extend)")
    recording = {k: v for k, v in cassette.items() if v is not None}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BootstrapChoiceWarning)  # the notes are printed below instead
        if options.get("sandbox"):
            if "env" in options or "base_url" in options:
                raise UsageError("--sandbox cannot be combined with --env or --base-url")
            if cassette["replay"] and not cassette["record_missing"]:
                raise UsageError("--replay sends nothing, so --sandbox has no use (add --record-missing to "
                                 "send what the cassette lacks to the sandbox)")
            session = connect(sandbox=True, new=bool(options.get("new")), current=True, bootstrap=bootstrap,
                              **recording)
            where = "a fresh sandbox" if options.get("new") else "the shared sandbox"
            set_current(session, f"%zyntro connect --sandbox ({where})")
        elif cassette["replay"] and not cassette["record_missing"]:
            base_url = options.get("base_url")
            session = connect(replay=cassette["replay"], current=True,
                              **({"base_url": base_url} if base_url else {}))
            set_current(session, f"%zyntro connect --replay {cassette['replay']}")
        else:
            if options.get("new"):
                raise UsageError("--new applies to --sandbox only (a fresh in-process sandbox)")
            if not env_has_credentials():
                raise ConfigurationError(
                    "no credentials in the environment",
                    cause="neither ZYNTRO_API_KEY nor ZYNTRO_DEVELOPER_SECRET is set (nor in .env)",
                    fix="set the ZYNTRO_* variables (--bootstrap needs only ZYNTRO_DEVELOPER_SECRET), "
                    "or use %zyntro connect --sandbox for the offline sandbox",
                    sent=False,
                )
            base_url = options.get("base_url")
            session = connect(bootstrap=bootstrap, current=True, **recording,
                              **({"base_url": base_url} if base_url else {}))
            set_current(session, "%zyntro connect" + (f" --base-url {safe_url(base_url)}" if base_url else ""))
    print(repr(session))
    for note in session.bootstrap_notes:
        print(f"bootstrap: {note}")
    if session.bootstrap_notes:
        print("to choose another: %zyntro use org_id=… brand_id=… member_id=…")


def _connect_profile(options: dict[str, Any]) -> None:
    """``%zyntro connect --profile NAME``: identifiers from the profiles file, secrets from the keyring."""
    from .._connect.connect import connect

    name = str(options["profile"])
    clashing = sorted(f"--{k.replace('_', '-')}" for k in ("sandbox", "new", "env", "base_url", "bootstrap",
                                                           "record", "replay", "record_missing") if k in options)
    if clashing:
        raise UsageError(f"--profile cannot be combined with {', '.join(clashing)} (the profile holds the account)")
    session = connect(profile=name, current=True)
    set_current(session, f"%zyntro connect --profile {name}")
    print(repr(session))


def do_whoami(magics: ZyntroMagics, args: Args, cell: str | None) -> None:
    """``%zyntro whoami``: the current session's variable, source, backend and identifiers (redacted)."""
    from .._config import redact, short_id
    from .._connect.current import current_source

    magics._no_arguments(args, "whoami")
    session = current_session(required=False)
    if session is None:
        print("no session: run %zyntro connect (ZYNTRO_* settings) or %zyntro connect --sandbox")
        return
    c = session.config
    backend = f"{session.backend}  (SANDBOX: demo data)" if session.is_sandbox else c.shown_base_url
    names = _names_of(magics, session)
    key, secret = redact(c.api_key), redact(c.developer_secret)
    if session.is_replay:
        backend = f"{session.backend}  (answers from the cassette; nothing is sent)"
        key = secret = "(none needed to replay)"
    elif session.cassette is not None:
        backend = f"{backend}  ({session.cassette.label})"
    rows = [
        ("session", ", ".join(names) if names else "(held by no variable)"),
        ("made current by", current_source() or "-"),
        ("backend", backend),
        ("api_key", key),
        ("developer_secret", secret),
        ("org_id", short_id(c.org_id)),
        ("brand_id", c.brand_id or "-"),
        ("member_id", short_id(c.member_id)),
        ("user_id", short_id(c.user_id)),
    ]
    if c.profile:  # a named profile: say which (its secrets came from the keyring)
        rows.insert(3, ("profile", f"{c.profile} (zyntro-nb profiles lists them)"))
    print("\n".join(f"{name:<17}{value}" for name, value in rows))


def _names_of(magics: ZyntroMagics, session: Session) -> list[str]:
    """The user's variables holding ``session`` (so whoami can say "the magics use s")."""
    namespace = getattr(magics.shell, "user_ns", {}) or {}
    hidden = getattr(magics.shell, "user_ns_hidden", {}) or {}
    return sorted(name for name, value in list(namespace.items())
                  if value is session and not name.startswith("_") and name not in hidden)


def do_use(magics: ZyntroMagics, args: Args, cell: str | None) -> None:
    """``%zyntro use VAR`` (that session) or ``%zyntro use brand_id=2 …`` (this one with other identifiers)."""
    from .._session.session import Session

    if args.positional:
        if len(args.positional) > 1 or args.pairs:
            raise UsageError("%zyntro use takes one variable name (%zyntro use s) or key=value pairs")
        name = args.positional[0]
        namespace = magics.shell.user_ns
        if name in USE_IDENTIFIERS and name not in namespace:
            raise UsageError(f"%zyntro use takes key=value pairs only for identifiers: {name}=…")
        if name not in namespace:
            raise UsageError(f"%zyntro use {name}: no variable {name!r}; make one with {name} = zn.connect(...)")
        value = namespace[name]
        if not isinstance(value, Session):
            raise UsageError(
                f"%zyntro use {name}: {name} is a {type(value).__name__}, not a zyntro session "
                "(zn.connect(...) returns one); to switch brand or member: %zyntro use brand_id=2"
            )
        if value._shared.closed:
            raise UsageError(f"%zyntro use {name}: that session is closed; make a new one with zn.connect()")
        set_current(value, f"%zyntro use {name}")
        print(f"the magics now use {name}: {value!r}")
        return
    if not args.pairs:
        raise UsageError(
            f"%zyntro use needs a session variable (%zyntro use s) or at least one of "
            f"{', '.join(f'{n}=…' for n in USE_IDENTIFIERS)}"
        )
    unknown = [k for k, _ in args.pairs if k not in USE_IDENTIFIERS]
    if unknown:
        raise UsageError(f"%zyntro use: unknown identifier {unknown[0]!r}; use {', '.join(USE_IDENTIFIERS)}")
    pairs = parse_pairs(args.pairs, magics.shell.user_ns, USE_IDENTIFIERS)
    session, notes = _switched(session_for(), pairs)
    shown = redacted_copy(pairs)  # the source line is shown by whoami: credentials redacted
    set_current(session, "%zyntro use " + " ".join(f"{k}={v}" for k, v in shown.items()))
    print(repr(session))
    for note in notes:
        print(note)


def _switched(base: Session, pairs: dict[str, object]) -> tuple[Session, list[str]]:
    """``base`` with the given identifiers; a credential given is used (a developer secret alone bootstraps
    its own login), never kept beside the old login's identifiers without a word."""
    from .._config import short_id
    from .._connect.bootstrap import BootstrapChoiceWarning, bootstrap_session

    if "developer_secret" in pairs and "api_key" not in pairs:
        # Another login: its key, organization, brand and member come from developers/fetchIdentifiers
        # (or the server's refusal says why the secret cannot be used).
        choices = {k: pairs.get(k) for k in ("org_id", "brand_id", "member_id")}
        asking = base.using(developer_secret=pairs["developer_secret"], api_key=None, user_id=None, **choices)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BootstrapChoiceWarning)  # the notes are printed instead
            session = bootstrap_session(asking)
        notes = [f"bootstrap: {note}" for note in session.bootstrap_notes]
        return session, ["developer_secret: identifiers bootstrapped from developers/fetchIdentifiers", *notes]
    session = base.using(**pairs)
    notes = []
    if "api_key" in pairs:
        notes.append("api_key: the new key is used from the next call; the user id is learned again from it")
        if "member_id" not in pairs and session.config.member_id:
            notes.append(f"member_id {short_id(session.config.member_id)} was kept from the previous login: pass "
                         "member_id=… if the new key belongs to another member (or use developer_secret=… alone "
                         "to bootstrap every identifier)")
    return session, notes


__all__ = ["do_connect", "do_use", "do_whoami", "session_for"]
