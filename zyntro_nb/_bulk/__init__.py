"""The bulk family: one endpoint called once per row, with a journal that makes re-runs safe.

A front-end of ``Session.call`` like the magics: a bounded pool of workers calls the
session's one send path, and one frame is built at the end.

- ``bulk``: the entry point (``s.bulk``): check every row, then run.
- ``rows``: rows (a DataFrame, mappings) to checked parameters and journal keys.
- ``pool``: the worker threads, the progress bar, a clean stop on Ctrl-C.
- ``run``: one row at work: send it, or first check whether its lost write was applied.
- ``journal``: what happened to each row, so a re-run sends only what it must; damage repaired safely.
- ``lock``: one run per journal (an OS lock beside it; ``JournalBusyError`` names the holder).
- ``verify``: the read the catalog names, asking whether a write was applied.

The pace the workers share (``zyntro_nb._throttle``) is part of the call path, since a single
delivery honours it.

Layer 7 (a feature).
May import: the session and everything below it.
Imported by: ``_session.features`` (``s.bulk``, lazily) and the magics (``%zyntro bulk``).
"""
