"""The `chipwatch alerts` command: raise alerts from new sanction events and deliver the pending ones."""

from __future__ import annotations

import argparse
import sys

from flows.cli.options import add_warehouse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `alerts` subcommand to the `chipwatch` parser."""
    parser = commands.add_parser(
        "alerts",
        help="raise alerts on new sanction events and deliver them",
        description="Turn sanction events not seen before into alerts (one per distinct measure, however many "
        "articles report it) and deliver every pending alert through the channels of the alerts file. "
        "Exit code 1 when a delivery failed or its outcome is unknown; failed ones are retried on the next run.",
    )
    add_warehouse(parser)
    parser.add_argument("--alerts", required=True, metavar="FILE", help="the alerts file (channels, watch list)")
    parser.add_argument("--dry-run", action="store_true", help="show what would be sent; send and record nothing")
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

    config = load_alert_config(args.alerts)
    con = open_warehouse(args.db, lock_timeout=args.lock_timeout)
    try:
        if args.dry_run:
            con.execute("BEGIN TRANSACTION")
            try:
                raised = link_events(con)
                delivered = deliver_alerts(con, config, resend_unknown=args.resend_unknown, dry_run=True)
            finally:
                con.execute("ROLLBACK")
        else:
            raised = raise_alerts(con)
            delivered = deliver_alerts(con, config, resend_unknown=args.resend_unknown)
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
        f"{delivered['filtered']} alerts filtered out, {delivered['stale']} too old",
        file=sys.stderr,
    )
    return 1 if delivered["failed"] or delivered["unknown"] else 0
