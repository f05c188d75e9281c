"""``zyntro-nb scan``: find Zyntro credentials in notebooks and text files before they are committed.

What counts as a finding:

- any piece (8 characters or more) of a configured secret — ``ZYNTRO_API_KEY``,
  ``ZYNTRO_DEVELOPER_SECRET`` from the environment or a ``.env`` file in the
  working directory;
- anything shaped like a developer secret (``zdk_…``) or an account API key
  (``XXXXX-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX``).

Notebooks are read cell by cell: sources, outputs (every MIME type, tracebacks),
attachments, cell and notebook metadata, widget state; findings are located as
``path:cell N:output M`` (cells and outputs counted from 1). Every other file is
read whatever its name (bulk journals, files without an extension, cassettes…):
text — told from binary by its content, UTF-8, UTF-16 or UTF-32 — is located by
line; in a binary file its runs of plain text are searched. Named pipes, sockets
and devices are skipped unread (never waited on); a symbolic link is followed to
its file (scanned once), a broken one is reported. Every finding shows at most 4
characters of the value.

The user's profiles file (``zyntro-nb login``; ``ZYNTRO_PROFILES_FILE`` or the user config folder)
is scanned too when it exists, wherever it is: it must hold identifiers only, so a secret written
into it by hand (``api_key = …`` under ``[profiles.NAME]``) is a finding.

Known public values are not findings: the API documentation's published
examples, which the sandbox uses as its sandbox-only credentials
(``UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX``, ``zdk_your_developer_secret``) and
placeholders made of X's; the other credentials of the sandbox's seed data
(shipped in the package, valid nowhere else); values listed one per line in a ``.zyntro-scan-allow`` file in a scanned
directory or any parent (for deliberate fakes such as test canaries), best as ``sha256:<hex digest>`` so the allow
file holds nothing credential-shaped itself; and lines
carrying the marker ``zyntro-scan: allow``. A configured secret is always a
finding, whatever the allow list says.

A file that cannot be read is reported and the scan goes on; so are files
that do not decode, notebooks that are not valid JSON and notebooks above the size
limit, which are scanned as plain text. Exit status: 0 clean, 1 something found
(or a file could not be read at all), 2 usage error.

Example::

    $ zyntro-nb scan notebooks/
    notebooks/02-leads.ipynb:cell 5:output 1: developer secret 'zdk_…(redacted)'
    1 finding in 1 of 8 files
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .._config import ENV_VARS, environment, profiles_path
from .._secret import API_KEY_SHAPE, DEVELOPER_SECRET_SHAPE, preview

# The API documentation's own examples; the sandbox answers to exactly these (sandbox-only, public).
PUBLISHED_EXAMPLES = frozenset({"UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX", "zdk_your_developer_secret"})
ALLOW_FILE = ".zyntro-scan-allow"
ALLOW_MARKER = "zyntro-scan: allow"
MAX_BYTES = 20 * 1024 * 1024  # bigger files are scanned as plain text, without cell locations
WINDOW = 8  # this many characters of a configured secret in a row are a leak
_ESCAPES = re.compile(r"\\[ntr]")

TEXT_SUFFIXES = frozenset({
    ".py", ".md", ".markdown", ".rst", ".txt", ".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".yaml", ".yml",
    ".toml", ".cfg", ".ini", ".sh", ".bash", ".zsh", ".html", ".htm", ".xml", ".js", ".ts", ".sql", ".r", ".ipynb",
    ".example", ".sample", ".template", ".har", ".cassette", ".log",
})
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox",
                          ".mypy_cache", ".ruff_cache", ".pytest_cache", "site-packages", ".eggs", "build",
                          "dist"})
# Files that hold secrets on purpose and are never committed: skipped when walking a directory
# (named explicitly, e.g. by a pre-commit hook because one was staged, they are scanned and reported).
SECRET_HOMES = frozenset({".env", ".env.local", ".envrc"})


@dataclass(frozen=True)
class Finding:
    """One credential-looking value: where, what kind, and a 4-character preview."""

    path: str
    where: str
    kind: str
    shown: str

    def __str__(self) -> str:
        return f"{self.path}:{self.where}: {self.kind} {self.shown!r}"


@dataclass
class ScanReport:
    """Findings, per-file notes (scanned in a fallback mode) and files that could not be scanned."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    files: int = 0

    def add(self, finding: Finding) -> None:
        """Record a finding once (an output's text/plain and text/html forms are one place)."""
        if finding not in self.findings[-20:]:
            self.findings.append(finding)

    @property
    def exit_code(self) -> int:
        return 1 if self.findings or self.unreadable else 0

    def lines(self) -> list[str]:
        out = [str(f) for f in self.findings]
        out += [f"{note}" for note in self.notes]
        out += [f"{path}: could not be read" for path in self.unreadable]
        flagged = len({f.path for f in self.findings})
        plural = "" if len(self.findings) == 1 else "s"
        summary = (f"{len(self.findings)} finding{plural} in {flagged} of {self.files} files" if self.findings
                   else f"no Zyntro credentials found in {self.files} files")
        if self.unreadable:
            summary += f"; {len(self.unreadable)} could not be read"
        return [*out, summary]


@lru_cache(maxsize=1)
def sandbox_credentials() -> frozenset[str]:
    """Every credential in the sandbox's seed data: public (shipped in the package) and sandbox-only."""
    try:
        raw = resources.files("zyntro_nb.sandbox").joinpath("seed.json.gz").read_bytes()
        tables = json.loads(gzip.decompress(raw))["tables"]
    except (OSError, ValueError, KeyError):  # pragma: no cover - a broken install: fewer values allowed
        return frozenset()
    found = {str(u.get("api_key") or "") for u in tables.get("users", [])}
    found |= {str(k.get("dk_secret") or "") for k in tables.get("dev_keys", [])}
    for hook in tables.get("webhooks", []):
        found.add(str(hook.get("wh_secret") or ""))
        found |= {str(v) for v in (hook.get("wh_auth_data") or {}).values()}
    return frozenset(v for v in found if v)


def is_placeholder(value: str) -> bool:
    """A documentation placeholder such as ``XXXXX-XXXXXXXXXXXX-…`` or ``UYUJH-XXXXXXXXXXXX-…`` (all X's)."""
    rest = value.split("-", 1)[1] if "-" in value else value.split("_", 1)[-1]
    return set(rest.replace("-", "").replace("_", "")) <= {"X", "x"}


class Detector:
    """Finds configured secrets and credential shapes in text, minus known public values."""

    def __init__(self, secrets: Iterable[str] = (), allowed: Iterable[str] = ()) -> None:
        self.allowed = PUBLISHED_EXAMPLES | sandbox_credentials() | {a for a in allowed if a}
        wanted = [s for s in dict.fromkeys(secrets) if s and len(s) >= WINDOW and s not in PUBLISHED_EXAMPLES]
        # Every 8-character piece of a configured secret: a partial leak is still a leak.
        self.pieces = {s[i : i + WINDOW]: s for s in wanted for i in range(len(s) - WINDOW + 1)}

    def is_allowed(self, value: str) -> bool:
        """A known public value, a placeholder, or listed in an allow file (as itself or as its SHA-256)."""
        return value in self.allowed or is_placeholder(value) or allow_entry(value) in self.allowed

    def find(self, text: str) -> Iterator[tuple[int, str, str]]:
        """``(line number, kind, preview)`` for each finding in ``text``."""
        for number, line in enumerate(text.splitlines() or [text], start=1):
            for kind, value in self._in_line(line):
                yield number, kind, value

    def _in_line(self, line: str) -> Iterator[tuple[str, str]]:
        hit = next((self.pieces[p] for p in self.pieces if p in line), None)
        if hit is not None:
            yield "configured secret", preview(hit)
        if ALLOW_MARKER in line:
            return
        # JSON's escapes (\n, \t, \r) end a word: a key after an escaped newline in a journal, a cassette
        # or a notebook read as text is found like one after a real newline.
        line = _ESCAPES.sub(" ", line)
        for kind, shape in (("developer secret", DEVELOPER_SECRET_SHAPE), ("API key", API_KEY_SHAPE)):
            for match in shape.finditer(line):
                value = match.group(0)
                if self.is_allowed(value) or (hit is not None and value in hit):
                    continue
                yield kind, preview(value)


def configured_secrets(env: Mapping[str, str] | None = None) -> list[str]:
    """The credentials in force here (environment over ``.env``), as plain text."""
    values = environment(env)
    return [values[ENV_VARS[n]] for n in ("api_key", "developer_secret") if values.get(ENV_VARS[n])]


def allow_entry(value: str) -> str:
    """The line that allows ``value`` in a ``.zyntro-scan-allow`` file without writing the value down.

    Example::

        >>> allow_entry("zdk_example")[:15]
        'sha256:f93b76d6'
    """
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


def allowed_values(paths: Sequence[Path]) -> set[str]:
    """Values listed in ``.zyntro-scan-allow`` files in each path's directory and its parents."""
    found: set[str] = set()
    seen: set[Path] = set()
    for path in paths:
        start = path.resolve() if path.is_dir() else path.resolve().parent
        for directory in (start, *start.parents):
            candidate = directory / ALLOW_FILE
            if candidate in seen:
                continue
            seen.add(candidate)
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for line in text.splitlines():
                value = line.split(" #", 1)[0].strip()
                if value and not value.startswith("#"):
                    found.add(value)
    return found


def iter_files(paths: Sequence[Path]) -> Iterator[tuple[Path, bool]]:
    """``(file, named explicitly)`` for every file under ``paths``, whatever its name: what it holds
    (text or binary) is told from its content when it is read."""
    for path in paths:
        if not path.is_dir():
            yield path, True
            continue
        for root, dirs, files in os.walk(path):  # symbolic links to directories are not entered
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info"))
            for name in sorted(files):
                if name not in SECRET_HOMES:
                    yield Path(root) / name, False


def _read(path: Path) -> bytes:
    """The file's bytes; a named pipe, socket or device is refused without blocking (``IsADirectoryError``
    is raised for them, with a reason), a symbolic link is followed to a regular file."""
    _check_regular(path.stat().st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)  # non-blocking: a pipe swapped in meanwhile never waits for a writer
    try:
        _check_regular(os.fstat(descriptor).st_mode)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(descriptor)


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise _NotAFile("named pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
                        else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")


class _NotAFile(OSError):
    """A path that is no regular file (pipe, socket, device): skipped, never read."""


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SAMPLE = 8192
_TEXT_RUN = re.compile(rb"[\x20-\x7e\t]{8,}")  # printable ASCII runs: where a key could sit inside a binary file


def text_encoding(data: bytes) -> str | None:
    """The encoding of ``data`` when it is text (by content, not by name), ``None`` when it is binary.

    A byte-order mark decides; UTF-16 without one is recognised by its zero bytes at every other
    position; otherwise a zero byte in the first 8 KB means binary, and anything else is text
    (UTF-8, or read with undecodable bytes replaced).

    Example::

        >>> text_encoding("key = 1".encode("utf-16")), text_encoding(b"\\x89PNG\\0\\0"), text_encoding(b"x = 1")
        ('utf-16', None, 'utf-8')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:_SAMPLE]
    if b"\0" not in sample:
        return "utf-8"
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4:
        if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
            return "utf-16-be"
    return None


def _notebook_parts(nb: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """``(location, JSON value)`` for every part of a notebook that can hold text."""
    cells = nb.get("cells") if isinstance(nb.get("cells"), list) else []
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            yield f"cell {index}", cell
            continue
        yield f"cell {index}:source", cell.get("source", "")
        for number, output in enumerate(cell.get("outputs") or [], start=1):
            yield f"cell {index}:output {number}", output
        if cell.get("attachments"):
            yield f"cell {index}:attachments", cell["attachments"]
        if cell.get("metadata"):
            yield f"cell {index}:metadata", cell["metadata"]
        rest = {k: v for k, v in cell.items() if k not in ("source", "outputs", "attachments", "metadata")}
        yield f"cell {index}", rest
    metadata = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    widgets = metadata.get("widgets")
    if widgets:
        yield "metadata:widget state", widgets
    yield "metadata", {k: v for k, v in metadata.items() if k != "widgets"}
    yield "notebook", {k: v for k, v in nb.items() if k not in ("cells", "metadata")}


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    # One line per string inside, so the allow marker and line-based matching work on JSON outputs too.
    return json.dumps(value, ensure_ascii=False, indent=0)


def scan_file(path: Path, detector: Detector, report: ScanReport, max_bytes: int = MAX_BYTES,
              seen: set[tuple[int, int]] | None = None) -> None:
    """Scan one file into ``report`` (never raises for a bad file: it is reported and skipped).

    ``seen`` holds the (device, inode) of files already scanned, so a symbolic link to a file that
    was scanned under its own name is not scanned (nor counted) twice.
    """
    shown = str(path)
    try:
        info = path.stat()
        if seen is not None and stat.S_ISREG(info.st_mode):
            if (info.st_dev, info.st_ino) in seen:
                return
            seen.add((info.st_dev, info.st_ino))
        report.files += 1
        data = _read(path)
    except _NotAFile as exc:
        report.notes.append(f"{shown}: {exc.args[0]}, not a file: skipped")
        return
    except OSError as exc:
        report.unreadable.append(f"{shown} ({exc.strerror or type(exc).__name__})")
        return
    encoding = text_encoding(data)
    notebook = path.suffix.lower() == ".ipynb"
    if encoding is None:
        if Path(path.name.lower()).suffix in TEXT_SUFFIXES:  # a surprise worth a word; images and the like are not
            report.notes.append(f"{shown}: binary file; only its runs of plain text were scanned")
        text = "\n".join(run.decode("ascii") for run in _TEXT_RUN.findall(data))
        for _, kind, value_shown in detector.find(text):
            report.add(Finding(shown, "binary content", kind, value_shown))
        return
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        report.notes.append(f"{shown}: not {encoding.upper().replace('-SIG', '')}; scanned with undecodable "
                            "bytes replaced")
    if notebook:
        if len(data) > max_bytes:
            report.notes.append(f"{shown}: notebook larger than {max_bytes / (1024 * 1024):g} MB; scanned as plain "
                                "text (locations are lines)")
        else:
            try:
                nb = json.loads(text)
            except json.JSONDecodeError as exc:
                report.notes.append(f"{shown}: not valid JSON (line {exc.lineno}: {exc.msg}); scanned as plain text")
            except RecursionError:
                report.notes.append(f"{shown}: JSON nested too deeply to read; scanned as plain text")
            else:
                if isinstance(nb, dict):
                    for where, value in _notebook_parts(nb):
                        for _, kind, value_shown in detector.find(_as_text(value)):
                            report.add(Finding(shown, where, kind, value_shown))
                    return
                report.notes.append(f"{shown}: not a notebook (JSON {type(nb).__name__}); scanned as plain text")
    for number, kind, value_shown in detector.find(text):
        report.add(Finding(shown, f"line {number}", kind, value_shown))


def scan_profiles_file(path: Path, detector: Detector, report: ScanReport,
                       seen: set[tuple[int, int]] | None = None) -> None:
    """Scan the profiles file: any secret-named field (``api_key``, ``developer_secret``, …) is a finding,
    and so is anything credential-shaped (it is read as text too)."""
    from .._profiles.store import SECRET_KEYS

    scan_file(path, detector, report, seen=seen)  # as text, once (skipped if a scanned folder held it)
    try:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        report.notes.append(f"{path}: profiles file is not valid TOML; scanned as plain text only")
        return
    tables = data.get("profiles") if isinstance(data.get("profiles"), dict) else {}
    for name, table in tables.items():
        for key, value in (table.items() if isinstance(table, dict) else ()):
            if key.lower() in SECRET_KEYS and str(value).strip():
                report.add(Finding(str(path), f"profiles.{name}.{key}",
                                   "secret in the profiles file (it belongs in the keyring: zyntro-nb login --force)",
                                   preview(str(value))))


def scan(paths: Sequence[str | Path], *, secrets: Iterable[str] | None = None, max_bytes: int = MAX_BYTES,
         env: Mapping[str, str] | None = None, profiles_file: Path | None = None) -> ScanReport:
    """Scan files and directories; ``secrets`` defaults to the configured ones (``ZYNTRO_*``, ``.env``).

    The profiles file (``profiles_file``, default: the configured one) is scanned too when it exists.

    Example::

        >>> report = scan(["notebooks"], secrets=[])     # doctest: +SKIP
        >>> report.exit_code, report.findings[:1]        # doctest: +SKIP
        (0, [])
    """
    roots = [Path(p) for p in paths]
    detector = Detector(configured_secrets(env) if secrets is None else secrets, allowed_values(roots))
    report = ScanReport()
    seen: set[tuple[int, int]] = set()
    for file, _explicit in iter_files(roots):
        scan_file(file, detector, report, max_bytes, seen)
    profiles = profiles_file if profiles_file is not None else profiles_path(env)
    if profiles.is_file():
        scan_profiles_file(profiles, detector, report, seen)
    return report
