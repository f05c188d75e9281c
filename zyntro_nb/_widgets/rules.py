"""Per-parameter widget rules for the endpoint forms: a chain of small rules, first match wins.

Each rule is a ``(predicate, builder)`` pair: the predicate looks at a catalog
:class:`~zyntro_nb._catalog.catalog.Param`, the builder makes a :class:`Field` for it.
A field owns its input widget, a help line and a message line, and turns the
widget's state into the value to send (``None`` when unset, so the server's
default applies) or a :class:`FieldError` naming what is wrong. The field base is
in ``zyntro_nb._widgets.field``, the fields per type in ``zyntro_nb._widgets.field_plain`` (text,
numbers, choices, switches, date-times) and ``zyntro_nb._widgets.field_json`` (JSON).

Example::

    >>> from zyntro_nb._catalog.catalog import Param
    >>> field = field_for(Param("limit", "integer", default=50))
    >>> type(field).__name__, type(field.widget).__name__, field.value
    ('IntegerField', 'Text', None)
    >>> field.value = 10
    >>> field.value
    10
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .._catalog.catalog import Param

# Field, FieldError, the styles and the message helpers are re-exported: the form and the tests import them from here.
from .field import ERROR_STYLE, HELP_STYLE, Field, FieldError, error_html, problem_text  # noqa: F401
from .field_json import JsonField, ParamsJsonField  # noqa: F401
from .field_plain import (
    CheckField,
    ChoiceField,
    DateTimeField,
    FloatField,
    IntegerField,
    RequiredFloatField,
    RequiredIntegerField,
    TextField,
)

DATE_SUFFIXES = ("_date", "_time", "_at")
JSON_TYPES = frozenset({"object", "array", "mixed", "string|object"})

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
