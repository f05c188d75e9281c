"""Bulk reads against a rate-limited server: ``Session.bulk`` beside a raw pool that sleeps each 429 (figure B2).

1,000 ``crm/fetchContact`` reads against the sandbox served on 127.0.0.1 in its own process,
every answer 20 ms late and a limit of 100 requests a second per API key (a token bucket
holding one second's worth; beyond it HTTP 429 with ``Retry-After`` in whole seconds):

- ``raw pool`` (the anchor): 16 threads posting with one shared ``httpx.Client``; a thread
  that meets a 429 sleeps its ``Retry-After`` and tries again;
- ``Session.bulk``: ``s.bulk("crm", "fetchContact", rows, concurrency=16)``, which learns the
  pace from the 429s and the answers between them and shares it across its workers.

Goals (issue 21): bulk at ≥ 90% of the limit (≤ 11.1 s for 1,000) with ≤ 5% of requests
answered 429; against the anchor, ≥ 95% of its pace (time ≤ anchor / 0.95) with at most half
its share of 429s. Each side starts with a full bucket (a pause lets it refill). Prints the
figures; asserts nothing.

``run(quick)`` returns the figure rows for ``bench/run.py``; ``--quick`` uses 300 reads.

Example::

    $ python bench/bench_rate.py            # or --quick
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

import zyntro_nb as zn

FIGURES = ("B2",)
CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
LATENCY = 0.020
LIMIT = 100  # requests a second
CONCURRENCY = 16
READS, QUICK_READS = 1000, 300
ROUNDS, QUICK_ROUNDS = 3, 1
PATH = "/apis/v2/public/crm/fetchContact"
REFILL = 1.5  # seconds between measurements: the server's bucket is full again


def _serve(conn: Any) -> None:
    """Child process: a sandbox on 127.0.0.1 with real time, 20 ms answers and a 100/s limit per key."""
    from zyntro_nb.sandbox import Sandbox
    from zyntro_nb.sandbox._app import SystemClock

    with Sandbox(clock=SystemClock(), rate_limit=f"{LIMIT}/s") as sandbox:
        sandbox.faults.add("latency", seconds=LATENCY)
        server = sandbox.serve(port=0)
        conn.send((server.url, sandbox.credentials))
        conn.recv()  # wait for the parent to say stop
        server.close()


def raw_pool(url: str, creds: dict[str, str], reads: int) -> tuple[float, int, int]:
    """Seconds, requests and 429s for ``reads`` posts by 16 threads that sleep each 429's Retry-After."""
    body = json.dumps({**creds, "contact_id": CONTACT}).encode()
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    counts = {"requests": 0, "429": 0}
    lock = threading.Lock()
    with httpx.Client(base_url=url, limits=limits, headers={"Content-Type": "application/json"}) as client:

        def one(_: int) -> Any:
            while True:
                response = client.post(PATH, content=body)
                with lock:
                    counts["requests"] += 1
                if response.status_code == 429:
                    with lock:
                        counts["429"] += 1
                    time.sleep(float(response.headers.get("Retry-After", "1")))
                    continue
                response.raise_for_status()
                return response.json()["data"]

        list(ThreadPoolExecutor(CONCURRENCY).map(one, range(CONCURRENCY)))  # open the connections
        time.sleep(REFILL)
        counts.update(requests=0, **{"429": 0})
        start = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            answers = list(pool.map(one, range(reads)))
        elapsed = time.perf_counter() - start
    assert len(answers) == reads
    time.sleep(REFILL)
    return elapsed, counts["requests"], counts["429"]


def bulk(url: str, creds: dict[str, str], reads: int) -> tuple[float, int, int]:
    """Seconds, requests and 429s for ``Session.bulk`` over ``reads`` rows with 16 workers."""
    import pandas as pd

    with zn.Session(**creds, base_url=url, env={}) as session:
        session.bulk("crm", "fetchContact", [{"contact_id": CONTACT}] * CONCURRENCY, concurrency=CONCURRENCY,
                     progress=False)  # open the connections
        time.sleep(REFILL)
        rows = pd.DataFrame({"contact_id": [CONTACT] * reads})
        start = time.perf_counter()
        df = session.bulk("crm", "fetchContact", rows, concurrency=CONCURRENCY, progress=False)
        elapsed = time.perf_counter() - start
    assert (df["_status"] == "ok").all() and len(df) == reads, df["_status"].value_counts()
    refused = int(df.attrs["zyntro"]["throttled"])
    time.sleep(REFILL)
    return elapsed, reads + refused, refused


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Measure and return figure B2's row: bulk against the raw pool, both under the limit."""
    from timing import figure

    reads = QUICK_READS if quick else READS
    rounds = QUICK_ROUNDS if quick else ROUNDS
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=_serve, args=(child,), daemon=True)
    server.start()
    raws: list[tuple[float, int, int]] = []
    ours: list[tuple[float, int, int]] = []
    try:
        url, creds = parent.recv()
        for n in range(rounds):  # alternated: raw, bulk, bulk, raw, ...
            first, second = (raw_pool, bulk) if n % 2 == 0 else (bulk, raw_pool)
            for fn in (first, second):
                (raws if fn is raw_pool else ours).append(fn(url, creds, reads))
    finally:
        parent.send("stop")
        server.join(10)
        if server.is_alive():
            server.terminate()
    raw_s = statistics.median(r[0] for r in raws)
    our_s = statistics.median(r[0] for r in ours)
    raw_share = sum(r[2] for r in raws) / sum(r[1] for r in raws)
    our_share = sum(r[2] for r in ours) / sum(r[1] for r in ours)
    limit_s = reads / LIMIT / 0.9
    passed = our_s <= limit_s and our_share <= 0.05 and our_s <= raw_s / 0.95 and our_share <= raw_share / 2
    note = (f"429s: bulk {our_share:.1%} of requests, raw pool {raw_share:.1%}; bulk at "
            f"{reads / our_s / LIMIT:.0%} of the {LIMIT}/s limit (raw pool {reads / raw_s / LIMIT:.0%}); "
            f"{reads} reads, {LATENCY * 1000:.0f} ms latency, {CONCURRENCY} workers, {rounds} round(s)")
    return [figure("B2", f"bulk reads under a {LIMIT}/s limit, {reads:,} × 20 ms, 16 workers",
                   "16-thread raw httpx pool sleeping Retry-After", raw_s, our_s,
                   f"≤ {limit_s:.1f} s, ≤ 1/0.95× anchor; 429s ≤ 5% and ≤ ½ anchor's", passed,
                   note=note) | {"raw_429_share": raw_share, "bulk_429_share": our_share}]


def main(argv: list[str]) -> None:
    import os

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    (row,) = run(quick="--quick" in argv)
    print(f"B2: {row['what']}")
    print(f"raw pool  {row['anchor_s']:6.2f} s   429s {row['raw_429_share']:.1%}")
    print(f"bulk      {row['ours_s']:6.2f} s   429s {row['bulk_429_share']:.1%}")
    print(f"ratio {row['ratio']:.2f} ({row['goal']}): {'pass' if row['passed'] else 'FAIL'}")
    print(row["note"])


if __name__ == "__main__":
    main(sys.argv[1:])
