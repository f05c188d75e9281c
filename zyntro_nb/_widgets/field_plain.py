"""Fields for single values: text, numbers, choices, switches and date-times.

Blank means unset wherever the widget allows it (numbers are typed as text for that
reason); required numbers use number boxes, enums a dropdown led by an empty choice,
booleans and 0/1 flags a checkbox that is sent only once touched, and ``*_date``,
``*_time``, ``*_at`` strings a date picker with a time box. Each is a
:class:`~zyntro_nb._widgets.field.Field`; ``zyntro_nb._widgets.rules`` picks one per parameter.

Example::

    >>> from zyntro_nb._catalog.catalog import Param
    >>> f = DateTimeField(Param("start_date"))
    >>> f.value = "2026-04-01 09:30"
    >>> f.value
    '2026-04-01 09:30:00'
    >>> n = IntegerField(Param("limit", "integer"))
    >>> n.widget.value = "ten"
    >>> n.error
    "limit must be a whole number, not 'ten'"
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

import ipywidgets as widgets

from .._request import _short
from .field import INPUT_WIDTH, Field, FieldError, _show

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


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
        if isinstance(value, str):
            value = {"0": 0, "1": 1, "true": True, "false": False}.get(value.strip().lower(), value)
        if not (isinstance(value, bool) or (hasattr(value, "__index__") and value in (0, 1))):
            yes, no = ("1", "0") if self.param.is_flag else ("True", "False")
            raise FieldError(f"{self.param.name}={_short(value)} is not a yes/no value",
                             fix=f"set {self.param.name} to {yes} or {no} (a checkbox), or None for the default")
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
        if self._rejected is not None:
            return self._rejected_text
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

