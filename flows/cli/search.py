"""The `chipwatch search` command: full-text search over the archive, and the rebuild of its index."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.vocab import MEASURES
from flows.cli.lines import one_line
from flows.cli.options import add_warehouse, positive

_SNIPPET_WIDTH = 160


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `search` subcommand to the `chipwatch` parser."""
    parser = commands.add_parser(
        "search",
        help="full-text search over the archive, in all three languages",
        description="Search the titles and texts of every stored article. QUERY uses tantivy's syntax: words "
        "(articles holding more of them rank first), +word (required), -word, AND, OR, parentheses, "
        '"a phrase", title:word. Chinese needs no spaces and finds Traditional and Simplified alike. '
        "The index lives beside the warehouse (DB.search); each pipeline run keeps it up to date.",
        epilog='example: chipwatch search --db chipwatch.duckdb --lang fr --since 2025-01-01 "licence +H20"',
    )
    add_warehouse(parser)
    parser.add_argument("query", nargs="?", help="what to look for (omit with --rebuild)")
    parser.add_argument("--lang", choices=("en", "fr", "zh"), help="only articles in this language")
    parser.add_argument("--source", metavar="NAME", help="only articles of this source (its name in the sources file)")
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="only articles reported on or after this day")
    parser.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="only articles reported on or before this day")
    parser.add_argument("--entity", metavar="NAME", help="only articles naming this firm, chip or authority (KB name "
                        "or id)")
    parser.add_argument("--measure", choices=MEASURES, help="only articles reporting a sanction event of this kind")
    parser.add_argument("--limit", type=positive, default=10, metavar="N", help="results to show (default 10)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--rebuild", action="store_true", help="build the index again from the whole warehouse")
    parser.set_defaults(handler=run_search)


def run_search(args: argparse.Namespace) -> int:
    """Handler of `chipwatch search`."""
    from core.errors import UserError
    from warehouse.search_index import search_path
    from warehouse.search_query import Filters, search

    folder = search_path(args.db)
    if args.rebuild:
        _rebuild(args, folder)
        if not args.query:
            return 0
    if not args.query:
        raise UserError("give a QUERY to search for, or --rebuild")
    if args.since and args.until and args.since > args.until:
        raise UserError(f"--since {args.since} is after --until {args.until}")
    filters = Filters(args.lang, args.source, args.since, args.until, args.entity, args.measure)
    hits = search(folder, args.query, filters, args.limit)
    if args.format == "json":
        json.dump([{**vars(hit), "published": hit.published.isoformat()} for hit in hits], sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for rank, hit in enumerate(hits, 1):
        print(f"{rank}. {hit.published} [{hit.lang}] {hit.source}: {one_line(hit.title)}")
        print(f"   {hit.url}")
        if hit.entities:
            print(f"   entities: {one_line(', '.join(hit.entities))}")
        print(f"   {one_line(hit.snippet)[:_SNIPPET_WIDTH]}")
    print(f"({len(hits)} result{'' if len(hits) == 1 else 's'})")
    return 0


def _rebuild(args: argparse.Namespace, folder: Path) -> None:
    from warehouse.db import open_warehouse
    from warehouse.search_index import update_index

    with open_warehouse(args.db, read_only=True, lock_timeout=args.lock_timeout) as con:
        done = update_index(con, folder, rebuild=True)
    print(f"chipwatch search: index rebuilt in {folder}: {done.indexed} article(s)", file=sys.stderr)


def _day(value: str) -> object:
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {value!r}") from None
