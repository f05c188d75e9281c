"""Texts and tables that ``%zyntro list``, ``help`` and ``last`` show (no pandas needed).

Example::

    >>> from zyntro_nb._catalog.catalog import Catalog
    >>> print(str(endpoint_table(Catalog.builtin(), "developers")).splitlines()[-1])
    developers  fetchIdentifiers  read    Exchange developer secret for api_key, org, members and bra…
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

from .._session.namespace import describe

if TYPE_CHECKING:
    from .._catalog.catalog import Catalog, Endpoint, Param
    from .._exchange import Exchange
    from .._session.session import Session

SUMMARY_WIDTH = 60
# What %zyntro with no arguments, a usage error and `%zyntro?` show.
USAGE = """\
%zyntro MODULE ACTION [key=value ...] [-o NAME] [--raw | --expand FIELD] [--all-pages] [--verbose] [--force]
%zyntro connect [--sandbox [--new] | --env | --base-url URL] [--bootstrap]
%zyntro connect --record FILE | --replay FILE [--record-missing]
%zyntro use VAR   or   %zyntro use brand_id=2 api_key={key} ...  %zyntro whoami
%zyntro help MODULE ACTION                                        %zyntro doctor
%zyntro curl MODULE ACTION [key=value ...]                        %zyntro last
%zyntro form MODULE ACTION [key=value ...]                        %zyntro history [-n N]
%zyntro call MODULE ACTION ...                                    %zyntro list [MODULE] [WORDS]
%zyntro bulk MODULE ACTION --rows VAR [--concurrency N] [--journal FILE] [-o NAME] [key=value ...]
%%zyntro MODULE ACTION [options]   (cell body: a JSON object, or key: value lines)"""


class Table:
    """Rows shown as a tabulate table in terminals and an HTML table in notebooks."""

    def __init__(self, headers: list[str], rows: list[list[str]], title: str = "") -> None:
        self.headers, self.rows, self.title = headers, rows, title

    def __str__(self) -> str:
        from tabulate import tabulate

        table = tabulate(self.rows, headers=self.headers, tablefmt="simple", disable_numparse=True)
        return f"{self.title}\n{table}" if self.title else table

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in self.rows
        )
        caption = f"<p>{html.escape(self.title)}</p>" if self.title else ""
        return f"<div>{caption}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def _shorten(text: str, width: int = SUMMARY_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def endpoint_table(catalog: Catalog, module: str | None = None, search: str = "") -> Table:
    """The catalogued endpoints (of one module, matching every word of ``search``), with kind and summary."""
    found = catalog.find(search) if search else list(catalog)
    rows = [
        [e.module, e.action, "read" if e.read_only else "write", _shorten(e.summary)]
        for e in found
        if module is None or e.module == module
    ]
    if not search:
        rows.sort(key=lambda r: (r[0], r[1]))
    where = f"module {module}" if module else f"{len(catalog.modules())} modules"
    count = f"{len(rows)} endpoint{'s' if len(rows) != 1 else ''}"
    matching = f' matching "{search}"' if search else ""
    title = f"{count} in {where}{matching} — %zyntro help MODULE ACTION for details"
    return Table(["module", "action", "kind", "summary"], rows, title)


def _placeholder(param: Param) -> str:
    if param.enum:
        return str(param.enum[0])
    return {"integer": "1", "float": "1.5", "number": "1.5", "boolean": "true", "object": "{}",
            "array": "[]"}.get(param.type, "…")


def example_line(endpoint: Endpoint) -> str:
    """A ``%zyntro`` line with placeholders for the required parameters."""
    args = "".join(f" {p.name}={_placeholder(p)}" for p in endpoint.required_params)
    return f"%zyntro {endpoint.module} {endpoint.action}{args}"


def help_text(catalog: Catalog, module: str, action: str, session: Session | None = None) -> str:
    """``Session.help`` text (or the same text from the catalog) plus a ``%zyntro`` example."""
    endpoint = catalog.get(module, action)
    assert endpoint is not None
    text = str(session.help(module, action)) if session is not None else describe(endpoint)
    text += f"\n  {example_line(endpoint)}"
    if endpoint.paging:
        text += f"\n  {example_line(endpoint)} --all-pages    (every page, one DataFrame)"
    return text


def exchange_text(exchange: Exchange) -> str:
    """The last request and response as indented JSON (already redacted by the session)."""
    lines = [f"POST {exchange.url}  ({exchange.endpoint})", "request body:",
             json.dumps(exchange.request, indent=2, ensure_ascii=False, default=str)]
    facts = [f"HTTP {exchange.status_code}" if exchange.status_code else "no HTTP answer"]
    if exchange.request_id:
        facts.append(f"request id {exchange.request_id}")
    if exchange.elapsed is not None:
        facts.append(f"{exchange.elapsed:.3f} s")
    facts.append(f"{exchange.attempts} attempt{'s' if exchange.attempts != 1 else ''}")
    lines.append(f"response ({', '.join(facts)}):")
    if exchange.response is not None:
        lines.append(json.dumps(exchange.response, indent=2, ensure_ascii=False, default=str))
    if exchange.error:
        lines.append(f"error: {exchange.error}")
    return "\n".join(lines)


__all__ = ["USAGE", "Table", "endpoint_table", "example_line", "exchange_text", "help_text"]
