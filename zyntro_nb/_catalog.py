"""The endpoint catalog: endpoint definitions as data, read by every part of the toolkit.

The definitions ship as ``endpoints.json`` beside this module (built from the API
contract). Users add their own with :meth:`Catalog.register` or a JSON file in
the same format named by ``ZYNTRO_CATALOG``.

Example::

    >>> import zyntro_nb as zn
    >>> [e.key for e in zn.catalog.find("wallet")][:2]
    ['account/fetchWallet', 'account/fetchWallets']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._definition import check_definition
from ._errors import CatalogError


def _close_matches(word: str, candidates: list[str], n: int, cutoff: float) -> list[str]:
    import difflib  # only when a name is misspelt

    return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)


BASE_IDENTIFIERS = ("api_key", "developer_secret", "org_id", "brand_id", "member_id")


@dataclass(frozen=True)
class Param:
    """One documented request parameter (identifiers are listed separately)."""

    name: str
    type: str = "string"
    required: bool = False
    default: Any = None
    enum: tuple[Any, ...] | None = None
    description: str = ""
    # A session identifier that fills this parameter when the call leaves it out ("user_id" for
    # calculateLeadScore's service_instance); an explicit value always wins.
    fill: str | None = None

    @property
    def is_flag(self) -> bool:
        """True for 0/1 integer switches such as ``include_notes``."""
        return self.type == "integer" and self.enum is not None and set(self.enum) == {0, 1}


@dataclass(frozen=True)
class Paging:
    """How an endpoint pages: body keys for limit and offset, and the total's key."""

    limit: str = "limit"
    offset: str = "offset"
    total: str | None = "count"
    page_size: int = 50


@dataclass(frozen=True)
class RowRule:
    """Where the rows of a response live when ``data`` is an object wrapping a list."""

    path: str
    columns: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Verify:
    """The read that shows whether a write was applied, for when the write's answer is lost.

    ``source`` maps the read's parameters to dotted paths into the write's body (or a tuple of
    paths: the first the body has), ``fixed`` gives parameters with set values, ``look_for``
    says what to look for. So that a program can decide too (bulk re-runs): ``within`` names
    the list in the read's answer to search (the answer itself when empty), ``match`` pairs
    answer fields with write body paths that must be equal, and ``keep`` names the answer
    fields that stand for the write's own answer (write field, answer field). ``baseline``,
    ``needs``, ``unseen`` and ``covers`` make that decision exact (see :mod:`._verify`).
    ``cannot`` (and no ``endpoint``) says why no read can tell and what to do instead.

    Example::

        >>> v = Verify("crm/fetchContact", source=(("contact_id", "contact_id"),), fixed=(("include_notes", 1),),
        ...            look_for="the note")
        >>> v.render({"contact_id": "c-1", "note": "hi"})
        "s.call('crm', 'fetchContact', contact_id='c-1', include_notes=1) and look for the note"
    """

    endpoint: str
    source: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    fixed: tuple[tuple[str, Any], ...] = ()
    look_for: str = ""
    within: str = ""
    match: tuple[tuple[str, str], ...] = ()
    keep: tuple[tuple[str, str], ...] = ()
    baseline: str = ""
    needs: tuple[str, ...] = ()
    unseen: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    cannot: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Verify:
        """A catalog entry's ``verify`` object (already checked by ``check_definition``)."""
        return cls(
            endpoint=data.get("endpoint") or "",
            source=tuple((k, v if isinstance(v, str) else tuple(v)) for k, v in (data.get("from") or {}).items()),
            fixed=tuple((data.get("set") or {}).items()),
            look_for=data.get("look_for") or "",
            within=data.get("within") or "",
            match=tuple((data.get("match") or {}).items()),
            keep=tuple((data.get("keep") or {}).items()),
            baseline=data.get("baseline") or "",
            needs=tuple(data.get("needs") or ()),
            unseen=tuple(data.get("unseen") or ()),
            covers=tuple(data.get("covers") or ()),
            cannot=data.get("cannot") or "",
        )

    def why_not(self, body: Mapping[str, Any]) -> str:
        """``cannot`` with the write's own values in place of its ``{path}`` marks ("" when a read can tell)."""
        return _PLACE.sub(lambda m: _fill(body, m.group(1)), self.cannot)

    def arguments(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The read's parameters for a given write body (``'…'`` where the body lacks a value)."""
        args: dict[str, Any] = {}
        for name, paths in self.source:
            value: Any = None
            for path in (paths,) if isinstance(paths, str) else paths:
                value = body
                for part in path.split("."):
                    value = value.get(part) if isinstance(value, Mapping) else None
                if value not in (None, ""):
                    break
            args[name] = value if isinstance(value, (str, int, float)) and not isinstance(value, bool) else "…"
        args.update(self.fixed)
        return args

    def render(self, body: Mapping[str, Any]) -> str:
        """The read as a Python call with the write's own values, and what to look for ("" when no read can tell)."""
        if not self.endpoint:
            return ""
        module, _, action = self.endpoint.partition("/")
        args = "".join(f", {k}={_short_repr(v)}" for k, v in self.arguments(body).items())
        text = f"s.call({module!r}, {action!r}{args})"
        return f"{text} and look for {self.look_for}" if self.look_for else text


_PLACE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def _fill(body: Mapping[str, Any], path: str) -> str:
    value: Any = body
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return _short_repr(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else "…"


def _short_repr(value: Any) -> str:
    if value == "…":
        return "…"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


@dataclass(frozen=True)
class Endpoint:
    """One endpoint definition: where it lives, what it needs, what it returns."""

    module: str
    action: str
    title: str = ""
    summary: str = ""
    path: str = ""
    read_only: bool = False
    identifiers: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    paging: Paging | None = None
    rows: RowRule | None = None
    fields: tuple[str, ...] = ()
    help: bool = False
    idempotent: bool = False
    verify: Verify | None = None
    legacy: bool = False
    group: str = ""
    response: str = ""
    notes: str = ""
    example: Any = field(default=None, compare=False, hash=False)
    # The request body the endpoint's page publishes, placeholders and all (None: none published).
    example_request: Any = field(default=None, compare=False, hash=False)
    # Answer fields holding credentials beyond the name rule (api_key, *secret*, *token*, …): shown redacted.
    secret_fields: tuple[str, ...] = ()
    # Answer fields holding lists of records (a contact's notes): what ``expand=`` / ``--expand`` takes.
    records: tuple[str, ...] = ()
    catalogued: bool = True

    @property
    def key(self) -> str:
        """``module/action``, the endpoint's name in messages and lookups."""
        return f"{self.module}/{self.action}"

    @property
    def retried(self) -> bool:
        """Whether a failed attempt may be resent: catalogued reads and documented-idempotent writes."""
        return self.catalogued and (self.read_only or self.idempotent)

    @property
    def required_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.required)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Endpoint:
        """Build an endpoint from the catalog's JSON form; unknown keys are an error."""
        known = frozenset(f for f in cls.__dataclass_fields__ if f != "catalogued")
        check_definition(data, known, frozenset(Param.__dataclass_fields__))
        module, action = data["module"], data["action"]
        params = []
        for raw in data.get("params") or ():
            if isinstance(raw, str):
                raw = {"name": raw}
            enum = raw.get("enum")
            params.append(Param(
                name=raw["name"],
                type=raw.get("type") or "string",
                required=bool(raw.get("required", False)),
                default=raw.get("default"),
                enum=tuple(enum) if enum else None,
                description=raw.get("description") or "",
                fill=raw.get("fill") or None,
            ))
        paging = data.get("paging")
        rows = data.get("rows")
        verify = data.get("verify")
        return cls(
            module=module,
            action=action,
            title=data.get("title") or action,
            summary=data.get("summary") or "",
            path=data.get("path") or "",
            read_only=bool(data.get("read_only", False)),
            identifiers=tuple(data.get("identifiers") or ()),
            params=tuple(params),
            paging=Paging(**{k: v for k, v in paging.items() if v is not None or k == "total"}) if paging else None,
            rows=RowRule(rows["path"], tuple(rows["columns"]) if rows.get("columns") else None)
            if rows
            else None,
            fields=tuple(data.get("fields") or ()),
            help=bool(data.get("help", False)),
            idempotent=bool(data.get("idempotent", False)),
            verify=Verify.from_dict(verify) if verify else None,
            legacy=bool(data.get("legacy", False)),
            group=data.get("group") or module,
            response=data.get("response") or "",
            notes=data.get("notes") or "",
            example=data.get("example"),
            example_request=data.get("example_request"),
            secret_fields=tuple(data.get("secret_fields") or ()),
            records=tuple(data.get("records") or ()),
        )

    @classmethod
    def uncatalogued(cls, module: str, action: str) -> Endpoint:
        """A stand-in for a ``module/action`` the catalog does not know: sent as-is, never retried."""
        return cls(module=module, action=action, title=action, catalogued=False)


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
        from ._settings import terminal_width

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
        """The 41 endpoints shipped with the package."""
        from importlib import resources  # here, not at import: it pulls in tempfile, shutil, random

        text = resources.files("zyntro_nb").joinpath("endpoints.json").read_text(encoding="utf-8")
        return cls.from_json(text, source="zyntro_nb/endpoints.json")

    # -- changing ------------------------------------------------------------
    def register(self, definition: Endpoint | Mapping[str, Any]) -> Endpoint:
        """Add or replace one endpoint definition (same format as the JSON file).

        A malformed definition raises a CatalogError naming the endpoint and the field.
        """
        endpoint = definition if isinstance(definition, Endpoint) else Endpoint.from_dict(definition)
        if not endpoint.path:
            endpoint = _with_default_path(endpoint)
        self._endpoints[(endpoint.module, endpoint.action)] = endpoint
        return endpoint

    def merge(self, other: Catalog) -> None:
        for endpoint in other:
            self.register(endpoint)

    def copy(self) -> Catalog:
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
        return self._endpoints.get((module, action))

    def modules(self) -> list[str]:
        return sorted({m for m, _ in self._endpoints})

    def actions(self, module: str) -> list[str]:
        return sorted(a for m, a in self._endpoints if m == module)

    def find(self, text: str = "") -> EndpointList:
        """Endpoints whose name, title, summary or parameter names contain every word of ``text``.

        Matches on the ``module/action`` name come first, then title matches, then the rest,
        each group in catalog order.
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
        return _close_matches(module, self.modules(), n=3, cutoff=0.5)

    def suggest_actions(self, module: str, action: str) -> list[str]:
        names = self.actions(module) or [a for _, a in self._endpoints]
        lowered = {name.lower(): name for name in names}
        close = _close_matches(action.lower(), list(lowered), n=3, cutoff=0.5)
        return [lowered[c] for c in close]

    def likely_typos(self, module: str, action: str) -> list[str]:
        """Catalogued ``module/action`` names that an uncatalogued one is probably a typo of.

        Within a known module: actions at least 80 % alike (or equal ignoring case). For an
        unknown module: close module names that hold such an action. Empty for a catalogued name
        and for names close to nothing (those are sent as typed, with a warning).
        """
        if self.get(module, action) is not None:
            return []
        if module in self.modules():
            modules = [module]
        else:
            modules = _close_matches(module.lower(), self.modules(), n=3, cutoff=0.6)
            modules += [m for m in self.modules() if m.lower() == module.lower() and m not in modules]
        found: list[str] = []
        for name in modules:
            lowered = {a.lower(): a for a in self.actions(name)}
            close = _close_matches(action.lower(), list(lowered), n=3, cutoff=0.8)
            found += [f"{name}/{lowered[c]}" for c in close]
        return found[:3]

    def resolve(self, module: str, action: str) -> Endpoint:
        """The catalogued endpoint, or an uncatalogued stand-in that is sent as-is."""
        return self.get(module, action) or _with_default_path(Endpoint.uncatalogued(module, action))

    def to_frame(self, module: str | None = None, search: str = ""):  # -> pandas.DataFrame
        """A table of endpoints (module, action, read-only, summary), for browsing; ``search`` as in :meth:`find`."""
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


def _with_default_path(endpoint: Endpoint) -> Endpoint:
    from dataclasses import replace

    from ._defaults import API_PATH_TEMPLATE

    return replace(endpoint, path=API_PATH_TEMPLATE.format(module=endpoint.module, action=endpoint.action))


_default: Catalog | None = None


def default_catalog() -> Catalog:
    """The process-wide catalog: the shipped endpoints plus the file named by ``ZYNTRO_CATALOG``."""
    global _default
    if _default is None:
        from ._config import env_catalog_path

        catalog = Catalog.builtin()
        extra = env_catalog_path()
        if extra:
            catalog.merge(Catalog.from_file(extra))
        _default = catalog
    return _default
