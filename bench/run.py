"""Run every benchmark and print one table: figure, anchor time, ours, ratio, goal, pass/fail.

Each ``bench/bench_*.py`` module with a ``run(quick: bool) -> list[dict]`` function is a
figure source, picked up by name, so new benchmarks join without touching this file. A row
is a dict; the preferred shape (``timing.figure``) has ``figure``, ``what``, ``anchor``,
``anchor_s``, ``ours_s``, ``ratio``, ``goal``, ``passed`` and ``note``. Rows in the other
shape — ``case``/``seconds`` plus ``<ratio>`` / ``target_<ratio>`` pairs, as
``bench_bulk.py`` returns — are shown as well (``speedup…`` targets are minimums, others
maximums).

``--quick`` runs every figure briefly, checks that each works and gives the same values,
and asserts no timing (CI runs it). ``--json FILE`` also writes the rows. ``--only F1,C2``
keeps some figures (by id prefix of the module's rows: all of a module runs).

Example::

    $ python bench/run.py              # full run, several minutes
    $ python bench/run.py --quick      # seconds; part of .ci/run
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Figures whose modules run first, in this order; any other bench_*.py follows by name.
ORDER = ("bench_frames", "bench_call", "bench_import", "bench_bulk")


def modules() -> list[str]:
    found = sorted(path.stem for path in HERE.glob("bench_*.py"))
    return [name for name in ORDER if name in found] + [name for name in found if name not in ORDER]


def normalise(row: dict[str, Any]) -> dict[str, Any]:
    """A row in the table's shape, whichever shape the module returned."""
    if "anchor_s" in row:
        return row
    targets = [key for key in row if key.startswith("target_") and key[len("target_"):] in row]
    out = {"figure": row.get("figure", "?"), "what": row.get("case", ""), "anchor": "", "anchor_s": None,
           "ours_s": row.get("seconds"), "ratio": None, "goal": "", "passed": None, "note": ""}
    checks = []
    for key in targets:
        name, target, value = key[len("target_"):], row[key], row[key[len("target_"):]]
        better_high = name.startswith("speedup")
        checks.append(value >= target if better_high else value <= target)
        label = f"{name} {value:.2f} ({'>=' if better_high else '<='} {target:g})"
        if out["ratio"] is None:
            out["ratio"], out["goal"] = value, f"{'>=' if better_high else '<='} {target:g}x"
            out["anchor"] = name.replace("vs_", "").replace("speedup_", "").replace("_", " ")
        else:
            out["note"] = (out["note"] + "; " if out["note"] else "") + label
    if checks:
        out["passed"] = all(checks)
        for key in ("reads", "latency_ms", "concurrency"):
            if key in row:
                out["note"] = (out["note"] + "; " if out["note"] else "") + f"{key} {row[key]}"
    return out


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:,.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:,.1f} ms"
    return f"{seconds:,.2f} s"


def print_table(rows: list[dict[str, Any]], quick: bool = False) -> None:
    header = ("figure", "what", "anchor", "anchor time", "ours", "ratio", "goal", "result")
    lines = []
    for row in map(normalise, rows):
        verdict = "-" if row["passed"] is None else ("pass" if row["passed"] else "FAIL")
        if quick:
            verdict = "ran"  # quick runs check that figures work; their timings mean nothing
        lines.append((row["figure"], row["what"], row["anchor"], _time(row["anchor_s"]), _time(row["ours_s"]),
                      "-" if row["ratio"] is None else f"{row['ratio']:.2f}x", row["goal"], verdict))
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)))
    notes = [(row["figure"], row["note"]) for row in map(normalise, rows) if row.get("note")]
    for figure_id, note in notes:
        print(f"  {figure_id}: {note}")


def machine() -> str:
    import httpx
    import numpy
    import pandas

    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return (f"{platform.platform()}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
            f"pandas {pandas.__version__}; numpy {numpy.__version__}; httpx {httpx.__version__}; "
            f"load average {' '.join(f'{x:.2f}' if isinstance(x, float) else x for x in load)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="run every figure briefly; no timing is judged")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--only", metavar="IDS", help="comma-separated figure id prefixes, e.g. F,C1")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    wanted = tuple(x.strip() for x in args.only.split(",")) if args.only else None
    print(machine())
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for name in modules():
        module = importlib.import_module(name)
        if not callable(getattr(module, "run", None)):
            continue
        ids = getattr(module, "FIGURES", None)  # optional: lets --only skip a module without running it
        if wanted and ids and not any(str(i).startswith(wanted) for i in ids):
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        found = module.run(args.quick)
        rows.extend(row for row in found if wanted is None or str(row.get("figure", "")).startswith(wanted))
    print(f"({'quick run, ' if args.quick else ''}{time.perf_counter() - started:,.0f} s)")
    print_table(rows, quick=args.quick)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
