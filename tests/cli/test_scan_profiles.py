"""``zyntro-nb scan`` reports a profiles file that holds a secret, wherever the file is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CANARY_KEY
from zyntro_nb._cli.main import main
from zyntro_nb._cli.scan import scan

ORG = "42cc1aca-3aa5-4339-98d2-480b5b89937b"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "notes.md").write_text("nothing here\n", encoding="utf-8")
    return folder


def test_a_secret_in_the_profiles_file_is_a_finding_outside_the_scanned_folder(project: Path,
                                                                               profiles_file: Path) -> None:
    profiles_file.parent.mkdir(parents=True)
    profiles_file.write_text(f'[profiles.acme]\norg_id = "{ORG}"\napi_key = "{CANARY_KEY}"\n', encoding="utf-8")
    report = scan([project], secrets=[], env=None)
    where = [(f.path, f.where) for f in report.findings]
    assert (str(profiles_file), "profiles.acme.api_key") in where
    assert report.exit_code == 1
    assert CANARY_KEY[4:12] not in "\n".join(report.lines())


def test_a_clean_profiles_file_is_no_finding(project: Path, profiles_file: Path) -> None:
    profiles_file.parent.mkdir(parents=True)
    profiles_file.write_text(f'[profiles.acme]\norg_id = "{ORG}"\nbrand_id = "1"\n', encoding="utf-8")
    report = scan([project], secrets=[])
    assert report.findings == [] and report.exit_code == 0


def test_the_command_exits_1_and_names_the_profiles_file(project: Path, profiles_file: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    profiles_file.parent.mkdir(parents=True)
    profiles_file.write_text('[profiles.acme]\ndeveloper_secret = "zdk_' + "Q" * 20 + '"\n', encoding="utf-8")
    assert main(["scan", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"{profiles_file}:profiles.acme.developer_secret: secret in the profiles file" in out
    assert "Q" * 8 not in out
