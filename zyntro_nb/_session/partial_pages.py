"""How the front-ends (``%zyntro``, forms) show a call's ``PartialPageWarning``: one short line.

``Session.call`` issues :class:`~zyntro_nb.PartialPageWarning` for one page of a longer
result, and Python users of ``s.call`` get it as any warning. A front-end renders it in
its own words instead of Python's ``file.py:123: PartialPageWarning: …`` text: the magic
prints one line that fits the terminal and names its own flag (``--all-pages``), a form
says it on its status line. Other warnings pass through untouched, and warning filters
keep working (an ignored warning is not shown in either form).

Example::

    >>> w = PartialPageWarning("…")
    >>> w.endpoint, w.rows, w.total = "edge/getEnrollments", 50, 133
    >>> partial_page_line(w, "add --all-pages for all", width=80)
    'edge/getEnrollments: 50 of 133 rows (one page) — add --all-pages for all'
    >>> partial_page_line(w, "add --all-pages for all", width=40)
    '50 of 133 rows — add --all-pages for all'
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .._exchange import PartialPageWarning


def rows_of(rows: int, total: int) -> str:
    """``50 of 133 rows``: the words a caption, the magic and a form all use."""
    return f"{rows:,} of {total:,} rows"


def partial_page_line(warning: PartialPageWarning, fix: str, width: int | None = None) -> str:
    """The warning as one line no wider than ``width`` (default: the terminal's width less one,
    as tables measure it: ``zyntro_nb._settings.terminal_width``).

    The longest form that fits is used: endpoint, counts and ``fix``; then counts and ``fix``;
    then that cut with ``…``. A warning issued without counts shows its own first line.
    """
    if width is None:
        from .._settings import terminal_width

        width = terminal_width() - 1  # a line as wide as the terminal wraps in some
    width = max(20, width)
    if warning.total is None or warning.rows is None:
        forms = [str(warning).splitlines()[0] if str(warning) else "one page of a longer result"]
    else:
        counts = rows_of(warning.rows, warning.total)
        forms = [f"{warning.endpoint}: {counts} (one page) — {fix}", f"{counts} (one page) — {fix}",
                 f"{counts} — {fix}"]
    for text in forms:
        if len(text) <= width:
            return text
    return forms[-1][: width - 1] + "…"


@contextmanager
def partial_pages_shown(show: Callable[[PartialPageWarning], None]) -> Iterator[None]:
    """Within the block, each ``PartialPageWarning`` goes to ``show`` instead of Python's warning text.

    The front-end shows every partial page (not once per endpoint), and what it shows does not
    count as the once-per-endpoint warning Python callers of ``s.call`` get. Every other warning
    the block issues is shown afterwards as it would have been; filters apply as usual
    (``"ignore"`` silences the front-end's line too, ``"error"`` still raises).
    """
    from . import paging as _paging

    already = set(_paging._warned_partial)
    _paging._warned_partial.clear()
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            yield
    finally:
        _paging._warned_partial.clear()
        _paging._warned_partial.update(already)
        for item in caught:
            if isinstance(item.message, PartialPageWarning):
                show(item.message)
            else:
                warnings.showwarning(item.message, item.category, item.filename, item.lineno, item.file, item.line)


__all__ = ["partial_page_line", "partial_pages_shown", "rows_of"]
