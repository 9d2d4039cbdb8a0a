"""`chipwatch crawl` (configured sources or the demo press), `chipwatch article` (saved pages) and
`chipwatch press` (the demo press served alone)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from contextlib import nullcontext
from pathlib import Path

from core.errors import UserError
from core.vocab import LANGS
from flows.cli.options import positive


def register(commands: argparse._SubParsersAction) -> None:
    """Add the crawler subcommands to the `chipwatch` parser."""
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

    article = commands.add_parser(
        "article", help="extract the article from a saved page (.html or .html.gz)",
        description="Print the article record (title, text, author, date, language, encoding, canonical link) "
        "of one saved page as JSON, or with --jsonl read {id, path, url} lines on stdin and write one "
        "record per line.")
    article.add_argument("file", nargs="?", type=Path, help="saved page, raw bytes as served (.html or .html.gz)")
    article.add_argument("--url", help="the page's URL (resolves the canonical link)")
    article.add_argument("--lang", choices=LANGS, help="the source's declared language")
    article.add_argument("--jsonl", action="store_true", help='read {"id", "path", "url"} lines on stdin')
    article.add_argument("--workers", type=positive, default=min(4, os.cpu_count() or 1),
                         help="processes for --jsonl (default: CPU count, at most 4)")
    article.set_defaults(handler=run_article_command)

    press = commands.add_parser(
        "press", help="serve the bundled demo press on 127.0.0.1 until Ctrl-C",
        description="Serve the bundled offline demo press (fictional French, English and Chinese outlets) "
        "on 127.0.0.1, one free port per outlet, until Ctrl-C. Prints each outlet's homepage, feeds, "
        "sitemaps and section pages so you can browse or curl them.")
    press.set_defaults(handler=run_press_command)


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


def run_press_command(args: argparse.Namespace) -> int:
    """Start the press, print each outlet's URLs, wait for Ctrl-C."""
    from crawler.demo import DemoPress

    with DemoPress() as press:
        for source in press.sources:
            entry = source["feeds"] + source["sitemaps"] + source["start_urls"]
            print(f"{source['name']:<24} {source['lang']}  {source['homepage']}  {' '.join(entry)}")
        print(f"{len(press.expected)} articles in {len(press.sources)} outlets; Ctrl-C to stop.", flush=True)
        threading.Event().wait()
    return 0


def run_article_command(args: argparse.Namespace) -> int:
    """One file to a JSON record, or the JSON-lines stream."""
    from crawler.saved_pages import extract_lines, read_page

    if args.jsonl:
        if args.file is not None:
            raise UserError("give either FILE or --jsonl, not both")
        for row in extract_lines(sys.stdin, args.workers, args.lang):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return 0
    if args.file is None:
        raise UserError("give a FILE to read, or --jsonl to read JSON lines on stdin")
    from crawler.article import extract_article

    article = extract_article(read_page(args.file), args.url, declared_lang=args.lang)
    print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    return 0
