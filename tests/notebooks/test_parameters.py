"""The analysis notebooks are reports papermill can re-run: a ``parameters`` cell, and outputs that follow it.

Each parameterized notebook runs through papermill's Python API on the test environment's kernel, on the
in-process sandbox, with a non-default parameter (brand 2, Acme Labs, has seed data of its own; 03 takes
another week), into ``tmp_path`` — never into ``notebooks/``. Its outputs must show the parameter's
report, not the default one.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import nbformat
import pytest

from tests.notebook_support import NOTEBOOKS, notebook_paths

PARAMETERIZED = ["02-contacts-and-pipeline", "03-calendar-availability", "04-forms", "05-billing-edge",
                 "07-bulk-import"]
CONNECTION = {"profile", "replay"}  # how every report connects; both None: ZYNTRO_* variables, else the sandbox

# notebook, parameters, text the outputs must show, text of the default report they must not show
RUNS = [
    ("02-contacts-and-pipeline", {"brand_id": 2}, ["in brand 1, not 2", "Jacob"], ["Jane"]),
    ("03-calendar-availability", {"week_start": "2026-04-13"}, ["week of Monday 13 April 2026", "Tue 14"], []),
    ("04-forms", {"brand_id": 2}, ["form: Acme Labs Beta Signup", "What brings you to Acme Labs?"],
     ["Contact Us"]),
    ("05-billing-edge", {"brand_id": 2},
     ["Labs Compute Credits", "16 of them in this brand's 3 items", "2 customers with paused enrollments"],
     ["API Overage Pack", "Wallet Auto-Topup"]),
    ("07-bulk-import", {"brand_id": 2, "event": "Webinar 2026-05"}, ["imported into brand 2"], []),
]


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _texts(nb: Any) -> str:
    shown = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            shown.append(output.get("text", "") if output.get("output_type") == "stream"
                         else output.get("data", {}).get("text/plain", ""))
    return "\n".join(shown)


def test_the_parameterized_notebooks_are_the_analysis_reports() -> None:
    found = [p.stem for p in notebook_paths() if any("parameters" in _tags(c) for c in nbformat.read(p, 4).cells)]
    assert found == PARAMETERIZED


@pytest.mark.parametrize("name", PARAMETERIZED)
def test_first_code_cell_is_the_parameters_cell_with_the_connection_choices(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert _tags(first) == ["parameters"]
    assigned = {line.split("=")[0].strip() for line in first.source.splitlines()
                if "=" in line and not line.startswith("#")}
    assert CONNECTION <= assigned
    assert "brand_id" in assigned or name.startswith("03-")  # calendars are not brand-scoped
    assert first.outputs == []  # only assignments: the report's first output is still the backend line


@pytest.fixture(scope="module")
def papermill_run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Run a copy of a notebook (``data/`` beside it) through papermill; return the executed notebook."""
    papermill = pytest.importorskip("papermill", reason="papermill is in the test extra: pip install -e '.[test]'")
    folder = tmp_path_factory.mktemp("reports")
    shutil.copytree(NOTEBOOKS / "data", folder / "data")

    def run(name: str, parameters: dict[str, Any]) -> Any:
        source = folder / f"{name}.ipynb"
        shutil.copy(NOTEBOOKS / f"{name}.ipynb", source)
        out = folder / f"{name}.out.ipynb"
        with pytest.MonkeyPatch.context() as patch:  # the kernel inherits the environment: no ZYNTRO_*
            for key in [k for k in os.environ if k.startswith("ZYNTRO_")]:
                patch.delenv(key)
            patch.setenv("ZYNTRO_JOURNAL_DIR", str(folder / "journals"))
            papermill.execute_notebook(str(source), str(out), parameters=parameters, kernel_name="python3",
                                       cwd=str(folder), progress_bar=False, log_output=False)
        return nbformat.read(out, as_version=4)

    return run


@pytest.mark.parametrize(("name", "parameters", "shown", "not_shown"), RUNS, ids=[r[0] for r in RUNS])
def test_papermill_runs_the_report_with_a_parameter_and_the_outputs_follow_it(
    papermill_run: Any, name: str, parameters: dict[str, Any], shown: list[str], not_shown: list[str]
) -> None:
    nb = papermill_run(name, parameters)
    injected = [c for c in nb.cells if "injected-parameters" in _tags(c)]
    assert len(injected) == 1 and all(key in injected[0].source for key in parameters)
    text = _texts(nb)
    assert text.startswith("backend: sandbox")
    assert [s for s in shown if s not in text] == []
    assert [s for s in not_shown if s in text] == []
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []


def test_papermill_replays_a_report_from_the_cassette_named_in_its_parameters(papermill_run: Any) -> None:
    cassette = NOTEBOOKS / "cassettes" / "05-billing-edge.zyntro.json"
    nb = papermill_run("05-billing-edge", {"replay": str(cassette)})
    text = _texts(nb)
    assert text.startswith("backend: REPLAY (05-billing-edge.zyntro.json)")
    assert "Wallet Auto-Topup" in text and "skipped: edge/fire would charge a real customer" in text


def test_outputs_are_written_where_asked_never_into_notebooks(papermill_run: Any) -> None:
    before = sorted(p.name for p in NOTEBOOKS.iterdir())
    papermill_run("05-billing-edge", {"brand_id": 2})
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before
