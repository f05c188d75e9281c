"""A trivial keep-alive HTTP/1.1 server on 127.0.0.1 that answers every POST with one fixed body.

It runs in its own process (so its work never shares the client's interpreter lock) and does
as little as possible per request — read the head and the ``Content-Length`` body, write the
canned answer — so a per-call benchmark measures the client, not a server.

Example::

    >>> with TrivialServer(b'{"status": "success", "data": []}') as url:  # doctest: +SKIP
    ...     httpx.post(url + "/x", content=b"{}").json()
    {'status': 'success', 'data': []}
"""

from __future__ import annotations

import multiprocessing
import socket
import socketserver
from typing import Any


class _Handler(socketserver.StreamRequestHandler):
    body: bytes = b""

    def handle(self) -> None:
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: req_bench\r\n"
            b"Content-Length: " + str(len(self.body)).encode() + b"\r\n\r\n"
        )
        answer = head + self.body
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            length = 0
            line = self.rfile.readline(65536)
            if not line:
                return  # the client closed the connection
            while line not in (b"\r\n", b"\n", b""):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
                line = self.rfile.readline(65536)
            if length:
                self.rfile.read(length)
            self.wfile.write(answer)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def _serve(body: bytes, conn: Any) -> None:
    handler = type("Handler", (_Handler,), {"body": body})
    with _Server(("127.0.0.1", 0), handler) as server:
        conn.send(server.server_address[1])
        server.serve_forever(poll_interval=0.2)


class TrivialServer:
    """Start the server in a child process on a free port; the context value is its base URL."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.process: Any = None

    def __enter__(self) -> str:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(self.body, child), daemon=True)
        self.process.start()
        if not parent.poll(30):
            self.process.terminate()
            raise RuntimeError("the benchmark server did not start")
        return f"http://127.0.0.1:{parent.recv()}"

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.join(10)


__all__ = ["TrivialServer"]
