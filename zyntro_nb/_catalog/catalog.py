"""The endpoint catalog: an ordered, searchable collection of endpoint definitions.

The definitions ship as ``endpoints.json`` beside this module (built from the API
contract). Users add their own with :meth:`Catalog.register` or a JSON file in
the same format named by ``ZYNTRO_CATALOG``. This module loads, changes and searches
the collection (``find`` answers an :class:`EndpointList`, shown as a table);
the definitions themselves (:class:`Endpoint`, :class:`Param`, …) are in
``zyntro_nb._catalog.endpoint``, typo suggestions in ``zyntro_nb._catalog.typos``.

Example::

    >>> import zyntro_nb as zn
    >>> [e.key for e in zn.catalog.find("wallet")][:2]
    ['account/fetchWallet', 'account/fetchWallets']
    >>> zn.catalog.suggest_actions("crm", "fetchcontact")[0]
    'fetchContact'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .._errors import CatalogError
from . import typos as _typos

# Re-exported: the definitions lived here before zyntro_nb._catalog.endpoint, and are imported from here.
from .endpoint import BASE_IDENTIFIERS, Endpoint, Paging, Param, RowRule, Verify, with_default_path  # noqa: F401


class EndpointList(list):  # list[Endpoint]
    """Endpoints found in the catalog: a plain list that shows as a table (text in terminals, HTML in notebooks).

    Example::

        >>> found = Catalog.builtin().find("wallet")
        >>> found[0].key, str(found).splitlines()[0]
        ('account/fetchWallet', '6 endpoints matching "wallet"')
    """

    def __init__(self, endpoints: Iterable[Endpoint] = (), query: str = "") -> None:
        super().__init__(endpoints)
        self.query = query

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [(e.module, e.action, "read" if e.read_only else "write", e.summary) for e in self]

    def title(self) -> str:
        count = f"{len(self)} endpoint{'' if len(self) == 1 else 's'}"
        return f'{count} matching "{self.query}"' if self.query else count

    def __repr__(self) -> str:
        from .._settings import terminal_width

        if not self:
            return f"{self.title()} — try fewer or other words"
        width = terminal_width()
        rows = self.rows()
        heads = ("module", "action", "kind", "summary")
        widths = [max(len(heads[i]), *(len(r[i]) for r in rows)) for i in range(3)]
        room = max(10, width - sum(widths) - 6)

        def line(cells: tuple[str, ...]) -> str:
            summary = cells[3] if len(cells[3]) <= room else cells[3][: room - 1] + "…"
            return "  ".join([*(c.ljust(w) for c, w in zip(cells[:3], widths, strict=True)), summary]).rstrip()

        dashes = tuple("-" * w for w in [*widths, min(room, max(len(r[3]) for r in rows))])
        return "\n".join([self.title(), line(heads), "  ".join(dashes), *(line(r) for r in rows)])

    __str__ = __repr__

    def _repr_html_(self) -> str:
        import html

        head = "".join(f"<th>{h}</th>" for h in ("module", "action", "kind", "summary"))
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in self.rows()
        )
        return (f"<div><p>{html.escape(self.title())}</p><table><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table></div>")


class Catalog:
    """An ordered, searchable collection of :class:`Endpoint` definitions.

    Example::

        >>> cat = Catalog.from_file(Path("my_endpoints.json"))   # doctest: +SKIP
        >>> cat.get("crm", "fetchContact").read_only             # doctest: +SKIP
        True
    """

    def __init__(self, endpoints: Iterable[Endpoint] = ()) -> None:
        self._endpoints: dict[tuple[str, str], Endpoint] = {}
        for endpoint in endpoints:
            self._endpoints[(endpoint.module, endpoint.action)] = endpoint

    # -- loading -----------------------------------------------------------
    @classmethod
    def from_json(cls, text: str, source: str = "catalog") -> Catalog:
        """A catalog from JSON text in the catalog's format (``{"endpoints": [...]}``); ``source`` names it in errors.

        Example::

            >>> Catalog.from_json('{"endpoints": [{"module": "email", "action": "sendEmail"}]}').modules()
            ['email']

        Guide: docs/guides/catalog.md
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CatalogError(
                f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                fix="fix the JSON syntax at that position",
                sent=False,
            ) from None
        except RecursionError:
            raise CatalogError(f"{source} nests too deeply to read", fix="write flat endpoint definitions",
                               sent=False) from None
        entries = data.get("endpoints") if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise CatalogError(
                f"{source} holds no list of endpoints",
                fix='write {"endpoints": [{"module": ..., "action": ...}, ...]} or a bare list',
            )
        endpoints = []
        for entry in entries:
            try:
                endpoints.append(Endpoint.from_dict(entry))
            except CatalogError as error:
                error.message = f"{source}: {error.message}"
                error.args = (str(error),)
                raise
        return cls(endpoints)

    @classmethod
    def from_file(cls, path: str | Path) -> Catalog:
        """A catalog from a JSON file in the catalog's format (what ``ZYNTRO_CATALOG`` names).

        Guide: docs/guides/catalog.md
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CatalogError(
                f"cannot read catalog file {path}: {exc.strerror}",
                fix="check the path in ZYNTRO_CATALOG or the file's permissions",
            ) from None
        return cls.from_json(text, source=str(path))

    @classmethod
    def builtin(cls) -> Catalog:
        """The 41 endpoints shipped with the package.

        Guide: docs/guides/catalog.md
        """
        from importlib import resources  # here, not at import: it pulls in tempfile, shutil, random

        text = resources.files("zyntro_nb._catalog").joinpath("endpoints.json").read_text(encoding="utf-8")
        return cls.from_json(text, source="zyntro_nb/_catalog/endpoints.json")

    # -- changing ------------------------------------------------------------
    def register(self, definition: Endpoint | Mapping[str, Any]) -> Endpoint:
        """Add or replace one endpoint definition (same format as the JSON file).

        A malformed definition raises a CatalogError naming the endpoint and the field.

        Guide: docs/guides/catalog.md
        """
        endpoint = definition if isinstance(definition, Endpoint) else Endpoint.from_dict(definition)
        if not endpoint.path:
            endpoint = with_default_path(endpoint)
        self._endpoints[(endpoint.module, endpoint.action)] = endpoint
        return endpoint

    def merge(self, other: Catalog) -> None:
        """Register every endpoint of ``other`` here (an endpoint with the same name is replaced).

        Guide: docs/guides/catalog.md
        """
        for endpoint in other:
            self.register(endpoint)

    def copy(self) -> Catalog:
        """An independent catalog with the same endpoints (registering in it leaves this one alone).

        Example::

            >>> extra = Catalog.builtin().copy()
            >>> _ = extra.register({"module": "email", "action": "sendEmail"})
            >>> "email/sendEmail" in extra, "email/sendEmail" in Catalog.builtin()
            (True, False)
        """
        return Catalog(self)

    # -- reading ---------------------------------------------------------------
    def __iter__(self) -> Iterator[Endpoint]:
        return iter(self._endpoints.values())

    def __len__(self) -> int:
        return len(self._endpoints)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str) and "/" in key:
            key = tuple(key.split("/", 1))
        return key in self._endpoints

    def __repr__(self) -> str:
        return f"<Catalog {len(self)} endpoints in {len(self.modules())} modules>"

    def get(self, module: str, action: str) -> Endpoint | None:
        """The endpoint ``module/action``, or None when the catalog does not know it.

        Example::

            >>> Catalog.builtin().get("crm", "fetchContact").read_only
            True
        """
        return self._endpoints.get((module, action))

    def modules(self) -> list[str]:
        """The modules the catalog knows, sorted.

        Example::

            >>> Catalog.builtin().modules()[:3]
            ['account', 'calendar', 'crm']
        """
        return sorted({m for m, _ in self._endpoints})

    def actions(self, module: str) -> list[str]:
        """The actions of ``module``, sorted.

        Example::

            >>> Catalog.builtin().actions("developers")
            ['fetchIdentifiers']
        """
        return sorted(a for m, a in self._endpoints if m == module)

    def names(self) -> dict[str, list[str]]:
        """Each catalogued module with its actions, sorted: ``{"crm": ["addNote", …], …}``.

        Guide: docs/guides/catalog.md
        """
        found: dict[str, list[str]] = {}
        for module, action in sorted(self._endpoints):
            found.setdefault(module, []).append(action)
        return found

    def find(self, text: str = "") -> EndpointList:
        """Endpoints whose name, title, summary or parameter names contain every word of ``text``.

        Matches on the ``module/action`` name come first, then title matches, then the rest,
        each group in catalog order.

        Guide: docs/guides/catalog.md
        """
        words = text.lower().split()
        ranked: list[tuple[int, int, Endpoint]] = []
        for position, endpoint in enumerate(self):
            places = (endpoint.key, endpoint.title, " ".join([endpoint.summary, *(p.name for p in endpoint.params)]))
            haystack = " ".join(places).lower()
            if all(word in haystack for word in words):
                rank = next((i for i, place in enumerate(places[:2]) if all(w in place.lower() for w in words)), 2)
                ranked.append((rank, position, endpoint))
        return EndpointList((endpoint for _, _, endpoint in sorted(ranked, key=lambda item: item[:2])), text.strip())


    def suggest_modules(self, module: str) -> list[str]:
        """Up to three module names close to ``module`` (see ``zyntro_nb._catalog.typos``).

        Guide: docs/guides/catalog.md
        """
        return _typos.suggest_modules(self.names(), module)

    def suggest_actions(self, module: str, action: str) -> list[str]:
        """Up to three action names close to ``action`` (see ``zyntro_nb._catalog.typos``).

        Guide: docs/guides/catalog.md
        """
        return _typos.suggest_actions(self.names(), module, action)

    def likely_typos(self, module: str, action: str) -> list[str]:
        """Catalogued ``module/action`` names an uncatalogued one is probably a typo of (``_catalog.typos``).

        Guide: docs/guides/catalog.md
        """
        return _typos.likely_typos(self.names(), module, action)

    def resolve(self, module: str, action: str) -> Endpoint:
        """The catalogued endpoint, or an uncatalogued stand-in that is sent as-is.

        Guide: docs/guides/catalog.md
        """
        return self.get(module, action) or with_default_path(Endpoint.uncatalogued(module, action))

    def to_frame(self, module: str | None = None, search: str = ""):  # -> pandas.DataFrame
        """A table of endpoints (module, action, read-only, summary), for browsing; ``search`` as in :meth:`find`.

        Guide: docs/guides/catalog.md
        """
        import pandas as pd

        found = self.find(search) if search else list(self)

        rows = [
            {
                "module": e.module,
                "action": e.action,
                "read_only": e.read_only,
                "summary": e.summary,
                "params": ", ".join(p.name + ("*" if p.required else "") for p in e.params),
            }
            for e in found
            if module is None or e.module == module
        ]
        return pd.DataFrame(rows, columns=["module", "action", "read_only", "summary", "params"])


_default: Catalog | None = None


def default_catalog() -> Catalog:
    """The process-wide catalog: the shipped endpoints plus the file named by ``ZYNTRO_CATALOG``."""
    global _default
    if _default is None:
        from .._config import env_catalog_path

        catalog = Catalog.builtin()
        extra = env_catalog_path()
        if extra:
            catalog.merge(Catalog.from_file(extra))
        _default = catalog
    return _default
