"""What a session can call: module namespaces, help, search, the endpoint table and forms.

``Session`` takes these from :class:`SessionDiscovery`: ``s.crm`` (a namespace whose
methods call ``Session.call``), ``dir(s)`` listing the catalogued modules, ``s.help``,
``s.find``, ``s.endpoints`` and ``s.form``. All of them read the session's catalog; none
sends a request.

Example::

    >>> import zyntro_nb as zn
    >>> s = zn.connect(sandbox=True, new=True, current=False)
    >>> "crm" in dir(s), s.find("wallet")[0].key
    (True, 'account/fetchWallet')
    >>> s.help("crm", "fetchContact").splitlines()[0]
    'Fetch Contact — crm/fetchContact'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._catalog.typos import unknown_endpoint
from .._exchange import HelpText
from .namespace import ModuleNamespace, describe

if TYPE_CHECKING:
    import pandas as pd

    from .._catalog.catalog import Catalog, EndpointList
    from .._errors import ParameterError


class SessionDiscovery:
    """The discovery methods of :class:`~zyntro_nb.Session` (a mixin: they read ``self.catalog``)."""

    catalog: Catalog

    def __getattr__(self, name: str) -> ModuleNamespace:
        if not name.startswith("_") and name in self.catalog.modules():
            return ModuleNamespace(self, name)
        raise AttributeError(
            f"Session has no attribute {name!r}; catalogued modules: {', '.join(self.catalog.modules())}"
            " (any other module: session.call(module, action, ...))"
        )

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.catalog.modules()))

    def help(self, module: str, action: str) -> HelpText:
        """The endpoint's parameters, identifiers and an example call.

        Guide: docs/guides/catalog.md
        """
        endpoint = self.catalog.get(module, action)
        if endpoint is None:
            raise self._unknown_endpoint(module, action)
        return HelpText(describe(endpoint))

    def find(self, text: str = "") -> EndpointList:
        """Endpoints matching every word of ``text`` (see ``Catalog.find``).

        Guide: docs/guides/catalog.md
        """
        return self.catalog.find(text)

    def endpoints(self, module: str | None = None, search: str = "") -> pd.DataFrame:
        """The catalog as a DataFrame (module, action, read_only, params, summary), shown as a fitted table.

        ``module`` keeps one module; ``search`` keeps endpoints matching every word
        (name, title, summary, parameter names), name matches first.

        Example::

            >>> s.endpoints("edge", search="customer")   # doctest: +SKIP
        """
        from .._frames.display import ResultFrame

        frame = ResultFrame(self.catalog.to_frame(module, search))
        what = " ".join(x for x in (module or "", f'"{search}"' if search else "") if x)
        frame.attrs = {"zyntro": {"endpoint": f"endpoints{' ' + what if what else ''}"}}
        return frame

    def form(self, module: str, action: str, **values: Any) -> Any:
        """An ipywidgets form for the endpoint (see ``zyntro_nb.form``).

        Guide: docs/guides/catalog.md
        """
        from . import features

        return features.form(self, module, action, **values)

    def _unknown_endpoint(self, module: str, action: str) -> ParameterError:
        return unknown_endpoint(self.catalog.names(), module, action)
