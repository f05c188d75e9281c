"""Tab completion for ``%zyntro`` and ``%%zyntro``, from the catalog only.

After ``%zyntro `` come subcommands and modules, after a module its actions, after
an action its parameter names (``contact_id=``), after ``name=`` the parameter's
enum values, after ``--expand`` the answer's list-of-records fields the catalog
names (``notes``), after ``connect --profile`` the names in the profiles file; in a
``%%zyntro`` cell body, parameter names as ``name: ``.
Options complete after ``-``. Nothing here sends a request.

Registered as an IPython context matcher (``ip.Completer.custom_matchers``).

Example::

    >>> from zyntro_nb._catalog.catalog import Catalog
    >>> candidates("%zyntro crm fetchC", Catalog.builtin(), COMMANDS)
    ['fetchContact']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._catalog.catalog import Catalog

_LINE = re.compile(r"^\s*(?:[\w.]+\s*=\s*)?(%%?)zyntro\s+(.*)\Z", re.S)
USE_IDENTIFIERS = ("api_key", "developer_secret", "org_id", "brand_id", "member_id")


@dataclass(frozen=True)
class CommandSpec:
    """What a subcommand accepts: options, positional words, and which ``key=value`` names."""

    flags: Mapping[str, str]
    valued: Mapping[str, str]
    positional: tuple[str, ...] = ()
    params: str | None = None  # "endpoint": the endpoint's parameters; "identifiers": use's
    summary: str = ""


CALL_FLAGS = {"--raw": "raw", "--all-pages": "all_pages", "--verbose": "verbose", "--force": "force"}
CALL_VALUED = {"-o": "out", "--out": "out", "--expand": "expand"}
CALL = CommandSpec(CALL_FLAGS, CALL_VALUED, ("module", "action"), "endpoint", "call MODULE ACTION explicitly")
COMMANDS: dict[str, CommandSpec] = {
    "bulk": CommandSpec(
        {"--verbose": "verbose", "--force": "force", "--stop-on-error": "stop_on_error",
         "--resend-unknown": "resend_unknown", "--no-progress": "no_progress"},
        {"--rows": "rows", "--concurrency": "concurrency", "--journal": "journal", "--key": "key",
         "--lock-timeout": "lock_timeout", "-o": "out", "--out": "out"},
        ("module", "action"), "endpoint", "bulk MODULE ACTION --rows VAR [--concurrency N] [--journal FILE]"),
    "call": CALL,
    "connect": CommandSpec({"--sandbox": "sandbox", "--env": "env", "--new": "new", "--bootstrap": "bootstrap",
                            "--record-missing": "record_missing"},
                           {"--base-url": "base_url", "--record": "record", "--replay": "replay",
                            "--profile": "profile"},
                           summary="connect [--sandbox [--new] | --env | --base-url URL | --profile NAME] "
                           "[--bootstrap] [--record FILE | --replay FILE [--record-missing]]"),
    "curl": CommandSpec({}, {}, ("module", "action"), "endpoint", "curl MODULE ACTION key=value ..."),
    "doctor": CommandSpec({}, {}, summary="doctor: run the pre-flight checklist"),
    "form": CommandSpec({}, {}, ("module", "action"), "endpoint", "form MODULE ACTION [key=value ...]"),
    "help": CommandSpec({}, {}, ("module", "action"), summary="help MODULE ACTION"),
    "history": CommandSpec({}, {"-n": "n"}, summary="history [-n N]: the session's calls"),
    "last": CommandSpec({}, {}, summary="last: the last request and response"),
    "list": CommandSpec({}, {}, ("module",), summary="list [MODULE] [WORDS]"),
    "use": CommandSpec({}, {}, (), "identifiers", "use VAR | use brand_id=2 member_id=..."),
    "whoami": CommandSpec({}, {}, summary="whoami: the current session"),
}


def _values(param: Any) -> list[str]:
    if param.enum:
        return [str(v) for v in param.enum]
    if param.type == "boolean":
        return ["true", "false"]
    return []


def _positional(words: list[str], spec: CommandSpec) -> list[str]:
    """The positional words among ``words`` (skipping options, their values and pairs)."""
    found, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in spec.valued
        elif "=" not in word:
            found.append(word)
    return found


def _record_fields(catalog: Catalog, positional: list[str], partial: str) -> list[str]:
    """The endpoint's list-of-records answer fields (``Endpoint.records``) for ``--expand``."""
    endpoint = catalog.get(positional[0], positional[1]) if len(positional) >= 2 else None
    prefix = "--expand=" if partial.startswith("--expand=") else ""
    names = endpoint.records if endpoint is not None else ()
    return [prefix + n for n in names if (prefix + n).startswith(partial)]


def _body_candidates(first_line: str, partial_line: str, catalog: Catalog,
                     commands: Mapping[str, CommandSpec]) -> list[str]:
    """Parameter names (``name: ``) on a ``%%zyntro`` body line that has no value yet."""
    match = _LINE.match(first_line)
    if not match or ":" in partial_line or "=" in partial_line:
        return []
    words = match.group(2).split()
    spec = commands.get(words[0], CALL) if words else CALL
    positional = _positional(words[1:] if words and words[0] in commands else words, spec)
    if spec.params != "endpoint" or len(positional) < 2:
        return []
    endpoint = catalog.get(positional[0], positional[1])
    prefix = partial_line.strip()
    names = [p.name for p in endpoint.params] if endpoint else []
    return [f"{n}: " for n in names if n.startswith(prefix)]


def candidates(
    text: str, catalog: Catalog, commands: Mapping[str, CommandSpec], body_of: str | None = None,
    tables: Callable[[], list[str]] | None = None, profiles: Callable[[], list[str]] | None = None,
) -> list[str]:
    """Completions for the last word of ``text`` (the line up to the cursor).

    ``body_of`` is the cell's first line when the cursor is in a ``%%zyntro`` body; ``tables`` gives
    the names for ``--rows``, ``profiles`` the profile names for ``--profile``.

    Example::

        >>> from zyntro_nb._catalog.catalog import Catalog
        >>> candidates("%zyntro edge getEnrollments status=pa", Catalog.builtin(), COMMANDS)
        ['status=paused']
    """
    if body_of is not None:
        return _body_candidates(body_of, text, catalog, commands)
    match = _LINE.match(text)
    if not match:
        return []
    rest = match.group(2)
    words = rest.split()
    partial = "" if not words or rest[-1:].isspace() else words.pop()
    if words and words[-1] == "--rows" and tables is not None:
        return [name for name in tables() if name.startswith(partial)]  # the user's DataFrames and lists
    if words and words[-1] == "--profile" and profiles is not None:
        return [name for name in profiles() if name.startswith(partial)]
    if partial.startswith("--profile=") and profiles is not None:
        return [f"--profile={name}" for name in profiles() if f"--profile={name}".startswith(partial)]
    sub = words[0] if words and words[0] in commands else None
    spec = commands[sub] if sub else CALL
    positional = _positional(words[1:] if sub else words, spec)
    if "expand" in spec.valued.values() and (words[-1:] == ["--expand"] or partial.startswith("--expand=")):
        return _record_fields(catalog, positional, partial)
    if words and words[-1] in {*CALL_VALUED, *COMMANDS["connect"].valued, *COMMANDS["bulk"].valued}:
        return []  # an option's value (a variable name, number, file or URL): nothing to offer
    if partial.startswith("-"):
        return sorted(o for o in {*spec.flags, *spec.valued} if o.startswith(partial))
    if not sub and not positional:
        pool = sorted(commands) + catalog.modules()
        return [w for w in pool if w.startswith(partial)]
    if len(positional) < len(spec.positional):
        kind = spec.positional[len(positional)]
        pool = catalog.modules() if kind == "module" else catalog.actions(positional[0])
        return [w for w in pool if w.startswith(partial)]
    if spec.params == "identifiers":
        return [f"{n}=" for n in USE_IDENTIFIERS if f"{n}=".startswith(partial)]
    if spec.params != "endpoint":
        return []
    endpoint = catalog.get(positional[0], positional[1])
    if endpoint is None:
        return []
    if "=" in partial:
        name, _, prefix = partial.partition("=")
        param = endpoint.param(name)
        return [f"{name}={v}" for v in _values(param) if v.startswith(prefix)] if param else []
    given = {w.partition("=")[0] for w in words if "=" in w}
    return [f"{p.name}=" for p in endpoint.params if p.name not in given and p.name.startswith(partial)]


def profile_names() -> list[str]:
    """The names in the profiles file, for ``--profile`` (none when the file is missing or unreadable)."""
    from .._config import profiles_path
    from .._errors import ZyntroError
    from .._profiles.store import read_profiles

    try:
        return sorted(read_profiles(profiles_path()))
    except ZyntroError:
        return []


def make_matcher(catalog_of: Callable[[], Catalog], commands: Mapping[str, CommandSpec],
                 tables: Callable[[], list[str]] | None = None,
                 profiles: Callable[[], list[str]] | None = profile_names) -> Any:
    """An IPython (API v2) context matcher offering :func:`candidates` (``tables``: names for ``--rows``,
    ``profiles``: names for ``--profile``)."""
    from IPython.core.completer import CompletionContext, SimpleCompletion, context_matcher

    @context_matcher()
    def zyntro_matcher(context: CompletionContext) -> dict[str, Any]:
        line = context.text_until_cursor
        body_of = None
        if context.cursor_line > 0:
            first = context.full_text.split("\n", 1)[0]
            if not first.lstrip().startswith("%%zyntro"):
                return {"completions": []}
            body_of = first
        found = candidates(line, catalog_of(), commands, body_of, tables, profiles)
        # Our word may be longer than IPython's token ('=' ends a token): offer only the token's part.
        word = line.split()[-1] if line and not line[-1].isspace() else ""
        token = context.token
        cut = len(word) - len(token) if word.endswith(token) else 0
        texts = [c[cut:] for c in found]
        return {
            "completions": [SimpleCompletion(t, type="zyntro") for t in texts],
            "suppress": bool(texts),
            "ordered": True,
        }

    return zyntro_matcher
