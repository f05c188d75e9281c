"""The canary sweep: with canary credentials configured, no view of anything shows more than 4 characters of them.

A sandbox account is given canary credentials; every catalogued endpoint is called through ``call``,
``raw=True``, the namespaced methods and ``%zyntro`` (``--raw``, ``-o``, ``%%zyntro``); forms and the
explorer are built and run; ``s.last``, history, ``%zyntro last/curl/whoami/doctor`` are shown; errors
of every kind are raised, including ones with a canary in the wrong field or given to a single call
and echoed by the server. Everything that could reach a person or a saved notebook is collected —
results and their pandas derivatives, envelopes, exceptions (``str``, ``args``, ``vars``, plain and
IPython Verbose tracebacks), DEBUG log records, warnings, stdout/stderr, widget state — and searched
for any 8 characters in a row of any canary.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.core.ultratb import VerboseTB

import zyntro_nb as zn
from tests.connect.test_sandbox_client import SUCCESS_CALLS
from zyntro_nb._connect.current import set_current
from zyntro_nb._session.session import SANDBOX_BASE_URL
from zyntro_nb.sandbox import Sandbox

# Random-looking, so no 8 characters of them occur by chance in paths, code or messages.
CANARY_KEY = "QZKVW-h7Tq2Rm9Xw4L-Pj8Nc3Vb6Yd-G5FKA"
CANARY_SECRET = "zdk_Wq8Lr2Tm6Ys4Pk9Hv3Jn7Gx5"
ONE_CALL_KEY = "JXPRV-b4Nk8Wd2Qz6T-Lm3Hs9Fy5Rc-K7WPQ"  # given to a single call, never to the session
HOOK_TOKEN = "hk-Vz3Qw8Ty2Lp6Mn4Rb9"  # a webhook auth value sent once
URL_PASSWORD = "pw-Gt5Kx2Wq8Zn3Lv7"
CANARIES = (CANARY_KEY, CANARY_SECRET, ONE_CALL_KEY, HOOK_TOKEN, URL_PASSWORD)


def pieces(secret: str, size: int = 8) -> set[str]:
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


PIECES = sorted(set().union(*(pieces(c) for c in CANARIES)))


class Collected:
    """Every text a person could see, with where it came from."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def add(self, where: str, value: Any) -> None:
        self.texts.append((where, value if isinstance(value, str) else _render(value)))

    def leaks(self) -> list[tuple[str, str, str]]:
        found = []
        for where, text in self.texts:
            for piece in PIECES:
                if piece in text:
                    at = text.index(piece)
                    found.append((where, piece, text[max(0, at - 60) : at + 60]))
                    break
        return found


def _render(value: Any) -> str:
    parts = [repr(value), str(value)]
    if isinstance(value, pd.DataFrame):
        parts += [value.to_string(), value.to_csv(), value.to_json(), value.to_json(default_handler=str),
                  value.to_html(), str(value.to_dict()), str(value.T), value._repr_html_() or ""]
        if len(value):
            parts += [str(value.iloc[0]), str(value.iloc[0].to_dict()), str(value.to_records())]
        for column in value.columns:
            parts.append(str(value[[column]]))
    elif hasattr(value, "_repr_html_"):
        parts.append(str(value._repr_html_()))
    if isinstance(value, (dict, list)):
        parts.append(json.dumps(value, default=str, ensure_ascii=False))
    return "\n".join(parts)


def _error_views(error: BaseException) -> list[str]:
    views = [str(error), repr(error), repr(error.args), str(vars(error)),
             "".join(traceback.format_exception(type(error), error, error.__traceback__))]
    if isinstance(error, zn.ZyntroError):
        views.append(error.summary())
    # %xmode Verbose shows the variables of every frame. The frames of this test and of IPython hold the
    # canaries as the "user" typed them; from the first frame of the toolkit on, nothing may show them.
    tb = error.__traceback__
    while tb is not None and f"{os.sep}zyntro_nb{os.sep}" not in tb.tb_frame.f_code.co_filename:
        tb = tb.tb_next
    if tb is not None:
        views.append(VerboseTB(color_scheme="NoColor").text(type(error), error, tb))
    return views


@pytest.fixture
def sweep(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
          no_ambient_settings: Any) -> Iterator[Collected]:
    """Collects DEBUG logs, warnings and stdout/stderr too; the test fails on any leak."""
    collected = Collected()
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield collected
    out = capsys.readouterr()
    collected.add("stdout", out.out)
    collected.add("stderr", out.err)
    collected.add("log", caplog.text)
    collected.add("log records", "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records))
    collected.add("warnings", "\n".join(f"{w.category.__name__}: {w.message}" for w in caught))
    leaks = collected.leaks()
    assert leaks == [], "canary pieces shown:\n" + "\n".join(f"{w}: {p!r} in …{c}…" for w, p, c in leaks[:20])


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def canary(box: Sandbox) -> dict[str, str]:
    ids = box.add_account(api_key=CANARY_KEY, developer_secret=CANARY_SECRET)
    return {"api_key": CANARY_KEY, "developer_secret": CANARY_SECRET, "org_id": ids["org_id"],
            "brand_id": str(ids["brand_id"]), "member_id": ids["member_id"]}


@pytest.fixture
def session(box: Sandbox, canary: dict[str, str]) -> zn.Session:
    """The real-account path: plain identifiers, a base URL, the sandbox plugged in at the transport."""
    return zn.Session(**canary, base_url=SANDBOX_BASE_URL, transport=box.transport(), env={})


def _catch(collected: Collected, where: str, action: Callable[[], Any]) -> Any:
    try:
        result = action()
    except Exception as error:  # every kind: typed errors and anything else
        for number, view in enumerate(_error_views(error)):
            collected.add(f"{where} error view {number}", view)
        return None
    collected.add(where, result)
    return result


# -- every endpoint, every way of calling it ------------------------------------------------------------


def test_every_endpoint_through_call_raw_and_namespaces(sweep: Collected, session: zn.Session) -> None:
    for key, params in SUCCESS_CALLS.items():
        module, action = key.split("/")
        _catch(sweep, f"{key} call", lambda m=module, a=action, p=params: session.call(m, a, **p))
        _catch(sweep, f"{key} raw", lambda m=module, a=action, p=params: session.call(m, a, raw=True, **p))
        _catch(sweep, f"{key} namespaced",
               lambda m=module, a=action, p=params: getattr(getattr(session, m), a)(**p))
        sweep.add(f"{key} last", [repr(session.last), str(vars(session.last)), session.last.response,
                                  session.last.request])
    sweep.add("history", session.history)
    sweep.add("session", [repr(session), str(session.config), str(vars(session.config)),
                          str(session.config.redacted())])


def test_fetch_identifiers_and_every_derived_frame(sweep: Collected, session: zn.Session) -> None:
    ids = session.developers.fetchIdentifiers()
    raw = session.call("developers", "fetchIdentifiers", raw=True)
    assert ids.loc[0, "api_key"] == CANARY_KEY  # the value is there, only never shown
    sweep.add("ids", ids)
    sweep.add("ids derived", [ids.T, ids[["user_email", "api_key"]], ids.iloc[0], ids.to_dict(),
                              ids.to_dict("records"), ids.melt(), ids.astype(str), ids.fillna("")])
    sweep.add("raw", raw)
    print(raw)
    print(ids.T)
    logging.getLogger("analysis").debug("identifiers %s %r", raw, ids.iloc[0].to_dict())
    warnings.warn(f"the key is {ids.loc[0, 'api_key']}", UserWarning, stacklevel=1)
    again = zn.Session(api_key=ids.loc[0, "api_key"], developer_secret=CANARY_SECRET,
                       org_id=ids.loc[0, "org_id"], base_url=SANDBOX_BASE_URL,
                       transport=session.sandbox.transport() if session.sandbox else None, env={})
    sweep.add("again", repr(again))


def test_bootstrap_from_the_canary_secret(sweep: Collected, box: Sandbox, canary: dict[str, str]) -> None:
    s = zn.connect(developer_secret=CANARY_SECRET, base_url=SANDBOX_BASE_URL, transport=box.transport(), env={},
                   current=False)
    sweep.add("bootstrapped", [repr(s), s.bootstrap_notes, s.last.response, s.history])


# -- magics, forms, explorer ------------------------------------------------------------------------------


@pytest.fixture
def ip(session: zn.Session) -> Iterator[InteractiveShell]:
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "zyntro_nb")
    set_current(session)
    yield shell
    set_current(None)


def _magic(sweep: Collected, ip: InteractiveShell, line: str, cell: str | None = None) -> Any:
    run = (lambda: ip.run_cell_magic("zyntro", line, cell)) if cell is not None else (
        lambda: ip.run_line_magic("zyntro", line))
    return _catch(sweep, f"%zyntro {line}", run)


def test_magics_for_every_endpoint_and_the_inspection_commands(sweep: Collected, ip: InteractiveShell) -> None:
    for key, params in SUCCESS_CALLS.items():
        module, action = key.split("/")
        words = " ".join(f"{k}={json.dumps(v) if not isinstance(v, str) else repr(v)}" for k, v in params.items())
        _magic(sweep, ip, f"{module} {action} {words} --raw")
        _magic(sweep, ip, f"{module} {action} {words} -o result")
        sweep.add(f"{key} -o", ip.user_ns.get("result"))
    _magic(sweep, ip, "crm addNotestoContact -o noted", '{"contact_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", '
                                                       '"note": "cell body"}')
    for line in ("last", "whoami", "doctor", "history", "curl developers fetchIdentifiers",
                 "curl account fetchWallet wallet_id=w1", "help developers fetchIdentifiers", "list developers"):
        _magic(sweep, ip, line)


def test_magic_errors_with_canaries_in_the_wrong_place(sweep: Collected, ip: InteractiveShell,
                                                       canary: dict[str, str]) -> None:
    # The values come from variables, as in a shared notebook ({name} is replaced by the variable's value).
    ip.user_ns.update(secret=CANARY_SECRET, key=CANARY_KEY, other=ONE_CALL_KEY, hidden=zn.Secret(CANARY_KEY))
    for line in ("use org_id={secret}", "use member_id={key}", "use brand_id={key}", "use org_id={hidden}",
                 "crm fetchContact contact_id={key}", "crm fetchContact contact_id={key} --verbose",
                 "account fetchWallet wallet_id={hidden} --verbose", "use api_key={other}"):
        _magic(sweep, ip, line)
    _magic(sweep, ip, "account fetchOrganization --verbose")  # with the wrong key now: Invalid API Key
    _magic(sweep, ip, "whoami")


def test_forms_and_explorer_never_hold_a_canary(sweep: Collected, session: zn.Session) -> None:
    import ipywidgets as widgets

    def state(root: Any) -> str:
        """Widget state, less what the user typed into input fields (their own input, shown back to them)."""
        seen: list[str] = []
        stack = [root]
        while stack:
            widget = stack.pop()
            if isinstance(widget, widgets.Widget):
                shown = widget.get_state()
                if isinstance(widget, (widgets.Text, widgets.Textarea)):
                    shown.pop("value", None)
                seen.append(json.dumps(shown, default=str))
                stack.extend(getattr(widget, "children", ()) or ())
        return "\n".join(seen)

    for key in ("developers/fetchIdentifiers", "account/fetchWebhooks", "crm/fetchContact", "account/createWebhook"):
        module, action = key.split("/")
        form = session.form(module, action, **({"contact_id": CANARY_KEY} if key == "crm/fetchContact" else {}))
        if key == "account/createWebhook":
            form.fields["wh_name"].fill("Sync")
            form.fields["wh_endpoint"].fill(f"https://{CANARY_KEY}.example.com/hook")
        form.run()
        sweep.add(f"form {key}", [repr(form), form.code, state(form.widget), str(form.output.outputs), form.df])
        if form.error is not None:
            sweep.add(f"form {key} error", _error_views(form.error))
    explorer = zn.explorer(session)
    sweep.add("explorer", [repr(explorer), state(explorer.widget)])


# -- errors of every kind ---------------------------------------------------------------------------------


def test_errors_of_every_kind(sweep: Collected, box: Sandbox, session: zn.Session, canary: dict[str, str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    wrong_key = zn.Session(**{**canary, "api_key": ONE_CALL_KEY}, base_url=SANDBOX_BASE_URL,
                           transport=box.transport(), env={})
    cases: dict[str, Callable[[], Any]] = {
        "invalid api key": lambda: wrong_key.account.fetchOrganization(),
        "one-call api key": lambda: session.call("account", "fetchOrganization", api_key=ONE_CALL_KEY),
        "one-call secret": lambda: session.call("account", "fetchMembers", developer_secret=CANARY_SECRET + "x"),
        "key as contact id": lambda: session.crm.fetchContact(contact_id=CANARY_KEY),
        "key as org id": lambda: session.using(org_id=CANARY_KEY),
        "secret as member id": lambda: session.using(member_id=CANARY_SECRET),
        "key as brand id": lambda: session.using(brand_id=CANARY_KEY),
        "Secret as org id": lambda: session.using(org_id=zn.Secret(CANARY_KEY)),
        "key as base url": lambda: zn.Session(**canary, base_url=CANARY_KEY, env={}),
        "key as wallet id": lambda: session.account.fetchWallet(wallet_id=CANARY_KEY),
        "surrogate in a parameter": lambda: session.crm.addNotestoContact(
            contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890", note="bad \ud800 text"),
        "object parameter": lambda: session.crm.addNotestoContact(
            contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890", note=object()),
        "webhook token sent once": lambda: session.account.createWebhook(
            wh_name="Hook", wh_endpoint="http://localhost/hook", wh_events=["new_contact"], wh_auth_type="bearer",
            wh_auth_data={"token": HOOK_TOKEN}),
        "unknown parameter": lambda: session.call("crm", "fetchContact", contact_idd=CANARY_KEY),
        "uncatalogued": lambda: session.call("email", "sendEmail", to=CANARY_KEY),
        "secret none": lambda: zn.Secret(None),  # type: ignore[arg-type]
    }
    for kind, options in {"server_error": {"status": 502}, "rate_limit": {}, "not_json": {}, "truncated": {},
                          "drop": {}}.items():
        def fault(kind: str = kind, options: dict[str, Any] = options) -> Any:
            box.faults.add(kind, "account/fetchMembers", times=10, **options)
            try:
                return session.call("account", "fetchMembers", max_retries=0)
            finally:
                box.faults.clear()
        cases[f"fault {kind}"] = fault
    for variable, value in (("ZYNTRO_ORG_ID", CANARY_KEY), ("ZYNTRO_MEMBER_ID", CANARY_SECRET),
                            ("ZYNTRO_BASE_URL", CANARY_KEY), ("ZYNTRO_BRAND_ID", CANARY_SECRET)):
        def from_env(variable: str = variable, value: str = value) -> Any:
            with monkeypatch.context() as patch:
                patch.setenv(variable, value)
                return zn.connect(api_key=CANARY_KEY, current=False)
        cases[f"{variable} holds a canary"] = from_env
    for kind, action in cases.items():
        _catch(sweep, kind, action)
    sweep.add("after errors", [session.last.response, session.last.error, repr(session.last), session.history])


def test_a_server_echoing_the_request_is_redacted(sweep: Collected, canary: dict[str, str]) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        body = request.content.decode()
        if "fetchWallet" in str(request.url):
            return httpx.Response(200, json={"status": "error", "data": [f"bad request: {body}"]})
        if "fetchMembers" in str(request.url):
            return httpx.Response(500, text=f"<html><title>Error {body}</title></html>")
        return httpx.Response(200, json={"status": "success", "data": {"echo": body, "api_key": canary["api_key"]}})

    s = zn.Session(**canary, base_url="https://api.example.com", transport=httpx.MockTransport(echo), env={},
                   max_retries=0)
    _catch(sweep, "echo error", lambda: s.call("account", "fetchWallet", wallet_id="w1", api_key=ONE_CALL_KEY))
    _catch(sweep, "echo 500", lambda: s.call("account", "fetchMembers"))
    sweep.add("echo last", [s.last.response, s.last.error, repr(s.last)])
    ok = _catch(sweep, "echo success raw", lambda: s.call("account", "fetchOrganization", raw=True))
    assert ok is not None and isinstance(ok["data"]["api_key"], zn.Secret)


def test_a_base_url_with_a_password_never_shows_it(sweep: Collected, canary: dict[str, str]) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "error", "data": ["Invalid API Key"]})

    url = f"https://user:{URL_PASSWORD}@proxy.example.com"
    s = zn.Session(**{**canary, "base_url": url}, transport=httpx.MockTransport(answer), env={})
    sweep.add("session with password", [repr(s), str(s.config), s.backend])
    _catch(sweep, "password url error", lambda: s.account.fetchOrganization())
    sweep.add("password url last", [repr(s.last), s.last.url, s.history])
    from zyntro_nb._frames.snippets import curl_command

    sweep.add("password url curl", curl_command(s.prepare("account", "fetchOrganization")))


def test_the_cli_shows_no_canary(sweep: Collected, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from zyntro_nb._cli.main import main

    monkeypatch.setenv("ZYNTRO_API_KEY", CANARY_KEY)
    monkeypatch.setenv("ZYNTRO_DEVELOPER_SECRET", CANARY_SECRET)
    (tmp_path / "leak.md").write_text(f"{CANARY_KEY}\n{CANARY_SECRET}\n")
    assert main(["scan", str(tmp_path)]) == 1
    print(sys.version)
