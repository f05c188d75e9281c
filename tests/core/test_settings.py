"""Settings: %config ZyntroMagics values checked, shared through zyntro_nb._settings, used by renderers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from zyntro_nb import _settings


@pytest.fixture(autouse=True)
def restore(ip: InteractiveShell) -> Iterator[None]:
    yield
    magics = ip.magics_manager.registry["ZyntroMagics"]
    magics.displaylimit, magics.autoparse, magics.progress, magics.verbose = None, True, False, False
    ip.config.pop("ZyntroMagics", None)  # what %config set would come back with the next %reload_ext


@pytest.mark.parametrize(
    ("line", "name", "value"),
    [("displaylimit = 5", "displaylimit", 5), ("displaylimit = None", "displaylimit", None),
     ("autoparse = False", "autoparse", False), ("progress = True", "progress", True),
     ("verbose = True", "verbose", True)],
    ids=["displaylimit", "displaylimit-none", "autoparse", "progress", "verbose"],
)
def test_config_sets_the_shared_setting(ip: InteractiveShell, line: str, name: str, value: Any) -> None:
    ip.run_line_magic("config", f"ZyntroMagics.{line}")
    assert getattr(_settings.settings(), name) == value


@pytest.mark.parametrize(
    ("line", "message"),
    [("displaylimit = 'ten'", "displaylimit must be a whole number"),
     ("displaylimit = -1", "displaylimit must be a whole number"),
     ("displaylimit = True", "displaylimit must be a whole number"),
     ("autoparse = 'yes'", "autoparse must be True or False"),
     ("progress = 1", "progress must be True or False")],
    ids=["text", "negative", "bool", "autoparse-text", "progress-int"],
)
def test_config_refuses_wrong_types_naming_the_setting_and_fix(
    ip: InteractiveShell, caplog: pytest.LogCaptureFixture, line: str, message: str
) -> None:
    before = _settings.settings().displaylimit, _settings.settings().autoparse, _settings.settings().progress
    ip.run_line_magic("config", f"ZyntroMagics.{line}")
    assert message in caplog.text and "%config ZyntroMagics." in caplog.text
    after = _settings.settings().displaylimit, _settings.settings().autoparse, _settings.settings().progress
    assert after == before


def test_update_outside_ipython_checks_too() -> None:
    with pytest.raises(zn.ConfigurationError, match="no setting 'colour'"):
        _settings.update(colour=True)


def test_display_settings_read_pandas_options() -> None:
    with pd.option_context("display.max_rows", 7, "display.min_rows", 3, "display.max_columns", 4,
                           "display.max_colwidth", 12):
        d = _settings.display_settings(width=90)
    assert (d.max_rows, d.min_rows, d.max_columns, d.max_colwidth, d.width) == (7, 3, 4, 12, 90)
    assert d.rows_shown(7) == 7 and d.rows_shown(8) == 3


def test_progress_reports_each_page(ip: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.run_line_magic("config", "ZyntroMagics.progress = True")
    df = zn.connect(sandbox=True, current=False).edge.getEnrollments(all_pages=True)
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "edge/getEnrollments: page 1 · 50 of 149 rows",
        "edge/getEnrollments: page 2 · 100 of 149 rows",
        "edge/getEnrollments: page 3 · 149 of 149 rows",
    ]
    assert len(df) == 149


def test_a_refused_config_value_does_not_break_the_next_reload(ip: InteractiveShell) -> None:
    ip.run_line_magic("config", "ZyntroMagics.displaylimit = 7")
    ip.run_line_magic("config", "ZyntroMagics.displaylimit = True")  # refused, logged
    ip.run_line_magic("reload_ext", "zyntro_nb")
    try:
        assert _settings.settings().displaylimit == 7
        assert ip.config.ZyntroMagics.displaylimit == 7
    finally:
        ip.run_line_magic("config", "ZyntroMagics.displaylimit = None")
