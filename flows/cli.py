"""The `chipwatch` command: one argparse tree, each package registers its own subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from flows.errors import StageFailed, UserError, environment_failure


def build_parser() -> argparse.ArgumentParser:
    """The full command tree; each package's `cli.register` adds its subcommands."""
    from crawler import cli as crawler_cli
    from flows import commands as pipeline_cli
    from flows import doctor
    from flows.alerting import cli as alerting_cli
    from flows.digest import cli as digest_cli
    from nlp import cli as nlp_cli
    from warehouse import cli as warehouse_cli

    parser = argparse.ArgumentParser(
        prog="chipwatch",
        description="Watch French, English and Chinese press for AI-chip geopolitics: "
        "crawl sources, extract chips, firms, authorities and sanction events, load them into DuckDB.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    pipeline_cli.register(commands)
    crawler_cli.register(commands)
    nlp_cli.register(commands)
    warehouse_cli.register(commands)
    alerting_cli.register(commands)
    digest_cli.register(commands)
    doctor.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = build_parser().parse_args(argv)
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
    except Exception as error:
        reason = environment_failure(error)
        if reason is None:
            raise  # a bug: the traceback is for us
        print(f"chipwatch {args.command}: error: {reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
