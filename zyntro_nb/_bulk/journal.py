"""The bulk journal: what happened to each row of a bulk call, so a re-run sends only what it must.

Format: JSON lines, UTF-8. The first line is a header naming the endpoint and how
rows are keyed; every later line records one row's state::

    {"zyntro_bulk_journal": 1, "endpoint": "crm/addNotestoContact", "key": "hash", "created": "…"}
    {"key": "5f0c…", "row": "12", "state": "sending", "at": "2026-04-01T09:00:00Z"}
    {"key": "5f0c…", "row": "12", "state": "ok", "request_id": "req_…", "data": {"note_id": "…"}, "at": "…"}

A write that adds an item an older equal one could be mistaken for (a note with the same
text) carries ``"before": [ids]`` from its ``sending`` line on: the ids of the equal items
that were there before it was sent, so a re-run counts only a new one as this write's.

States: ``sending`` (written, and forced to disk, before the request goes out),
``ok`` (with the request id and the answer's data), ``error`` (a definite failure:
nothing was applied), ``unknown`` (a write whose answer was lost). A row's state is
its last line. Each line is appended with one ``write`` call, so a crash leaves at
most a torn last line, which is ignored when reading. Opening a journal whose
superseded lines outnumber its rows rewrites it compactly (a new file renamed over
the old one, so a crash leaves one or the other).

No secret is written: request parameters are not stored (only the row's key — the
columns named by ``key=``, or a hash), answer fields named like credentials are
replaced by ``[redacted]`` and the session's own secrets are scrubbed from text.

Example::

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "leads.journal"
    >>> j = Journal.open(path, endpoint="crm/addNotestoContact", key_spec="hash")
    >>> j.record("k1", "sending", row="0")
    >>> j.record("k1", "ok", row="0", request_id="req_1", data={"note_id": "n1"})
    >>> j.close()
    >>> Journal.open(path, "crm/addNotestoContact", "hash").state("k1")["state"]
    'ok'
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .._config import journal_path, redact_text
from .._errors import ConfigurationError
from .._secret import Secret, is_credential_name

FORMAT_VERSION = 1
STATES = ("sending", "ok", "error", "unknown")
_HEADER_KEY = "zyntro_bulk_journal"
REDACTED = "[redacted]"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _plain(value: Any) -> Any:
    """JSON for values plain ``json`` refuses, never revealing a secret (``str`` of a Secret is redacted)."""
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def scrub(value: Any, secrets: tuple[str, ...], name: str = "") -> Any:
    """A copy of an answer fit for the journal: credential-named fields and known secrets redacted."""
    if name and is_credential_name(name):
        return None if value is None else REDACTED
    if isinstance(value, Secret):
        return str(value)  # its redacted form
    if isinstance(value, str):
        return redact_text(value, secrets) if secrets else value
    if isinstance(value, Mapping):
        return {str(k): scrub(v, secrets, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(v, secrets) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return scrub(_plain(value), secrets)


class Journal:
    """A bulk call's journal file (see the module docstring for the format). Thread-safe.

    Open it with :meth:`open`, which refuses a journal written for another endpoint
    or with other ``key=`` columns, and a path that cannot be written.
    """

    def __init__(self, path: Path, header: dict[str, Any], states: dict[str, dict[str, Any]],
                 secrets: tuple[str, ...] = ()) -> None:
        self.path = path
        self.header = header
        self._states = states
        self._secrets = secrets
        self._lock = threading.Lock()
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], endpoint: str, key_spec: str,
             secrets: tuple[str, ...] = ()) -> Journal:
        """Open (or create) the journal at ``path`` for ``endpoint`` rows keyed by ``key_spec``."""
        path = journal_path(path)  # relative: under ZYNTRO_JOURNAL_DIR when it is set
        fix_path = "pass journal= a file path in a directory you can write to"
        if path.is_dir():
            raise ConfigurationError(f"the journal path {str(path)!r} is a directory", fix=fix_path, sent=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            existed = path.exists() and path.stat().st_size > 0
            if existed:
                header, states, lines = _read(path)
            else:
                header = {_HEADER_KEY: FORMAT_VERSION, "endpoint": endpoint, "key": key_spec, "created": _now()}
                _write_atomically(path, [header])
                states, lines = {}, 1
        except OSError as exc:
            raise ConfigurationError(
                f"cannot use {str(path)!r} as a bulk journal: {exc.strerror or exc}",
                fix=fix_path, endpoint=endpoint, sent=False,
            ) from None
        if not os.access(path, os.W_OK):
            raise ConfigurationError(f"the journal {str(path)!r} is not writable", fix=fix_path,
                                     endpoint=endpoint, sent=False)
        if header.get("endpoint") != endpoint:
            raise ConfigurationError(
                f"the journal {str(path)!r} was written for {header.get('endpoint')}, not {endpoint}",
                cause="a journal records one endpoint's rows; its keys mean nothing for another endpoint",
                fix="use a separate journal file for each bulk step (e.g. one per endpoint)",
                endpoint=endpoint, sent=False,
            )
        if header.get("key") != key_spec:
            raise ConfigurationError(
                f"the journal {str(path)!r} keys rows by {header.get('key')!r}, this call by {key_spec!r}",
                cause="with other keys, rows already done would not be recognised and would be sent again",
                fix=f"pass the same key= as the first run ({_describe_key(header.get('key'))}) or use a new journal",
                endpoint=endpoint, sent=False,
            )
        if existed and lines > 2 * len(states) + 16:
            _write_atomically(path, [header, *states.values()])
        return cls(path, header, states, secrets)

    # -- reading and writing -------------------------------------------------------------------
    def state(self, key: str) -> dict[str, Any] | None:
        """The last record for ``key``, or None if the journal has never seen it."""
        return self._states.get(key)

    def __len__(self) -> int:
        return len(self._states)

    def counts(self) -> dict[str, int]:
        """How many rows are in each state."""
        out = dict.fromkeys(STATES, 0)
        for record in self._states.values():
            out[record["state"]] = out.get(record["state"], 0) + 1
        return out

    def record(self, key: str, state: str, *, durable: bool = False, **fields: Any) -> None:
        """Append ``key``'s new state; ``durable=True`` forces it to disk before returning.

        Answer data in ``fields["data"]`` is scrubbed of secrets. Records after :meth:`close`
        are dropped (a worker finishing after an interrupted bulk gave up waiting for it).
        """
        entry: dict[str, Any] = {"key": key, "state": state}
        for name, value in fields.items():
            if value is not None:
                entry[name] = scrub(value, self._secrets) if name == "data" else _clean(value, self._secrets)
        entry["at"] = _now()
        line = (json.dumps(entry, ensure_ascii=False, default=_plain) + "\n").encode("utf-8")
        with self._lock:
            if self._fd is None:
                return
            os.write(self._fd, line)
            if durable:
                os.fsync(self._fd)
            self._states[key] = entry

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items() if v)
        return f"<Journal {self.path} {self.header.get('endpoint')} rows={len(self)} {counts}>"


def _clean(value: Any, secrets: tuple[str, ...]) -> Any:
    return redact_text(value, secrets) if isinstance(value, str) and secrets else value


def _describe_key(spec: Any) -> str:
    return "no key=, a hash of each row's parameters" if spec == "hash" else f"key={spec!r}"


def _read(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]], int]:
    """The header, each key's last record, and the number of lines; a torn last line is ignored."""
    raw = path.read_bytes().split(b"\n")
    if raw and raw[-1] == b"":
        raw.pop()
    header: dict[str, Any] | None = None
    states: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(raw, start=1):
        try:
            entry = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            if number == len(raw):
                break  # a write cut short by a crash: that row's previous state stands
            raise _damaged(path, number) from None
        if header is None:
            if not isinstance(entry, dict) or entry.get(_HEADER_KEY) is None:
                raise ConfigurationError(
                    f"{str(path)!r} is not a zyntro_nb bulk journal",
                    fix="pass journal= a new file name, or the journal a previous bulk call wrote",
                    sent=False,
                )
            header = entry
            continue
        if not isinstance(entry, dict) or entry.get("state") not in STATES or not isinstance(entry.get("key"), str):
            raise _damaged(path, number)
        states[entry["key"]] = entry
    if header is None:
        raise _damaged(path, 1)
    return header, states, len(raw)


def _damaged(path: Path, line: int) -> ConfigurationError:
    return ConfigurationError(
        f"the journal {str(path)!r} is damaged at line {line}",
        cause="the line is not a journal record (was the file edited by hand?)",
        fix="repair or delete that line (a row without a record is treated as never sent), or use a new journal",
        sent=False,
    )


def _write_atomically(path: Path, entries: list[dict[str, Any]],
                      dumps: Callable[[Any], str] = lambda e: json.dumps(e, ensure_ascii=False)) -> None:
    """Write ``entries`` to a temporary file beside ``path`` and rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.writelines(dumps(entry) + "\n" for entry in entries)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
