"""The analysis notebooks: saved outputs are clean, and a run on the "real account" path leaks no credential.

nbval (``pytest notebooks --nbval``) checks that the saved outputs are reproduced by the
sandbox. These tests check what nbval cannot:

- the committed notebooks were saved executed, with no error or stderr output and no
  secret anywhere (the sandbox's own fake credentials included);
- every notebook also runs on its real-account path (``ZYNTRO_*`` variables set, no
  ``sandbox=True``), here against a sandbox served over loopback HTTP that knows an
  extra account with canary credentials; no piece of those may appear in any output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.notebook_support import (
    CANARY_API_KEY,
    CANARY_SECRET,
    canary_account_env,
    leaks,
    notebook_paths,
    output_texts,
    rebuild_module,
    seed_secrets,
    windows,
)
from tests.notebook_support import (
    NOTEBOOKS as NOTEBOOKS_DIR,
)
from zyntro_nb._config import JOURNAL_DIR_ENV_VAR

NOTEBOOKS = notebook_paths()
# The switch: the sandbox unless credentials (or, in a parameterized notebook, a cassette or profile) are given.
SWITCH = re.compile(r"^USE_SANDBOX = not (zn\.env_has_credentials\(\)"
                    r"|\(replay or profile or zn\.env_has_credentials\(\)\))$", re.MULTILINE)


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_the_seven_analysis_notebooks_are_there() -> None:
    assert [p.name[:3] for p in NOTEBOOKS] == ["01-", "02-", "03-", "04-", "05-", "06-", "07-"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_saved_notebook_holds_no_secret(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    found = [(index, hit) for index, cell in enumerate(nb.cells)
             for hit in leaks(json.dumps(cell), seed_secrets())]
    found += [("metadata", hit) for hit in leaks(json.dumps(nb.metadata), seed_secrets())]
    assert found == [], f"{path.name}: secret-looking strings (cell, text): {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_saved_notebook_was_executed_without_errors_or_warnings(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    unexecuted = [i for i, c in code if c.source.strip() and c.execution_count is None]
    bad = [(i, o.get("output_type"), o.get("name")) for i, c in code for o in c.outputs
           if o.get("output_type") == "error" or o.get("name") == "stderr"]
    assert unexecuted == [], f"{path.name}: cells saved without running (run notebooks/rebuild.py): {unexecuted}"
    assert bad == [], f"{path.name}: error or stderr outputs saved: {bad}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_has_one_visible_backend_switch(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert sum(bool(SWITCH.search(source)) for source in code) == 1
    assert "zn.connect(sandbox=USE_SANDBOX" in next(source for source in code if SWITCH.search(source))
    assert not any("sandbox=True" in source for source in code)


# -- the real-account path, against a sandbox served over HTTP with canary credentials ----------------------


@pytest.fixture(scope="module")
def canary_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A kernel environment naming a canary account on a loopback sandbox, as a real account's would.

    Bulk journals (07 keeps one per step and organization) go to a scratch folder through
    ``ZYNTRO_JOURNAL_DIR``: left in ``notebooks/imports/``, they would make a later run on a
    real account of the same organization skip rows.
    """
    from zyntro_nb.sandbox import Sandbox

    with Sandbox() as sandbox:
        ids = sandbox.add_account(api_key=CANARY_API_KEY, developer_secret=CANARY_SECRET)
        server = sandbox.serve(port=0)
        journals = tmp_path_factory.mktemp("journals")
        yield {**canary_account_env(ids, server.url), JOURNAL_DIR_ENV_VAR: str(journals)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_on_the_real_account_path_never_shows_the_credentials(
    path: Path, canary_env: dict[str, str]
) -> None:
    from nbclient.exceptions import CellExecutionError

    try:
        nb: Any = rebuild_module().execute(path, env=canary_env)
    except CellExecutionError as err:  # the message carries the failing cell and its traceback
        pytest.fail(f"{path.name} failed on the real-account path:\n{err}")
    pieces = tuple(sorted(windows(CANARY_API_KEY) | windows(CANARY_SECRET)))
    found = [(index, hit) for index, text in output_texts(nb) for hit in leaks(text, pieces)]
    assert found == [], f"{path.name}: credentials in outputs (cell, text): {found}"
    first_output = next(text for _, text in output_texts(nb))
    assert f"backend: {canary_env['ZYNTRO_BASE_URL']}" in first_output  # it did not fall back to the sandbox
    if path.stem.startswith("07-"):  # the bulk notebook journaled into the scratch folder, not notebooks/
        org = canary_env["ZYNTRO_ORG_ID"]
        assert (Path(canary_env[JOURNAL_DIR_ENV_VAR]) / "imports" / org / "add.journal").is_file()
        assert not (NOTEBOOKS_DIR / "imports" / org).exists()


# Cells a new user runs on the identifiers: the raw answer, the magic's --raw and -o, and ordinary pandas steps.
IDENTIFIER_CELLS = [
    "import traceback\nimport zyntro_nb as zn\n%load_ext zyntro_nb\ns = zn.connect()\ns",
    "%zyntro developers fetchIdentifiers --raw",
    "s.call('developers', 'fetchIdentifiers', raw=True)",
    "print(s.call('developers', 'fetchIdentifiers', raw=True))",
    "ids = s.developers.fetchIdentifiers()\nids",
    "ids.T",
    "ids[['user_email', 'api_key']]",
    "ids.iloc[0]",
    "ids.to_dict()",
    "print(ids.to_csv())\nprint(ids.to_json())",
    "%zyntro developers fetchIdentifiers -o ids2",
    "ids2.T",
    "%zyntro last",
    "%zyntro whoami",
    "%zyntro curl developers fetchIdentifiers",
    "s.last",
    "zn.connect(api_key=ids.loc[0, 'api_key'], current=False)",
    "%xmode Verbose\ntry:\n    s.using(org_id=ids.loc[0, 'api_key'].reveal())\n"
    "except zn.ZyntroError:\n    traceback.print_exc()",
]


def test_identifiers_raw_and_derived_frames_never_show_the_credentials(canary_env: dict[str, str],
                                                                       tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in IDENTIFIER_CELLS]
    path = tmp_path / "identifiers.ipynb"
    nbformat.write(nb, path)
    executed: Any = rebuild_module().execute(path, env=canary_env)
    pieces = tuple(sorted(windows(CANARY_API_KEY) | windows(CANARY_SECRET)))
    texts = list(output_texts(executed))
    found = [(index, hit) for index, text in texts for hit in leaks(text, pieces)]
    assert found == [], f"credentials in outputs (cell, text): {found}"
    shown = "\n".join(text for _, text in texts)
    assert f"{CANARY_API_KEY[:4]}…(redacted)" in shown  # the key was there, shown redacted
    assert {index for index, _ in texts} >= set(range(1, len(IDENTIFIER_CELLS)))  # every cell showed something
