"""The form field: one parameter's input row (label, widget, help line, message line).

:class:`Field` is the base every per-type field builds on (``zyntro_nb._widgets.field_plain`` for
text, numbers, choices, switches and date-times; ``zyntro_nb._widgets.field_json`` for JSON). It
turns the widget's state into the value to send (``None`` when unset, so the server's
default applies) or a :class:`FieldError` with its fix, shown in red under the field.
Which field a parameter gets is decided by the rule chain in ``zyntro_nb._widgets.rules``.

Example::

    >>> from zyntro_nb._catalog.catalog import Param
    >>> from zyntro_nb._widgets.field_plain import TextField
    >>> f = TextField(Param("email", required=True, description="where to write"))
    >>> f.label.value, f.check()
    ('<b>email</b> <span style="color:#b91c1c" title="required">*</span>', '')
    >>> print(problem_text("limit must be a whole number", "type 10"))
    limit must be a whole number
    Fix: type 10
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any, ClassVar

import ipywidgets as widgets
from traitlets import TraitError

from .._catalog.catalog import Param
from .._request import _TYPE_NAMES, _short, json_default

ERROR_STYLE = "color:#b91c1c"
HELP_STYLE = "color:#6b7280;font-size:smaller"
LABEL_WIDTH = "190px"
INPUT_WIDTH = "420px"


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
    it fills the widget. A value the field cannot take is not raised out of the
    assignment: it is shown in red under the field, with its fix, and ``error``
    holds it (the form will not run) until a valid value is assigned or typed.
    ``error`` is the current problem as text ("" if none).

    Example::

        >>> from zyntro_nb._widgets.field_plain import ChoiceField
        >>> f = ChoiceField(Param("mode", enum=("free", "busy")))
        >>> f.value = "bogus"
        >>> f.value, f.error.startswith("mode=")
        (None, True)
        >>> f.value = "busy"
        >>> f.value, f.error
        ('busy', '')
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
        self._rejected: FieldError | None = None  # a value assigned that the field could not take
        self._rejected_text = ""
        self._callbacks: list[Callable[[Field], None]] = []
        for widget in self.inputs():
            widget.observe(self._typed_over, names="value")

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
        if self._rejected is not None:
            return None
        try:
            return self.parse()
        except FieldError:
            return None

    @value.setter
    def value(self, value: Any) -> None:
        self._rejected = None
        try:
            self.put(value)
        except FieldError as err:
            expected = _TYPE_NAMES.get(self.param.type, self.param.type)
            fix = err.fix or (f"set {self.param.name} to {expected}" + (f" ({self.hint})" if self.hint else "")
                              + ", or None to clear it")
            # Shown at the field (and refused by the form's run), not raised out of an assignment.
            self._rejected, self._rejected_text = FieldError(str(err), fix), _short(value)
        self.check()
        for callback in self._callbacks:
            callback(self)

    def _typed_over(self, _change: Any) -> None:
        self._rejected = None

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
        if self._rejected is not None:
            return self._rejected
        try:
            self.parse()
        except FieldError as err:
            return err
        return None

    def typed(self) -> str:
        """What the user typed, as text (shown when copy-as-code marks an invalid field)."""
        return self._rejected_text if self._rejected is not None else _show(self.widget.value)

    def observe(self, callback: Callable[[Field], None]) -> None:
        """Call ``callback(field)`` whenever the user changes the input (or a value is assigned)."""
        self._callbacks.append(callback)
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

