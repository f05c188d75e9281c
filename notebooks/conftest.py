"""pytest configuration for the notebooks checked by nbval.

The saved outputs were produced against the in-process sandbox (``python notebooks/rebuild.py``).
With ``ZYNTRO_*`` variables in the environment the notebooks would take their real-account
path instead and could not match, so they are removed before nbval starts its kernels (which
inherit this process's environment). ``ZYNTRO_JOURNAL_DIR`` is then set while the notebooks run,
so the bulk notebook's journals go to a scratch folder (removed at the end), not notebooks/imports/.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

for _name in [name for name in os.environ if name.startswith("ZYNTRO_")]:
    del os.environ[_name]

_HERE = Path(__file__).resolve().parent
_JOURNALS = "ZYNTRO_JOURNAL_DIR"
_scratch: list[str] = []


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Kernels started for the notebooks here keep bulk journals (07's) in a scratch folder, not in
    notebooks/imports/: nbval starts a notebook's kernel while setting up its first cell, and the
    kernel inherits this process's environment at that moment."""
    if _HERE in Path(str(item.path)).resolve().parents:
        if not _scratch:
            _scratch.append(tempfile.mkdtemp(prefix="zyntro-nb-journals-"))
        os.environ[_JOURNALS] = _scratch[0]


def pytest_runtest_teardown(item: pytest.Item) -> None:
    os.environ.pop(_JOURNALS, None)  # the tests outside notebooks/ never see it


def pytest_sessionfinish(session: pytest.Session) -> None:
    for folder in _scratch:
        shutil.rmtree(folder, ignore_errors=True)
