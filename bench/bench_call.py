"""Overhead of ``Session.call`` against hand-written ``httpx.post`` + ``pd.json_normalize``.

Both sides talk to the same in-process sandbox, so the ratio isolates what the
toolkit adds (validation, envelope checks, typed frames). Prints ratios against
the baseline measured in the same run; asserts nothing.

Example::

    $ python bench/bench_call.py
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

import httpx
import pandas as pd

import zyntro_nb as zn
from zyntro_nb.sandbox import Sandbox

ROUNDS = 7
CALLS = 40


def timed(fn: Callable[[], object]) -> float:
    """Median seconds per call of ``fn`` over ROUNDS rounds of CALLS calls."""
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(CALLS):
            fn()
        samples.append((time.perf_counter() - start) / CALLS)
    return statistics.median(samples)


def main() -> None:
    sandbox = Sandbox()
    creds = sandbox.credentials
    session = zn.connect(sandbox=sandbox)
    client = httpx.Client(transport=sandbox.transport(), base_url="http://sandbox.local")

    def by_hand(action: str, **params: object) -> pd.DataFrame:
        response = client.post(f"/apis/v2/public/edge/{action}", content=json.dumps({**creds, **params}),
                               headers={"Content-Type": "application/json"})
        return pd.json_normalize(response.json()["data"])

    cases = {
        "getEnrollments, 50 rows": (lambda: by_hand("getEnrollments", limit=50),
                                    lambda: session.call("edge", "getEnrollments", limit=50)),
        "getItems": (lambda: by_hand("getItems"), lambda: session.call("edge", "getItems")),
    }
    print(f"{'case':28} {'by hand (ms)':>13} {'zyntro_nb (ms)':>15} {'ratio':>7}")
    for name, (baseline, ours) in cases.items():
        base, mine = timed(baseline), timed(ours)
        print(f"{name:28} {base * 1e3:13.2f} {mine * 1e3:15.2f} {mine / base:7.2f}")
    paged_base = timed(lambda: [by_hand("getEnrollments", limit=50, offset=o) for o in (0, 50, 100)])
    paged_ours = timed(lambda: session.call("edge", "getEnrollments", all_pages=True))
    print(f"{'all pages (3 x 50)':28} {paged_base * 1e3:13.2f} {paged_ours * 1e3:15.2f} "
          f"{paged_ours / paged_base:7.2f}")


if __name__ == "__main__":
    main()
