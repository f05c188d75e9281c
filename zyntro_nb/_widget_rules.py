"""Per-parameter widget rules for the endpoint forms: a chain of small rules, first match wins.

Each rule is a ``(predicate, builder)`` pair: the predicate looks at a catalog
:class:`~zyntro_nb._catalog.Param`, the builder makes a :class:`Field` for it.
A field owns its input widget, a help line and a message line, and turns the
widget's state into the value to send (``None`` when unset, so the server's
default applies) or a :class:`FieldError` naming what is wrong.

Example::

    >>> from zyntro_nb._catalog import Param
    >>> field = field_for(Param("limit", "integer", default=50))
    >>> type(field).__name__, type(field.widget).__name__, field.value
    ('IntegerField', 'Text', None)
    >>> field.value = 10
    >>> field.value
    10
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets as widgets
from traitlets import TraitError

from ._catalog import BASE_IDENTIFIERS, Param
from ._errors import ParameterError
from ._request import _TYPE_NAMES, _short, json_default

ERROR_STYLE = "color:#b91c1c"
HELP_STYLE = "color:#6b7280;font-size:smaller"
LABEL_WIDTH = "190px"
INPUT_WIDTH = "420px"
DATE_SUFFIXES = ("_date", "_time", "_at")
JSON_TYPES = frozenset({"object", "array", "mixed", "string|object"})
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


class FieldError(ValueError):
    """A field's input cannot be turned into a value.

    ``str(err)`` says what is wrong and ``fix`` what to type instead; both are
    shown under the field, so every failing field carries its own fix.
    """

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.fix = fix


def problem_text(message: str, fix: str = "") -> str:
    """A field's message with its fix on a second line (the form shows both in red)."""
    return f"{message}\nFix: {fix}" if fix else message


def error_html(text: str) -> str:
    """``text`` as a red, escaped line (multi-line text keeps its breaks)."""
    return f'<div style="{ERROR_STYLE};white-space:pre-wrap">{html.escape(text)}</div>'


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=json_default)


def _label_html(param: Param) -> str:
    mark = f' <span style="{ERROR_STYLE}" title="required">*</span>' if param.required else ""
    return f"<b>{html.escape(param.name)}</b>{mark}"


def _help_html(param: Param, hint: str = "") -> str:
    parts = [param.description] if param.description else []
    facts = [param.type]
    if param.required:
        facts.append("required")
    if param.default is not None:
        facts.append(f"default: {_show(param.default)}")
    if hint:
        facts.append(hint)
    parts.append(f"({'; '.join(facts)})")
    return f'<span style="{HELP_STYLE}">{html.escape(" ".join(parts))}</span>'


class Field:
    """One parameter's input row: label, widget, help line and message line.

    ``value`` is what will be sent: ``None`` while unset (or invalid); assigning
    it fills the widget. ``error`` is the current problem as text ("" if none).

    Example::

        >>> f = TextField(Param("email", required=True))
        >>> f.value = "jane@example.com"
        >>> f.value, f.error
        ('jane@example.com', '')
    """

    hint: ClassVar[str] = ""

    def __init__(self, param: Param) -> None:
        self.param = param
        self.widget = self._build()
        self.label = widgets.HTML(_label_html(param), layout=widgets.Layout(width=LABEL_WIDTH, flex="0 0 auto"))
        self.help = widgets.HTML(_help_html(param, self.hint))
        self.message = widgets.HTML("")
        self.box = widgets.VBox(
            [widgets.HBox([self.label, self.widget]), self.help, self.message],
            layout=widgets.Layout(margin="0 0 6px 0"),
        )
        for widget in (self.label, *self.inputs()):
            widget.tooltip = param.description or param.name

    # -- to override -------------------------------------------------------------------
    def _build(self) -> widgets.Widget:
        raise NotImplementedError

    def inputs(self) -> list[widgets.Widget]:
        """The widgets whose ``value`` the user edits (observed for live checks)."""
        return [self.widget]

    def parse(self) -> Any:
        """The value to send, ``None`` when unset; raises :class:`FieldError` when invalid."""
        raise NotImplementedError

    def fill(self, value: Any) -> None:
        """Put ``value`` into the widget; raises :class:`FieldError` if it cannot be shown."""
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        try:
            return self.parse()
        except FieldError:
            return None

    @value.setter
    def value(self, value: Any) -> None:
        try:
            self.put(value)
        except FieldError as err:
            expected = _TYPE_NAMES.get(self.param.type, self.param.type)
            raise ParameterError(
                str(err),
                param=self.param.name,
                fix=err.fix or (f"set {self.param.name} to {expected}" + (f" ({self.hint})" if self.hint else "")
                                + ", or None to clear it"),
            ) from None

    def put(self, value: Any) -> None:
        """:meth:`fill`, with every conversion failure (ValueError, TypeError, a widget's TraitError)
        turned into a :class:`FieldError` naming the field."""
        try:
            self.fill(value)
        except FieldError:
            raise
        except (ValueError, TypeError, OverflowError, TraitError) as exc:
            shown = _short(value)
            reason = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
            raise FieldError(f"{self.param.name}={shown} does not fit this field ({reason})") from None

    @property
    def error(self) -> str:
        problem = self.problem()
        return str(problem) if problem else ""

    def problem(self) -> FieldError | None:
        """The current problem (with its ``fix``), or None when the input is valid or blank."""
        try:
            self.parse()
        except FieldError as err:
            return err
        return None

    def typed(self) -> str:
        """What the user typed, as text (shown when copy-as-code marks an invalid field)."""
        return _show(self.widget.value)

    def observe(self, callback: Callable[[Field], None]) -> None:
        """Call ``callback(field)`` whenever the user changes the input."""
        for widget in self.inputs():
            widget.observe(lambda _change: callback(self), names="value")

    def show(self, text: str) -> None:
        """Show ``text`` as the field's (red) message; empty text clears it."""
        self.message.value = error_html(text) if text else ""

    def check(self) -> str:
        """Show the current problem and its fix under the field (or clear it); return the problem."""
        problem = self.problem()
        self.show(problem_text(str(problem), problem.fix) if problem else "")
        return str(problem) if problem else ""


class TextField(Field):
    """Free text; blank means unset. The catalog default is the placeholder."""

    def _build(self) -> widgets.Widget:
        placeholder = f"default: {_show(self.param.default)}" if self.param.default is not None else ""
        return widgets.Text(placeholder=placeholder, layout=widgets.Layout(width=INPUT_WIDTH))

    def parse(self) -> Any:
        text = self.widget.value
        return text if text.strip() else None

    def fill(self, value: Any) -> None:
        self.widget.value = "" if value is None else str(value)


class _OptionalNumberField(TextField):
    """A number typed as text, so that blank can mean "unset" (IntText has no empty state)."""

    number: ClassVar[type] = int
    wording: ClassVar[str] = "a number"
    example: ClassVar[str] = "10"

    def parse(self) -> Any:
        text = self.widget.value.strip()
        if not text:
            return None
        try:
            return self.number(text)
        except ValueError:
            example = _show(self.param.default) if self.param.default is not None else self.example
            raise FieldError(f"{self.param.name} must be {self.wording}, not {text!r}",
                             fix=f"type {self.wording} such as {example}, or clear the box to leave it out"
                             ) from None

    def fill(self, value: Any) -> None:
        self.widget.value = "" if value is None else str(value)


class IntegerField(_OptionalNumberField):
    """An optional whole number: a Text checked as an int."""

    number = int
    wording = "a whole number"


class FloatField(_OptionalNumberField):
    """An optional number: a Text checked as a float."""

    number = float
    wording = "a number"
    example = "2.5"


class RequiredIntegerField(Field):
    """A required whole number: an IntText (always holds a value)."""

    def _build(self) -> widgets.Widget:
        return widgets.IntText(value=int(self.param.default or 0))

    def parse(self) -> Any:
        return self.widget.value

    def fill(self, value: Any) -> None:
        self.widget.value = int(value)


class RequiredFloatField(RequiredIntegerField):
    """A required number: a FloatText."""

    def _build(self) -> widgets.Widget:
        return widgets.FloatText(value=float(self.param.default or 0.0))

    def fill(self, value: Any) -> None:
        self.widget.value = float(value)


class ChoiceField(Field):
    """A Dropdown of the catalog's enum, led by an empty choice (the default, or "choose one")."""

    def _build(self) -> widgets.Widget:
        param = self.param
        if param.required:
            blank = "(choose one)"
        elif param.default is not None:
            blank = f"(default: {_show(param.default)})"
        else:
            blank = "(default)"
        self.choices: list[Any] = [None, *(param.enum or ())]
        labels = [blank, *(_show(c) for c in param.enum or ())]
        return widgets.Dropdown(options=labels, index=0, layout=widgets.Layout(width=INPUT_WIDTH))

    def parse(self) -> Any:
        return self.choices[self.widget.index or 0]

    def fill(self, value: Any) -> None:
        if value is None:
            self.widget.index = 0
            return
        if value not in self.choices[1:]:
            choices = ", ".join(_show(c) for c in self.choices[1:])
            raise FieldError(f"{self.param.name}={_show(value)} is not one of {choices}")
        self.widget.index = self.choices.index(value, 1)


class CheckField(Field):
    """A Checkbox for booleans and 0/1 flags.

    It shows the catalog default; it is sent only once the user (or a prefill)
    sets it, or when it differs from the default, so an untouched box never
    overrides the server's default. Flags send 0/1, booleans true/false.
    """

    def _build(self) -> widgets.Widget:
        self.touched = False
        box = widgets.Checkbox(value=bool(self.param.default), indent=False)
        box.observe(self._touch, names="value")
        return box

    def _touch(self, _change: Any) -> None:
        self.touched = True

    def parse(self) -> Any:
        checked = bool(self.widget.value)
        if not (self.param.required or self.touched or checked != bool(self.param.default)):
            return None
        return int(checked) if self.param.is_flag else checked

    def fill(self, value: Any) -> None:
        if value is None:
            self.widget.value = bool(self.param.default)
            self.touched = False
            return
        self.widget.value = bool(value)
        self.touched = True


class DateTimeField(Field):
    """A DatePicker plus a time box; sends ``YYYY-MM-DD HH:MM:SS`` (time defaults to 00:00:00)."""

    hint = "date and time, sent as YYYY-MM-DD HH:MM:SS"

    def _build(self) -> widgets.Widget:
        self.date = widgets.DatePicker()
        self.time = widgets.Text(placeholder="HH:MM[:SS]", layout=widgets.Layout(width="110px"))
        return widgets.HBox([self.date, self.time])

    def inputs(self) -> list[widgets.Widget]:
        return [self.date, self.time]

    def typed(self) -> str:
        day = self.date.value.isoformat() if self.date.value else ""
        return " ".join(part for part in (day, self.time.value.strip()) if part)

    def parse(self) -> Any:
        day, clock = self.date.value, self.time.value.strip()
        if day is None:
            if clock:
                raise FieldError(f"{self.param.name}: pick a date for the time {clock!r}",
                                 fix="pick a date, or clear the time to leave it out")
            return None
        if not clock:
            return f"{day.isoformat()} 00:00:00"
        match = _TIME.match(clock)
        if not match:
            raise FieldError(f"{self.param.name}: the time must look like 14:30 or 14:30:00, not {clock!r}",
                             fix="type the time as HH:MM or HH:MM:SS, e.g. 14:30")
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise FieldError(f"{self.param.name}: {clock!r} is not a time of day",
                             fix="use hours 00-23, minutes and seconds 00-59, e.g. 23:59")
        return f"{day.isoformat()} {hour:02d}:{minute:02d}:{second:02d}"

    def fill(self, value: Any) -> None:
        if value is None:
            self.date.value, self.time.value = None, ""
            return
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                raise FieldError(
                    f"{self.param.name}={value!r} is not a date; pass a date, a datetime or "
                    "'YYYY-MM-DD HH:MM:SS' (or leave it out for the server's default)"
                ) from None
        if isinstance(value, dt.datetime):
            self.date.value, self.time.value = value.date(), value.strftime("%H:%M:%S")
        elif isinstance(value, dt.date):
            self.date.value, self.time.value = value, ""
        else:
            raise FieldError(f"{self.param.name} takes a date or datetime, not {type(value).__name__}")


class _NotJson(ValueError):
    """Text that Python's json reads but the API cannot receive (NaN, Infinity) or that nests absurdly."""


def _refuse_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not standard JSON (the API cannot receive it)")


def _strict_loads(text: str) -> Any:
    from ._values import UnreadableJson, read_json

    try:
        return read_json(text, parse_constant=_refuse_constant)
    except UnreadableJson as error:
        raise _NotJson(f"{error}, too deeply to read") from None


class JsonField(Field):
    """A Textarea for JSON (objects, arrays, mixed values), checked as you type.

    ``object``/``array`` must parse to a dict/list; ``string|object`` and
    ``mixed`` send plain text as a string unless it looks like JSON (starts
    with ``{`` or ``[``), which must then parse. Errors name line and column.
    """

    PLACEHOLDERS: ClassVar[dict[str, str]] = {
        "object": '{"key": "value"}',
        "array": '["first", "second"]',
        "string|object": 'text, or {"key": "value"}',
        "mixed": 'text, a number, or JSON such as {"key": "value"}',
    }

    def _build(self) -> widgets.Widget:
        return widgets.Textarea(
            placeholder=self.PLACEHOLDERS.get(self.param.type, "JSON"),
            rows=4,
            layout=widgets.Layout(width=INPUT_WIDTH),
        )

    def parse(self) -> Any:
        text = self.widget.value
        if not text.strip():
            return None
        kind = self.param.type
        looks_json = text.lstrip()[:1] in ("{", "[")
        if kind in ("string|object", "mixed") and not looks_json:
            if kind == "mixed":
                try:
                    return _strict_loads(text)
                except ValueError:
                    pass
            return text
        example = self.PLACEHOLDERS["array" if kind == "array" else "object"]
        try:
            value = _strict_loads(text)
        except _NotJson as err:
            raise FieldError(f"{self.param.name}: {err}", fix=f"write standard JSON, e.g. {example}") from None
        except json.JSONDecodeError as err:
            raise FieldError(
                f"{self.param.name}: invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}",
                fix=f"write JSON with double-quoted keys and strings, e.g. {example}",
            ) from None
        expected = {"object": dict, "string|object": dict, "array": list}.get(kind)
        if expected is not None and not isinstance(value, expected):
            wanted = "a JSON object {...}" if expected is dict else "a JSON array [...]"
            raise FieldError(f"{self.param.name} must be {wanted}, not {type(value).__name__}",
                             fix=f"write {wanted}, e.g. {example}")
        return value

    def fill(self, value: Any) -> None:
        if value is None:
            self.widget.value = ""
        elif isinstance(value, str):
            self.widget.value = value
        else:
            self.widget.value = json.dumps(value, indent=2, ensure_ascii=False, default=json_default)


class ParamsJsonField(JsonField):
    """All parameters of an uncatalogued endpoint as one JSON object (identifiers excluded)."""

    hint = "all parameters as one JSON object; identifiers come from the session"

    def parse(self) -> Any:
        value = super().parse()
        clash = sorted(set(value or {}) & set(BASE_IDENTIFIERS))
        if clash:
            raise FieldError(
                f"{', '.join(clash)} come(s) from the session, not from the form",
                fix=f"remove {'them' if len(clash) > 1 else 'it'} from the JSON "
                "(use session.using(...) for another brand or member)",
            )
        return value


# -- the rule chain ------------------------------------------------------------------------------


def is_json(param: Param) -> bool:
    return param.type in JSON_TYPES


def is_switch(param: Param) -> bool:
    return param.is_flag or param.type == "boolean"


def has_choices(param: Param) -> bool:
    return bool(param.enum)


def is_datetime(param: Param) -> bool:
    return param.type == "string" and (param.name == "start_date" or param.name.endswith(DATE_SUFFIXES))


def is_required_integer(param: Param) -> bool:
    return param.type == "integer" and param.required


def is_integer(param: Param) -> bool:
    return param.type == "integer"


def is_required_float(param: Param) -> bool:
    return param.type in ("float", "number") and param.required


def is_float(param: Param) -> bool:
    return param.type in ("float", "number")


def anything(param: Param) -> bool:
    return True


Rule = tuple[Callable[[Param], bool], Callable[[Param], Field]]

# Order matters: 0/1 flags carry an enum too, so the switch rule precedes the choice rule.
RULES: tuple[Rule, ...] = (
    (is_json, JsonField),
    (is_switch, CheckField),
    (has_choices, ChoiceField),
    (is_datetime, DateTimeField),
    (is_required_integer, RequiredIntegerField),
    (is_integer, IntegerField),
    (is_required_float, RequiredFloatField),
    (is_float, FloatField),
    (anything, TextField),
)


def field_for(param: Param, rules: Sequence[Rule] = RULES) -> Field:
    """The field of the first rule whose predicate accepts ``param``.

    Example::

        >>> type(field_for(Param("include_notes", "integer", enum=(0, 1)))).__name__
        'CheckField'
    """
    for predicate, build in rules:
        if predicate(param):
            return build(param)
    raise LookupError(f"no widget rule matches parameter {param.name!r}")  # only with a custom chain
