"""The `chipwatch digest` command: the weekly editors' digest as Markdown or e-mail-safe HTML."""

from __future__ import annotations

import argparse
import sys

from flows.cli.options import add_warehouse
from flows.files import check_writable, write_text_atomically


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `digest` subcommand to the `chipwatch` parser."""
    parser = commands.add_parser(
        "digest",
        help="write the weekly digest for editors (Markdown or HTML)",
        description="Summarise one ISO week of the warehouse: new sanction measures with their sources in every "
        "language, top stories grouped across outlets and languages, chips and firms trending against the four "
        "weeks before, and article counts per language and source. HTML output is e-mail-safe and embeds a chart.",
    )
    add_warehouse(parser)
    parser.add_argument("--week", metavar="YYYY-Www", help="ISO week, e.g. 2025-W16 (default: last complete week)")
    parser.add_argument("--format", choices=("md", "html"), default="md", help="output format (default md)")
    parser.add_argument("--ui-lang", default="en", metavar="LANG",
                        help="language of the section labels: en or fr (default en); titles stay as published")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    parser.set_defaults(handler=run_digest)


def run_digest(args: argparse.Namespace) -> int:
    """Handler of `chipwatch digest`."""
    from flows.digest.data import build_digest
    from flows.digest.html import render_html
    from flows.digest.labels import labels
    from flows.digest.markdown import render_markdown
    from flows.digest.week import parse_week
    from warehouse.db import open_warehouse

    week = parse_week(args.week) if args.week else None
    labels(args.ui_lang)  # an unknown language fails before any work
    if args.output:
        check_writable(args.output)
    con = open_warehouse(args.db, read_only=True, lock_timeout=args.lock_timeout)
    try:
        digest = build_digest(con, week)
    finally:
        con.close()
    text = (render_html if args.format == "html" else render_markdown)(digest, args.ui_lang)
    if args.output:
        target = write_text_atomically(args.output, text)
        print(f"wrote {target} ({digest.week.label})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
