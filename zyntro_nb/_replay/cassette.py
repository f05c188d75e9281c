"""Cassette files: the recorded exchanges of a session, as one JSON document with one exchange per line.

::

    {"zyntro_cassette": 1, "base_url": "https://app.zyntrohq.com", "recorded_at": "2026-04-01T09:00:00.000+00:00", …,
    "exchanges": [
    {"endpoint": "crm/fetchContact", "request": {"api_key": "<api_key>", …}, "status": 200, "answer": {…}, …},
    {"endpoint": "edge/fire", "request": {…}, "error": {"type": "ReadTimeout", "message": "…"}, …}
    ]}

The header comes first (format version, base URL, when, which toolkit, the
session's identifiers and the names of the credentials it had), then one line
per exchange in the order they happened. Every exchange is added by a single
positioned write that replaces the closing ``]}`` — so the file is valid JSON
after each exchange, and a recording interrupted mid-run leaves a readable
cassette. Answers keep their key order (it decides column order); nothing else
is reordered between recordings.

Example::

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.zyntro.json"
    >>> writer = CassetteWriter.create(path, {"base_url": "https://app.zyntrohq.com"})
    >>> writer.append({"endpoint": "crm/fetchContact", "request": {}, "status": 200, "headers": {}, "answer": {}})
    >>> writer.close()
    >>> len(read_cassette(path).exchanges)
    1
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .._errors import CassetteError

FORMAT_KEY = "zyntro_cassette"
VERSION = 1
_OPEN = b',\n"exchanges": [\n'
_TAIL = b"\n]}\n"
_EMPTY_TAIL = b"[\n]}\n"
_RERECORD = "record it again with zn.connect(record=…) (or restore it from version control)"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def transport_error_names() -> frozenset[str]:
    """The httpx exception classes a cassette may name for an exchange that failed in transit."""
    return frozenset(name for name in dir(httpx) if isinstance(getattr(httpx, name), type)
                     and issubclass(getattr(httpx, name), httpx.TransportError))


@dataclass
class Cassette:
    """A cassette read from disk: its header and its exchanges (dicts, in recorded order)."""

    path: Path
    header: dict[str, Any]
    exchanges: list[dict[str, Any]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return str(self.header.get("base_url") or "")

    @property
    def recorded_at(self) -> str:
        return str(self.header.get("recorded_at") or "")

    @property
    def identifiers(self) -> dict[str, str]:
        found = self.header.get("identifiers")
        return {k: str(v) for k, v in found.items() if v} if isinstance(found, dict) else {}

    @property
    def credentials(self) -> list[str]:
        found = self.header.get("credentials")
        return [str(v) for v in found] if isinstance(found, list) else []


def _problem(path: Path, message: str, fix: str = _RERECORD, cause: str = "") -> CassetteError:
    return CassetteError(f"{message}: {path}", cause=cause, fix=fix, path=str(path))


def _check_exchange(path: Path, number: int, exchange: Any, errors: frozenset[str]) -> None:
    where = f"exchange {number} (line {number + 1})"
    if not isinstance(exchange, dict):
        raise _problem(path, f"{where} of the cassette is not an object")
    if not isinstance(exchange.get("endpoint"), str) or not isinstance(exchange.get("request"), (dict, list)):
        raise _problem(path, f"{where} of the cassette has no endpoint or request")
    if "error" in exchange:
        error = exchange["error"]
        if not isinstance(error, dict) or error.get("type") not in errors:
            raise _problem(path, f"{where} of the cassette names an unknown transport error {error!r:.60}")
        return
    status = exchange.get("status")
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise _problem(path, f"{where} of the cassette has no valid HTTP status")
    if not isinstance(exchange.get("headers", {}), dict) or ("answer" not in exchange and
                                                             not isinstance(exchange.get("answer_text"), str)):
        raise _problem(path, f"{where} of the cassette has no answer")


def read_cassette(path: str | os.PathLike[str]) -> Cassette:
    """Read and check a cassette; any problem is a CassetteError naming the file and the fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _problem(path, "no cassette at this path",
                       fix=f"check the path (and ZYNTRO_REPLAY); to make it, run the notebook once with "
                       f"zn.connect(record={str(path)!r}) and your credentials set") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _problem(path, "cannot read the cassette", cause=str(exc),
                       fix="check the file's permissions, or " + _RERECORD) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        stripped = text.strip()  # the file stops early: empty, or an object that never ends
        cut = not stripped or (stripped.startswith("{") and (not stripped.endswith("]}")
                                                            or exc.pos >= len(text.rstrip()) - 1))
        raise _problem(
            path,
            "the cassette is truncated" if cut else "the cassette is not valid JSON",
            cause=f"line {exc.lineno}, column {exc.colno}: {exc.msg}",
            fix=("if a recording was cut off while writing, end the file with a line holding ]} ; otherwise "
                 if cut else "undo the hand edit, or ") + _RERECORD,
        ) from None
    if not isinstance(document, dict) or FORMAT_KEY not in document:
        raise _problem(path, "this file is not a zyntro_nb cassette",
                       cause=f"its JSON has no {FORMAT_KEY!r} version field",
                       fix="point replay= (or ZYNTRO_REPLAY) at a *.zyntro.json file recorded by zyntro_nb")
    version = document[FORMAT_KEY]
    if version != VERSION or isinstance(version, bool):  # True == 1 in Python, but is no version
        newer = isinstance(version, int) and not isinstance(version, bool) and version > VERSION
        raise _problem(
            path,
            f"the cassette has format version {version!r}; this zyntro_nb reads version {VERSION}",
            fix="upgrade zyntro_nb (pip install -U zyntro_nb)" if newer else _RERECORD,
        )
    exchanges = document.get("exchanges")
    if not isinstance(exchanges, list):
        raise _problem(path, "the cassette has no exchanges list")
    if not isinstance(document.get("base_url"), str) or "://" not in document["base_url"]:
        raise _problem(path, "the cassette names no base_url")
    errors = transport_error_names()
    for number, exchange in enumerate(exchanges, start=1):
        _check_exchange(path, number, exchange, errors)
    header = {k: v for k, v in document.items() if k != "exchanges"}
    return Cassette(path, header, exchanges)


class CassetteWriter:
    """Appends exchanges to a cassette file; each append is one write that leaves valid JSON behind.

    Thread-safe. :meth:`create` starts a new file (replacing one that exists),
    :meth:`extend` opens an existing, already checked cassette for appending.
    """

    def __init__(self, path: Path, fd: int, count: int) -> None:
        self.path = path
        self._fd = fd
        self._count = count
        self._lock = threading.Lock()

    @classmethod
    def create(cls, path: str | os.PathLike[str], header: dict[str, Any]) -> CassetteWriter:
        path = Path(path)
        head = {FORMAT_KEY: VERSION, **header}
        content = _dump(head)[:-1].encode("utf-8") + _OPEN[:-1] + _EMPTY_TAIL[1:]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, content)
        except OSError as exc:
            raise _problem(path, "cannot write the cassette", cause=exc.strerror or str(exc),
                           fix="record to a path you can write (a folder you own), or fix its permissions") from None
        return cls(path, fd, 0)

    @classmethod
    def extend(cls, cassette: Cassette) -> CassetteWriter:
        path = cassette.path
        try:
            fd = os.open(path, os.O_RDWR)
            size = os.fstat(fd).st_size
            tail = os.pread(fd, len(_TAIL), max(0, size - len(_TAIL)))
        except OSError as exc:
            raise _problem(path, "cannot write the cassette", cause=exc.strerror or str(exc),
                           fix="make the file writable, or replay it without record_missing") from None
        if tail != _TAIL:
            os.close(fd)
            raise _problem(path, "the cassette does not end the way zyntro_nb writes it (]} on its own line)",
                           fix="undo the hand edit, or " + _RERECORD)
        return cls(path, fd, len(cassette.exchanges))

    def append(self, exchange: dict[str, Any]) -> None:
        """Add one exchange as the cassette's last line (one positioned write: never half a file)."""
        line = _dump(exchange).encode("utf-8")
        with self._lock:
            if self._fd < 0:
                return
            size = os.fstat(self._fd).st_size
            if self._count:
                os.pwrite(self._fd, b",\n" + line + _TAIL, size - len(_TAIL))
            else:
                os.pwrite(self._fd, line + _TAIL, size - len(_TAIL) + 1)
            self._count += 1

    @property
    def count(self) -> int:
        return self._count

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1
