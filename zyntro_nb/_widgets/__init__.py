"""The widgets family: ipywidgets forms for one endpoint, and the catalog explorer.

- ``form``: :class:`EndpointForm` — fields checked as you type, run through ``Session.call``.
- ``field``: one parameter's row (label, widget, help, message); ``field_plain`` and
  ``field_json`` are the kinds of fields; ``rules`` picks one per parameter, first match wins.
- ``explorer``: search the catalog, pick an endpoint, fill and run its form.
- ``static``: a static HTML and text view of both, for wherever widget state is missing.

Layer 8 (a front-end).
May import: anything below it (session, connect, frames, catalog, core).
Imported by: ``zyntro_nb.form`` / ``zn.explorer``, ``_session.features`` (``s.form``, lazily) and
``%zyntro form`` (through ``zn.form``).
"""
