"""One run per journal: an exclusive lock beside the journal, held for a bulk run's whole life.

The lock is an operating-system lock (``filelock``: ``flock`` on Unix, ``LockFileEx`` on
Windows) on ``<journal>.lock``, so it dies with the process that holds it: a run that was
killed never blocks the next one. Beside it, ``<journal>.holder`` says who holds the lock
(PID, host, since when) so that a second run can name it in :class:`JournalBusyError`; a
holder file left by a dead process is simply overwritten by the next holder.

``filelock`` earns its place over a hand-written ``fcntl``/``msvcrt`` pair: it is small, pure
Python, maintained, and already handles the platform differences and the timeout loop.

Example::

    >>> import tempfile, pathlib
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "notes.journal"
    >>> first = JournalLock(journal)
    >>> first.acquire(timeout=0)
    >>> JournalLock(journal).acquire(timeout=0)
    Traceback (most recent call last):
    ...
    zyntro_nb._errors.JournalBusyError: another bulk run is using the journal ...
    >>> first.release()
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import socket
from pathlib import Path
from typing import Any

from .._errors import ConfigurationError, JournalBusyError, ParameterError

LOCK_SUFFIX = ".lock"
HOLDER_SUFFIX = ".holder"


def check_lock_timeout(value: Any) -> float:
    """``lock_timeout=``: seconds to wait for another run to finish with the journal (0: do not wait).

    ``math.inf`` waits as long as it takes. Negative numbers, NaN and non-numbers are refused.

    Example::

        >>> check_lock_timeout(None), check_lock_timeout(2)
        (0.0, 2.0)
    """
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or value < 0:
        raise ParameterError(
            f"lock_timeout must be a number of seconds, 0 or more, not {value!r}",
            param="lock_timeout",
            fix="pass lock_timeout=0 (the default: stop at once if another run holds the journal), a number of "
            "seconds to wait for it, or math.inf to wait as long as it takes; nothing was sent",
        )
    return float(value)


def lock_path(journal: Path) -> Path:
    return journal.with_name(journal.name + LOCK_SUFFIX)


def holder_path(journal: Path) -> Path:
    return journal.with_name(journal.name + HOLDER_SUFFIX)


def read_holder(journal: Path) -> dict[str, Any]:
    """What the holder wrote about itself (``pid``, ``host``, ``started``); {} when unknown or unreadable."""
    try:
        data = json.loads(holder_path(journal).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def describe_holder(holder: dict[str, Any]) -> str:
    """``PID 4242 on host box since 2026-12-06T23:30:00Z``, or a plain "another run" when not known."""
    if not holder.get("pid"):
        return "another run (it did not say which)"
    text = f"PID {holder['pid']}"
    if holder.get("host"):
        text += f" on host {holder['host']}"
    if holder.get("started"):
        text += f" since {holder['started']}"
    return text


class JournalLock:
    """The exclusive lock of one journal (see the module docstring)."""

    def __init__(self, journal: Path) -> None:
        self.journal = journal
        self.path = lock_path(journal)
        self._lock: Any = None

    def check(self) -> None:
        """Refuse a lock path that cannot be a lock (a directory, say), before anything is locked or sent."""
        if os.path.lexists(self.path) and not self.path.is_file():
            kind = "a directory" if self.path.is_dir() else "not a regular file"
            raise ConfigurationError(
                f"{str(self.path)!r} is not a lock file ({kind})",
                cause="zyntro_nb keeps a lock file beside each journal so that only one run uses it at a time",
                fix=f"move {str(self.path)!r} out of the way (it is not zyntro_nb's), or use another journal path",
                sent=False,
            )

    def _check_folder(self) -> None:
        if not self.path.exists() and not os.access(self.path.parent, os.W_OK):
            raise ConfigurationError(
                f"cannot create the lock file {str(self.path)!r}: the folder is not writable",
                cause="a journal needs its folder writable: its lock file and its atomic rewrites live there",
                fix="pass journal= a file path in a folder you can write to",
                sent=False,
            )

    def acquire(self, timeout: float = 0.0, *, note: bool = True) -> None:
        """Take the lock, waiting up to ``timeout`` seconds; :class:`JournalBusyError` if another run keeps it.

        ``note=False`` leaves the holder file alone (a look at who holds it, not a run)."""
        from filelock import FileLock, Timeout  # lazy: only a bulk run with a journal needs it

        self.check()
        self._check_folder()
        lock = FileLock(str(self.path), timeout=-1 if math.isinf(timeout) else timeout)
        try:
            lock.acquire()
        except Timeout:
            holder = read_holder(self.journal)
            waited = f" (waited {timeout:g} s)" if timeout else ""
            raise JournalBusyError(
                f"another bulk run is using the journal {str(self.journal)!r}{waited}: "
                f"{describe_holder(holder)}",
                cause="one run at a time may use a journal, or both would send the same rows",
                fix="wait for that run to finish (or pass lock_timeout=SECONDS to wait for it), or give this run "
                "another journal; nothing was sent",
                path=str(self.journal), holder=holder,
            ) from None
        except OSError as exc:
            raise ConfigurationError(
                f"cannot lock the journal {str(self.journal)!r}: {exc.strerror or exc}",
                fix="pass journal= a file path in a folder you can write to", sent=False,
            ) from None
        self._lock = lock
        if note:
            self._write_holder()

    def _write_holder(self) -> None:
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
        target = holder_path(self.journal)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(info), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:  # only the busy message of a second run is poorer for it
            tmp.unlink(missing_ok=True)

    def release(self) -> None:
        """Let the next run have the journal. Idempotent."""
        if self._lock is None:
            return
        try:
            holder_path(self.journal).unlink(missing_ok=True)
        except OSError:
            pass
        self._lock.release()
        self._lock = None

    @property
    def held(self) -> bool:
        return self._lock is not None


def current_holder(journal: Path) -> dict[str, Any] | None:
    """Who holds ``journal``'s lock now: None when no run does (a dead holder's note is ignored)."""
    if not lock_path(journal).is_file():
        return None
    probe = JournalLock(journal)
    try:
        probe.acquire(timeout=0, note=False)
    except JournalBusyError as busy:
        return busy.holder or {"pid": None}
    except ConfigurationError:
        return None
    probe._lock.release()  # free: let go at once, leaving the holder file alone
    probe._lock = None
    return None
