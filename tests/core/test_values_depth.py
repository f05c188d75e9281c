"""too_deep, walked level by level, answers as the first stack-based version did."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zyntro_nb._values import too_deep


def stack_too_deep(value: Any, limit: int) -> bool:
    """The first version: a stack of (item, depth) over every child."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | OrderedDict):
            children = list(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            children = list(item)
        else:
            children = []
        if not children:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


VALUES = st.recursive(
    st.one_of(st.none(), st.integers(), st.text(max_size=2), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=2), inner, max_size=3),
        st.tuples(inner, inner),
        st.frozensets(st.integers(), max_size=2),
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, database=None)
@given(VALUES, st.integers(min_value=0, max_value=6))
def test_level_walk_agrees_with_the_stack_walk(value, limit):
    assert too_deep(value, limit) == stack_too_deep(value, limit)


def nest(levels: int, empty_inside: bool = False) -> Any:
    value: Any = [] if empty_inside else [1]
    for i in range(levels - 1):
        value = {"k": value} if i % 2 else [value]
    return value


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        (nest(64), 64, False),
        (nest(65), 64, True),
        (nest(65, empty_inside=True), 64, False),
        ([{"a": 1}] * 100_000, 1, True),
        ([{"a": 1}] * 100_000, 2, False),
        (OrderedDict(a=OrderedDict(b=[1])), 2, True),
    ],
    ids=["at-limit", "one-over", "empty-innermost", "long-list-over", "long-list-within", "mappings"],
)
def test_depth_limits(value, limit, expected):
    assert too_deep(value, limit) is expected


@pytest.mark.parametrize("levels", [201, 999, 5000], ids=["just-past", "near-3.11-parser-limit", "thousands"])
def test_user_json_past_the_read_depth_is_refused_alike_on_every_python(levels):
    from zyntro_nb._defaults import JSON_READ_DEPTH
    from zyntro_nb._values import UnreadableJson, read_json

    with pytest.raises(UnreadableJson, match=f"more than {JSON_READ_DEPTH} levels"):
        read_json("[" * levels + "1" + "]" * levels)


def test_user_json_within_the_read_depth_is_read_for_the_request_checks_to_judge():
    from zyntro_nb._values import read_json

    value = read_json("[" * 200 + "1" + "]" * 200)
    assert too_deep(value, 64) and not too_deep(value, 200)
