"""A loopback HTTP/1.1 server in front of a sandbox, for curl, other processes and real-socket tests.

Built on the standard library's ``ThreadingHTTPServer``: one daemon thread per
connection, keep-alive, ``Content-Length`` on every answer. The API's paths take
only ``POST`` (anything else gets a JSON 405 with ``Allow: POST``); the control
surface under ``/__sandbox/`` (faults, writes, clock, reset) answers loopback
clients only. Faults are played
out as on the wire: ``drop`` closes the socket without writing a byte, latency
sleeps in the connection's thread. Request logs go to the
``zyntro_nb.sandbox`` logger at debug level, never to stderr.

Example::

    >>> from zyntro_nb.sandbox import Sandbox
    >>> with Sandbox() as sb, sb.serve(port=0) as server:
    ...     server.url.startswith("http://127.0.0.1:")
    True
"""

from __future__ import annotations

import logging
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ._control import is_control_path

if TYPE_CHECKING:
    from . import Sandbox, SandboxResponse

__all__ = ["SandboxServer"]

logger = logging.getLogger("zyntro_nb.sandbox")

# An idle keep-alive connection is closed after this many seconds, freeing its thread.
IDLE_TIMEOUT = 60.0
# Headers the server writes itself (framing belongs to the server, not to the answer).
_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "connection"})


class _HTTPServer(ThreadingHTTPServer):
    """Counts accepted connections and keeps the open ones, so ``close`` can end them."""

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog is 5: a bulk run opening 16 connections at once overflowed it,
    # and the kernel reset the connections it could not queue (a write then had an unknown outcome).
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.sandbox = sandbox
        self.connections_accepted = 0
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind also resolves the host's FQDN, a DNS lookup that can stall; skip it.
        socketserver.TCPServer.server_bind(self)
        host, self.server_port = self.server_address[:2]
        self.server_name = str(host)  # an IP address: AF_INET only

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self.connections_accepted += 1
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr; a client hanging up mid-answer is routine here.
        logger.debug("error while serving %s", client_address, exc_info=True)

    def end_open_connections(self) -> None:
        """Wake threads waiting on idle keep-alive connections so they finish now."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its thread


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ZyntroSandbox"
    sys_version = ""
    timeout = IDLE_TIMEOUT
    # Buffer the answer so head and body leave in one write (flushed after each request):
    # separate small writes meet delayed ACKs and cost tens of milliseconds per call.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    server: _HTTPServer

    def do_POST(self) -> None:
        body = self._read_body()
        if body is None:
            return
        path = urlsplit(self.path).path
        if is_control_path(path):
            self._send(self.server.sandbox.control("POST", path, body, client_ip=self.client_address[0]))
            return
        answer = self.server.sandbox.handle(path, body, client_ip=self.client_address[0])
        if answer.drop:
            # Close without writing anything: the client sees the connection end with no answer.
            self.close_connection = True
            return
        self._send(answer)

    def _not_allowed(self) -> None:
        body = self._read_body()
        if body is None:
            return
        path = urlsplit(self.path).path
        if is_control_path(path):  # the control surface takes GET and DELETE too
            self._send(self.server.sandbox.control(self.command, path, body, client_ip=self.client_address[0]))
            return
        self._send(self.server.sandbox.method_not_allowed(self.command))

    do_GET = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _not_allowed

    def do_HEAD(self) -> None:
        self._send(self.server.sandbox.method_not_allowed(self.command), with_body=False)

    def _read_body(self) -> bytes | None:
        """The request body (Content-Length or chunked); ``None`` after answering a malformed one."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        try:
            length = int(self.headers.get("Content-Length", "0"))
            if length < 0:
                raise ValueError(length)
        except ValueError:
            self.close_connection = True
            self.send_error(400, "Bad Content-Length")
            return None
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline().strip():  # trailers, up to the blank line
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()  # the CRLF closing the chunk

    def _send(self, answer: SandboxResponse, *, with_body: bool = True) -> None:
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            if name.lower() not in _FRAMING_HEADERS:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if with_body:
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - " + format, self.address_string(), *args)


class SandboxServer:
    """A running loopback server for one sandbox; returned by ``Sandbox.serve``.

    ``url`` and ``port`` say where it listens (``port=0`` picks a free port);
    ``connections`` counts accepted TCP connections; ``close`` stops it, ends
    open connections and releases the port. Usable as a context manager.

    Example::

        >>> from zyntro_nb.sandbox import Sandbox
        >>> with Sandbox() as sb, SandboxServer(sb, port=0) as server:
        ...     server.port > 0
        True
    """

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 8765) -> None:
        self.sandbox = sandbox
        self._httpd = _HTTPServer((host, port), sandbox)
        self.host = host
        self.port: int = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"zyntro-sandbox-{self.port}",
            daemon=True,
        )
        self._closed = False
        self._thread.start()

    @property
    def url(self) -> str:
        """The base URL to give a client: ``http://127.0.0.1:PORT``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def connections(self) -> int:
        """How many TCP connections the server has accepted so far."""
        return self._httpd.connections_accepted

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Stop serving, end open connections, release the port and join the thread. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.end_open_connections()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> SandboxServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "serving"
        return f"<SandboxServer {self.url} {state} connections={self.connections}>"
