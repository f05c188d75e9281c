"""The bulk call's worker pool: a few threads taking rows, a progress bar, and a clean stop on Ctrl-C.

Workers store each row's outcome themselves and count it; the caller's thread only moves
the progress bar a few times a second and, on Ctrl-C, stops the pool and waits (bounded)
for the calls in flight, which finish and are journalled.

Example::

    >>> bar = progress_bar(False, total=10, label="crm/fetchContact")
    >>> bar is None
    True
"""

from __future__ import annotations

import threading
import time
from typing import Any

from .._defaults import BULK_STOP_WAIT
from .run import Outcome, Run, error_text

PROGRESS_INTERVAL = 0.1  # seconds between progress bar updates


def work(run: Run, tasks: list[tuple[int, bool]], concurrency: int, stop_on_error: bool,
          bar: Any) -> Outcome | None:
    """Run ``tasks`` on up to ``concurrency`` threads; progress and stopping happen here, in the caller's thread.

    Workers store each outcome themselves (so a Ctrl-C here cannot lose one) and count it; this
    thread wakes a few times a second to move the bar, not once per row (it would compete with the
    workers for the interpreter).
    """
    done_before = sum(o is not None for o in run.outcomes)
    if bar is not None and done_before:
        bar.update(done_before)
    if not tasks:
        return None
    pending = list(reversed(tasks))
    lock = threading.Lock()
    tally = {"done": 0, "errors": 0}
    failures: list[Outcome] = []

    def worker() -> None:
        while not run.throttle.stopping:
            with lock:
                if not pending:
                    return
                position, check_first = pending.pop()
                run.in_flight.add(position)
            try:
                outcome = run.verify_then_send(position) if check_first else run.send(position)
            except BaseException as error:  # pragma: no cover - send() turns failures into outcomes
                outcome = Outcome("unknown" if run.is_write else "error", error=error_text(error),
                                  error_type=type(error).__name__, exception=error)
            failed = outcome.status in ("error", "unknown")
            if stop_on_error and failed:
                run.throttle.stop()  # here, not in the caller's thread, so no further row is taken
            with lock:
                run.outcomes[position] = outcome
                run.in_flight.discard(position)
                tally["done"] += 1
                if failed:
                    tally["errors"] += 1
                    failures.append(outcome)

    threads = [threading.Thread(target=worker, name=f"zyntro-bulk-{i}", daemon=True)
               for i in range(min(concurrency, len(tasks)))]
    shown = errors_shown = 0
    try:
        for thread in threads:
            thread.start()
        while True:
            alive = [t for t in threads if t.is_alive()]
            if alive:
                alive[0].join(PROGRESS_INTERVAL)
            if bar is not None:
                with lock:
                    done, errors = tally["done"], tally["errors"]
                if errors != errors_shown:
                    bar.set_postfix(errors=errors, refresh=False)
                    errors_shown = errors
                if done != shown:
                    bar.update(done - shown)
                    shown = done
            if not alive:
                break
    except KeyboardInterrupt:
        run.throttle.stop()
        drain(threads)
        raise
    return failures[0] if stop_on_error and failures else None


def drain(threads: list[threading.Thread]) -> None:
    """After Ctrl-C: let the calls in flight finish (bounded; the workers store their outcomes); a second
    Ctrl-C stops waiting.

    Waits on what ``threading.enumerate()`` still lists, not on ``is_alive()``: a Ctrl-C that lands inside
    ``Thread.start()`` leaves a worker that is launched but not yet marked started, and it must be waited
    for too (it sees the stop flag and ends at once).
    """
    deadline = time.monotonic() + BULK_STOP_WAIT
    mine = set(threads)
    try:
        while time.monotonic() < deadline:
            running = [thread for thread in threading.enumerate() if thread in mine]
            if not running:
                return
            for thread in running:
                if thread.is_alive():
                    thread.join(max(0.0, min(0.05, deadline - time.monotonic())))
                else:
                    time.sleep(0.001)
    except KeyboardInterrupt:
        pass


def progress_bar(progress: bool | None, total: int, label: str) -> Any:
    if progress is False or (progress is None and total <= 1):
        return None
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=label, unit="row", dynamic_ncols=True)
    bar.set_postfix(errors=0, refresh=False)
    return bar
