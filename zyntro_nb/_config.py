"""Identifiers and settings: from arguments, ``ZYNTRO_*`` variables, a named profile, or a ``.env`` file.

This is the only module that reads the environment. Values are validated before
anything is sent, and secrets never appear in a repr.

The one precedence rule, field by field (first found wins)::

    1. an argument                         zn.connect(brand_id=2)
    2. a profile named in the call         zn.connect(profile="acme"), --profile acme
    3. a ZYNTRO_* variable                 ZYNTRO_BRAND_ID=2 in the process environment
    4. a profile named by ZYNTRO_PROFILE   (a variable, or a line in .env)
    5. the .env file                       ZYNTRO_BRAND_ID=2 in ./.env

A profile's identifiers come from profiles.toml, its secrets from the OS keyring. A profile is in
use only when one is named; one named in the call outranks the ambient ``ZYNTRO_*`` variables, so a
key exported in the shell never mixes with another account's identifiers. ``Config.sources`` says
where each value came from.

Example::

    >>> cfg = Config.resolve(api_key="UYUJH-1", developer_secret="zdk_example",
    ...                      org_id="42cc1aca-3aa5-4339-98d2-480b5b89937b", brand_id=1, env={})
    >>> cfg.brand_id
    '1'
    >>> "zdk_example" in repr(cfg)
    False
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ._address import check_base_url
from ._defaults import DEFAULT_BASE_URL, SECRET_PREFIX
from ._errors import ConfigurationError
from ._secret import SECRET_FIELDS, Secret, plain, preview, safe_url, url_password

ENV_VARS = {
    "api_key": "ZYNTRO_API_KEY",
    "developer_secret": "ZYNTRO_DEVELOPER_SECRET",
    "org_id": "ZYNTRO_ORG_ID",
    "brand_id": "ZYNTRO_BRAND_ID",
    "member_id": "ZYNTRO_MEMBER_ID",
    "user_id": "ZYNTRO_USER_ID",
    "base_url": "ZYNTRO_BASE_URL",
}
CATALOG_ENV_VAR = "ZYNTRO_CATALOG"
# Named profiles (zyntro_nb._profiles): which one is in use, and where the profiles file is.
PROFILE_ENV_VAR = "ZYNTRO_PROFILE"
PROFILES_FILE_ENV_VAR = "ZYNTRO_PROFILES_FILE"
# Record/replay (_replay.transport): a cassette to record to, to replay from, and "1" to record what is missing.
CASSETTE_ENV_VARS = {"record": "ZYNTRO_RECORD", "replay": "ZYNTRO_REPLAY", "record_missing": "ZYNTRO_RECORD_MISSING"}
# Where bulk journals given as relative paths are kept (zyntro_nb._bulk.journal); default: the current directory.
JOURNAL_DIR_ENV_VAR = "ZYNTRO_JOURNAL_DIR"
IDENTIFIER_FIELDS = ("api_key", "developer_secret", "org_id", "brand_id", "member_id")
# Identifiers not sent in every body: a catalogued parameter names one as its ``fill``
# (calculateLeadScore's ``service_instance`` is the user id).
FILL_FIELDS = ("user_id",)


def redact(value: str | Secret | None) -> str:
    """Show at most the first characters of a secret: ``'UYUJ…(redacted)'``."""
    if not value:
        return "-"
    return preview(plain(value))


def short_id(value: str | None) -> str:
    """A short form of an org or member UUID for every view: ``'42cc1aca…'``.

    Anything not shaped like a UUID (a key pasted into the wrong field) shows at most 4 characters.
    """
    if not value:
        return "-"
    if _UUID.fullmatch(value.strip()):
        return f"{value.strip()[:8]}…"
    return value if len(value) <= 4 else f"{value[:4]}…"


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _decode_dotenv(data: bytes, path: Path) -> str:
    """The text of a ``.env`` file saved as UTF-8 (with or without a BOM) or UTF-16 (with a BOM, or guessed)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif len(data) >= 2 and data[1:2] == b"\0" and data[0:1] != b"\0":
        encoding = "utf-16-le"
    elif len(data) >= 2 and data[0:1] == b"\0":
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ConfigurationError(
            f"{path} is not readable text (byte {exc.start} is not {encoding})",
            cause="a .env file must be UTF-8 (UTF-16 with a byte-order mark is read too)",
            fix=f"save {path.name} as UTF-8 in your editor, or remove it and set the ZYNTRO_* variables directly",
            sent=False,
        ) from None


_ENV_KEY = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def read_dotenv(path: Path) -> dict[str, str]:
    """The variables of a ``.env`` file, parsed by python-dotenv; a missing file gives ``{}``.

    Quotes, ``export``, comments and multi-line quoted values follow python-dotenv; a UTF-8
    byte-order mark and UTF-16 files are read too. ``${VAR}`` is not expanded. A file that
    cannot be read, or a ``ZYNTRO_*`` line it cannot parse (an unclosed quote), is a
    ConfigurationError naming the file, the line and the variable, never the value.
    """
    from dotenv.parser import parse_stream

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read {path}: {exc.strerror or type(exc).__name__}",
            fix=f"check the permissions of {path.name}, or remove it and set the ZYNTRO_* variables directly",
            sent=False,
        ) from None
    values: dict[str, str] = {}
    for binding in parse_stream(io.StringIO(_decode_dotenv(data, path))):
        if binding.error:
            match = _ENV_KEY.match(binding.original.string)
            name = match.group(1) if match else ""
            if name.startswith("ZYNTRO_") or "ZYNTRO_" in binding.original.string:
                raise ConfigurationError(
                    f"{path.name} line {binding.original.line}: cannot read {name or 'a ZYNTRO_ setting'}",
                    cause="the line is not NAME=value (often a quote that is opened and never closed)",
                    fix=f"write it as {name or 'ZYNTRO_…'}=value or {name or 'ZYNTRO_…'}=\"value\" "
                    "with both quotes on the same line",
                    sent=False,
                )
            continue
        if binding.key is not None:
            values[binding.key] = binding.value or ""
    return values


def environment(env: Mapping[str, str] | None = None, dotenv: Path | None = None) -> dict[str, str]:
    """The ZYNTRO_* settings in force: the process environment over the ``.env`` file."""
    merged = dict(read_dotenv(dotenv or Path.cwd() / ".env"))
    merged.update(os.environ if env is None else env)
    return {k: v for k, v in merged.items() if k.startswith("ZYNTRO_")}


def env_catalog_path(env: Mapping[str, str] | None = None) -> str | None:
    """The user catalog file named by ``ZYNTRO_CATALOG``, if any."""
    return environment(env).get(CATALOG_ENV_VAR) or None


def env_has_credentials(env: Mapping[str, str] | None = None) -> bool:
    """True when the environment (or ``.env``) names at least an API key or developer secret.

    ``ZYNTRO_REPLAY`` counts too: a cassette recorded against an account stands in for its
    credentials, so a notebook's "real account or sandbox?" switch takes the path it was recorded on;
    and so does ``ZYNTRO_PROFILE`` (the profile's secrets are in the keyring).

    Guide: docs/guides/configuration.md
    """
    values = environment(env)
    return bool(values.get(ENV_VARS["api_key"]) or values.get(ENV_VARS["developer_secret"])
                or values.get(CASSETTE_ENV_VARS["replay"], "").strip() or values.get(PROFILE_ENV_VAR, "").strip())


def profiles_path(env: Mapping[str, str] | None = None) -> Path:
    """The profiles file: ``ZYNTRO_PROFILES_FILE``, else ``profiles.toml`` in the user's config folder.

    The folder is ``platformdirs.user_config_dir("zyntro-nb")`` (``~/.config/zyntro-nb`` on Linux,
    ``~/Library/Application Support/zyntro-nb`` on macOS, ``%LOCALAPPDATA%\\zyntro-nb`` on Windows).

    Example::

        >>> profiles_path({"ZYNTRO_PROFILES_FILE": "/srv/team/profiles.toml"}).as_posix()
        '/srv/team/profiles.toml'
    """
    named = (environment(env).get(PROFILES_FILE_ENV_VAR) or "").strip()
    if named:
        return Path(named).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("zyntro-nb", appauthor=False)) / "profiles.toml"


def env_profile(env: Mapping[str, str] | None = None) -> str | None:
    """The profile named by ``ZYNTRO_PROFILE`` (the environment over ``.env``), if any."""
    return (environment(env).get(PROFILE_ENV_VAR) or "").strip() or None


def env_cassette(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The record/replay settings in the environment: ``record``/``replay`` paths and ``record_missing``.

    Example::

        >>> env_cassette({"ZYNTRO_REPLAY": "cassettes/billing.zyntro.json"})
        {'record': None, 'replay': 'cassettes/billing.zyntro.json', 'record_missing': False}
    """
    values = environment(env)
    found: dict[str, Any] = {
        name: (values.get(CASSETTE_ENV_VARS[name]) or "").strip() or None for name in ("record", "replay")
    }
    flag = (values.get(CASSETTE_ENV_VARS["record_missing"]) or "").strip().lower()
    found["record_missing"] = flag in ("1", "true", "yes", "on")
    return found


def journal_path(path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Path:
    """Where the bulk journal ``path`` is kept: a relative path goes under ``ZYNTRO_JOURNAL_DIR`` when it is set.

    Absolute paths (and ``~/…``) are used as given; without the setting a relative path stays
    relative to the current directory. ``bulk(journal=…)`` and ``%zyntro bulk --journal`` resolve
    their path this way, so one setting moves every relative journal (a test run's into a
    scratch folder, say) without touching the notebook that names them.

    Example::

        >>> journal_path("imports/add.journal", env={"ZYNTRO_JOURNAL_DIR": "/srv/journals"}).as_posix()
        '/srv/journals/imports/add.journal'
        >>> journal_path("imports/add.journal", env={}).as_posix()
        'imports/add.journal'
    """
    resolved = Path(path).expanduser()
    if resolved.is_absolute():
        return resolved
    folder = (environment(env).get(JOURNAL_DIR_ENV_VAR) or "").strip()
    return Path(folder).expanduser() / resolved if folder else resolved


def env_base_url(env: Mapping[str, str] | None = None) -> str | None:
    """``ZYNTRO_BASE_URL`` when it is set (``None`` means the default applies)."""
    return environment(env).get(ENV_VARS["base_url"]) or None


def _check_uuid(name: str, value: str) -> str:
    """The canonical form of a UUID (lowercase, dashed): braces, ``urn:uuid:``, missing dashes and
    upper case are normalised, anything else is refused."""
    import uuid  # here, not at import: it pulls in platform

    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ConfigurationError(
            f"{name} is not a UUID ({preview(value)!r})",
            cause=f"{name} must look like 42cc1aca-3aa5-4339-98d2-480b5b89937b",
            fix=f"copy {name} from Me > API & Webhooks into {ENV_VARS[name]} (or pass {name}=…)",
            sent=False,
        ) from None


def _check_developer_secret(text: str) -> None:
    """Refuse a developer secret that cannot be real: the prefix alone, whitespace, or a documentation placeholder."""
    rest = text[len(SECRET_PREFIX):]
    if not rest:
        problem = f"is only the prefix {SECRET_PREFIX!r}"
    elif any(c.isspace() for c in text):
        problem = "contains whitespace"
    elif any(mark in rest for mark in ("…", "...", "<", ">", "{", "}")):
        problem = "is a placeholder from the documentation, not a secret"
    else:
        return
    raise ConfigurationError(
        f"developer_secret {problem}",
        cause="a real developer secret is one word: zdk_ followed by the characters issued at developer onboarding",
        fix="copy the whole zdk_… secret into ZYNTRO_DEVELOPER_SECRET (or pass developer_secret=…); it is shown "
        "once, so if it was lost, revoke the developer key and issue a new one",
        sent=False,
    )


def normalize_setting(name: str, value: Any) -> str | Secret | None:
    """Validate one setting and return it as sent (``None`` when empty); raises ConfigurationError.

    Example::

        >>> normalize_setting("brand_id", 2)
        '2'
    """
    if value is None:
        return None
    if isinstance(value, Secret):
        if name in SECRET_FIELDS:
            value = value.reveal()  # checked like text below, wrapped again at the end
        else:
                raise ConfigurationError(
                f"{name} was given a Secret (a credential), not {'an identifier' if name.endswith('_id') else 'a URL'}",
                cause="a credential was put where an identifier belongs",
                fix=f"pass {name} as text (developers/fetchIdentifiers lists it), the credential as api_key=…",
                sent=False,
            )
    if name == "brand_id":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ConfigurationError(
                f"brand_id must be a number, not {type(value).__name__}",
                fix="pass brand_id=1 or brand_id='1', or set ZYNTRO_BRAND_ID=1",
                sent=False,
            )
        text = str(value).strip()
        if not text.isdigit():
            raise ConfigurationError(
                f"brand_id is not numeric ({preview(text)!r})",
                cause="brand IDs are whole numbers such as 1",
                fix="set ZYNTRO_BRAND_ID to the brand's number (developers/fetchIdentifiers lists them)",
                sent=False,
            )
        return text
    if not isinstance(value, str):
        raise ConfigurationError(
            f"{name} must be a string, not {type(value).__name__}",
            fix=f"pass {name} as text or set {ENV_VARS[name]}",
            sent=False,
        )
    text = value.strip()
    if not text:
        return None
    if name in ("org_id", "member_id"):
        return _check_uuid(name, text)
    if name == "user_id" and any(c.isspace() for c in text):
        raise ConfigurationError(
            "user_id contains whitespace",
            fix="copy user_id from developers/fetchIdentifiers' answer into ZYNTRO_USER_ID (one word)",
            sent=False,
        )
    if name == "developer_secret" and not text.startswith(SECRET_PREFIX):
        raise ConfigurationError(
            f"developer_secret does not start with {SECRET_PREFIX!r}",
            cause="developer secrets are issued at developer onboarding and start with zdk_",
            fix="copy the zdk_… secret into ZYNTRO_DEVELOPER_SECRET (it is shown once; if lost, reissue it)",
            sent=False,
        )
    if name == "developer_secret":
        _check_developer_secret(text)
    if name == "api_key" and text.startswith(SECRET_PREFIX):
        raise ConfigurationError(
            f"api_key holds a developer secret (it starts with {SECRET_PREFIX!r})",
            cause="the two credentials were swapped: developer secrets start with zdk_, API keys look like UYUJH-…",
            fix="pass it as developer_secret (ZYNTRO_DEVELOPER_SECRET) and the key from Me > API & Webhooks as "
            "api_key (ZYNTRO_API_KEY)",
            sent=False,
        )
    if name == "api_key" and any(c.isspace() for c in text):
        raise ConfigurationError(
            "api_key contains whitespace",
            fix="copy the key again from Me > API & Webhooks; it is one word like UYUJH-…",
            sent=False,
        )
    if name in SECRET_FIELDS:
        return Secret(text)
    if name == "base_url":
        return check_base_url(text)
    return text


def unknown_settings(names: Iterable[str], known: Iterable[str] = ENV_VARS) -> ConfigurationError:
    """The error for setting names that do not exist, suggesting the close ones (``brand`` -> ``brand_id``)."""
    import difflib

    names, known = sorted(map(str, names)), list(known)
    hints = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5) or [k for k in known if k.startswith(name)]
        if close:
            hints.append(f"{name} -> {close[0]}")
    return ConfigurationError(
        f"unknown setting(s): {', '.join(names)}",
        fix=("did you mean " + ", ".join(hints) + "? " if hints else "") + f"settings: {', '.join(known)}",
        sent=False,
    )


@dataclass(frozen=True, repr=False)
class Config:
    """Validated identifiers and the base URL. Secrets are hidden from ``repr``.

    Example::

        >>> Config.resolve(brand_id="2", env={}).brand_id
        '2'
    """

    api_key: Secret | None = None
    developer_secret: Secret | None = None
    org_id: str | None = None
    brand_id: str | None = None
    member_id: str | None = None
    user_id: str | None = None
    base_url: str = DEFAULT_BASE_URL
    # The named profile in use (None: no profile), and where each value came from, for doctor.
    profile: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def resolve(
        cls,
        *,
        env: Mapping[str, str] | None = None,
        dotenv: Path | None = None,
        profile: str | None = None,
        **explicit: Any,
    ) -> Config:
        """Field by field: argument, profile named here, ``ZYNTRO_*`` variable, ``ZYNTRO_PROFILE``'s profile, ``.env``.

        The profile is ``profile=`` or ``ZYNTRO_PROFILE``; its identifiers come from the profiles
        file, its secrets from the keyring (asked only for those no argument or variable gives).
        Every value is validated; ``sources`` records where each came from.

        Guide: docs/guides/configuration.md, docs/guides/profiles.md
        """
        unknown = set(explicit) - set(ENV_VARS)
        if unknown:
            raise unknown_settings(unknown)
        process = {k: v for k, v in (os.environ if env is None else env).items() if k.startswith("ZYNTRO_")}
        dotenv_values = {k: v for k, v in read_dotenv(dotenv or Path.cwd() / ".env").items()
                         if k.startswith("ZYNTRO_")}
        merged = {**dotenv_values, **process}
        name = profile if profile is not None else (merged.get(PROFILE_ENV_VAR) or "").strip() or None
        if profile is not None:
            profile_source = "argument"
        else:
            profile_source = PROFILE_ENV_VAR + (" (.env)" if PROFILE_ENV_VAR not in process else "")
        layers: list[tuple[str, Mapping[str, Any]]] = [
            ("argument", {k: v for k, v in explicit.items() if v is not None}),
            ("variable", {k: process[var] for k, var in ENV_VARS.items() if process.get(var)}),
        ]
        if name is not None:
            # A profile named in the call (profile="acme", --profile) outranks ZYNTRO_* variables, so a key
            # exported in the shell never mixes with another account's identifiers; one named by
            # ZYNTRO_PROFILE is ambient like them and yields to them.
            above = layers[:1] if profile is not None else layers
            wanted = [k for k in SECRET_FIELDS if not any(k in values for _, values in above)]
            layers[len(above):len(above)] = _profile_layers(name, profile_source, merged, wanted)
        layers.append((".env", {k: dotenv_values[var] for k, var in ENV_VARS.items() if dotenv_values.get(var)}))
        resolved: dict[str, Any] = {}
        sources: dict[str, str] = {}
        for setting, var in ENV_VARS.items():
            source, value = next(((s, values[setting]) for s, values in layers if setting in values), ("", None))
            try:
                resolved[setting] = normalize_setting(setting, value)
            except ConfigurationError as exc:
                shown = {"argument": "", "variable": var, ".env": f"{var} (.env)"}.get(source, source)
                if shown and shown not in exc.message:
                    exc.message = f"{shown}: {exc.message}"
                raise
            if resolved[setting] is not None:
                sources[setting] = {"variable": var, ".env": f".env ({var})"}.get(source, source)
        if resolved["base_url"] is None:
            resolved["base_url"] = DEFAULT_BASE_URL
            sources["base_url"] = "default"
        if name is not None:
            sources["profile"] = profile_source
        return cls(**resolved, profile=name, sources=sources)

    def replace(self, **changes: Any) -> Config:
        """A copy with some identifiers changed (validated the same way; their source becomes "argument").

        Guide: docs/guides/configuration.md
        """
        unknown = set(changes) - set(ENV_VARS)
        if unknown:
            raise unknown_settings(unknown)
        normalized: dict[str, Any] = {name: normalize_setting(name, value) for name, value in changes.items()}
        sources = {**self.sources, **{name: "argument" for name, value in normalized.items() if value is not None}}
        for name, value in normalized.items():
            if value is None:
                sources.pop(name, None)
        return replace(self, **normalized, sources=sources)

    def identifiers(self) -> dict[str, str | Secret]:
        """The identifiers that are set, as put in a request body (credentials stay Secrets until encoded).

        Guide: docs/guides/configuration.md
        """
        return {name: getattr(self, name) for name in IDENTIFIER_FIELDS if getattr(self, name)}

    def secrets(self) -> tuple[str, ...]:
        """The plain values to redact from any text: the credentials and a base URL's password.

        Guide: docs/guides/configuration.md
        """
        found = [plain(getattr(self, name)) for name in SECRET_FIELDS if getattr(self, name)]
        password = url_password(self.base_url)
        if password:
            found.append(password)
        return tuple(found)

    @property
    def shown_base_url(self) -> str:
        """The base URL without any ``user:password@`` part.

        Guide: docs/guides/configuration.md
        """
        return safe_url(self.base_url)

    def redacted(self) -> dict[str, str]:
        """All settings as shown to people: secrets to their first characters, UUIDs shortened.

        Guide: docs/guides/configuration.md
        """
        shown = {name: (redact(getattr(self, name)) if name in SECRET_FIELDS
                        else short_id(getattr(self, name)) if name in ("org_id", "member_id")
                        else getattr(self, name) or "-")
                 for name in IDENTIFIER_FIELDS}
        shown["user_id"] = short_id(self.user_id)
        shown["base_url"] = self.shown_base_url
        return shown

    def __repr__(self) -> str:
        return (
            f"Config(org={short_id(self.org_id)} brand={self.brand_id or '-'} "
            f"member={short_id(self.member_id)} key={redact(self.api_key)} "
            f"secret={redact(self.developer_secret)} base={self.shown_base_url})"
        )

    __str__ = __repr__


def _profile_layers(name: str, source: str, merged: Mapping[str, str],
                    secrets: list[str]) -> list[tuple[str, Mapping[str, Any]]]:
    """The profile's two layers: its identifiers (the file), then its secrets (the keyring, only ``secrets``).

    An unknown profile, or one whose secrets the keyring lacks, is a ConfigurationError naming the fix.
    """
    from ._profiles.store import check_name, read_profiles, unknown_profile
    from ._profiles.vault import get_secret

    check_name(name)
    path = profiles_path(merged)
    profiles = read_profiles(path)
    if name not in profiles:
        error = unknown_profile(name, profiles, path)
        if source != "argument":
            error.message = f"{source}: {error.message}"
        raise error
    found = {field_name: value for field_name in secrets if (value := get_secret(name, field_name)) is not None}
    if secrets and not found:
        raise ConfigurationError(
            f"profile {name!r} has no secrets in the keyring",
            cause="the keyring entries were removed, or the profile was written on another machine or by hand",
            fix=f"store them again: zyntro-nb login --profile {name} --force (or set ZYNTRO_API_KEY / "
            "ZYNTRO_DEVELOPER_SECRET)",
            sent=False,
        )
    return [(f"profile {name}", profiles[name].settings()), (f"keyring (profile {name})", found)]


def redact_text(text: str, secrets: tuple[str, ...] | list[str]) -> str:
    """Replace every occurrence of each secret in ``text`` with its redacted form."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, redact(secret))
    return text
