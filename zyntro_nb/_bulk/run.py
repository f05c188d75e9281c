"""One bulk call's rows at work: sending a row, or first checking whether its lost write was applied.

Each row ends as an :class:`Outcome` (``ok``, ``error``, ``skipped``, ``unknown``,
``not_sent``). A write is journalled as ``sending`` — forced to disk — before it goes out,
so a crash never lets a re-run mistake it for unsent. A row whose earlier answer was lost
is checked with the catalog's read (:mod:`._verify`) and sent again only when that read
shows it was not applied; where the read cannot tell, the row stays ``unknown`` with the
reason in ``_error``.

For a write that adds an item equal items may already be there for (a note with the same
text on the contact), the ids of those equal items are read and journalled with the
``sending`` record; on a re-run only an item that is new since then counts as this write's.

Example::

    >>> Outcome("ok", data={"note_id": "n1"}, attempts=1).record()["note_id"]
    'n1'
    >>> answer_fields({"status": "success", "data": {"bc_id": "bc_1"}, "existing": True})
    {'bc_id': 'bc_1', 'existing': True}
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._errors import ZyntroError
from .._throttle import Stopped
from .verify import Check

if TYPE_CHECKING:
    from .._catalog.catalog import Endpoint
    from .._request import PreparedCall
    from .._retry import RetryPolicy
    from .._session.session import Session
    from .._throttle import Throttle
    from .journal import Journal

LIST_COLUMN = "data"


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


class Run:
    """One bulk call in progress: the rows to send, the outcomes so far, and how one row is worked."""

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
        # Item ids equal to each row's write that were there before it was sent (None: not read).
        self.before: list[list[Any] | None] = [None] * len(prepared)
        # Item ids the journal already attributes to a row's write: never another row's proof.
        self.claimed: set[Any] = set()
        # Rows whose journal record was damaged: a previous run may (not must) have sent them.
        self.damaged: set[int] = set()

    def recall(self, position: int, state: Mapping[str, Any]) -> None:
        """Take what the journal recorded for a row (its baseline, the item its answer names)."""
        if isinstance(state.get("before"), list):
            self.before[position] = state["before"]
        if state.get("damaged"):
            self.damaged.add(position)
        if self.check is not None and state.get("state") == "ok":
            item = self.check.claimed_by(state.get("data"))
            if item is not None:
                self.claimed.add(item)

    # -- one row, in a worker thread ----------------------------------------------------------
    def verify_then_send(self, position: int) -> Outcome:
        """A row whose earlier answer was lost: skipped if applied, sent if not, else left unknown."""
        assert self.check is not None
        body = self.prepared[position].body
        try:
            verdict = self.check.verdict(self.session, body, self.policy, self.timeout, self.throttle,
                                         before=self.before[position], claimed=self.claimed)
        except ZyntroError as error:
            return Outcome("unknown", error=f"still unknown: checking whether it was applied failed "
                           f"({error_text(error)}); {self.check.advice(body)}",
                           error_type=type(error).__name__)
        if verdict.applied:
            self._journal(position, "ok", request_id=None, data=verdict.data, verified=True)
            return Outcome("skipped", data=verdict.data)
        if verdict.applied is None:
            lost = ("its journal record was damaged, so a previous run may have sent it" if position in self.damaged
                    else "a previous run sent it and its answer was lost")
            return Outcome("unknown", error=f"not sent again: {lost}; "
                           f"{self.check.describe(body)} cannot tell whether it was applied ({verdict.reason}); "
                           "look yourself, and if it was not applied, re-run with resend_unknown=True")
        return self.send(position)

    def send(self, position: int) -> Outcome:
        prepared = self.prepared[position]
        if self.is_write:
            try:
                self._note_before(position)
            except Stopped:
                return Outcome("not_sent")
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
                text += "; " + self.unknown_advice(prepared)
            request_id = getattr(error, "request_id", None)
            self._journal(position, status, request_id=request_id, error=error_text(error),
                          error_type=type(error).__name__)
            return Outcome(status, error=text, error_type=type(error).__name__, request_id=request_id,
                           attempts=getattr(error, "attempts", 1), elapsed=elapsed, exception=error)
        fields = answer_fields(envelope)
        self._journal(position, "ok", request_id=meta.get("request_id"), data=fields)
        return Outcome("ok", data=fields, request_id=meta.get("request_id"), attempts=meta.get("attempts", 1),
                       elapsed=meta.get("elapsed"))

    def _note_before(self, position: int) -> None:
        """Read which items equal to this write's are there already, when a re-run may need to know."""
        body = self.prepared[position].body
        check = self.check
        if self.journal is None or check is None or not check.counts_new_items(body) or check.undecidable(body):
            return
        try:
            self.before[position] = check.existing(self.session, body, self.policy, self.timeout, self.throttle)
        except Stopped:
            raise
        except Exception:  # the write may still go out; only a later check is weaker
            self.before[position] = None  # a re-run that finds an equal item will say it cannot tell

    def unknown_advice(self, prepared: PreparedCall) -> str:
        """What to do about a write whose answer was just lost."""
        hint = self.endpoint.verify
        cannot = hint.why_not(prepared.body) if hint else ""
        if self.check is not None and self.journal is not None:
            return ("it may have been applied: re-run with the same journal, which checks "
                    f"{self.check.describe(prepared.body)} before sending it again")
        if self.check is not None:
            return f"it may have been applied: {self.check.advice(prepared.body)}"
        how = "re-run with the same journal and resend_unknown=True" if self.journal else "send it again"
        if cannot:
            return f"it cannot be checked through the API: {cannot}; only if it was not applied, {how}"
        check = f"check with {hint.render(prepared.body)}" if hint else "check in Zyntro"
        return f"{check}, and only if it was not applied, {how}"

    def still_unknown(self, position: int, state: Mapping[str, Any]) -> Outcome:
        """A row a previous run left unknown that this run will not send (no check a program can run)."""
        body = self.prepared[position].body
        hint = self.endpoint.verify
        cannot = hint.why_not(body) if hint else ""
        if cannot:
            advice = f"whether it was applied cannot be checked through the API: {cannot}"
        elif hint is not None and hint.endpoint:
            advice = f"check with {hint.render(body)}"
        else:
            advice = "check in Zyntro whether it was applied"
        sent = "a previous run may have sent it" if state.get("damaged") else "a previous run sent it"
        return Outcome(
            "unknown", request_id=state.get("request_id"), error_type=state.get("error_type"),
            error=f"not sent again: {sent} and its outcome is unknown "
            f"({state.get('error') or 'interrupted while in flight'}); {advice}; "
            "if it was not applied, re-run with resend_unknown=True",
        )

    def _journal(self, position: int, state: str, durable: bool = False, **fields: Any) -> None:
        if self.journal is not None:
            if self.before[position] is not None:
                fields.setdefault("before", self.before[position])
            self.journal.record(self.keys[position], state, durable=durable, row=str(self.labels[position]),
                                **fields)

