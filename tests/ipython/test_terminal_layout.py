"""Terminal layouts in a real ``ipython`` under a pseudo-terminal at 80, 120 and 200 columns."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

IPYTHON = shutil.which("ipython", path=str(Path(sys.executable).parent)) or shutil.which("ipython")
PROMPT = r"In \[\d+\]: "

pytestmark = pytest.mark.skipif(IPYTHON is None, reason="the ipython command is not installed")


def spawn(tmp_path: Path, columns: int) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYNTRO_") and k not in ("COLUMNS", "LINES")}
    env.update(IPYTHONDIR=str(tmp_path / "ipython"), TERM="dumb")
    child = pexpect.spawn(
        IPYTHON, ["--no-banner", "--colors=NoColor", "--simple-prompt", "--HistoryManager.enabled=False"],
        cwd=str(tmp_path), env=env, encoding="utf-8", timeout=90, dimensions=(60, columns),
    )
    child.expect(PROMPT)
    return child


def run(child: pexpect.spawn, line: str) -> str:
    child.sendline(line)
    child.expect(PROMPT)
    # The echoed input line comes first; the result follows "Out[n]:" (warnings, if any, come before it).
    lines = child.before.replace("\r", "").splitlines()[1:]
    start = next((i for i, line in enumerate(lines) if re.match(r"Out\[\d+\]:", line)), -1)
    return "\n".join(lines[start + 1:] if start >= 0 else lines)


@pytest.mark.parametrize("columns", [80, 120, 200], ids=["80", "120", "200"])
def test_tables_fit_the_terminal_and_name_hidden_columns(tmp_path: Path, columns: int) -> None:
    child = spawn(tmp_path, columns)
    try:
        run(child, "%load_ext zyntro_nb")
        run(child, "%zyntro connect --sandbox")
        items = run(child, "%zyntro edge getItems")
        enrollments = run(child, "%zyntro edge getEnrollments")
        wide = run(child, "import pandas as pd, zyntro_nb as zn; "
                          "zn._frames.display.ResultFrame({f'column_{i:02d}': ['v' * 12] * 3 for i in range(40)})")
    finally:
        child.sendline("exit")
        child.expect(pexpect.EOF)
        child.close()
    for out in (items, enrollments, wide):
        lines = [line for line in out.splitlines() if line.strip()]
        assert lines, out
        assert max(len(line) for line in lines) <= columns, out
        header = next(lines[i - 1] for i, line in enumerate(lines) if re.fullmatch(r"[- ]+", line) and i)
        shown = header.split()
        match = re.search(r"showing (\d+) of (\d+) columns", out)
        if match:  # some columns hidden: every one of them is named under the table
            footer = " ".join(lines[next(i for i, x in enumerate(lines) if x.startswith("hidden (")):])
            assert f"hidden ({int(match.group(2)) - int(match.group(1))}):" in footer
    # From the magic, the caption names the magic's flag.
    assert "edge/getEnrollments · 50 of 149 rows — --all-pages for all" in enrollments.replace("\n", " · ") \
        or "50 of 149 rows — --all-pages for all" in enrollments
    assert "showing" in wide and "column_39" in wide
    if columns == 200:
        assert "bi_trigger_mode" in items.splitlines()[1]
    assert shown
