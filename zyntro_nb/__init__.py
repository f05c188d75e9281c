"""zyntro_nb — the Zyntro public API from Jupyter notebooks and IPython.

Calls return pandas DataFrames; ``%load_ext zyntro_nb`` adds the ``%zyntro``
magics; ``zn.form(...)`` builds an ipywidgets form for any endpoint; an
offline sandbox imitates the API for demos and tests.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True)          # or zn.connect() with ZYNTRO_* variables set
    >>> df = s.crm.fetchContact(contact_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890")
    >>> df.loc[0, "first_name"]
    'Jane'
"""

from __future__ import annotations

from typing import Any

from ._catalog.catalog import Catalog, Endpoint, Param
from ._config import Config, env_has_credentials, journal_path
from ._connect.bootstrap import BootstrapChoiceWarning
from ._connect.connect import connect
from ._defaults import VERSION
from ._errors import (
    APIError,
    AuthenticationError,
    CassetteError,
    CatalogError,
    ConfigurationError,
    ConnectionFailedError,
    JournalBusyError,
    NotFoundError,
    ParameterError,
    PermissionDeniedError,
    RateLimitError,
    ReplayMissError,
    RequestTimeoutError,
    ResponseFormatError,
    ServerError,
    TransportError,
    ValidationError,
    ZyntroError,
)
from ._exchange import PartialPageWarning, UncataloguedEndpointWarning
from ._retry import RetryPolicy
from ._secret import Secret
from ._session.session import Session

__version__ = VERSION

__all__ = [
    "APIError",
    "AuthenticationError",
    "BootstrapChoiceWarning",
    "CassetteError",
    "Catalog",
    "CatalogError",
    "Config",
    "ConfigurationError",
    "ConnectionFailedError",
    "Endpoint",
    "JournalBusyError",
    "NotFoundError",
    "Param",
    "ParameterError",
    "PartialPageWarning",
    "PermissionDeniedError",
    "RateLimitError",
    "ReplayMissError",
    "RequestTimeoutError",
    "ResponseFormatError",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "Session",
    "TransportError",
    "UncataloguedEndpointWarning",
    "ValidationError",
    "ZyntroError",
    "catalog",
    "connect",
    "env_has_credentials",
    "expand",
    "explorer",
    "form",
    "journal_path",
    "load_ipython_extension",
    "profiles",
    "unload_ipython_extension",
]


def __getattr__(name: str) -> Any:
    # The catalog is read on first use, so a bad ZYNTRO_CATALOG file never breaks `import zyntro_nb`.
    if name == "catalog":
        from ._catalog.catalog import default_catalog

        return default_catalog()
    raise AttributeError(f"module 'zyntro_nb' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"catalog"})


def expand(df: Any, field: str, key: str | None = None, parse: bool = True) -> Any:
    """The list-of-records field ``df[field]`` as its own table, keyed by the parent's id (``_frames.expand``).

    Guide: docs/guides/calls-and-frames.md
    """
    from ._frames.expand import expand as expand_field

    return expand_field(df, field, key=key, parse=parse)


def form(module: str, action: str, session: Session | None = None, **values: Any) -> Any:
    """An ipywidgets form for ``module/action`` on ``session`` (default: the current session).

    Guide: docs/guides/forms.md
    """
    from ._connect.current import current_session
    from ._widgets.form import EndpointForm

    return EndpointForm(session or current_session(), module, action, **values)


def explorer(session: Session | None = None) -> Any:
    """A browser for the catalog: search, pick an endpoint, fill its form, run it.

    Guide: docs/guides/forms.md
    """
    from ._connect.current import current_session
    from ._widgets.explorer import Explorer

    return Explorer(session or current_session())


def profiles(env: Any = None) -> Any:
    """The named profiles (``zyntro-nb login``) as a DataFrame, with no secrets (``_connect.profiles``).

    Guide: docs/guides/profiles.md
    """
    from ._connect.profiles import profiles as profile_frame

    return profile_frame(env)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext zyntro_nb``: register the ``%zyntro`` magics.

    Guide: docs/guides/magics.md
    """
    from ._ipython.magics import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext zyntro_nb``: remove the ``%zyntro`` magics.

    Guide: docs/guides/magics.md
    """
    from ._ipython.magics import unload_ipython_extension as unload

    unload(ipython)


