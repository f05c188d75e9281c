"""Bulk reads: ``Session.bulk`` against a hand-written thread pool and a plain ``for`` loop (figure B1).

1,000 ``crm/fetchContact`` reads against the sandbox served on 127.0.0.1 in its own
process, every answer 20 ms late (a latency fault), three ways in the same run:

- ``raw pool``: 16 threads posting with one shared ``httpx.Client`` and parsing the JSON
  (the floor a user could write by hand; no checks, no frames);
- ``Session.bulk``: ``s.bulk("crm", "fetchContact", rows, concurrency=16)``, one DataFrame;
- ``for loop``: ``Session.call`` once per row, one after the other.

Targets (issue 12): bulk ≤ 1.10 × the raw pool, and ≥ 15 × faster than the loop. The
zero-cost ideal is 1,000 × 20 ms / 16 = 1.25 s. Prints ratios; asserts nothing.

``run(quick)`` returns the figure rows for ``bench/run.py``; ``--quick`` uses 200 reads.

Example::

    $ python bench/bench_bulk.py            # or --quick
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

import zyntro_nb as zn

FIGURES = ("B1",)
CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
LATENCY = 0.020
CONCURRENCY = 16
READS, QUICK_READS = 1000, 200
ROUNDS, QUICK_ROUNDS = 3, 1
PATH = "/apis/v2/public/crm/fetchContact"


def _serve(conn: Any) -> None:
    """Child process: a sandbox on 127.0.0.1 with real time and a 20 ms latency on every answer."""
    from zyntro_nb.sandbox import Sandbox
    from zyntro_nb.sandbox._app import SystemClock

    with Sandbox(clock=SystemClock()) as sandbox:
        sandbox.faults.add("latency", seconds=LATENCY)
        server = sandbox.serve(port=0)
        conn.send((server.url, sandbox.credentials))
        conn.recv()  # wait for the parent to say stop
        server.close()


def raw_pool(url: str, creds: dict[str, str], reads: int) -> float:
    """Seconds for ``reads`` posts by a hand-written pool of CONCURRENCY threads on one client."""
    body = json.dumps({**creds, "contact_id": CONTACT}).encode()
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    with httpx.Client(base_url=url, limits=limits, headers={"Content-Type": "application/json"}) as client:

        def one(_: int) -> Any:
            response = client.post(PATH, content=body)
            response.raise_for_status()
            return response.json()["data"]

        list(ThreadPoolExecutor(CONCURRENCY).map(one, range(CONCURRENCY)))  # open the connections
        start = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            answers = list(pool.map(one, range(reads)))
        elapsed = time.perf_counter() - start
    assert len(answers) == reads
    return elapsed


def session_for(url: str, creds: dict[str, str]) -> zn.Session:
    return zn.Session(**creds, base_url=url, env={})


def bulk(url: str, creds: dict[str, str], reads: int) -> float:
    """Seconds for ``Session.bulk`` over ``reads`` rows with CONCURRENCY workers."""
    import pandas as pd

    with session_for(url, creds) as session:
        session.bulk("crm", "fetchContact", [{"contact_id": CONTACT}] * CONCURRENCY, concurrency=CONCURRENCY,
                     progress=False)  # open the connections
        rows = pd.DataFrame({"contact_id": [CONTACT] * reads})
        start = time.perf_counter()
        df = session.bulk("crm", "fetchContact", rows, concurrency=CONCURRENCY, progress=False)
        elapsed = time.perf_counter() - start
    assert (df["_status"] == "ok").all() and len(df) == reads
    return elapsed


def loop(url: str, creds: dict[str, str], reads: int) -> float:
    """Seconds for ``reads`` calls of ``Session.call`` one after the other."""
    with session_for(url, creds) as session:
        session.call("crm", "fetchContact", contact_id=CONTACT)
        start = time.perf_counter()
        for _ in range(reads):
            session.call("crm", "fetchContact", contact_id=CONTACT)
        return time.perf_counter() - start


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Measure and return figure B1's rows (one per way, with ratios against the raw pool and the loop)."""
    reads = QUICK_READS if quick else READS
    rounds = QUICK_ROUNDS if quick else ROUNDS
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=_serve, args=(child,), daemon=True)
    server.start()
    try:
        url, creds = parent.recv()
        raw = statistics.median(raw_pool(url, creds, reads) for _ in range(rounds))
        ours = statistics.median(bulk(url, creds, reads) for _ in range(rounds))
        # The loop is slow by nature (reads × 20 ms); one round of it is enough.
        seq = loop(url, creds, reads)
    finally:
        parent.send("stop")
        server.join(10)
        if server.is_alive():
            server.terminate()
    ideal = reads * LATENCY / CONCURRENCY
    common = {"figure": "B1", "reads": reads, "latency_ms": LATENCY * 1000, "concurrency": CONCURRENCY,
              "ideal_s": ideal}
    return [
        {**common, "case": "raw httpx pool (16 threads)", "seconds": raw, "vs_ideal": raw / ideal},
        {**common, "case": "Session.bulk", "seconds": ours, "vs_ideal": ours / ideal,
         "vs_raw_pool": ours / raw, "target_vs_raw_pool": 1.10, "speedup_vs_loop": seq / ours,
         "target_speedup_vs_loop": 15.0},
        {**common, "case": "for loop of Session.call", "seconds": seq, "vs_ideal": seq / ideal},
    ]


def main(argv: list[str]) -> None:
    rows = run(quick="--quick" in argv)
    reads = rows[0]["reads"]
    print(f"B1: {reads:,} reads, {LATENCY * 1000:.0f} ms latency, concurrency {CONCURRENCY} "
          f"(ideal {rows[0]['ideal_s']:.2f} s), sandbox served in its own process")
    print(f"{'case':30} {'seconds':>8} {'x ideal':>8}")
    for row in rows:
        print(f"{row['case']:30} {row['seconds']:8.2f} {row['vs_ideal']:8.2f}")
    ours = rows[1]
    print(f"Session.bulk / raw pool: {ours['vs_raw_pool']:.2f} (target <= 1.10)")
    print(f"for loop / Session.bulk: {ours['speedup_vs_loop']:.1f} (target >= 15)")


if __name__ == "__main__":
    main(sys.argv[1:])
