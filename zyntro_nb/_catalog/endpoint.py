"""Endpoint definitions as data: :class:`Endpoint` and the pieces it is made of.

An :class:`Endpoint` says where an endpoint lives, which identifiers and :class:`Param`
parameters it takes, how it pages (:class:`Paging`), where its rows are (:class:`RowRule`)
and which read shows whether a lost write was applied (:class:`Verify`). They are frozen
dataclasses built from the catalog's JSON form by :meth:`Endpoint.from_dict`; the
collection, loading and search live in ``zyntro_nb._catalog.catalog``.

Example::

    >>> e = Endpoint.from_dict({"module": "crm", "action": "fetchContact", "read_only": True,
    ...                         "params": [{"name": "contact_id", "required": True}]})
    >>> e.key, e.retried, [p.name for p in e.required_params]
    ('crm/fetchContact', True, ['contact_id'])
    >>> with_default_path(e).path
    '/apis/v2/public/crm/fetchContact'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .definition import check_definition

BASE_IDENTIFIERS = ("api_key", "developer_secret", "org_id", "brand_id", "member_id")


@dataclass(frozen=True)
class Param:
    """One documented request parameter (identifiers are listed separately).

    Guide: docs/guides/catalog.md
    """

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
        """True for 0/1 integer switches such as ``include_notes``.

        Guide: docs/guides/catalog.md
        """
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
    """One endpoint definition: where it lives, what it needs, what it returns.

    Guide: docs/guides/catalog.md
    """

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
        """``module/action``, the endpoint's name in messages and lookups.

        Guide: docs/guides/catalog.md
        """
        return f"{self.module}/{self.action}"

    @property
    def retried(self) -> bool:
        """Whether a failed attempt may be resent: catalogued reads and documented-idempotent writes.

        Guide: docs/guides/catalog.md
        """
        return self.catalogued and (self.read_only or self.idempotent)

    @property
    def required_params(self) -> tuple[Param, ...]:
        """The parameters a call must give.

        Example::

            >>> from zyntro_nb import Catalog
            >>> [p.name for p in Catalog.builtin().get("crm", "fetchContact").required_params]
            ['contact_id']
        """
        return tuple(p for p in self.params if p.required)

    def param(self, name: str) -> Param | None:
        """The parameter called ``name``, or None.

        Example::

            >>> from zyntro_nb import Catalog
            >>> Catalog.builtin().get("crm", "fetchContact").param("include_notes").enum
            (0, 1)
        """
        return next((p for p in self.params if p.name == name), None)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Endpoint:
        """Build an endpoint from the catalog's JSON form; unknown keys are an error.

        Guide: docs/guides/catalog.md
        """
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
        """A stand-in for a ``module/action`` the catalog does not know: sent as-is, never retried.

        Guide: docs/guides/catalog.md
        """
        return cls(module=module, action=action, title=action, catalogued=False)


def with_default_path(endpoint: Endpoint) -> Endpoint:
    """``endpoint`` with the API's usual path for its ``module/action`` (``API_PATH_TEMPLATE``)."""
    from dataclasses import replace

    from .._defaults import API_PATH_TEMPLATE

    return replace(endpoint, path=API_PATH_TEMPLATE.format(module=endpoint.module, action=endpoint.action))
