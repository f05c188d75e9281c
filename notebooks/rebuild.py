"""Re-execute the analysis notebooks against the in-process sandbox and save them with their outputs.

Usage (from the repository root or anywhere)::

    python notebooks/rebuild.py                      # every notebooks/NN-*.ipynb
    python notebooks/rebuild.py 03-calendar-availability.ipynb

Each notebook runs in a fresh kernel of the current Python, with the working
directory set to ``notebooks/`` and every ``ZYNTRO_*`` variable removed from its
environment, so it takes its sandbox path and its saved outputs are the ones
nbval checks (``python -m pytest notebooks --nbval --nbval-sanitize-with
notebooks/sanitize.cfg``). Execution timings and widget state are not stored (so a
widget's saved output is its static summary, without the view that would need the
state), and consecutive stream outputs are merged, so a rebuild with unchanged results
changes little beyond sanitized values (timings).

``tests/test_notebooks.py`` reuses :func:`execute` to run the notebooks against a
sandbox served over HTTP with canary credentials.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
KERNEL = "python3"
CELL_TIMEOUT = 60
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def notebook_paths() -> list[Path]:
    """The analysis notebooks, in reading order (``01-…`` to ``07-…``)."""
    return sorted(p for p in HERE.glob("[0-9][0-9]-*.ipynb"))


def sandbox_env() -> dict[str, str]:
    """This process's environment without any ``ZYNTRO_*`` variable: the notebooks pick the sandbox."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ZYNTRO_")}


def execute(path: Path, env: Mapping[str, str] | None = None, timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """Run one notebook top to bottom in a new kernel and return it with its outputs.

    ``env`` is the kernel's whole environment (default: :func:`sandbox_env`). A cell
    error raises ``nbclient.exceptions.CellExecutionError``.
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute(env=dict(sandbox_env() if env is None else env))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [_static_widget_view(o) for o in _merged_streams(cell.outputs)]
    return nb


def _static_widget_view(output: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A widget output without its widget view when the output also has a static (HTML) form.

    Widget state is not saved, so a saved widget view could only show "model not found"
    (JupyterLab) or nothing (GitHub); the form's static summary is shown instead.
    """
    data = output.get("data", {})
    if WIDGET_VIEW in data and "text/html" in data:
        del data[WIDGET_VIEW]
    return output


def _merged_streams(outputs: list) -> list:
    """Consecutive stream outputs of the same name as one (how they were split depends on timing)."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def main(argv: list[str]) -> int:
    if (HERE / ".env").exists():
        # The kernels run in notebooks/, where a .env file would switch them to a real account.
        print(f"refusing to rebuild: {HERE / '.env'} would point the notebooks at a real account", file=sys.stderr)
        return 1
    paths = [HERE / name for name in argv] if argv else notebook_paths()
    with tempfile.TemporaryDirectory(prefix="zyntro-nb-journals-") as journals:
        env = {**sandbox_env(), "ZYNTRO_JOURNAL_DIR": journals}  # bulk journals: not left in notebooks/
        for path in paths:
            started = time.perf_counter()
            nb = execute(path, env=env)
            nbformat.write(nb, path)
            print(f"{path.name}: {len(nb.cells)} cells, {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
