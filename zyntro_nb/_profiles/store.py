"""The profiles file: one TOML table per profile, identifiers only (never a secret).

The file lives at ``platformdirs.user_config_dir("zyntro-nb")/profiles.toml`` unless
``ZYNTRO_PROFILES_FILE`` names another (``zyntro_nb._config.profiles_path`` decides).
It is read with ``tomllib`` (``tomli`` on Python 3.10) and written with ``tomli-w``
through a temporary file and an atomic rename, so a crash never leaves half a file.
A file that is not valid TOML is an error naming the line, and is never overwritten.

Example::

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "profiles.toml"
    >>> save_profile(path, Profile("acme", brand_id="2", note="Acme Corp"))
    >>> read_profiles(path)["acme"].brand_id
    '2'
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .._errors import ConfigurationError
from .._secret import preview

# The identifiers a profile holds; the secrets are in the keyring (zyntro_nb._profiles.vault).
PROFILE_FIELDS = ("org_id", "brand_id", "member_id", "user_id", "base_url", "note")
# Names that must never appear in the file: a credential written there is a plaintext leak.
SECRET_KEYS = frozenset({"api_key", "developer_secret", "secret", "password", "token", "key"})
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")
_HEADER = (
    "# zyntro-nb profiles: identifiers only. The secrets (api_key, developer_secret) are in the OS keyring,\n"
    "# service 'zyntro-nb'. Manage with: zyntro-nb login / zyntro-nb profiles / zyntro-nb logout.\n\n"
)


@dataclass(frozen=True)
class Profile:
    """One named account: its identifiers, base URL and a free-text note (no secrets)."""

    name: str
    org_id: str | None = None
    brand_id: str | None = None
    member_id: str | None = None
    user_id: str | None = None
    base_url: str | None = None
    note: str | None = None

    def settings(self) -> dict[str, str]:
        """The identifiers this profile sets (the note left out), as ``{field: value}``."""
        return {name: value for name in PROFILE_FIELDS if name != "note" and (value := getattr(self, name))}


def check_name(name: Any) -> str:
    """``name`` when it can name a profile (letters, digits, ``-``, ``_``, ``.``; at most 64); else ConfigurationError.

    Example::

        >>> check_name("acme-eu")
        'acme-eu'
    """
    text = name if isinstance(name, str) else ""
    if not _NAME.match(text):
        shown = "nothing" if not text.strip() else repr(text if len(text) <= 40 else text[:40] + "…")
        raise ConfigurationError(
            f"{shown} cannot name a profile",
            cause="a profile name is one word of letters, digits, '-', '_' or '.' (no '/', no spaces), "
            "at most 64 characters",
            fix="choose a name such as acme or acme-eu: zyntro-nb login --profile acme",
            sent=False,
        )
    return text


def _loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def read_profiles(path: Path) -> dict[str, Profile]:
    """The profiles in ``path`` by name (``{}`` when the file does not exist); raises ConfigurationError.

    A file that is not TOML names its line; a secret found in it is refused (it belongs in the keyring),
    showing at most 4 characters of it.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise ConfigurationError(
            f"cannot read the profiles file {path}: {reason}",
            fix=f"check its permissions, or point ZYNTRO_PROFILES_FILE at another file (it is {path})",
            sent=False,
        ) from None
    try:
        data = _loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError; its message names the line and column
        raise ConfigurationError(
            f"the profiles file {path} is not valid TOML: {exc}",
            cause="the file was edited by hand, or written by another tool",
            fix=f"correct that line in {path} (nothing was changed in it), or move the file away and run "
            "zyntro-nb login again",
            sent=False,
        ) from None
    return _profiles_from(data, path)


def _profiles_from(data: Mapping[str, Any], path: Path) -> dict[str, Profile]:
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise _bad_shape(path, "'profiles' is not a table of [profiles.NAME] tables")
    found: dict[str, Profile] = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise _bad_shape(path, f"profiles.{name} is not a table")
        check_name(name)
        secrets = sorted(k for k in table if k.lower() in SECRET_KEYS)
        if secrets:
            value = table[secrets[0]]
            raise ConfigurationError(
                f"the profiles file {path} holds a secret: profiles.{name}.{secrets[0]} "
                f"({preview(str(value))!r})",
                cause="profiles hold identifiers only; a secret in a plain file is one copy away from a leak",
                fix=f"delete the {secrets[0]} line from {path}, then store the secret in the keyring with "
                f"zyntro-nb login --profile {name} --force (and reissue it if the file was shared)",
                sent=False,
            )
        unknown = sorted(set(table) - set(PROFILE_FIELDS))
        if unknown:
            close = difflib.get_close_matches(unknown[0], PROFILE_FIELDS, n=1)
            raise _bad_shape(path, f"profiles.{name} has an unknown field {unknown[0]!r}"
                             + (f" (did you mean {close[0]}?)" if close else "")
                             + f"; fields: {', '.join(PROFILE_FIELDS)}")
        values = {k: (str(v) if v is not None and v != "" else None) for k, v in table.items()}
        found[name] = Profile(name, **values)
    return found


def _bad_shape(path: Path, what: str) -> ConfigurationError:
    return ConfigurationError(
        f"the profiles file {path} is not laid out as expected: {what}",
        fix=f"correct it in {path} (nothing was changed in it), or move the file away and run zyntro-nb login again",
        sent=False,
    )


def write_profiles(path: Path, profiles: Mapping[str, Profile]) -> None:
    """Write all ``profiles`` to ``path`` atomically (a temporary file in the same folder, then a rename)."""
    import tomli_w

    tables = {}
    for name in sorted(profiles):
        values = {k: v for k, v in asdict(profiles[name]).items() if k != "name" and v is not None}
        tables[name] = values
    text = _HEADER + tomli_w.dumps({"profiles": tables})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".profiles-", suffix=".toml", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigurationError(
            f"cannot write the profiles file {path}: {exc.strerror or type(exc).__name__}",
            fix="check the folder's permissions, or point ZYNTRO_PROFILES_FILE at a file you can write",
            sent=False,
        ) from None


def save_profile(path: Path, profile: Profile) -> None:
    """Add or replace one profile in ``path`` (the others kept as they were)."""
    profiles = read_profiles(path)
    profiles[check_name(profile.name)] = profile
    write_profiles(path, profiles)


def remove_profile(path: Path, name: str) -> Profile:
    """Remove one profile from ``path`` and return it; an unknown name is :func:`unknown_profile`."""
    profiles = read_profiles(path)
    if name not in profiles:
        raise unknown_profile(name, profiles, path)
    removed = profiles.pop(name)
    write_profiles(path, profiles)
    return removed


def unknown_profile(name: str, profiles: Mapping[str, Profile], path: Path) -> ConfigurationError:
    """The error for a profile that is not in the file: the close names, then all of them."""
    names = sorted(profiles)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    listed = f"profiles: {', '.join(names)}" if names else "there are no profiles yet"
    return ConfigurationError(
        f"unknown profile {name!r} ({listed})",
        cause=f"the profiles file is {path}",
        fix=(f"did you mean {close[0]!r}? " if close else "")
        + f"create it with: zyntro-nb login --profile {name}",
        sent=False,
    )


FIELD_NAMES = tuple(f.name for f in fields(Profile))
