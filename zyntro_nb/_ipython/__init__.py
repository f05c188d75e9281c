"""The IPython family: ``%zyntro`` and ``%%zyntro``, a thin front-end over ``Session.call``.

- ``magics``: the magic class, its subcommand table and its error display.
- ``args``: words, options, ``key=value`` pairs and cell bodies to values.
- ``complete``: Tab completion, from the catalog only.
- ``session``: which session the magics use (``connect``, ``use``, ``whoami``).
- ``views``: the subcommands that show rather than fetch (``list``, ``help``, ``curl``, ``last``, …).
- ``output``: the texts and tables those views show.
- ``bulk``: ``%zyntro bulk``, over ``Session.bulk``.

Layer 8 (a front-end).
May import: anything below it (session, features, frames, catalog, core); not the widgets
(``%zyntro form`` goes through ``zn.form``).
Imported by: ``zyntro_nb.load_ipython_extension`` only.
"""
