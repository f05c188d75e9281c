"""Fields for JSON: objects, arrays and mixed values typed into a text area, checked as you type.

:class:`JsonField` reads strict JSON (no NaN or Infinity, bounded nesting) and names line and
column of a mistake; :class:`ParamsJsonField` takes all parameters of an uncatalogued endpoint
as one object and refuses the identifiers, which come from the session.

Example::

    >>> from zyntro_nb._catalog.catalog import Param
    >>> f = JsonField(Param("contact", "object"))
    >>> f.widget.value = '{"email": "jane@example.com"}'
    >>> f.value
    {'email': 'jane@example.com'}
    >>> f.widget.value = "[1]"
    >>> f.error
    'contact must be a JSON object {...}, not list'
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import ipywidgets as widgets

from .._catalog.catalog import BASE_IDENTIFIERS
from .._request import json_default
from .field import INPUT_WIDTH, Field, FieldError


class _NotJson(ValueError):
    """Text that Python's json reads but the API cannot receive (NaN, Infinity) or that nests absurdly."""


def _refuse_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not standard JSON (the API cannot receive it)")


def _strict_loads(text: str) -> Any:
    from .._values import UnreadableJson, read_json

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

