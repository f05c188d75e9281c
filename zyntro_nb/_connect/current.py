"""The current session — the one the magics, ``zn.form`` and ``zn.explorer`` use — and the shared sandbox.

The rule, in full:

- ``%zyntro connect …`` always makes its new session current.
- ``%zyntro use VAR`` makes the session held by the Python variable ``VAR`` current.
- ``zn.connect(…)`` makes its session current only when there is none yet (or the
  current one is closed); ``zn.connect(…, current=True)`` always does, ``current=False`` never.
- ``%zyntro use brand_id=2`` replaces the current session with one for that brand.

In one process the in-process sandbox is shared: ``zn.connect(sandbox=True)`` and
``%zyntro connect --sandbox`` talk to the same one, so data made in Python is
visible to the magics. ``new=True`` (``--new``) gives a fresh one.

Example::

    >>> import zyntro_nb as zn
    >>> set_current(None)
    >>> s = zn.connect(sandbox=True)
    >>> current_session() is s, current_source()
    (True, 'zn.connect()')
    >>> t = zn.connect(sandbox=True)          # a second session: the current one stays
    >>> current_session() is s, t.sandbox is s.sandbox
    (True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from .._errors import ConfigurationError

if TYPE_CHECKING:
    from .._session.session import Session
    from ..sandbox import Sandbox

_state: dict[str, Session | None] = {"session": None}
_source: dict[str, str] = {"text": ""}
_sandbox: dict[str, Sandbox | None] = {"box": None}


def set_current(session: Session | None, source: str = "") -> None:
    """Make ``session`` current; ``source`` says how (shown by ``%zyntro whoami``)."""
    _state["session"] = session
    _source["text"] = source if session is not None else ""


def offer_current(session: Session, current: bool | None, source: str) -> None:
    """Apply the ``zn.connect`` rule: current when asked, or when there is no usable current session."""
    existing = _state["session"]
    if current or (current is None and (existing is None or existing._shared.closed)):
        set_current(session, source)


def current_source() -> str:
    """How the current session became current (empty when there is none)."""
    return _source["text"]


@overload
def current_session(required: Literal[True] = True) -> Session: ...
@overload
def current_session(required: bool) -> Session | None: ...


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


def shared_sandbox(new: bool = False) -> Sandbox:
    """The process's shared in-process sandbox (created on first use); ``new=True`` replaces it."""
    box = _sandbox["box"]
    if box is None or new or box._closed:
        from ..sandbox import Sandbox

        box = Sandbox()
        _sandbox["box"] = box
    return box


def reset_shared_sandbox() -> None:
    """Forget the shared sandbox, so the next ``connect(sandbox=True)`` starts from the seed data."""
    _sandbox["box"] = None
