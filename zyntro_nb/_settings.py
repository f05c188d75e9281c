"""Display and behaviour settings, read in one place: pandas' display options plus ``%config ZyntroMagics``.

Renderers and the session take a :class:`DisplaySettings` / :class:`Settings`
value from here; nothing else reads pandas options or the magics' configuration.

- ``display.max_rows`` / ``display.min_rows``: a result longer than ``max_rows``
  shows its first ``min_rows`` rows (``ZyntroMagics.displaylimit`` overrides both).
- ``display.max_columns``: at most this many columns (0 or None: as many as fit).
- ``display.max_colwidth``: longest cell, in characters (None: no limit but the width).
- The terminal's width comes from IPython's prompt toolkit or ``shutil.get_terminal_size``.

Example::

    >>> import pandas as pd
    >>> with pd.option_context("display.max_rows", 500, "display.max_colwidth", 30):
    ...     d = display_settings(width=100)
    >>> d.max_rows, d.max_colwidth, d.width
    (500, 30, 100)
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from typing import Any

from ._errors import ConfigurationError

MIN_WIDTH = 40
DEFAULT_WIDTH = 80


@dataclass
class Settings:
    """What ``%config ZyntroMagics.<name> = value`` sets (also usable without IPython).

    - ``displaylimit`` — rows a result shows (None: pandas' ``display.max_rows``; 0: all rows)
    - ``autoparse`` — documented time fields become datetimes, amounts numbers (``parse=`` per call)
    - ``progress`` — ``--all-pages`` / ``all_pages=True`` reports pages as they arrive (stderr)
    - ``verbose`` — magics show full tracebacks instead of one-line errors
    """

    displaylimit: int | None = None
    autoparse: bool = True
    progress: bool = False
    verbose: bool = False


_SETTINGS = Settings()


def settings() -> Settings:
    """The process's settings (``%config ZyntroMagics`` writes them)."""
    return _SETTINGS


def check_setting(name: str, value: Any) -> Any:
    """Validate one setting; a wrong type is a ``ConfigurationError`` naming the setting and the fix.

    Example::

        >>> check_setting("displaylimit", 50)
        50
        >>> check_setting("autoparse", "yes")
        Traceback (most recent call last):
        ...
        zyntro_nb._errors.ConfigurationError: ZyntroMagics.autoparse must be True or False, not 'yes'. Fix: ...
    """
    if name == "displaylimit":
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
            return value
        raise ConfigurationError(
            f"ZyntroMagics.displaylimit must be a whole number ≥ 0 or None, not {value!r}",
            fix="%config ZyntroMagics.displaylimit = 50  (0: every row; None: pandas' display.max_rows)",
            sent=False,
        )
    if name in ("autoparse", "progress", "verbose"):
        if isinstance(value, bool):
            return value
        raise ConfigurationError(
            f"ZyntroMagics.{name} must be True or False, not {value!r}",
            fix=f"%config ZyntroMagics.{name} = True",
            sent=False,
        )
    raise ConfigurationError(
        f"ZyntroMagics has no setting {name!r}",
        fix="settings: displaylimit, autoparse, progress, verbose",
        sent=False,
    )


def update(**values: Any) -> None:
    """Set settings by name (validated first: nothing changes when one is wrong)."""
    checked = {name: check_setting(name, value) for name, value in values.items()}
    for name, value in checked.items():
        setattr(_SETTINGS, name, value)


@dataclass(frozen=True)
class DisplaySettings:
    """Limits for one rendering: rows, columns, cell width and the line width (terminal columns)."""

    max_rows: int | None = 60
    min_rows: int = 10
    max_columns: int | None = None
    max_colwidth: int | None = 50
    width: int = DEFAULT_WIDTH

    def rows_shown(self, n_rows: int) -> int:
        """How many of ``n_rows`` rows to show (all, or ``min_rows`` when over ``max_rows``)."""
        if self.max_rows is None or n_rows <= self.max_rows:
            return n_rows
        return min(n_rows, max(1, min(self.min_rows, self.max_rows) or self.max_rows))


def terminal_width() -> int:
    """The width text output should fit.

    In IPython's terminal, its prompt toolkit's width; in another terminal, ``shutil``'s
    answer; with no terminal (a notebook kernel, a pipe, a test), pandas' ``display.width``,
    so saved outputs do not depend on the machine that made them.
    """
    try:
        from IPython import get_ipython

        app = getattr(get_ipython(), "pt_app", None)
        if app is not None:
            columns = int(app.output.get_size().columns)
            if columns > 0:
                return columns
    except Exception:  # no IPython, or no terminal behind it
        pass
    try:
        interactive = sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdout
        interactive = False
    if interactive:
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    import pandas as pd

    width = pd.get_option("display.width")
    return width if isinstance(width, int) and width > 0 else DEFAULT_WIDTH


def _positive(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and value > 0 else None


def display_settings(width: int | None = None) -> DisplaySettings:
    """The current limits: pandas' display options, then ``ZyntroMagics.displaylimit``, then the width."""
    import pandas as pd

    max_rows = pd.get_option("display.max_rows")
    min_rows = pd.get_option("display.min_rows")
    limit = _SETTINGS.displaylimit
    if limit is not None:
        max_rows = min_rows = limit if limit > 0 else None
    return DisplaySettings(
        max_rows=_positive(max_rows),
        min_rows=_positive(min_rows) or _positive(max_rows) or 10,
        max_columns=_positive(pd.get_option("display.max_columns")),
        max_colwidth=_positive(pd.get_option("display.max_colwidth")),
        width=max(MIN_WIDTH, width if width is not None else terminal_width()),
    )


__all__ = ["DisplaySettings", "Settings", "check_setting", "display_settings", "settings", "terminal_width", "update"]
