"""Run ``zyntro-nb sandbox`` as a real process on a free port, for tests that go through the CLI.

Example::

    with served_cli("--fault", "drop:crm/fetchContact") as server:
        httpx.post(server.url + "/apis/v2/public/crm/fetchContact", json={...})
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_LISTENING = re.compile(r"listening on (http://\S+)")
_BANNER_END = "Press Ctrl-C to stop."
STARTUP_SECONDS = 60.0


@dataclass
class CliServer:
    """A running ``zyntro-nb sandbox`` process: its URL and everything it printed so far."""

    url: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return "".join(self.lines)


def run_cli(*args: str, timeout: float = STARTUP_SECONDS) -> subprocess.CompletedProcess[str]:
    """Run ``zyntro-nb ARGS`` to completion (for commands that must refuse and exit)."""
    return subprocess.run([sys.executable, "-m", "zyntro_nb._cli.main", *args], capture_output=True, text=True,
                          timeout=timeout, env=_env())


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ZYNTRO_")}


@contextmanager
def served_cli(*args: str) -> Iterator[CliServer]:
    """Start ``zyntro-nb sandbox --port 0 ARGS``, wait for its whole banner, stop it (by its pid) afterwards.

    ``lines`` keeps growing with what the process prints while it runs.
    """
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "zyntro_nb._cli.main", "sandbox", "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env(),
    )
    seen: list[str] = []
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            if _BANNER_END in line:
                ready.set()
        ready.set()  # the process ended: stop waiting

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        if not ready.wait(STARTUP_SECONDS) or process.poll() is not None:
            raise AssertionError("zyntro-nb sandbox did not start:\n" + "".join(seen))
        match = _LISTENING.search("".join(seen))
        assert match, "".join(seen)
        yield CliServer(match.group(1), process, seen)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
