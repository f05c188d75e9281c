"""The session that front-ends (magics, ``zn.form``, ``zn.explorer``) use when none is given.

Set by :func:`zyntro_nb.connect` and ``%zyntro connect``; never created silently
with credentials nobody chose.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True)
    >>> current_session() is s
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import ConfigurationError

if TYPE_CHECKING:
    from ._session import Session

_state: dict[str, Session | None] = {"session": None}


def set_current(session: Session | None) -> None:
    _state["session"] = session


def current_session(required: bool = True) -> Session | None:
    """The current session; if there is none, a clear error (or None with ``required=False``)."""
    session = _state["session"]
    if session is None and required:
        raise ConfigurationError(
            "no session yet",
            fix="run s = zn.connect() (credentials from ZYNTRO_* variables) or zn.connect(sandbox=True) "
            "for the offline sandbox; in IPython: %zyntro connect --env or %zyntro connect --sandbox",
            sent=False,
        )
    return session
