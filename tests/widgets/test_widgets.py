"""Endpoint forms and the explorer, driven through the widget API without a browser.

Calls go to an ``httpx.MockTransport`` (and to the in-process sandbox when it is
importable); every request the fake sees is recorded, so tests can assert that
a refused run sent nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import ipywidgets as widgets
import pytest

import zyntro_nb as zn
from zyntro_nb._widgets.explorer import Debounce, Explorer
from zyntro_nb._widgets.form import EndpointForm
from zyntro_nb._widgets.rules import (
    CheckField,
    ChoiceField,
    DateTimeField,
    FloatField,
    IntegerField,
    JsonField,
    RequiredFloatField,
    RequiredIntegerField,
    TextField,
)

ORG = "42cc1aca-3aa5-4339-98d2-480b5b89937b"
MEMBER = "f2470c7f-60b1-4491-b117-8ba0e3e2a53b"
CONTACT_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
# Distinctive middles and tails: only the first 4 characters of a secret may ever be shown, and a
# shortened table cell must not show a secret's middle either.
KEY_MID, KEY_TAIL = "KEYMID7Q", "QX7ZKEYTAIL"
SECRET_MID, SECRET_TAIL = "SECMID7Q", "QX7ZSECRETTAIL"
CANARY_KEY = f"CNRY-{KEY_MID}-0123456789-abcdef-{KEY_TAIL}"
CANARY_SECRET = f"zdk_{SECRET_MID}_0123456789_{SECRET_TAIL}"


class FakeAPI:
    """Answers like the API; ``reply`` maps ``module/action`` to a function of the body."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.reply: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}
        self.during_call: Callable[[], None] | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        if self.during_call:
            self.during_call()
        module, action = request.url.path.rstrip("/").split("/")[-2:]
        answer = self.reply.get(f"{module}/{action}", lambda _b: {"status": "success", "data": []})
        return httpx.Response(200, json=answer(body))


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


def make_session(api: FakeAPI, api_key: str = "UYUJH-XXXX-1", secret: str = "zdk_example") -> zn.Session:
    return zn.Session(api_key=api_key, developer_secret=secret, org_id=ORG, brand_id=1, member_id=MEMBER,
                      transport=httpx.MockTransport(api), env={})


@pytest.fixture
def session(api: FakeAPI) -> Iterator[zn.Session]:
    s = make_session(api)
    yield s
    s.close()


def contact(body: dict[str, Any]) -> dict[str, Any]:
    return {"status": "success", "data": {"contact_id": body["contact_id"], "contact_fname": "Jane",
                                          "contact_lname": "Smith"}}


def all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    """Every widget reachable from ``root`` through any trait (children, layout, style, …)."""
    seen: dict[int, widgets.Widget] = {}
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen[id(widget)] = widget
        for name in widget.keys:
            value = getattr(widget, name)
            items = value if isinstance(value, (list, tuple)) else [value]
            stack.extend(item for item in items if isinstance(item, widgets.Widget))
    return list(seen.values())


def state_text(root: widgets.Widget) -> str:
    return "\n".join(json.dumps(w.get_state(), default=str) for w in all_widgets(root))


def shown(form: EndpointForm, mime: str = "text/plain") -> str:
    return "\n".join(o["data"].get(mime, "") for o in form.output.outputs)


# -- building --------------------------------------------------------------------------------------


def expected_field(param: zn.Param) -> type:
    """The field class the house rules promise, restated independently of the rule chain."""
    if param.type in ("object", "array", "mixed", "string|object"):
        return JsonField
    if param.type == "boolean" or (param.type == "integer" and param.enum and set(param.enum) == {0, 1}):
        return CheckField
    if param.enum:
        return ChoiceField
    if param.type == "string" and (param.name == "start_date" or param.name.endswith(("_date", "_time", "_at"))):
        return DateTimeField
    if param.type == "integer":
        return RequiredIntegerField if param.required else IntegerField
    if param.type == "float":
        return RequiredFloatField if param.required else FloatField
    return TextField


@pytest.mark.parametrize("endpoint", list(zn.catalog), ids=lambda e: e.key)
def test_every_catalogued_endpoint_builds_with_the_promised_widgets(session, api, endpoint):
    form = EndpointForm(session, endpoint.module, endpoint.action)
    assert list(form.fields) == [p.name for p in endpoint.params]
    for param in endpoint.params:
        assert type(form.fields[param.name]) is expected_field(param), param.name
    assert form.value == {}
    assert api.bodies == []  # building sends nothing


def test_header_shows_summary_and_notes(session):
    endpoint = zn.catalog.get("crm", "fetchContact")
    form = EndpointForm(session, "crm", "fetchContact")
    assert endpoint.summary.split("<")[0][:20] in form.header.value
    assert "crm/fetchContact" in form.header.value
    assert "your IP must be on the developer key&#x27;s whitelist" in form.header.value  # from the notes


def test_prefill_values_fill_the_fields(session):
    form = EndpointForm(session, "crm", "fetchContact", contact_id=CONTACT_ID, include_notes=1)
    assert form.fields["contact_id"].widget.value == CONTACT_ID
    assert form.fields["include_notes"].widget.value is True
    assert form.value == {"contact_id": CONTACT_ID, "include_notes": 1}


def test_catalog_default_is_shown_but_not_sent(session):
    form = EndpointForm(session, "edge", "getEnrollments")
    assert form.fields["limit"].widget.placeholder == "default: 50"
    assert "limit" not in form.value


@pytest.mark.parametrize(
    ("values", "param", "match"),
    [
        ({"contact_idd": "x"}, "contact_idd", "no parameter"),
        ({"include_notes": 2}, "include_notes", "not one of"),
        ({"contact_id": 5}, "contact_id", "must be text"),
    ],
    ids=["unknown-name", "bad-enum", "wrong-type"],
)
def test_prefill_is_validated_before_widgets_are_built(session, values, param, match):
    with pytest.raises(zn.ParameterError, match=match) as info:
        EndpointForm(session, "crm", "fetchContact", **values)
    assert info.value.param == param


def test_prefill_that_a_date_field_cannot_show_is_refused(session):
    with pytest.raises(zn.ParameterError) as info:
        EndpointForm(session, "calendar", "checkAvailability", start_date="now")
    assert info.value.param == "start_date"


def test_uncatalogued_endpoint_gets_one_json_box_and_a_suggestion(session):
    form = EndpointForm(session, "crm", "fetchContactz", contact_id="x")
    assert list(form.fields) == ["parameters"]
    assert isinstance(form.fields["parameters"].widget, widgets.Textarea)
    assert form.value == {"contact_id": "x"}
    assert "fetchContact" in form.header.value


def test_zn_form_and_session_form_build_endpoint_forms(session):
    assert isinstance(zn.form("crm", "lookupContact", session=session), EndpointForm)
    assert session.form("crm", "lookupContact").key == "crm/lookupContact"


def test_form_displays_as_its_root_widget(session):
    form = EndpointForm(session, "crm", "lookupContact")
    bundle = form._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == form.widget.model_id


def test_identifiers_are_shortened_like_the_session_repr(session):
    assert "org=42cc1aca…" in repr(session)
    form = EndpointForm(session, "crm", "fetchContact")
    text = form.identifiers.value
    assert ORG not in text and MEMBER not in text
    assert "42cc1aca…" in text and "f2470c7f…" in text and "UYUJ…(redacted)" in text


def test_saved_form_shows_a_static_summary_where_widget_state_is_missing(session):
    form = EndpointForm(session, "crm", "fetchContact", contact_id=CONTACT_ID, include_notes=1)
    bundle = form._repr_mimebundle_()
    page = bundle["text/html"]
    assert "crm/fetchContact" in page and "run the cell to use the form" in page
    for name in form.fields:
        assert f"<b>{name}</b>" in page
    assert CONTACT_ID in page  # the values typed so far
    assert "%zyntro crm fetchContact" in page
    assert ORG not in page and "42cc1aca…" in page
    assert "VBox(" not in bundle["text/plain"]
    assert bundle["text/plain"].startswith("crm/fetchContact — ")
    assert re.search(rf"\n  contact_id\* +{CONTACT_ID}\n", bundle["text/plain"])


def test_static_summary_includes_the_last_result(session, api):
    api.reply["crm/fetchContact"] = contact
    form = EndpointForm(session, "crm", "fetchContact", contact_id=CONTACT_ID)
    form.run()
    page = form._repr_mimebundle_()["text/html"]
    assert "✓ 1 row" in page and "<table" in page and "Jane" in page


def test_static_summary_includes_the_last_failure(session, api):
    form = EndpointForm(session, "crm", "fetchContact")
    form.run()
    bundle = form._repr_mimebundle_()
    assert "Last run failed: ParameterError: contact_id is required" in bundle["text/html"]
    assert "last run failed: contact_id is required" in bundle["text/plain"]
    assert api.bodies == []


def test_static_summary_marks_invalid_fields(session):
    form = EndpointForm(session, "edge", "getEnrollments")
    form.fields["limit"].widget.value = "ten"
    bundle = form._repr_mimebundle_()
    assert html.escape("limit must be a whole number, not 'ten'") in bundle["text/html"]
    assert "✗ ten" in bundle["text/plain"]


def test_explorer_shows_a_static_summary_too(session):
    explorer = Explorer(session)
    explorer.search.value = "wallet"
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Endpoint explorer" in bundle["text/html"] and "account/fetchWallet" in bundle["text/html"]
    assert "search the catalog" in bundle["text/html"]
    assert bundle["text/plain"].startswith("<Explorer 41 endpoints, showing account/fetchWallet>")


def test_no_secret_reaches_the_static_summary():
    api = _canary_api()
    with make_session(api, CANARY_KEY, CANARY_SECRET) as s:
        form = EndpointForm(s, "crm", "fetchContact", contact_id=CONTACT_ID)
        form.run()
        bundle = form._repr_mimebundle_()
        for needle in (CANARY_KEY, CANARY_SECRET, KEY_MID, KEY_TAIL, SECRET_MID, SECRET_TAIL):
            assert needle not in json.dumps(bundle)


# -- running ---------------------------------------------------------------------------------------


def test_run_button_calls_and_shows_the_dataframe(session, api):
    api.reply["crm/fetchContact"] = contact
    form = EndpointForm(session, "crm", "fetchContact")
    form.fields["contact_id"].value = CONTACT_ID
    form.fields["include_notes"].widget.value = True
    form.run_button.click()
    assert api.bodies[-1]["contact_id"] == CONTACT_ID
    assert api.bodies[-1]["include_notes"] == 1
    assert "include_profile" not in api.bodies[-1]
    assert form.df.loc[0, "contact_fname"] == "Jane"
    assert form.result is form.df
    assert form.error is None
    assert "Jane" in shown(form, "text/html") and "<table" in shown(form, "text/html")
    assert "crm/fetchContact · 1 row" in shown(form)


def test_run_returns_the_dataframe(session, api):
    api.reply["crm/fetchContact"] = contact
    form = EndpointForm(session, "crm", "fetchContact", contact_id=CONTACT_ID)
    df = form.run()
    assert df is form.df
    assert df.loc[0, "contact_lname"] == "Smith"


def test_shown_rows_are_limited_but_the_dataframe_is_whole(session, api):
    api.reply["edge/getEnrollments"] = lambda _b: {"status": "success", "data": [{"n": i} for i in range(30)]}
    form = EndpointForm(session, "edge", "getEnrollments")
    form.max_rows = 5
    df = form.run()
    assert len(df) == 30
    assert "25 more rows" in shown(form)


def test_button_is_busy_during_the_call_and_restored_after(session, api):
    form = EndpointForm(session, "crm", "fetchContact", contact_id=CONTACT_ID)
    seen: list[tuple[bool, str, str]] = []
    api.during_call = lambda: seen.append(
        (form.run_button.disabled, form.run_button.description, form.run_button.icon))
    api.reply["crm/fetchContact"] = contact
    form.run_button.click()
    assert seen == [(True, "Running…", "spinner")]
    assert (form.run_button.disabled, form.run_button.description) == (False, "Run")


def test_button_is_restored_after_an_error(session, api):
    api.reply["crm/fetchContact"] = lambda _b: {"status": "error", "data": ["Contact not found"]}
    form = EndpointForm(session, "crm", "fetchContact", contact_id=CONTACT_ID)
    form.run_button.click()
    assert isinstance(form.error, zn.NotFoundError)
    assert (form.run_button.disabled, form.run_button.description, form.run_button.icon) == (False, "Run", "play")


def test_missing_required_field_is_refused_at_the_field_without_sending(session, api):
    form = EndpointForm(session, "crm", "fetchContact")
    assert form.run() is None
    assert api.bodies == []
    assert isinstance(form.error, zn.ParameterError)
    assert form.error.param == "contact_id"
    assert "required" in form.fields["contact_id"].message.value
    form.fields["contact_id"].value = CONTACT_ID
    assert form.fields["contact_id"].message.value == ""  # cleared live once filled


def test_invalid_json_shows_line_and_column_and_run_refuses(session, api):
    form = EndpointForm(session, "calendar", "createEvent", contact_id=CONTACT_ID)
    form.fields["event_data"].widget.value = '{\n  "calendar_id": "c1",\n  "event_title": }'
    message = form.fields["event_data"].message.value
    assert "line 3, column" in message and "#b91c1c" in message  # shown live, in red
    form.run_button.click()
    assert api.bodies == []
    assert form.error.param == "event_data"


def test_every_failing_field_shows_its_own_fix(session, api):
    form = EndpointForm(session, "calendar", "checkAvailability")
    form.fields["days_ahead"].widget.value = "a week"
    form.fields["start_date"].time.value = "25:00"
    form.fields["start_date"].date.value = dt.date(2026, 4, 1)
    assert form.run() is None
    assert api.bodies == []
    days = form.fields["days_ahead"].message.value
    start = form.fields["start_date"].message.value
    assert "days_ahead must be a whole number" in days and "Fix: type a whole number" in days
    assert "is not a time of day" in start and "Fix: use hours 00-23" in start
    missing = [n for n, f in form.fields.items() if f.param.required]
    for name in missing:
        assert f"Fix: fill in {name}" in form.fields[name].message.value
    assert form.error.param == "calendar_id"  # the first in the form's order
    assert "fields need attention" in form.error.message
    assert "days_ahead" in form.status.value and "start_date" in form.status.value


def test_server_error_is_shown_with_its_documented_fix(session, api):
    api.reply["edge/getCustomer"] = lambda _b: {"status": "error", "errors": ["Billing customer not found"]}
    form = EndpointForm(session, "edge", "getCustomer", bc_id="bc_missing")
    assert form.run() is None
    assert isinstance(form.error, zn.NotFoundError)
    assert form.df is None
    assert "Billing customer not found" in shown(form)
    assert "Fix: create one with edge/createCustomer" in shown(form)


def test_server_error_naming_a_field_is_shown_at_that_field(session, api):
    api.reply["crm/fetchContact"] = lambda _b: {"status": "error", "data": ["contact_id must be a valid UUID"]}
    form = EndpointForm(session, "crm", "fetchContact", contact_id="nope")
    form.run()
    assert "must be a valid UUID" in form.fields["contact_id"].message.value


def test_a_failed_run_clears_the_previous_result(session, api):
    api.reply["crm/fetchContact"] = contact
    form = EndpointForm(session, "crm", "fetchContact", contact_id=CONTACT_ID)
    form.run()
    api.reply["crm/fetchContact"] = lambda _b: {"status": "error", "data": ["Contact not found"]}
    form.run()
    assert form.df is None
    assert "Jane" not in shown(form)


def test_uncatalogued_form_sends_its_json_parameters(session, api):
    form = EndpointForm(session, "crm", "fetchSomethingNew")
    form.fields["parameters"].widget.value = '{"thing_id": "t1"}'
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zn.UncataloguedEndpointWarning)
        form.run()
    assert api.bodies[-1]["thing_id"] == "t1"
    assert form.error is None


# -- copy as code ----------------------------------------------------------------------------------


def test_code_follows_the_fields_live(session):
    form = EndpointForm(session, "crm", "fetchContact")
    form.fields["contact_id"].value = "a1b2"
    form.fields["include_notes"].widget.value = True
    assert form.code == (
        "%zyntro crm fetchContact contact_id=a1b2 include_notes=1\n"
        "df = session.call('crm', 'fetchContact', contact_id='a1b2', include_notes=1)"
    )
    assert "include_notes=1" in form.code_view.value


def test_code_marks_invalid_fields_instead_of_dropping_them(session):
    form = EndpointForm(session, "edge", "getEnrollments", status="active")
    form.fields["limit"].widget.value = "ten"
    lines = form.code.splitlines()
    assert lines[0] == "%zyntro edge getEnrollments status=active limit='<invalid: ten>'"
    assert lines[1] == "df = session.call('edge', 'getEnrollments', status='active', limit=<invalid: 'ten'>)"
    assert lines[2].startswith("# ✗ not valid yet: limit must be a whole number")
    with pytest.raises(SyntaxError):
        compile(lines[1], "<copied>", "exec")
    form.fields["limit"].widget.value = "10"
    assert "invalid" not in form.code and "limit=10" in form.code


# -- secrets ---------------------------------------------------------------------------------------


def _canary_api() -> FakeAPI:
    api = FakeAPI()

    def echo(body: dict[str, Any]) -> dict[str, Any]:
        # A careless backend echoing the credentials back, plain, long and nested.
        return {"status": "success", "data": {
            "contact_id": body["contact_id"], "who": body["api_key"],
            "secret": body["developer_secret"], "long": "prefix " * 8 + body["developer_secret"],
            "nested": {"k": [body["api_key"]]},
        }}

    api.reply["crm/fetchContact"] = echo
    api.reply["edge/getCustomer"] = lambda b: {"status": "error", "errors": [f"Invalid key {b['api_key']}"]}
    return api


def _assert_no_canary(root: widgets.Widget) -> None:
    text = state_text(root)
    for needle in (CANARY_KEY, CANARY_SECRET, KEY_MID, KEY_TAIL, SECRET_MID, SECRET_TAIL):
        assert needle not in text


def test_no_secret_reaches_any_widget_state_after_success_and_error():
    api = _canary_api()
    with make_session(api, CANARY_KEY, CANARY_SECRET) as s:
        ok = EndpointForm(s, "crm", "fetchContact", contact_id=CONTACT_ID)
        assert ok.run() is not None
        # the server echoed the key in a plain field: the session redacts it in the answer itself…
        assert KEY_TAIL not in ok.df.loc[0, "who"] and "…(redacted)" in ok.df.loc[0, "who"]
        _assert_no_canary(ok.widget)  # …and nothing shown holds it
        bad = EndpointForm(s, "edge", "getCustomer", bc_id="x")
        assert bad.run() is None and bad.error is not None
        _assert_no_canary(bad.widget)
        assert "…(redacted)" in bad.identifiers.value


def test_no_secret_reaches_the_explorer_or_the_code():
    with make_session(_canary_api(), CANARY_KEY, CANARY_SECRET) as s:
        explorer = Explorer(s)
        explorer.search.value = "contact"
        _assert_no_canary(explorer.widget)
        assert KEY_TAIL not in explorer.form.code


def test_identifier_prefill_goes_to_the_session_not_the_widgets(session):
    form = EndpointForm(session, "crm", "fetchContact", api_key=CANARY_KEY)
    assert form.session.config.api_key == CANARY_KEY
    assert "api_key" not in form.value
    _assert_no_canary(form.widget)


def test_all_widgets_walks_into_boxes_and_output(session):
    form = EndpointForm(session, "calendar", "checkAvailability")
    found = all_widgets(form.widget)
    assert form.output in found
    assert form.fields["start_date"].date in found
    assert form.run_button in found


# -- explorer --------------------------------------------------------------------------------------


def test_explorer_action_options_show_summaries(session):
    explorer = Explorer(session, module="crm", action="fetchContact")
    label = dict((v, k) for k, v in explorer.action.options)["fetchContact"]
    assert label.startswith("fetchContact — ")
    assert explorer.form.key == "crm/fetchContact"


def test_explorer_without_a_search_opens_on_a_current_read_only_endpoint(session):
    explorer = Explorer(session)
    assert explorer.form.endpoint.read_only and not explorer.form.endpoint.legacy
    assert list(explorer.module.options) == sorted(zn.catalog.modules())
    assert (explorer.module.value, explorer.action.value) == (explorer.form.module, explorer.form.action)


def test_explorer_search_keeps_the_ranking_and_opens_on_the_best_match(session):
    explorer = Explorer(session)
    before = len(explorer.action.options)
    explorer.search.value = "wallet"
    ranked = zn.catalog.find("wallet")
    assert ranked[0].key == "account/fetchWallet"
    assert explorer.form.key == "account/fetchWallet"
    assert (explorer.module.value, explorer.action.value) == ("account", "fetchWallet")
    actions = [v for _, v in explorer.action.options]
    assert actions == [e.action for e in ranked if e.module == "account"] and len(actions) < before
    assert list(explorer.module.options) == list(dict.fromkeys(e.module for e in ranked))
    assert "6 of 41 endpoints" in explorer.count.value


def test_explorer_changing_module_opens_its_best_ranked_match(session):
    explorer = Explorer(session)
    explorer.search.value = "wallet"
    explorer.module.value = "legacy"
    assert explorer.form.key == "legacy/fetchWalletBalance"
    assert [v for _, v in explorer.action.options] == [e.action for e in zn.catalog.find("wallet")
                                                       if e.module == "legacy"]


def test_explorer_changing_module_without_a_search_prefers_a_read_only_endpoint(session):
    explorer = Explorer(session)
    explorer.module.value = "crm"
    assert explorer.form.module == "crm" and explorer.form.endpoint.read_only
    assert [v for _, v in explorer.action.options] == sorted(zn.catalog.actions("crm"))


def test_explorer_clearing_the_search_lists_everything_again(session):
    explorer = Explorer(session)
    explorer.search.value = "wallet"
    explorer.search.value = ""
    assert list(explorer.module.options) == sorted(zn.catalog.modules())
    assert explorer.form.endpoint.read_only
    assert explorer.count.value == ""


class ManualClock:
    """A scheduler for Debounce that only runs callbacks when the test says so."""

    def __init__(self) -> None:
        self.scheduled: list[tuple[float, Any]] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> Any:
        handle = _Handle(callback)
        self.scheduled.append((delay, handle))
        return handle

    def live(self) -> list[Any]:
        return [h for _, h in self.scheduled if not h.cancelled]


class _Handle:
    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback, self.cancelled = callback, False

    def cancel(self) -> None:
        self.cancelled = True


def test_explorer_filters_while_typing_after_a_pause(session):
    clock = ManualClock()
    explorer = Explorer(session, delay=0.3, scheduler=clock)
    opened = explorer.form.key
    for text in ("w", "wal", "wallet"):
        explorer.search.set_state({"value": text})  # what a keystroke in the browser does
    assert explorer.form.key == opened  # nothing happens while typing…
    assert [d for d, _ in clock.scheduled] == [0.3, 0.3, 0.3]
    [pending] = clock.live()  # …each keystroke replaced the previous wait
    pending.callback()  # the pause is over
    assert explorer.form.key == "account/fetchWallet"
    assert not explorer.debounce.pending


def test_explorer_search_set_from_code_applies_at_once(session):
    clock = ManualClock()
    explorer = Explorer(session, scheduler=clock)
    explorer.search.value = "wallet"
    assert explorer.form.key == "account/fetchWallet"
    assert clock.scheduled == []


def test_debounce_calls_once_after_the_last_trigger_on_an_event_loop():
    calls: list[int] = []

    async def burst() -> None:
        debounce = Debounce(0.01, lambda: calls.append(len(calls)))
        debounce(), debounce(), debounce()
        assert calls == [] and debounce.pending
        await asyncio.sleep(0.1)
        assert not debounce.pending

    asyncio.run(burst())
    assert calls == [0]


def test_debounce_flush_runs_the_pending_call_now():
    calls: list[int] = []
    clock = ManualClock()
    debounce = Debounce(0.3, lambda: calls.append(1), clock)
    debounce()
    debounce.flush()
    assert calls == [1] and clock.live() == [] and not debounce.pending


def test_explorer_choosing_an_action_builds_its_form(session):
    explorer = Explorer(session)
    explorer.module.value = "edge"
    explorer.action.value = "getEnrollments"
    assert explorer.form.key == "edge/getEnrollments"
    assert explorer.form_area.children == (explorer.form.widget,)
    assert "status" in explorer.form.fields


def test_explorer_search_without_matches_says_so(session):
    explorer = Explorer(session)
    explorer.search.value = "qqqqzzzz"
    assert explorer.form is None
    assert "No endpoint matches" in explorer.form_area.children[0].value


def test_explorer_form_runs_through_the_session(session, api):
    api.reply["crm/lookupContact"] = lambda _b: {"status": "success", "data": [{"contact_id": CONTACT_ID}]}
    explorer = Explorer(session, module="crm", action="lookupContact")
    explorer.form.fields["search_string"].value = "jane"
    explorer.form.run_button.click()
    assert api.bodies[-1]["search_string"] == "jane"
    assert explorer.form.df.loc[0, "contact_id"] == CONTACT_ID


# -- the sandbox ---------------------------------------------------------------------------------------


@pytest.fixture
def sandbox_session() -> Iterator[zn.Session]:
    s = zn.connect(sandbox=True)
    yield s
    s.close()


def test_sandbox_fetch_contact_shows_jane_smith(sandbox_session):
    form = zn.form("crm", "fetchContact", session=sandbox_session)
    form.fields["contact_id"].value = CONTACT_ID
    form.run_button.click()
    assert form.error is None
    assert (form.df.loc[0, "first_name"], form.df.loc[0, "last_name"]) == ("Jane", "Smith")
    assert "Jane" in shown(form, "text/html")


def test_sandbox_get_enrollments_shows_a_table(sandbox_session):
    form = zn.form("edge", "getEnrollments", session=sandbox_session)
    df = form.run()
    assert form.error is None
    assert df is not None and len(df) > 0
    assert "edge/getEnrollments" in shown(form)


def test_sandbox_secrets_stay_out_of_widget_state(sandbox_session):
    form = zn.form("crm", "fetchContact", session=sandbox_session, contact_id=CONTACT_ID)
    form.run()
    text = state_text(form.widget)
    for secret in sandbox_session.config.secrets():
        assert secret not in text
