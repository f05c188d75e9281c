"""Paging: every page of a limit/offset endpoint, as one DataFrame or one envelope.

Example::

    >>> import zyntro_nb as zn
    >>> df = zn.connect(sandbox=True).edge.getEnrollments(all_pages=True)
    >>> df.attrs["zyntro"]["pages"], len(df) == df.attrs["zyntro"]["extra"]["count"]
    (3, True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._defaults import MAX_PAGES
from ._errors import ParameterError
from ._frames import to_frame
from ._request import PreparedCall

Send = Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]


def fetch_all_pages(send: Send, prepared: PreparedCall, raw: bool) -> Any:
    """Follow limit/offset paging from the call's own limit and offset until every row is in.

    ``send(body)`` posts one page (through ``Session._send``, so reads keep their retries) and
    returns the envelope and frame metadata. Stops at a short or empty page, at the reported total,
    or after ``MAX_PAGES``.
    """
    endpoint = prepared.endpoint
    paging = endpoint.paging
    if paging is None:
        raise ParameterError(
            f"{endpoint.key} does not page",
            fix="drop all_pages=True; only endpoints with limit/offset paging (e.g. edge/getEnrollments) "
            "support it",
            endpoint=endpoint.key,
        )

    limit = int(prepared.body.get(paging.limit) or paging.page_size)
    offset = int(prepared.body.get(paging.offset) or 0)
    rows: list[Any] = []
    pages, total = 0, None
    meta: dict[str, Any] = {}
    for _ in range(MAX_PAGES):
        body = {**prepared.body, paging.limit: limit, paging.offset: offset}
        envelope, meta = send(body)
        data = envelope.get("data")
        page = data if isinstance(data, list) else ([] if data in (None, {}) else [data])
        rows.extend(page)
        pages += 1
        if paging.total and isinstance(envelope.get(paging.total), int):
            total = envelope[paging.total]
        offset += len(page)
        if not page or len(page) < limit or (total is not None and offset >= total):
            break
    if raw:
        return {"status": "success", "data": rows, paging.total or "count": total, "pages": pages}
    # One frame from all rows: the same typing rules as a single page, and cheaper than joining frames.
    meta = {**meta, "pages": pages, "extra": {**meta.get("extra", {}), "count": total}}
    return to_frame(rows, endpoint, meta)
