"""Subcommands of the crawler package: `crawl` (configured sources or the demo press) and `article`."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    """Add the crawler subcommands to the `chipwatch` parser."""
    from crawler import article_command

    crawl = commands.add_parser(
        "crawl", help="crawl the configured sources once into a JSONL article file",
        description="Crawl every source of a sources YAML file (or the bundled demo press) once: feeds, "
        "sitemaps, section pages. Appends one JSON line per fetched page to OUT; URLs already stored there are "
        "skipped unless --refetch.")
    origin = crawl.add_mutually_exclusive_group(required=True)
    origin.add_argument("--sources", type=Path, help="sources YAML file (see sources.example.yaml)")
    origin.add_argument("--demo", action="store_true", help="crawl the bundled demo press served on 127.0.0.1")
    crawl.add_argument("--out", required=True, type=Path, help="JSONL article file (created or appended to)")
    crawl.add_argument("--refetch", action="store_true", help="fetch again URLs that are already stored")
    crawl.add_argument("--verbose", action="store_true", help="show Scrapy's own log (INFO level)")
    crawl.add_argument("--quiet", action="store_true", help="no per-page progress lines")
    crawl.set_defaults(handler=run_crawl_command)

    article_command.register(commands)


def run_crawl_command(args: argparse.Namespace) -> int:
    from crawler.demo import serve_demo_sources
    from crawler.run import run_crawl
    from crawler.sources import load_sources

    origin = serve_demo_sources(args.out) if args.demo else nullcontext(args.sources)
    with origin as sources_file:
        summary = run_crawl(load_sources(sources_file), args.out, refetch=args.refetch, verbose=args.verbose,
                            progress=not args.quiet)
    print(summary.render())
    if summary.store_error:
        print(f"chipwatch crawl: error: {summary.store_error}", file=sys.stderr)
        return 1
    print(f"records appended to {args.out}")
    return 0
