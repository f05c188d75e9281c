"""The published pre-flight checklist, run for real: each item passes or fails with its fix.

:func:`run_doctor` checks the identifiers' formats, then makes two read-only calls:
``developers/fetchIdentifiers`` (proves the developer secret and the IP whitelist,
and lists the organizations, brands and members the key can see) and
``account/fetchMembers`` (proves the API key with the organization and brand).
Documented error messages are mapped to the item they disprove. Secrets never
appear in the report: only their first characters.

The report opens with the profile in use and where each value came from (an argument, a
``ZYNTRO_*`` variable, the profile, the keyring, ``.env``). Used by ``%zyntro doctor``; widgets
and notebooks can call it directly.

Example::

    >>> import zyntro_nb as zn
    >>> report = run_doctor(zn.connect(sandbox=True))     # doctest: +SKIP
    >>> report.ok                                         # doctest: +SKIP
    True
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._config import (
    ENV_VARS,
    IDENTIFIER_FIELDS,
    Config,
    env_profile,
    environment,
    normalize_setting,
    redact,
    short_id,
)
from .._defaults import SECRET_PREFIX
from .._errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    TransportError,
    ZyntroError,
)
from .._secret import Secret, plain

if TYPE_CHECKING:
    from .._session.session import Session

PASS, FAIL, SKIP = "✓", "✗", "–"
_API_KEY_SHAPE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+\Z")

# Which checklist item a documented error message disproves.
_ITEM_OF_MESSAGE = {
    "Missing developer_secret": "secret_live",
    "Invalid developer_secret": "secret_live",
    "IP address not whitelisted": "ip",
    "Invalid API Key": "key_live",
    "Missing service instance": "key_live",
    "User is not active": "key_live",
    "Missing org ID": "key_live",
    "Organization not found": "key_live",
    "Missing brand ID": "key_live",
}


@dataclass
class CheckItem:
    """One checklist line: ``ok`` is True (passed), False (failed) or None (not checked)."""

    key: str
    label: str
    ok: bool | None = None
    detail: str = ""
    fix: str = ""

    @property
    def mark(self) -> str:
        return PASS if self.ok else SKIP if self.ok is None else FAIL


@dataclass
class DoctorReport:
    """The checklist's items, renderable as text (terminals) and HTML (notebooks)."""

    items: list[CheckItem] = field(default_factory=list)
    backend: str = ""
    # Which profile is in use ("" when none) and where each value came from: argument, a ZYNTRO_*
    # variable, the profile, the keyring, .env (Config.sources).
    profile: str = ""
    sources: dict[str, str] = field(default_factory=dict)

    def origin_lines(self) -> list[str]:
        """The profile in use and where each value came from, as lines (no values, so no secrets)."""
        named_by = self.sources.get("profile", "")
        lines = [f"profile in use: {self.profile} (named by {named_by})" if self.profile
                 else "profile in use: none (name one with profile=… or ZYNTRO_PROFILE)"]
        shown = [f"{name} ← {where}" for name, where in self.sources.items() if name != "profile"]
        if shown:
            lines.append("values from: " + ", ".join(shown))
        return lines

    @property
    def ok(self) -> bool:
        """True when no item failed (items that could not be checked count as not failed)."""
        return not any(item.ok is False for item in self.items)

    def item(self, key: str) -> CheckItem:
        return next(i for i in self.items if i.key == key)

    def failed(self) -> list[CheckItem]:
        return [i for i in self.items if i.ok is False]

    def summary(self) -> str:
        passed = sum(1 for i in self.items if i.ok)
        verdict = "ready" if self.ok else f"{len(self.failed())} problem(s)"
        return f"{passed} of {len(self.items)} checks passed — {verdict}"

    def to_text(self) -> str:
        lines = [f"Zyntro pre-flight check ({self.backend or 'no backend'})"]
        lines += [f"  {line}" for line in self.origin_lines()]
        for item in self.items:
            lines.append(f"  {item.mark} {item.label}" + (f" — {item.detail}" if item.detail else ""))
            if item.ok is False and item.fix:
                lines.append(f"      fix: {item.fix}")
        lines.append(self.summary())
        return "\n".join(lines)

    def to_html(self) -> str:
        colours = {PASS: "#15803d", FAIL: "#b91c1c", SKIP: "#6b7280"}
        rows = []
        for item in self.items:
            fix = html.escape(item.fix) if item.ok is False else ""
            rows.append(
                f'<tr><td style="color:{colours[item.mark]};font-weight:bold">{item.mark}</td>'
                f"<td>{html.escape(item.label)}</td><td>{html.escape(item.detail)}</td><td>{fix}</td></tr>"
            )
        return (
            f"<div><p><b>Zyntro pre-flight check</b> ({html.escape(self.backend or 'no backend')})</p>"
            f"<p>{'<br>'.join(html.escape(line) for line in self.origin_lines())}</p>"
            "<table><thead><tr><th></th><th>check</th><th>result</th><th>fix</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><p>{html.escape(self.summary())}</p></div>"
        )

    __str__ = to_text

    def __repr__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()


# -- format checks (no network) ------------------------------------------------------------------


def _format_item(key: str, label: str, name: str, value: str | Secret | None, missing_fix: str) -> CheckItem:
    item = CheckItem(key, label)
    if not value:
        item.ok, item.detail, item.fix = False, "not set", missing_fix
        return item
    shown = redact(value) if name in ("api_key", "developer_secret") else short_id(value)
    try:
        normalize_setting(name, value)
    except ConfigurationError as exc:
        item.ok, item.detail, item.fix = False, f"{shown}: {exc.message}", exc.fix
        return item
    item.ok, item.detail = True, shown
    if name == "api_key" and not _API_KEY_SHAPE.match(plain(value)):
        item.ok = False
        item.detail = f"{shown}: not shaped like UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX"
        item.fix = "copy the key again from Me > API & Webhooks"
    return item


def format_checks(values: Mapping[str, str | None]) -> list[CheckItem]:
    """The five identifier checks of the checklist, from raw (possibly malformed) values."""
    where = "Me > API & Webhooks"
    return [
        _format_item("key", "API key present and well-formed", "api_key", values.get("api_key"),
                     f"set {ENV_VARS['api_key']} (copy it from {where})"),
        _format_item("secret", f"developer secret present and starts with {SECRET_PREFIX}", "developer_secret",
                     values.get("developer_secret"),
                     f"set {ENV_VARS['developer_secret']} to the {SECRET_PREFIX}… secret from developer "
                     "onboarding (shown once; if lost, reissue the developer key)"),
        _format_item("org", "organization ID is a UUID", "org_id", values.get("org_id"),
                     f"set {ENV_VARS['org_id']} (from {where}, or developers/fetchIdentifiers)"),
        _format_item("brand", "brand ID is numeric", "brand_id", values.get("brand_id"),
                     f"set {ENV_VARS['brand_id']} (from {where}, or developers/fetchIdentifiers)"),
        _format_item("member", "member ID is a UUID", "member_id", values.get("member_id"),
                     f"set {ENV_VARS['member_id']} (needed to create or modify records; "
                     "developers/fetchIdentifiers lists members)"),
    ]


# -- live checks ----------------------------------------------------------------------------------


def _collect(data: Any, found: dict[str, set[str]], context: str = "") -> None:
    """Gather org, brand and member IDs from a fetchIdentifiers answer of any reasonable shape."""
    aliases = {"org_id": "org", "organization_id": "org", "brand_id": "brand", "member_id": "member"}
    if isinstance(data, Mapping):
        for key, value in data.items():
            kind = aliases.get(str(key))
            if kind and isinstance(value, (str, int)) and not isinstance(value, bool):
                found[kind].add(str(value))
            elif str(key) == "id" and context and isinstance(value, (str, int)):
                found[context].add(str(value))
            else:
                lowered = str(key).lower()
                inner = next((k for k in ("brand", "member", "org") if k in lowered), context)
                _collect(value, found, inner if isinstance(value, (list, Mapping)) else context)
    elif isinstance(data, list):
        for entry in data:
            _collect(entry, found, context)


def _visible_item(envelope: Mapping[str, Any], config: Config) -> CheckItem:
    item = CheckItem("visible", "organization, brand and member are among the key's identifiers")
    found: dict[str, set[str]] = {"org": set(), "brand": set(), "member": set()}
    _collect(envelope.get("data"), found)
    problems, checked = [], []
    for kind, value in (("org", config.org_id), ("brand", config.brand_id), ("member", config.member_id)):
        if not value or not found[kind]:
            continue
        checked.append(kind)
        if value not in found[kind]:
            problems.append(f"{kind} {short_id(value)} not among {', '.join(sorted(map(short_id, found[kind])))}")
    if problems:
        item.ok, item.detail = False, "; ".join(problems)
        item.fix = "use identifiers listed by %zyntro developers fetchIdentifiers (or session.using(...))"
    elif checked:
        item.ok, item.detail = True, f"{', '.join(checked)} found"
    else:
        item.detail = "the answer lists no identifiers to compare"
    return item


def _fail_from(error: ZyntroError, items: dict[str, CheckItem], default: str) -> None:
    """Mark the item a failed live call disproves: by its documented message, else by its kind."""
    if isinstance(error, (TransportError, ResponseFormatError, ServerError, RateLimitError)):
        target = "reachable"
    elif error.message in _ITEM_OF_MESSAGE:
        target = _ITEM_OF_MESSAGE[error.message]
    elif default == "secret_live" and not isinstance(error, AuthenticationError):
        target = "visible"  # the secret call answered, but about the org, brand or member
    else:
        target = default
    item = items[target]
    item.ok, item.detail, item.fix = False, error.message, error.fix or item.fix
    if target == "reachable":
        for key in ("secret_live", "ip", "visible", "key_live"):
            if items[key].ok is None:
                items[key].detail = "not checked: the API was not reached"
    elif isinstance(error, APIError):
        items["reachable"].ok, items["reachable"].detail = True, "the API answered"


def _live_checks(session: Session, items: dict[str, CheckItem], can_secret: bool, can_key: bool) -> None:
    reachable = items["reachable"]
    if not can_secret:
        for key in ("secret_live", "ip", "visible"):
            items[key].detail = "not checked: no usable developer secret"
    else:
        try:
            envelope = session.call("developers", "fetchIdentifiers", raw=True, max_retries=0)
        except ZyntroError as error:
            _fail_from(error, items, "secret_live")
            if items["ip"].ok is False:
                # The API checks the secret before the caller's IP: an IP refusal means the secret matched.
                items["secret_live"].ok, items["secret_live"].detail = True, "matched a developer key"
            for key in ("secret_live", "ip", "visible"):
                if items[key].ok is None and not items[key].detail:
                    items[key].detail = f"not proven: developers/fetchIdentifiers failed ({error.message})"
        else:
            reachable.ok, reachable.detail = True, f"answered {session.backend}"
            items["secret_live"].ok, items["secret_live"].detail = True, "developers/fetchIdentifiers answered"
            items["ip"].ok, items["ip"].detail = True, "this machine's IP is accepted"
            items["visible"] = _visible_item(envelope, session.config)
    if not can_key:
        items["key_live"].detail = "not checked: API key, organization or brand is not usable"
        return
    if reachable.ok is False:
        items["key_live"].detail = "not checked: the API was not reached"
        return
    try:
        session.call("account", "fetchMembers", raw=True, max_retries=0)
    except ZyntroError as error:
        _fail_from(error, items, "key_live")
    else:
        reachable.ok, reachable.detail = True, f"answered {session.backend}"
        items["key_live"].ok, items["key_live"].detail = True, "account/fetchMembers answered"


def run_doctor(session: Session | None = None, env: Mapping[str, str] | None = None) -> DoctorReport:
    """Run the pre-flight checklist on ``session`` (or on the ``ZYNTRO_*`` settings when None).

    Without a session, the settings are read raw, so malformed values are reported
    item by item instead of stopping at the first; the live calls then use a
    session built from them when every format check passed.

    Example::

        >>> report = run_doctor(env={})
        >>> report.item("key").ok, report.item("key").detail
        (False, 'not set')
    """
    profile_error: ZyntroError | None = None
    if session is None and env_profile(env):
        from .._session.session import Session

        try:  # a named profile: its values are in the profiles file and the keyring, not in raw variables
            session = Session(env=env)
        except ZyntroError as error:
            profile_error = error
    if session is None:
        raw = environment(env)
        values: dict[str, str | None] = {name: raw.get(ENV_VARS[name]) for name in IDENTIFIER_FIELDS}
        backend = raw.get(ENV_VARS["base_url"]) or "https://app.zyntrohq.com"
    else:
        values = {name: getattr(session.config, name) for name in IDENTIFIER_FIELDS}
        backend = session.backend
    checks = format_checks(values)
    if profile_error is not None:
        checks.insert(0, CheckItem("profile", f"profile {env_profile(env)!r} readable", False,
                                   profile_error.message, profile_error.fix))
    items = {item.key: item for item in checks}
    fix_url = f"check {ENV_VARS['base_url']} and this machine's network access"
    live = [
        CheckItem("reachable", "base URL reachable", fix=fix_url),
        CheckItem("format", "POST with a JSON body, identifiers in the body", True,
                  "true by construction: Session.call always POSTs application/json with the identifiers "
                  "in the body, never in the URL or headers"),
        CheckItem("secret_live", "developer secret accepted (developers/fetchIdentifiers)",
                  fix="check the secret; if lost, revoke the developer key and issue a new one"),
        CheckItem("ip", "caller IP whitelisted on the developer key",
                  fix="ask the account owner to add this machine's IP to the developer key's whitelist"),
        CheckItem("visible", "organization, brand and member are among the key's identifiers"),
        CheckItem("key_live", "API key accepted for the organization and brand (account/fetchMembers)",
                  fix="copy api_key, org_id and brand_id again from Me > API & Webhooks"),
    ]
    items.update({item.key: item for item in live})
    if session is None and any(item.ok for item in checks[:2]):
        from .._session.session import Session

        try:
            session = Session(env=env)
        except ZyntroError:
            items["reachable"].detail = "not checked: fix the identifiers above first"
    if session is not None:
        can_secret = bool(items["secret"].ok)
        can_key = all(items[k].ok for k in ("key", "org", "brand"))
        _live_checks(session, items, can_secret, can_key)
    else:
        for item in live:
            if item.ok is None and not item.detail:
                item.detail = "not checked: fix the identifiers above first"
    report = DoctorReport(items=list(_ordered(items.values(), [c.key for c in checks] + [c.key for c in live])),
                          backend=backend)
    report.profile, report.sources = _origins(session, env)
    return report


def _origins(session: Session | None, env: Mapping[str, str] | None) -> tuple[str, dict[str, str]]:
    """The profile in use and each value's source: the session's own, else read from the settings."""
    if session is not None:
        return session.config.profile or "", dict(session.config.sources)
    try:
        config = Config.resolve(env=env)
    except ZyntroError:  # malformed values: say only which layer holds each name
        process = os.environ if env is None else env
        found = environment(env)
        return "", {name: (var if var in process else f".env ({var})") for name, var in ENV_VARS.items()
                    if found.get(var)}
    return config.profile or "", dict(config.sources)


def _ordered(items: Iterable[CheckItem], order: list[str]) -> list[CheckItem]:
    by_key = {item.key: item for item in items}
    return [by_key[key] for key in order]
