"""The per-parameter widget rules: which field each kind of parameter gets, and how fields read values."""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets
import pytest

from zyntro_nb._catalog.catalog import Param
from zyntro_nb._widgets.rules import (
    RULES,
    CheckField,
    ChoiceField,
    DateTimeField,
    FloatField,
    IntegerField,
    JsonField,
    ParamsJsonField,
    RequiredFloatField,
    RequiredIntegerField,
    TextField,
    field_for,
)

RULE_CASES = [
    (Param("mode", enum=("free", "busy"), default="free"), ChoiceField, widgets.Dropdown),
    (Param("comms_type", enum=("email", "sms"), required=True), ChoiceField, widgets.Dropdown),
    (Param("include_notes", "integer", enum=(0, 1), default=0), CheckField, widgets.Checkbox),
    (Param("debug", "boolean"), CheckField, widgets.Checkbox),
    (Param("limit", "integer", default=50), IntegerField, widgets.Text),
    (Param("count", "integer", required=True), RequiredIntegerField, widgets.IntText),
    (Param("override_amount", "float"), FloatField, widgets.Text),
    (Param("amount", "float", required=True), RequiredFloatField, widgets.FloatText),
    (Param("start_date", default="now"), DateTimeField, widgets.HBox),
    (Param("event_start_time"), DateTimeField, widgets.HBox),
    (Param("created_at"), DateTimeField, widgets.HBox),
    (Param("due_date", required=True), DateTimeField, widgets.HBox),
    (Param("contact", "object", required=True), JsonField, widgets.Textarea),
    (Param("wh_events", "array"), JsonField, widgets.Textarea),
    (Param("raw_data", "mixed", required=True), JsonField, widgets.Textarea),
    (Param("comms_data", "string|object", required=True), JsonField, widgets.Textarea),
    (Param("contact_id", required=True), TextField, widgets.Text),
    (Param("format"), TextField, widgets.Text),  # ends in "at" but not "_at": not a date
]


@pytest.mark.parametrize(
    ("param", "field_class", "widget_class"), RULE_CASES, ids=[c[0].name + "-" + c[1].__name__ for c in RULE_CASES]
)
def test_rule_chain_picks_the_promised_field_and_widget(param, field_class, widget_class):
    field = field_for(param)
    assert type(field) is field_class
    assert type(field.widget) is widget_class


def test_flag_rule_wins_over_the_enum_rule_because_it_comes_first():
    predicates = [p.__name__ for p, _ in RULES]
    assert predicates.index("is_switch") < predicates.index("has_choices")


def test_custom_rule_chain_is_consulted_in_order():
    marker = (lambda p: p.name == "special", TextField)
    field = field_for(Param("special", "integer"), rules=[marker, *RULES])
    assert type(field) is TextField


def test_required_field_is_marked_with_a_star_and_optional_is_not():
    assert "*" in field_for(Param("email", required=True)).label.value
    assert "*" not in field_for(Param("email")).label.value


def test_description_becomes_tooltip_and_help_line_with_default():
    field = field_for(Param("days_ahead", "integer", default=7, description="How many days to scan"))
    assert field.widget.tooltip == "How many days to scan"
    assert "How many days to scan" in field.help.value
    assert "default: 7" in field.help.value
    assert field.widget.placeholder == "default: 7"


def test_text_field_blank_is_unset():
    field = field_for(Param("city"))
    field.widget.value = "   "
    assert field.value is None
    field.widget.value = "Lisbon"
    assert field.value == "Lisbon"


@pytest.mark.parametrize(
    ("text", "expected", "error"),
    [("", None, ""), ("12", 12, ""), (" 7 ", 7, ""), ("1.5", None, "whole number"), ("ten", None, "whole number")],
    ids=["blank-unset", "number", "spaces", "fraction", "word"],
)
def test_optional_integer_reads_text_as_int_or_explains(text, expected, error):
    field = field_for(Param("limit", "integer", default=50))
    field.widget.value = text
    assert field.value == expected
    assert (error in field.error) if error else field.error == ""


def test_optional_float_accepts_decimals_and_refuses_words():
    field = field_for(Param("override_amount", "float"))
    field.widget.value = "12.5"
    assert field.value == 12.5
    field.widget.value = "lots"
    assert "must be a number" in field.error


def test_choice_field_starts_on_the_default_choice_and_sends_nothing():
    field = field_for(Param("mode", enum=("free", "busy"), default="free"))
    assert field.widget.options[0] == "(default: free)"
    assert field.value is None
    field.value = "busy"
    assert field.widget.value == "busy"
    assert field.value == "busy"


def test_required_choice_starts_empty_so_it_must_be_chosen():
    field = field_for(Param("comms_type", enum=("email", "sms"), required=True))
    assert field.widget.options[0] == "(choose one)"
    assert field.value is None


@pytest.mark.parametrize(
    ("default", "clicks", "expected"),
    [(0, [], None), (0, [True], 1), (0, [True, False], 0), (1, [], None), (1, [False], 0)],
    ids=["untouched-default-off", "checked", "checked-then-unchecked", "untouched-default-on", "unchecked-from-on"],
)
def test_flag_checkbox_sends_only_what_the_user_set(default, clicks, expected):
    field = field_for(Param("include_notes", "integer", enum=(0, 1), default=default))
    assert field.widget.value is bool(default)
    for state in clicks:
        field.widget.value = state
    assert field.value == expected


def test_boolean_checkbox_sends_true_false_not_0_1():
    field = field_for(Param("debug", "boolean"))
    field.widget.value = True
    assert field.value is True


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        (dt.date(2024, 3, 5), "", "2024-03-05 00:00:00"),
        (dt.date(2024, 3, 5), "9:30", "2024-03-05 09:30:00"),
        (dt.date(2024, 3, 5), "23:59:58", "2024-03-05 23:59:58"),
        (None, "", None),
    ],
    ids=["date-only", "hour-minute", "full-time", "unset"],
)
def test_datetime_field_produces_the_api_format(day, clock, expected):
    field = field_for(Param("start_date"))
    field.date.value, field.time.value = day, clock
    assert field.value == expected
    assert field.error == ""


@pytest.mark.parametrize(
    ("day", "clock", "error"),
    [
        (None, "10:00", "pick a date"),
        (dt.date(2024, 1, 1), "noon", "14:30"),
        (dt.date(2024, 1, 1), "25:00", "not a time"),
    ],
    ids=["time-without-date", "bad-format", "out-of-range"],
)
def test_datetime_field_explains_bad_input(day, clock, error):
    field = field_for(Param("start_date"))
    field.date.value, field.time.value = day, clock
    assert error in field.error
    assert field.value is None


def test_datetime_field_fills_from_datetime_and_text():
    field = field_for(Param("start_date"))
    field.value = dt.datetime(2024, 6, 1, 8, 15)
    assert field.value == "2024-06-01 08:15:00"
    field.value = "2024-07-02 10:00:00"
    assert field.value == "2024-07-02 10:00:00"


def test_datetime_field_refuses_to_fill_text_that_is_no_date():
    field = field_for(Param("start_date", default="now"))
    field.value = "now"
    problem = field.problem()
    assert problem is not None and "not a date" in str(problem) and "YYYY-MM-DD" in problem.fix
    assert field.value is None and field.typed() == "'now'"


def test_json_field_names_line_and_column_of_a_syntax_error():
    field = field_for(Param("contact", "object", required=True))
    field.widget.value = '{\n  "first_name": "Jane",\n  "email": }'
    assert "line 3, column" in field.error
    assert field.value is None


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("object", '{"a": 1}', {"a": 1}),
        ("array", '["x", "y"]', ["x", "y"]),
        ("string|object", "plain words", "plain words"),
        ("string|object", '{"subject": "hi"}', {"subject": "hi"}),
        ("mixed", "42", 42),
        ("mixed", "free text", "free text"),
    ],
    ids=["object", "array", "string-as-text", "string-as-object", "mixed-number", "mixed-text"],
)
def test_json_field_parses_by_declared_type(kind, text, expected):
    field = field_for(Param("x", kind))
    field.widget.value = text
    assert field.value == expected


@pytest.mark.parametrize(
    ("kind", "text", "error"),
    [("object", "[1, 2]", "JSON object"), ("array", '{"a": 1}', "JSON array"), ("mixed", "{oops", "line 1")],
    ids=["object-got-list", "array-got-object", "mixed-broken-json"],
)
def test_json_field_refuses_the_wrong_shape(kind, text, error):
    field = field_for(Param("x", kind))
    field.widget.value = text
    assert error in field.error


def test_json_field_fill_pretty_prints_values():
    field = field_for(Param("meta", "object"))
    field.value = {"source": "import", "n": 2}
    assert field.widget.value.startswith("{\n")
    assert field.value == {"source": "import", "n": 2}


def test_params_json_field_refuses_identifiers():
    field = ParamsJsonField(Param("parameters", "object"))
    field.widget.value = '{"contact_id": "x", "api_key": "typed-by-hand"}'
    assert "api_key" in field.error
    assert "typed-by-hand" not in field.error


def test_check_shows_and_clears_the_message_under_the_field():
    field = field_for(Param("limit", "integer"))
    field.widget.value = "abc"
    assert field.check()
    assert "whole number" in field.message.value
    field.widget.value = "3"
    assert field.check() == ""
    assert field.message.value == ""


def _set_datetime(field, day: dt.date | None, clock: str) -> None:
    field.date.value, field.time.value = day, clock


FIX_CASES = [
    (Param("limit", "integer", default=50), lambda f: setattr(f.widget, "value", "ten"), "a whole number such as 50"),
    (Param("amount", "float"), lambda f: setattr(f.widget, "value", "lots"), "type a number such as 2.5"),
    (Param("start_date"), lambda f: _set_datetime(f, None, "10:00"), "pick a date, or clear the time"),
    (Param("start_date"), lambda f: _set_datetime(f, dt.date(2026, 4, 1), "noon"), "HH:MM or HH:MM:SS"),
    (Param("start_date"), lambda f: _set_datetime(f, dt.date(2026, 4, 1), "24:30"), "hours 00-23"),
    (Param("contact", "object"), lambda f: setattr(f.widget, "value", "{oops"), 'e.g. {"key": "value"}'),
    (Param("tags", "array"), lambda f: setattr(f.widget, "value", "[1,"), 'e.g. ["first", "second"]'),
    (Param("contact", "object"), lambda f: setattr(f.widget, "value", "[1]"), "write a JSON object {...}"),
]


@pytest.mark.parametrize(("param", "typing", "fix"), FIX_CASES,
                         ids=["integer", "float", "time-without-date", "time-words", "hour-24", "broken-object",
                              "broken-array", "object-got-list"])
def test_each_kind_of_problem_comes_with_its_own_fix(param, typing, fix):
    field = field_for(param)
    typing(field)
    problem = field.problem()
    assert fix in problem.fix
    field.check()  # shown under the field: the problem, then its fix
    assert html.escape(f"{problem}\nFix: {problem.fix}") in field.message.value


@pytest.mark.parametrize(
    ("param", "typing", "typed"),
    [(Param("limit", "integer"), lambda f: setattr(f.widget, "value", "ten"), "ten"),
     (Param("start_date"), lambda f: _set_datetime(f, dt.date(2026, 4, 1), "25:00"), "2026-04-01 25:00"),
     (Param("contact", "object"), lambda f: setattr(f.widget, "value", "{oops"), "{oops")],
    ids=["number", "datetime", "json"],
)
def test_typed_is_the_raw_input_even_when_invalid(param, typing, typed):
    field = field_for(param)
    typing(field)
    assert field.value is None and field.typed() == typed
