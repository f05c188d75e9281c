"""Side-by-side timing for the benchmarks: warm-up, alternated rounds, medians, CPU time of children.

Every figure compares an *anchor* (what a user could write by hand) with *ours*, measured
in the same process and the same minutes, so machine load affects both alike. Rounds
alternate ABBA-style (anchor, ours, ours, anchor, …) so a drift in load does not favour
either side; the figure is the median of the per-round means.

Example::

    >>> anchor, ours = alternate(lambda: sum(range(10)), lambda: sum(range(10)), rounds=3, calls=5)
    >>> anchor > 0 and ours > 0
    True
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from typing import Any


def per_call(fn: Callable[[], Any], calls: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Mean seconds per call of ``fn`` over ``calls`` calls."""
    start = clock()
    for _ in range(calls):
        fn()
    return (clock() - start) / calls


def alternate(
    anchor: Callable[[], Any],
    ours: Callable[[], Any],
    *,
    rounds: int,
    calls: int,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[float, float]:
    """Median seconds per call of ``anchor`` and ``ours``: ``warmup`` calls each, then ABBA rounds."""
    for _ in range(warmup):
        anchor()
        ours()
    a: list[float] = []
    b: list[float] = []
    for i in range(rounds):
        if i % 2 == 0:
            a.append(per_call(anchor, calls, clock))
            b.append(per_call(ours, calls, clock))
        else:
            b.append(per_call(ours, calls, clock))
            a.append(per_call(anchor, calls, clock))
    return statistics.median(a), statistics.median(b)


def run_child(argv: Sequence[str], **kwargs: Any) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(list(argv), check=True, stdout=subprocess.DEVNULL, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def alternate_children(
    anchor: Sequence[str], ours: Sequence[str], *, rounds: int, warmup: int = 1, **kwargs: Any
) -> dict[str, float]:
    """Median wall and CPU seconds of two commands run alternately (ABBA), after ``warmup`` runs each."""
    for _ in range(warmup):
        run_child(anchor, **kwargs)
        run_child(ours, **kwargs)
    a: list[tuple[float, float]] = []
    b: list[tuple[float, float]] = []
    for i in range(rounds):
        first, second = (anchor, ours) if i % 2 == 0 else (ours, anchor)
        one, two = run_child(first, **kwargs), run_child(second, **kwargs)
        (a, b)[i % 2].append(one)
        (b, a)[i % 2].append(two)
    return {
        "anchor_wall": statistics.median(w for w, _ in a),
        "ours_wall": statistics.median(w for w, _ in b),
        "anchor_cpu": statistics.median(c for _, c in a),
        "ours_cpu": statistics.median(c for _, c in b),
    }


def figure(
    figure_id: str,
    what: str,
    anchor: str,
    anchor_s: float,
    ours_s: float,
    goal: str,
    passed: bool | None,
    *,
    ratio: float | None = None,
    unit: str = "s",
    note: str = "",
) -> dict[str, Any]:
    """One row of the results table (the shape every ``bench_*.run`` returns)."""
    return {
        "figure": figure_id,
        "what": what,
        "anchor": anchor,
        "anchor_s": anchor_s,
        "ours_s": ours_s,
        "ratio": ours_s / anchor_s if ratio is None else ratio,
        "goal": goal,
        "passed": passed,
        "unit": unit,
        "note": note,
    }


__all__ = ["alternate", "alternate_children", "figure", "per_call", "run_child"]
