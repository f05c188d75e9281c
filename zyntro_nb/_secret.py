"""Credential values that redact themselves, and the one rule that says which fields are credentials.

A :class:`Secret` shows at most its first 4 characters followed by ``…(redacted)``
wherever it is turned into text: ``str``, ``repr``, f-strings and ``format``,
pandas and tabulate tables, HTML, logging, ``to_csv``. Only :meth:`Secret.reveal`
gives the value back, and inside the toolkit only the request encoder calls it,
at the moment of sending.

Answers are wrapped once, where the envelope is read (:func:`protect`), so raw
envelopes, ``s.last``, DataFrames and everything derived from them (``df.T``,
``df.iloc[0]``, ``df.to_dict()``) carry Secrets, never the plain value.

JSON: ``json.dumps`` refuses unknown objects, a Secret included (``TypeError``,
which never quotes the value); pass ``default=str`` to write the redacted form.
pandas' ``to_json`` writes ``{"redacted": "UYUJ…(redacted)"}`` for a Secret, or the
plain redacted text with ``to_json(default_handler=str)``.

Example::

    >>> key = Secret("UYUJH-ABCDEFGHIJKL-MNOPQRSTUVWX-YZ123")
    >>> key, f"{key}", key == "UYUJH-ABCDEFGHIJKL-MNOPQRSTUVWX-YZ123"
    (UYUJ…(redacted), 'UYUJ…(redacted)', True)
    >>> key.reveal()[:5]
    'UYUJH'
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit, urlunsplit

from ._defaults import REDACTED_VISIBLE_CHARS
from ._errors import ConfigurationError

REDACTED_SUFFIX = "…(redacted)"
_F = TypeVar("_F", bound=Callable[..., Any])

# Field names whose values are credentials in requests and answers (the one rule, used everywhere).
# The session's own credentials (the identifiers that are secrets); answers may hold others (CREDENTIAL_NAMES).
SECRET_FIELDS = ("api_key", "developer_secret")
CREDENTIAL_NAMES = frozenset({"api_key", "developer_secret", "service_instance", "wh_auth_data", "dk_secret"})
_CREDENTIAL_WORDS = re.compile(r"secret|token|password|passwd|api_?key", re.I)

# The published shapes: a developer secret (zdk_…) and an account key (UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX).
DEVELOPER_SECRET_SHAPE = re.compile(r"zdk_[A-Za-z0-9_\-]{6,}")
API_KEY_SHAPE = re.compile(
    r"(?<![A-Za-z0-9-])[A-Z0-9]{5}-[A-Za-z0-9]{12}-[A-Za-z0-9]{12}-[A-Za-z0-9]{5}(?![A-Za-z0-9-])"
)
_KEY_LIKE = re.compile(r"(?=.{16,})[A-Za-z0-9]{3,8}(?:-[A-Za-z0-9]{2,}){2,8}")


def preview(value: str) -> str:
    """The at most 4-character preview of a secret-like text: ``'UYUJ…(redacted)'`` (``'-'`` when empty)."""
    if not value:
        return "-"
    return f"{value[:REDACTED_VISIBLE_CHARS]}{REDACTED_SUFFIX}"


def looks_like_credential(text: str) -> bool:
    """True when ``text`` is shaped like a developer secret or an account API key (not like a UUID).

    Example::

        >>> looks_like_credential("zdk_abc123def"), looks_like_credential("42cc1aca-3aa5-4339-98d2-480b5b89937b")
        (True, False)
    """
    text = text.strip()
    if DEVELOPER_SECRET_SHAPE.fullmatch(text):
        return True
    return bool(API_KEY_SHAPE.fullmatch(text) or _KEY_LIKE.fullmatch(text)) and not _UUID.fullmatch(text)


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class Secret:
    """A credential value that never shows more than its first 4 characters.

    It compares equal to its value (and to a Secret of the same value), hashes
    like it, and is accepted wherever the toolkit takes a credential
    (``zn.connect(api_key=ids.loc[0, "api_key"])``). Immutable. ``None``, empty
    or whitespace-only values are refused with a ConfigurationError that does
    not quote the value.

    Example::

        >>> s = Secret("zdk_your_developer_secret")
        >>> print(s, repr(s), "{:>20}".format(s))
        zdk_…(redacted) zdk_…(redacted)      zdk_…(redacted)
        >>> s.reveal() == "zdk_your_developer_secret"
        True
    """

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str | Secret) -> None:
        if isinstance(value, Secret):
            value = value._value
        if not isinstance(value, str):
            raise ConfigurationError(
                f"a Secret needs text, not {type(value).__name__}",
                fix="pass the credential as a string, e.g. zn.Secret(os.environ['ZYNTRO_API_KEY'])",
                sent=False,
            )
        if not value.strip():
            raise ConfigurationError(
                "a Secret cannot be empty or whitespace only",
                fix="pass the credential itself (copy it again from Me > API & Webhooks or onboarding)",
                sent=False,
            )
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The plain value. Only call this where the value must leave the process (the request body).

        Guide: docs/guides/sessions.md
        """
        return self._value

    @property
    def redacted(self) -> str:
        """The shown form, ``'UYUJ…(redacted)'`` (also what pandas' ``to_json`` writes for a Secret).

        Guide: docs/guides/sessions.md
        """
        return str(self)

    def __str__(self) -> str:
        return preview(self._value)

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def _repr_html_(self) -> str:
        return f"<code>{html.escape(str(self))}</code>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return self._value == other._value
        if isinstance(other, str):
            return self._value == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return True

    def __len__(self) -> int:
        return len(self._value)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("Secret is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("Secret is immutable")

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (self._value,))


def reveal(value: Any) -> Any:
    """``value`` with a Secret replaced by its plain text (anything else unchanged)."""
    return value.reveal() if isinstance(value, Secret) else value


def plain(value: Any) -> str:
    """The plain text of a credential given as a Secret or a string (for comparisons and redaction lists)."""
    return value.reveal() if isinstance(value, Secret) else str(value)


@lru_cache(maxsize=4096)
def is_credential_name(name: str) -> bool:
    """True for a field whose value is a credential: the one rule used for answers, requests and display.

    Example::

        >>> [is_credential_name(n) for n in ("api_key", "wh_secret", "access_token", "password", "org_id")]
        [True, True, True, True, False]
    """
    lowered = name.lower()
    return lowered in CREDENTIAL_NAMES or bool(_CREDENTIAL_WORDS.search(lowered))


def _protect_all(value: Any) -> Any:
    """Every non-empty text inside ``value`` (a credential field's content) as a Secret."""
    if isinstance(value, str):
        return Secret(value) if value.strip() else value
    if isinstance(value, dict):
        return {k: _protect_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_protect_all(v) for v in value]
    return value


_CREDENTIAL_WORDS_IN_JSON = ("secret", "token", "passw", "api_key", "apikey", "service_instance", "wh_auth_data")
_CREDENTIAL_BYTES_IN_JSON = tuple(word.encode() for word in _CREDENTIAL_WORDS_IN_JSON)


def may_hold_credentials(text: str | bytes, extra: Iterable[str] = ()) -> bool:
    """A quick look at raw JSON (text or bytes): could any key be a credential field?

    False lets an answer skip the walk that wraps credential fields. A ``\\u`` escape
    anywhere counts as a maybe, since an escaped key (``"\\u0061pi_key"``) hides its word.

    Example::

        >>> may_hold_credentials(b'{"data": {"first_name": "Ada"}}'), may_hold_credentials('{"API_KEY": 1}')
        (False, True)
    """
    if isinstance(text, bytes):
        lowered_bytes = text.lower()
        return (b"\\u" in text or any(word in lowered_bytes for word in _CREDENTIAL_BYTES_IN_JSON)
                or any(f'"{name}"'.encode() in text for name in extra))
    lowered = text.lower()
    return ("\\u" in text or any(word in lowered for word in _CREDENTIAL_WORDS_IN_JSON)
            or any(f'"{name}"' in text for name in extra))


def protect(value: Any, extra: Iterable[str] = ()) -> Any:
    """Wrap every credential field inside a parsed answer as a :class:`Secret` (dicts changed in place).

    A field is a credential when :func:`is_credential_name` says so or its name
    is in ``extra`` (what the catalog marks). Texts inside a credential field
    (``wh_auth_data: {"token": …}``) are wrapped too; numbers are left alone.

    Example::

        >>> protect({"data": {"api_key": "UYUJH-1234", "user_email": "a@b.c"}})
        {'data': {'api_key': UYUJ…(redacted), 'user_email': 'a@b.c'}}
    """
    names = frozenset(extra)
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and (key in names or is_credential_name(key)):
                    if isinstance(child, (str, dict, list)):
                        item[key] = _protect_all(child)
                elif isinstance(child, (dict, list)):
                    stack.append(child)
        elif isinstance(item, list):
            stack.extend(child for child in item if isinstance(child, (dict, list)))
    return value


def protect_kwargs(values: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments with credential-named values as Secrets, for every later frame, repr and message.

    Example::

        >>> protect_kwargs({"api_key": "K-12345678", "note": "hello"})
        {'api_key': K-12…(redacted), 'note': 'hello'}
    """
    return {k: (_protect_all(v) if is_credential_name(k) and isinstance(v, (str, dict, list)) else v)
            for k, v in values.items()}


def masked(value: Any, depth: int = 0) -> Any:
    """A copy fit for a traceback's variable display: credential fields and credential-shaped texts shortened."""
    if depth > 16:
        return "…"
    if isinstance(value, str):
        if looks_like_credential(value):
            return preview(value)
        for shape in (DEVELOPER_SECRET_SHAPE, API_KEY_SHAPE, _KEY_LIKE):
            value = shape.sub(lambda m: preview(m.group(0)) if looks_like_credential(m.group(0)) else m.group(0),
                              value)
        return value
    if isinstance(value, Mapping):
        return {k: (preview(v) if isinstance(k, str) and is_credential_name(k) and isinstance(v, str) and v
                    else masked(v, depth + 1)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, depth + 1) for v in value]
    if isinstance(value, tuple):
        return tuple(masked(v, depth + 1) for v in value)
    return value


def hide_frames(function: _F) -> _F:
    """Make a public entry point raise a ZyntroError whose traceback starts at it.

    The toolkit's inner frames hold request bodies and raw arguments, and ``%xmode Verbose``
    prints their variables; the one frame kept shows its own arguments masked.
    """
    from ._errors import ZyntroError

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ZyntroError as error:
            args, kwargs = masked(args), masked(kwargs)  # what a verbose traceback shows of this frame
            raise error.with_traceback(None) from None

    return guarded  # type: ignore[return-value]


def redacted_copy(value: Any, extra: Iterable[str] = ()) -> Any:
    """A deep copy of a request body or answer with credential fields (and Secrets) as redacted text."""
    names = frozenset(extra)

    def walk(item: Any, hidden: bool) -> Any:
        if isinstance(item, Secret):
            return str(item)
        if isinstance(item, dict):
            return {k: walk(v, hidden or (isinstance(k, str) and (k in names or is_credential_name(k))))
                    for k, v in item.items()}
        if isinstance(item, (list, tuple)):
            return [walk(v, hidden) for v in item]
        if hidden and isinstance(item, str):
            return preview(item)
        return item

    return walk(value, False)


def secrets_in(value: Any, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The plain values of every credential inside ``value`` (a request body): for text redaction."""
    names = frozenset(extra)
    found: list[str] = []

    def walk(item: Any, hidden: bool) -> None:
        if isinstance(item, Secret):
            found.append(item.reveal())
        elif isinstance(item, dict):
            for k, v in item.items():
                walk(v, hidden or (isinstance(k, str) and (k in names or is_credential_name(k))))
        elif isinstance(item, (list, tuple)):
            for v in item:
                walk(v, hidden)
        elif hidden and isinstance(item, str) and item.strip():
            found.append(item)

    walk(value, False)
    return tuple(dict.fromkeys(found))


def json_default(value: Any) -> Any:
    """A ``json.dumps(default=...)`` that writes a Secret in its redacted form (display encoders)."""
    if isinstance(value, Secret):
        return str(value)
    raise TypeError(f"{type(value).__name__} values are not JSON")


def url_password(url: str) -> str | None:
    """The password in a URL's ``user:password@`` part, if any."""
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def safe_url(url: str) -> str:
    """``url`` without its ``user:password@`` part, for display.

    Example::

        >>> safe_url("https://me:hunter2@proxy.example.com/api")
        'https://proxy.example.com/api'
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
