"""Paging: every page of a limit/offset endpoint, as one DataFrame or one envelope.

Example::

    >>> import zyntro_nb as zn
    >>> df = zn.connect(sandbox=True).edge.getEnrollments(all_pages=True)
    >>> df.attrs["zyntro"]["pages"], len(df) == df.attrs["zyntro"]["extra"]["count"]
    (3, True)
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from .._catalog.catalog import Paging
from .._defaults import MAX_PAGES
from .._errors import ParameterError
from .._exchange import PartialPageWarning
from .._frames.frames import to_frame
from .._request import PreparedCall

if TYPE_CHECKING:
    from types import FrameType

_warned_partial: set[str] = set()


def _caller_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside this package."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # zyntro_nb/, not zyntro_nb/_session/
    frame: FrameType | None = sys._getframe(2)
    level = 2
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package + os.sep):
        frame, level = frame.f_back, level + 1
    return level


def note_total(attrs: MutableMapping[str, Any], prepared: PreparedCall, envelope: dict[str, Any], rows: int) -> None:
    """Put the reported total in ``attrs`` and warn (once per endpoint) when rows beyond this page exist.

    Example::

        >>> from zyntro_nb._catalog.catalog import Catalog
        >>> from zyntro_nb._request import PreparedCall
        >>> call = PreparedCall(Catalog.builtin().get("edge", "getItems"), "u", {})
        >>> attrs = {}
        >>> note_total(attrs, call, {"count": 9}, 3)   # getItems does not page: nothing to say
        >>> attrs
        {}
    """
    paging = prepared.endpoint.paging
    if paging is None or not paging.total:
        return
    total = envelope.get(paging.total)
    if not isinstance(total, int) or isinstance(total, bool):
        return
    attrs["total"] = total
    offset = prepared.body.get(paging.offset) or 0
    offset = offset if isinstance(offset, int) else 0
    if total > offset + rows:
        attrs["partial"] = True
        key = prepared.endpoint.key
        if key not in _warned_partial:
            _warned_partial.add(key)
            warning = PartialPageWarning(
                f"{key} answered {rows:,} of {total:,} rows (one page); counts and group-bys on this frame "
                "cover only this page — pass all_pages=True (%zyntro … --all-pages) for every row"
            )
            warning.endpoint, warning.rows, warning.total = key, rows, total
            warnings.warn(warning, stacklevel=_caller_stacklevel())


Send = Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]


def with_progress(send: Send, key: str, total_key: str | None = "count", stream: Any = None) -> Send:
    """``send`` that also reports each page on ``stream`` (stderr): ``edge/getEnrollments: page 2 · 100 of 133 rows``.

    Example::

        >>> import io
        >>> out = io.StringIO()
        >>> send = with_progress(lambda body: ({"data": [1, 2], "count": 5}, {}), "x/y", stream=out)
        >>> _ = send({}); out.getvalue()
        'x/y: page 1 · 2 of 5 rows\\n'
    """
    state = {"pages": 0, "rows": 0}

    def report(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        envelope, meta = send(body)
        data = envelope.get("data")
        state["pages"] += 1
        state["rows"] += len(data) if isinstance(data, list) else (1 if data else 0)
        total = envelope.get(total_key) if total_key else None
        of = f" of {total:,}" if isinstance(total, int) else ""
        print(f"{key}: page {state['pages']} · {state['rows']:,}{of} rows", file=stream or sys.stderr, flush=True)
        return envelope, meta

    return report


def _require_paging(prepared: PreparedCall, option: str) -> Paging:
    endpoint = prepared.endpoint
    if endpoint.paging is None:
        raise ParameterError(
            f"{endpoint.key} does not page",
            fix=f"drop {option}; only endpoints with limit/offset paging (e.g. edge/getEnrollments) support it",
            endpoint=endpoint.key,
        )
    return endpoint.paging


def _pages(send: Send, prepared: PreparedCall, paging: Paging
           ) -> Iterator[tuple[list[Any], dict[str, Any], int | None]]:
    """Each page's rows, frame metadata and the reported total, from the call's own limit and offset."""
    limit = int(prepared.body.get(paging.limit) or paging.page_size)
    offset = int(prepared.body.get(paging.offset) or 0)
    total = None
    for _ in range(MAX_PAGES):
        body = {**prepared.body, paging.limit: limit, paging.offset: offset}
        envelope, meta = send(body)
        data = envelope.get("data")
        page = data if isinstance(data, list) else ([] if data in (None, {}) else [data])
        if paging.total and isinstance(envelope.get(paging.total), int):
            total = envelope[paging.total]
        yield page, {**meta, "offset": offset, "limit": limit}, total
        offset += len(page)
        if not page or len(page) < limit or (total is not None and offset >= total):
            return


def fetch_all_pages(send: Send, prepared: PreparedCall, raw: bool, parse: bool | None = None) -> Any:
    """Follow limit/offset paging from the call's own limit and offset until every row is in.

    ``send(body)`` posts one page (through ``Session._send``, so reads keep their retries) and
    returns the envelope and frame metadata. Stops at a short or empty page, at the reported total,
    or after ``MAX_PAGES``. ``parse`` types the frame as ``to_frame`` does.
    """
    paging = _require_paging(prepared, "all_pages=True")
    rows: list[Any] = []
    pages, total = 0, None
    meta: dict[str, Any] = {}
    for page, page_meta, page_total in _pages(send, prepared, paging):
        rows.extend(page)
        pages, meta, total = pages + 1, page_meta, page_total
    if raw:
        return {"status": "success", "data": rows, paging.total or "count": total, "pages": pages}
    # One frame from all rows: the same typing rules as a single page, and cheaper than joining frames.
    meta = {k: v for k, v in meta.items() if k not in ("offset", "limit")}
    meta = {**meta, "pages": pages, "extra": {**meta.get("extra", {}), "count": total}}
    if total is not None:
        meta["total"] = total
    return to_frame(rows, prepared.endpoint, meta, parse=parse)


def iter_pages(send: Send, prepared: PreparedCall, parse: bool | None = None) -> Iterator[Any]:
    """One DataFrame per page, fetched only when the previous one has been taken (see ``Session.iter_pages``).

    ``parse`` types time and amount fields as a single call's frame has them (see ``_types``).

    Each frame's ``attrs["zyntro"]`` has ``page`` (from 1), ``offset``, ``limit`` and ``extra["count"]``.
    """
    paging = _require_paging(prepared, "paging")

    def pages() -> Iterator[Any]:
        for number, (page, meta, total) in enumerate(_pages(send, prepared, paging), start=1):
            if not page and number > 1:
                return
            extra = {**meta.get("extra", {}), "count": total}
            yield to_frame(page, prepared.endpoint, {**meta, "page": number, "extra": extra, "total": total},
                           parse=parse)

    return pages()
