"""The terminal tools: the ``zyntro-nb`` command and what it runs.

- ``main``: the command and its subcommands (``demo``, ``sandbox``, ``endpoints``, ``scan``, …).
- ``demo``: a short tour against the in-process sandbox.
- ``doctor``: the published pre-flight checklist, run for real (also ``%zyntro doctor``).
- ``scan``: credentials in notebooks and text files, before they are committed.
- ``journal``: a bulk journal's report and its repair (``zyntro-nb journal FILE [--repair]``).
- ``profiles``: ``login``, ``profiles`` and ``logout`` (named profiles, secrets in the OS keyring).

Layer 8 (a front-end).
May import: anything below it, and the sandbox (``zyntro-nb sandbox``).
Imported by: the ``zyntro-nb`` entry point; the magics (``%zyntro doctor``).
"""
