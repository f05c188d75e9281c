"""Typo suggestions for endpoint names: which catalogued names a misspelt one is close to.

Three questions, each asked of the catalogued names (``Catalog.names()``: each module with its
actions; this module never sees the catalog itself, so it depends on nothing above it): close module
names (``suggest_modules``), close action names (``suggest_actions``), and the
catalogued ``module/action`` names an uncatalogued one is probably a typo of
(``likely_typos``: the rule by which ``Session.call`` refuses a name unless
``force=True``). ``unknown_endpoint`` words the error for a name the catalog lacks.
The ``Catalog`` methods of the same names call these.

Example::

    >>> from zyntro_nb._catalog.catalog import Catalog
    >>> cat = Catalog.builtin()
    >>> names = cat.names()
    >>> suggest_modules(names, "crn"), likely_typos(names, "crm", "fetchContcat")
    (['crm'], ['crm/fetchContact'])
    >>> unknown_endpoint(names, "crn", "fetchContact").fix.split(" modules:")[0]
    'did you mean crm?'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .._errors import ParameterError

Names = Mapping[str, Sequence[str]]  # module -> its catalogued actions (Catalog.names())


def close_matches(word: str, candidates: list[str], n: int, cutoff: float) -> list[str]:
    """``difflib.get_close_matches``, imported only when a name is misspelt."""
    import difflib

    return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)


def suggest_modules(names: Names, module: str) -> list[str]:
    """Up to three catalogued module names close to ``module``."""
    return close_matches(module, sorted(names), n=3, cutoff=0.5)


def suggest_actions(names: Names, module: str, action: str) -> list[str]:
    """Up to three actions close to ``action`` (ignoring case): in ``module``, or anywhere if it has none."""
    candidates = list(names.get(module, ())) or [a for actions in names.values() for a in actions]
    lowered = {name.lower(): name for name in candidates}
    close = close_matches(action.lower(), list(lowered), n=3, cutoff=0.5)
    return [lowered[c] for c in close]


def likely_typos(names: Names, module: str, action: str) -> list[str]:
    """Catalogued ``module/action`` names that an uncatalogued one is probably a typo of.

    Within a known module: actions at least 80 % alike (or equal ignoring case). For an
    unknown module: close module names that hold such an action. Empty for a catalogued name
    and for names close to nothing (those are sent as typed, with a warning).
    """
    if action in names.get(module, ()):
        return []
    if module in sorted(names):
        modules = [module]
    else:
        modules = close_matches(module.lower(), sorted(names), n=3, cutoff=0.6)
        modules += [m for m in sorted(names) if m.lower() == module.lower() and m not in modules]
    found: list[str] = []
    for name in modules:
        lowered = {a.lower(): a for a in names.get(name, ())}
        close = close_matches(action.lower(), list(lowered), n=3, cutoff=0.8)
        found += [f"{name}/{lowered[c]}" for c in close]
    return found[:3]


def unknown_endpoint(names: Names, module: str, action: str) -> ParameterError:
    """The error for a ``module/action`` the catalog lacks: what is unknown, close names, and the choices."""
    if module not in sorted(names):
        close = suggest_modules(names, module)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        return ParameterError(
            f"unknown module {module!r}",
            fix=f"{hint}modules: {', '.join(sorted(names))}",
            endpoint=f"{module}/{action}",
        )
    close = suggest_actions(names, module, action)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    return ParameterError(
        f"unknown action {action!r} in module {module!r}",
        fix=f"{hint}actions: {', '.join(names.get(module, ()))}",
        endpoint=f"{module}/{action}",
    )
