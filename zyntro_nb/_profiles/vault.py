"""The profiles' secrets in the OS keyring: service ``zyntro-nb``, one entry per profile and field.

An entry's user name is ``PROFILE/FIELD`` (``acme/api_key``); profile names cannot hold ``/``,
so two profiles never share an entry. The ``keyring`` library picks the backend (macOS
Keychain, Windows Credential Locker, the Secret Service on Linux desktops, or the one named by
``PYTHON_KEYRING_BACKEND``). Without a usable backend (a headless server) every function here
raises a ConfigurationError naming the fix; nothing ever falls back to a plain file.

Example::

    >>> set_secret("acme", "api_key", "UYUJH-1")      # doctest: +SKIP
    >>> get_secret("acme", "api_key")                  # doctest: +SKIP
    UYUJ…(redacted)
"""

from __future__ import annotations

from typing import Any

from .._errors import ConfigurationError
from .._secret import SECRET_FIELDS, Secret

SERVICE = "zyntro-nb"


def entry(profile: str, field: str) -> str:
    """The keyring user name of one profile's secret: ``'acme/api_key'``."""
    return f"{profile}/{field}"


def _no_backend(detail: str) -> ConfigurationError:
    return ConfigurationError(
        f"no usable keyring to hold the profile's secrets ({detail})",
        cause="profiles keep api_key and developer_secret in the OS keyring, and none is available here "
        "(common on headless servers and in containers)",
        fix="install a keyring backend (pip install keyrings.alt, or a Secret Service such as gnome-keyring), "
        "or skip profiles and set the ZYNTRO_* variables (ZYNTRO_API_KEY, ZYNTRO_DEVELOPER_SECRET, …)",
        sent=False,
    )


def backend() -> Any:
    """The keyring backend in use; ConfigurationError when there is none that can store secrets."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        raise _no_backend("the keyring library is not installed") from None
    try:
        found = keyring.get_keyring()
    except Exception as exc:  # a broken PYTHON_KEYRING_BACKEND or config: keyring raises many kinds
        raise _no_backend(f"the configured backend cannot be loaded: {type(exc).__name__}") from None
    chained = getattr(found, "backends", None)
    if isinstance(found, fail.Keyring) or (chained is not None and not chained):
        raise _no_backend("keyring found no backend")
    if isinstance(found, null.Keyring):  # stores nothing and finds nothing: never pretend to have saved
        raise _no_backend("keyring is set to the null backend, which stores nothing")
    return found


def _call(action: str, function: Any, *args: str) -> Any:
    from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

    try:
        return function(SERVICE, *args)
    except PasswordDeleteError:
        return None  # already gone: removing is idempotent
    except NoKeyringError:
        raise _no_backend("keyring found no backend") from None
    except KeyringError as exc:
        raise ConfigurationError(
            f"the keyring refused to {action} ({type(exc).__name__})",
            cause="the keyring may be locked, or this process is not allowed to use it",
            fix="unlock the keyring (log in to the desktop session) and try again, or use the ZYNTRO_* variables",
            sent=False,
        ) from None


def get_secret(profile: str, field: str) -> Secret | None:
    """One secret of ``profile`` (a :class:`~zyntro_nb.Secret`), or None when the keyring has none."""
    found = backend()
    value = _call("read a secret", found.get_password, entry(profile, field))
    return Secret(value) if isinstance(value, str) and value.strip() else None


def set_secret(profile: str, field: str, value: str | Secret) -> None:
    """Store one secret of ``profile`` (replacing the one there)."""
    found = backend()
    text = value.reveal() if isinstance(value, Secret) else str(value)
    _call("store a secret", found.set_password, entry(profile, field), text)


def delete_secrets(profile: str) -> None:
    """Remove every secret of ``profile`` from the keyring (those already missing are fine)."""
    found = backend()
    for field in SECRET_FIELDS:
        _call("remove a secret", found.delete_password, entry(profile, field))


def stored_fields(profile: str) -> tuple[str, ...]:
    """Which of ``api_key`` and ``developer_secret`` the keyring holds for ``profile`` (values not returned)."""
    return tuple(field for field in SECRET_FIELDS if get_secret(profile, field) is not None)
