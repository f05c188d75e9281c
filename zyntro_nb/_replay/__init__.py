"""The record/replay family: a transport that stores exchanges in a cassette, or answers from one.

Plugged in at the network seam like the sandbox, so nothing above it knows whether answers
are live or replayed.

- ``transport``: :class:`CassetteTransport`, recording or replaying.
- ``cassette``: the file: one JSON document, one exchange per line.
- ``placeholders``: what a cassette stores instead of credentials and identifiers.
- ``connect``: how ``zn.connect(record=…, replay=…)`` builds a session on the transport.

Layer 7 (a feature).
May import: the session and everything below it.
Imported by: ``_connect`` (``zn.connect``) and the front-ends (``%zyntro connect --record``).
"""
