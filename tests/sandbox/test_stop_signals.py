"""``zyntro-nb sandbox`` stopped by a signal: SIGTERM and SIGHUP end it the way Ctrl-C does.

Each test runs the real command in a subprocess on a free port, holds a keep-alive
connection open, sends the signal and checks what a supervisor (systemd, docker,
a closing terminal) relies on: the connection is ended, the port is free again,
the last line is ``sandbox stopped`` and the exit status is 0.
"""

from __future__ import annotations

import io
import json
import signal
import socket
import sys
import threading

import pytest

from zyntro_nb.sandbox import Sandbox, serve_forever
from zyntro_nb.sandbox._app import PRIMARY_CREDENTIALS
from zyntro_nb.sandbox._serve import _StopSignal, _StopSignals

from .cli_server import CliServer, served_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

READ_PATH = "/apis/v2/public/developers/fetchIdentifiers"
SIGNALS = [pytest.param(signal.SIGTERM, id="SIGTERM")]
if hasattr(signal, "SIGHUP"):
    SIGNALS.append(pytest.param(signal.SIGHUP, id="SIGHUP"))


def _keep_alive_call(port: int) -> socket.socket:
    """A connection that made one call and stays open (HTTP/1.1 keep-alive), as an idle client's would."""
    body = json.dumps({"developer_secret": PRIMARY_CREDENTIALS["developer_secret"]}).encode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(f"POST {READ_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(65536)
    assert head.startswith(b"HTTP/1.1 200"), head[:80]
    length = int(next(line.split(b":", 1)[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:")))
    rest = head.split(b"\r\n\r\n", 1)[1]
    while len(rest) < length:
        rest += sock.recv(65536)
    assert json.loads(rest)["status"] == "success"
    return sock


def _stopped(server: CliServer) -> str:
    """The process's whole output once it has exited (waits for the last line to be read)."""
    server.process.wait(timeout=60)
    done = threading.Event()
    for _ in range(600):
        if "sandbox stopped" in server.output:
            break
        done.wait(0.05)
    return server.output


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.parametrize("signum", SIGNALS)
def test_a_stop_signal_ends_the_sandbox_like_ctrl_c(signum: signal.Signals) -> None:
    with served_cli() as server:
        port = int(server.url.rsplit(":", 1)[1])
        sock = _keep_alive_call(port)
        try:
            server.process.send_signal(signum)
            output = _stopped(server)
            assert sock.recv(1) == b""  # the idle keep-alive connection was ended, not left hanging
        finally:
            sock.close()
        assert server.process.returncode == 0, output
        assert output.rstrip().splitlines()[-1] == "sandbox stopped"
        assert "Traceback" not in output
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        assert _port_is_free(port)


class _SignalledEvent:
    """Stands in for the wait in ``serve_forever``: a SIGTERM arrives while it waits."""

    def wait(self, timeout: float | None = None) -> bool:
        signal.raise_signal(signal.SIGTERM)
        return False


def test_serve_forever_in_process_stops_on_sigterm_and_puts_the_old_handler_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    with Sandbox() as sandbox:
        serve_forever(port=0, out=out, stop_event=_SignalledEvent(), sandbox=sandbox)  # type: ignore[arg-type]
        assert sandbox.servers[0].closed
    assert out.getvalue().rstrip().endswith("sandbox stopped")
    assert signal.getsignal(signal.SIGTERM) is before


def test_stop_signals_are_left_alone_off_the_main_thread() -> None:
    seen: list[object] = []

    def run() -> None:
        with _StopSignals() as signals:
            seen.append(signal.getsignal(signal.SIGTERM))
            signals.hold()
            seen.append(signal.getsignal(signal.SIGTERM))

    before = signal.getsignal(signal.SIGTERM)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [before, before]


def test_a_second_signal_while_shutting_down_is_ignored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with _StopSignals() as signals:
        with pytest.raises(_StopSignal):
            signal.raise_signal(signal.SIGTERM)
        signals.hold()
        signal.raise_signal(signal.SIGTERM)  # ignored: the shutdown in progress finishes
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is before
