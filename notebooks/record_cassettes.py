"""Record a cassette for every analysis notebook, against the sandbox served on 127.0.0.1 with canary credentials.

Usage (from the repository root or anywhere)::

    python notebooks/record_cassettes.py                     # every notebooks/NN-*.ipynb
    python notebooks/record_cassettes.py 05-billing-edge.ipynb
    python notebooks/record_cassettes.py --port 8766         # a fixed port (default: a free one)

Each notebook runs in a fresh kernel on its *real-account* path — ``ZYNTRO_*``
variables naming a canary account of a fresh sandbox served over loopback HTTP,
and ``ZYNTRO_RECORD`` naming its cassette — exactly as an analyst records one
against a real account. The notebook's switch cell finds the server through
``ZYNTRO_BASE_URL``, the variable it already reads, so any port will do: the
sandbox listens on a free one unless ``--port`` names one. Two files per
notebook land in ``notebooks/cassettes/``:

- ``NN-name.zyntro.json``: the cassette (credentials replaced by placeholders);
- ``NN-name.outputs.json``: the recording run's outputs (images left out) with a
  hash of every code cell, which ``tests/test_notebook_replay.py`` compares the
  replayed run against, nbval-style, and which tells it when a notebook changed
  after its cassette was recorded.

Re-recording leaves a file exactly as it is (byte for byte) when the new run
recorded the same thing: for a cassette, the same exchanges (the same answers to
the same requests, in the same order for repeated requests), whatever the
recording's times (``recorded_at``, ``today``, each exchange's ``at``,
``elapsed`` and ``Date`` header) or the port the sandbox listened on; for the
outputs, the same outputs once ``sanitize.cfg`` has masked what legitimately
changes between runs. The script prints, per notebook, which files changed.

The saved notebooks themselves are not touched (``rebuild.py`` makes those,
from the in-process sandbox); each runs as a copy in a scratch folder, so files a
notebook leaves behind (bulk journals) cannot change the next run. The script
refuses to write anything that holds a piece of the canary credentials.
"""

from __future__ import annotations

import argparse
import configparser
import hashlib
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASSETTES = HERE / "cassettes"
DEFAULT_PORT = 0  # a free port: the notebooks read the server's URL from ZYNTRO_BASE_URL
# What nbval never compares; left out of the stored outputs.
SKIPPED_DATA = ("image/png", "image/jpeg", "image/svg+xml", "application/vnd.jupyter.widget-view+json")
# When a recording was made, not what it recorded: ignored when deciding whether a cassette changed.
HEADER_TIMES = ("recorded_at", "today")
EXCHANGE_TIMES = ("at", "elapsed")
HEADER_FIELD_TIMES = ("date",)
BASE_URL = "<base_url>"
_LOOPBACK_URL = re.compile(r"http://127\.0\.0\.1:\d+")

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import rebuild  # noqa: E402  (notebooks/rebuild.py, beside this file)
from tests.notebook_support import CANARY_API_KEY, CANARY_SECRET, canary_account_env, windows  # noqa: E402


def cassette_path(notebook: Path, folder: Path | None = None) -> Path:
    return (CASSETTES if folder is None else folder) / f"{notebook.stem}.zyntro.json"


def outputs_path(notebook: Path, folder: Path | None = None) -> Path:
    return (CASSETTES if folder is None else folder) / f"{notebook.stem}.outputs.json"


def cell_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def kept_outputs(outputs: list[Any]) -> list[dict[str, Any]]:
    """A cell's outputs as nbval compares them: no images, widget views, metadata or counters."""
    kept = []
    for output in outputs:
        item: dict[str, Any] = {"output_type": output["output_type"]}
        if output["output_type"] == "stream":
            item.update(name=output["name"], text=output["text"])
        elif output["output_type"] == "error":
            item.update(ename=output["ename"], evalue=output["evalue"])
        else:
            item["data"] = {k: v for k, v in output.get("data", {}).items() if k not in SKIPPED_DATA}
        kept.append(item)
    return kept


def execute_isolated(notebook: Path, env: dict[str, str]) -> Any:
    """Run a copy of ``notebook`` in a scratch folder (``data/`` linked in), so that files a run leaves
    behind (the bulk notebook's journals) can never change another run's answers."""
    with tempfile.TemporaryDirectory(prefix="zyntro-nb-") as scratch:
        copy = Path(scratch) / notebook.name
        shutil.copy(notebook, copy)
        try:
            (Path(scratch) / "data").symlink_to(HERE / "data", target_is_directory=True)
        except OSError:  # no symlinks here (some Windows setups): copy instead
            shutil.copytree(HERE / "data", Path(scratch) / "data")
        return rebuild.execute(copy, env=env)


# -- has anything changed? ------------------------------------------------------------------------------


def _sanitizers() -> list[tuple[re.Pattern[str], str]]:
    """``sanitize.cfg``'s patterns: the values that legitimately change between runs (ids made while a
    notebook runs, request ids, timings, timestamps)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(HERE / "sanitize.cfg", encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def _sanitized(text: str, base_url: str) -> str:
    if base_url:
        text = text.replace(base_url, BASE_URL)
    text = _LOOPBACK_URL.sub(BASE_URL, text)  # the sandbox's address, in recordings made on another port
    for regex, replace in _sanitizers():
        text = regex.sub(replace, text)
    return text


def comparable_cassette(text: str) -> str:
    """What a cassette recorded, without when, on which port or in which thread order.

    Two recordings of the same exchanges give the same string: the recording's times are
    dropped, its base URL becomes ``<base_url>``, ``sanitize.cfg`` masks what legitimately
    changes between runs (the ids of records made during the run, request ids), and the
    exchanges are compared as a set of groups, one group per request holding its answers in
    the order they came (the order a replay serves them in), so calls made on several
    threads at once may have come in any order.

    Example::

        >>> a = '{"base_url": "http://127.0.0.1:8765", "recorded_at": "1", "exchanges": [{"endpoint": "x", "at": 1}]}'
        >>> b = '{"base_url": "http://127.0.0.1:4001", "recorded_at": "2", "exchanges": [{"endpoint": "x", "at": 2}]}'
        >>> comparable_cassette(a) == comparable_cassette(b)
        True
    """
    document = json.loads(text)
    base = document.get("base_url") if isinstance(document.get("base_url"), str) else ""
    header = {k: v for k, v in document.items() if k not in ("exchanges", *HEADER_TIMES)}
    groups: dict[str, list[str]] = {}
    for exchange in document.get("exchanges", []):
        kept = {k: v for k, v in exchange.items() if k not in EXCHANGE_TIMES}
        if isinstance(kept.get("headers"), dict):
            kept["headers"] = {k: v for k, v in kept["headers"].items() if k.lower() not in HEADER_FIELD_TIMES}
        key = exchange.get("endpoint", "") + " " + json.dumps(exchange.get("request"), sort_keys=True)
        groups.setdefault(key, []).append(_sanitized(json.dumps(kept, sort_keys=True, ensure_ascii=False), base))
    return json.dumps({"header": _sanitized(json.dumps(header, sort_keys=True, ensure_ascii=False), base),
                       "exchanges": sorted(groups.values())}, ensure_ascii=False)


def comparable_outputs(text: str, base_url: str) -> str:
    """Stored outputs with the recording server's URL as ``<base_url>`` and ``sanitize.cfg`` applied."""
    return _sanitized(text, base_url)


def _base_url(cassette_text: str | None) -> str:
    try:
        found = json.loads(cassette_text or "").get("base_url")
    except (ValueError, AttributeError):
        return ""
    return found if isinstance(found, str) else ""


class Recorded(NamedTuple):
    """The outcome for one notebook: how many exchanges and code cells, and which stored files changed."""

    notebook: str
    exchanges: int
    cells: int
    changed: list[str]

    def line(self) -> str:
        what = ", ".join(self.changed) + " changed" if self.changed else "unchanged"
        return f"{self.notebook}: {what} ({self.exchanges} exchanges, {self.cells} code cells)"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def record(notebook: Path, port: int = DEFAULT_PORT, folder: Path | None = None) -> Recorded:
    """Run one notebook against a fresh served sandbox, recording; store what changed in ``folder``
    (default: ``CASSETTES``)."""
    from zyntro_nb.sandbox import Sandbox

    folder = CASSETTES if folder is None else folder

    with tempfile.TemporaryDirectory(prefix="zyntro-nb-recording-") as scratch:
        fresh = cassette_path(notebook, Path(scratch))  # the same file name: the notebook shows it
        with Sandbox() as box:
            ids = box.add_account(api_key=CANARY_API_KEY, developer_secret=CANARY_SECRET)
            server = box.serve(port=port)
            env = {**canary_account_env(ids, server.url), "ZYNTRO_RECORD": str(fresh)}
            nb = execute_isolated(notebook, env)
        new_cassette = fresh.read_text(encoding="utf-8")
    cells = [{"cell": index, "source": cell_hash(cell.source), "outputs": kept_outputs(cell.outputs)}
             for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    new_outputs = json.dumps({"notebook": notebook.name, "recorded_by": "notebooks/record_cassettes.py",
                              "cells": cells}, indent=1, ensure_ascii=False) + "\n"
    pieces = windows(CANARY_API_KEY) | windows(CANARY_SECRET)
    for kind, text in (("cassette", new_cassette), ("outputs", new_outputs)):
        leaked = sorted(piece for piece in pieces if piece in text)
        if leaked:
            raise SystemExit(f"refusing to keep {notebook.stem}'s {kind}: it holds pieces of the canary "
                             f"credentials {leaked[:3]}")
    old_cassette, old_outputs = _read(cassette_path(notebook, folder)), _read(outputs_path(notebook, folder))
    same_cassette = old_cassette is not None and comparable_cassette(old_cassette) == comparable_cassette(
        new_cassette)
    same_outputs = old_outputs is not None and comparable_outputs(old_outputs, _base_url(old_cassette)) == \
        comparable_outputs(new_outputs, _base_url(new_cassette))
    changed = []
    folder.mkdir(parents=True, exist_ok=True)
    if not same_cassette:
        cassette_path(notebook, folder).write_text(new_cassette, encoding="utf-8")
        changed.append("cassette" if old_cassette is not None else "cassette (new)")
    if not same_outputs:
        if same_cassette and _base_url(new_cassette) and _base_url(old_cassette):
            # The kept cassette names the port it was recorded on; outputs that go with it say the same.
            new_outputs = new_outputs.replace(_base_url(new_cassette), _base_url(old_cassette))
        outputs_path(notebook, folder).write_text(new_outputs, encoding="utf-8")
        changed.append("outputs" if old_outputs is not None else "outputs (new)")
    exchanges = len(json.loads(new_cassette)["exchanges"])
    return Recorded(notebook.stem, exchanges, len(cells), changed)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Record a cassette per notebook (sandbox on 127.0.0.1, canary "
                                     "credentials); files whose recording is unchanged are left as they are.")
    parser.add_argument("notebooks", nargs="*", help="notebook file names (default: all NN-*.ipynb)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help="sandbox port (default 0: a free one; the notebooks read it from ZYNTRO_BASE_URL)")
    args = parser.parse_args(argv)
    if (HERE / ".env").exists():
        print(f"refusing to record: {HERE / '.env'} would point the notebooks at a real account", file=sys.stderr)
        return 1
    paths = [HERE / name for name in args.notebooks] if args.notebooks else rebuild.notebook_paths()
    changed = []
    for path in paths:
        started = time.perf_counter()
        try:
            outcome = record(path, args.port)
        except OSError as exc:
            print(f"{path.name}: could not serve the sandbox on port {args.port} ({exc}); try another --port "
                  "(or leave it out for a free one)", file=sys.stderr)
            return 1
        print(f"{outcome.line()}, {time.perf_counter() - started:.1f} s", flush=True)
        if outcome.changed:
            changed.append(outcome.notebook)
    print(f"{len(changed)} of {len(paths)} changed: {', '.join(changed)}" if changed
          else f"no cassette changed ({len(paths)} recorded again, files left as they were)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
