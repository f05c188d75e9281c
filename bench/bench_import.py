"""Start-up cost: ``import zyntro_nb`` and ``%load_ext zyntro_nb`` (figures L1 and L2).

Each round starts fresh interpreters: a bare one (the anchor) and one that imports the
package, alternately. The figure is the difference of the medians, in CPU time (user +
system) of the child: on an idle machine that equals the wall time, and on a loaded one it
leaves out the time spent waiting for a CPU (the wall-time difference is reported too).

The package's modules are byte-compiled first, as an installed package is (this also
matters where ``PYTHONDONTWRITEBYTECODE`` is set).

Example::

    $ python bench/bench_import.py --quick
"""

from __future__ import annotations

import compileall
import sys
from pathlib import Path
from typing import Any

from timing import alternate_children, figure

import zyntro_nb

GOAL_S = 0.060
IPYTHON = [sys.executable, "-m", "IPython", "--quick", "--no-banner", "--HistoryManager.enabled=False",
           "--colors=NoColor", "-c"]

FIGURES = ("L1", "L2")


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Figures L1 and L2 as table rows."""
    compileall.compile_dir(str(Path(zyntro_nb.__file__).parent), quiet=1)
    rounds = 1 if quick else 15
    l1 = alternate_children([sys.executable, "-c", "pass"], [sys.executable, "-c", "import zyntro_nb"],
                            rounds=rounds, warmup=1)
    l2 = alternate_children([*IPYTHON, "pass"], [*IPYTHON, "%load_ext zyntro_nb"], rounds=max(1, rounds // 2),
                            warmup=1)
    rows = []
    for figure_id, what, anchor, measured in (
        ("L1", "import zyntro_nb", "python -c pass", l1),
        ("L2", "%load_ext zyntro_nb", "bare IPython start", l2),
    ):
        added = measured["ours_cpu"] - measured["anchor_cpu"]
        wall = measured["ours_wall"] - measured["anchor_wall"]
        rows.append(figure(figure_id, what, anchor, measured["anchor_cpu"], measured["ours_cpu"], "<= +60 ms",
                           added <= GOAL_S, ratio=measured["ours_cpu"] / measured["anchor_cpu"],
                           note=f"+{added * 1000:.0f} ms CPU; wall +{wall * 1000:.0f} ms "
                                f"({measured['anchor_wall'] * 1000:.0f} -> {measured['ours_wall'] * 1000:.0f} ms)"))
        rows[-1].update({f"{k}_s": v for k, v in measured.items()})
    return rows


if __name__ == "__main__":
    from run import print_table

    print_table(run(quick="--quick" in sys.argv[1:]))
