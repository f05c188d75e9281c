"""Equivalent code for a call — a ``%zyntro`` line, a Python call, a curl command — secrets redacted.

Used by the magics (``%zyntro curl``), the widget forms ("copy as code") and
the demo, so all three show a call the same way.

Example::

    >>> python_call("crm", "fetchContact", {"contact_id": "a1b2", "include_notes": 1})
    "df = session.call('crm', 'fetchContact', contact_id='a1b2', include_notes=1)"
    >>> magic_line("crm", "fetchContact", {"contact_id": "a1b2", "include_notes": 1})
    '%zyntro crm fetchContact contact_id=a1b2 include_notes=1'
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from typing import Any

from .._config import ENV_VARS, SECRET_FIELDS
from .._request import PreparedCall, json_default
from .._secret import redacted_copy, safe_url


class Invalid:
    """A value the user typed that is not valid yet, written visibly as ``<invalid: ...>`` in code.

    Copy-as-code keeps such a field instead of dropping it, marked so that it
    cannot pass for a real value: the Python line does not compile until it is fixed.

    Example::

        >>> python_call("crm", "getContacts", {"limit": Invalid("ten")})
        "df = session.call('crm', 'getContacts', limit=<invalid: 'ten'>)"
        >>> magic_line("crm", "getContacts", {"limit": Invalid("ten")})
        "%zyntro crm getContacts limit='<invalid: ten>'"
    """

    def __init__(self, typed: str) -> None:
        self.typed = typed

    def __repr__(self) -> str:
        return f"<invalid: {self.typed!r}>"

    def magic(self) -> str:
        return shlex.quote(f"<invalid: {self.typed}>")


def _magic_value(value: Any) -> str:
    if isinstance(value, Invalid):
        return value.magic()
    if isinstance(value, str):
        try:
            json.loads(value)
            looks_json = True
        except ValueError:
            looks_json = False
        # A string that would parse as JSON (e.g. "1" or "true") must stay a string, and one with
        # braces must not be read as {name} interpolation: both are written as JSON strings.
        text = json.dumps(value, ensure_ascii=False) if looks_json or "{" in value or "}" in value else value
    else:
        text = json.dumps(value, default=json_default, separators=(",", ":"))
    return shlex.quote(text) if text != shlex.quote(text) else text


def magic_line(module: str, action: str, params: Mapping[str, Any], output: str | None = None) -> str:
    """The ``%zyntro`` line that makes the same call."""
    parts = ["%zyntro", module, action]
    if output:
        parts += ["-o", output]
    parts += [f"{name}={_magic_value(value)}" for name, value in redacted_copy(dict(params)).items()]
    return " ".join(parts)


def python_call(module: str, action: str, params: Mapping[str, Any], target: str = "df") -> str:
    """The ``session.call(...)`` line that makes the same call."""
    args = [repr(module), repr(action)] + [f"{k}={v!r}" for k, v in redacted_copy(dict(params)).items()]
    return f"{target} = session.call({', '.join(args)})"


def curl_command(prepared: PreparedCall, url: str | None = None) -> str:
    """A curl command for the call that runs as printed in a POSIX shell.

    The credentials (``api_key``, ``developer_secret``) are not printed: the body reads
    them from the shell variables ``$ZYNTRO_API_KEY`` and ``$ZYNTRO_DEVELOPER_SECRET``
    (export them first, e.g. with the lines ``zyntro-nb sandbox`` prints). Any other
    credential-looking value is shown redacted. ``url`` replaces the call's URL (the
    address of a served sandbox for a call prepared in-process).

    Example::

        >>> from zyntro_nb._catalog.catalog import Catalog
        >>> call = PreparedCall(Catalog.builtin().get("crm", "fetchContact"), "https://api.example/x",
        ...                     {"api_key": "K-123456", "contact_id": "a1"})
        >>> print(curl_command(call))
        curl -X POST https://api.example/x \\
          -H 'Content-Type: application/json' \\
          -d '{"api_key": "'"$ZYNTRO_API_KEY"'", "contact_id": "a1"}'
    """
    body = dict(prepared.redacted_body)
    marks: dict[str, str] = {}
    for name in SECRET_FIELDS:
        if body.get(name):
            marks[f"__zyntro_shell_variable_{name}__"] = ENV_VARS[name]
            body[name] = f"__zyntro_shell_variable_{name}__"
    text = json.dumps(body, default=json_default, ensure_ascii=False)
    # Single-quoted for the shell; each credential closes the quote, expands "$VARIABLE", reopens it.
    quoted = "'" + text.replace("'", "'\"'\"'") + "'"
    for mark, variable in marks.items():
        quoted = quoted.replace(mark, f"'\"${variable}\"'")
    return (
        f"curl -X POST {shlex.quote(safe_url(url or prepared.url))} \\\n"
        f"  -H 'Content-Type: application/json' \\\n"
        f"  -d {quoted}"
    )
