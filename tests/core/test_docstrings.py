"""Every docstring example in the package runs and shows what it says."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import zyntro_nb

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(zyntro_nb.__path__, "zyntro_nb.") if "__main__" not in info.name
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


GUIDES = Path(__file__).resolve().parents[2] / "docs" / "guides"


def public_callables() -> Iterator[tuple[str, Any]]:
    """Every public name of ``zyntro_nb.__all__`` and the public methods and properties of its classes."""
    for name in zyntro_nb.__all__:
        if name == "catalog":  # the default Catalog instance: documented by the class
            continue
        obj = getattr(zyntro_nb, name)
        yield name, obj
        if not inspect.isclass(obj):
            continue
        for klass in obj.__mro__:
            if not klass.__module__.startswith("zyntro_nb"):
                continue
            for attr, value in vars(klass).items():
                if isinstance(value, (staticmethod, classmethod)):
                    value = value.__func__
                if isinstance(value, property):
                    value = value.fget
                if attr.startswith("_") or not inspect.isfunction(value):
                    continue
                yield f"{name}.{attr}", value


@pytest.mark.parametrize(("name", "obj"), list(public_callables()), ids=[n for n, _ in public_callables()])
def test_every_public_function_class_and_method_has_an_example_or_a_guide(name: str, obj: Any) -> None:
    doc = inspect.getdoc(obj) or ""
    guides = re.findall(r"docs/guides/([\w-]+)\.md", doc)
    assert ">>>" in doc or guides, f"{name}: no example and no guide in its docstring"
    assert all((GUIDES / f"{guide}.md").is_file() for guide in guides)
