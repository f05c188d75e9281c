"""``%zyntro bulk MODULE ACTION --rows VAR``: a bulk call from a magic, a thin layer over ``Session.bulk``.

Options: ``--rows VAR`` (a DataFrame or list of dicts in the user's namespace; required),
``--concurrency N``, ``--journal FILE``, ``--key COL[,COL…]``, ``--lock-timeout SECONDS`` (wait
for another run to finish with the journal), ``-o NAME``,
``--stop-on-error``, ``--resend-unknown``, ``--no-progress``; ``key=value`` words (and a
``%%zyntro bulk`` cell body) are constants applied to every row.

Example (in IPython)::

    %zyntro bulk crm addNotestoContact --rows leads --journal notes.journal note='Attended the webinar' -o done
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from typing import Any

from IPython.core.error import UsageError

from .args import Args

BULK_FLAGS = {"--verbose": "verbose", "--force": "force", "--stop-on-error": "stop_on_error",
              "--resend-unknown": "resend_unknown", "--no-progress": "no_progress"}
BULK_VALUED = {"--rows": "rows", "--concurrency": "concurrency", "--journal": "journal", "--key": "key",
               "--lock-timeout": "lock_timeout", "-o": "out", "--out": "out"}
BULK_USAGE = ("%zyntro bulk MODULE ACTION --rows VAR [--concurrency N] [--journal FILE] [--key COL[,COL]] "
              "[--lock-timeout SECONDS] [-o NAME] [--stop-on-error] [--resend-unknown] [--no-progress] [key=value ...]")


def is_table(value: Any) -> bool:
    """Whether ``value`` can be the rows of a bulk call (for ``--rows`` completion)."""
    if isinstance(value, (list, tuple)):
        return bool(value) and all(isinstance(item, Mapping) for item in value[:5])
    return type(value).__name__ == "DataFrame"


def table_names(namespace: Mapping[str, Any]) -> list[str]:
    """The user's variables that hold a DataFrame or a list of dicts."""
    return sorted(name for name, value in list(namespace.items()) if not name.startswith("_") and is_table(value))


def bulk_options(args: Args, namespace: Mapping[str, Any]) -> tuple[Any, dict[str, Any], str | None]:
    """The rows, ``Session.bulk`` keyword options and the ``-o`` name, from the parsed line."""
    options = args.options
    name = options.get("rows")
    if not name:
        raise UsageError(f"%zyntro bulk needs --rows VAR (a DataFrame or a list of dicts)\n{BULK_USAGE}")
    if name not in namespace:
        close = table_names(namespace)
        hint = f"; tables here: {', '.join(close)}" if close else ""
        raise UsageError(f"--rows {name}: no variable {name!r}{hint}")
    out = options.get("out")
    if out is not None and (not out.isidentifier() or keyword.iskeyword(out)):
        raise UsageError(f"-o needs a Python variable name, not {out!r}")
    kwargs: dict[str, Any] = {}
    if "concurrency" in options:
        try:
            kwargs["concurrency"] = int(options["concurrency"])
        except ValueError:
            raise UsageError(f"--concurrency needs a whole number, not {options['concurrency']!r}") from None
    if "lock_timeout" in options:
        try:
            kwargs["lock_timeout"] = float(options["lock_timeout"])
        except ValueError:
            raise UsageError(f"--lock-timeout needs a number of seconds, not {options['lock_timeout']!r}") from None
    if "journal" in options:
        kwargs["journal"] = options["journal"]
    if "key" in options:
        columns = [c.strip() for c in options["key"].split(",") if c.strip()]
        kwargs["key"] = columns[0] if len(columns) == 1 else columns
    for flag in ("stop_on_error", "resend_unknown"):
        if options.get(flag):
            kwargs[flag] = True
    if options.get("no_progress"):
        kwargs["progress"] = False
    return namespace[name], kwargs, out
