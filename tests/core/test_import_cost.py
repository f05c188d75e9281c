"""What `import zyntro_nb` and `%load_ext zyntro_nb` load: nothing heavy until it is used.

Each check runs in a fresh interpreter and reads ``sys.modules``; no timing is asserted
(``bench/run.py`` measures the time: figures L1 and L2).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

HEAVY = ("pandas", "numpy", "ipywidgets", "httpx", "email.utils")


def loaded_after(code: str, setup: str = "") -> list[str]:
    """The HEAVY modules that ``code`` loads in a fresh interpreter, beyond those ``setup`` loaded before it.

    ``setup`` is what the toolkit does not control (IPython's own start imports ``email.utils`` on some versions).
    """
    snapshot = "import sys as _sys\n_before = set(_sys.modules)\n"
    report = f"import json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules and m not in _before]))\n"
    script = textwrap.dedent(setup) + "\n" + snapshot + textwrap.dedent(code) + "\n" + report
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_zyntro_nb_loads_no_pandas_ipywidgets_httpx_or_email():
    assert loaded_after("import zyntro_nb") == []


def test_public_names_resolve_without_loading_httpx():
    assert loaded_after("import zyntro_nb as zn\nzn.Session, zn.connect, zn.RetryPolicy, zn.ZyntroError") == []


def test_load_ext_loads_no_pandas_ipywidgets_or_httpx():
    setup = """
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
    """
    code = """
        shell.run_line_magic("load_ext", "zyntro_nb")
        assert "zyntro" in shell.magics_manager.magics["line"]
    """
    assert loaded_after(code, setup) == []


def test_first_zyntro_call_loads_httpx_and_pandas_but_no_ipywidgets():
    code = """
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        shell.run_line_magic("load_ext", "zyntro_nb")
        shell.run_line_magic("zyntro", "connect --sandbox")
        shell.run_line_magic("zyntro", "crm fetchContact contact_id=a1b2c3d4-e5f6-7890-abcd-ef1234567890 -o jane")
        assert len(shell.user_ns["jane"]) == 1
    """
    loaded = loaded_after(code)
    assert "ipywidgets" not in loaded
    assert {"pandas", "httpx"} <= set(loaded)


@pytest.mark.parametrize("header", ["120", "Wed, 21 Oct 2099 07:28:00 GMT"], ids=["seconds", "http-date"])
def test_retry_after_dates_still_parse_with_email_utils_loaded_on_demand(header):
    code = f"""
        from zyntro_nb._retry import parse_retry_after
        assert parse_retry_after({header!r}, now=0.0) > 0
    """
    loaded = loaded_after(code)
    assert ("email.utils" in loaded) == (header != "120")


def test_profiles_libraries_load_only_when_a_profile_is_used() -> None:
    code = """
        import sys
        import zyntro_nb as zn
        from IPython.core.interactiveshell import InteractiveShell
        InteractiveShell.instance().run_line_magic("load_ext", "zyntro_nb")
        zn.connect(sandbox=True).crm.fetchContact(contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890")
        print([m for m in ("keyring", "platformdirs", "tomli_w", "tomllib") if m in sys.modules])
    """
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
