"""The catalog explorer: search as you type, pick a module and an action, fill and run its form.

The search keeps the catalog's ranking (:meth:`Catalog.find`: name matches
first): modules are listed in the order of their best match, actions in rank
order, and a new search opens the best match. Without a search everything is
listed alphabetically and the explorer opens on a read-only endpoint, so a
first click on Run never writes. Typing filters after a short pause
(``SEARCH_DELAY``); values set from code apply at once.

Example::

    >>> ex = Explorer(s)                        # doctest: +SKIP
    >>> ex.form.endpoint.read_only              # doctest: +SKIP
    True
    >>> ex.search.value = "wallet"              # doctest: +SKIP
    >>> ex.action.value, ex.form.key            # doctest: +SKIP
    ('fetchWallet', 'account/fetchWallet')
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .._catalog.catalog import Endpoint
from .._defaults import EXPLORER_SUMMARY_CHARS, SEARCH_DELAY
from .form import EndpointForm
from .rules import HELP_STYLE

if TYPE_CHECKING:
    from .._session.session import Session

# call_later(delay, callback) -> a handle with .cancel(), or None when nothing can run it later.
Scheduler = Callable[[float, Callable[[], None]], Any]


def event_loop_later(delay: float, callback: Callable[[], None]) -> Any:
    """Schedule ``callback`` on the running event loop (a Jupyter kernel has one); None without one."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, callback)


class Debounce:
    """Call ``callback`` once, ``delay`` seconds after the last of a burst of triggers.

    Without an event loop to wait on (a script, a test) it calls at once.
    ``scheduler`` is replaceable, so the timing can be tested without waiting.

    Example::

        >>> calls = []
        >>> d = Debounce(0.3, lambda: calls.append(1))
        >>> d(); calls                              # no event loop here: called at once
        [1]
    """

    def __init__(self, delay: float, callback: Callable[[], None], scheduler: Scheduler = event_loop_later) -> None:
        self.delay, self.callback, self.scheduler = delay, callback, scheduler
        self._handle: Any = None

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def __call__(self) -> None:
        self.cancel()
        handle = self.scheduler(self.delay, self._fire) if self.delay > 0 else None
        if handle is None:
            self.callback()
        else:
            self._handle = handle

    def _fire(self) -> None:
        self._handle = None
        self.callback()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def flush(self) -> None:
        """Run a pending call now."""
        if self._handle is not None:
            self.cancel()
            self.callback()


def _from_front_end(widget: widgets.Widget, name: str) -> bool:
    # ipywidgets locks a trait while applying a change that came from the browser (set_state).
    return name in getattr(widget, "_property_lock", {})


class Explorer:
    """Browse the catalog: search, pick a module and an action, fill and run its form.

    The action list shows each action with its summary; the chosen endpoint's
    :class:`EndpointForm` appears below (``explorer.form``) and is rebuilt
    whenever the choice changes. ``delay`` is the typing pause before a search
    applies (0: at once).

    Example::

        >>> ex = Explorer(s)                        # doctest: +SKIP
        >>> ex.search.value = "wallet"              # doctest: +SKIP
        >>> ex.action.value                         # doctest: +SKIP
        'fetchWallet'
        >>> ex.form.key                             # doctest: +SKIP
        'account/fetchWallet'
    """

    def __init__(self, session: Session, *, module: str | None = None, action: str | None = None,
                 delay: float = SEARCH_DELAY, scheduler: Scheduler = event_loop_later) -> None:
        self.session = session
        self.catalog = session.catalog
        self.form: EndpointForm | None = None
        self._busy = False
        self.search = widgets.Text(placeholder="search endpoints, e.g. contact notes",
                                   description="Search", continuous_update=True)
        self.count = widgets.HTML("")
        self.module = widgets.Dropdown(description="Module")
        self.action = widgets.Dropdown(description="Action", layout=widgets.Layout(width="640px"))
        self.form_area = widgets.VBox()
        self.widget = widgets.VBox([widgets.HBox([self.search, self.count]), widgets.HBox([self.module]),
                                    self.action, self.form_area])
        self.debounce = Debounce(delay, self._searched, scheduler)
        self.search.observe(self._search_changed, names="value")
        self.module.observe(lambda _c: self._module_changed(), names="value")
        self.action.observe(lambda _c: self._action_changed(), names="value")
        chosen = self.catalog.get(module, action) if module and action else None
        if chosen is None and module:
            chosen = self._best([e for e in self.matches() if e.module == module])
        self._select(chosen or self._best(self.matches()))

    # -- what is listed ----------------------------------------------------------------------------
    def matches(self) -> list[Endpoint]:
        """The endpoints the search matches, best first; without a search all, alphabetically."""
        text = self.search.value.strip()
        if text:
            return self.catalog.find(text)
        return sorted(self.catalog, key=lambda e: (e.module, e.action))

    def _best(self, endpoints: list[Endpoint]) -> Endpoint | None:
        """The endpoint to open: the best match of a search, else the first current read-only one."""
        if not endpoints or self.search.value.strip():
            return endpoints[0] if endpoints else None
        safe = [e for e in endpoints if e.read_only]
        return next((e for e in safe if not e.legacy), safe[0] if safe else endpoints[0])

    def _label(self, endpoint: Endpoint) -> str:
        summary = endpoint.summary or endpoint.title
        if len(summary) > EXPLORER_SUMMARY_CHARS:
            summary = summary[: EXPLORER_SUMMARY_CHARS - 1].rstrip() + "…"
        return f"{endpoint.action} — {summary}" if summary else endpoint.action

    # -- reacting ----------------------------------------------------------------------------------
    def _search_changed(self, _change: Any) -> None:
        if _from_front_end(self.search, "value"):
            self.debounce()  # typing: wait for a pause
        else:
            self.debounce.cancel()
            self._searched()

    def _searched(self) -> None:
        self._select(self._best(self.matches()))

    def _module_changed(self) -> None:
        if not self._busy:
            self._select(self._best([e for e in self.matches() if e.module == self.module.value]))

    def _action_changed(self) -> None:
        if not self._busy:
            self._select(self.catalog.get(self.module.value, self.action.value))

    def _select(self, chosen: Endpoint | None) -> None:
        """Make the dropdowns list the matches in rank order with ``chosen`` selected; show its form."""
        found = self.matches()
        modules = list(dict.fromkeys(e.module for e in found))
        in_module = [e for e in found if chosen is not None and e.module == chosen.module]
        query = self.search.value.strip()
        self.count.value = (f'<span style="{HELP_STYLE}">{len(found)} of {len(self.catalog)} endpoints</span>'
                            if query else "")
        self._busy = True
        try:
            if tuple(self.module.options) != tuple(modules):
                self.module.options = modules
            self.module.value = chosen.module if chosen is not None else None
            options = [(self._label(e), e.action) for e in in_module]
            if tuple(self.action.options) != tuple(options):
                self.action.options = options
            self.action.value = chosen.action if chosen is not None else None
        finally:
            self._busy = False
        self._show(chosen)

    def _show(self, chosen: Endpoint | None) -> None:
        if chosen is None:
            self.form = None
            self.form_area.children = (widgets.HTML(
                f"<em>No endpoint matches {html.escape(repr(self.search.value))}.</em>"),)
            return
        if self.form is not None and self.form.key == chosen.key:
            return
        self.form = EndpointForm(self.session, chosen.module, chosen.action)
        self.form_area.children = (self.form.widget,)

    # -- display -----------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The live widget, plus a static summary for where widget state is missing."""
        from .static import explorer_html, explorer_text

        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = explorer_text(self)
        bundle["text/html"] = explorer_html(self)
        return bundle

    def __repr__(self) -> str:
        chosen = self.form.key if self.form is not None else "-"
        return f"<Explorer {len(self.catalog)} endpoints, showing {chosen}>"
