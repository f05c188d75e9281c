"""Bulk calls: one endpoint called once per row of a table, by a bounded pool of workers.

A front-end over the session's one send path, like the magics: every row is checked
before anything is sent, worker threads share the session's HTTP client and a pause
that a 429 from any of them extends (:mod:`._throttle`), answers are collected as
plain records and turned into ONE DataFrame at the end. A journal (:mod:`._journal`)
makes a re-run send only the rows that still need it, and never a write twice.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True)
    >>> rows = [{"contact_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890"}, {"contact_id": "nope"}]
    >>> df = s.bulk("crm", "fetchContact", rows, progress=False)
    >>> list(df["_status"])
    ['ok', 'error']
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .._defaults import BULK_MAX_CONCURRENCY
from .._errors import ParameterError, ZyntroError
from .._throttle import Throttle
from .journal import Journal
from .lock import check_lock_timeout
from .pool import progress_bar, work
from .rows import key_spec, labels_text, read_rows, row_keys
from .run import Outcome, Run
from .verify import verifier_for

if TYPE_CHECKING:
    import pandas as pd

    from .._catalog.catalog import Endpoint
    from .._request import PreparedCall
    from .._retry import RetryPolicy
    from .._session.session import Session

STATUSES = ("ok", "error", "skipped", "unknown", "not_sent")
COLUMNS = ("_status", "_error", "_error_type", "_request_id", "_attempts", "_elapsed")


def _check_concurrency(concurrency: Any, endpoint: Endpoint) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= \
            BULK_MAX_CONCURRENCY:
        raise ParameterError(
            f"concurrency must be a whole number from 1 to {BULK_MAX_CONCURRENCY}, not {concurrency!r}",
            param="concurrency",
            fix=f"pass concurrency=8 (the default); more than {BULK_MAX_CONCURRENCY} parallel calls only "
            "earns 429 answers",
            endpoint=endpoint.key,
        )
    return concurrency


def _check_journal(journal: Any) -> None:
    """A journal is a file path (text or ``os.PathLike``); ``journal=True`` and the like are refused."""
    import os

    if journal is None or (isinstance(journal, (str, os.PathLike)) and str(os.fspath(journal)).strip()):
        return
    shown = repr(journal) if isinstance(journal, str) else type(journal).__name__
    raise ParameterError(
        f"journal= takes a file path, not {shown}",
        param="journal",
        cause="the journal is a file that records each row's outcome, so it needs a name",
        fix="pass journal='imports/add.journal' (a path; relative paths go under ZYNTRO_JOURNAL_DIR when set), "
        "or leave it out",
    )


def _prepare_all(session: Session, module: str, action: str, labels: list[Any],
                 params: list[dict[str, Any]]) -> list[PreparedCall]:
    """Every row checked like a single call; all problems reported at once, grouped, nothing sent."""
    prepared: list[PreparedCall] = []
    problems: dict[tuple[str, str], tuple[ParameterError, list[Any]]] = {}
    for label, row in zip(labels, params, strict=True):
        try:
            prepared.append(session._checked(module, action, row, None, stacklevel=5))
        except ParameterError as error:
            entry = problems.setdefault((type(error).__name__, error.message), (error, []))
            entry[1].append(label)
    if not problems:
        return prepared
    (first, rows), *others = problems.values()
    message = f"{first.message} in rows {labels_text(rows)}"
    if others:
        message += "; also: " + "; ".join(f"{e.message} in rows {labels_text(r)}" for e, r in others[:3])
    combined = type(first)(message, param=getattr(first, "param", None), cause=first.cause,
                           fix=f"{first.fix}; nothing was sent" if first.fix else "nothing was sent",
                           endpoint=first.endpoint)
    combined.rows = [label for _, labels_ in problems.values() for label in labels_]  # type: ignore[attr-defined]
    raise combined


def bulk(
    session: Session,
    module: str,
    action: str,
    rows: Any,
    *,
    concurrency: int,
    key: str | Sequence[str] | None,
    journal: Any,
    progress: bool | None,
    stop_on_error: bool,
    resend_unknown: bool,
    timeout: Any,
    max_retries: int | None,
    deadline: float | None,
    constants: Mapping[str, Any],
    lock_timeout: float | None = None,
) -> pd.DataFrame:
    """See :meth:`Session.bulk`."""
    from .._session.limits import check_count, check_flag, check_seconds

    started = time.perf_counter()
    progress = check_flag("progress", progress, ParameterError, optional=True)
    stop_on_error = bool(check_flag("stop_on_error", stop_on_error, ParameterError))
    resend_unknown = bool(check_flag("resend_unknown", resend_unknown, ParameterError))
    _check_journal(journal)
    timeout = check_seconds("timeout", timeout, ParameterError, allow_timeout=True)
    max_retries = check_count("max_retries", max_retries, ParameterError)
    deadline = check_seconds("deadline", deadline, ParameterError)
    lock_timeout = check_lock_timeout(lock_timeout)
    endpoint = session.catalog.resolve(module, action)
    catalog = session.catalog
    if not endpoint.catalogued and (module not in catalog.modules() or catalog.suggest_actions(module, action)):
        # A typo would otherwise be sent once per row: refuse it (register a definition to call it on purpose).
        error = session._unknown_endpoint(module, action)
        error.fix += "; to call an endpoint the catalog does not know, add it with zn.catalog.register({...})"
        raise error
    concurrency = _check_concurrency(concurrency, endpoint)
    spec, key_columns = key_spec(key, endpoint)
    labels, raw, params, index = read_rows(rows, endpoint, constants, key_columns)
    prepared = _prepare_all(session, module, action, labels, params)
    keys = row_keys(labels, raw, params, key_columns, endpoint) if journal is not None else [""] * len(labels)
    policy = session.retry.with_retries(max_retries).with_deadline(deadline)
    throttle = Throttle(concurrency, sleep=None if _real_sleep(policy) else policy.sleep)
    book = Journal.open(journal, endpoint.key, spec, session.config.secrets(), org=session.config.org_id,
                        lock_timeout=lock_timeout) if journal is not None else None
    check = verifier_for(session.catalog, endpoint)
    run = Run(session, endpoint, prepared, labels, keys, book, policy, timeout, throttle, check)
    try:
        tasks = _plan(run, resend_unknown)
        interrupted: BaseException | None = None
        first_error: Outcome | None = None
        bar = progress_bar(progress, len(labels), endpoint.key)
        try:
            first_error = work(run, tasks, concurrency, stop_on_error, bar)
        except KeyboardInterrupt as exc:
            interrupted = exc
        finally:
            if bar is not None:
                bar.close()
    finally:
        if book is not None:
            book.close()
    frame = _frame(run, index, started, concurrency, book)
    if interrupted is not None:
        interrupted.partial = frame  # type: ignore[attr-defined]
        raise interrupted
    if first_error is not None:
        failure = first_error.exception
        if not isinstance(failure, ZyntroError):
            failure = ZyntroError(first_error.error or "a row failed", endpoint=endpoint.key)
        failure.partial = frame  # type: ignore[attr-defined]
        failure.row = run.labels[run.outcomes.index(first_error)]  # type: ignore[attr-defined]
        raise failure
    return frame


def _real_sleep(policy: RetryPolicy) -> bool:
    return policy.sleep is time.sleep


def _plan(run: Run, resend_unknown: bool) -> list[tuple[int, bool]]:
    """``(position, check_first)`` for each row to work on; other rows get their outcome from the journal."""
    tasks: list[tuple[int, bool]] = []
    states = [run.journal.state(key) if run.journal is not None else None for key in run.keys]
    for position, state in enumerate(states):
        if state is not None:
            run.recall(position, state)
    for position, state in enumerate(states):
        if state is None or state["state"] == "error":
            tasks.append((position, False))
        elif state["state"] == "ok":
            run.outcomes[position] = Outcome("skipped", data=state.get("data"), request_id=state.get("request_id"))
        elif not run.is_write or run.endpoint.idempotent or resend_unknown:
            tasks.append((position, False))
        elif run.check is not None:
            tasks.append((position, True))
        else:
            run.outcomes[position] = run.still_unknown(position, state)
    return tasks


def _frame(run: Run, index: Any, started: float, concurrency: int, book: Journal | None) -> pd.DataFrame:
    from .._frames.frames import to_frame

    records = []
    for position, outcome in enumerate(run.outcomes):
        if outcome is None:
            in_flight = position in run.in_flight
            outcome = Outcome("unknown" if in_flight and run.is_write else "not_sent",
                              error="interrupted while in flight" if in_flight else None)
        records.append(outcome.record())
    counts = Counter(record["_status"] for record in records)
    meta = {
        "module": run.endpoint.module,
        "action": run.endpoint.action,
        "endpoint": run.endpoint.key,
        "bulk": True,
        "rows": len(records),
        "counts": {status: counts.get(status, 0) for status in STATUSES if counts.get(status) or status != "not_sent"},
        "elapsed": time.perf_counter() - started,
        "concurrency": concurrency,
        "throttled": run.throttle.pauses,
        "journal": str(book.path) if book is not None else None,
        "backend": "sandbox" if run.session.is_sandbox else run.session.config.base_url,
    }
    shape = replace(run.endpoint, fields=(*COLUMNS, *run.endpoint.fields), rows=None)
    frame = to_frame(records, shape, meta)
    if index is not None and len(index) == len(frame):
        frame.index = index
    return frame
