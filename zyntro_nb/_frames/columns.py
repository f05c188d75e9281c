"""One column of answer values to an exact array, and columns to a DataFrame, without per-cell pandas work.

The dtype is decided once per column from the set of Python types in it (one C-level
pass), and the common JSON cases convert in bulk:

- ``int`` → ``int64``, or ``Int64`` with gaps, or Python ints in an object column when
  some value is beyond int64 (every digit kept); never float.
- ``bool`` → ``bool``, or ``boolean`` with gaps; ``float`` → ``float64`` with NaN for gaps.
- ``str`` → pandas' default string dtype (``str`` in pandas 3, object before), built once.
- lists, mixtures and unknown objects (a credential value, a Decimal) → an object column
  holding each value as it is: nothing is converted, nothing is turned into text.

Anything less common (numpy scalars, str subclasses, NaN mixed with other types) takes
the exact element-by-element rules, so every column means the same whichever path built it.

Example::

    >>> typed_array([1, None, 3]).dtype, typed_array([2**64, 1]).dtype, typed_array([[1], "a"]).dtype
    (Int64Dtype(), dtype('O'), dtype('O'))
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from .display import ResultFrame, is_missing


def _blocks_by_hand(blocks: list[tuple[Any, np.ndarray]], index: pd.Index, columns: pd.Index) -> pd.DataFrame:
    """pandas 2's counterpart of ``create_dataframe_from_blocks``: its pseudo-public ``make_block``."""
    # pandas 2's internals: pandas-stubs describe only the public API.
    from pandas.core.internals.api import make_block  # type: ignore[import-not-found]
    from pandas.core.internals.managers import BlockManager  # type: ignore[import-not-found]

    manager = BlockManager([make_block(values, placement=where) for values, where in blocks], [columns, index])
    return pd.DataFrame._from_mgr(manager, manager.axes)  # type: ignore[attr-defined]  # private, not in pandas-stubs


# Build the block layout directly, without pandas re-inspecting every column: pandas >= 3 has a public
# function for it; pandas 2 takes the same steps by hand, for frames whose object columns hold only
# values pandas' constructor would leave as they are (``_PLAIN``; else the constructor decides, as before).
try:
    # pandas >= 3 (pandas-stubs do not list it yet).
    from pandas.api.internals import create_dataframe_from_blocks as _from_blocks  # type: ignore[import-not-found]
except ImportError:  # pandas 2
    _from_blocks = _blocks_by_hand
if not hasattr(ResultFrame, "_from_mgr"):  # pragma: no cover
    _from_blocks = None
_BY_HAND = _from_blocks is _blocks_by_hand
_wrap_times = getattr(pd.arrays.DatetimeArray, "_simple_new", None)

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class Blank:
    """Marks a cell that held an empty nested object (a gap, unless the name turns out a column)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return f"<{self.label}>"


EMPTY = Blank("empty object")

_NONE = type(None)
# Types whose values are never missing and are kept as they are in an object column.
_OPAQUE = frozenset({list, tuple})


def typed_array(values: Sequence[Any], types: set[type] | None = None) -> Any:
    """The exact array for one column's values (None and ``EMPTY`` are gaps).

    ``types`` is ``set(map(type, values))`` when the caller has it already.

    Example::

        >>> typed_array([True, False]).dtype, typed_array([1.5, None]).tolist()
        (dtype('bool'), [1.5, nan])
    """
    if types is None:
        types = set(map(type, values))
    if Blank in types:
        values = [None if v is EMPTY else v for v in values]
        types = types - {Blank} | {_NONE}
    gaps = _NONE in types
    kinds = types - {_NONE} if gaps else types
    if not kinds:
        return np.empty(len(values), dtype=object)  # all missing: None everywhere
    if len(kinds) == 1:
        kind = next(iter(kinds))
        if kind is str:
            return _strings(values)
        if kind is int:
            return _ints(values, gaps)
        if kind is float:
            return _floats(values)
        if kind is bool:
            return _bools(values, gaps)
        if kind in _OPAQUE:
            return objects(values)
    return _exact(values)


# Text columns of frames up to this many rows are converted together (one pandas call, not one a column).
_BATCHED_ROWS = 2048


def typed_arrays(columns: Sequence[Sequence[Any] | None], types: Sequence[set[type] | None], length: int) -> list[Any]:
    """``typed_array`` for each column (None: a column no row has, all gaps), text columns converted together.

    Same arrays as one ``typed_array`` call per column; for a few rows, the text columns
    go through pandas' text conversion in one call and are then cut apart, since the
    per-call cost of that conversion, not the values, is what a one-row answer pays.

    Example::

        >>> [a.dtype.kind for a in typed_arrays([["a"], [1], None], [{str}, {int}, None], 1)]
        ['O', 'i', 'O']
    """
    arrays: list[Any] = [None] * len(columns)
    text: list[int] = []
    for position, (values, kinds) in enumerate(zip(columns, types, strict=True)):
        if values is None:
            arrays[position] = typed_array([None] * length, {_NONE})
        elif kinds is not None and str in kinds and kinds <= _TEXT_KINDS:
            text.append(position)
        else:
            arrays[position] = typed_array(values, kinds)
    if text:
        for position, array in zip(text, _text_columns([columns[p] for p in text], length), strict=True):
            arrays[position] = array
    return arrays


_TEXT_KINDS = frozenset({str, _NONE})


def _text_columns(columns: list[Any], length: int) -> list[Any]:
    dtype, array_type = _string_dtype()
    if array_type is None or len(columns) == 1 or length > _BATCHED_ROWS:
        return [_strings(values) for values in columns]
    whole = array_type._from_sequence(objects([value for values in columns for value in values]), dtype=dtype)
    backing = getattr(whole, "_ndarray", None)
    if backing is None or not hasattr(whole, "_from_backing_data"):  # pragma: no cover - e.g. pyarrow storage
        return [_strings(values) for values in columns]
    # Each column a view of its own rows of the one converted array.
    return [whole._from_backing_data(backing[start:start + length]) for start in range(0, len(backing), length)]


def _strings(values: Sequence[Any]) -> Any:
    dtype, array_type = _string_dtype()
    if array_type is None:  # pandas without a string dtype: plain objects
        return objects(values)
    return array_type._from_sequence(objects(values), dtype=dtype)


_string_dtypes: list[tuple[Any, Any]] = []


def _string_dtype() -> tuple[Any, Any]:
    """pandas' dtype for text (its options decide) and its array class, looked up once per process."""
    if not _string_dtypes:
        dtype = pd.Series(["text"]).dtype
        array_type = None if isinstance(dtype, np.dtype) else dtype.construct_array_type()
        _string_dtypes.append((dtype, array_type))
    return _string_dtypes[0]


def _gaps(values: Sequence[Any]) -> np.ndarray:
    # Identity checks only: no value is looked into, so this pass stays cheap on scattered objects.
    return np.fromiter(map(operator.is_, values, repeat(None)), dtype=bool, count=len(values))


def _ints(values: Sequence[Any], gaps: bool) -> Any:
    try:
        if not gaps:
            return np.array(values, dtype=np.int64)
        mask = _gaps(values)
        data = objects(values)
        data[mask] = 0
        return pd.arrays.IntegerArray(data.astype(np.int64), mask)
    except OverflowError:
        return objects(values)  # beyond int64: Python ints keep every digit


def _floats(values: Sequence[Any]) -> Any:
    data = np.array(values, dtype=np.float64)  # None becomes NaN
    if np.isnan(data).all():
        return np.empty(len(values), dtype=object)  # nothing but gaps: None, like any empty column
    return data


def _bools(values: Sequence[Any], gaps: bool) -> Any:
    if not gaps:
        return np.array(values, dtype=bool)
    mask = _gaps(values)
    data = objects(values)
    data[mask] = False
    return pd.arrays.BooleanArray(data.astype(bool), mask)


def objects(values: Sequence[Any]) -> np.ndarray:
    """An object array holding each value as one cell (lists stay lists, never a 2-D array)."""
    try:
        return np.fromiter(values, dtype=object, count=len(values))
    except (TypeError, ValueError):  # pragma: no cover - numpy < 1.23 has no object fromiter
        out = np.empty(len(values), dtype=object)
        for i, value in enumerate(values):
            out[i] = value
        return out


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _is_float(value: Any) -> bool:
    return isinstance(value, (float, np.floating))


def _exact(values: Sequence[Any]) -> Any:
    """Element-by-element typing for uncommon columns: the rules the fast paths stand in for."""
    present = [v for v in values if not is_missing(v)]
    missing = len(present) < len(values)
    if present and all(_is_bool(v) for v in present):
        if missing:
            return pd.array([None if is_missing(v) else bool(v) for v in values], dtype="boolean")
        return np.array(values, dtype=bool)
    if present and all(_is_int(v) for v in present):
        if all(_INT64_MIN <= int(v) <= _INT64_MAX for v in present):
            if missing:
                return pd.array([None if is_missing(v) else int(v) for v in values], dtype="Int64")
            return np.array(values, dtype=np.int64)
        return objects([None if is_missing(v) else v for v in values])
    if present and all(_is_float(v) for v in present):
        return np.array([np.nan if is_missing(v) else float(v) for v in values], dtype=np.float64)
    if present and all(isinstance(v, str) for v in present):
        return pd.Series([None if is_missing(v) else v for v in values]).array
    return objects([None if is_missing(v) else v for v in values])


# Values pandas 2's DataFrame constructor keeps as they are in an object column (it makes datetimes,
# periods, intervals... of others).
_PLAIN = frozenset({_NONE, str, int, float, bool, list, tuple, dict, decimal.Decimal})


def _plain(array: Any) -> bool:
    return not (isinstance(array, np.ndarray) and array.dtype.kind == "O") or set(map(type, array)) <= _PLAIN


def build_frame(names: list[str], arrays: list[Any], length: int) -> ResultFrame:
    """A ResultFrame with these columns, numpy columns of one dtype sharing one block.

    Example::

        >>> build_frame(["a", "b"], [np.array([1]), np.array([2])], 1).to_dict("records")
        [{'a': 1, 'b': 2}]
    """
    # Column labels are text: the Index pandas would infer, without inferring it label by label.
    columns = pd.Index(names, dtype=_string_dtype()[0]) if names else pd.Index(names)
    index = pd.RangeIndex(length)
    if _BY_HAND and names:  # pandas 2: a numpy-backed pandas array (text with gaps) is stored as numpy's
        arrays = [array.to_numpy() if type(array) is pd.arrays.NumpyExtensionArray else array for array in arrays]
    if _from_blocks is None or not names or (_BY_HAND and not all(map(_plain, arrays))):
        return ResultFrame(dict(zip(names, arrays, strict=True)), columns=columns, index=index)
    groups: dict[np.dtype, list[int]] = {}
    blocks: list[tuple[Any, np.ndarray]] = []
    for position, array in enumerate(arrays):
        if isinstance(array, np.ndarray):
            groups.setdefault(array.dtype, []).append(position)
        else:
            blocks.append((array, np.array([position], dtype=np.intp)))
    for dtype, positions in groups.items():
        block = np.empty((len(positions), length), dtype=dtype)
        for row, position in enumerate(positions):
            block[row] = arrays[position]
        if dtype.kind == "M" and _wrap_times is not None:
            # The pandas array a datetime64 block is kept as, made as pandas makes it, without re-checking
            # every value (which costs a one-row frame more than all its other columns).
            block = _wrap_times(block, dtype=dtype)
        blocks.append((block, np.array(positions, dtype=np.intp)))
    frame = _from_blocks(blocks, index, columns)
    # Re-wrap the same block manager as a ResultFrame (the public constructor would copy every block).
    return ResultFrame._from_mgr(frame._mgr, frame._mgr.axes)  # type: ignore[attr-defined]  # private pandas API


__all__ = ["EMPTY", "Blank", "build_frame", "objects", "typed_array", "typed_arrays"]
