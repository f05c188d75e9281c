"""Checks on JSON values that are about to be sent or were just read: depth, numbers, text.

Plain functions that return a description of the first problem found (or ``None``),
so the request builder and the envelope reader can raise their own typed errors.
They walk values iteratively, so a structure nested thousands of levels deep
gives an answer instead of a RecursionError.

Example::

    >>> too_deep({"a": [[[1]]]}, limit=3)
    True
    >>> first_problem({"note": "ok", "amount": float("nan")})
    ('amount', 'NaN is not a number the API can receive')
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from ._defaults import JSON_READ_DEPTH, MAX_DEPTH


class UnreadableJson(ValueError):
    """JSON text nested deeper than ``JSON_READ_DEPTH``: refused before anything walks it."""


def read_json(text: str, **options: Any) -> Any:
    """``json.loads(text, **options)``, refusing nesting beyond ``JSON_READ_DEPTH`` on every Python version.

    Example::

        >>> read_json("[[1]]")
        [[1]]
        >>> read_json("[" * 300 + "]" * 300)
        Traceback (most recent call last):
        ...
        zyntro_nb._values.UnreadableJson: the JSON nests more than 200 levels deep
    """
    try:
        value = json.loads(text, **options)
    except RecursionError:
        value = None
        deep = True
    else:
        deep = too_deep(value, JSON_READ_DEPTH)
    if deep:
        raise UnreadableJson(f"the JSON nests more than {JSON_READ_DEPTH} levels deep")
    return value


def _children(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, Mapping):
        return [(str(k), v) for k, v in value.items()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [(f"[{i}]", v) for i, v in enumerate(value)]
    return []


_SCALARS = frozenset({str, int, float, bool, type(None)})
_SEQUENCES = (list, tuple, set, frozenset)


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when ``value`` nests lists/objects more than ``limit`` levels deep.

    Walked level by level, keeping only containers for the next level: every answer is
    checked, so a long answer must not cost a pair of Python tuples per value.
    """
    level, depth = [value], 1
    while level:
        nested: list[Any] = []
        for item in level:
            kind = type(item)
            if kind is dict or (kind is not list and isinstance(item, Mapping)):
                children: Any = item.values()
            elif kind is list or isinstance(item, _SEQUENCES):
                children = item
            else:
                continue
            if not children:
                continue
            if depth > limit:
                return True
            nested.extend(child for child in children if type(child) not in _SCALARS)
        level, depth = nested, depth + 1
    return False


def _text_problem(text: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return (f"contains a lone surrogate {text[exc.start]!r} at position {exc.start}, "
                "which is not valid Unicode and cannot be sent as UTF-8")
    return None


def first_problem(value: Any, name: str = "", limit: int = MAX_DEPTH) -> tuple[str, str] | None:
    """``(where, what)`` for the first value that cannot be sent faithfully, else ``None``.

    Catches nesting deeper than ``limit``, NaN and ±Infinity (JSON has neither, and
    encoders silently drop or mangle them), and text that is not valid Unicode.
    """
    if too_deep(value, limit):
        return name or "value", f"nests more than {limit} levels deep"
    stack: list[tuple[str, Any]] = [(name, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            label = "NaN" if math.isnan(item) else ("Infinity" if item > 0 else "-Infinity")
            return where or "value", f"{label} is not a number the API can receive"
        if isinstance(item, str):
            problem = _text_problem(item)
            if problem:
                return where or "value", problem
        if isinstance(item, Mapping):
            for key in item:
                if isinstance(key, str) and _text_problem(key):
                    return f"{where}.{key!r}" if where else repr(key), "has a key that is not valid Unicode"
        for label, child in _children(item):
            if label.startswith("["):
                stack.append((f"{where}{label}", child))
            else:
                stack.append((f"{where}.{label}" if where else label, child))
    return None
