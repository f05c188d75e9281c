"""Typo suggestions for endpoint names: which catalogued names a misspelt one is close to.

Three questions, each asked of a :class:`~zyntro_nb._catalog.Catalog`: close module
names (``suggest_modules``), close action names (``suggest_actions``), and the
catalogued ``module/action`` names an uncatalogued one is probably a typo of
(``likely_typos``: the rule by which ``Session.call`` refuses a name unless
``force=True``). ``unknown_endpoint`` words the error for a name the catalog lacks.
The ``Catalog`` methods of the same names call these.

Example::

    >>> from zyntro_nb._catalog import Catalog
    >>> cat = Catalog.builtin()
    >>> suggest_modules(cat, "crn"), likely_typos(cat, "crm", "fetchContcat")
    (['crm'], ['crm/fetchContact'])
    >>> unknown_endpoint(cat, "crn", "fetchContact").fix.split(" modules:")[0]
    'did you mean crm?'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import ParameterError

if TYPE_CHECKING:
    from ._catalog import Catalog


def close_matches(word: str, candidates: list[str], n: int, cutoff: float) -> list[str]:
    """``difflib.get_close_matches``, imported only when a name is misspelt."""
    import difflib

    return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)


def suggest_modules(catalog: Catalog, module: str) -> list[str]:
    """Up to three catalogued module names close to ``module``."""
    return close_matches(module, catalog.modules(), n=3, cutoff=0.5)


def suggest_actions(catalog: Catalog, module: str, action: str) -> list[str]:
    """Up to three actions close to ``action`` (ignoring case): in ``module``, or anywhere if it has none."""
    names = catalog.actions(module) or [e.action for e in catalog]
    lowered = {name.lower(): name for name in names}
    close = close_matches(action.lower(), list(lowered), n=3, cutoff=0.5)
    return [lowered[c] for c in close]


def likely_typos(catalog: Catalog, module: str, action: str) -> list[str]:
    """Catalogued ``module/action`` names that an uncatalogued one is probably a typo of.

    Within a known module: actions at least 80 % alike (or equal ignoring case). For an
    unknown module: close module names that hold such an action. Empty for a catalogued name
    and for names close to nothing (those are sent as typed, with a warning).
    """
    if catalog.get(module, action) is not None:
        return []
    if module in catalog.modules():
        modules = [module]
    else:
        modules = close_matches(module.lower(), catalog.modules(), n=3, cutoff=0.6)
        modules += [m for m in catalog.modules() if m.lower() == module.lower() and m not in modules]
    found: list[str] = []
    for name in modules:
        lowered = {a.lower(): a for a in catalog.actions(name)}
        close = close_matches(action.lower(), list(lowered), n=3, cutoff=0.8)
        found += [f"{name}/{lowered[c]}" for c in close]
    return found[:3]


def unknown_endpoint(catalog: Catalog, module: str, action: str) -> ParameterError:
    """The error for a ``module/action`` the catalog lacks: what is unknown, close names, and the choices."""
    if module not in catalog.modules():
        close = suggest_modules(catalog, module)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        return ParameterError(
            f"unknown module {module!r}",
            fix=f"{hint}modules: {', '.join(catalog.modules())}",
            endpoint=f"{module}/{action}",
        )
    close = suggest_actions(catalog, module, action)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    return ParameterError(
        f"unknown action {action!r} in module {module!r}",
        fix=f"{hint}actions: {', '.join(catalog.actions(module))}",
        endpoint=f"{module}/{action}",
    )
