"""The frames family: what an answer and a call look like to a reader.

The success envelope's ``data`` becomes a typed DataFrame here, and frames are rendered for
terminals and notebooks; nothing here sends a request.

- ``frames``: ``data`` to a DataFrame, exactly (metadata in ``df.attrs``).
- ``columns``: one column of values to an exact array, without per-cell pandas work.
- ``types``: time and amount fields to pandas types; datetimes in requests to the API's format.
- ``expand``: a nested list of records as its own table (``zn.expand``).
- ``display``: tables that fit the terminal, pandas' HTML in notebooks (``ResultFrame``).
- ``snippets``: the same call as a ``%zyntro`` line, Python or curl, secrets redacted.

Layer 5.
May import: the base, values, identifiers, the catalog and the call path (``_request``, ``_exchange``).
Imported by: the session (``Session.call`` builds frames), features and front-ends.
"""
