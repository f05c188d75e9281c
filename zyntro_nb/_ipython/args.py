"""Reading ``%zyntro`` arguments: words, options, ``key=value`` pairs, values and cell bodies.

Rules (the README repeats them for users):

- Words split like a shell: ``'single'`` and ``"double"`` quotes group words and are
  removed, a backslash escapes the next character. A value that *starts* with ``{``
  or ``[`` runs to its matching bracket with its quotes kept, so JSON can be typed
  unquoted: ``contact={"email": "a@b.c"}``.
- A value is JSON when it parses as JSON (numbers, ``true``/``false``/``null``,
  lists, objects, ``"quoted strings"``); otherwise it is text. ``NaN`` and
  ``Infinity`` stay text.
- Interpolation happens only in values that are *not* JSON: ``{name}`` alone is
  replaced by the Python object itself, ``{name}`` inside longer text is formatted
  into it, ``{{`` and ``}}`` are literal braces. Between the braces only a name
  followed by ``.attr``, ``[0]`` or ``["key"]`` steps is allowed — nothing is
  evaluated. ``{"a": 1}`` is JSON, so it is never mistaken for interpolation.

Every mistake raises IPython's ``UsageError``.

Example::

    >>> split_words('crm fetchContact name="Jane Smith" tags=["a", "b"]')
    ['crm', 'fetchContact', 'name=Jane Smith', 'tags=["a", "b"]']
    >>> parse_value("{x}", {"x": [1, 2]}), parse_value("id-{x}", {"x": 7}), parse_value('{"x": 1}', {})
    ([1, 2], 'id-7', {'x': 1})
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from IPython.core.error import UsageError

_KEY = re.compile(r"[A-Za-z_][\w.\-]*\Z")
_NAME = re.compile(r"[A-Za-z_]\w*")
_STEP = re.compile(r"""\.([A-Za-z_]\w*)|\[(-?\d+|"[^"\\]*"|'[^'\\]*')\]""")
_OPENERS = {"{": "}", "[": "]"}


# -- words -------------------------------------------------------------------------------------


def _bracket_end(line: str, start: int) -> int:
    """Index just past the bracket that closes the one at ``start`` (JSON strings skipped)."""
    depth, i, n = 0, start, len(line)
    while i < n:
        c = line[i]
        if c == '"':
            i += 1
            while i < n and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise UsageError(
        f"unclosed {line[start]!r} at column {start + 1}: {line[start:start + 30]!r}; "
        "close it, or quote the value ('...')"
    )


def _quoted_end(line: str, start: int) -> tuple[str, int]:
    """The text of a quoted part starting at ``start`` and the index after its closing quote."""
    quote, i, n, part = line[start], start + 1, len(line), []
    while i < n and line[i] != quote:
        if quote == '"' and line[i] == "\\" and i + 1 < n and line[i + 1] in '"\\':
            i += 1
        part.append(line[i])
        i += 1
    if i >= n:
        raise UsageError(f"unclosed quote {quote} at column {start + 1}: {line[start:start + 30]!r}")
    return "".join(part), i + 1


def split_words(line: str) -> list[str]:
    """Split an argument line into words, shell-style, keeping JSON values whole.

    Example::

        >>> split_words("a 'b c' d={\\"k\\": [1, 2]}")
        ['a', 'b c', 'd={"k": [1, 2]}']
    """
    words: list[str] = []
    buf: list[str] = []
    in_word = False
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            if in_word:
                words.append("".join(buf))
                buf, in_word = [], False
            i += 1
            continue
        in_word = True
        if c in _OPENERS and (not buf or "".join(buf).endswith("=")):
            end = _bracket_end(line, i)
            buf.append(line[i:end])
            i = end
        elif c in "'\"":
            text, i = _quoted_end(line, i)
            buf.append(text)
        elif c == "\\" and i + 1 < n:
            buf.append(line[i + 1])
            i += 2
        else:
            buf.append(c)
            i += 1
    if in_word:
        words.append("".join(buf))
    return words


# -- options -------------------------------------------------------------------------------------


@dataclass
class Args:
    """A parsed argument line: options, positional words and ``key=value`` pairs (as typed)."""

    options: dict[str, Any] = field(default_factory=dict)
    positional: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)


def parse_args(
    words: Iterable[str],
    flags: Mapping[str, str] | None = None,
    valued: Mapping[str, str] | None = None,
) -> Args:
    """Sort words into options, positional words and ``key=value`` pairs.

    ``flags`` and ``valued`` map each spelling (``-o``, ``--out``) to the option's
    name; a valued option takes the next word or ``--opt=value``. ``--`` ends options.

    Example::

        >>> a = parse_args(["crm", "-o", "df", "x=1", "--raw"], {"--raw": "raw"}, {"-o": "out"})
        >>> a.options, a.positional, a.pairs
        ({'out': 'df', 'raw': True}, ['crm'], [('x', '1')])
    """
    args = Args()
    flags, valued = flags or {}, valued or {}
    words = list(words)
    options_done = False
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if not options_done and word == "--":
            options_done = True
        elif not options_done and word.startswith("-") and len(word) > 1:
            spelling, has_inline, inline = word.partition("=")
            if spelling in flags and not has_inline:
                args.options[flags[spelling]] = True
            elif spelling in valued:
                if has_inline:
                    args.options[valued[spelling]] = inline
                elif i < len(words):
                    args.options[valued[spelling]] = words[i]
                    i += 1
                else:
                    raise UsageError(f"option {spelling} needs a value")
            else:
                known = sorted({*flags, *valued})
                raise UsageError(f"unknown option {word!r}; options here: {', '.join(known) or 'none'}")
        elif "=" in word and _KEY.match(word.partition("=")[0]):
            key, _, value = word.partition("=")
            args.pairs.append((key, value))
        else:
            args.positional.append(word)
    return args


# -- values ------------------------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict; a key given twice is refused (JSON would silently keep the last)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise UsageError(f"the JSON object gives the key {key!r} twice; give each key once")
        result[key] = value
    return result


def strict_json(text: str) -> Any:
    """``json.loads`` refusing NaN/Infinity, keys given twice and absurd nesting (UsageError for the last two)."""
    from .._defaults import JSON_READ_DEPTH, MAX_DEPTH
    from .._values import UnreadableJson, read_json

    try:
        return read_json(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except UnreadableJson:
        raise UsageError(
            f"the JSON value nests too deeply to read (more than {JSON_READ_DEPTH} levels); "
            f"the API takes at most {MAX_DEPTH}"
        ) from None


def parse_json(text: str) -> tuple[bool, Any]:
    """``(True, value)`` when ``text`` is standard JSON, else ``(False, None)``."""
    try:
        return True, strict_json(text)
    except ValueError:
        return False, None


def lookup(expr: str, namespace: Mapping[str, Any]) -> Any:
    """The object named by ``name(.attr|[index]|["key"])*`` in ``namespace``; nothing is evaluated.

    Example::

        >>> lookup('d["k"][0]', {"d": {"k": ["v"]}})
        'v'
    """
    expr = expr.strip()
    head = _NAME.match(expr)
    if head is None:
        raise UsageError(
            f"{{{expr}}}: only a name with .attr, [0] or [\"key\"] steps can be interpolated; "
            "write {{ and }} for literal braces"
        )
    name = head.group()
    if name not in namespace:
        raise UsageError(f"{{{expr}}}: name {name!r} is not defined (write {{{{ and }}}} for literal braces)")
    value = namespace[name]
    pos = head.end()
    while pos < len(expr):
        step = _STEP.match(expr, pos)
        if step is None:
            raise UsageError(
                f"{{{expr}}}: cannot read {expr[pos:]!r}; only .attr, [0] and [\"key\"] steps are allowed"
            )
        attr, index = step.groups()
        try:
            if attr is not None:
                value = getattr(value, attr)
            elif index[0] in "\"'":
                value = value[index[1:-1]]
            else:
                value = value[int(index)]
        except (AttributeError, LookupError, TypeError) as exc:
            raise UsageError(f"{{{expr}}}: {type(exc).__name__}: {exc}") from None
        pos = step.end()
    return value


def interpolate(text: str, namespace: Mapping[str, Any]) -> str:
    """Format ``{name}`` fields into ``text``; ``{{`` and ``}}`` are literal braces."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "{}" and text.startswith(c * 2, i):
            out.append(c)
            i += 2
        elif c == "{":
            end = text.find("}", i)
            if end < 0:
                raise UsageError(f"unmatched '{{' in {text!r}; write {{{{ for a literal brace")
            out.append(str(lookup(text[i + 1:end], namespace)))
            i = end + 1
        elif c == "}":
            raise UsageError(f"unmatched '}}' in {text!r}; write }}}} for a literal brace")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_value(text: str, namespace: Mapping[str, Any]) -> Any:
    """A value as typed: JSON if it parses, else ``{name}`` → the object, else (formatted) text.

    Example::

        >>> parse_value("42", {}), parse_value("active", {}), parse_value("{{x}}", {})
        (42, 'active', '{x}')
    """
    ok, value = parse_json(text)
    if ok:
        return value
    if "{" not in text and "}" not in text:
        return text
    if text.startswith("{") and text.endswith("}") and not text.startswith("{{"):
        inner = text[1:-1]
        if "{" not in inner and "}" not in inner:
            return lookup(inner, namespace)
    return interpolate(text, namespace)


def read_value(key: str, text: str, namespace: Mapping[str, Any], as_text: Collection[str] = ()) -> Any:
    """:func:`parse_value`, except that a key in ``as_text`` (typed as text) keeps a number as typed.

    Example::

        >>> read_value("contact_id", "12345", {}, {"contact_id"}), read_value("limit", "50", {})
        ('12345', 50)
    """
    ok, value = parse_json(text)
    if ok and key in as_text and isinstance(value, (int, float, bool)):
        return text
    return parse_value(text, namespace)


def parse_pairs(
    pairs: Iterable[tuple[str, str]], namespace: Mapping[str, Any], as_text: Collection[str] = ()
) -> dict[str, Any]:
    """``key=value`` pairs to a dict of values read by :func:`read_value`; a repeated key is an error."""
    params: dict[str, Any] = {}
    for key, text in pairs:
        if key in params:
            raise UsageError(f"{key} is given twice")
        params[key] = read_value(key, text, namespace, as_text)
    return params


# -- cell bodies -------------------------------------------------------------------------------


def _json_error(body: str, exc: json.JSONDecodeError, first_line: int) -> UsageError:
    line = body.splitlines()[exc.lineno - 1] if body.splitlines() else ""
    return UsageError(
        f"the cell body is not valid JSON: {exc.msg} at line {exc.lineno + first_line - 1}, "
        f"column {exc.colno} of the cell\n    {line}\n    {' ' * (exc.colno - 1)}^"
    )


def _shell_unquoted(text: str) -> str:
    """A body value in shell quotes as the line form reads it (``'  '`` is two spaces); other text as typed.

    JSON strings (``"text"``) are left to JSON, so their escapes keep working.
    """
    if text[:1] not in ("'", '"') or parse_json(text)[0]:
        return text
    words = split_words(text)
    if len(words) != 1:
        raise UsageError(f"expected one value, got {len(words)} words in {text!r}; quote the whole value")
    return words[0]


def parse_cell(
    body: str, namespace: Mapping[str, Any], first_line: int = 2, as_text: Collection[str] = ()
) -> dict[str, Any]:
    """The parameters in a ``%%zyntro`` cell body: a JSON object, or ``key: value`` lines.

    Line numbers in messages count the ``%%zyntro`` line as line 1 (``first_line``
    is the cell line the body starts on). In ``key: value`` lines (``key=value``
    works too) values are read like the line form: a value in shell quotes
    (``note: 'Called back'``, ``note: '  '``) is what the quotes hold, and a key in
    ``as_text`` keeps a number as typed. Blank lines and ``#`` comments are skipped.
    A JSON object body is taken literally (no interpolation).

    Example::

        >>> parse_cell('contact_id: a1b2\\ninclude_notes: 1\\n', {})
        {'contact_id': 'a1b2', 'include_notes': 1}
    """
    if not body.strip():
        return {}
    if body.lstrip()[:1] in ("{", "["):
        try:
            value = strict_json(body)
        except json.JSONDecodeError as exc:
            raise _json_error(body, exc, first_line) from None
        except ValueError as exc:
            raise UsageError(f"the cell body uses {exc}, which is not standard JSON") from None
        if not isinstance(value, dict):
            raise UsageError("the cell body must be one JSON object {...} or key: value lines")
        return value
    params: dict[str, Any] = {}
    for number, raw in enumerate(body.splitlines(), start=first_line):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cuts = [p for p in (line.find(":"), line.find("=")) if p > 0]
        key = line[: min(cuts)].strip() if cuts else ""
        if not cuts or not _KEY.match(key):
            raise UsageError(f"line {number} of the cell: expected 'key: value', got {line!r}")
        if key in params:
            raise UsageError(f"line {number} of the cell: {key} is given twice")
        try:
            params[key] = read_value(key, _shell_unquoted(line[min(cuts) + 1:].strip()), namespace, as_text)
        except UsageError as exc:
            raise UsageError(f"line {number} of the cell: {exc}") from None
    return params
