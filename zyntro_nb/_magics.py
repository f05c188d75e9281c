"""The ``%zyntro`` line magic and ``%%zyntro`` cell magic: a thin front-end over ``Session.call``.

Subcommands are dispatched through a table to one small method each; any other
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
import warnings
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand
from traitlets import Any as AnyTrait
from traitlets import Bool, TraitError, observe, validate

from ._current import current_session, set_current
from ._errors import ConfigurationError, ZyntroError
from ._magic_args import Args, parse_args, parse_cell, parse_pairs, split_words
from ._magic_complete import COMMANDS, USE_IDENTIFIERS, make_matcher
from ._secret import redacted_copy, safe_url

if TYPE_CHECKING:
    from ._catalog import Catalog, Endpoint
    from ._session import Session

# Keyword arguments of Session.call that must not be given as endpoint parameters.
HISTORY_SHOWN = 20  # calls %zyntro history shows without -n
_CALL_KEYWORDS = {"raw": "--raw", "all_pages": "--all-pages", "timeout": None, "max_retries": None, "extra": None,
                  "parse": None, "expand": "--expand"}
# Options that shape what a call returns: refused, with a reason, by subcommands that make no call.
_RESULT_OPTIONS = ("--raw", "--all-pages", "--expand", "-o", "--out")
USAGE = """\
%zyntro MODULE ACTION [key=value ...] [-o NAME] [--raw | --expand FIELD] [--all-pages] [--verbose] [--force]
%zyntro connect [--sandbox [--new] | --env | --base-url URL] [--bootstrap]
%zyntro connect --record FILE | --replay FILE [--record-missing]
%zyntro use VAR   or   %zyntro use brand_id=2 api_key={key} ...  %zyntro whoami
%zyntro help MODULE ACTION                                        %zyntro doctor
%zyntro curl MODULE ACTION [key=value ...]                        %zyntro last
%zyntro form MODULE ACTION [key=value ...]                        %zyntro history [-n N]
%zyntro call MODULE ACTION ...                                    %zyntro list [MODULE] [WORDS]
%zyntro bulk MODULE ACTION --rows VAR [--concurrency N] [--journal FILE] [-o NAME] [key=value ...]
%%zyntro MODULE ACTION [options]   (cell body: a JSON object, or key: value lines)"""


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


def _public_frames(tb: TracebackType) -> TracebackType | None:
    """The traceback from the first frame outside the magics (the session's public method) on."""
    start: TracebackType | None = tb
    while start is not None and start.tb_frame.f_code.co_filename == __file__:
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
        from ._settings import check_setting

        name = proposal["trait"].name
        try:
            return check_setting(name, proposal["value"])
        except ZyntroError as error:
            raise TraitError(error.summary()) from None

    @observe("displaylimit", "autoparse", "progress", "verbose")
    def _share_setting(self, change: Any) -> None:
        from ._settings import update

        update(**{change["name"]: change["new"]})

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        self._handlers: dict[str, Callable[[Args, str | None], Any]] = {
            "bulk": self._bulk,
            "call": self._call,
            "connect": self._connect,
            "curl": self._curl,
            "doctor": self._doctor,
            "form": self._form,
            "help": self._help,
            "history": self._history,
            "last": self._last,
            "list": self._list,
            "use": self._use,
            "whoami": self._whoami,
        }

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
        """The current session; from ``ZYNTRO_*`` settings on first use, never silently from nothing."""
        session = current_session(required=False)
        if session is not None:
            return session
        from ._config import env_has_credentials

        if not env_has_credentials():
            raise ConfigurationError(
                "no Zyntro session and no credentials configured",
                fix="set ZYNTRO_API_KEY, ZYNTRO_DEVELOPER_SECRET, ZYNTRO_ORG_ID, ZYNTRO_BRAND_ID and "
                "ZYNTRO_MEMBER_ID (or put them in .env), then run %zyntro connect; "
                "to try the offline sandbox: %zyntro connect --sandbox",
                sent=False,
            )
        from ._connect import connect

        session = connect(current=True)
        set_current(session, "the first %zyntro call (ZYNTRO_* settings)")
        print(f"zyntro: connected with the ZYNTRO_* settings: {session!r}", file=sys.stderr)
        return session

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
        namespace = self.shell.user_ns
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
        from ._front_warnings import partial_page_line, partial_pages_shown

        # One page of more: one short line naming this magic's flag, not Python's warning text.
        with partial_pages_shown(lambda w: print(partial_page_line(w, "add --all-pages for all"), file=sys.stderr)):
            result = session.call(
                module, action, raw=bool(args.options.get("raw")), all_pages=bool(args.options.get("all_pages")),
                force=bool(args.options.get("force")), expand=expand, **params,
            )
        if out is not None:
            self.shell.user_ns[out] = result
        return result

    def _bulk(self, args: Args, cell: str | None) -> Any:
        from ._magic_bulk import bulk_options

        module, action = self._endpoint(args, "bulk")
        catalog = self._catalog()
        self._check_known(catalog, module, action, bool(args.options.get("force")))
        rows, options, out = bulk_options(args, self.shell.user_ns)
        constants = self._params(args, cell, catalog, module, action)
        try:
            result = self._session().bulk(module, action, rows, **options, **constants)
        except (ZyntroError, KeyboardInterrupt) as stopped:
            if out is not None and hasattr(stopped, "partial"):  # keep what was done under the -o name
                self.shell.user_ns[out] = stopped.partial
            raise
        if out is not None:
            self.shell.user_ns[out] = result
        return result

    def _connect(self, args: Args, cell: str | None) -> None:
        from ._bootstrap import BootstrapChoiceWarning
        from ._config import env_has_credentials
        from ._connect import connect

        if args.positional or args.pairs:
            raise UsageError("%zyntro connect takes only --sandbox [--new], --env, --base-url URL, --bootstrap, "
                             "--record FILE, --replay FILE and --record-missing")
        options = args.options
        # --bootstrap: only the developer secret is used; developers/fetchIdentifiers gives the rest.
        bootstrap = True if options.get("bootstrap") else None
        cassette = {"record": options.get("record"), "replay": options.get("replay"),
                    "record_missing": True if options.get("record_missing") else None}
        if cassette["record"] and cassette["replay"]:
            raise UsageError("--record and --replay cannot be combined (--replay FILE --record-missing extends FILE)")
        if cassette["record_missing"] and not cassette["replay"]:
            raise UsageError("--record-missing needs --replay FILE (the cassette to extend)")
        recording = {k: v for k, v in cassette.items() if v is not None}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BootstrapChoiceWarning)  # the notes are printed below instead
            if options.get("sandbox"):
                if "env" in options or "base_url" in options:
                    raise UsageError("--sandbox cannot be combined with --env or --base-url")
                if cassette["replay"] and not cassette["record_missing"]:
                    raise UsageError("--replay sends nothing, so --sandbox has no use (add --record-missing to "
                                     "send what the cassette lacks to the sandbox)")
                session = connect(sandbox=True, new=bool(options.get("new")), current=True, bootstrap=bootstrap,
                                  **recording)
                where = "a fresh sandbox" if options.get("new") else "the shared sandbox"
                set_current(session, f"%zyntro connect --sandbox ({where})")
            elif cassette["replay"] and not cassette["record_missing"]:
                base_url = options.get("base_url")
                session = connect(replay=cassette["replay"], current=True,
                                  **({"base_url": base_url} if base_url else {}))
                set_current(session, f"%zyntro connect --replay {cassette['replay']}")
            else:
                if options.get("new"):
                    raise UsageError("--new applies to --sandbox only (a fresh in-process sandbox)")
                if not env_has_credentials():
                    raise ConfigurationError(
                        "no credentials in the environment",
                        cause="neither ZYNTRO_API_KEY nor ZYNTRO_DEVELOPER_SECRET is set (nor in .env)",
                        fix="set the ZYNTRO_* variables (--bootstrap needs only ZYNTRO_DEVELOPER_SECRET), "
                        "or use %zyntro connect --sandbox for the offline sandbox",
                        sent=False,
                    )
                base_url = options.get("base_url")
                session = connect(bootstrap=bootstrap, current=True, **recording,
                                  **({"base_url": base_url} if base_url else {}))
                set_current(session, "%zyntro connect" + (f" --base-url {safe_url(base_url)}" if base_url else ""))
        print(repr(session))
        for note in session.bootstrap_notes:
            print(f"bootstrap: {note}")
        if session.bootstrap_notes:
            print("to choose another: %zyntro use org_id=… brand_id=… member_id=…")

    def _whoami(self, args: Args, cell: str | None) -> None:
        from ._config import redact, short_id
        from ._current import current_source

        self._no_arguments(args, "whoami")
        session = current_session(required=False)
        if session is None:
            print("no session: run %zyntro connect (ZYNTRO_* settings) or %zyntro connect --sandbox")
            return
        c = session.config
        backend = f"{session.backend}  (SANDBOX: demo data)" if session.is_sandbox else c.shown_base_url
        names = self._names_of(session)
        key, secret = redact(c.api_key), redact(c.developer_secret)
        if session.is_replay:
            backend = f"{session.backend}  (answers from the cassette; nothing is sent)"
            key = secret = "(none needed to replay)"
        elif session.cassette is not None:
            backend = f"{backend}  ({session.cassette.label})"
        rows = [
            ("session", ", ".join(names) if names else "(held by no variable)"),
            ("made current by", current_source() or "-"),
            ("backend", backend),
            ("api_key", key),
            ("developer_secret", secret),
            ("org_id", short_id(c.org_id)),
            ("brand_id", c.brand_id or "-"),
            ("member_id", short_id(c.member_id)),
            ("user_id", short_id(c.user_id)),
        ]
        print("\n".join(f"{name:<17}{value}" for name, value in rows))

    def _names_of(self, session: Session) -> list[str]:
        """The user's variables holding ``session`` (so whoami can say "the magics use s")."""
        namespace = getattr(self.shell, "user_ns", {}) or {}
        hidden = getattr(self.shell, "user_ns_hidden", {}) or {}
        return sorted(name for name, value in list(namespace.items())
                      if value is session and not name.startswith("_") and name not in hidden)

    def _use(self, args: Args, cell: str | None) -> None:
        from ._session import Session

        if args.positional:
            if len(args.positional) > 1 or args.pairs:
                raise UsageError("%zyntro use takes one variable name (%zyntro use s) or key=value pairs")
            name = args.positional[0]
            namespace = self.shell.user_ns
            if name in USE_IDENTIFIERS and name not in namespace:
                raise UsageError(f"%zyntro use takes key=value pairs only for identifiers: {name}=…")
            if name not in namespace:
                raise UsageError(f"%zyntro use {name}: no variable {name!r}; make one with {name} = zn.connect(...)")
            value = namespace[name]
            if not isinstance(value, Session):
                raise UsageError(
                    f"%zyntro use {name}: {name} is a {type(value).__name__}, not a zyntro session "
                    "(zn.connect(...) returns one); to switch brand or member: %zyntro use brand_id=2"
                )
            if value._shared.closed:
                raise UsageError(f"%zyntro use {name}: that session is closed; make a new one with zn.connect()")
            set_current(value, f"%zyntro use {name}")
            print(f"the magics now use {name}: {value!r}")
            return
        if not args.pairs:
            raise UsageError(
                f"%zyntro use needs a session variable (%zyntro use s) or at least one of "
                f"{', '.join(f'{n}=…' for n in USE_IDENTIFIERS)}"
            )
        unknown = [k for k, _ in args.pairs if k not in USE_IDENTIFIERS]
        if unknown:
            raise UsageError(f"%zyntro use: unknown identifier {unknown[0]!r}; use {', '.join(USE_IDENTIFIERS)}")
        pairs = parse_pairs(args.pairs, self.shell.user_ns, USE_IDENTIFIERS)
        session = self._session().using(**pairs)
        shown = redacted_copy(pairs)  # the source line is shown by whoami: credentials redacted
        set_current(session, "%zyntro use " + " ".join(f"{k}={v}" for k, v in shown.items()))
        print(repr(session))

    def _list(self, args: Args, cell: str | None) -> Any:
        from ._magic_output import endpoint_table

        if args.pairs:
            raise UsageError("%zyntro list takes [MODULE] [WORDS], not key=value")
        catalog = self._catalog()
        words = list(args.positional)
        module = words.pop(0) if words and words[0] in catalog.modules() else None
        table = endpoint_table(catalog, module, " ".join(words))
        if not table.rows and module is None and len(words) == 1:
            close = catalog.suggest_modules(words[0])
            if close:
                raise UsageError(f"no catalogued module {words[0]!r} and no endpoint matches it; "
                                 f"did you mean {' or '.join(close)}? modules: {', '.join(catalog.modules())}")
        return table

    def _help(self, args: Args, cell: str | None) -> None:
        from ._magic_output import help_text

        if not args.positional and not args.pairs:  # plain `%zyntro help`: the usage and the modules
            modules = ", ".join(self._catalog().modules())
            print(f"{USAGE}\n\nModules: {modules}\nMore: %zyntro list MODULE, %zyntro help MODULE ACTION")
            return
        module, action = self._endpoint(args, "help")
        catalog = self._catalog()
        if catalog.get(module, action) is None:
            self._check_known(catalog, module, action, force=False)
            raise UsageError(f"{module}/{action} is not in the catalog, so there is no help for it")
        session = current_session(required=False)
        print(help_text(catalog, module, action, session))

    def _doctor(self, args: Args, cell: str | None) -> Any:
        from ._doctor import run_doctor

        self._no_arguments(args, "doctor")
        return run_doctor(current_session(required=False))

    def _curl(self, args: Args, cell: str | None) -> None:
        from ._snippets import curl_command

        module, action = self._endpoint(args, "curl")
        catalog = self._catalog()
        self._check_known(catalog, module, action, force=False)
        params = self._params(args, cell, catalog, module, action)
        session = self._session()
        prepared = session.prepare(module, action, **params)
        if session.sandbox is None:
            print(curl_command(prepared))
            return
        # The in-process sandbox has no address: show the line for a served one instead.
        from ._defaults import SANDBOX_SERVED_URL

        print("# This session's sandbox is in-process (no address for curl). Serve one in a terminal,\n"
              "# paste the export lines it prints (ZYNTRO_API_KEY, ZYNTRO_DEVELOPER_SECRET, ...), then run:\n"
              "#   zyntro-nb sandbox --port 8765")
        print(curl_command(prepared, url=SANDBOX_SERVED_URL + prepared.url[len(session.config.base_url):]))

    def _last(self, args: Args, cell: str | None) -> None:
        from ._magic_output import exchange_text

        self._no_arguments(args, "last")
        session = current_session(required=False)
        if session is None:
            print("no session: run %zyntro connect (ZYNTRO_* settings) or %zyntro connect --sandbox")
        elif session.last is None:
            print("no request has been sent in this session yet")
        else:
            print(exchange_text(session.last))

    def _history(self, args: Args, cell: str | None) -> Any:
        from ._display import ResultFrame

        self._no_arguments(args, "history")
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

    def _form(self, args: Args, cell: str | None) -> Any:
        from . import form

        module, action = self._endpoint(args, "form")
        catalog = self._catalog()
        self._check_known(catalog, module, action, force=False)
        params = self._params(args, cell, catalog, module, action)
        session = self._session()
        try:
            return form(module, action, session=session, **params)
        except ImportError as exc:
            print(
                f"zyntro form needs ipywidgets and zyntro_nb's widget module, which could not be imported "
                f"({exc}). Meanwhile: %zyntro help {module} {action}",
                file=sys.stderr,
            )
            return None

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
    from ._catalog import default_catalog

    return default_catalog()


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%zyntro``/``%%zyntro``, its ``%config`` switch and its tab completion."""
    magics = ZyntroMagics(shell=ipython)
    ipython.register_magics(magics)
    if magics not in ipython.configurables:
        ipython.configurables.append(magics)
    completer = getattr(ipython, "Completer", None)
    if completer is not None:
        from ._magic_bulk import table_names

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
