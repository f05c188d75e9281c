from __future__ import annotations

import subprocess
import sys

import zyntro_nb as zn


def test_all_is_sorted_and_complete() -> None:
    assert zn.__all__ == sorted(zn.__all__)
    for name in zn.__all__:
        assert hasattr(zn, name), name
    public = {
        n for n, v in vars(zn).items()
        if not n.startswith("_") and getattr(v, "__module__", "").startswith("zyntro_nb")
    }
    assert public <= set(zn.__all__)


def test_every_error_class_is_exported() -> None:
    from zyntro_nb import _errors

    classes = {n for n, v in vars(_errors).items() if isinstance(v, type) and issubclass(v, Exception)}
    assert classes <= set(zn.__all__)


def test_import_is_light_no_pandas_or_ipywidgets() -> None:
    code = "import sys, zyntro_nb; print('pandas' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_py_typed_marker_ships() -> None:
    from importlib import resources

    assert resources.files("zyntro_nb").joinpath("py.typed").is_file()
