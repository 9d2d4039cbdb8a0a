"""The `chipwatch` command: the one argparse tree of the project, a module of this package per group of subcommands.

Each `register` adds its subcommands with a handler; handlers call the packages' functions and turn
`UserError` into one line with exit code 2.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Sequence

from core.errors import StageFailed, UserError, environment_failure


def build_parser() -> argparse.ArgumentParser:
    """The full command tree."""
    from flows.cli import alerts, crawl, digest, doctor, extract, feeds, pipeline, search, warehouse

    parser = argparse.ArgumentParser(
        prog="chipwatch",
        description="Watch French, English and Chinese press for AI-chip geopolitics: "
        "crawl sources, extract chips, firms, authorities and sanction events, load them into DuckDB.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in (pipeline, crawl, extract, warehouse, search, alerts, feeds, digest, doctor):
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    try:
        return int(args.handler(args) or 0)
    except UserError as error:
        print(f"chipwatch {args.command}: error: {error}", file=sys.stderr)
        return 2
    except StageFailed as error:
        print(f"chipwatch {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("chipwatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of the output went away (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the final flush does not fail too
        return 141
    except Exception as error:
        reason = environment_failure(error)
        if reason is None:
            raise  # a bug: the traceback is for us
        print(f"chipwatch {args.command}: error: {reason}", file=sys.stderr)
        return 1


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM: ask running crawl processes to stop politely (they store what they fetched), then unwind, so
    that Prefect's temporary server and the demo press are stopped on the way out."""
    for child in multiprocessing.active_children():
        child.terminate()
    print("chipwatch: stopping (terminated); what was fetched is kept for the next run", file=sys.stderr)
    raise SystemExit(128 + signum)
