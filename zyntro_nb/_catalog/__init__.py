"""The catalog family: endpoint definitions as data, read by every other part.

What the API offers — modules, actions, parameters, identifiers, paging, the read that
verifies a write — ships as ``endpoints.json`` here and is read through :class:`~zyntro_nb.Catalog`.
Nothing else in the package restates an endpoint fact.

- ``catalog``: the ordered, searchable collection (builtin, a user's file, ``ZYNTRO_CATALOG``).
- ``endpoint``: :class:`Endpoint`, :class:`Param` and the pieces they are made of.
- ``definition``: checks on endpoint names and definitions before they are used.
- ``typos``: close names for a misspelt one, from the catalogued names alone.

Layer 3 (``tests/core/test_layout.py`` keeps the layers).
May import: the base (``_defaults``, ``_errors``), values (``_settings``) and identifiers (``_config``).
Imported by: the call path (``_request``), the session, every feature and front-end, the sandbox.
"""
