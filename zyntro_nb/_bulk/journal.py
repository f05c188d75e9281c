"""The bulk journal: what happened to each row of a bulk call, so a re-run sends only what it must.

Format: JSON lines, UTF-8. The first line is a header naming the endpoint, how rows are
keyed and (since this version) the organization; every later line records one row's state::

    {"zyntro_bulk_journal": 1, "endpoint": "crm/addNotestoContact", "key": "hash", "org": "42cc…", "created": "…"}
    {"key": "5f0c…", "row": "12", "state": "sending", "at": "2026-04-01T09:00:00Z"}
    {"key": "5f0c…", "row": "12", "state": "ok", "request_id": "req_…", "data": {"note_id": "…"}, "at": "…"}

A write that adds an item an older equal one could be mistaken for (a note with the same
text) carries ``"before": [ids]`` from its ``sending`` line on: the ids of the equal items
that were there before it was sent, so a re-run counts only a new one as this write's.

States: ``sending`` (written, and forced to disk, before the request goes out),
``ok`` (with the request id and the answer's data), ``error`` (a definite failure:
nothing was applied), ``unknown`` (a write whose answer was lost). A row's state is
its last line. Each line is appended with one ``write`` call by the one run that holds
the journal's lock (:mod:`.lock`).

Damage (a torn last record, a line that is not a record, NUL bytes a crash left) is never
trusted and never skipped silently: a damaged line that names row keys makes those rows
``unknown`` (a lost answer: checked with the catalog's read before any resend); one that
names none could have held any row's record, so every row not recorded ``ok`` before it, and
every row never recorded, is treated the same way (a ``{"state": "damaged"}`` marker line
keeps that for later runs). Opening warns (:class:`JournalRepairedWarning`, with line
numbers), keeps the damaged file as ``<journal>.damaged`` and rewrites the journal
atomically (a new file, fsync, rename), so the next run reads it cleanly. Opening a
journal whose superseded lines outnumber its rows rewrites it compactly the same way.

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
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._config import journal_path, redact_text, short_id
from .._errors import ConfigurationError
from .._secret import Secret, is_credential_name
from .lock import JournalLock

FORMAT_VERSION = 1
STATES = ("sending", "ok", "error", "unknown")
MARKER = "damaged"  # a line left by a repair: rows not recorded before it may have been sent
_HEADER_KEY = "zyntro_bulk_journal"
REDACTED = "[redacted]"
DAMAGED_SUFFIX = ".damaged"
_KEY_IN_TEXT = re.compile(rb'"key"\s*:\s*"((?:[^"\\]|\\.)*)"')


class JournalRepairedWarning(UserWarning):
    """A damaged journal was read safely and rewritten; the message names the damaged lines."""


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


@dataclass
class Contents:
    """What a journal file holds, read without trusting it: records, damage, and what the damage may hide."""

    header: dict[str, Any]
    states: dict[str, dict[str, Any]]
    lines: int
    line_of: dict[str, int] = field(default_factory=dict)  # each key's last record's line number
    damaged: list[int] = field(default_factory=list)  # line numbers that are not records
    named: dict[str, list[int]] = field(default_factory=dict)  # keys the damaged lines name → those lines
    blind_after: int = 0  # the last damaged line (or marker) naming no key: rows not settled before it are unsure
    marker_lines: list[int] = field(default_factory=list)  # damaged lines an earlier repair recorded
    torn_tail: bool = False  # the file does not end with a newline

    @property
    def clean(self) -> bool:
        return not self.damaged and not self.torn_tail

    def unsure(self) -> dict[str, list[int]]:
        """Keys the damage may hide the record of (→ the damaged lines concerned), among the keys recorded."""
        out: dict[str, list[int]] = {}
        for key, lines in self.named.items():
            later = [n for n in lines if n > self.line_of.get(key, 0)]
            if later:
                out[key] = later
        if self.blind_after:
            blind = [n for n in self.damaged if n not in {x for v in self.named.values() for x in v}]
            blind = blind or [self.blind_after]
            for key, record in self.states.items():
                if record.get("state") != "ok" and self.line_of.get(key, 0) < self.blind_after:
                    out.setdefault(key, blind)
        return out

    def last_run(self) -> str | None:
        stamps = [at for r in self.states.values() if isinstance(at := r.get("at"), str)]
        return max(stamps) if stamps else self.header.get("created")

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for record in self.states.values():
            out[record["state"]] = out.get(record["state"], 0) + 1
        return out


class Journal:
    """A bulk call's journal file (see the module docstring for the format). Thread-safe.

    Open it with :meth:`open`, which takes the journal's lock (one run at a time), refuses a
    journal written for another endpoint, organization or ``key=`` columns and a path that
    cannot be written, and repairs a damaged one.
    """

    def __init__(self, path: Path, contents: Contents, secrets: tuple[str, ...] = (),
                 lock: JournalLock | None = None) -> None:
        self.path = path
        self.header = contents.header
        self._states = contents.states
        self._secrets = secrets
        self._lock = threading.Lock()
        self._file_lock = lock
        # Rows never recorded that a damaged line may have been the record of (see the module docstring).
        self._blind = bool(contents.blind_after)
        self._blind_lines = sorted(set(contents.marker_lines) | set(contents.damaged)) if self._blind else []
        self.damaged_lines = list(contents.damaged)
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], endpoint: str, key_spec: str,
             secrets: tuple[str, ...] = (), *, org: str | None = None, lock_timeout: float = 0.0) -> Journal:
        """Open (or create) the journal at ``path`` for ``endpoint`` rows keyed by ``key_spec``.

        Everything that can be refused is refused before the lock is taken or the file touched;
        then the lock is taken (waiting up to ``lock_timeout`` seconds) and the file read again.
        """
        path = journal_path(path)  # relative: under ZYNTRO_JOURNAL_DIR when it is set
        _refuse_unusable(path, endpoint, key_spec, org)
        lock = JournalLock(path)
        lock.check()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot(path, exc, endpoint) from None
        lock.acquire(lock_timeout)
        try:
            contents = _open_locked(path, endpoint, key_spec, org)
            try:
                return cls(path, contents, secrets, lock)
            except OSError as exc:
                raise _cannot(path, exc, endpoint) from None
        except BaseException:
            lock.release()
            raise

    # -- reading and writing -------------------------------------------------------------------
    def state(self, key: str) -> dict[str, Any] | None:
        """The last record for ``key``, or None if the journal has never seen it.

        A key never recorded in a journal whose damage could have held any row's record reads as
        ``unknown`` (its write may have been sent)."""
        record = self._states.get(key)
        if record is None and self._blind:
            lines = ", ".join(map(str, self._blind_lines))
            return {"key": key, "state": "unknown", "damaged": self._blind_lines,
                    "error": f"the journal was damaged (line {lines}) where this row's record may have been"}
        return record

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
        """Close the file and let the next run have the journal. Idempotent."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
        if self._file_lock is not None:
            self._file_lock.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items() if v)
        return f"<Journal {self.path} {self.header.get('endpoint')} rows={len(self)} {counts}>"


def _cannot(path: Path, exc: OSError, endpoint: str | None = None) -> ConfigurationError:
    return ConfigurationError(f"cannot use {str(path)!r} as a bulk journal: {exc.strerror or exc}",
                              fix="pass journal= a file path in a folder you can write to", endpoint=endpoint,
                              sent=False)


def _refuse_unusable(path: Path, endpoint: str, key_spec: str, org: str | None) -> None:
    """Every refusal that needs no lock: a directory, an unreadable or unwritable file, another endpoint,
    organization or key — checked on the header alone, touching nothing."""
    fix_path = "pass journal= a file path in a folder you can write to"
    if path.is_dir():
        raise ConfigurationError(f"the journal path {str(path)!r} is a directory", fix=fix_path, endpoint=endpoint,
                                 sent=False)
    try:
        if not path.exists() or path.stat().st_size == 0:
            folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
            if folder is not None and not os.access(folder, os.W_OK):
                raise ConfigurationError(f"cannot create the journal {str(path)!r}: {str(folder)!r} is not writable",
                                         fix=fix_path, endpoint=endpoint, sent=False)
            return
        with path.open("rb") as handle:
            first = handle.readline()
    except OSError as exc:
        raise _cannot(path, exc, endpoint) from None
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ConfigurationError(f"the journal {str(path)!r} is not writable (or its folder is not)", fix=fix_path,
                                 endpoint=endpoint, sent=False)
    header = _header(path, first)
    check_header(path, header, endpoint, key_spec, org)


def _header(path: Path, line: bytes) -> dict[str, Any]:
    try:
        header = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get(_HEADER_KEY) is None:
        raise ConfigurationError(
            f"{str(path)!r} is not a zyntro_nb bulk journal (its first line is not a journal header)",
            fix="pass journal= a new file name, or the journal a previous bulk call wrote",
            sent=False,
        )
    return header


def org_mark(org: str) -> str:
    """How a header names the organization: a hash, so that a journal shows no identifier.

    Example::

        >>> org_mark("42cc1aca-3aa5-4339-98d2-480b5b89937b")
        'sha256:a81ca6393688548a'
    """
    return "sha256:" + hashlib.sha256(org.strip().encode("utf-8")).hexdigest()[:16]


def check_header(path: Path, header: Mapping[str, Any], endpoint: str, key_spec: str, org: str | None) -> None:
    """Refuse a journal written for another endpoint, organization or ``key=``."""
    if header.get("endpoint") != endpoint:
        raise ConfigurationError(
            f"the journal {str(path)!r} was written for {header.get('endpoint')}, not {endpoint}",
            cause="a journal records one endpoint's rows; its keys mean nothing for another endpoint",
            fix="use a separate journal file for each bulk step (e.g. one per endpoint)",
            endpoint=endpoint, sent=False,
        )
    if org and header.get("org") and header.get("org") != org_mark(org):
        raise ConfigurationError(
            f"the journal {str(path)!r} was written for another organization than this session's ({short_id(org)})",
            cause="rows done in one organization say nothing about another's",
            fix="use a separate journal for each organization (or connect to the organization of the first run)",
            endpoint=endpoint, sent=False,
        )
    if header.get("key") != key_spec:
        raise ConfigurationError(
            f"the journal {str(path)!r} keys rows by {header.get('key')!r}, this call by {key_spec!r}",
            cause="with other keys, rows already done would not be recognised and would be sent again",
            fix=f"pass the same key= as the first run ({_describe_key(header.get('key'))}) or use a new journal",
            endpoint=endpoint, sent=False,
        )


def _open_locked(path: Path, endpoint: str, key_spec: str, org: str | None) -> Contents:
    """Read (or create) the journal under its lock; repair damage, compact a long one."""
    try:
        existed = path.exists() and path.stat().st_size > 0
        if not existed:
            header = {_HEADER_KEY: FORMAT_VERSION, "endpoint": endpoint, "key": key_spec}
            if org:
                header["org"] = org_mark(org)
            header["created"] = _now()
            _write_atomically(path, [header])
            return Contents(header, {}, 1)
        contents = read(path)
        check_header(path, contents.header, endpoint, key_spec, org)  # again: it may have changed meanwhile
        if not contents.clean:
            repair(path, contents)
        elif contents.lines > 2 * len(contents.states) + 16:
            _write_atomically(path, [contents.header, *contents.states.values(), *_markers(contents)])
    except OSError as exc:
        raise _cannot(path, exc, endpoint) from None
    return contents


def read(path: Path) -> Contents:
    """Read a journal without trusting it: every line that is not a record is noted, never skipped silently."""
    data = path.read_bytes()
    torn_tail = bool(data) and not data.endswith(b"\n")
    raw = data.split(b"\n")
    if raw and raw[-1] == b"":
        raw.pop()
    if not raw:
        raise _not_journal(path)
    contents = Contents(_header(path, raw[0]), {}, len(raw), torn_tail=torn_tail)
    for number, line in enumerate(raw[1:], start=2):
        try:
            entry = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            entry = None
        if isinstance(entry, dict) and entry.get("state") == MARKER and "key" not in entry:
            lines = [n for n in entry.get("lines", []) if isinstance(n, int)]
            contents.marker_lines.extend(lines)
            contents.blind_after = number
            continue
        if isinstance(entry, dict) and entry.get("state") in STATES and isinstance(entry.get("key"), str):
            contents.states[entry["key"]] = entry
            contents.line_of[entry["key"]] = number
            continue
        if not line.strip(b"\x00 \t\r"):
            if line:  # NUL bytes a crash left where a record was being written
                contents.damaged.append(number)
                contents.blind_after = number
            continue
        contents.damaged.append(number)
        keys = [_unescape(k) for k in _KEY_IN_TEXT.findall(line)]
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            keys.append(entry["key"])
        for key in dict.fromkeys(keys):
            contents.named.setdefault(key, []).append(number)
        if not keys:
            contents.blind_after = number
    return contents


def _unescape(raw: bytes) -> str:
    try:
        return json.loads(b'"' + raw + b'"')
    except ValueError:
        return raw.decode("utf-8", "replace")


def _markers(contents: Contents) -> list[dict[str, Any]]:
    if not contents.blind_after:
        return []
    lines = sorted(set(contents.marker_lines) | set(contents.damaged))
    return [{"state": MARKER, "lines": lines, "at": _now()}]


def repair(path: Path, contents: Contents, *, warn: bool = True) -> list[str]:
    """Rewrite a damaged journal atomically so that the next run reads it cleanly; returns what was done.

    Rows the damage may hide the record of become ``unknown`` (a lost answer); a damaged line
    naming no row leaves a marker (rows never recorded before it are unsure). The damaged file is
    kept as ``<journal>.damaged``.
    """
    unsure = contents.unsure()
    states = dict(contents.states)
    for key, lines in unsure.items():
        previous = states.get(key, {})
        states[key] = {"key": key, "row": previous.get("row"), "state": "unknown", "damaged": lines,
                       "error": f"its record in the journal was damaged (line {', '.join(map(str, lines))})",
                       **({"before": previous["before"]} if "before" in previous else {}), "at": _now()}
        states[key] = {k: v for k, v in states[key].items() if v is not None}
    if contents.damaged:
        shutil.copyfile(path, path.with_name(path.name + DAMAGED_SUFFIX))
    _write_atomically(path, [contents.header, *states.values(), *_markers(contents)])
    done = []
    if contents.damaged:
        done.append(f"line {', '.join(map(str, contents.damaged))} {'is' if len(contents.damaged) == 1 else 'are'} "
                    "not a journal record")
    if unsure:
        done.append(f"{len(unsure)} row(s) whose record may have been there are now unknown: a re-run checks "
                    "them with the catalog's read before sending any again, or leaves them unknown")
    if contents.blind_after:
        done.append("a damaged line names no row, so rows this journal has no record of are unknown too")
    if warn and contents.damaged:
        warnings.warn(JournalRepairedWarning(
            f"the journal {str(path)!r} was damaged: {'; '.join(done)}; it was rewritten so the next run reads "
            f"it cleanly (the damaged copy is kept as {path.name + DAMAGED_SUFFIX})"), stacklevel=5)
    contents.states = states
    return done


def _not_journal(path: Path) -> ConfigurationError:
    return ConfigurationError(f"{str(path)!r} is not a zyntro_nb bulk journal (it is empty)",
                              fix="pass journal= a new file name, or the journal a previous bulk call wrote",
                              sent=False)


def _clean(value: Any, secrets: tuple[str, ...]) -> Any:
    return redact_text(value, secrets) if isinstance(value, str) and secrets else value


def _describe_key(spec: Any) -> str:
    return "no key=, a hash of each row's parameters" if spec == "hash" else f"key={spec!r}"


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
        _sync_folder(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); where a folder cannot be opened (Windows), the rename is enough."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
