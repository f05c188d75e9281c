"""``zyntro-nb sandbox``: a sandbox served until Ctrl-C, SIGTERM or SIGHUP, with a banner that says how to use it.

:func:`serve_forever` builds a sandbox on real time (or serves one it is given),
arms the ``--fault`` rules, prints the banner — sandbox-only credentials, a curl
line, the ``export ZYNTRO_*`` lines, the control surface — and waits. Ctrl-C,
SIGTERM and SIGHUP all end it the same way: open connections ended, the port
released, ``sandbox stopped`` printed.

Example::

    >>> import io, threading
    >>> stop, out = threading.Event(), io.StringIO()
    >>> stop.set()  # stop at once
    >>> serve_forever(port=0, out=out, stop_event=stop)
    >>> out.getvalue().splitlines()[-1]
    'sandbox stopped'
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from .._config import ENV_VARS
from .._defaults import API_PATH_TEMPLATE

if TYPE_CHECKING:
    from . import Sandbox
    from ._server import SandboxServer

__all__ = ["serve_forever"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def serve_forever(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    db: str | os.PathLike[str] | None = None,
    out: TextIO | None = None,
    *,
    stop_event: threading.Event | None = None,
    sandbox: Sandbox | None = None,
    faults: Sequence[str | Mapping[str, Any]] = (),
    seed: int = 0,
    rate_limit: str | None = None,
) -> None:
    """Run a sandbox server until Ctrl-C, SIGTERM or SIGHUP (or until ``stop_event`` is set), for ``zyntro-nb sandbox``.

    Prints a banner to ``out`` (default ``sys.stdout``): that this is the
    sandbox, its sandbox-only credentials, a curl line to try, and the
    ``ZYNTRO_BASE_URL`` to point a session at it. Prints ``sandbox stopped`` on the way out.
    Called on the main thread, it takes SIGTERM (``kill PID``, ``docker stop``) and SIGHUP (the
    terminal closed) as it takes Ctrl-C: open connections are ended, the port is released, the
    same last line is printed and it returns normally (so the command exits 0); the previous
    handlers are put back before it returns.
    ``stop_event`` ends the wait from another thread; ``sandbox`` serves an
    existing sandbox (its server is stopped at the end, the sandbox is left open)
    instead of building one on ``db``. ``faults`` are armed before serving, each a
    ``--fault`` spec or a rule dict (bad ones raise :class:`FaultSpecError` before
    anything listens); ``seed`` seeds a new sandbox's fault draws; ``rate_limit`` (``"100/s"``)
    limits a new sandbox's requests per API key (HTTP 429 with ``Retry-After`` beyond it).

    Example (from a shell)::

        $ zyntro-nb sandbox --port 8765
    """
    out = sys.stdout if out is None else out
    stop = threading.Event() if stop_event is None else stop_event
    owned = sandbox is None
    if sandbox is None:
        from . import Sandbox
        from ._app import SystemClock  # deferred like the app itself

        sandbox = Sandbox(db=db, clock=SystemClock(), seed=seed, rate_limit=rate_limit)  # real time for a server
    server: SandboxServer | None = None
    with _StopSignals() as signals:
        try:
            for rule in faults:
                if isinstance(rule, str):
                    sandbox.faults.add_spec(rule)
                else:
                    sandbox.faults.add_rule(rule)
            server = sandbox.serve(host, port)
            out.write(_banner(server.url, sandbox))
            out.flush()
            # A bounded wait keeps Ctrl-C responsive on every platform.
            while not stop.wait(0.5):
                pass
        except (KeyboardInterrupt, _StopSignal):
            pass
        finally:
            signals.hold()  # a second signal must not cut the shutdown short
            if server is not None:
                server.close()
            if owned:
                sandbox.close()
    print("sandbox stopped", file=out, flush=True)


class _StopSignal(BaseException):
    """Raised in the main thread by SIGTERM or SIGHUP, to leave the wait the way Ctrl-C does."""


_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _raise_stop(signum: int, frame: Any) -> None:
    raise _StopSignal(signum)


class _StopSignals:
    """Inside it, SIGTERM and SIGHUP raise :class:`_StopSignal`; after :meth:`hold` they are ignored.

    Only on the main thread (Python delivers signals there); elsewhere it changes nothing.
    The handlers in force before are put back on the way out.
    """

    def __init__(self) -> None:
        self._previous: dict[int, Any] = {}
        self._active = threading.current_thread() is threading.main_thread()

    def __enter__(self) -> _StopSignals:
        if self._active:
            self._previous = {signum: signal.signal(signum, _raise_stop) for signum in _STOP_SIGNALS}
        return self

    def hold(self) -> None:
        """Ignore further stop signals (the shutdown in progress finishes)."""
        if self._active:
            for signum in _STOP_SIGNALS:
                signal.signal(signum, signal.SIG_IGN)

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


def _banner(url: str, sandbox: Sandbox) -> str:
    creds = sandbox.credentials
    storage = "in-memory, reset when stopped" if sandbox.db is None else os.fspath(sandbox.db)
    endpoint = url + API_PATH_TEMPLATE.format(module="developers", action="fetchIdentifiers")
    payload = json.dumps({"developer_secret": creds.get("developer_secret", "")})
    curl = (
        f"curl -s -X POST {endpoint} -H 'Content-Type: application/json' -d {shlex.quote(payload)}"
    )
    lines = [
        "Zyntro SANDBOX - an offline imitation of the Zyntro API, not the real service",
        f"listening on {url}  (database: {storage})",
    ]
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        lines.append("warning: listening beyond loopback; other machines can reach this sandbox")
    lines += ["", "Sandbox-only credentials (fake: they work here and nowhere else):"]
    width = max(len(name) for name in creds) if creds else 0
    lines += [f"  {name.ljust(width)}  {value}" for name, value in creds.items()]
    lines += ["", "Try it:", f"  {curl}", "", "Point a session at it:"]
    lines += [f"  export {ENV_VARS['base_url']}={url}"]
    lines += [f"  export {ENV_VARS[name]}={shlex.quote(str(value))}"
              for name, value in creds.items() if name in ENV_VARS]
    if sandbox.user_id:
        lines += [f"  export {ENV_VARS['user_id']}={shlex.quote(sandbox.user_id)}"]
    if sandbox.limiter is not None:
        lines += ["", f"Rate limit: {sandbox.limiter.rate:g} requests/s per API key (burst {sandbox.limiter.burst:g}); "
                  "beyond it HTTP 429 with Retry-After"]
    faults = sandbox.faults.pending
    if faults:
        lines += ["", "Faults in force:"] + [f"  #{f.id} {f.spec}" for f in faults]
    control = url + "/__sandbox"
    lines += [
        "", "Control it from another process on this machine (answers 127.0.0.1 and ::1 only):",
        f"  curl -s {control}/faults                       # the fault rules in force, with counts",
        f"  curl -s -X POST {control}/faults -d '{{\"spec\": \"server_error:edge/getEnrollments,times=2\"}}'",
        f"  curl -s -X DELETE {control}/faults             # disarm every rule (/faults/N: one)",
        f"  curl -s {control}/writes                       # applied writes per endpoint",
        f"  curl -s -X POST {control}/clock -d '{{\"advance\": 61}}'   # move the clock (cooldowns)",
        f"  curl -s -X POST {control}/reset                # seed data back, writes and clock reset",
    ]
    lines += ["", "Press Ctrl-C to stop.", ""]
    return "\n".join(lines)
