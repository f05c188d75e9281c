"""``ZYNTRO_JOURNAL_DIR``: where bulk journals named by a relative path are kept.

A setting like the other ``ZYNTRO_*`` ones (environment over ``.env``): relative
``journal=`` paths go under it, absolute ones are used as given, and without it
nothing changes. The notebook tests set it so that no run leaves journals in
``notebooks/imports/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import zyntro_nb as zn
from zyntro_nb._bulk.journal import Journal
from zyntro_nb._config import JOURNAL_DIR_ENV_VAR, journal_path

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@pytest.mark.parametrize(("path", "setting", "expected"), [
    ("imports/add.journal", "/srv/journals", "/srv/journals/imports/add.journal"),
    ("add.journal", "/srv/journals/", "/srv/journals/add.journal"),
    ("imports/add.journal", "", "imports/add.journal"),
    ("imports/add.journal", "   ", "imports/add.journal"),
    ("/data/add.journal", "/srv/journals", "/data/add.journal"),
], ids=["relative-under-setting", "trailing-slash", "unset", "blank", "absolute-as-given"])
def test_journal_path_puts_relative_paths_under_the_setting(path: str, setting: str, expected: str) -> None:
    env = {JOURNAL_DIR_ENV_VAR: setting} if setting else {}
    assert journal_path(path, env=env).as_posix() == expected


def test_journal_path_expands_the_home_folder() -> None:
    home = Path("~").expanduser()
    assert journal_path("~/add.journal", env={JOURNAL_DIR_ENV_VAR: "/srv"}) == home / "add.journal"
    assert journal_path("add.journal", env={JOURNAL_DIR_ENV_VAR: "~/journals"}) == home / "journals" / "add.journal"


def test_journal_path_reads_the_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(JOURNAL_DIR_ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"{JOURNAL_DIR_ENV_VAR}={tmp_path / 'kept'}\n", encoding="utf-8")
    assert journal_path("add.journal") == tmp_path / "kept" / "add.journal"


def test_a_bulk_journal_given_relative_lands_under_the_setting(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    work, journals = tmp_path / "work", tmp_path / "journals"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv(JOURNAL_DIR_ENV_VAR, str(journals))
    s = zn.connect(sandbox=True, current=False)
    result = s.bulk("crm", "fetchContact", [{"contact_id": JANE}], journal="imports/fetch.journal", progress=False)
    assert list(result["_status"]) == ["ok"]
    written = journals / "imports" / "fetch.journal"
    assert written.is_file() and json.loads(written.read_text().splitlines()[0])["endpoint"] == "crm/fetchContact"
    assert result.attrs["zyntro"]["journal"] == str(written)
    assert list(work.iterdir()) == []  # nothing in the current directory


def test_without_the_setting_a_relative_journal_stays_in_the_current_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(JOURNAL_DIR_ENV_VAR, raising=False)
    journal = Journal.open("steps/add.journal", "crm/addContactsFull", "row")
    journal.close()
    assert (tmp_path / "steps" / "add.journal").is_file()
    assert os.path.relpath(journal.path, tmp_path) == os.path.join("steps", "add.journal")


def test_journal_path_is_public_and_documented() -> None:
    assert zn.journal_path is journal_path
    guide = (Path(__file__).resolve().parents[2] / "docs" / "guides" / "configuration.md").read_text(encoding="utf-8")
    assert f"| `{JOURNAL_DIR_ENV_VAR}` |" in guide
