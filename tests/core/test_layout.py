"""The package's layout states its architecture: layers, one direction, no cycles, a docstring each.

Layers, lowest first (a module may import its own layer and the ones below it, never above,
not even inside a function; imports under ``if TYPE_CHECKING:`` are type hints and exempt):

0 base        ``_defaults``, ``_errors``
1 values      ``_secret``, ``_values``, ``_address``, ``_settings``
2 identifiers ``_config``, ``_profiles/`` (named profiles: the file and the keyring; ``_config`` calls them)
3 catalog     ``_catalog/``
4 call path   ``_request``, ``_retry``, ``_wire``, ``_throttle``, ``_outcome``, ``_envelope``,
              ``_exchange``, ``_delivery``
5 frames      ``_frames/``
6 session     ``_session/`` (``_session.features`` alone reaches up: ``s.bulk``, ``s.form``)
7 features    ``_bulk/``, ``_replay/``, ``_connect/``, ``sandbox/``
8 front-ends  ``_ipython/``, ``_widgets/``, ``_cli/``, and ``zyntro_nb`` itself (the public names)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import zyntro_nb

PACKAGE = Path(zyntro_nb.__file__).parent
LAYERS: dict[str, int] = {
    "zyntro_nb._defaults": 0, "zyntro_nb._errors": 0,
    "zyntro_nb._secret": 1, "zyntro_nb._values": 1, "zyntro_nb._address": 1, "zyntro_nb._settings": 1,
    "zyntro_nb._config": 2, "zyntro_nb._profiles": 2,
    "zyntro_nb._catalog": 3,
    "zyntro_nb._request": 4, "zyntro_nb._retry": 4, "zyntro_nb._wire": 4, "zyntro_nb._throttle": 4,
    "zyntro_nb._outcome": 4, "zyntro_nb._envelope": 4, "zyntro_nb._exchange": 4, "zyntro_nb._delivery": 4,
    "zyntro_nb._frames": 5,
    "zyntro_nb._session": 6,
    "zyntro_nb._bulk": 7, "zyntro_nb._replay": 7, "zyntro_nb._connect": 7, "zyntro_nb.sandbox": 7,
    "zyntro_nb._ipython": 8, "zyntro_nb._widgets": 8, "zyntro_nb._cli": 8, "zyntro_nb": 8,
}
# The documented conveniences s.bulk and s.form: the session's one commented way up.
REACHES_UP = {"zyntro_nb._session.features": {"zyntro_nb._bulk.bulk", "zyntro_nb._widgets.form"}}
MAX_TOP_LEVEL_MODULES = 16


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> int:
    while name not in LAYERS:
        name = name.rpartition(".")[0]
    return LAYERS[name]


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package modules an import statement loads (``from . import x`` counts ``x`` if it is a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("zyntro_nb")]
    if node.level:
        base = importer.split(".") if is_package else importer.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not target.startswith("zyntro_nb"):
        return []
    found = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES]
    return found or [target]


def imports(name: str) -> tuple[set[str], set[str]]:
    """``(at module level, anywhere)``: the package modules ``name`` imports, type-checking imports left out."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    anywhere: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                targets = {t for t in _resolve(name, path.name == "__init__.py", child) if t != name}
                anywhere.update(targets)
                if not in_function:
                    top.update(targets)
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return top, anywhere


GRAPH = {name: imports(name) for name in MODULES}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), as sorted lists."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in edges:
                continue
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return groups


def _edges(which: int) -> dict[str, set[str]]:
    # A package's __init__ is loaded before its modules anyway: an import of the package is not a cycle.
    return {name: {t for t in pair[which] if not name.startswith(t + ".")} for name, pair in GRAPH.items()}


def test_no_import_cycle_at_module_level() -> None:
    assert _cycles(_edges(0)) == []


def test_no_import_cycle_even_inside_functions() -> None:
    assert _cycles(_edges(1)) == []


def test_every_module_has_a_layer() -> None:
    assert [name for name in MODULES if layer(name) is None] == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_never_imports_a_layer_above_its_own(name: str) -> None:
    upward = sorted(t for t in GRAPH[name][1] if t in MODULES or t.rpartition(".")[0] in MODULES
                    if layer(t) > layer(name) and t not in REACHES_UP.get(name, set()))
    assert upward == [], f"{name} (layer {layer(name)}) imports " + ", ".join(f"{t} (layer {layer(t)})" for t in upward)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_says_what_it_is(name: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
    assert docstring and len(docstring.split("\n", 1)[0]) > 20, f"{MODULES[name]}: no module docstring"


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py" and n != "zyntro_nb"))
def test_every_family_says_its_role_and_its_neighbours(name: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8"))) or ""
    assert "May import:" in docstring and "Imported by:" in docstring, (
        f"{MODULES[name]}: say what it may import and what imports it")


def test_the_flat_core_stays_small() -> None:
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= MAX_TOP_LEVEL_MODULES, flat
