"""``zyntro-nb login``, ``profiles`` and ``logout`` against the HTTP sandbox; the prompt through a pseudo-terminal."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.conftest import CANARY_KEY, CANARY_SECRET
from zyntro_nb._cli.main import main
from zyntro_nb._profiles.store import read_profiles
from zyntro_nb.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
ZYNTRO_NB = shutil.which("zyntro-nb", path=str(Path(sys.executable).parent))


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """The sandbox over HTTP on 127.0.0.1 (an ephemeral port), with the canary login added; its URL."""
    with Sandbox() as box, box.serve(port=0) as server:
        box.add_account(CANARY_KEY, CANARY_SECRET)
        yield server.url


def never_shown(text: str) -> bool:
    """True when no 8 characters in a row of either canary credential appear in ``text``."""
    return not any(s[i:i + 8] in text for s in (CANARY_KEY, CANARY_SECRET) for i in range(len(s) - 7))


@pytest.fixture
def run(served: str, profiles_file: Path, memory_keyring: Any, no_ambient_settings: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``zyntro-nb ARGS`` in this process with ``stdin`` as its input: ``(exit status, stdout, stderr)``."""

    def invoke(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def login_args(served: str, *extra: str) -> list[str]:
    return ["login", "--developer-secret-stdin", "--base-url", served, *extra]


def test_login_from_stdin_stores_the_profile_and_prints_it_redacted(run: Any, served: str, profiles_file: Path,
                                                                    memory_keyring: Any) -> None:
    code, out, err = run(*login_args(served, "--profile", "acme", "--brand-id", "2"), stdin=CANARY_SECRET + "\n")
    assert code == 0, err
    assert "logged in: profile 'acme' stored" in out
    assert "CANA…(redacted) (in the keyring)" in out and "zdk_…(redacted) (in the keyring)" in out
    assert "zn.connect(profile='acme')" in out
    assert never_shown(out + err)
    assert read_profiles(profiles_file)["acme"].brand_id == "2"
    assert sorted(memory_keyring.entries.values()) == sorted([CANARY_KEY, CANARY_SECRET])


def test_the_default_profile_is_named_default(run: Any, served: str, profiles_file: Path) -> None:
    assert run(*login_args(served), stdin=CANARY_SECRET + "\n")[0] == 0
    assert list(read_profiles(profiles_file)) == ["default"]


def test_profiles_lists_accounts_and_keyring_state_with_no_secret_at_all(run: Any, served: str) -> None:
    run(*login_args(served, "--profile", "acme", "--note", "Acme Corp"), stdin=CANARY_SECRET + "\n")
    code, out, err = run("profiles")
    assert code == 0, err
    assert "acme" in out and "42cc1aca…" in out and "api_key, developer_secret" in out and "Acme Corp" in out
    assert "CANA" not in out and "zdk_" not in out


def test_profiles_with_none_says_how_to_make_one(run: Any) -> None:
    code, out, _ = run("profiles")
    assert code == 0 and "zyntro-nb login --profile NAME" in out


def test_logout_removes_the_profile_and_its_keyring_entries(run: Any, served: str, profiles_file: Path,
                                                            memory_keyring: Any) -> None:
    run(*login_args(served, "--profile", "acme"), stdin=CANARY_SECRET + "\n")
    run(*login_args(served, "--profile", "other"), stdin=CANARY_SECRET + "\n")
    code, _out, err = run("logout", "--profile", "acme")
    assert code == 0, err
    assert list(read_profiles(profiles_file)) == ["other"]
    assert all(not user.startswith("acme/") for _, user in memory_keyring.entries)


# -- bad input: each a typed error with its fix, nothing stored or overwritten, no secret printed --------------


def _existing(run: Any, served: str) -> None:
    run(*login_args(served, "--profile", "acme"), stdin=CANARY_SECRET + "\n")


def _not_toml(run: Any, served: str) -> None:
    Path(os.environ["ZYNTRO_PROFILES_FILE"]).parent.mkdir(parents=True, exist_ok=True)
    Path(os.environ["ZYNTRO_PROFILES_FILE"]).write_text("[profiles.acme\nbrand_id = 1\n", encoding="utf-8")


def _secrets_gone(run: Any, served: str) -> None:
    import keyring

    _existing(run, served)
    keyring.get_keyring().entries.clear()


def _no_keyring(run: Any, served: str) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # memory_keyring restores the machine's backend afterwards


BAD_INPUT = [
    # (setup, command, stdin, error type, words of the message, words of the fix)
    pytest.param(_existing, ["logout", "--profile", "acem"], "", "ConfigurationError",
                 "unknown profile 'acem' (profiles: acme)", "did you mean 'acme'?", id="unknown-profile"),
    pytest.param(_not_toml, ["login", "--developer-secret-stdin", "--profile", "globex"], CANARY_SECRET + "\n",
                 "ConfigurationError", "is not valid TOML", "nothing was changed", id="file-not-toml"),
    pytest.param(_secrets_gone, ["connect", "acme"], "", "ConfigurationError", "no secrets in the keyring",
                 "zyntro-nb login --profile acme --force", id="secrets-missing-from-keyring"),
    pytest.param(None, ["login", "--developer-secret-stdin", "--profile", "a/b"], CANARY_SECRET + "\n",
                 "ConfigurationError", "'a/b' cannot name a profile", "zyntro-nb login --profile acme",
                 id="name-with-slash"),
    pytest.param(None, ["login", "--developer-secret-stdin", "--profile", "two words"], CANARY_SECRET + "\n",
                 "ConfigurationError", "'two words' cannot name a profile", "--profile acme", id="name-with-space"),
    pytest.param(None, ["login", "--developer-secret-stdin", "--profile", ""], CANARY_SECRET + "\n",
                 "ConfigurationError", "nothing cannot name a profile", "--profile acme", id="empty-name"),
    pytest.param(None, ["login", "--developer-secret-stdin", "--profile", "acme"], "zdk_" + "WRONG" * 4 + "\n",
                 "AuthenticationError", "Invalid developer_secret", "", id="wrong-developer-secret"),
    pytest.param(_existing, ["login", "--developer-secret-stdin", "--profile", "acme"], CANARY_SECRET + "\n",
                 "ConfigurationError", "profile 'acme' already exists", "add --force", id="second-login"),
    pytest.param(None, ["login", "--developer-secret-stdin"], "\n", "ConfigurationError",
                 "no developer secret was given (stdin was empty)", "--developer-secret-stdin", id="empty-stdin"),
    pytest.param(_no_keyring, ["login", "--developer-secret-stdin"], CANARY_SECRET + "\n", "ConfigurationError",
                 "no usable keyring", "pip install keyrings.alt", id="no-keyring-backend"),
]


@pytest.mark.parametrize(("setup", "command", "stdin", "kind", "message", "fix"), BAD_INPUT)
def test_bad_input_is_a_typed_error_with_its_fix_and_no_secret(
        run: Any, served: str, profiles_file: Path, memory_keyring: Any, setup: Any, command: list[str], stdin: str,
        kind: str, message: str, fix: str) -> None:
    if setup is not None:
        setup(run, served)
    before_file = profiles_file.read_bytes() if profiles_file.exists() else None
    before_keyring = dict(memory_keyring.entries)
    if command[0] == "connect":  # the Python side: a profile used by zn.connect
        import zyntro_nb as zn

        with pytest.raises(zn.ZyntroError) as caught:
            zn.connect(profile=command[1], current=False)
        code, out, err = 1, "", caught.value.summary()
    else:
        if command[0] == "login":
            command = [*command, "--base-url", served]
        code, out, err = run(*command, stdin=stdin)
    assert code == 1
    assert err.startswith(f"{kind}: ") and message in err, err
    if fix:
        assert "Fix: " in err and fix in err.split("Fix: ", 1)[1], err
    assert never_shown(out + err)
    assert (profiles_file.read_bytes() if profiles_file.exists() else None) == before_file
    if command[0] != "logout":
        assert memory_keyring.entries == before_keyring


# -- the prompt, in a pseudo-terminal ----------------------------------------------------------------------------


def terminal_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment whose keyring is the test file backend and whose profiles file is in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZYNTRO_", "PYTHON_KEYRING"))}
    env.update(PYTHONPATH=str(ROOT), PYTHON_KEYRING_BACKEND="tests.keyring_support.FileKeyring",
               ZYNTRO_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
               ZYNTRO_PROFILES_FILE=str(tmp_path / "profiles.toml"), TERM="dumb")
    return env


@pytest.mark.skipif(ZYNTRO_NB is None, reason="the zyntro-nb command is not installed")
def test_login_prompts_without_echo_in_a_terminal(served: str, tmp_path: Path) -> None:
    env = terminal_env(tmp_path)
    child = pexpect.spawn(ZYNTRO_NB, ["login", "--profile", "acme", "--base-url", served], env=env,
                          cwd=str(tmp_path), encoding="utf-8", timeout=60)
    try:
        child.expect("Developer secret for profile 'acme' \\(zdk_…, not shown\\): ")
        child.sendline(CANARY_SECRET)
        child.expect(pexpect.EOF)
        output = child.before
    finally:
        child.close()
    assert child.exitstatus == 0, output
    assert "logged in: profile 'acme' stored" in output
    assert never_shown(output)  # the typed secret was not echoed, and not printed back
    assert read_profiles(tmp_path / "profiles.toml")["acme"].org_id
    assert CANARY_SECRET in (tmp_path / "keyring.json").read_text(encoding="utf-8")  # the test backend got it


@pytest.mark.skipif(ZYNTRO_NB is None, reason="the zyntro-nb command is not installed")
def test_an_empty_answer_at_the_prompt_stores_nothing(served: str, tmp_path: Path) -> None:
    child = pexpect.spawn(ZYNTRO_NB, ["login", "--base-url", served], env=terminal_env(tmp_path), cwd=str(tmp_path),
                          encoding="utf-8", timeout=60)
    try:
        child.expect("not shown\\): ")
        child.sendline("")
        child.expect(pexpect.EOF)
        output = child.before
    finally:
        child.close()
    assert child.exitstatus == 1
    assert "no developer secret was given (the prompt was empty)" in output
    assert not (tmp_path / "profiles.toml").exists() and not (tmp_path / "keyring.json").exists()
