"""The session family: the top of the one call path, and what a session offers.

:class:`~zyntro_nb.Session` holds identifiers and one shared HTTP client; ``Session.call`` is
the only function that sends a request. Everything a session offers beyond that — namespaced
methods, help, paging, the facts it learns once — lives beside it.

- ``session``: the :class:`Session` class: what it is and what it talks to.
- ``call``: the one call path — check against the catalog, send, answer to a DataFrame.
- ``paging``: every page of a limit/offset endpoint, and the partial-page warning.
- ``partial_pages``: how front-ends show that warning in one line.
- ``namespace``: ``s.crm.fetchContact(...)`` methods generated from the catalog.
- ``discovery``: ``s.help``, ``s.endpoints``, ``s.find``.
- ``learn``: facts learnt once (the user id, the org's time zone).
- ``limits``: checks for ``timeout``, ``max_retries`` and ``deadline``.
- ``features``: the one commented place that reaches a feature above (``s.bulk``, ``s.form``).

Layer 6.
May import: everything below (base, values, identifiers, catalog, call path, frames); never a
feature or front-end, except lazily in ``features``.
Imported by: the features (bulk, replay, connect) and the front-ends (magics, widgets, CLI).
"""
