"""The ``%zyntro`` subcommands that show rather than fetch: ``list``, ``help``, ``curl``, ``last``, ``history``,
``doctor`` and ``form``.

Each is a thin layer: the catalog (``list``, ``help``), the session's record of requests
(``last``, ``history``), ``Session.prepare`` (``curl``: the request as a command, not
sent), the pre-flight checklist (``doctor``) or an endpoint's widget form (``form``).

Example (in IPython)::

    %zyntro list crm contact
    %zyntro help crm fetchContact
    %zyntro history -n 5
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from .._connect.current import current_session
from .args import Args

if TYPE_CHECKING:
    from .._session.session import Session
    from .magics import ZyntroMagics

HISTORY_SHOWN = 20  # calls %zyntro history shows without -n


def do_list(magics: ZyntroMagics, args: Args, cell: str | None) -> Any:
    """``%zyntro list [MODULE] [WORDS]``: the catalogued endpoints as a table, searched by words."""
    from .output import endpoint_table

    if args.pairs:
        raise UsageError("%zyntro list takes [MODULE] [WORDS], not key=value")
    catalog = magics._catalog()
    words = list(args.positional)
    module = words.pop(0) if words and words[0] in catalog.modules() else None
    table = endpoint_table(catalog, module, " ".join(words))
    if not table.rows and module is None and len(words) == 1:
        close = catalog.suggest_modules(words[0])
        if close:
            raise UsageError(f"no catalogued module {words[0]!r} and no endpoint matches it; "
                             f"did you mean {' or '.join(close)}? modules: {', '.join(catalog.modules())}")
    return table


def do_help(magics: ZyntroMagics, args: Args, cell: str | None) -> None:
    """``%zyntro help [MODULE ACTION]``: the usage, or one endpoint's parameters and an example line."""
    from .output import help_text

    if not args.positional and not args.pairs:  # plain `%zyntro help`: the usage and the modules
        from .output import USAGE

        modules = ", ".join(magics._catalog().modules())
        print(f"{USAGE}\n\nModules: {modules}\nMore: %zyntro list MODULE, %zyntro help MODULE ACTION")
        return
    module, action = magics._endpoint(args, "help")
    catalog = magics._catalog()
    if catalog.get(module, action) is None:
        magics._check_known(catalog, module, action, force=False)
        raise UsageError(f"{module}/{action} is not in the catalog, so there is no help for it")
    session = current_session(required=False)
    print(help_text(catalog, module, action, session))


def do_doctor(magics: ZyntroMagics, args: Args, cell: str | None) -> Any:
    """``%zyntro doctor``: the pre-flight checklist, run for real on the current session."""
    from .._cli.doctor import run_doctor

    magics._no_arguments(args, "doctor")
    return run_doctor(current_session(required=False))


def _endpoint_and_session(magics: ZyntroMagics, args: Args, cell: str | None,
                          command: str) -> tuple[str, str, dict[str, Any], Session]:
    """What a subcommand that shows a call without sending it reads: the endpoint (a likely typo
    stopped), its parameters from the line and cell, and the session."""
    module, action = magics._endpoint(args, command)
    catalog = magics._catalog()
    magics._check_known(catalog, module, action, force=False)
    params = magics._params(args, cell, catalog, module, action)
    return module, action, params, magics._session()


def do_curl(magics: ZyntroMagics, args: Args, cell: str | None) -> None:
    """``%zyntro curl MODULE ACTION …``: the request as a runnable curl command; nothing is sent."""
    from .._frames.snippets import curl_command

    module, action, params, session = _endpoint_and_session(magics, args, cell, "curl")
    prepared = session.prepare(module, action, **params)
    if session.sandbox is None:
        print(curl_command(prepared))
        return
    # The in-process sandbox has no address: show the line for a served one instead.
    from .._defaults import SANDBOX_SERVED_URL

    print("# This session's sandbox is in-process (no address for curl). Serve one in a terminal,\n"
          "# paste the export lines it prints (ZYNTRO_API_KEY, ZYNTRO_DEVELOPER_SECRET, ...), then run:\n"
          "#   zyntro-nb sandbox --port 8765")
    print(curl_command(prepared, url=SANDBOX_SERVED_URL + prepared.url[len(session.config.base_url):]))


def do_last(magics: ZyntroMagics, args: Args, cell: str | None) -> None:
    """``%zyntro last``: the last request and its answer, redacted."""
    from .output import exchange_text

    magics._no_arguments(args, "last")
    session = current_session(required=False)
    if session is None:
        print("no session: run %zyntro connect (ZYNTRO_* settings) or %zyntro connect --sandbox")
    elif session.last is None:
        print("no request has been sent in this session yet")
    else:
        print(exchange_text(session.last))


def do_history(magics: ZyntroMagics, args: Args, cell: str | None) -> Any:
    """``%zyntro history [-n N]``: the session's last N calls as a table."""
    from .._frames.display import ResultFrame

    magics._no_arguments(args, "history")
    text = args.options.get("n", str(HISTORY_SHOWN))
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 1:
        raise UsageError(f"%zyntro history -n needs a whole number of calls above 0, not {text!r}")
    session = current_session(required=False)
    if session is None:
        print("no session: run %zyntro connect (ZYNTRO_* settings) or %zyntro connect --sandbox")
        return None
    history = session._shared.history
    if not len(history):
        print("no request has been sent in this session yet")
        return None
    frame = ResultFrame(history.frame(last=n))
    frame.attrs = {"zyntro": {"endpoint": f"history (last {min(n, len(history))} of {len(history)} calls)"}}
    return frame


def do_form(magics: ZyntroMagics, args: Args, cell: str | None) -> Any:
    """``%zyntro form MODULE ACTION …``: the endpoint's widget form, prefilled."""
    from .. import form

    module, action, params, session = _endpoint_and_session(magics, args, cell, "form")
    try:
        return form(module, action, session=session, **params)
    except ImportError as exc:
        print(
            f"zyntro form needs ipywidgets and zyntro_nb's widget module, which could not be imported "
            f"({exc}). Meanwhile: %zyntro help {module} {action}",
            file=sys.stderr,
        )
        return None


__all__ = ["HISTORY_SHOWN", "do_curl", "do_doctor", "do_form", "do_help", "do_history", "do_last", "do_list"]
