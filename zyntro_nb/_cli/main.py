"""The ``zyntro-nb`` command: the demo, the sandbox server, and the catalog from a terminal.

Example::

    $ zyntro-nb demo                 # a tour against the in-process sandbox, as terminal tables
    $ zyntro-nb sandbox --port 8765  # the sandbox as a real HTTP server on 127.0.0.1
    $ zyntro-nb endpoints crm        # the catalogued endpoints of a module
    $ zyntro-nb help crm fetchContact
    $ zyntro-nb scan notebooks/      # credentials in notebooks and text files? (exit 1 if any)
    $ zyntro-nb journal notes.journal --repair   # a bulk journal: rows by state, damage, lock holder
    $ zyntro-nb login --profile acme # a named profile: secrets in the OS keyring (also profiles, logout)
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from .._errors import ZyntroError


def _cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(out=sys.stdout)


def _cmd_sandbox(args: argparse.Namespace) -> int:
    from ..sandbox import serve_forever

    serve_forever(host=args.host, port=args.port, db=args.db, faults=args.fault, seed=args.fault_seed,
                  rate_limit=args.rate_limit)
    return 0


def _rate_limit(text: str) -> str:
    """``--rate-limit 100/s``, checked before anything starts."""
    from ..sandbox import RateLimitSpecError, parse_rate

    try:
        parse_rate(text)
    except RateLimitSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _cmd_journal(args: argparse.Namespace) -> int:
    from .journal import journal_report

    return journal_report(args.file, args.repair, sys.stdout, sys.stderr)


def _fault_spec(text: str) -> dict[str, Any]:
    """``--fault KIND[:MODULE/ACTION][,key=value...]``, checked completely before anything starts."""
    import warnings

    from ..sandbox import FaultPlan, FaultSpecError, parse_fault_spec

    try:
        rule = parse_fault_spec(text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            FaultPlan().add_rule(rule)  # values too: a bad one stops the command here
    except FaultSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return rule


def _cmd_endpoints(args: argparse.Namespace) -> int:
    from .._catalog.catalog import default_catalog
    from .._frames.display import render_text

    catalog = default_catalog()
    frame = catalog.to_frame(args.module)
    if args.search:
        keys = {e.key for e in catalog.find(args.search)}
        frame = frame[(frame["module"] + "/" + frame["action"]).isin(keys)]
    print(render_text(frame.reset_index(drop=True), max_rows=len(frame) or 1, title="Zyntro endpoints"))
    return 0


def _cmd_help(args: argparse.Namespace) -> int:
    from .._catalog.catalog import default_catalog
    from .._session.namespace import describe

    catalog = default_catalog()
    endpoint = catalog.get(args.module, args.action)
    if endpoint is None:
        close = catalog.suggest_actions(args.module, args.action)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        print(f"Unknown endpoint {args.module}/{args.action}.{hint}", file=sys.stderr)
        return 2
    print(describe(endpoint))
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .scan import scan

    paths = args.paths or ["."]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"zyntro-nb scan: no such file or directory: {missing[0]}", file=sys.stderr)
        return 2
    if args.max_size <= 0:
        print("zyntro-nb scan: --max-size must be a positive number of megabytes", file=sys.stderr)
        return 2
    report = scan(paths, max_bytes=int(args.max_size * 1024 * 1024))
    for line in report.lines():
        print(line)
    return report.exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zyntro-nb", description="The Zyntro API from notebooks and terminals.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="tour the toolkit against the in-process sandbox").set_defaults(run=_cmd_demo)
    sandbox = commands.add_parser(
        "sandbox", help="serve the sandbox over HTTP on 127.0.0.1",
        description="Serve the sandbox over HTTP until Ctrl-C, SIGTERM or SIGHUP; each closes open connections, "
        "releases the port, prints 'sandbox stopped' and exits 0.")
    sandbox.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    sandbox.add_argument("--db", default=None, help="SQLite file to keep state across runs (default: in memory)")
    sandbox.add_argument(
        "--fault", action="append", default=[], type=_fault_spec, metavar="KIND[:MODULE/ACTION][,key=value...]",
        help="arm a fault (repeatable), e.g. server_error:edge/getEnrollments,times=2,status=503 or "
        "latency,seconds=2,rate=0.1; kinds: latency, rate_limit, server_error, drop, not_json, truncated; "
        "keys: rate, times, after_apply, seconds, retry_after, status. Change them later with "
        "POST/DELETE /__sandbox/faults")
    sandbox.add_argument("--fault-seed", type=int, default=0, metavar="N",
                         help="seed for faults with a rate (default 0: the same run replays the same way)")
    sandbox.add_argument("--rate-limit", type=_rate_limit, default=None, metavar="N/s",
                         help="answer 429 with Retry-After beyond N requests a second per API key (a token bucket "
                         "holding one second's worth), e.g. 100/s or 6000/min")
    sandbox.set_defaults(run=_cmd_sandbox)
    endpoints = commands.add_parser("endpoints", help="list catalogued endpoints")
    endpoints.add_argument("module", nargs="?", help="only this module")
    endpoints.add_argument("--search", "-s", default="", help="words that must all match")
    endpoints.set_defaults(run=_cmd_endpoints)
    helper = commands.add_parser("help", help="describe one endpoint")
    helper.add_argument("module")
    helper.add_argument("action")
    helper.set_defaults(run=_cmd_help)
    scanner = commands.add_parser(
        "scan", help="find Zyntro credentials in notebooks and text files (exit 1 if any)",
        description="Scan notebooks (sources, outputs, metadata, widget state) and text files for the configured "
        "ZYNTRO_* secrets and anything shaped like a developer secret or API key. Known public values: the "
        "published examples, values in a .zyntro-scan-allow file, lines marked 'zyntro-scan: allow'. "
        "Exit status: 0 clean, 1 found (or unreadable), 2 usage error.")
    scanner.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    scanner.add_argument("--max-size", type=float, default=20.0, metavar="MB",
                         help="notebooks above this size are scanned as plain text (default 20)")
    scanner.set_defaults(run=_cmd_scan)
    journal = commands.add_parser(
        "journal", help="a bulk journal: rows by state, damaged lines, last run, lock holder",
        description="Report on a bulk journal: its endpoint and key, rows by state, the last run's time, who holds "
        "its lock, damaged lines. --repair rewrites a damaged journal atomically without sending anything (rows "
        "whose records were damaged become unknown: a re-run checks them before sending any again). "
        "Exit status: 0 clean (or repaired), 1 damaged, 2 usage error.")
    journal.add_argument("file", metavar="FILE", help="the journal file (relative: under ZYNTRO_JOURNAL_DIR if set)")
    journal.add_argument("--repair", action="store_true", help="repair a damaged journal (sends nothing)")
    journal.set_defaults(run=_cmd_journal)
    from .profiles import add_profile_commands

    add_profile_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``zyntro-nb`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for n, word in enumerate(argv[:-1]):
        if word == "--rate-limit" and argv[n + 1].startswith("-"):  # "-5/s" is a bad value, not an option
            argv[n:n + 2] = [f"--rate-limit={argv[n + 1]}"]
            break
    args = build_parser().parse_args(argv)
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # output still buffered meets a closed pipe here, where it is handled, not at exit
        return code
    except ZyntroError as error:
        print(error.summary(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`zyntro-nb endpoints | head`): stop quietly, as other commands do, and keep
        # Python from reporting the same broken pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, the shell's code for a command whose output was cut


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
