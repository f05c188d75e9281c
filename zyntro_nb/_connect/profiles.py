"""``zn.profiles()``: the named profiles as a DataFrame (no secrets), and login's store-and-check step.

:func:`profiles` lists each profile's identifiers, base URL, note and whether the keyring
holds its secrets — never a secret, not even its first characters. :func:`login_profile`
is the Python side of ``zyntro-nb login``: from a developer secret it bootstraps the
identifiers through ``developers/fetchIdentifiers`` (``zyntro_nb._connect.bootstrap``, the
same choices ``zn.connect(developer_secret=…)`` makes), then stores the secrets in the
keyring and the rest in the profiles file. Nothing is stored when anything fails.

Example::

    >>> import zyntro_nb as zn
    >>> zn.profiles(env={"ZYNTRO_PROFILES_FILE": "/nonexistent/profiles.toml"}).empty
    True
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._config import env_base_url, profiles_path
from .._errors import ConfigurationError, ZyntroError
from .._profiles.store import Profile, check_name, read_profiles, save_profile
from .._profiles.vault import SECRET_FIELDS, backend, delete_secrets, set_secret, stored_fields
from .._secret import Secret

if TYPE_CHECKING:
    import httpx
    import pandas as pd

    from .._session.session import Session

PROFILE_COLUMNS = ("profile", "org_id", "brand_id", "member_id", "user_id", "base_url", "secrets", "note")


def keyring_state(name: str) -> str:
    """Whether the keyring holds ``name``'s secrets: ``'api_key, developer_secret'``, ``'missing'``, or why unknown."""
    try:
        found = stored_fields(name)
    except ConfigurationError:
        return "unknown: no keyring backend"
    return ", ".join(found) if found else "missing"


def profile_rows(env: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """One row per profile (sorted by name), with the keyring's state; no secret values."""
    rows = []
    for name, profile in sorted(read_profiles(profiles_path(env)).items()):
        rows.append({
            "profile": name,
            "org_id": profile.org_id or "",
            "brand_id": profile.brand_id or "",
            "member_id": profile.member_id or "",
            "user_id": profile.user_id or "",
            "base_url": profile.base_url or "",
            "secrets": keyring_state(name),
            "note": profile.note or "",
        })
    return rows


def profiles(env: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The named profiles as a DataFrame: identifiers, base URL, note, and which secrets the keyring holds.

    Secrets themselves never appear. ``env`` replaces the process environment (for
    ``ZYNTRO_PROFILES_FILE``). Create profiles with ``zyntro-nb login --profile NAME``.

    Example::

        >>> import zyntro_nb as zn
        >>> list(zn.profiles(env={"ZYNTRO_PROFILES_FILE": "/nonexistent/profiles.toml"}).columns)[:3]
        ['profile', 'org_id', 'brand_id']
    """
    import pandas as pd

    return pd.DataFrame(profile_rows(env), columns=list(PROFILE_COLUMNS))


def check_new_profile(name: str, *, force: bool = False, env: Mapping[str, str] | None = None) -> dict[str, Profile]:
    """What login checks before asking for or sending a secret; returns the profiles already stored.

    The name, the profiles file (a bad one is an error and is never overwritten), an existing
    profile of that name (refused unless ``force``), and a usable keyring backend.
    """
    check_name(name)
    path = profiles_path(env)
    existing = read_profiles(path)
    if name in existing and not force:
        raise ConfigurationError(
            f"profile {name!r} already exists",
            cause=f"it is in {path}; logging in again would replace its identifiers and secrets",
            fix=f"add --force to replace it, or choose another name: zyntro-nb login --profile {name}-2",
            sent=False,
        )
    backend()
    return existing


def login_profile(
    name: str,
    developer_secret: str | Secret,
    *,
    base_url: str | None = None,
    org_id: str | None = None,
    brand_id: str | int | None = None,
    member_id: str | None = None,
    note: str | None = None,
    force: bool = False,
    env: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[Profile, Session]:
    """Bootstrap from ``developer_secret``, then store the profile ``name`` (secrets in the keyring).

    Checked before anything is sent: the name, the profiles file (a bad one is never
    overwritten), an existing profile of that name (refused unless ``force``), and the
    keyring backend. A refused secret (the API's documented error) stores nothing.
    Returns the stored profile and the bootstrapped session (its notes say which
    organization, brand and member were chosen when there were several).
    """
    from .._session.session import Session
    from .bootstrap import BootstrapChoiceWarning, bootstrap_session

    existing = check_new_profile(name, force=force, env=env)
    path = profiles_path(env)
    if developer_secret is None or not str(developer_secret.reveal() if isinstance(developer_secret, Secret)
                                           else developer_secret).strip():
        raise ConfigurationError(
            "no developer secret was given",
            fix="paste the zdk_… secret at the prompt, or pipe one line: "
            "echo \"$SECRET\" | zyntro-nb login --developer-secret-stdin",
            sent=False,
        )
    url = base_url or env_base_url(env)
    session = Session(developer_secret=developer_secret, base_url=url, env={}, transport=transport)
    # Only the secret and the caller's choices: nothing from a .env beside the command.
    session = session.using(api_key=None, org_id=org_id, brand_id=brand_id, member_id=member_id, user_id=None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BootstrapChoiceWarning)  # the notes are returned instead
            complete = bootstrap_session(session, org_id=org_id, brand_id=brand_id, member_id=member_id)
    except ZyntroError:
        session.close()
        raise
    c = complete.config
    profile = Profile(name, org_id=c.org_id, brand_id=c.brand_id, member_id=c.member_id, user_id=c.user_id,
                      base_url=url or None, note=note or (existing[name].note if name in existing else None))
    try:
        for field_name in SECRET_FIELDS:
            value = getattr(c, field_name)
            if value is not None:
                set_secret(name, field_name, value)
        save_profile(path, profile)
    except BaseException:
        if name not in existing:
            try:
                delete_secrets(name)  # no half-made profile: its secrets go too
            except ConfigurationError:
                pass
        raise
    return profile, complete


def profile_lines(profile: Profile, session: Session | None = None) -> list[str]:
    """The profile as shown after login: identifiers shortened, secrets at most 4 characters."""
    from .._config import DEFAULT_BASE_URL, redact, short_id

    rows = [("profile", profile.name), ("org_id", short_id(profile.org_id)), ("brand_id", profile.brand_id or "-"),
            ("member_id", short_id(profile.member_id)), ("user_id", short_id(profile.user_id)),
            ("base_url", profile.base_url or DEFAULT_BASE_URL)]
    if session is not None:
        rows += [("api_key", f"{redact(session.config.api_key)} (in the keyring)"),
                 ("developer_secret", f"{redact(session.config.developer_secret)} (in the keyring)")]
    if profile.note:
        rows.append(("note", profile.note))
    return [f"  {key:<17}{value}" for key, value in rows]
