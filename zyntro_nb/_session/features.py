"""The one place where the session reaches a feature above it: ``s.bulk`` and ``s.form``.

The session sits below bulk and the widgets (they call ``Session.call``); two documented
conveniences, ``s.bulk(...)`` and ``s.form(...)``, hand over to them. The imports happen
here, inside the functions, so ``import zyntro_nb`` never loads bulk, tqdm or ipywidgets,
and no other module of the session names a layer above it (``tests/test_layout.py``
holds every other module to that).

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True, new=True, current=False)
    >>> done = s.bulk("crm", "fetchContact", [{"contact_id": "nobody"}], progress=False)   # calls bulk() below
    >>> done.loc[0, "_status"]
    'error'
    >>> type(s.form("crm", "fetchContact")).__name__                                     # calls form() below
    'EndpointForm'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .session import Session


def bulk(session: Session, module: str, action: str, rows: Any, **options: Any) -> pd.DataFrame:
    """``s.bulk(...)``: hand the rows to the bulk feature (``zyntro_nb._bulk``), loaded on first use."""
    from .._bulk.bulk import bulk as run_bulk  # upward, on purpose: see the module docstring

    return run_bulk(session, module, action, rows, **options)


def form(session: Session, module: str, action: str, **values: Any) -> Any:
    """``s.form(...)``: an ipywidgets form for the endpoint (``zyntro_nb._widgets``), loaded on first use."""
    from .._widgets.form import EndpointForm  # upward, on purpose: see the module docstring

    return EndpointForm(session, module, action, **values)


__all__ = ["bulk", "form"]
