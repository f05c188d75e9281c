"""The %zyntro magics on an in-process InteractiveShell, with a scripted server behind the session."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from tests.conftest import CANARY_KEY, CANARY_SECRET, MEMBER, ORG
from zyntro_nb._connect.current import current_session, set_current
from zyntro_nb._ipython.magics import ZyntroMagicError, ZyntroMagics
from zyntro_nb._session.session import _warned_uncatalogued

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
JANE = {"status": "success", "data": {"contact_id": CONTACT, "contact_fname": "Jane", "contact_lname": "Smith"}}





@pytest.fixture(autouse=True)
def clean(ip: InteractiveShell, no_ambient_settings: Any) -> Iterator[None]:
    """No ZYNTRO_* variables, no .env, no current session, verbose off."""
    set_current(None)
    magics = ip.magics_manager.registry["ZyntroMagics"]
    magics.verbose = False
    yield
    magics.verbose = False
    set_current(None)


@pytest.fixture
def connected(make_session: Callable[..., Any]) -> Callable[..., Any]:
    """A current session on a scripted server: ``server = connected(answer, ...)``."""

    def build(*answers: Any, **settings: Any) -> Any:
        session, server = make_session(*answers, **settings)
        set_current(session)
        return server

    return build


def z(ip: InteractiveShell, line: str) -> Any:
    return ip.run_line_magic("zyntro", line)


def zz(ip: InteractiveShell, line: str, cell: str) -> Any:
    return ip.run_cell_magic("zyntro", line, cell)


# -- calls -----------------------------------------------------------------------------------------


def test_call_returns_the_result_frame_and_sends_the_parameters(ip, connected) -> None:
    server = connected(JANE)
    df = z(ip, f"crm fetchContact contact_id={CONTACT} include_notes=1")
    assert df.loc[0, "contact_fname"] == "Jane"
    assert type(df).__name__ == "ResultFrame"
    assert server.bodies[0]["contact_id"] == CONTACT
    assert server.bodies[0]["include_notes"] == 1


def test_call_sends_json_values_with_their_types(ip, connected) -> None:
    server = connected({"status": "success", "data": []})
    z(ip, 'crm addContactsFull contact={"email": "jane@example.com", "tags": ["a", "b"]} '
          "skip_entity=true entity='{\"name\": \"Acme Inc\"}'")
    body = server.bodies[0]
    assert body["contact"] == {"email": "jane@example.com", "tags": ["a", "b"]}
    assert body["skip_entity"] is True
    assert body["entity"] == {"name": "Acme Inc"}


def test_numeric_text_for_a_string_parameter_stays_text(ip, connected) -> None:
    server = connected(JANE)
    z(ip, "crm fetchContact contact_id=12345")
    assert server.bodies[0]["contact_id"] == "12345"


def test_quoted_value_with_spaces_is_one_value(ip, connected) -> None:
    server = connected({"status": "success", "data": []})
    z(ip, "crm lookupContact search_string='Jane Smith'")
    assert server.bodies[0]["search_string"] == "Jane Smith"


def test_dollar_signs_are_not_expanded(ip, connected) -> None:
    server = connected({"status": "success", "data": []})
    ip.user_ns["HOME"] = "should-not-appear"
    ip.run_cell("%zyntro crm lookupContact search_string=$HOME")
    assert server.bodies[0]["search_string"] == "$HOME"


def test_braced_name_is_replaced_by_the_user_variable(ip, connected) -> None:
    server = connected({"status": "success", "data": []})
    ip.user_ns["payload"] = {"email": "x@example.com"}
    ip.user_ns["c"] = {"id": CONTACT}
    z(ip, "crm addContactsFull contact={payload}")
    z(ip, "crm addNotestoContact contact_id={c[\"id\"]} note='Called {c[\"id\"]} about {{renewal}}'")
    assert server.bodies[0]["contact"] == {"email": "x@example.com"}
    assert server.bodies[1]["contact_id"] == CONTACT
    assert server.bodies[1]["note"] == f"Called {CONTACT} about {{renewal}}"


def test_output_option_assigns_the_result(ip, connected) -> None:
    connected(JANE)
    returned = z(ip, f"crm fetchContact contact_id={CONTACT} -o jane")
    assert ip.user_ns["jane"] is returned
    z(ip, f"--out=again crm fetchContact contact_id={CONTACT}")
    assert ip.user_ns["again"].loc[0, "contact_fname"] == "Jane"


@pytest.mark.parametrize("name", ["1abc", "class", "a-b"], ids=["digit", "keyword", "dash"])
def test_output_option_refuses_a_non_identifier(ip, connected, name: str) -> None:
    connected(JANE)
    with pytest.raises(UsageError, match="variable name"):
        z(ip, f"crm fetchContact contact_id={CONTACT} -o {name}")


def test_raw_option_returns_the_envelope(ip, connected) -> None:
    connected(JANE)
    assert z(ip, f"crm fetchContact contact_id={CONTACT} --raw") == JANE


def test_all_pages_follows_limit_and_offset(ip, connected) -> None:
    rows = [{"ts_id": f"ts_{i}", "ts_status": "active"} for i in range(5)]

    def page(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        chunk = rows[body["offset"]: body["offset"] + body["limit"]]
        return httpx.Response(200, json={"status": "success", "data": chunk, "count": len(rows)})

    server = connected(page)
    df = z(ip, "edge getEnrollments status=active limit=2 --all-pages")
    assert list(df["ts_id"]) == [r["ts_id"] for r in rows]
    assert [b["offset"] for b in server.bodies] == [0, 2, 4]


def test_trailing_semicolon_hides_the_result_but_still_assigns(ip, connected) -> None:
    connected(JANE)
    assert z(ip, f"crm fetchContact contact_id={CONTACT} -o quiet;") is None
    assert ip.user_ns["quiet"].loc[0, "contact_fname"] == "Jane"


def test_call_subcommand_reaches_the_same_endpoint(ip, connected) -> None:
    server = connected(JANE)
    z(ip, f"call crm fetchContact contact_id={CONTACT}")
    assert server.requests[0].url.path.endswith("/crm/fetchContact")


def test_uncatalogued_endpoint_is_sent_with_a_warning(ip, connected) -> None:
    _warned_uncatalogued.discard("email/sendEmail")
    server = connected({"status": "success", "data": {"sent": True}})
    with pytest.warns(zn.UncataloguedEndpointWarning, match="email/sendEmail"):
        z(ip, 'email sendEmail to=jane@example.com data={"a": 1}')
    assert server.bodies[0]["data"] == {"a": 1}


@pytest.mark.parametrize(
    ("line", "suggestion"),
    [("crm fetchContatc contact_id=x", "fetchContact"), ("crmm fetchContact contact_id=x", "crm fetchContact")],
    ids=["action-typo", "module-typo"],
)
def test_likely_typo_is_stopped_with_a_suggestion(ip, connected, line: str, suggestion: str) -> None:
    server = connected(JANE)
    with pytest.raises(UsageError, match=f"did you mean {suggestion}"):
        z(ip, line)
    assert server.requests == []


def test_force_sends_a_likely_typo_as_typed(ip, connected) -> None:
    _warned_uncatalogued.discard("crm/fetchContatc")
    server = connected(JANE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z(ip, "crm fetchContatc contact_id=x --force")
    assert server.requests[0].url.path.endswith("/crm/fetchContatc")


# -- argument errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "needs a subcommand"),
        ("crm", "missing ACTION"),
        ("crm fetchContact stray", "expected key=value"),
        ("crm fetchContact --bogus", "unknown option"),
        ("crm fetchContact -o", "needs a value"),
        ("crm fetchContact contact_id='x", "unclosed quote"),
        ("crm fetchContact contact_id={nope}", "not defined"),
        ("crm fetchContact contact_id=a contact_id=b", "given twice"),
        (f"crm fetchContact contact_id={CONTACT} raw=true", "use --raw"),
        ("connect --sandbox --env", "cannot be combined"),
        ("connect extra", "takes only"),
        ("use brand_id", "key=value pairs only"),
        ("use user_email=x", "unknown identifier"),
        ("use", "at least one"),
        ("list crm x=1", "not key=value"),
        ("list crmm", "did you mean crm"),
        ("help crm", "missing ACTION"),
        ("help email sendEmail", "not in the catalog"),
        ("whoami now", "takes no arguments"),
    ],
    ids=["empty", "missing-action", "stray-word", "unknown-option", "option-without-value", "unclosed-quote",
         "undefined-name", "repeated-key", "reserved-key", "connect-conflict", "connect-positional",
         "use-without-value", "use-unknown", "use-nothing", "list-pairs", "list-typo", "help-missing-action",
         "help-uncatalogued", "whoami-arguments"],
)
def test_argument_mistakes_raise_usage_error(ip, connected, line: str, message: str) -> None:
    connected(JANE)
    with pytest.raises(UsageError, match=message):
        z(ip, line)


def test_argument_error_never_raises_system_exit(ip) -> None:
    result = ip.run_cell("%zyntro crm fetchContact --bogus")
    assert isinstance(result.error_in_exec, UsageError)


# -- --expand --------------------------------------------------------------------------------------------


def test_expand_option_gives_the_records_as_their_own_table_keyed_by_the_parent(ip) -> None:
    z(ip, "connect --sandbox")
    notes = z(ip, f"crm fetchContact contact_id={CONTACT} include_notes=1 --expand notes -o notes")
    parent = current_session().crm.fetchContact(contact_id=CONTACT, include_notes=1)
    assert ip.user_ns["notes"] is notes
    assert list(notes.columns) == list(zn.expand(parent, "notes").columns)
    assert len(notes) == len(parent.loc[0, "notes"]) > 0 and set(notes["contact_id"]) == {CONTACT}
    assert repr(notes).splitlines()[0].startswith("crm/fetchContact → notes")


def test_expand_option_works_in_a_cell_and_with_equals(ip) -> None:
    z(ip, "connect --sandbox")
    profiles = zz(ip, "crm fetchContact --expand=profile", f"contact_id: {CONTACT}\ninclude_profile: 1\n")
    assert len(profiles) > 0 and profiles.columns[0] == "contact_id"


# -- cell magic ----------------------------------------------------------------------------------------


def test_cell_body_json_object_gives_the_parameters(ip, connected) -> None:
    server = connected({"status": "success", "data": []})
    zz(ip, "crm addContactsFull", '{"contact": {"email": "jane@example.com"}, "debug": true}\n')
    assert server.bodies[0]["contact"] == {"email": "jane@example.com"}
    assert server.bodies[0]["debug"] is True


def test_cell_body_key_value_lines_and_line_pairs_win(ip, connected) -> None:
    server = connected(JANE)
    ip.user_ns["cid"] = CONTACT
    df = zz(ip, "crm fetchContact include_notes=1 -o cell_df", "contact_id: {cid}\ninclude_notes: 0\n")
    assert server.bodies[0]["contact_id"] == CONTACT
    assert server.bodies[0]["include_notes"] == 1
    assert ip.user_ns["cell_df"] is df


def test_cell_body_lines_read_quotes_and_text_parameters_like_the_line_form(ip, connected) -> None:
    server = connected(JANE)
    zz(ip, "crm addNotestoContact", "contact_id: 12345\nnote: 'Called back'\n")
    z(ip, "crm addNotestoContact contact_id=12345 note='Called back'")
    assert server.bodies[0]["contact_id"] == server.bodies[1]["contact_id"] == "12345"
    assert server.bodies[0]["note"] == server.bodies[1]["note"] == "Called back"


def test_cell_body_with_bad_json_points_at_the_cell_line(ip, connected) -> None:
    server = connected(JANE)
    with pytest.raises(UsageError, match="line 3, column 24 of the cell"):
        zz(ip, "crm addContactsFull", '{\n  "contact": {"email": }\n}')
    assert server.requests == []


def test_cell_body_on_a_subcommand_without_parameters_is_refused(ip) -> None:
    with pytest.raises(UsageError, match="takes no cell body"):
        zz(ip, "whoami", "x: 1")


def test_cell_curl_uses_the_body(ip, connected, capsys) -> None:
    connected(JANE)
    zz(ip, "curl crm fetchContact", f"contact_id: {CONTACT}")
    assert CONTACT in capsys.readouterr().out


# -- subcommands -----------------------------------------------------------------------------------------


def test_connect_sandbox_sets_the_current_session(ip, capsys) -> None:
    z(ip, "connect --sandbox")
    session = current_session()
    assert session.is_sandbox
    assert "SANDBOX" in capsys.readouterr().out


def test_connect_env_uses_the_zyntro_variables(ip, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ZYNTRO_API_KEY", CANARY_KEY)
    monkeypatch.setenv("ZYNTRO_DEVELOPER_SECRET", CANARY_SECRET)
    monkeypatch.setenv("ZYNTRO_ORG_ID", ORG)
    z(ip, "connect --env --base-url https://eu.zyntro.test")
    out = capsys.readouterr().out
    assert current_session().config.org_id == ORG
    assert current_session().config.base_url == "https://eu.zyntro.test"
    assert CANARY_KEY not in out and CANARY_SECRET not in out
    assert "redacted" in out


def test_connect_without_credentials_explains_what_to_set(ip) -> None:
    with pytest.raises(ZyntroMagicError) as info:
        z(ip, "connect")
    assert "ZYNTRO_*" in info.value.error.fix and "--sandbox" in info.value.error.fix
    assert current_session(required=False) is None


def test_whoami_shows_backend_and_redacted_identifiers(ip, connected, capsys) -> None:
    connected(JANE)
    z(ip, "whoami")
    out = capsys.readouterr().out
    assert "https://app.zyntrohq.com" in out
    assert "org_id           42cc1aca…" in out
    assert CANARY_KEY not in out and CANARY_SECRET not in out and ORG not in out


def test_whoami_without_a_session_says_how_to_connect(ip, capsys) -> None:
    z(ip, "whoami")
    assert "%zyntro connect --sandbox" in capsys.readouterr().out


def test_use_switches_the_current_session(ip, connected, capsys) -> None:
    server = connected(JANE)
    z(ip, "use brand_id=2")
    assert current_session().config.brand_id == "2"
    z(ip, f"crm fetchContact contact_id={CONTACT}")
    assert server.bodies[0]["brand_id"] == "2"
    assert "brand=2" in capsys.readouterr().out


def test_use_with_a_malformed_identifier_is_a_short_error(ip, connected) -> None:
    connected(JANE)
    with pytest.raises(ZyntroMagicError, match="member_id is not a UUID"):
        z(ip, "use member_id=nope")


def test_list_shows_every_catalogued_endpoint(ip) -> None:
    table = z(ip, "list")
    text = str(table)
    assert len(table.rows) == len(zn.catalog)
    assert "fetchContact" in text and "getEnrollments" in text
    assert "<table>" in table._repr_html_()


def test_list_module_shows_only_that_module(ip) -> None:
    table = z(ip, "list edge")
    assert {row[0] for row in table.rows} == {"edge"}
    assert "getEnrollments" in str(table)


def test_help_shows_parameters_identifiers_and_a_magic_example(ip, capsys) -> None:
    z(ip, "help crm fetchContact")
    out = capsys.readouterr().out
    assert "contact_id (string; required)" in out
    assert "Identifiers required: api_key, developer_secret, org_id, member_id" in out
    assert "%zyntro crm fetchContact contact_id=…" in out


def test_help_typo_suggests_the_action(ip) -> None:
    with pytest.raises(UsageError, match="did you mean fetchContact"):
        z(ip, "help crm fetchContat")


def test_curl_prints_a_redacted_command_and_sends_nothing(ip, connected, capsys) -> None:
    server = connected(JANE)
    z(ip, f"curl crm fetchContact contact_id={CONTACT}")
    out = capsys.readouterr().out
    assert out.startswith("curl -X POST https://app.zyntrohq.com/apis/v2/public/crm/fetchContact")
    assert CONTACT in out and '"\'"$ZYNTRO_API_KEY"\'"' in out
    assert CANARY_KEY not in out and CANARY_SECRET not in out
    assert server.requests == []


def test_last_shows_the_redacted_exchange(ip, connected, capsys) -> None:
    connected(JANE)
    z(ip, f"crm fetchContact contact_id={CONTACT}")
    capsys.readouterr()
    z(ip, "last")
    out = capsys.readouterr().out
    assert "POST https://app.zyntrohq.com/apis/v2/public/crm/fetchContact" in out
    assert '"contact_fname": "Jane"' in out and "HTTP 200" in out
    assert CANARY_KEY not in out and CANARY_SECRET not in out


def test_last_before_any_request_says_so(ip, connected, capsys) -> None:
    connected(JANE)
    z(ip, "last")
    assert "no request has been sent" in capsys.readouterr().out


def test_form_without_the_widget_module_prints_a_clear_message(ip, connected, monkeypatch, capsys) -> None:
    connected(JANE)
    monkeypatch.setitem(sys.modules, "zyntro_nb._widgets.form", None)  # makes the import fail
    assert z(ip, "form crm fetchContact") is None
    assert "zyntro form needs ipywidgets" in capsys.readouterr().err


def test_form_returns_the_widget_form_when_available(ip, connected, monkeypatch) -> None:
    connected(JANE)
    made = {}

    class FakeForm:
        def __init__(self, session: Any, module: str, action: str, **values: Any) -> None:
            made.update(module=module, action=action, values=values)

    fake = type(sys)("zyntro_nb._widgets.form")
    fake.EndpointForm = FakeForm  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "zyntro_nb._widgets.form", fake)
    assert isinstance(z(ip, f"form crm fetchContact contact_id={CONTACT}"), FakeForm)
    assert made == {"module": "crm", "action": "fetchContact", "values": {"contact_id": CONTACT}}


def test_doctor_returns_a_report(ip, connected) -> None:
    connected(
        {"status": "success",
         "data": {"org_id": ORG, "brands": [{"brand_id": "1"}], "members": [{"member_id": MEMBER}]}},
        {"status": "success", "data": [{"member_id": MEMBER, "member_name": "Jane Smith"}]},
    )
    report = z(ip, "doctor")
    assert report.ok, report.to_text()
    assert CANARY_SECRET not in report.to_text() and CANARY_KEY not in report.to_html()


# -- errors and connection rules ----------------------------------------------------------------------


def test_api_error_is_short_and_names_type_message_and_fix(ip, connected) -> None:
    connected({"status": "error", "data": ["Invalid API Key"]})
    with pytest.raises(ZyntroMagicError) as info:
        z(ip, f"crm fetchContact contact_id={CONTACT}")
    lines = info.value._render_traceback_()
    assert len(lines) == 2
    assert "AuthenticationError: Invalid API Key (crm/fetchContact)" in lines[0]
    assert "Fix: copy the key again" in lines[1]
    assert lines[0].startswith("\x1b[31m")  # red


def test_api_error_in_a_cell_prints_no_traceback(ip, connected, capsys) -> None:
    connected({"status": "error", "data": ["IP address not whitelisted"]})
    result = ip.run_cell(f"%zyntro crm fetchContact contact_id={CONTACT}")
    out = capsys.readouterr()
    assert isinstance(result.error_in_exec, ZyntroMagicError)
    assert "PermissionDeniedError: IP address not whitelisted" in out.out + out.err
    assert "Traceback" not in out.out + out.err


def test_verbose_option_shows_the_full_traceback(ip, connected, capsys) -> None:
    connected({"status": "error", "data": ["Invalid API Key"]})
    with pytest.raises(zn.AuthenticationError):
        z(ip, f"crm fetchContact contact_id={CONTACT} --verbose")
    ip.run_cell(f"%zyntro crm fetchContact contact_id={CONTACT} --verbose")
    out = capsys.readouterr()
    assert "Traceback" in out.out + out.err


def test_verbose_config_switch_shows_the_full_traceback(ip, connected) -> None:
    connected({"status": "error", "data": ["Invalid API Key"]})
    ip.run_line_magic("config", "ZyntroMagics.verbose = True")
    assert ip.magics_manager.registry["ZyntroMagics"].verbose is True
    with pytest.raises(zn.AuthenticationError):
        z(ip, f"crm fetchContact contact_id={CONTACT}")


def test_colours_are_off_with_nocolor(ip, connected, monkeypatch) -> None:
    connected({"status": "error", "data": ["Invalid API Key"]})
    monkeypatch.setattr(ip, "colors", "nocolor")
    with pytest.raises(ZyntroMagicError) as info:
        z(ip, f"crm fetchContact contact_id={CONTACT}")
    assert "\x1b[" not in "".join(info.value._render_traceback_())


def test_parameter_error_is_shown_short(ip, connected) -> None:
    server = connected(JANE)
    with pytest.raises(ZyntroMagicError, match="missing required parameter 'contact_id'"):
        z(ip, "crm fetchContact")
    assert server.requests == []


def test_first_call_without_credentials_explains_how_to_configure(ip) -> None:
    with pytest.raises(ZyntroMagicError) as info:
        z(ip, f"crm fetchContact contact_id={CONTACT}")
    text = "\n".join(info.value._render_traceback_())
    assert "ConfigurationError: no Zyntro session and no credentials configured" in text
    assert "ZYNTRO_API_KEY" in text and "%zyntro connect --sandbox" in text
    assert current_session(required=False) is None


def test_first_call_with_env_credentials_connects_from_env_and_says_so(ip, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ZYNTRO_API_KEY", CANARY_KEY)
    monkeypatch.setenv("ZYNTRO_DEVELOPER_SECRET", CANARY_SECRET)
    monkeypatch.setenv("ZYNTRO_ORG_ID", ORG)
    monkeypatch.setenv("ZYNTRO_MEMBER_ID", MEMBER)
    z(ip, f"curl crm fetchContact contact_id={CONTACT}")  # curl sends nothing
    err = capsys.readouterr().err
    assert "connected with the ZYNTRO_* settings" in err and CANARY_KEY not in err
    assert current_session().config.member_id == MEMBER
    z(ip, f"curl crm fetchContact contact_id={CONTACT}")
    assert "connected with" not in capsys.readouterr().err


# -- completion --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected", "absent"),
    [
        ("%zyntro ", ["connect", "doctor", "crm", "edge"], ["fetchContact"]),
        ("%zyntro co", ["connect"], ["crm"]),
        ("%zyntro crm fe", ["fetchContact"], ["lookupContact"]),
        ("%zyntro crm fetchContact contact_", ["contact_id="], []),
        ("%zyntro crm fetchContact include_n", ["include_notes="], []),
        ("%zyntro edge getEnrollments status=", ["active", "paused", "cancelled"], []),
        ("%zyntro edge getEnrollments status=pa", ["paused"], ["active"]),
        ("%zyntro crm fetchContact --a", ["--all-pages"], []),
        ("%zyntro connect --", ["--sandbox", "--env", "--base-url", "--bootstrap"], ["--raw"]),
        ("%zyntro help crm fetchC", ["fetchContact"], []),
        ("%zyntro list e", ["edge"], ["crm"]),
        ("%zyntro use br", ["brand_id="], []),
        ("%zyntro use ap", ["api_key="], []),
        ("%%zyntro crm fe", ["fetchContact"], []),
        ("df = %zyntro crm fe", ["fetchContact"], []),
        ("%zyntro -o df crm fe", ["fetchContact"], []),
        ("%zyntro crm fetchContact --ex", ["--expand"], []),
        ("%zyntro crm fetchContact contact_id=x include_notes=1 --expand ", ["notes", "profile"], ["contact_id="]),
        ("%zyntro crm fetchContact --expand n", ["notes"], ["profile"]),
        ("%zyntro crm lookupContact search_string=x --expand -o df", [], ["notes"]),
        ("%zyntro edge getEnrollments --expand ", [], ["status="]),
        ("%zyntro curl crm fetchContact --ex", [], ["--expand"]),
    ],
    ids=["subcommands-and-modules", "subcommand-prefix", "actions", "parameter-name", "flag-parameter",
         "enum-values", "enum-prefix", "call-option", "connect-options", "help-action", "list-module",
         "use-identifier", "use-api-key", "cell-first-line", "assignment", "after-output-option",
         "expand-option", "expand-fields", "expand-prefix", "after-expand-value", "expand-nothing-known",
         "expand-not-for-curl"],
)
def test_completion_offers_catalog_names(ip, line: str, expected: list[str], absent: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        _, matches = ip.complete("", line, len(line))
    for name in expected:
        assert name in matches
    for name in absent:
        assert name not in matches


def test_completion_works_through_the_provisional_completer_api(ip) -> None:
    from IPython.core.completer import provisionalcompleter

    line = "%zyntro crm fetchContact contact_"
    with provisionalcompleter():
        found = list(ip.Completer.completions(line, len(line)))
    assert [c.text for c in found] == ["contact_id="]
    assert line[found[0].start:found[0].end] == "contact_"


def test_completion_of_expand_equals_offers_only_the_field_part(ip) -> None:
    from IPython.core.completer import provisionalcompleter

    line = "%zyntro crm lookupContact search_string=Jane --expand=pro"
    with provisionalcompleter():
        found = list(ip.Completer.completions(line, len(line)))
    assert [line[:c.start] + c.text for c in found] == ["%zyntro crm lookupContact search_string=Jane --expand=profile"]


def test_completion_in_a_cell_body_offers_parameter_names(ip) -> None:
    from IPython.core.completer import provisionalcompleter

    cell = "%%zyntro crm fetchContact\ninclude_"
    with provisionalcompleter():
        texts = [c.text for c in ip.Completer.completions(cell, len(cell))]
    assert "include_notes: " in texts


def test_completion_leaves_other_lines_alone(ip, monkeypatch) -> None:
    monkeypatch.setattr(ip.Completer, "use_jedi", False)  # the namespace matcher, without jedi's analysis
    ip.user_ns["zyntro_value"] = 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        _, matches = ip.complete("", "zyntro_v", 8)
    assert matches == ["zyntro_value"]


# -- loading -----------------------------------------------------------------------------------------------


def test_reload_keeps_one_magic_one_configurable_and_one_matcher(ip) -> None:
    ip.run_line_magic("reload_ext", "zyntro_nb")
    assert sum(isinstance(c, ZyntroMagics) for c in ip.configurables) == 1
    assert sum(getattr(m, "__name__", "") == "zyntro_matcher" for m in ip.Completer.custom_matchers) == 1
    assert "zyntro" in ip.magics_manager.magics["line"] and "zyntro" in ip.magics_manager.magics["cell"]


def test_unload_removes_the_magics_and_the_matcher(ip) -> None:
    ip.run_line_magic("unload_ext", "zyntro_nb")
    try:
        assert "zyntro" not in ip.magics_manager.magics["line"]
        assert not any(getattr(m, "__name__", "") == "zyntro_matcher" for m in ip.Completer.custom_matchers)
    finally:
        ip.run_line_magic("load_ext", "zyntro_nb")
    assert "zyntro" in ip.magics_manager.magics["line"]


def test_load_ext_imports_neither_pandas_nor_ipywidgets(tmp_path) -> None:
    script = textwrap.dedent("""
        import sys
        from IPython.core.interactiveshell import InteractiveShell
        ip = InteractiveShell.instance()
        ip.run_line_magic("load_ext", "zyntro_nb")
        assert "zyntro" in ip.magics_manager.magics["line"]
        print(sorted(m for m in ("pandas", "ipywidgets", "numpy") if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_magic_docstring_is_the_usage(ip) -> None:
    doc = ip.find_line_magic("zyntro").__doc__
    assert "%zyntro connect [--sandbox [--new] | --env | --base-url URL]" in doc
    assert "{{ and }}" in doc


def test_help_without_arguments_prints_usage_and_modules(ip: InteractiveShell, capsys) -> None:
    ip.run_line_magic("zyntro", "help")
    out = capsys.readouterr().out
    assert out.startswith("%zyntro MODULE ACTION") and "Modules: account, calendar, crm" in out
