"""Checking whether a write whose answer was lost was applied, with the read the catalog names.

The catalog's ``verify`` entry for a write (:class:`zyntro_nb._catalog.Verify`) names the
read, its parameters taken from the write's body or fixed, and — so a program can
decide, not only a person — where to look in the read's answer: ``within`` (a list in
the answer to search; the answer itself when empty), ``match`` (answer field → write
body path: every one the write has must be equal, ignoring case, spaces and phone
punctuation) and ``keep`` (write-answer field → answer field: what a bulk result shows
for a row found applied).

Example::

    >>> from zyntro_nb._catalog import Catalog
    >>> check = verifier_for(Catalog.builtin(), Catalog.builtin().get("crm", "addNotestoContact"))
    >>> check.describe({"contact_id": "c-1", "note": "Called back"})
    "crm/fetchContact(contact_id='c-1', include_notes=1) for the note among the contact's notes"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._errors import NotFoundError

if TYPE_CHECKING:
    from ._catalog import Catalog, Endpoint, Verify
    from ._retry import RetryPolicy
    from ._session import Session
    from ._throttle import Throttle

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
    return a == b


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

    @property
    def automatic(self) -> bool:
        """Whether a program can decide (the catalog says where to look), not only a person."""
        return bool(self.match)

    def arguments(self, body: Mapping[str, Any]) -> dict[str, Any] | None:
        """The read's parameters for this write, or None when the write lacks a value they need."""
        args: dict[str, Any] = {}
        for name, paths in self.source:
            candidates = [paths] if isinstance(paths, str) else list(paths)
            value = next((v for p in candidates if (v := _at(body, p)) not in (None, "")), None)
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

    def applied(self, session: Session, body: Mapping[str, Any], policy: RetryPolicy, timeout: Any,
                throttle: Throttle | None = None) -> dict[str, Any] | None:
        """The write's answer fields if the read shows it was applied, else None (raises if the read fails
        or the catalog gives no way to decide)."""
        from ._errors import ParameterError

        args = self.arguments(body)
        wanted = [(field, _at(body, path)) for field, path in self.match]
        wanted = [(field, value) for field, value in wanted if value not in (None, "")]
        if args is None or not wanted:
            raise ParameterError("the write's parameters give nothing to look for", endpoint=self.read.key)
        prepared = session._checked(self.read.module, self.read.action, args, None)
        try:
            envelope, _ = session._send(prepared, policy, timeout, throttle=throttle)
        except NotFoundError:
            return None
        answer = envelope.get("data")
        candidates = _at(answer, self.within) if self.within else answer
        items = candidates if isinstance(candidates, list) else [candidates]
        for item in items:
            if isinstance(item, Mapping) and all(_same(_at(item, field), value) for field, value in wanted):
                return {name: _at(item, path) for name, path in self.keep}
        return None


def verifier_for(catalog: Catalog, endpoint: Endpoint) -> Check | None:
    """The check for ``endpoint``'s writes, when the catalog names one a program can run."""
    hint = endpoint.verify
    if hint is None or endpoint.read_only:
        return None
    module, _, action = hint.endpoint.partition("/")
    read = catalog.get(module, action)
    if read is None or not read.read_only:
        return None
    check = Check(read, hint)
    return check if check.automatic else None
