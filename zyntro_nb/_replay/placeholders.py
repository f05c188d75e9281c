"""Placeholders for credentials and identifiers: what a cassette stores instead of them.

A recorded request keeps its shape, but the session's own credentials read
``"<api_key>"`` / ``"<developer_secret>"``, any other value of a credential field
reads ``"<secret>"``, and the session's own identifiers (top-level ``org_id``,
``brand_id``, ``member_id``) read ``"<org_id>"`` and so on. The same rewriting
is applied to a request about to be replayed, so matching never depends on
who replays. Answers keep their data, with every credential field (and any
text shaped like a credential, or holding one of the session's secrets) replaced.

Which fields are credentials is decided by the toolkit's one rule,
:func:`zyntro_nb._secret.is_credential_name`, plus the fields the catalog marks.

Example::

    >>> from zyntro_nb._config import Config
    >>> p = Placeholders.from_config(Config(api_key="UYUJH-1234", org_id="42cc1aca-3aa5-4339-98d2-480b5b89937b"))
    >>> p.request({"api_key": "UYUJH-1234", "org_id": "42cc1aca-3aa5-4339-98d2-480b5b89937b", "limit": 5})
    {'api_key': '<api_key>', 'org_id': '<org_id>', 'limit': 5}
    >>> p.answer({"data": {"wh_secret": "whsec_abc", "note": "key UYUJH-1234 rotated"}})
    {'data': {'wh_secret': '<secret>', 'note': 'key <api_key> rotated'}}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._config import IDENTIFIER_FIELDS, SECRET_FIELDS
from .._secret import API_KEY_SHAPE, DEVELOPER_SECRET_SHAPE, is_credential_name

if TYPE_CHECKING:
    from .._config import Config

OTHER_SECRET = "<secret>"
IDENTIFIERS = tuple(name for name in IDENTIFIER_FIELDS if name not in SECRET_FIELDS)

# Texts shaped like the published credentials (a developer secret, an account API key), anywhere in a text.
_SHAPES = re.compile(f"{DEVELOPER_SECRET_SHAPE.pattern}|{API_KEY_SHAPE.pattern}")


def placeholder(name: str) -> str:
    """The placeholder for the session's own ``name`` (``'<api_key>'``)."""
    return f"<{name}>"


def _plain(value: Any) -> str:
    reveal = getattr(value, "reveal", None)  # a zyntro_nb Secret
    return reveal() if callable(reveal) else str(value)


@dataclass(frozen=True)
class Placeholders:
    """Rewrites request bodies and answers for a cassette, from one session's settings.

    ``secrets`` maps each of the session's credential values to its placeholder;
    ``identifiers`` maps ``org_id``/``brand_id``/``member_id`` to the session's values;
    ``extra_credentials`` adds field names the catalog marks as credentials.
    """

    secrets: Mapping[str, str] = field(default_factory=dict)
    identifiers: Mapping[str, str] = field(default_factory=dict)
    extra_credentials: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Config, extra_credentials: frozenset[str] = frozenset()) -> Placeholders:
        secrets = {_plain(getattr(config, name)): placeholder(name)
                   for name in SECRET_FIELDS if getattr(config, name, None)}
        identifiers = {name: _plain(getattr(config, name)) for name in IDENTIFIERS if getattr(config, name, None)}
        return cls({k: v for k, v in secrets.items() if len(k) >= 4}, identifiers, extra_credentials)

    def _is_credential(self, name: Any) -> bool:
        return isinstance(name, str) and (name in self.extra_credentials or is_credential_name(name))

    def text(self, value: str) -> str:
        """``value`` with the session's secrets and anything shaped like a credential replaced."""
        for secret, name in self.secrets.items():
            if secret in value:
                value = value.replace(secret, name)
        return _SHAPES.sub(OTHER_SECRET, value)

    def _credential(self, value: Any) -> Any:
        """The placeholder(s) for a credential field's value, keeping lists and objects in shape."""
        if isinstance(value, dict):
            return {k: self._credential(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._credential(v) for v in value]
        if value is None or isinstance(value, bool) or value == "":
            return value
        return self.secrets.get(_plain(value), OTHER_SECRET)

    def _walk(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (self._credential(v) if self._is_credential(k) else self._walk(v)) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._walk(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        if hasattr(value, "reveal"):  # a Secret outside a credential field
            return self.secrets.get(_plain(value), OTHER_SECRET)
        return value

    def request(self, body: Any) -> Any:
        """A request body as a cassette stores it (and as a replay matches it)."""
        rewritten = self._walk(body)
        if isinstance(rewritten, dict):
            for name, value in self.identifiers.items():
                if name in rewritten and str(rewritten[name]) == value:
                    rewritten[name] = placeholder(name)
        return rewritten

    def answer(self, value: Any) -> Any:
        """A parsed answer (or any text) as a cassette stores it: no credential left in it."""
        return self._walk(value)
