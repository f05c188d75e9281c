"""From a developer secret alone to a complete session: ``developers/fetchIdentifiers``, then choose.

The answer lists the account's API key, user, organizations, brands and team
members. When there are several, the first is taken (the one the answer itself
names first, if it does), and a :class:`BootstrapChoiceWarning` says which and
how to choose another (``org_id=…``, ``brand_id=…``, ``member_id=…``). Choices
given by the caller are checked against the answer.

Example::

    >>> import zyntro_nb as zn
    >>> from zyntro_nb.sandbox import Sandbox
    >>> import warnings; warnings.simplefilter("ignore", BootstrapChoiceWarning)  # several brands: takes 1
    >>> box = Sandbox()
    >>> s = zn.connect(sandbox=box, bootstrap=True)
    >>> s.config.api_key, s.config.brand_id, s.user_id is not None
    (UYUJ…(redacted), '1', True)
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._config import short_id
from .._errors import ConfigurationError
from .._secret import Secret

if TYPE_CHECKING:
    from .._session.session import Session


class BootstrapChoiceWarning(UserWarning):
    """The account has several organizations, brands or members; the message says which was taken.

    Guide: docs/guides/sessions.md
    """


def needs_bootstrap(session: Session) -> bool:
    """True when the session has a developer secret but no API key (the state right after onboarding).

    Any org, brand or member already set are taken as choices, checked against the answer.
    """
    c = session.config
    return bool(c.developer_secret) and not c.api_key


def _records(data: Mapping[str, Any], *names: str) -> list[dict[str, Any]]:
    for name in names:
        value = data.get(name)
        if isinstance(value, list):
            return [item for item in value if isinstance(item, dict)]
    return []


def _id(item: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        value = item.get(name)
        if value not in (None, ""):
            return str(value)
    return None


def _label(item: Mapping[str, Any], ident: str, *names: str) -> str:
    name = next((str(item[n]) for n in names if item.get(n)), "")
    shown = short_id(ident)
    return f"{name!r} ({shown})" if name else shown


def _choose(kind: str, option: str, candidates: list[tuple[str, str]], wanted: str | None,
            preferred: str | None, notes: list[str]) -> str | None:
    """Pick one ``(id, label)``: the caller's choice, else the answer's own, else the first."""
    ids = [ident for ident, _ in candidates]
    if wanted is not None:
        if ids and wanted not in ids:
            listed = ", ".join(label for _, label in candidates[:10])
            raise ConfigurationError(
                f"{option}={short_id(wanted)} is not among the account's {kind}",
                cause=f"developers/fetchIdentifiers lists: {listed}",
                fix=f"pass one of those as {option}=…, or leave {option} out to take the first",
                endpoint="developers/fetchIdentifiers",
                sent=False,
            )
        return wanted
    if not candidates:
        return preferred
    chosen = preferred if preferred in ids else ids[0]
    if len(candidates) > 1:
        label = next(label for ident, label in candidates if ident == chosen)
        others = ", ".join(label for ident, label in candidates if ident != chosen)
        notes.append(f"{len(candidates)} {kind}: using {label}; others: {others} (choose with {option}=…)")
    return chosen


def identifiers_from(data: Any, org_id: str | None = None, brand_id: str | None = None,
                     member_id: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """The identifiers to use from a fetchIdentifiers answer, and notes on the choices made.

    Example::

        >>> ids, notes = identifiers_from({"api_key": "K-1", "organizations": [{"org_id": "o1"}, {"org_id": "o2"}]})
        >>> ids["org_id"], notes[0].split(":")[0]
        ('o1', '2 organizations')
    """
    if isinstance(data, list) and data and isinstance(data[0], dict):
        data = data[0]
    if not isinstance(data, dict):
        raise ConfigurationError(
            "developers/fetchIdentifiers answered without the identifiers",
            cause=f"expected an object, got {type(data).__name__}",
            fix="check ZYNTRO_BASE_URL points at the Zyntro API; or set ZYNTRO_API_KEY, ZYNTRO_ORG_ID, "
            "ZYNTRO_BRAND_ID and ZYNTRO_MEMBER_ID yourself",
            endpoint="developers/fetchIdentifiers",
            sent=True,
        )
    notes: list[str] = []
    api_key = data.get("api_key") or data.get("service_instance")
    if not api_key:
        raise ConfigurationError(
            "developers/fetchIdentifiers returned no api_key",
            cause="the developer key is not linked to a user account with an API key",
            fix="copy the API key from Me > API & Webhooks into ZYNTRO_API_KEY (or pass api_key=…)",
            endpoint="developers/fetchIdentifiers",
            sent=True,
        )
    orgs = [(_id(o, "org_id", "id"), o) for o in _records(data, "organizations", "orgs")]
    org_candidates = [(i, _label(o, i, "org_name", "name")) for i, o in orgs if i]
    org = _choose("organizations", "org_id", org_candidates, org_id, _id(data, "org_id"), notes)

    def in_org(item: Mapping[str, Any]) -> bool:
        owner = _id(item, "org_id", "brand_orgid", "member_orgid")
        return org is None or owner is None or owner == org

    brands = [(_id(b, "brand_id", "id"), b) for b in _records(data, "brands") if in_org(b)]
    brand = _choose("brands", "brand_id", [(i, _label(b, i, "brand_name", "name")) for i, b in brands if i],
                    None if brand_id is None else str(brand_id), _id(data, "brand_id"), notes)
    members = [(_id(m, "member_id", "id"), m) for m in _records(data, "members", "team_members") if in_org(m)]
    member = _choose("members", "member_id",
                     [(i, _label(m, i, "member_name", "name", "member_fname")) for i, m in members if i],
                     member_id, _id(data, "member_id"), notes)
    chosen = {
        "api_key": api_key if isinstance(api_key, Secret) else Secret(str(api_key)),
        "org_id": org,
        "brand_id": brand,
        "member_id": member,
    }
    return chosen, notes


def _check_complete(chosen: Mapping[str, Any]) -> None:
    """Refuse, at bootstrap, an account every call would fail for: no organization, or an organization
    without a brand (the first call would otherwise answer "Missing org ID" / "Missing brand ID")."""
    if not chosen.get("org_id"):
        raise ConfigurationError(
            "the account behind this developer secret belongs to no organization",
            cause="developers/fetchIdentifiers listed no organization (and no team membership) for its user, so "
            "every call would be refused with \"Missing org ID\"",
            fix="have an organization owner invite this user as a team member (or create an organization in the "
            "Zyntro app), then connect again; or pass org_id=… (ZYNTRO_ORG_ID) for an organization it may use",
            endpoint="developers/fetchIdentifiers",
            sent=True,
        )
    if not chosen.get("brand_id"):
        raise ConfigurationError(
            f"organization {short_id(chosen['org_id'])} has no brand",
            cause="developers/fetchIdentifiers listed no brand in the chosen organization, so calls that need one "
            "would be refused with \"Missing brand ID\"",
            fix="create a brand in the organization's settings in the Zyntro app, then connect again; or choose "
            "another organization with org_id=…, or pass brand_id=… (ZYNTRO_BRAND_ID) yourself",
            endpoint="developers/fetchIdentifiers",
            sent=True,
        )


def bootstrap_session(session: Session, *, org_id: str | None = None, brand_id: str | int | None = None,
                      member_id: str | None = None) -> Session:
    """A complete session from ``session``'s developer secret (one ``developers/fetchIdentifiers`` call).

    An account with no organization, or whose organization has no brand, is refused here with the fix,
    rather than by the first call.
    """
    if not session.config.developer_secret:
        raise ConfigurationError(
            "bootstrap needs a developer secret",
            fix="pass developer_secret='zdk_…' (or set ZYNTRO_DEVELOPER_SECRET); it is issued at developer "
            "onboarding",
            endpoint="developers/fetchIdentifiers",
            sent=False,
        )
    c = session.config
    org_id, member_id = org_id or c.org_id, member_id or c.member_id
    brand_id = c.brand_id if brand_id is None else str(brand_id)
    asking = session.using(api_key=None, org_id=None, brand_id=None, member_id=None)
    envelope = asking.call("developers", "fetchIdentifiers", raw=True)
    chosen, notes = identifiers_from(envelope.get("data"), org_id, brand_id, member_id)
    _check_complete(chosen)
    data = envelope.get("data")
    if isinstance(data, list) and data:
        data = data[0]
    user_id = _id(data, "user_id") if isinstance(data, dict) else None
    chosen = {**chosen, "user_id": session.config.user_id or user_id}
    complete = session.using(**{k: v for k, v in chosen.items() if v is not None})
    complete.bootstrap_notes = tuple(notes)
    if notes:
        warnings.warn("bootstrap from the developer secret: " + "; ".join(notes), BootstrapChoiceWarning,
                      stacklevel=3)
    return complete
