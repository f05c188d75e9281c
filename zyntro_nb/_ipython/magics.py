"""The ``%zyntro`` line magic and ``%%zyntro`` cell magic: a thin front-end over ``Session.call``.

Subcommands are dispatched through a table to one small function each: calls and
``bulk`` here, ``connect``/``use``/``whoami`` in :mod:`zyntro_nb._ipython.session`, the
subcommands that show things in :mod:`zyntro_nb._ipython.views`; any other
``MODULE ACTION`` is a call. Argument mistakes raise ``UsageError``; a
``ZyntroError`` is shown as a short red message (``--verbose``, or
``%config ZyntroMagics.verbose = True``, shows the whole traceback).

Example (in IPython)::

    %load_ext zyntro_nb
    %zyntro connect --sandbox
    %zyntro crm fetchContact contact_id=a1b2c3d4-e5f6-7890-abcd-ef1234567890 -o jane
"""

from __future__ import annotations

import keyword
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand
from traitlets import Any as AnyTrait
from traitlets import Bool, TraitError, observe, validate

from .._connect.current import current_session
from .._errors import ZyntroError
from .args import Args, parse_args, parse_cell, parse_pairs, split_words
from .complete import COMMANDS, make_matcher
from .output import USAGE
from .session import do_connect, do_use, do_whoami, session_for
from .views import do_curl, do_doctor, do_form, do_help, do_history, do_last, do_list

if TYPE_CHECKING:
    from .._catalog.catalog import Catalog, Endpoint
    from .._session.session import Session

# Keyword arguments of Session.call that must not be given as endpoint parameters.
_CALL_KEYWORDS = {"raw": "--raw", "all_pages": "--all-pages", "timeout": None, "max_retries": None, "extra": None,
                  "parse": None, "expand": "--expand"}
# Options that shape what a call returns: refused, with a reason, by subcommands that make no call.
_RESULT_OPTIONS = ("--raw", "--all-pages", "--expand", "-o", "--out")
class ZyntroMagicError(Exception):
    """A ``ZyntroError`` raised by ``%zyntro``, shown as its short summary instead of a traceback.

    Raising (rather than printing) stops "Run All" at the failing cell, as any error does.
    The original error is ``.error``.
    """

    def __init__(self, error: ZyntroError, color: bool = True) -> None:
        super().__init__(error.summary())
        self.error = error
        self.color = color

    def _render_traceback_(self) -> list[str]:
        lines = self.error.summary().splitlines()
        if self.color:
            lines = [f"\x1b[31m{line}\x1b[0m" for line in lines]
        return lines


def _text_for_string_params(endpoint: Endpoint | None) -> set[str]:
    """Parameters the catalog types as text: ``contact_id=12345`` stays the string '12345'."""
    return {p.name for p in endpoint.params if p.type == "string"} if endpoint else set()


def _refuse_result_options(command: str, words: list[str], accepted: set[str]) -> None:
    """``%zyntro curl … --expand notes``: say why the option does not apply (not just "unknown option")."""
    for word in words:
        if word == "--":
            return
        spelling = word.partition("=")[0]
        if spelling in _RESULT_OPTIONS and spelling not in accepted:
            raise UsageError(f"%zyntro {command} makes no call, so {spelling} does not apply; "
                             f"it shapes a call's result: %zyntro MODULE ACTION … {spelling}")


def _in_the_magics(filename: str) -> bool:
    """Whether ``filename`` is one of the magics' modules (this subpackage, ``zyntro_nb/_ipython/``)."""
    return Path(filename).parent == Path(__file__).parent


def _public_frames(tb: TracebackType) -> TracebackType | None:
    """The traceback from the first frame outside the magics (the session's public method) on."""
    start: TracebackType | None = tb
    while start is not None and _in_the_magics(start.tb_frame.f_code.co_filename):
        start = start.tb_next
    return start


@magics_class
class ZyntroMagics(Magics):
    """``%zyntro`` / ``%%zyntro``: call Zyntro endpoints and inspect the session.

    Configurable with ``%config ZyntroMagics.<name> = value`` (or ``c.ZyntroMagics.<name>`` in
    ``ipython_config.py``); the values go to ``zyntro_nb._settings``, which every renderer reads:

    - ``displaylimit`` (None) — rows a result shows; None follows pandas' ``display.max_rows``, 0 shows all
    - ``autoparse`` (True) — documented time fields become datetimes, amounts numbers
    - ``progress`` (False) — report pages as ``--all-pages`` fetches them
    - ``verbose`` (False) — full tracebacks for Zyntro errors instead of a short message
    """

    verbose = Bool(False, help="Show the full traceback of Zyntro errors instead of a short message.").tag(
        config=True
    )
    displaylimit = AnyTrait(None, help="Rows a result shows: None follows pandas' display.max_rows; 0 shows all.").tag(
        config=True
    )
    autoparse = AnyTrait(True, help="Parse documented time fields to datetimes and amounts to numbers.").tag(
        config=True
    )
    progress = AnyTrait(False, help="Report pages on stderr while --all-pages fetches them.").tag(config=True)

    @validate("displaylimit", "autoparse", "progress")
    def _check_setting(self, proposal: Any) -> Any:
        from .._settings import check_setting, settings

        name = proposal["trait"].name
        try:
            return check_setting(name, proposal["value"])
        except ZyntroError as error:
            # %config keeps what it was given in the shell's config even when it is refused; put the
            # value in force back there, or the next %reload_ext zyntro_nb would meet the refused one.
            for config in {id(c): c for c in (self.config, getattr(self.shell, "config", None)) if c}.values():
                if "ZyntroMagics" in config and name in config.ZyntroMagics:
                    config.ZyntroMagics[name] = getattr(settings(), name)
            raise TraitError(error.summary()) from None

    @observe("displaylimit", "autoparse", "progress", "verbose")
    def _share_setting(self, change: Any) -> None:
        from .._settings import update

        update(**{change["name"]: change["new"]})

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        handlers: dict[str, Callable[[ZyntroMagics, Args, str | None], Any]] = {
            "bulk": ZyntroMagics._bulk,
            "call": ZyntroMagics._call,
            "connect": do_connect,
            "curl": do_curl,
            "doctor": do_doctor,
            "form": do_form,
            "help": do_help,
            "history": do_history,
            "last": do_last,
            "list": do_list,
            "use": do_use,
            "whoami": do_whoami,
        }
        self._handlers: dict[str, Callable[[Args, str | None], Any]] = {
            name: partial(handler, self) for name, handler in handlers.items()
        }

    def user_namespace(self) -> dict[str, Any]:
        """The user's variables (a magic always runs in a shell, so ``self.shell`` is set)."""
        assert self.shell is not None, "ZyntroMagics runs inside an IPython shell"
        return self.shell.user_ns

    # -- entry point -------------------------------------------------------------------------
    @no_var_expand
    @line_cell_magic
    def zyntro(self, line: str, cell: str | None = None) -> Any:
        """Call a Zyntro endpoint, or run a subcommand.

        {usage}

        Values are JSON when they parse (1, true, null, [..], {..}, "text"), else text
        (a parameter the catalog types as text keeps contact_id=12345 as '12345');
        quote words shell-style. {name} is replaced by the variable (attribute and item
        steps allowed: {row.id}, {d["k"]}); in longer text it is formatted in; {{ and }}
        are literal braces. Nothing is evaluated and $ is not expanded.

        In a cell, key=value words on the magic line override the body's values.
        -o NAME stores the result in NAME; --raw gives the JSON envelope; --all-pages
        follows limit/offset paging; --expand FIELD gives the records in a list-of-records
        field (a contact's notes) as their own table; a trailing ; hides the result. Endpoints the
        catalog does not know are sent as typed (with a warning), unless the name
        looks like a typo of a catalogued one: then --force sends it anyway.

        Example::

            %zyntro crm fetchContact contact_id=a1b2c3d4-e5f6-7890-abcd-ef1234567890 -o jane
        """
        text = line.rstrip()
        quiet = text.endswith(";")
        words = split_words(text[:-1] if quiet else text)
        if not words:
            raise UsageError(f"%zyntro needs a subcommand or MODULE ACTION:\n{USAGE}")
        name = words[0] if words[0] in self._handlers else "call"
        spec = COMMANDS[name]
        if name == words[0]:
            _refuse_result_options(name, words[1:], {*spec.flags, *spec.valued})
        args = parse_args(words[1:] if name == words[0] else words, spec.flags, spec.valued)
        if cell is not None and spec.params != "endpoint":
            raise UsageError(f"%%zyntro {name} takes no cell body; use the line form %zyntro {name}")
        try:
            result = self._handlers[name](args, cell)
        except ZyntroError as error:
            if self.verbose or args.options.get("verbose"):
                # From the toolkit's public method on: the frames in between hold the parsed values.
                raise error.with_traceback(error.__traceback__ and _public_frames(error.__traceback__)) from None
            raise ZyntroMagicError(error, color=self._color()) from None
        return None if quiet else result

    def _color(self) -> bool:
        return str(getattr(self.shell, "colors", "")).lower() != "nocolor"

    # -- shared steps ---------------------------------------------------------------------------
    def _catalog(self) -> Catalog:
        return _matcher_catalog()

    def _session(self) -> Session:
        """The current session; from ``ZYNTRO_*`` settings on first use (``_magic_session.session_for``)."""
        return session_for()

    def _endpoint(self, args: Args, command: str) -> tuple[str, str]:
        if len(args.positional) < 2:
            raise UsageError(f"%zyntro {command}: missing {'MODULE ' if not args.positional else ''}ACTION\n{USAGE}")
        if len(args.positional) > 2:
            raise UsageError(
                f"%zyntro {command}: expected key=value after MODULE ACTION, got {args.positional[2]!r}"
            )
        return args.positional[0], args.positional[1]

    def _params(self, args: Args, cell: str | None, catalog: Catalog, module: str, action: str) -> dict[str, Any]:
        """Cell body values, then the line's ``key=value`` pairs (the line wins)."""
        namespace = self.user_namespace()
        as_text = _text_for_string_params(catalog.get(module, action))
        params = parse_cell(cell, namespace, as_text=as_text) if cell is not None else {}
        params.update(parse_pairs(args.pairs, namespace, as_text))
        return params

    def _check_known(self, catalog: Catalog, module: str, action: str, force: bool) -> None:
        """Stop a likely typo before it is sent; truly uncatalogued endpoints pass (with a warning)."""
        if catalog.get(module, action) is not None or force:
            return
        # The same rule as Session.call (Catalog.likely_typos), worded for the magic's syntax.
        if module in catalog.modules():
            close = [key.split("/")[1] for key in catalog.likely_typos(module, action)]
            what = f"{module} has no catalogued action {action!r}"
        else:
            close = [key.replace("/", " ") for key in catalog.likely_typos(module, action)]
            what = f"no catalogued module {module!r}"
        if close:
            raise UsageError(
                f"{what}; did you mean {' or '.join(close)}? (add --force to send {module}/{action} as typed)"
            )

    # -- subcommands ------------------------------------------------------------------------------
    def _call(self, args: Args, cell: str | None) -> Any:
        module, action = self._endpoint(args, "call")
        out = args.options.get("out")
        if out is not None and (not out.isidentifier() or keyword.iskeyword(out)):
            raise UsageError(f"-o needs a Python variable name, not {out!r}")
        catalog = self._catalog()
        self._check_known(catalog, module, action, bool(args.options.get("force")))
        params = self._params(args, cell, catalog, module, action)
        for key, flag in _CALL_KEYWORDS.items():
            if key in params:
                raise UsageError(f"{key}= is not an endpoint parameter here" + (f"; use {flag}" if flag else ""))
        expand = args.options.get("expand")
        if expand is not None and (not expand.strip() or args.options.get("raw")):
            raise UsageError("--expand needs a field name (--expand notes)" if not expand.strip() else
                             "--expand makes a table of a field's records and --raw returns the JSON envelope: "
                             "use one of them")
        session = self._session()
        from .._session.partial_pages import partial_page_line, partial_pages_shown

        # One page of more: one short line naming this magic's flag, not Python's warning text.
        with partial_pages_shown(lambda w: print(partial_page_line(w, "add --all-pages for all"), file=sys.stderr)):
            result = session.call(
                module, action, raw=bool(args.options.get("raw")), all_pages=bool(args.options.get("all_pages")),
                force=bool(args.options.get("force")), expand=expand, **params,
            )
        meta = getattr(result, "attrs", {}).get("zyntro")
        if isinstance(meta, dict) and meta.get("partial"):
            meta["more"] = "--all-pages for all"  # the caption names this magic's flag, as the line above does
        if out is not None:
            self.user_namespace()[out] = result
        return result

    def _bulk(self, args: Args, cell: str | None) -> Any:
        from .bulk import bulk_options

        module, action = self._endpoint(args, "bulk")
        catalog = self._catalog()
        self._check_known(catalog, module, action, bool(args.options.get("force")))
        rows, options, out = bulk_options(args, self.user_namespace())
        constants = self._params(args, cell, catalog, module, action)
        try:
            result = self._session().bulk(module, action, rows, **options, **constants)
        except (ZyntroError, KeyboardInterrupt) as stopped:
            if out is not None and hasattr(stopped, "partial"):  # keep what was done under the -o name
                self.user_namespace()[out] = stopped.partial
            raise
        if out is not None:
            self.user_namespace()[out] = result
        return result

    def _no_arguments(self, args: Args, command: str) -> None:
        if args.positional or args.pairs:
            raise UsageError(f"%zyntro {command} takes no arguments")


# One usage text: the magic's docstring (what `%zyntro?` shows) takes it from USAGE.
ZyntroMagics.zyntro.__doc__ = (ZyntroMagics.zyntro.__doc__ or "").replace(
    "{usage}", USAGE.replace("\n", "\n        ")
)


def _matcher_catalog() -> Catalog:
    """The current session's catalog, else the default one (read on first use)."""
    session = current_session(required=False)
    if session is not None:
        return session.catalog
    from .._catalog.catalog import default_catalog

    return default_catalog()


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%zyntro``/``%%zyntro``, its ``%config`` switch and its tab completion."""
    magics = ZyntroMagics(shell=ipython)
    ipython.register_magics(magics)
    if magics not in ipython.configurables:
        ipython.configurables.append(magics)
    completer = getattr(ipython, "Completer", None)
    if completer is not None:
        from .bulk import table_names

        magics._matcher = make_matcher(  # type: ignore[attr-defined]
            _matcher_catalog, COMMANDS, lambda: table_names(ipython.user_ns)
        )
        completer.custom_matchers.append(magics._matcher)  # type: ignore[attr-defined]


def unload_ipython_extension(ipython: Any) -> None:
    """Remove what :func:`load_ipython_extension` added (``%reload_ext zyntro_nb`` works)."""
    manager = ipython.magics_manager
    magics = manager.registry.pop(ZyntroMagics.__name__, None)
    for kind in ("line", "cell"):
        manager.magics[kind].pop("zyntro", None)
    if magics is None:
        return
    if magics in ipython.configurables:
        ipython.configurables.remove(magics)
    matcher = getattr(magics, "_matcher", None)
    completer = getattr(ipython, "Completer", None)
    if matcher is not None and completer is not None and matcher in completer.custom_matchers:
        completer.custom_matchers.remove(matcher)


__all__ = ["USAGE", "ZyntroMagicError", "ZyntroMagics", "load_ipython_extension", "unload_ipython_extension"]
