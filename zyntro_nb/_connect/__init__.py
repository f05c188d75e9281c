"""The connect family: the ways to get a session, and which one is current.

- ``connect``: ``zn.connect`` — from arguments and ``ZYNTRO_*`` variables, the sandbox, or a cassette.
- ``bootstrap``: from a developer secret alone to a full session (``developers/fetchIdentifiers``).
- ``current``: the session the magics, ``zn.form`` and ``zn.explorer`` use, and the shared sandbox.
- ``profiles``: ``zn.profiles()`` and login's bootstrap-then-store step (``zyntro-nb login``).

Layer 7 (a feature).
May import: the session and everything below it, the sandbox, and ``_replay`` (record/replay sessions).
Imported by: ``zyntro_nb`` (``zn.connect``) and the front-ends.
"""
