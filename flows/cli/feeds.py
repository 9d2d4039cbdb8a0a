"""The `chipwatch feeds` command: write the Atom feeds of alerts, new measures and watched entities."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.cli.options import add_warehouse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `feeds` subcommand to the `chipwatch` parser."""
    parser = commands.add_parser(
        "feeds",
        help="write Atom feeds of alerts, new sanction measures and watched entities",
        description="Write alerts.atom (what watchers receive), measures.atom (every measure that is not "
        "background) and entity-<id>.atom for each watch-list target of the alerts file and each --entity, "
        "newest first. The pipeline writes them after each run into DB.feeds; any feed reader follows them.",
    )
    add_warehouse(parser)
    parser.add_argument("--alerts", type=Path, metavar="FILE",
                        help="the alerts file whose watch list and fresh_days the alert feeds follow")
    parser.add_argument("--entity", action="append", default=[], metavar="NAME",
                        help="also write the feed of this firm, chip or authority (KB name or id; repeatable)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="folder of the feeds (default: DB.feeds)")
    parser.set_defaults(handler=run_feeds)


def run_feeds(args: argparse.Namespace) -> int:
    """Handler of `chipwatch feeds`: print the path of each feed written."""
    from core.errors import UserError
    from flows.alerting.config import load_alert_config
    from flows.feeds import feeds_path, named_entities, write_feeds
    from warehouse.db import open_warehouse

    config = load_alert_config(args.alerts) if args.alerts else None
    folder = args.out or feeds_path(args.db)
    with open_warehouse(args.db, read_only=True, lock_timeout=args.lock_timeout) as con:
        unknown = [name for name in args.entity if not named_entities(con, {name.casefold()})]
        try:
            written = write_feeds(con, folder, config, args.entity)
        except OSError as error:
            raise UserError(f"cannot write the feeds into {folder}: {error.strerror or error}") from None
    for name in unknown:
        print(f"chipwatch feeds: warning: --entity {name!r} names no chip, firm or authority", file=sys.stderr)
    for path in written:
        print(path)
    return 0
