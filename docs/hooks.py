"""mkdocs hooks: the pages the site builds from the package itself, so they never drift from it.

- **Endpoints**: a page per catalog module (``endpoints/<module>.md``) and an index, written from
  ``zyntro_nb``'s built-in catalog at build time — parameters, identifiers, read or write, paging,
  example requests (Python, ``%zyntro``, curl), answer fields and the documented errors that apply.
- **API reference**: ``reference/api.md``, one mkdocstrings section per name in ``zyntro_nb.__all__``.
- **Notebooks**: ``notebooks/*.ipynb`` from the repository, rendered by mkdocs-jupyter with their
  saved outputs (``execute: false`` in ``mkdocs.yml``).
- **Guides**: any ``docs/guides/*.md`` the nav in ``mkdocs.yml`` does not list is added under Guides.

The functions that write the markdown are plain (``endpoint_page``, ``endpoint_index``,
``api_reference``), so ``tests/docs/test_site.py`` checks their text without running mkdocs.

Example::

    >>> from zyntro_nb import Catalog
    >>> page = endpoint_page("edge", list(Catalog.builtin()))
    >>> "## `edge/getEnrollments`" in page and "$ZYNTRO_API_KEY" in page
    True
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import zyntro_nb as zn
from zyntro_nb._catalog.endpoint import Endpoint
from zyntro_nb._errors import DOCUMENTED_ERRORS
from zyntro_nb._frames.snippets import curl_command, magic_line
from zyntro_nb._request import PreparedCall

ROOT = Path(__file__).resolve().parents[1]  # the repository

MODULE_TITLES = {
    "crm": "CRM and contacts",
    "developers": "Developers",
    "calendar": "Calendar and scheduling",
    "forms": "Forms",
    "account": "Account, webhooks and wallets",
    "edge": "Edge billing",
    "legacy": "Legacy (v1) endpoints",
}
# Identifiers a curl line reads from the shell, as `zyntro-nb sandbox` prints them (export lines).
SHELL_IDENTIFIERS = {"org_id": "ZYNTRO_ORG_ID", "brand_id": "ZYNTRO_BRAND_ID", "member_id": "ZYNTRO_MEMBER_ID",
                     "user_id": "ZYNTRO_USER_ID"}
# The API's documented messages that each identifier or parameter can bring (see the Errors guide).
ERRORS_BY_IDENTIFIER = {
    "api_key": ("Missing service instance", "Invalid API Key", "User is not active"),
    "developer_secret": ("Missing developer_secret", "Invalid developer_secret", "IP address not whitelisted"),
    "org_id": ("Missing org ID", "Organization not found"),
    "brand_id": ("Missing brand ID",),
}
ERRORS_BY_PARAM = {
    "wallet_id": ("Missing wallet ID", "No matching wallet found"),
    "bc_id": ("Billing customer not found",),
    "billing_customer_id": ("Billing customer not found",),
}


def catalog_endpoints() -> list[Endpoint]:
    """The built-in catalog's endpoints, in catalog order."""
    return list(zn.Catalog.builtin())


@lru_cache(maxsize=1)
def success_calls() -> dict[str, dict[str, Any]]:
    """``tests/sandbox_calls.py``'s table (loaded by path: another ``tests`` package may be installed)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("zyntro_sandbox_calls", ROOT / "tests" / "sandbox_calls.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SUCCESS_CALLS


def example_params(endpoint: Endpoint) -> dict[str, Any]:
    """Parameters for the example request: the call that succeeds against the sandbox's seed data."""
    calls = success_calls()
    if endpoint.key in calls:
        params = dict(calls[endpoint.key])
    else:
        params = {p.name: _placeholder(p) for p in endpoint.required_params}
    for param in endpoint.params:  # a parameter the session fills (service_instance) is left to it
        if param.fill:
            params.pop(param.name, None)
    return params


def _placeholder(param: Any) -> Any:
    if param.enum:
        return param.enum[0]
    return {"integer": 1, "number": 1.0, "boolean": True, "object": {}, "array": []}.get(param.type, "…")


def python_example(endpoint: Endpoint, params: Mapping[str, Any]) -> str:
    args = ", ".join(f"{name}={value!r}" for name, value in params.items())
    return f"df = s.{endpoint.module}.{endpoint.action}({args})"


def curl_example(endpoint: Endpoint, params: Mapping[str, Any]) -> str:
    """A curl command for the call: credentials and identifiers read from the shell's ZYNTRO_* variables."""
    body: dict[str, Any] = {}
    for name in endpoint.identifiers:
        body[name] = f"__identifier_{name}__" if name in SHELL_IDENTIFIERS else "set-from-the-shell"
    body.update(params)
    filled = [p.name for p in endpoint.params if p.fill == "user_id"]
    for name in filled:  # filled by the session in Python; from the shell here (renamed: not redacted)
        body[f"__filled_{name}__"] = "__identifier_user_id__"
    url = "${ZYNTRO_BASE_URL:-https://app.zyntrohq.com}" + (endpoint.path or f"/apis/v2/public/{endpoint.key}")
    text = curl_command(PreparedCall(endpoint, "https://app.zyntrohq.com/", body), url="__url__")
    for name, variable in SHELL_IDENTIFIERS.items():
        text = text.replace(f'"__identifier_{name}__"', f'"\'"${variable}"\'"')
    for name in filled:
        text = text.replace(f'"__filled_{name}__"', f'"{name}"')
    return text.replace("__url__", f'"{url}"')


@lru_cache(maxsize=1)
def sandbox_fields() -> dict[str, tuple[str, ...]]:
    """Each endpoint's answer fields as the in-process sandbox answers its example request."""
    from zyntro_nb.sandbox import Sandbox

    found: dict[str, tuple[str, ...]] = {}
    with Sandbox() as box, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one page of a longer answer, uncatalogued names: not news here
        session = zn.connect(sandbox=box, current=False, max_retries=0)
        for endpoint in catalog_endpoints():
            try:
                frame = session.call(endpoint.module, endpoint.action, **example_params(endpoint))
            except zn.ZyntroError:
                continue
            found[endpoint.key] = tuple(str(c) for c in frame.columns if not str(c).startswith("_"))
        session.close()
    return found


def answer_fields(endpoint: Endpoint) -> tuple[dict[str, str], str]:
    """The answer's fields (name → type where the catalog types them) and a sentence on where they come from."""
    typed = getattr(endpoint, "answer_fields", None)
    if typed:
        return {str(k): str(v) for k, v in dict(typed).items()}, ""
    if endpoint.example is not None and endpoint.fields:
        return dict.fromkeys(endpoint.fields, ""), "As the API's published example answer names them."
    fields = sandbox_fields().get(endpoint.key) or endpoint.fields
    note = ("The API documents no example answer: the fields listed are those the sandbox answers with "
            "(columns of the DataFrame, nested objects as dotted names).")
    return dict.fromkeys(fields, ""), note


def documented_errors(endpoint: Endpoint) -> list[str]:
    """The API's documented messages that apply to this endpoint (its identifiers and parameters)."""
    messages: list[str] = []
    for name in endpoint.identifiers:
        messages += ERRORS_BY_IDENTIFIER.get(name, ())
    names = {p.name for p in endpoint.params}
    for name, found in ERRORS_BY_PARAM.items():
        if name in names and (name != "bc_id" or endpoint.module == "edge"):
            messages += found
    return [m for m in dict.fromkeys(messages) if m in DOCUMENTED_ERRORS]


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("|", "\\|").replace("\n", " ")


def _code(value: Any) -> str:
    return f"`{_cell(value)}`"


def endpoint_section(endpoint: Endpoint) -> str:
    """One endpoint's section: what it does, how to call it, what it answers, which errors it documents."""
    out = [f"## `{endpoint.key}`", "", f"**{endpoint.title}.** {endpoint.summary}".rstrip(), ""]
    if endpoint.notes:
        out += [endpoint.notes, ""]
    if endpoint.read_only:
        kind = "read — retried on connection errors, timeouts, 429 and 5xx"
    elif endpoint.idempotent:
        kind = "write, idempotent — the API returns the existing record, so the toolkit may resend it"
    else:
        kind = "write — sent once; the toolkit never resends it on its own"
    needs = ", ".join(f"`{i}`" for i in endpoint.identifiers) or "none"
    fills = [p for p in endpoint.params if p.fill]
    out += [
        f"- **Request**: `POST {endpoint.path or '/apis/v2/public/' + endpoint.key}`",
        f"- **Kind**: {kind}",
        f"- **Identifiers** (taken from the session): {needs}",
    ]
    for param in fills:
        out.append(f"- **`{param.name}`** is filled with the session's user id (`s.user_id`) when you leave it out")
    if endpoint.paging:
        paging = endpoint.paging
        total = f", the total in `{paging.total}`" if paging.total else ""
        out.append(f"- **Paging**: `{paging.limit}`/`{paging.offset}`, {paging.page_size} rows a page{total}; "
                   "`all_pages=True` (`--all-pages`) fetches every page")
    else:
        out.append("- **Paging**: none — one answer")
    if endpoint.help:
        out.append("- **`help=True`** returns the API's own usage text instead (no credentials needed)")
    if endpoint.records:
        out.append("- **Lists of records** (`expand=`, `--expand`): " + ", ".join(f"`{r}`" for r in endpoint.records))
    out.append("")
    if endpoint.params:
        out += ["| parameter | type | required | default | allowed values | what it is |",
                "|---|---|---|---|---|---|"]
        for p in endpoint.params:
            default = "" if p.default is None else _code(p.default)
            allowed = ", ".join(_code(v) for v in p.enum) if p.enum else ""
            out.append(f"| `{p.name}` | {p.type} | {'yes' if p.required else 'no'} | {default} | {allowed} "
                       f"| {_cell(p.description)} |")
    else:
        out.append("No parameters besides the identifiers.")
    params = example_params(endpoint)
    out += ["", "Example (it runs as written against the sandbox's demo data):", "",
            "```python", python_example(endpoint, params), "```", "",
            "```text", magic_line(endpoint.module, endpoint.action, params), "```", "",
            "```bash", curl_example(endpoint, params), "```", ""]
    fields, where = answer_fields(endpoint)
    if fields:
        out += ["**Answer fields.** " + where, ""]
        if any(fields.values()):
            out += ["| field | type |", "|---|---|", *(f"| `{k}` | {_cell(v)} |" for k, v in fields.items()), ""]
        else:
            out += [", ".join(f"`{k}`" for k in fields), ""]
    errors = documented_errors(endpoint)
    if errors:
        out += ["**Documented errors.**", "", "| message | error | cause | fix |", "|---|---|---|---|"]
        for message in errors:
            doc = DOCUMENTED_ERRORS[message]
            out.append(f"| `{message}` | `{doc.error_class.__name__}` | {_cell(doc.cause)} | {_cell(doc.fix)} |")
        out.append("")
    return "\n".join(out)


def modules(endpoints: Iterable[Endpoint]) -> list[str]:
    return list(dict.fromkeys(e.module for e in endpoints))


def endpoint_page(module: str, endpoints: Iterable[Endpoint]) -> str:
    """The page for one catalog module: a section per endpoint."""
    chosen = [e for e in endpoints if e.module == module]
    title = MODULE_TITLES.get(module, module)
    intro = (f"# {title}\n\nThe `{module}` endpoints, from the catalog that ships with zyntro_nb. Every call "
             "returns a DataFrame; [Calls and frames](../guides/calls-and-frames.md) says how, "
             "[Errors](../guides/errors.md) what each error means.\n")
    if module == "legacy":
        intro += ("\nThe v1 endpoints, still answered under `/apis/public/<action>.php`. They take `api_key` and "
                  "the identifiers only, no `developer_secret`. Prefer the v2 endpoint where there is one.\n")
    return intro + "\n" + "\n".join(endpoint_section(e) for e in chosen)


def endpoint_index(endpoints: Iterable[Endpoint]) -> str:
    """The endpoint reference's first page: every endpoint with its kind and summary."""
    endpoints = list(endpoints)
    out = ["# Endpoints", "",
           f"The {len(endpoints)} endpoints the catalog knows, a page per module. Anything else can be called "
           "by name too (`s.call(\"email\", \"sendEmail\", …)`): it is sent as typed, with a one-time warning.",
           "", "The curl examples read the credentials and identifiers from the shell: `zyntro-nb sandbox` "
           "prints the `export` lines for the sandbox; for your account set `ZYNTRO_API_KEY`, "
           "`ZYNTRO_DEVELOPER_SECRET`, `ZYNTRO_ORG_ID`, `ZYNTRO_BRAND_ID`, `ZYNTRO_MEMBER_ID` (and `ZYNTRO_USER_ID` "
           "for `crm/calculateLeadScore`) yourself.", ""]
    for module in modules(endpoints):
        out += [f"## [{MODULE_TITLES.get(module, module)}]({module}.md)", "", "| endpoint | kind | what it does |",
                "|---|---|---|"]
        for e in endpoints:
            if e.module == module:
                kind = "read" if e.read_only else ("write, idempotent" if e.idempotent else "write")
                anchor = e.key.replace("/", "").lower()
                out.append(f"| [`{e.key}`]({module}.md#{anchor}) | {kind} | {_cell(e.summary)} |")
        out.append("")
    return "\n".join(out)


def api_reference() -> str:
    """One mkdocstrings section per public name (``zyntro_nb.__all__``), under its public path."""
    out = ["# API reference", "",
           "Every public name of `zyntro_nb` (`import zyntro_nb as zn`), from its docstring. Anything not listed "
           "here is private and may change.", ""]
    for name in zn.__all__:
        if name == "catalog":
            out += ["## `catalog`", "",
                    "`zn.catalog` is the default [`Catalog`](#zyntro_nb.Catalog): the built-in endpoints plus "
                    "those of the file `ZYNTRO_CATALOG` names, read on first use. "
                    "Example: `zn.catalog.find(\"wallet\")`. See [The catalog](../guides/catalog.md).", ""]
            continue
        out.append(f"::: zyntro_nb.{name}")
        if name == "Session":  # its calls and discovery methods live in two base classes
            out += ["    options:", "      inherited_members: true"]
        out.append("")
    return "\n".join(out)


# --- mkdocs events ------------------------------------------------------------------------------------


def _notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def on_config(config: Any) -> Any:
    """Complete the nav: unlisted guides, the notebooks, the endpoint pages and the API reference."""
    nav = config.nav
    listed = set(re.findall(r"guides/[\w.-]+\.md", json.dumps(nav)))
    guides = next((item["Guides"] for item in nav if isinstance(item, dict) and "Guides" in item), None)
    if guides is not None:
        docs = Path(config.docs_dir)
        guides += [f"guides/{p.name}" for p in sorted((docs / "guides").glob("*.md"))
                   if f"guides/{p.name}" not in listed]
    nav.append({"Notebooks": [f"notebooks/{p.name}" for p in _notebooks()]})
    nav.append({"Endpoints": ["endpoints/index.md",
                              *(f"endpoints/{m}.md" for m in modules(catalog_endpoints()))]})
    nav.append({"API reference": "reference/api.md"})
    return config


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages and the repository's notebooks (before mkdocs-jupyter converts them)."""
    from mkdocs.structure.files import File

    endpoints = catalog_endpoints()
    pages = {"endpoints/index.md": endpoint_index(endpoints), "reference/api.md": api_reference()}
    pages.update({f"endpoints/{m}.md": endpoint_page(m, endpoints) for m in modules(endpoints)})
    for uri, text in pages.items():
        files.append(File.generated(config, uri, content=text))
    for notebook in _notebooks():
        # A File read from the repository (not File.generated: mkdocs-jupyter needs a source directory).
        files.append(File(f"notebooks/{notebook.name}", src_dir=str(ROOT), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    return files


try:  # run before the plugins' on_files (mkdocs-jupyter must see the notebooks added here)
    from mkdocs.plugins import event_priority

    on_files = event_priority(100)(on_files)
except ImportError:  # imported without mkdocs (the tests read the page text only)
    pass


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """In the API reference, a docstring's "Guide: docs/guides/x.md" becomes a link to that guide's page."""
    if page.file.src_uri != "reference/api.md":
        return html
    from mkdocs.utils import get_relative_url

    def link(match: re.Match[str]) -> str:
        guide = files.get_file_from_path(f"guides/{match.group(1)}.md")
        if guide is None:
            return match.group(0)
        return f'<a href="{get_relative_url(guide.url, page.url)}">{match.group(0)}</a>'

    return re.sub(r"docs/guides/([\w-]+)\.md", link, html)
