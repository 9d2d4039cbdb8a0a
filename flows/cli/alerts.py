"""The `chipwatch alerts` command: raise alerts from new sanction events and deliver the pending ones."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from flows.cli.options import add_warehouse

if TYPE_CHECKING:
    from flows.alerting.config import AlertConfig


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `alerts` subcommand to the `chipwatch` parser."""
    parser = commands.add_parser(
        "alerts",
        help="raise alerts on new sanction events and deliver them",
        description="Turn sanction events not seen before into alerts (one per distinct measure, however many "
        "articles report it) and deliver every pending alert through the channels of the alerts file. "
        "Alerts whose first report was published more than `fresh_days` (default 7) before the run that "
        "raised them are recorded but held back; --backlog lists them. Exit code 1 when a delivery failed "
        "or its outcome is unknown; failed ones are retried on the next run.",
    )
    add_warehouse(parser)
    parser.add_argument("--alerts", required=True, metavar="FILE",
                        help="the alerts file (channels, watch list, fresh_days)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="show what would be sent; send and record nothing")
    mode.add_argument("--backlog", action="store_true",
                      help="list the alerts held back as too old when raised (read-only; send and record nothing)")
    parser.add_argument(
        "--resend-unknown",
        action="store_true",
        help="resend alerts whose last delivery was interrupted mid-send (check the channel first)",
    )
    parser.set_defaults(handler=run_alerts)


def run_alerts(args: argparse.Namespace) -> int:
    """Handler of `chipwatch alerts`."""
    from flows.alerting.config import load_alert_config
    from flows.alerting.delivery import deliver_alerts
    from flows.alerting.rules import raise_alerts
    from warehouse.db import open_warehouse
    from warehouse.measures import link_events
    from warehouse.search_index import search_path

    config = load_alert_config(args.alerts)
    index = search_path(args.db)
    if args.backlog:
        return _print_backlog(args, config)
    con = open_warehouse(args.db, lock_timeout=args.lock_timeout)
    try:
        if args.dry_run:
            con.execute("BEGIN TRANSACTION")
            try:
                raised = link_events(con)
                delivered = deliver_alerts(con, config, resend_unknown=args.resend_unknown, dry_run=True,
                                           search_index=index)
            finally:
                con.execute("ROLLBACK")
        else:
            raised = raise_alerts(con)
            delivered = deliver_alerts(con, config, resend_unknown=args.resend_unknown, search_index=index)
    finally:
        con.close()
    for alert_id, channel in delivered.get("would_send", []):
        print(f"would send alert {alert_id} to {channel}", file=sys.stderr)
    for target in delivered["unmatched_watch"]:
        print(f"chipwatch alerts: warning: watch target {target!r} names no chip, firm or authority", file=sys.stderr)
    for line in delivered["errors"]:
        print(f"chipwatch alerts: {line}", file=sys.stderr)
    print(
        f"alerts: {raised['created']} new, {raised['updated']} updated from {raised['events']} events; "
        f"deliveries: {delivered['sent']} sent, {delivered['failed']} failed, {delivered['unknown']} unknown, "
        f"{delivered['filtered']} alerts filtered out, {delivered['held_back']} held back as too old "
        f"(see --backlog); {delivered['searched']} article(s) matching saved searches",
        file=sys.stderr,
    )
    return 1 if delivered["failed"] or delivered["unknown"] else 0


def _print_backlog(args: argparse.Namespace, config: AlertConfig) -> int:
    """Print the held-back alerts as a table on stdout, and how to send them on stderr."""
    from flows.alerting.backlog import BACKLOG_COLUMNS, held_back_alerts
    from flows.cli.warehouse import write_result
    from warehouse.db import open_warehouse

    with open_warehouse(args.db, read_only=True, lock_timeout=args.lock_timeout) as con:
        rows = held_back_alerts(con, config)
    write_result(BACKLOG_COLUMNS, rows, "table", sys.stdout)
    if config.fresh_days is None:
        print("chipwatch alerts: fresh_days is 'all': no alert is held back", file=sys.stderr)
    elif rows:
        print(f"chipwatch alerts: {len(rows)} alerts were first reported more than {config.fresh_days:g} days "
              f"before they were raised; raise fresh_days in {config.path} (or set it to 'all') to send them",
              file=sys.stderr)
    return 0
