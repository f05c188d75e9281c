"""Every notebook replays from its cassette — no sandbox, no network, no credentials — with the recorded outputs.

``notebooks/record_cassettes.py`` records each notebook on its real-account path
against the sandbox served on 127.0.0.1 with canary credentials, keeping the
cassette and that run's outputs. Here each notebook runs again in a fresh kernel
with only ``ZYNTRO_REPLAY`` set (and proxies pointing at a closed port, so a
request that escaped the cassette would fail rather than go anywhere); its
outputs are compared with the recorded ones the way nbval compares them, with
``notebooks/sanitize.cfg`` and ``notebooks/replay-sanitize.cfg`` applied to both.
"""

from __future__ import annotations

import configparser
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.notebook_support import (
    CANARY_API_KEY,
    CANARY_SECRET,
    NOTEBOOKS,
    leaks,
    notebook_paths,
    rebuild_module,
    seed_secrets,
    windows,
)

PATHS = notebook_paths()
CASSETTES = NOTEBOOKS / "cassettes"
RERECORD = "python notebooks/record_cassettes.py"
# nbval's keys that are never compared (plus images, as without --nbdime).
SKIP_COMPARE = {"metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg", "image/svg+xml"}
CLOSED_PORT = "http://127.0.0.1:9"


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def sanitizers() -> list[tuple[re.Pattern[str], str]]:
    """The regex/replace pairs of both sanitizer files, in file order (as nbval applies them)."""
    found = []
    for name in ("sanitize.cfg", "replay-sanitize.cfg"):
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(NOTEBOOKS / name, encoding="utf-8")
        found += [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]
    return found


def comparable(outputs: list[Any], patterns: list[tuple[re.Pattern[str], str]]) -> dict[str, list[Any]]:
    """nbval's view of a cell's outputs: values per output key or MIME type, sanitized, streams merged."""
    merged: list[dict[str, Any]] = []
    for output in outputs:
        if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == output.get("name")):
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + output["text"]}
        else:
            merged.append(dict(output))
    view: dict[str, list[Any]] = defaultdict(list)

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            for regex, replace in patterns:
                value = regex.sub(replace, value)
        return value

    for output in merged:
        for key, value in output.items():
            if key == "data":
                for mime, content in value.items():
                    if mime not in SKIP_COMPARE:
                        view[mime].append(clean(content))
            elif key not in SKIP_COMPARE:
                view[key].append(clean(value))
    return dict(view)


def recorded(path: Path) -> dict[str, Any]:
    outputs = CASSETTES / f"{path.stem}.outputs.json"
    cassette = CASSETTES / f"{path.stem}.zyntro.json"
    if not (outputs.exists() and cassette.exists()):
        pytest.fail(f"{path.name} has no cassette in notebooks/cassettes/: run {RERECORD} {path.name}")
    return json.loads(outputs.read_text(encoding="utf-8"))


def test_every_notebook_has_a_cassette_and_nothing_else_does() -> None:
    stems = {p.name.split(".")[0] for p in CASSETTES.glob("*.json")}
    assert stems == {p.stem for p in PATHS}


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_cassette_holds_no_credential(path: Path) -> None:
    text = (CASSETTES / f"{path.stem}.zyntro.json").read_text(encoding="utf-8")
    text += (CASSETTES / f"{path.stem}.outputs.json").read_text(encoding="utf-8")
    pieces = tuple(sorted(windows(CANARY_API_KEY) | windows(CANARY_SECRET)))
    assert leaks(text, pieces + seed_secrets()) == []
    assert '"api_key": "<api_key>"' in text  # recorded with credentials, stored as placeholders


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_notebook_replays_from_its_cassette_with_the_recorded_outputs(path: Path) -> None:
    from nbclient.exceptions import CellExecutionError

    expected = recorded(path)
    nb = nbformat.read(path, as_version=4)
    code = [(index, cell) for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    hashes = [(index, rebuild_module_hash(cell.source)) for index, cell in code]
    stale = [i for (i, h), cell in zip(hashes, expected["cells"], strict=False) if [i, h] != [cell["cell"],
                                                                                               cell["source"]]]
    assert len(hashes) == len(expected["cells"]) and stale == [], (
        f"{path.name} changed since its cassette was recorded (cells {stale}): run {RERECORD} {path.name}")
    rebuild = rebuild_module()
    env = rebuild.sandbox_env()
    env.update({"ZYNTRO_REPLAY": str(CASSETTES / f"{path.stem}.zyntro.json"), "HTTP_PROXY": CLOSED_PORT,
                "HTTPS_PROXY": CLOSED_PORT, "ALL_PROXY": CLOSED_PORT, "NO_PROXY": "", "no_proxy": ""})
    try:
        replayed: Any = recorder_module().execute_isolated(path, env)
    except CellExecutionError as err:
        pytest.fail(f"{path.name} failed to replay from its cassette (if the notebook's calls changed on purpose, "
                    f"re-record: {RERECORD} {path.name}):\n{err}")
    patterns = sanitizers()
    first = next(replayed.cells[index].outputs for index, _ in code if replayed.cells[index].outputs)[0]["text"]
    assert first.startswith(f"backend: REPLAY ({path.stem}.zyntro.json)"), first
    differences = []
    for (index, cell), want in zip(code, expected["cells"], strict=True):
        if re.search(r"#\s*NBVAL_(IGNORE_OUTPUT|SKIP)", cell.source):
            continue
        got = comparable(replayed.cells[index].outputs, patterns)
        if got != comparable(want["outputs"], patterns):
            differences.append((index, got, comparable(want["outputs"], patterns)))
    assert differences == [], (
        f"{path.name}: replayed outputs differ from the recording run (if output changed on purpose — display, "
        f"seed data, the notebook — re-record: {RERECORD}):\n") + "\n".join(
        _diff(index, got, want) for index, got, want in differences)


def _diff(index: int, got: dict[str, list[Any]], want: dict[str, list[Any]]) -> str:
    import difflib

    lines = [f"cell {index}:"]
    for key in sorted(set(got) | set(want)):
        a, b = json.dumps(want.get(key), indent=0).splitlines(), json.dumps(got.get(key), indent=0).splitlines()
        lines += [line for line in difflib.unified_diff(a, b, "recorded", "replayed", n=0, lineterm="")][:12]
    return "\n".join(lines)


def recorder_module() -> Any:
    """``notebooks/record_cassettes.py`` as a module (its scratch-folder runner is reused here)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("notebooks_record_cassettes", NOTEBOOKS / "record_cassettes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rebuild_module_hash(source: str) -> str:
    """The cell hash ``notebooks/record_cassettes.py`` stores."""
    import hashlib

    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def test_zyntro_nb_scan_finds_nothing_in_the_cassettes() -> None:
    import subprocess
    import sys

    pytest.importorskip("zyntro_nb._cli.scan", reason="zyntro-nb scan is not in this checkout yet")
    command = Path(sys.executable).with_name("zyntro-nb")
    result = subprocess.run([str(command), "scan", str(CASSETTES)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
