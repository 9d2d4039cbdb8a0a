"""The `chipwatch digest` command: the weekly editors' digest as Markdown or e-mail-safe HTML, its curation
(pin, exclude, annotate items) and its sending (a proof to one channel first)."""

from __future__ import annotations

import argparse
import sys

from flows.cli.lines import one_line
from flows.cli.options import add_warehouse
from flows.files import check_writable, write_text_atomically


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `digest` subcommand to the `chipwatch` parser."""
    parser = commands.add_parser(
        "digest",
        help="write, curate and send the weekly digest for editors (Markdown or HTML)",
        description="Summarise one ISO week of the warehouse: new sanction measures with their sources in every "
        "language, top stories grouped across outlets and languages, chips and firms trending against the four "
        "weeks before, and article counts per language and source. HTML output is e-mail-safe and embeds a chart. "
        "Editors pin, exclude and annotate the week's items (keys from --review); the choices are stored in the "
        "warehouse and shape every later rendering and sending of that week.",
    )
    add_warehouse(parser)
    parser.add_argument("--week", metavar="YYYY-Www", help="ISO week, e.g. 2025-W16 (default: last complete week)")
    parser.add_argument("--format", choices=("md", "html"), default="md", help="output format (default md)")
    parser.add_argument("--ui-lang", default="en", metavar="LANG",
                        help="language of the section labels: en or fr (default en); titles stay as published")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    curation = parser.add_mutually_exclusive_group()
    curation.add_argument("--review", action="store_true", help="list the week's items, their keys and choices")
    curation.add_argument("--pin", metavar="ITEM", help="show ITEM first in its section")
    curation.add_argument("--unpin", metavar="ITEM", help="undo --pin")
    curation.add_argument("--exclude", metavar="ITEM", help="leave ITEM out of the digest")
    curation.add_argument("--include", metavar="ITEM", help="undo --exclude")
    curation.add_argument("--note", nargs=2, metavar=("ITEM", "TEXT"), help="show TEXT under ITEM ('' removes it)")
    curation.add_argument("--send", action="store_true", help="send the digest through every channel of --alerts")
    curation.add_argument("--proof", metavar="CHANNEL", help="send the digest only to this channel of --alerts")
    parser.add_argument("--alerts", metavar="FILE", help="the alerts file whose channels --send and --proof use")
    parser.set_defaults(handler=run_digest)


def run_digest(args: argparse.Namespace) -> int:
    """Handler of `chipwatch digest`."""
    from core.errors import UserError
    from flows.digest.labels import labels
    from flows.digest.week import parse_week

    week = parse_week(args.week) if args.week else None
    labels(args.ui_lang)  # an unknown language fails before any work
    if (args.send or args.proof) and not args.alerts:
        raise UserError("--send and --proof need --alerts FILE (its channels)")
    if args.output:
        check_writable(args.output)
    choice = _choice(args)
    if choice is not None:
        return _curate(args, week, *choice)
    if args.review:
        _print_review(args, week)
        return 0
    digest = _digest(args, week)
    if args.send or args.proof:
        return _send(args, digest)
    from flows.digest.html import render_html
    from flows.digest.markdown import render_markdown

    text = (render_html if args.format == "html" else render_markdown)(digest, args.ui_lang)
    if args.output:
        target = write_text_atomically(args.output, text)
        print(f"wrote {target} ({digest.week.label})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _choice(args: argparse.Namespace) -> tuple[str, dict] | None:
    """The item and the change a curation option asks for, or None."""
    for option, change in (("pin", {"pinned": True}), ("unpin", {"pinned": False}),
                           ("exclude", {"excluded": True}), ("include", {"excluded": False})):
        if getattr(args, option):
            return getattr(args, option), change
    if args.note:
        return args.note[0], {"note": args.note[1]}
    return None


def _digest(args: argparse.Namespace, week: object) -> object:
    from flows.digest.data import build_digest
    from warehouse.db import open_warehouse

    with open_warehouse(args.db, read_only=True, lock_timeout=args.lock_timeout) as con:
        return build_digest(con, week)


def _curate(args: argparse.Namespace, week: object, item: str, change: dict) -> int:
    from flows.digest.curation import curate
    from flows.digest.data import build_digest
    from warehouse.db import open_warehouse

    with open_warehouse(args.db, lock_timeout=args.lock_timeout) as con:
        digest = build_digest(con, week, curated=False)
        choice = curate(con, digest, item, **change)
    state = ", ".join(part for part in ("pinned" if choice.pinned else "", "excluded" if choice.excluded else "",
                                        f"note: {choice.note}" if choice.note else "") if part) or "as found"
    print(f"{digest.week.label} {item}: {state}", file=sys.stderr)
    return 0


def _print_review(args: argparse.Namespace, week: object) -> None:
    """Every item of the week as found, with its key and the editors' choices, then how to change them."""
    from flows.digest.curation import read_choices
    from flows.digest.data import build_digest
    from flows.digest.labels import labels
    from flows.digest.text import event_summary
    from warehouse.db import open_warehouse

    with open_warehouse(args.db, read_only=True, lock_timeout=args.lock_timeout) as con:
        digest = build_digest(con, week, curated=False)
        choices = read_choices(con, digest.week.label)
    words = labels(args.ui_lang)
    print(f"{digest.week.label}: {len(digest.events)} new measure(s), {len(digest.stories)} story(ies)")
    rows = [(event.key, " · ".join(event_summary(event, words))) for event in digest.events]
    rows += [(story.key, f"{story.headline(args.ui_lang)} ({len(story.articles)} article(s))")
             for story in digest.stories]
    for key, text in rows:
        choice = choices.get(key)
        marks = [mark for mark, on in (("pinned", choice and choice.pinned), ("excluded", choice and choice.excluded))
                 if on]
        note = f" | note: {one_line(choice.note)}" if choice and choice.note else ""
        print(f"{key}  {'[' + ', '.join(marks) + '] ' if marks else ''}{one_line(text)}{note}")
    print("change with --pin/--unpin/--exclude/--include ITEM or --note ITEM TEXT", file=sys.stderr)


def _send(args: argparse.Namespace, digest: object) -> int:
    from flows.alerting.config import load_alert_config
    from flows.digest.html import render_html
    from flows.digest.markdown import render_markdown
    from flows.digest.send import send_digest

    config = load_alert_config(args.alerts)
    if digest.empty:
        print(f"chipwatch digest: {digest.week.label} has nothing new: not sent", file=sys.stderr)
        return 0
    counts = send_digest(config, digest.week.label, render_markdown(digest, args.ui_lang),
                         render_html(digest, args.ui_lang), args.ui_lang, only=args.proof)
    for line in counts["errors"]:
        print(f"chipwatch digest: {line}", file=sys.stderr)
    kind = f"proof to {args.proof}" if args.proof else "digest"
    print(f"chipwatch digest: {kind} of {digest.week.label}: {counts['sent']} sent, {counts['failed']} failed",
          file=sys.stderr)
    return 1 if counts["failed"] else 0

