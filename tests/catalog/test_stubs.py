"""The generated endpoint types: in step with the catalog, and what type checkers infer from them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import zyntro_nb as zn
from zyntro_nb._catalog import stubs
from zyntro_nb._catalog.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
# A user's file: what an editor should infer (reveal_type) and flag (the lines marked "# flagged").
USER_FILE = textwrap.dedent(f'''
    import zyntro_nb as zn

    s = zn.connect(sandbox=True)
    df = s.crm.fetchContact(contact_id="{CONTACT}")
    reveal_type(df)
    env = s.crm.fetchContact(contact_id="{CONTACT}", raw=True)
    reveal_type(env)
    reveal_type(env["status"])
    s.crm.fetchContact(contact_id="{CONTACT}", include_notez=1)  # flagged: unknown parameter
    s.crm.fetchContact(include_notes=1)  # flagged: contact_id missing
    s.crm.fetchContact(contact_id="{CONTACT}", include_notes=2)  # flagged: not 0 or 1
    s.edge.getEnrollments(status="active", all_pages=True, limit=10)
    s.crm.addNotestoContact.bulk([{{"contact_id": "{CONTACT}", "note": "hi"}}])
    s.crm.myOwnAction(anything=1)
    s.call("crm", "fetchContact", contact_id="{CONTACT}")
''').lstrip()
FLAGGED = sorted(n for n, line in enumerate(USER_FILE.splitlines(), start=1) if "# flagged" in line)
REVEALED = [n for n, line in enumerate(USER_FILE.splitlines(), start=1) if line.startswith("reveal_type")]


def test_the_generated_types_match_the_catalog() -> None:
    assert stubs.TARGET.read_text(encoding="utf-8") == stubs.render(Catalog.builtin()), (
        "zyntro_nb/_catalog/typed.py is out of date: run python -m zyntro_nb._catalog.stubs")


def test_the_regenerate_command_checks_and_rewrites_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "typed.py"
    target.write_text("stale\n")
    monkeypatch.setattr(stubs, "TARGET", target)
    assert stubs.main(["--check"]) == 1
    assert "out of date: run python -m zyntro_nb._catalog.stubs" in capsys.readouterr().err
    assert stubs.main([]) == 0
    assert target.read_text() == stubs.render(Catalog.builtin())
    assert stubs.main(["--check"]) == 0


def test_every_typed_endpoint_documents_its_parameters_and_answer_columns() -> None:
    from zyntro_nb._catalog import typed

    text = stubs.TARGET.read_text(encoding="utf-8")
    doc = text[text.index("class CrmFetchContact("):text.index("class CrmLookupContact(")]
    assert "contact_id: Contact UUID to return" in doc
    assert "include_notes: 1 adds contact notes (server default 0)" in doc
    assert "contact_status (string)" in doc
    names = {name for name in vars(typed) if not name.startswith("_")}
    for endpoint in Catalog.builtin():
        assert stubs._class_name(endpoint.module, endpoint.action) in names, endpoint.key


def test_the_types_change_nothing_at_run_time() -> None:
    from zyntro_nb._session.session import Session

    assert "crm" not in vars(Session) and "crm" not in dir(object)
    s = zn.connect(sandbox=True, new=True, current=False)
    assert s.crm.fetchContact(contact_id=CONTACT).loc[0, "contact_id"] == CONTACT


def test_an_endpoint_added_at_run_time_is_still_callable_untyped() -> None:
    catalog = Catalog.builtin()
    catalog.register({"module": "crm", "action": "fetchContactAgain", "read_only": True,
                      "path": "/apis/v2/public/crm/fetchContact", "params": [{"name": "contact_id", "required": True}]})
    s = zn.connect(sandbox=True, new=True, current=False, catalog=catalog)
    assert s.crm.fetchContactAgain(contact_id=CONTACT).loc[0, "contact_id"] == CONTACT


def _write_user_file(tmp_path: Path) -> Path:
    path = tmp_path / "analysis.py"
    path.write_text(USER_FILE)
    return path


@pytest.fixture(scope="module")
def mypy_report(tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[str]]:
    """mypy's messages on the user file, by line.

    The package is found on MYPYPATH, as an installed one would be (an editable install is found through an
    import hook, which type checkers do not run).
    """
    tmp_path = tmp_path_factory.mktemp("mypy")
    path = _write_user_file(tmp_path)
    # In its own process: mypy raises the recursion limit of the process it runs in.
    done = subprocess.run([sys.executable, "-m", "mypy", str(path), "--config-file", str(ROOT / "pyproject.toml"),
                           "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "--show-error-codes",
                           "--no-error-summary", "--hide-error-context", "--no-pretty"],
                          cwd=tmp_path, env={**os.environ, "MYPYPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=600, check=False)
    out, err = done.stdout, done.stderr
    report: dict[int, list[str]] = {}
    for line in out.splitlines():
        where, _, message = line.partition(": ")
        if Path(where.split(":")[0]).name == path.name:
            report.setdefault(int(where.split(":")[1]), []).append(message)
    assert report, out + err
    return report


def test_mypy_infers_a_dataframe_and_the_envelope_for_raw(mypy_report: dict[int, list[str]]) -> None:
    frame, envelope, status = (" ".join(mypy_report[n]) for n in REVEALED)
    assert 'Revealed type is "pandas.core.frame.DataFrame"' in frame
    assert "zyntro_nb._catalog.typed.Envelope" in envelope
    assert 'Revealed type is "str"' in status.replace("builtins.", "")


def test_mypy_flags_an_unknown_a_missing_and_a_wrong_parameter_and_nothing_else(
        mypy_report: dict[int, list[str]]) -> None:
    errors = {n: " ".join(m for m in messages if m.startswith("error")) for n, messages in mypy_report.items()}
    assert sorted(n for n, text in errors.items() if text) == FLAGGED
    unknown, missing, wrong = (errors[n] for n in FLAGGED)
    assert 'Unexpected keyword argument "include_notez"' in unknown and 'did you mean "include_notes"' in unknown
    assert "CrmFetchContact" in missing
    assert "CrmFetchContact" in wrong


def _pyright() -> list[str]:
    found = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("pyright is not installed (pip install -e '.[types]'); mypy checks the same file above")
    return [found]


@pytest.fixture(scope="module")
def pyright_report(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    command = _pyright()
    tmp_path = tmp_path_factory.mktemp("pyright")
    path = _write_user_file(tmp_path)
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({"extraPaths": [str(ROOT)]}))
    done = subprocess.run([*command, "--outputjson", "--pythonpath", sys.executable, str(path)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600, check=False)
    try:
        return json.loads(done.stdout)["generalDiagnostics"]
    except (ValueError, KeyError):
        pytest.skip(f"pyright did not run here: {(done.stderr or done.stdout)[-300:]}")


def test_pyright_infers_a_dataframe_and_the_envelope_for_raw(pyright_report: list[dict[str, Any]]) -> None:
    shown = {d["range"]["start"]["line"] + 1: d["message"] for d in pyright_report if d["severity"] == "information"}
    assert [shown.get(n) for n in REVEALED] == ['Type of "df" is "DataFrame"', 'Type of "env" is "Envelope"',
                                                'Type of "env["status"]" is "str"']


def test_pyright_flags_an_unknown_a_missing_and_a_wrong_parameter_and_nothing_else(
        pyright_report: list[dict[str, Any]]) -> None:
    errors = {d["range"]["start"]["line"] + 1: d["message"] for d in pyright_report if d["severity"] == "error"}
    assert sorted(errors) == FLAGGED
    assert 'parameter "include_notes" of type "Literal[0, 1] | None"' in errors[FLAGGED[2]]
