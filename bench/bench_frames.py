"""Answer data to DataFrame: ``to_frame`` against ``pd.json_normalize`` (figures F1 and F2).

- F1: one customer answer, 30 columns once flattened (the common single-record call).
- F2: 100,000 nested customer records, 51 columns (a bulk or all-pages result): time,
  and peak memory traced by ``tracemalloc`` during each build.

Both sides get the same Python data in the same process; rounds alternate. Before
timing, the frames are checked: same rows and columns as ``json_normalize``, same values,
ids still strings and integers exact (``json_normalize`` turns integers with gaps into floats,
``to_frame`` keeps them as ``Int64``).

Example::

    $ python bench/bench_frames.py --quick
"""

from __future__ import annotations

import math
import sys
import tracemalloc
from typing import Any

import pandas as pd
from records import nested_records, wide_row
from timing import alternate, figure

from zyntro_nb._frames.frames import to_frame

F2_RECORDS, F2_QUICK = 100_000, 2_000


def same_values(ours: pd.DataFrame, anchor: pd.DataFrame) -> None:
    """Assert the two frames hold the same cells (anchor's floats may stand for our exact ints)."""
    assert len(ours) == len(anchor), (len(ours), len(anchor))
    assert set(ours.columns) == set(anchor.columns), set(ours.columns) ^ set(anchor.columns)
    for name in anchor.columns:
        for mine, theirs in zip(ours[name].tolist(), anchor[name].tolist(), strict=True):
            if _missing(mine) and _missing(theirs):
                continue
            assert mine == theirs, (name, mine, theirs)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def exact(ours: pd.DataFrame, records: list[dict[str, Any]]) -> None:
    """Assert what json_normalize does not keep: string ids, exact big ints, Int64 with gaps."""
    assert ours["account_number"].tolist()[:100] == [r["account_number"] for r in records[:100]]
    assert isinstance(ours.loc[0, "account_number"], str)
    assert ours["external_ref"].tolist() == [r["external_ref"] for r in records]
    assert str(ours["credit_limit"].dtype) == "Int64"
    limits = [None if v is pd.NA else v for v in ours["credit_limit"].tolist()]
    assert limits == [r["credit_limit"] for r in records]


def peak_bytes(build: Any) -> int:
    """Peak bytes traced while ``build()`` runs (above what was allocated before it started)."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = build()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return peak - base


FIGURES = ("F1", "F2")


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Figures F1 and F2 as table rows."""
    row = wide_row()
    same_values(to_frame(row), pd.json_normalize(row))
    rounds, calls = (1, 5) if quick else (9, 300)
    anchor_s, ours_s = alternate(lambda: pd.json_normalize(row), lambda: to_frame(row), rounds=rounds,
                                 calls=calls, warmup=20)
    f1 = figure("F1", "one row, 30 columns -> DataFrame", "pd.json_normalize", anchor_s, ours_s, "<= 0.50x",
                ours_s / anchor_s <= 0.5)

    records = nested_records(F2_QUICK if quick else F2_RECORDS)
    ours_frame, anchor_frame = to_frame(records), pd.json_normalize(records)
    same_values(ours_frame, anchor_frame)
    exact(ours_frame, records)
    del ours_frame, anchor_frame
    rounds = 1 if quick else 5
    anchor_s, ours_s = alternate(lambda: pd.json_normalize(records), lambda: to_frame(records), rounds=rounds,
                                 calls=1, warmup=0)
    anchor_peak = peak_bytes(lambda: pd.json_normalize(records))
    ours_peak = peak_bytes(lambda: to_frame(records))
    ratio = ours_s / anchor_s
    f2 = figure("F2", f"{len(records):,} nested records, 51 columns -> DataFrame", "pd.json_normalize",
                anchor_s, ours_s, "<= 0.50x, peak <= anchor's", ratio <= 0.5 and ours_peak <= anchor_peak,
                note=f"peak memory {ours_peak / 2**20:,.0f} MiB vs {anchor_peak / 2**20:,.0f} MiB")
    f2["ours_peak_bytes"], f2["anchor_peak_bytes"] = ours_peak, anchor_peak
    return [f1, f2]


if __name__ == "__main__":
    from run import print_table

    print_table(run(quick="--quick" in sys.argv[1:]))
