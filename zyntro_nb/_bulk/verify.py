"""Checking whether a write whose answer was lost was applied, with the read the catalog names.

The catalog's ``verify`` entry for a write (:class:`zyntro_nb._catalog.catalog.Verify`) names the
read, its parameters taken from the write's body or fixed, and — so a program can
decide, not only a person — where to look in the read's answer: ``within`` (a list in
the answer to search; the answer itself when empty), ``match`` (answer field → write
body path: every one the write has must be equal, ignoring case, spaces and phone
punctuation) and ``keep`` (write-answer field → answer field: what a bulk result shows
for a row found applied).

A check says *applied*, *not applied* or *cannot tell* (:class:`Verdict`), never guesses.
For a write that sets state (a contact's fields, a webhook's settings) *applied* means the
state it sets is there, all of it that the write names — sending it again would change
nothing. For the rest:

- a write that adds an item equal to one that may already be there (a note with the same
  text) names its items' id field as ``baseline``: bulk notes the ids of equal items before
  sending (:meth:`Check.existing`), and only an item that is new since then — and not the
  answer of another row — counts. Without that record an equal item proves nothing (the API
  documents no creation time or author for notes or profiles), so the check cannot tell;
- ``needs`` (body paths without which only a person can decide), ``unseen`` (body paths the
  read does not show) and ``covers`` (body objects every key of which must be matched) keep
  a check from calling a write applied on the strength of the part it can see.

Example::

    >>> from zyntro_nb._catalog.catalog import Catalog
    >>> check = verifier_for(Catalog.builtin(), Catalog.builtin().get("crm", "addNotestoContact"))
    >>> check.describe({"contact_id": "c-1", "note": "Called back"})
    "crm/fetchContact(contact_id='c-1', include_notes=1) for a new note with this text among the contact's notes"
    >>> check.undecidable({"contact_id": "c-1"})
    "the write's parameters give nothing to look for (it sets none of: note_id, note, note_visibility, note_editable)"
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._errors import NotFoundError

if TYPE_CHECKING:
    from .._catalog.catalog import Catalog, Endpoint, Verify
    from .._retry import RetryPolicy
    from .._session.session import Session
    from .._throttle import Throttle

_NOISE = re.compile(r"[\s\-().+]")


def _at(node: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _NOISE.sub("", a).casefold() == _NOISE.sub("", b).casefold()
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def _given(value: Any) -> bool:
    return value not in (None, "")


@dataclass(frozen=True)
class Verdict:
    """What a check found: ``applied`` is True, False or None (cannot tell, ``reason`` says why)."""

    applied: bool | None
    data: dict[str, Any] | None = None
    reason: str = ""


class Check:
    """The catalog's way to tell whether one write was applied (see the module docstring)."""

    def __init__(self, read: Endpoint, hint: Verify) -> None:
        self.read = read
        self.hint = hint
        self.source = hint.source
        self.fixed = hint.fixed
        self.look_for = hint.look_for
        self.within = hint.within
        self.match = hint.match
        self.keep = hint.keep
        self.baseline = hint.baseline
        self._claim_lock = threading.Lock()

    @property
    def automatic(self) -> bool:
        """Whether a program can decide (the catalog says where to look), not only a person."""
        return bool(self.match)

    def arguments(self, body: Mapping[str, Any]) -> dict[str, Any] | None:
        """The read's parameters for this write, or None when the write lacks a value they need."""
        args: dict[str, Any] = {}
        for name, paths in self.source:
            candidates = [paths] if isinstance(paths, str) else list(paths)
            value = next((v for p in candidates if _given(v := _at(body, p))), None)
            if value is None:
                return None
            args[name] = value
        args.update(self.fixed)
        return args

    def describe(self, body: Mapping[str, Any]) -> str:
        args = self.arguments(body) or {}
        shown = ", ".join(f"{k}={v!r}" for k, v in args.items())
        where = f" for {self.look_for}" if self.look_for else ""
        return f"{self.read.key}({shown}){where}"

    def advice(self, body: Mapping[str, Any]) -> str:
        return f"check {self.describe(body)} before sending it again"

    def _wanted(self, body: Mapping[str, Any]) -> list[tuple[str, Any]]:
        return [(field, value) for field, path in self.match if _given(value := _at(body, path))]

    def counts_new_items(self, body: Mapping[str, Any]) -> bool:
        """Whether this write adds an item that an equal, older one could be mistaken for."""
        if not self.baseline:
            return False
        named = [path for field, path in self.match if field == self.baseline]
        return not any(_given(_at(body, path)) for path in named)  # a write naming its item updates it

    def undecidable(self, body: Mapping[str, Any]) -> str:
        """Why a program cannot decide for this write ("" when it can)."""
        if self.arguments(body) is None:
            needed = ", ".join(p if isinstance(p, str) else " or ".join(p) for _, p in self.source)
            return f"the write has no value for {needed}, which {self.read.key} needs"
        missing = [path for path in self.hint.needs if not _given(_at(body, path))]
        if missing:
            return f"without {', '.join(missing)} in the write, only a person can tell from {self.read.key}"
        hidden = [path for path in self.hint.unseen if _given(_at(body, path))]
        if hidden:
            return f"{self.read.key} does not show {', '.join(hidden)}, which the write sets"
        matched = {path for _, path in self.match}
        for obj in self.hint.covers:
            value = _at(body, obj)
            extra = sorted(k for k in value if f"{obj}.{k}" not in matched) if isinstance(value, Mapping) else []
            if extra:
                return (f"{self.read.key} does not show {', '.join(f'{obj}.{k}' for k in extra)}, which the write "
                        "sets")
        if not self._wanted(body):
            return ("the write's parameters give nothing to look for (it sets none of: "
                    f"{', '.join(path for _, path in self.match)})")
        return ""

    def _items(self, session: Session, body: Mapping[str, Any], policy: RetryPolicy, timeout: Any,
               throttle: Throttle | None) -> list[Mapping[str, Any]]:
        prepared = session._checked(self.read.module, self.read.action, self.arguments(body) or {}, None)
        try:
            envelope, _ = session._send(prepared, policy, timeout, throttle=throttle)
        except NotFoundError:
            return []
        answer = envelope.get("data")
        found = _at(answer, self.within) if self.within else answer
        items = found if isinstance(found, list) else [found]
        wanted = self._wanted(body)
        return [item for item in items
                if isinstance(item, Mapping) and all(_same(_at(item, f), v) for f, v in wanted)]

    def existing(self, session: Session, body: Mapping[str, Any], policy: RetryPolicy, timeout: Any,
                 throttle: Throttle | None = None) -> list[Any]:
        """Ids of the items equal to what the write adds that are there already (read before sending)."""
        return [item.get(self.baseline) for item in self._items(session, body, policy, timeout, throttle)]

    def verdict(self, session: Session, body: Mapping[str, Any], policy: RetryPolicy, timeout: Any,
                throttle: Throttle | None = None, *, before: Collection[Any] | None = None,
                claimed: set[Any] | None = None) -> Verdict:
        """Whether the write was applied. ``before``: :meth:`existing`'s answer recorded before it was
        sent (None: not recorded); ``claimed``: item ids known to be other writes' (grows with each id
        this check attributes to a write). Raises if the read fails."""
        reason = self.undecidable(body)
        if reason:
            return Verdict(None, reason=reason)
        items = self._items(session, body, policy, timeout, throttle)
        if not self.counts_new_items(body):
            return Verdict(True, self._kept(items[0])) if items else Verdict(False)
        claimed = claimed if claimed is not None else set()
        with self._claim_lock:
            items = [item for item in items if item.get(self.baseline) not in claimed]
            if not items:
                return Verdict(False)
            if before is None:
                return Verdict(None, reason=(
                    f"{self.read.key} shows {len(items)} equal item(s) ({self.baseline} "
                    f"{', '.join(str(i.get(self.baseline)) for i in items[:3])}) and no record of what was there "
                    "before it was sent; the API shows no creation time or author to tell an older one from this "
                    "write's"))
            new = [item for item in items if item.get(self.baseline) not in set(before)]
            if not new:
                return Verdict(False)
            claimed.add(new[0].get(self.baseline))
            return Verdict(True, self._kept(new[0]))

    def _kept(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {name: _at(item, path) for name, path in self.keep}

    def claimed_by(self, data: Mapping[str, Any] | None) -> Any:
        """The item id a write's recorded answer names (what :attr:`baseline` is called in that answer)."""
        if not self.baseline or not isinstance(data, Mapping):
            return None
        name = next((write for write, answer in self.keep if answer == self.baseline), self.baseline)
        return data.get(name)


def verifier_for(catalog: Catalog, endpoint: Endpoint) -> Check | None:
    """The check for ``endpoint``'s writes, when the catalog names one a program can run."""
    hint = endpoint.verify
    if hint is None or endpoint.read_only or not hint.endpoint:
        return None
    module, _, action = hint.endpoint.partition("/")
    read = catalog.get(module, action)
    if read is None or not read.read_only:
        return None
    check = Check(read, hint)
    return check if check.automatic else None
