"""httpx transports that answer from an in-process sandbox: no sockets, no threads of its own.

The transport is the network seam of the client: plugging one of these into an
``httpx.Client`` makes every request go to ``Sandbox.handle``. Injected faults
surface as httpx would report them over a real network: a dropped connection as
``httpx.RemoteProtocolError``, a latency beyond the request's read timeout as
``httpx.ReadTimeout`` (raised at once rather than after really waiting).

Example::

    >>> import httpx
    >>> from zyntro_nb.sandbox import Sandbox
    >>> sb = Sandbox()
    >>> client = httpx.Client(transport=SandboxTransport(sb), base_url="http://sandbox")
    >>> r = client.post("/apis/v2/public/developers/fetchIdentifiers",
    ...                 json={"developer_secret": "zdk_your_developer_secret"})
    >>> r.json()["status"]
    'success'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from ._control import is_control_path

if TYPE_CHECKING:
    from . import Sandbox, SandboxResponse

__all__ = ["AsyncSandboxTransport", "SandboxTransport"]

_DISCONNECTED = "Server disconnected without sending a response."
_TIMED_OUT = "The read operation timed out"


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout") or {}
    return timeout.get("read")


def _to_httpx(answer: SandboxResponse, request: httpx.Request) -> httpx.Response:
    if answer.drop:
        raise httpx.RemoteProtocolError(_DISCONNECTED, request=request)
    if answer.timed_out:
        raise httpx.ReadTimeout(_TIMED_OUT, request=request)
    # httpx sets Content-Length from the content; the sandbox's headers never carry one.
    return httpx.Response(
        answer.status,
        headers=answer.headers,
        content=answer.body,
        extensions={"http_version": b"HTTP/1.1"},
    )


class SandboxTransport(httpx.BaseTransport):
    """A synchronous httpx transport answering from ``sandbox``, as seen from ``client_ip``.

    Example::

        >>> from zyntro_nb.sandbox import Sandbox
        >>> sb = Sandbox()
        >>> with httpx.Client(transport=SandboxTransport(sb), base_url="http://sandbox") as client:
        ...     client.get("/anything").status_code   # the API is POST-only
        405
    """

    def __init__(self, sandbox: Sandbox, client_ip: str = "127.0.0.1") -> None:
        self.sandbox = sandbox
        self.client_ip = client_ip

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if is_control_path(request.url.path):
            return _to_httpx(self.sandbox.control(request.method, request.url.path, request.read(), self.client_ip),
                             request)
        if request.method != "POST":
            return _to_httpx(self.sandbox.method_not_allowed(request.method), request)
        body = request.read()
        answer = self.sandbox.handle(
            request.url.path, body, self.client_ip, timeout=_read_timeout(request)
        )
        return _to_httpx(answer, request)

    def __repr__(self) -> str:
        return f"<SandboxTransport client_ip={self.client_ip} {self.sandbox!r}>"


class AsyncSandboxTransport(httpx.AsyncBaseTransport):
    """The asynchronous twin of :class:`SandboxTransport`; the sandbox runs in a worker thread
    so that injected latency does not block the event loop.

    Example::

        >>> async def fetch(sb):
        ...     async with httpx.AsyncClient(transport=AsyncSandboxTransport(sb)) as client:
        ...         return await client.post("http://sandbox/apis/v2/public/crm/fetchContact", json={})
    """

    def __init__(self, sandbox: Sandbox, client_ip: str = "127.0.0.1") -> None:
        self.sandbox = sandbox
        self.client_ip = client_ip

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import anyio.to_thread  # an httpx dependency; imported here to keep the sync path light

        if is_control_path(request.url.path):
            control_body = await request.aread()
            return _to_httpx(self.sandbox.control(request.method, request.url.path, control_body, self.client_ip),
                             request)
        if request.method != "POST":
            return _to_httpx(self.sandbox.method_not_allowed(request.method), request)
        body = await request.aread()
        timeout = _read_timeout(request)

        def run() -> SandboxResponse:
            return self.sandbox.handle(request.url.path, body, self.client_ip, timeout=timeout)

        answer = await anyio.to_thread.run_sync(run)
        return _to_httpx(answer, request)

    def __repr__(self) -> str:
        return f"<AsyncSandboxTransport client_ip={self.client_ip} {self.sandbox!r}>"
