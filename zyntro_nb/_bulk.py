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

import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ._bulk_rows import key_spec, labels_text, read_rows, row_keys
from ._defaults import BULK_MAX_CONCURRENCY, BULK_STOP_WAIT
from ._errors import ParameterError, ZyntroError
from ._journal import Journal
from ._throttle import Stopped, Throttle
from ._verify import Check, verifier_for

if TYPE_CHECKING:
    import pandas as pd

    from ._catalog import Endpoint
    from ._request import PreparedCall
    from ._retry import RetryPolicy
    from ._session import Session

STATUSES = ("ok", "error", "skipped", "unknown", "not_sent")
COLUMNS = ("_status", "_error", "_error_type", "_request_id", "_attempts", "_elapsed")
LIST_COLUMN = "data"
PROGRESS_INTERVAL = 0.1  # seconds between progress bar updates


@dataclass
class Outcome:
    """What happened to one row."""

    status: str
    data: Mapping[str, Any] | None = None
    error: str | None = None
    error_type: str | None = None
    request_id: str | None = None
    attempts: int = 0
    elapsed: float | None = None
    exception: BaseException | None = None

    def record(self) -> dict[str, Any]:
        row = {"_status": self.status, "_error": self.error, "_error_type": self.error_type,
               "_request_id": self.request_id, "_attempts": self.attempts, "_elapsed": self.elapsed}
        for name, value in (self.data or {}).items():
            row.setdefault(name, value)
        return row


def answer_fields(envelope: Mapping[str, Any]) -> dict[str, Any]:
    """One row's answer as record fields: an object's fields, a list in one ``data`` column, a scalar as
    ``value``; keys beside ``data`` in the envelope (``existing``, ``count``) are kept too."""
    data = envelope.get("data")
    if isinstance(data, Mapping):
        fields = dict(data)
    elif isinstance(data, list):
        fields = {LIST_COLUMN: data}
    elif data is None:
        fields = {}
    else:
        fields = {"value": data}
    for name, value in envelope.items():
        if name not in ("status", "data"):
            fields.setdefault(name, value)
    return fields


def outcome_unknown(error: BaseException, endpoint: Endpoint) -> bool:
    """Whether a failed write may have been applied (its answer lost): never for a read."""
    if endpoint.read_only and endpoint.catalogued:
        return False
    if isinstance(error, ZyntroError):
        return error.outcome_unknown
    return True  # an unexpected failure after the request may have gone out: assume the worst


def error_text(error: BaseException) -> str:
    if isinstance(error, ZyntroError):
        return f"{error.message}: {error.cause}" if error.cause else error.message
    return f"{type(error).__name__}: {error}"


class BulkInterrupted(Exception):
    """Internal: the main thread was interrupted while waiting."""


class _Run:
    """One bulk call in progress: the rows to send, the workers, the outcomes so far."""

    def __init__(self, session: Session, endpoint: Endpoint, prepared: list[PreparedCall], labels: list[Any],
                 keys: list[str], journal: Journal | None, policy: RetryPolicy, timeout: Any,
                 throttle: Throttle, check: Check | None) -> None:
        self.session = session
        self.endpoint = endpoint
        self.prepared = prepared
        self.labels = labels
        self.keys = keys
        self.journal = journal
        self.policy = policy
        self.timeout = timeout
        self.throttle = throttle
        self.check = check
        self.is_write = not (endpoint.read_only and endpoint.catalogued)
        self.outcomes: list[Outcome | None] = [None] * len(prepared)
        self.in_flight: set[int] = set()
        self._lock = threading.Lock()

    # -- one row, in a worker thread ----------------------------------------------------------
    def verify_then_send(self, position: int) -> Outcome:
        assert self.check is not None
        prepared = self.prepared[position]
        try:
            found = self.check.applied(self.session, prepared.body, self.policy, self.timeout, self.throttle)
        except ZyntroError as error:
            return Outcome("unknown", error=f"still unknown: checking whether it was applied failed "
                           f"({error_text(error)}); {self.check.advice(prepared.body)}",
                           error_type=type(error).__name__)
        if found is not None:
            self._journal(position, "ok", request_id=None, data=found, verified=True)
            return Outcome("skipped", data=found)
        return self.send(position)

    def send(self, position: int) -> Outcome:
        prepared = self.prepared[position]
        if self.is_write:
            self._journal(position, "sending", durable=True)
        started = time.perf_counter()
        try:
            envelope, meta = self.session._send(prepared, self.policy, self.timeout, throttle=self.throttle)
        except Stopped:
            if self.is_write:  # the "sending" record must not make a re-run think it may have been applied
                self._journal(position, "error", error="not sent: the bulk stopped first")
            return Outcome("not_sent")
        except Exception as error:  # every failure becomes this row's outcome
            elapsed = time.perf_counter() - started
            unknown = self.is_write and outcome_unknown(error, self.endpoint)
            status = "unknown" if unknown else "error"
            text = error_text(error)
            if unknown:
                text += "; " + self._unknown_advice(prepared)
            request_id = getattr(error, "request_id", None)
            self._journal(position, status, request_id=request_id, error=error_text(error),
                          error_type=type(error).__name__)
            return Outcome(status, error=text, error_type=type(error).__name__, request_id=request_id,
                           attempts=getattr(error, "attempts", 1), elapsed=elapsed, exception=error)
        fields = answer_fields(envelope)
        self._journal(position, "ok", request_id=meta.get("request_id"), data=fields)
        return Outcome("ok", data=fields, request_id=meta.get("request_id"), attempts=meta.get("attempts", 1),
                       elapsed=meta.get("elapsed"))

    def _unknown_advice(self, prepared: PreparedCall) -> str:
        if self.check is not None and self.journal is not None:
            return ("it may have been applied: re-run with the same journal, which checks "
                    f"{self.check.describe(prepared.body)} before sending it again")
        if self.check is not None:
            return f"it may have been applied: {self.check.advice(prepared.body)}"
        how = "re-run with the same journal and resend_unknown=True" if self.journal else "send it again"
        hint = self.endpoint.verify
        check = f"check with {hint.render(prepared.body)}" if hint else "check in Zyntro"
        return f"{check}, and only if it was not applied, {how}"

    def _journal(self, position: int, state: str, durable: bool = False, **fields: Any) -> None:
        if self.journal is not None:
            self.journal.record(self.keys[position], state, durable=durable, row=str(self.labels[position]),
                                **fields)


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


def _prepare_all(session: Session, module: str, action: str, labels: list[Any],
                 params: list[dict[str, Any]]) -> list[PreparedCall]:
    """Every row checked like a single call; all problems reported at once, grouped, nothing sent."""
    prepared: list[PreparedCall] = []
    problems: dict[tuple[str, str], tuple[ZyntroError, list[Any]]] = {}
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
    error = type(first)(message, param=getattr(first, "param", None), cause=first.cause,
                        fix=f"{first.fix}; nothing was sent" if first.fix else "nothing was sent",
                        endpoint=first.endpoint)
    error.rows = [label for _, labels_ in problems.values() for label in labels_]  # type: ignore[attr-defined]
    raise error


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
) -> pd.DataFrame:
    """See :meth:`Session.bulk`."""
    from ._limits import check_count, check_seconds

    started = time.perf_counter()
    timeout = check_seconds("timeout", timeout, ParameterError, allow_timeout=True)
    max_retries = check_count("max_retries", max_retries, ParameterError)
    deadline = check_seconds("deadline", deadline, ParameterError)
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
    book = Journal.open(journal, endpoint.key, spec, session.config.secrets()) if journal is not None else None
    check = verifier_for(session.catalog, endpoint)
    run = _Run(session, endpoint, prepared, labels, keys, book, policy, timeout, throttle, check)
    try:
        tasks = _plan(run, resend_unknown)
        interrupted: BaseException | None = None
        first_error: Outcome | None = None
        bar = _progress(progress, len(labels), endpoint.key)
        try:
            first_error = _work(run, tasks, concurrency, stop_on_error, bar)
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
        error = first_error.exception
        if not isinstance(error, ZyntroError):
            error = ZyntroError(first_error.error or "a row failed", endpoint=endpoint.key)
        error.partial = frame  # type: ignore[attr-defined]
        error.row = run.labels[run.outcomes.index(first_error)]  # type: ignore[attr-defined]
        raise error
    return frame


def _real_sleep(policy: RetryPolicy) -> bool:
    return policy.sleep is time.sleep


def _plan(run: _Run, resend_unknown: bool) -> list[tuple[int, bool]]:
    """``(position, check_first)`` for each row to work on; other rows get their outcome from the journal."""
    tasks: list[tuple[int, bool]] = []
    for position, key in enumerate(run.keys):
        state = run.journal.state(key) if run.journal is not None else None
        if state is None or state["state"] == "error":
            tasks.append((position, False))
        elif state["state"] == "ok":
            run.outcomes[position] = Outcome("skipped", data=state.get("data"), request_id=state.get("request_id"))
        elif not run.is_write or run.endpoint.idempotent or resend_unknown:
            tasks.append((position, False))
        elif run.check is not None:
            tasks.append((position, True))
        else:
            body = run.prepared[position].body
            hint = run.endpoint.verify
            advice = f"check with {hint.render(body)}" if hint else "check in Zyntro whether it was applied"
            run.outcomes[position] = Outcome(
                "unknown", request_id=state.get("request_id"), error_type=state.get("error_type"),
                error=f"not sent again: a previous run sent it and its outcome is unknown "
                f"({state.get('error') or 'interrupted while in flight'}); {advice}; "
                "if it was not applied, re-run with resend_unknown=True",
            )
    return tasks


def _work(run: _Run, tasks: list[tuple[int, bool]], concurrency: int, stop_on_error: bool,
          bar: Any) -> Outcome | None:
    """Run ``tasks`` on up to ``concurrency`` threads; progress and stopping happen here, in the caller's thread.

    Workers store each outcome themselves (so a Ctrl-C here cannot lose one) and count it; this
    thread wakes a few times a second to move the bar, not once per row (it would compete with the
    workers for the interpreter).
    """
    done_before = sum(o is not None for o in run.outcomes)
    if bar is not None and done_before:
        bar.update(done_before)
    if not tasks:
        return None
    pending = list(reversed(tasks))
    lock = threading.Lock()
    tally = {"done": 0, "errors": 0}
    failures: list[Outcome] = []

    def worker() -> None:
        while not run.throttle.stopping:
            with lock:
                if not pending:
                    return
                position, check_first = pending.pop()
                run.in_flight.add(position)
            try:
                outcome = run.verify_then_send(position) if check_first else run.send(position)
            except BaseException as error:  # pragma: no cover - send() turns failures into outcomes
                outcome = Outcome("unknown" if run.is_write else "error", error=error_text(error),
                                  error_type=type(error).__name__, exception=error)
            failed = outcome.status in ("error", "unknown")
            if stop_on_error and failed:
                run.throttle.stop()  # here, not in the caller's thread, so no further row is taken
            with lock:
                run.outcomes[position] = outcome
                run.in_flight.discard(position)
                tally["done"] += 1
                if failed:
                    tally["errors"] += 1
                    failures.append(outcome)

    threads = [threading.Thread(target=worker, name=f"zyntro-bulk-{i}", daemon=True)
               for i in range(min(concurrency, len(tasks)))]
    shown = errors_shown = 0
    try:
        for thread in threads:
            thread.start()
        while True:
            alive = [t for t in threads if t.is_alive()]
            if alive:
                alive[0].join(PROGRESS_INTERVAL)
            if bar is not None:
                with lock:
                    done, errors = tally["done"], tally["errors"]
                if errors != errors_shown:
                    bar.set_postfix(errors=errors, refresh=False)
                    errors_shown = errors
                if done != shown:
                    bar.update(done - shown)
                    shown = done
            if not alive:
                break
    except KeyboardInterrupt:
        run.throttle.stop()
        _drain(threads)
        raise
    return failures[0] if stop_on_error and failures else None


def _drain(threads: list[threading.Thread]) -> None:
    """After Ctrl-C: let the calls in flight finish (bounded; the workers store their outcomes); a second
    Ctrl-C stops waiting.

    Waits on what ``threading.enumerate()`` still lists, not on ``is_alive()``: a Ctrl-C that lands inside
    ``Thread.start()`` leaves a worker that is launched but not yet marked started, and it must be waited
    for too (it sees the stop flag and ends at once).
    """
    deadline = time.monotonic() + BULK_STOP_WAIT
    mine = set(threads)
    try:
        while time.monotonic() < deadline:
            running = [thread for thread in threading.enumerate() if thread in mine]
            if not running:
                return
            for thread in running:
                if thread.is_alive():
                    thread.join(max(0.0, min(0.05, deadline - time.monotonic())))
                else:
                    time.sleep(0.001)
    except KeyboardInterrupt:
        pass


def _progress(progress: bool | None, total: int, label: str) -> Any:
    if progress is False or (progress is None and total <= 1):
        return None
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=label, unit="row", dynamic_ncols=True)
    bar.set_postfix(errors=0, refresh=False)
    return bar


def _frame(run: _Run, index: Any, started: float, concurrency: int, book: Journal | None) -> pd.DataFrame:
    from ._frames import to_frame

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
