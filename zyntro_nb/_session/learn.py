"""Facts a session learns from the API once, when a call first needs them: the user id and the org's time zone.

``learn_user_id`` asks ``developers/fetchIdentifiers`` for the user id when a call leaves out a
parameter the catalog marks ``fill: user_id`` (and ``ZYNTRO_USER_ID`` is not set);
``organization_zone`` reads ``account/fetchOrganization``'s ``org_timezone`` for datetimes sent
without a zone. Both go through ``Session.call`` and keep what they learn on the session (the
user id in its config, the zone in the state its ``using`` siblings share).

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True, new=True, current=False)
    >>> organization_zone(s)
    'America/New_York'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._delivery import logger
from .._errors import ZyntroError
from .._secret import plain

if TYPE_CHECKING:
    from .session import Session


def learn_user_id(session: Session, module: str, action: str, params: Mapping[str, Any],
                  extra: Mapping[str, Any] | None) -> None:
    """Ask developers/fetchIdentifiers for the user id once, when a call needs it to fill a parameter.

    Only for catalogued parameters marked ``fill: user_id`` that the call leaves out, and only
    with a developer secret (the one thing fetchIdentifiers needs). If the answer names no
    user id, the call fails before sending with the fix (set ZYNTRO_USER_ID).
    """
    if session.config.user_id or not session.config.developer_secret or params.get("help") is True:
        return
    endpoint = session.catalog.get(module, action)
    given = set(params) | set(extra or {})
    if endpoint is None or not any(p.fill == "user_id" and p.name not in given for p in endpoint.params):
        return
    logger().info("%s needs the user id: asking developers/fetchIdentifiers once", endpoint.key)
    data = session.call("developers", "fetchIdentifiers", raw=True).get("data")
    found = data.get("user_id") if isinstance(data, Mapping) else None
    if found:
        session.config = session.config.replace(user_id=plain(found))


def organization_zone(session: Session) -> str | None:
    """The organization's IANA zone (``account/fetchOrganization``'s ``org_timezone``), read once."""
    shared = session._shared
    if shared.org_timezone is None:
        try:
            answer = session.call("account", "fetchOrganization", raw=True)
            data = answer.get("data") if isinstance(answer, dict) else None
            zone = data.get("org_timezone") if isinstance(data, dict) else None
        except ZyntroError:
            return None
        shared.org_timezone = zone if isinstance(zone, str) and zone else ""
    return shared.org_timezone or None
