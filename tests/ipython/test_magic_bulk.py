"""``%zyntro bulk``: rows from the user's namespace, options, constants, errors and completion."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from zyntro_nb._connect.current import set_current
from zyntro_nb._ipython.magics import ZyntroMagicError
from zyntro_nb.sandbox import Sandbox

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@pytest.fixture
def sandbox(ip: InteractiveShell, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Sandbox]:
    monkeypatch.chdir(tmp_path)
    box = Sandbox()
    set_current(zn.connect(sandbox=box, retry=zn.RetryPolicy(sleep=lambda s: None), current=False))
    ip.user_ns["ids"] = pd.DataFrame({"contact_id": [JANE, "nope", JANE]})
    ip.user_ns["people"] = [{"contact_id": JANE}]
    yield box
    set_current(None)
    for name in ("ids", "people", "done"):
        ip.user_ns.pop(name, None)


def z(ip: InteractiveShell, line: str) -> Any:
    return ip.run_line_magic("zyntro", line)


def test_bulk_magic_calls_once_per_row_with_constants_and_stores_the_result(ip, sandbox) -> None:
    df = z(ip, "bulk crm fetchContact --rows ids --concurrency 2 --no-progress include_notes=1 -o done")
    assert list(df["_status"]) == ["ok", "error", "ok"]
    assert ip.user_ns["done"] is df and isinstance(df.loc[0, "notes"], list)


def test_bulk_magic_journal_makes_a_rerun_skip(ip, sandbox, tmp_path: Path) -> None:
    z(ip, "bulk crm fetchContact --rows people --journal j.journal --key contact_id --no-progress")
    again = z(ip, "bulk crm fetchContact --rows people --journal j.journal --key contact_id --no-progress")
    assert list(again["_status"]) == ["skipped"] and (tmp_path / "j.journal").exists()


def test_bulk_magic_on_a_busy_journal_says_who_holds_it_and_lock_timeout_is_passed_on(ip, sandbox,
                                                                                      tmp_path: Path) -> None:
    from zyntro_nb._bulk.lock import JournalLock

    held = JournalLock(tmp_path / "j.journal")
    held.acquire()
    try:
        with pytest.raises(ZyntroMagicError, match="another bulk run is using the journal"):
            z(ip, "bulk crm fetchContact --rows people --journal j.journal --lock-timeout 0.1 --no-progress")
        with pytest.raises(ZyntroMagicError, match="lock_timeout must be a number of seconds"):
            z(ip, "bulk crm fetchContact --rows people --journal j.journal --lock-timeout -1 --no-progress")
        with pytest.raises(UsageError, match="--lock-timeout needs a number of seconds"):
            z(ip, "bulk crm fetchContact --rows people --journal j.journal --lock-timeout soon --no-progress")
    finally:
        held.release()
    assert sandbox.writes_total == 0 and not (tmp_path / "j.journal").exists()
    done = z(ip, "bulk crm fetchContact --rows people --journal j.journal --lock-timeout 5 --no-progress")
    assert list(done["_status"]) == ["ok"]


def test_bulk_magic_stop_on_error_keeps_the_partial_result_under_the_output_name(ip, sandbox) -> None:
    with pytest.raises(ZyntroMagicError, match="not found"):
        z(ip, "bulk crm fetchContact --rows ids --concurrency 1 --stop-on-error --no-progress -o done")
    assert list(ip.user_ns["done"]["_status"]) == ["ok", "error", "not_sent"]


@pytest.mark.parametrize(("line", "message"), [
    ("bulk crm fetchContact", "needs --rows VAR"),
    ("bulk crm fetchContact --rows nothing_here", "no variable 'nothing_here'; tables here: ids, people"),
    ("bulk crm fetchContact --rows ids --concurrency many", "--concurrency needs a whole number"),
    ("bulk crm fetchContact --rows ids -o 2x", "-o needs a Python variable name"),
    ("bulk crm fetchContac --rows ids", "did you mean fetchContact"),
], ids=["no-rows", "unknown-variable", "bad-concurrency", "bad-output-name", "typo"])
def test_bulk_magic_usage_errors_send_nothing(ip, sandbox, line: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        z(ip, line)
    assert sandbox.writes_total == 0


def test_bulk_magic_shows_the_toolkits_error_for_bad_values(ip, sandbox) -> None:
    with pytest.raises(ZyntroMagicError, match="concurrency must be a whole number from 1 to 64"):
        z(ip, "bulk crm fetchContact --rows ids --concurrency 0")


@pytest.mark.parametrize(("line", "expected", "absent"), [
    ("%zyntro b", ["bulk"], []),
    ("%zyntro bulk crm addN", ["addNotestoContact"], []),
    ("%zyntro bulk crm addNotestoContact --rows ", ["ids", "people"], ["JANE"]),
    ("%zyntro bulk crm addNotestoContact --rows i", ["ids"], ["people"]),
    ("%zyntro bulk crm addNotestoContact --co", ["--concurrency"], []),
    ("%zyntro bulk crm addNotestoContact --rows ids no", ["note=", "note_id="], ["contact_id="]),
    ("%zyntro bulk crm addNotestoContact --rows ids note_visibility=", ["0", "1"], []),
], ids=["subcommand", "action", "rows-variables", "rows-prefix", "option", "constant-names", "enum-values"])
def test_bulk_magic_completion(ip, sandbox, line: str, expected: list[str], absent: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        _, matches = ip.complete("", line, len(line))
    for name in expected:
        assert name in matches or any(m.endswith(name) for m in matches), (name, matches)
    for name in absent:
        assert name not in matches
