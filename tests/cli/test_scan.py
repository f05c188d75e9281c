"""``zyntro-nb scan``: credentials in notebooks and text files are found, located, shown at most 4 characters."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from zyntro_nb._cli.main import main
from zyntro_nb._cli.scan import ALLOW_FILE, ALLOW_MARKER, allow_entry, scan

REPO = Path(__file__).resolve().parents[2]
KEY = "CANARY-SCANKEY-p0o9i8u7y6-NEVER-IN-GIT"
SECRET = "zdk_canary_scan_p0o9i8u7y6_never_in_git"  # shape of a developer secret, listed in .zyntro-scan-allow
SHAPED_KEY = "QWERT-ASDFGHJKLZXC-VBNMQWERTYUI-OPASD"  # shape of an API key, in no allow list


@pytest.fixture(autouse=True)
def isolated(no_ambient_settings: Path) -> None:
    """No ZYNTRO_* settings around the scans."""


def notebook(path: Path, *, source: str = "x = 1", output: str = "", metadata: dict | None = None,
             widgets: dict | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# Title"))
    cell = nbformat.v4.new_code_cell(source)
    if output:
        cell.outputs = [nbformat.v4.new_output("stream", text="ok\n"),
                        nbformat.v4.new_output("execute_result", data={"text/plain": output, "text/html": output},
                                               execution_count=1)]
    nb.cells.append(cell)
    nb.metadata.update(metadata or {})
    if widgets is not None:
        nb.metadata["widgets"] = widgets
    nbformat.write(nb, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["scan", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_configured_secret_in_an_output_is_found_with_its_location(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ZYNTRO_API_KEY", KEY)
    notebook(tmp_path / "leak.ipynb", output=f"api_key    {KEY[:14]}…")  # a partial leak is a leak
    code, out = run(capsys, str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'leak.ipynb'}:cell 2:output 2: configured secret 'CANA…(redacted)'" in out
    assert KEY[4:12] not in out and "1 finding in 1 of 1 files" in out


def test_secrets_from_a_dotenv_file_are_configured_secrets(tmp_path, capsys) -> None:
    (tmp_path / ".env").write_text(f"ZYNTRO_DEVELOPER_SECRET={SECRET}\n")
    (tmp_path / "notes.md").write_text(f"first line\nthe secret is {SECRET}  <!-- {ALLOW_MARKER} -->\n")
    code, out = run(capsys, ".")
    assert code == 1 and "notes.md:line 2: configured secret 'zdk_…(redacted)'" in out  # no marker can hide it
    assert ".env:" not in out  # the secrets' own home is not reported when walking a directory


@pytest.mark.parametrize(("where", "kwargs"), [
    ("cell 2:source", {"source": f"s = zn.connect(api_key='{SHAPED_KEY}')"}),
    ("cell 2:output 2", {"output": SHAPED_KEY}),
    ("metadata", {"metadata": {"papermill": {"parameters": {"key": SHAPED_KEY}}}}),
    ("metadata:widget state", {"widgets": {"state": {"m1": {"state": {"value": SHAPED_KEY}}}}}),
], ids=["source", "output", "metadata", "widget-state"])
def test_key_shapes_are_found_in_every_part_of_a_notebook(tmp_path, capsys, where: str, kwargs) -> None:
    notebook(tmp_path / "n.ipynb", **kwargs)
    code, out = run(capsys, str(tmp_path / "n.ipynb"))
    assert code == 1 and f"n.ipynb:{where}: API key 'QWER…(redacted)'" in out
    assert SHAPED_KEY[4:12] not in out


@pytest.mark.parametrize("name", ["analysis.py", "README.md", "ids.csv", "data.json", ".env.example",
                                  "cassette.yaml", "settings.toml"])
def test_text_files_are_scanned_by_line(tmp_path, capsys, name: str) -> None:
    (tmp_path / name).write_text(f"one\ntwo {SHAPED_KEY} three\n")
    code, out = run(capsys, ".")
    assert code == 1 and f"{name}:line 2: API key" in out


@pytest.mark.parametrize("value", ["UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX", "XXXXX-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX",
                                   "zdk_your_developer_secret", "zdk_sandbox_northwind_5f1c9e2a7b"],
                         ids=["published-key", "shape-template", "published-secret", "sandbox-seed-secret"])
def test_published_examples_and_sandbox_credentials_are_not_findings(tmp_path, capsys, value: str) -> None:
    notebook(tmp_path / "sandbox.ipynb", source=f"zn.connect(api_key='{value}')", output=value)
    assert run(capsys, ".")[0] == 0


def test_allow_file_and_inline_marker_accept_deliberate_fakes(tmp_path, capsys) -> None:
    (tmp_path / "a.py").write_text(f"CANARY = '{SHAPED_KEY}'\n")
    (tmp_path / "b.py").write_text(f"FAKE = 'zdk_fake_for_docs_123'  # {ALLOW_MARKER}\nREAL = 'zdk_real_one_456'\n")
    (tmp_path / ALLOW_FILE).write_text(f"# fakes\n{SHAPED_KEY}  # the test canary\n")
    code, out = run(capsys, ".")
    assert code == 1 and "b.py:line 2: developer secret" in out and "a.py" not in out and "b.py:line 1" not in out


def test_allow_file_entries_can_be_sha256_digests_so_it_holds_no_credential_itself(tmp_path, capsys) -> None:
    (tmp_path / "a.py").write_text(f"CANARY = '{SHAPED_KEY}'\nOTHER = 'zdk_real_one_456'\n")
    (tmp_path / ALLOW_FILE).write_text(f"{allow_entry(SHAPED_KEY)}  # the test canary\n")
    code, out = run(capsys, ".")
    assert code == 1 and "a.py:line 2: developer secret" in out and "a.py:line 1" not in out
    assert SHAPED_KEY not in (tmp_path / ALLOW_FILE).read_text()


def test_clean_files_exit_zero_and_say_so(tmp_path, capsys) -> None:
    notebook(tmp_path / "clean.ipynb", output="42")
    (tmp_path / "x.py").write_text("print('hello')\n")
    code, out = run(capsys)
    assert code == 0 and "no Zyntro credentials found in 2 files" in out


def test_bad_files_are_reported_one_by_one_and_the_scan_goes_on(tmp_path, capsys) -> None:
    (tmp_path / "broken.ipynb").write_text('{"cells": [ ' + SHAPED_KEY)
    (tmp_path / "latin.md").write_bytes(b"caf\xe9 " + SHAPED_KEY.encode() + b"\n")
    (tmp_path / "gone.ipynb").symlink_to(tmp_path / "missing-target.ipynb")
    (tmp_path / "image.json").write_bytes(b"\x89PNG\0\0binary")
    (tmp_path / "list.ipynb").write_text("[1, 2]")
    notebook(tmp_path / "huge.ipynb", output=SHAPED_KEY + " " + "x" * 20_000)
    code, out = run(capsys, "--max-size", "0.01", ".")
    assert code == 1
    assert "broken.ipynb: not valid JSON" in out and "broken.ipynb:line 1: API key" in out
    assert "latin.md: not UTF-8" in out and "latin.md:line 1: API key" in out
    assert "gone.ipynb" in out and "could not be read" in out
    assert "image.json: binary file; only its runs of plain text were scanned" in out
    assert "list.ipynb: not a notebook" in out
    assert "huge.ipynb: notebook larger than" in out and "huge.ipynb:line" in out


def test_an_unreadable_file_alone_fails_the_scan(tmp_path, capsys) -> None:
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    code, out = run(capsys, ".")
    assert code == 1 and "1 could not be read" in out


@pytest.mark.parametrize("args", [["no/such/path"], ["--max-size", "0", "."], ["--bogus"]],
                         ids=["missing-path", "bad-size", "unknown-option"])
def test_usage_errors_exit_two(capsys, args: list[str]) -> None:
    try:
        code = main(["scan", *args])
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    assert code == 2


def test_a_staged_dotenv_named_explicitly_is_scanned(tmp_path, capsys) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / ".env").write_text(f"ZYNTRO_API_KEY={SHAPED_KEY}\n")
    code, out = run(capsys, "project/.env")
    assert code == 1 and "project/.env:line 1: API key" in out


def test_this_repository_scans_clean() -> None:
    report = scan([REPO], secrets=[])
    assert report.findings == [] and report.unreadable == [], "\n".join(report.lines())


def test_findings_never_show_more_than_four_characters(tmp_path) -> None:
    notebook(tmp_path / "n.ipynb", source=json.dumps({"k": KEY, "s": SECRET}), output=KEY)
    report = scan([tmp_path], secrets=[KEY, SECRET])
    text = "\n".join(report.lines())
    assert len(report.findings) >= 2
    for value in (KEY, SECRET):
        assert all(value[i:i + 8] not in text for i in range(len(value) - 7))
    assert os.fspath(tmp_path) in text
