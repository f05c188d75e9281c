"""Record a cassette for every analysis notebook, against the sandbox served on 127.0.0.1 with canary credentials.

Usage (from the repository root or anywhere)::

    python notebooks/record_cassettes.py                     # every notebooks/NN-*.ipynb
    python notebooks/record_cassettes.py 05-billing-edge.ipynb
    python notebooks/record_cassettes.py --port 8766         # if 8765 is taken

Each notebook runs in a fresh kernel on its *real-account* path — ``ZYNTRO_*``
variables naming a canary account of a fresh sandbox served over loopback HTTP,
and ``ZYNTRO_RECORD`` naming its cassette — exactly as an analyst records one
against a real account. Two files per notebook land in ``notebooks/cassettes/``:

- ``NN-name.zyntro.json``: the cassette (credentials replaced by placeholders);
- ``NN-name.outputs.json``: the recording run's outputs (images left out) with a
  hash of every code cell, which ``tests/test_notebook_replay.py`` compares the
  replayed run against, nbval-style, and which tells it when a notebook changed
  after its cassette was recorded.

The saved notebooks themselves are not touched (``rebuild.py`` makes those,
from the in-process sandbox); each runs as a copy in a scratch folder, so files a
notebook leaves behind (bulk journals) cannot change the next run. The script refuses to write anything that holds a
piece of the canary credentials. The port is fixed (default 8765) because the
cassette keeps the base URL it was recorded for.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASSETTES = HERE / "cassettes"
DEFAULT_PORT = 8765
# What nbval never compares; left out of the stored outputs.
SKIPPED_DATA = ("image/png", "image/jpeg", "image/svg+xml", "application/vnd.jupyter.widget-view+json")

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import rebuild  # noqa: E402  (notebooks/rebuild.py, beside this file)
from tests.notebook_support import CANARY_API_KEY, CANARY_SECRET, canary_account_env, windows  # noqa: E402


def cassette_path(notebook: Path) -> Path:
    return CASSETTES / f"{notebook.stem}.zyntro.json"


def outputs_path(notebook: Path) -> Path:
    return CASSETTES / f"{notebook.stem}.outputs.json"


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


def record(notebook: Path, port: int) -> tuple[int, int]:
    """Run one notebook against a fresh served sandbox, recording; returns (exchanges, code cells)."""
    from zyntro_nb._cassette import read_cassette
    from zyntro_nb.sandbox import Sandbox

    cassette = cassette_path(notebook)
    with Sandbox() as box:
        ids = box.add_account(api_key=CANARY_API_KEY, developer_secret=CANARY_SECRET)
        server = box.serve(port=port)
        env = {**canary_account_env(ids, server.url), "ZYNTRO_RECORD": str(cassette)}
        nb = execute_isolated(notebook, env)
    cells = [{"cell": index, "source": cell_hash(cell.source), "outputs": kept_outputs(cell.outputs)}
             for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    document = json.dumps({"notebook": notebook.name, "recorded_by": "notebooks/record_cassettes.py",
                           "cells": cells}, indent=1, ensure_ascii=False) + "\n"
    pieces = windows(CANARY_API_KEY) | windows(CANARY_SECRET)
    for name, text in ((cassette.name, cassette.read_text(encoding="utf-8")), (outputs_path(notebook).name, document)):
        leaked = sorted(piece for piece in pieces if piece in text)
        if leaked:
            cassette.unlink()
            raise SystemExit(f"refusing to keep {name}: it holds pieces of the canary credentials {leaked[:3]}")
    outputs_path(notebook).write_text(document, encoding="utf-8")
    return len(read_cassette(cassette).exchanges), len(cells)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Record a cassette per notebook (sandbox on 127.0.0.1, canary "
                                     "credentials).")
    parser.add_argument("notebooks", nargs="*", help="notebook file names (default: all NN-*.ipynb)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"sandbox port (default {DEFAULT_PORT})")
    args = parser.parse_args(argv)
    if (HERE / ".env").exists():
        print(f"refusing to record: {HERE / '.env'} would point the notebooks at a real account", file=sys.stderr)
        return 1
    CASSETTES.mkdir(exist_ok=True)
    paths = [HERE / name for name in args.notebooks] if args.notebooks else rebuild.notebook_paths()
    for path in paths:
        started = time.perf_counter()
        try:
            exchanges, cells = record(path, args.port)
        except OSError as exc:
            print(f"{path.name}: could not serve the sandbox on port {args.port} ({exc}); try --port", file=sys.stderr)
            return 1
        print(f"{path.name}: {exchanges} exchanges, {cells} code cells, {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
