"""``zyntro-nb journal FILE [--repair]``: what a bulk journal holds, whether it is damaged, who holds it.

Prints the endpoint and key, the rows by state, the last run's time, the lock holder and
any damaged lines; ``--repair`` rewrites a damaged journal atomically (nothing is sent):
rows whose records the damage may hide become ``unknown``, so a re-run checks them with
the catalog's read before sending any again. Exit status: 0 clean (or repaired), 1 damaged
(or the repair could not be made), 2 usage error (no such file, not a journal).

Example::

    $ zyntro-nb journal imports/contacts.journal
    journal   imports/contacts.journal
    endpoint  crm/addContactsFull (rows keyed by contact.email)
    rows      3: ok 2, unknown 1
    last run  2026-12-06T23:30:00Z
    lock      free
    damaged   line 5 is not a journal record: 1 row(s) would be treated as unknown
              repair it with: zyntro-nb journal imports/contacts.journal --repair
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from .._bulk.journal import Contents, read, repair
from .._bulk.lock import JournalLock, current_holder, describe_holder
from .._config import journal_path
from .._errors import ConfigurationError


def _rows(contents: Contents) -> str:
    counts = {state: n for state, n in contents.counts().items() if n}
    shown = ", ".join(f"{state} {n}" for state, n in counts.items())
    return f"{len(contents.states)}" + (f": {shown}" if shown else "")


def _damage(contents: Contents) -> str:
    parts = []
    if contents.damaged:
        lines = ", ".join(map(str, contents.damaged))
        parts.append(f"line {lines} {'is' if len(contents.damaged) == 1 else 'are'} not a journal record")
    elif contents.torn_tail:
        parts.append("the last record has no line end")
    unsure = contents.unsure()
    if unsure:
        parts.append(f"{len(unsure)} row(s) would be treated as unknown")
    if contents.blind_after:
        parts.append("rows it has no record of would be treated as unknown")
    return ": ".join(parts[:1]) + ("; " + "; ".join(parts[1:]) if parts[1:] else "")


def journal_report(name: str, repair_it: bool, out: TextIO, err: TextIO) -> int:
    """Print the journal's report (and repair it if asked); the exit status."""
    path = journal_path(name)
    if not path.exists():
        print(f"zyntro-nb journal: no such file: {name}", file=err)
        return 2
    if path.is_dir():
        print(f"zyntro-nb journal: {name} is a directory; pass the journal file", file=err)
        return 2
    try:
        contents = read(path)
    except ConfigurationError as error:
        print(f"zyntro-nb journal: {error.message}", file=err)
        return 2
    except OSError as exc:
        print(f"zyntro-nb journal: cannot read {name}: {exc.strerror or exc}", file=err)
        return 2
    header = contents.header
    key = header.get("key")
    keyed = "a hash of each row's parameters" if key == "hash" else key
    holder = current_holder(path)
    rows = [("journal", str(path)), ("endpoint", f"{header.get('endpoint')} (rows keyed by {keyed})"),
            ("rows", _rows(contents)), ("last run", contents.last_run() or "-"),
            ("lock", "free" if holder is None else f"held by {describe_holder(holder)}")]
    if contents.blind_after and contents.clean:
        rows.append(("note", f"an earlier repair found damage (line {', '.join(map(str, contents.marker_lines))}): "
                     "rows it has no record of are treated as unknown"))
    for label, value in rows:
        print(f"{label:9} {value}", file=out)
    if contents.clean:
        return 0
    print(f"{'damaged':9} {_damage(contents)}", file=out)
    if not repair_it:
        print(f"{'':9} repair it with: zyntro-nb journal {name} --repair", file=out)
        return 1
    lock = JournalLock(path)
    lock.acquire(0)  # JournalBusyError (exit 1) while a run holds it
    try:
        contents = read(path)  # again, under the lock
        done = repair(path, contents, warn=False) if not contents.clean else []
    finally:
        lock.release()
    kept = Path(str(path) + ".damaged")
    print(f"{'repaired':9} {'; '.join(done) or 'line ends restored'}; nothing was sent", file=out)
    if kept.exists():
        print(f"{'':9} the damaged copy is kept as {kept}", file=out)
    return 0
