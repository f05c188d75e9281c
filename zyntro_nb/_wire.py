"""The wire: one POST of an encoded body, handed straight to the transport the client would use.

``httpx.Client.post`` does general-purpose work on every request: it parses and merges the
URL, copies headers and cookies, runs the auth and redirect generators and event hooks,
and wraps the answer's stream to time it. On a keep-alive loopback call that is about a
third of the whole time (``bench/bench_call.py``, figure C2). A Zyntro call needs none of
it per request: the URL is fixed per endpoint (parsed once here), the headers per
session, credentials travel in the body, a redirect is an error (never followed), and
the toolkit installs no hooks. So :class:`Wire` builds the ``httpx.Request`` itself and
gives it to the transport the client picks for that URL — the environment's proxy mounts
included — then reads the answer whole, as ``client.send`` would.

Whatever this lean path does not cover goes through ``client.send`` unchanged: a client
with auth or event hooks, a URL with ``user:password@`` (httpx turns that into Basic auth),
an httpx without the transport lookup. Cookies a server sets are kept in the client's jar
and sent back, as the client would.

Example::

    >>> import httpx
    >>> wire = Wire(httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"n": 1}))))
    >>> wire.post("http://api.test/x", b"{}", {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}).json()
    {'n': 1}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

Timeouts = dict[str, "float | None"]


class Wire:
    """POSTs for one ``httpx.Client``: its transports, headers and cookie jar, without its per-request work."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self._urls: dict[str, httpx.URL] = {}
        # The client's own default headers (User-Agent, Accept, Accept-Encoding, Content-Type…), encoded once.
        self._headers = list(client.headers.raw)
        self.lean = (
            client.auth is None
            and not any(client.event_hooks.values())
            and callable(getattr(client, "_transport_for_url", None))
        )

    def post(self, url: str, content: bytes, timeouts: Timeouts) -> httpx.Response:
        """POST ``content`` to ``url`` within ``timeouts`` (httpx's per-phase seconds); the answer, read."""
        import httpx

        target = self._urls.get(url)
        if target is None:
            target = self._urls[url] = httpx.URL(url)
        request = httpx.Request("POST", target, headers=self._headers, content=content,
                                extensions={"timeout": timeouts})
        client = self.client
        if not self.lean or target.userinfo:
            return client.send(request)
        if client.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        if client.cookies:
            client.cookies.set_cookie_header(request)
        try:
            response = client._transport_for_url(target).handle_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        response.request = request
        try:
            response.read()  # reads the whole body and closes the stream (the connection goes back to the pool)
        except BaseException:
            response.close()
            raise
        if any(name.lower() == b"set-cookie" for name, _ in response.headers.raw):
            client.cookies.extract_cookies(response)
        return response


def timeouts_within(timeout: httpx.Timeout, remaining: float) -> Timeouts:
    """httpx's per-phase timeouts of ``timeout``, each cut to what is left of a call's deadline.

    Example::

        >>> import httpx
        >>> timeouts_within(httpx.Timeout(30.0, connect=5.0), 2.0)
        {'connect': 2.0, 'read': 2.0, 'write': 2.0, 'pool': 2.0}
    """
    left = max(remaining, 0.001)  # at least a moment
    return {
        "connect": left if timeout.connect is None else min(timeout.connect, left),
        "read": left if timeout.read is None else min(timeout.read, left),
        "write": left if timeout.write is None else min(timeout.write, left),
        "pool": left if timeout.pool is None else min(timeout.pool, left),
    }


__all__ = ["Wire", "timeouts_within"]
