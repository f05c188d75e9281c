"""A bulk run in a process of its own, for the tests of one run per journal (not a test module).

``python bulk_child.py JOURNAL ROWS LATENCY [LOCK_TIMEOUT]``: creates ROWS contacts through
``Session.bulk`` against an in-process sandbox whose answers come LATENCY seconds late, with
the journal JOURNAL, and prints one JSON line: the statuses counted and the writes the sandbox
applied, or the typed error's name, message, fix and holder.

Example::

    $ python tests/bulk/bulk_child.py /tmp/j.journal 5 0.2
    {"counts": {"ok": 5}, "writes": 5, "pid": 4242}
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter

import zyntro_nb as zn
from zyntro_nb.sandbox import Sandbox


def main(argv: list[str]) -> int:
    journal, rows, latency = argv[0], int(argv[1]), float(argv[2])
    lock_timeout = float(argv[3]) if len(argv) > 3 else None
    with Sandbox() as sandbox:
        if latency:
            sandbox.faults.add("latency", "crm/addContactsFull", seconds=latency)
        session = zn.connect(sandbox=sandbox, current=False)
        table = [{"contact.email": f"p{n}@lock.example.com", "contact.firstName": "P"} for n in range(rows)]
        try:
            frame = session.bulk("crm", "addContactsFull", table, journal=journal, key="contact.email",
                                 concurrency=1, progress=False, lock_timeout=lock_timeout)
        except zn.ZyntroError as error:
            print(json.dumps({"error": type(error).__name__, "message": error.message, "fix": error.fix,
                              "holder": getattr(error, "holder", None), "writes": sandbox.writes_total,
                              "pid": os.getpid()}), flush=True)
            return 1
        print(json.dumps({"counts": dict(Counter(frame["_status"])), "writes": sandbox.writes_total,
                          "pid": os.getpid()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
